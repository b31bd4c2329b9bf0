//! The `ionosh` commands as a user runs them, by exit code, stdout and stderr: `check` (syntax
//! errors and every static problem at once), `run` (a bundled script, state kept between runs,
//! script arguments, a failing script's report of what it created, `--trace`, a corrupt state
//! file, no credentials, output into a closed pipe), and `functions` listing every operation
//! with its doc.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn ionosh(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(args)
        .current_dir(dir)
        .env_remove("IONOS_TOKEN")
        .env_remove("IONOS_USERNAME")
        .env_remove("IONOS_PASSWORD")
        .env_remove("IONOS_API_URL")
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .expect("ionosh runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &Path, name: &str, script: &str) -> String {
    std::fs::write(dir.join(name), script).expect("script written");
    name.to_string()
}

/// `run --sim` with the state in the test's directory and a short delay.
fn run_sim(dir: &Path, script: &str, extra: &[&str]) -> Output {
    let mut args = vec!["run", "--sim", "--sim-state", "state.json", "--sim-delay-ms", "20", script];
    args.extend_from_slice(extra);
    ionosh(&args, dir)
}

#[test]
fn check_reports_syntax_errors_with_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = write(dir.path(), "broken.rhai", "let dc = #{ name: \"x\" ;\nprint(dc);\n");
    let out = ionosh(&["check", &broken], dir.path());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(text(&out.stderr));
    let fine = write(dir.path(), "fine.rhai", "let x = 1 + 2;\n");
    let out = ionosh(&["check", &fine], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "fine.rhai: ok\n");
}

#[test]
fn the_create_datacenter_script_runs_and_state_persists_between_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    let create = scripts.join("create_datacenter.rhai");
    let out = run_sim(dir.path(), create.to_str().expect("path"), &["--", "name=persisted", "location=de/txl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("data center persisted ("), "{stdout}");
    assert!(stdout.contains(") in de/txl is AVAILABLE"), "{stdout}");

    let list = scripts.join("list_datacenters.rhai");
    let out = run_sim(dir.path(), list.to_str().expect("path"), &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("  persisted  de/txl  AVAILABLE"), "{stdout}");
}

#[test]
fn sim_runs_share_state_in_the_users_data_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let create = write(
        dir.path(),
        "create.rhai",
        "wait_for_completion(create_datacenter(#{ name: \"shared\", location: \"de/fra\" }));",
    );
    let count = write(dir.path(), "count.rhai", "print(list_datacenters().items.len());");
    for script in [&create, &create] {
        let out = ionosh(&["run", "--sim", "--sim-delay-ms", "10", script], dir.path());
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let out = ionosh(&["run", "--sim", &count], dir.path());
    assert_eq!(text(&out.stdout), "2\n");
    assert!(dir.path().join("data/ionosh/sim-state.db").is_file());
}

#[test]
fn args_reach_the_script_and_bad_pairs_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = write(dir.path(), "args.rhai", "print(ARGS.greeting + \" \" + ARGS.who);");
    let out = run_sim(dir.path(), &script, &["--", "greeting=hello", "who=ops"]);
    assert_eq!(text(&out.stdout), "hello ops\n");
    let out = run_sim(dir.path(), &script, &["--", "oops"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "ionosh: script argument 'oops' is not of the form key=value\n");
}

#[test]
fn a_failing_script_reports_its_error_and_what_it_created() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = write(
        dir.path(),
        "fails.rhai",
        "let r = create_datacenter(Datacenter(#{ name: \"left-behind\", location: \"de/fra\" }));\n\
         wait_for_completion(r);\n\
         let gone = create_datacenter(Datacenter(#{ name: \"cleaned\", location: \"de/fra\" }));\n\
         wait_for_completion(delete_datacenter(gone.id));\n\
         get_datacenter(\"does-not-exist\");\n",
    );
    let out = run_sim(dir.path(), &script, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "fails.rhai:5:1: 404 Not Found on GET /datacenters/does-not-exist: Resource does not exist (error code 309)"
    );
    assert_eq!(lines[1], "This run created 1 resource(s) that may still exist:");
    assert!(
        lines[2].starts_with("  datacenter ") && lines[2].contains("\"left-behind\"") && lines[2].ends_with(": DONE"),
        "{stderr}"
    );
    assert_eq!(lines.len(), 3, "{stderr}");

    // The report knows how the awaited requests ended (two creates and a delete were sent,
    // two of them awaited) and asks the API only about the one it was not told of.
    let out = run_sim(dir.path(), &script, &["--trace"]);
    let stderr = text(&out.stderr);
    let (_, after) = stderr.split_once("fails.rhai:5:1: ").expect("the error is reported");
    assert_eq!(after.matches("> GET ").count(), 1, "{after}");
}

#[test]
fn without_credentials_nothing_runs_and_the_fix_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = write(dir.path(), "hello.rhai", "print(\"must not print\");");
    let out = ionosh(&["run", &script], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    insta::assert_snapshot!(text(&out.stderr));
}

#[test]
fn trace_shows_exchanges_with_the_authorization_masked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = write(dir.path(), "trace.rhai", "list_datacenters();");
    let out = ionosh(&["run", "--sim", "--sim-state", "s.json", "--trace", &script], dir.path());
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("> GET http://127.0.0.1:"), "{stderr}");
    assert!(stderr.contains("/cloudapi/v6/datacenters?depth=1\n> Authorization: Basic ***\n< 200 OK ("), "{stderr}");
    // The --sim credentials, base64-encoded, must not appear.
    assert!(!stderr.contains("c2ltQGlvbm9zaC5sb2NhbDpzaW0"), "{stderr}");
}

#[test]
fn a_corrupt_state_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corrupt = "{ this is not json";
    std::fs::write(dir.path().join("state.json"), corrupt).expect("written");
    let script = write(dir.path(), "noop.rhai", "1;");
    let out = run_sim(dir.path(), &script, &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("ionosh: emulator: ") && stderr.contains("state.json"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("state.json")).expect("still there"), corrupt);
}

#[test]
fn functions_lists_every_operation_with_its_doc() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = ionosh(&["functions", "--json"], dir.path());
    assert!(out.status.success());
    let all: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let names: Vec<&str> = all.as_array().expect("array").iter().filter_map(|f| f["name"].as_str()).collect();
    for name in [
        "list_datacenters",
        "get_datacenter",
        "create_datacenter",
        "update_datacenter",
        "delete_datacenter",
        "list_locations",
        "get_location",
        "list_requests",
        "get_request",
        "wait_for_completion",
        "wait_for",
        "Datacenter",
        "to_json",
        "parse_json",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let out = ionosh(&["functions"], dir.path());
    let listing = text(&out.stdout);
    // Types in the script's words: a positional field has its field's type, anything else is any.
    assert!(!listing.contains("Dynamic"), "{listing}");
    assert!(listing.contains("add_datacenter_label(datacenter_id: string, key: string, value: string"), "{listing}");
    // IONOS functions are global: listed once, by their plain names.
    assert!(!listing.lines().any(|l| l.starts_with("ionos::")), "{listing}");
    assert!(listing.lines().any(|l| l.starts_with("nf::create_endpoint(")), "{listing}");
    assert!(
        text(&out.stderr).contains("the IONOS Cloud API's functions, listed by their plain names, are ionos::NAME too")
    );
    let line = listing.lines().find(|l| l.starts_with("get_datacenter(")).expect("listed");
    assert!(
        line.contains("get_datacenter(datacenter_id: string, options?: #{depth})")
            && line.ends_with("Gets one data center."),
        "{line}"
    );
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("temp dir");
    let script = write(dir.path(), "many.rhai", "for i in 0..1000000 { print(`line ${i}`); }");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim", "--sim-state", "s.json", &script])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ionosh runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("a line");
    let out = child.wait_with_output().expect("ends");
    assert!(!first.is_empty());
    assert_eq!(text(&out.stderr), "", "no panic message");
}

#[test]
fn check_reports_every_static_problem_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = write(
        dir.path(),
        "problems.rhai",
        "import \"nosuchmod\" as m;\nlet dcs = list_datacenter();\nlet s = Server(#{ name: \"web\", ram: 100, corse: 2 });\nget_datacenter();\nlist_images(#{ dept: 1 });\nprint(undefined_thing);\n",
    );
    let out = ionosh(&["check", &script], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    insta::assert_snapshot!(text(&out.stderr));
}

/// `ionosh functions NAME` prints what the REPL's `:help NAME` does: one function in detail,
/// or those a prefix starts; an unknown name is a usage error with a suggestion.
#[test]
fn functions_name_prints_one_function_in_detail() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = ionosh(&["functions", "create_k8s_cluster_nodepool"], dir.path());
    assert!(out.status.success());
    let detail = text(&out.stdout);
    assert!(detail.starts_with("create_k8s_cluster_nodepool("), "{detail}");
    // The example names what only the user knows with stand-ins, as the arguments do.
    assert!(detail.contains("Example:\n  let response = create_k8s_cluster_nodepool(\"<k8s_cluster_id>\""), "{detail}");
    assert!(detail.contains("\"<datacenter_id>\"") && !detail.contains("my datacenter id"), "{detail}");

    let out = ionosh(&["functions", "nf::create"], dir.path());
    assert!(text(&out.stdout).lines().any(|l| l.starts_with("  nf::create_endpoint")), "{}", text(&out.stdout));

    let out = ionosh(&["functions", "create_sever"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no function named 'create_sever'; did you mean 'create_server'?"),
        "{}",
        text(&out.stderr)
    );
}

/// A wait whose value the script keeps reads the object once more, to return it as it now
/// is; one whose value is thrown away (a statement, not the last of its block) reads nothing
/// more, in the script and in the modules it imports alike.
#[test]
fn only_a_wait_whose_value_is_kept_reads_the_object_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "waits.rhai",
        r#"fn made(name) {
    let dc = create_datacenter(Datacenter(#{ name: name, location: "de/fra" }));
    wait_for_completion(dc)
}
let thrown = create_datacenter(Datacenter(#{ name: "thrown", location: "de/fra" }));
wait_for_completion(thrown);
wait_all([create_datacenter(Datacenter(#{ name: "all-thrown", location: "de/fra" }))]);
let kept = wait_for_completion(create_datacenter(Datacenter(#{ name: "kept", location: "de/fra" })));
let returned = made("returned");
let all = wait_all([create_datacenter(Datacenter(#{ name: "all-kept", location: "de/fra" }))]);
print(`${kept.metadata.state} ${returned.metadata.state} ${all[0].metadata.state}`);
"#,
    );
    let out = run_sim(dir.path(), "waits.rhai", &["--trace"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "AVAILABLE AVAILABLE AVAILABLE\n");
    let stderr = text(&out.stderr);
    let reads = stderr.lines().filter(|l| l.starts_with("> GET ") && l.contains("/datacenters/")).count();
    assert_eq!(reads, 3, "{stderr}");

    // The script's own value is read only when the run prints it (as JSON).
    write(
        dir.path(),
        "last.rhai",
        r#"wait_for_completion(create_datacenter(Datacenter(#{ name: "last", location: "de/fra" })))"#,
    );
    let reads_of = |extra: &[&str]| {
        let out = run_sim(dir.path(), "last.rhai", extra);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        (stderr.lines().filter(|l| l.starts_with("> GET ") && l.contains("/datacenters/")).count(), text(&out.stdout))
    };
    assert_eq!(reads_of(&["--trace"]), (0, String::new()));
    let (reads, json) = reads_of(&["--trace", "--output", "json"]);
    assert_eq!(reads, 1);
    assert!(json.contains("\"state\": \"AVAILABLE\""), "{json}");
}
