//! The command line as users expect it: stdout carries only data, `exit(n)` is the exit code,
//! one-liners (`-e`, `ionosh -e`, `run -`) and executable scripts (`#!`), script arguments
//! with or without `--`, a `whoami` that asks the API, and waits that are never silent.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn ionosh(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("IONOS_USERNAME")
        .env_remove("IONOS_PASSWORD")
        .env_remove("IONOS_TOKEN")
        .output()
        .expect("ionosh runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn exit_sets_the_exit_code_and_prints_no_result() {
    let dir = tempfile::tempdir().expect("dir");
    let out = ionosh(
        dir.path(),
        &["run", "--sim-ephemeral", "--output", "json", "-e", "print(\"before\"); exit(3); print(\"never\")"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "no JSON result after exit");
    assert_eq!(stderr(&out), "before\n");
    let out = ionosh(dir.path(), &["run", "--sim-ephemeral", "-e", "exit()"]);
    assert_eq!(out.status.code(), Some(0));
    let out = ionosh(dir.path(), &["run", "--sim-ephemeral", "-e", "exit(300)"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("exit: the code must be an int from 0 to 255, got 300"), "{}", stderr(&out));
}

#[test]
fn one_liners_run_from_e_and_stdin() {
    let dir = tempfile::tempdir().expect("dir");
    let out = ionosh(dir.path(), &["-e", "40 + 2", "--sim-ephemeral", "--output", "json"]);
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), "42\n"), "{}", stderr(&out));
    let out = ionosh(dir.path(), &["run", "-e", "ARGS.name", "--sim-ephemeral", "--output", "json", "--", "name=x"]);
    assert_eq!(stdout(&out), "\"x\"\n", "{}", stderr(&out));

    let mut child = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "-", "--sim-ephemeral", "--output", "json", "n=7"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    child.stdin.take().expect("stdin").write_all(b"parse_int(ARGS.n) * 6").expect("script written");
    let out = child.wait_with_output().expect("ends");
    assert_eq!(stdout(&out), "42\n", "{}", stderr(&out));

    let out = ionosh(dir.path(), &["-e", "let x = ;", "--sim-ephemeral"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("<eval>:1:9: syntax error"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_script_with_a_shebang_runs_as_an_executable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let script = dir.path().join("hello.rhai");
    std::fs::write(
        &script,
        "#!/usr/bin/env -S ionosh run --sim-ephemeral\nprint(`hello ${ARGS.who}`);\nlet oops = ;\n",
    )
    .expect("written");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("executable");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_ionosh")).parent().expect("bin dir").to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let out = exec(&script, &path);
    // The syntax error is on line 3: the #! line still counts.
    assert!(stderr(&out).contains("hello.rhai:3:12: syntax error"), "{}", stderr(&out));
    std::fs::write(&script, "#!/usr/bin/env -S ionosh run --sim-ephemeral\nprint(`hello ${ARGS.who}`);\n")
        .expect("fixed");
    let out = exec(&script, &path);
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), "hello you\n"), "{}", stderr(&out));
    let out = ionosh(dir.path(), &["check", "hello.rhai"]);
    assert!(out.status.success(), "check accepts the #! line too: {}", stderr(&out));
}

/// Executes a script file. Writing it can race with another test thread's fork, which holds
/// the file open for a moment (ETXTBSY): that is tried again.
#[cfg(unix)]
fn exec(script: &Path, path: &str) -> Output {
    for _ in 0..100 {
        match Command::new(script).arg("who=you").env("PATH", path).output() {
            Err(e) if e.raw_os_error() == Some(26) => std::thread::sleep(std::time::Duration::from_millis(10)),
            other => return other.expect("runs"),
        }
    }
    panic!("{} stayed busy", script.display())
}

#[test]
fn script_arguments_work_without_dashes_and_a_repeated_key_is_an_error() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("args.rhai"), "ARGS").expect("script");
    let out = ionosh(dir.path(), &["run", "args.rhai", "--sim-ephemeral", "a=1", "--output", "json", "b=2"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(value, serde_json::json!({"a": "1", "b": "2"}), "{}", stderr(&out));
    let out = ionosh(dir.path(), &["run", "args.rhai", "--sim-ephemeral", "a=1", "a=2"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "ionosh: script argument 'a' is given twice\n");
}

#[test]
fn output_json_of_every_bundled_script_is_pure_json() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    let dir = tempfile::tempdir().expect("dir");
    let mut entries: Vec<_> = std::fs::read_dir(&scripts).expect("scripts").flatten().map(|e| e.path()).collect();
    entries.sort();
    let state = dir.path().join("state.db");
    for script in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "rhai")) {
        let name = script.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let mut args = vec!["run", "--sim", "--sim-state", state.to_str().expect("utf-8"), "--sim-delay-ms", "5"];
        args.extend(["--output", "json", script.to_str().expect("utf-8")]);
        match name {
            "teardown.rhai" => args.push("datacenter=ionosh component build"),
            "labels.rhai" => args.extend(["key=env", "value=prod"]),
            _ => {}
        }
        let out = ionosh(dir.path(), &args);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&stdout(&out));
        assert!(parsed.is_ok(), "{name}: stdout is not JSON alone:\n{}", stdout(&out));
    }
}

#[test]
fn interpolated_maps_and_arrays_stay_on_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    let out = ionosh(
        dir.path(),
        &[
            "run",
            "--sim-ephemeral",
            "-e",
            "let ips = [\"10.0.0.1\", \"10.0.0.2\"]; print(`IPs: ${ips}, tags: ${#{ a: [1, 2] }}`);",
        ],
    );
    assert_eq!(stdout(&out), "IPs: [\"10.0.0.1\", \"10.0.0.2\"], tags: {\"a\": [1, 2]}\n", "{}", stderr(&out));
}

#[test]
fn a_long_wait_prints_a_line_now_and_then_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim-ephemeral", "--sim-delay-ms", "1500", "-e"])
        .arg("let r = create_datacenter(Datacenter(#{ name: \"slow\", location: \"de/fra\" })); wait_for_completion(r); print(\"done\");")
        .env("IONOSH_PROGRESS_EVERY", "0.4")
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(stdout(&out), "done\n");
    let text = stderr(&out);
    // The line says what is being built, and the request it follows.
    let lines: Vec<&str> =
        text.lines().filter(|l| l.starts_with("still waiting for create datacenter 'slow' (request ")).collect();
    assert!(!lines.is_empty(), "no progress line: {}", stderr(&out));
    assert!(
        lines.iter().all(|l| l.ends_with("s)") && (l.contains(": QUEUED (") || l.contains(": RUNNING ("))),
        "{lines:?}"
    );
    assert!(!stderr(&out).contains('\u{1b}'), "no terminal codes when stderr is a file");

    let out = ionosh(
        dir.path(),
        &[
            "run",
            "--sim-ephemeral",
            "-e",
            "let n = 0; wait_for(|| { n += 1; n }, |x| x >= 3, #{ interval: 0.01, console_print: \".\" })",
        ],
    );
    assert_eq!(stdout(&out), "", "console_print dots are progress, on stderr");
    assert_eq!(stderr(&out), "...\n");
}

#[test]
fn whoami_asks_the_api_who_the_credentials_are() {
    let dir = tempfile::tempdir().expect("dir");
    let out = ionosh(dir.path(), &["whoami", "--sim-ephemeral"]);
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out), @r"
    API URL:     the built-in emulator (--sim), state in memory only
    credentials: none needed
    the IONOS Cloud API:
    API:         CLOUD API 6.0
    contract:    31612345 (owner sim@ionosh.local, BILLABLE)
    verified:    the API accepts these credentials
    the IONOS Auth API:
    API:         IONOS Auth API v1
    verified:    the API accepts these credentials
    the IONOS Cloud DNS API:
    API:         IONOS Cloud DNS API 1.18.0
    verified:    the API accepts these credentials
    the IONOS DBaaS PostgreSQL API:
    API:         IONOS DBaaS PostgreSQL API 2.0.0
    verified:    the API accepts these credentials
    the IONOS Certificate Manager API:
    API:         IONOS Certificate Manager API 2.0
    verified:    the API accepts these credentials
    the NetFoundry API:
    identity:    ionosh emulator <emulator@ionosh.invalid> (ApiAccountIdentity) in organization Emulated Organization (emulated, 2d4d5d2e-8f0c-4a55-9c36-6f1c0b1a7e01)
    verified:    the API accepts these credentials
    ");
    let out = ionosh(dir.path(), &["whoami", "--sim-ephemeral", "--offline"]);
    assert_eq!(stdout(&out).lines().count(), 2, "offline: only where the settings come from");
    let out = ionosh(dir.path(), &["whoami", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2), "--dry-run means nothing to whoami");
}

#[test]
fn whoami_says_when_the_api_refuses_the_credentials() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("dir");
    let mut sim = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["sim", "--listen", "127.0.0.1:0", "--ephemeral", "--user", "ops", "--password", "right"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sim starts");
    let mut url = String::new();
    BufReader::new(sim.stdout.take().expect("stdout")).read_line(&mut url).expect("URL");
    let whoami = |password: &str| {
        Command::new(env!("CARGO_BIN_EXE_ionosh"))
            .arg("whoami")
            .env("HOME", dir.path())
            .env("IONOS_API_URL", url.trim())
            .env("IONOS_USERNAME", "ops")
            .env("IONOS_PASSWORD", password)
            .env_remove("IONOS_TOKEN")
            .output()
            .expect("runs")
    };
    let refused = whoami("wrong");
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("the credentials could not be verified: 401 Unauthorized"),
        "{}",
        stderr(&refused)
    );
    assert!(!stderr(&refused).contains("wrong") && !stdout(&refused).contains("wrong"), "never the password");
    let accepted = whoami("right");
    assert!(accepted.status.success() && stdout(&accepted).contains("owner ops"), "{}", stdout(&accepted));
    // Only IONOS has credentials: what it verified is headed as its own, not read as part of
    // the NetFoundry section printed last.
    let lines: Vec<String> = stdout(&accepted).lines().map(str::to_string).collect();
    let verified = lines.iter().position(|l| l.starts_with("API:")).expect("the API line");
    assert_eq!(lines[verified - 1], "the IONOS Cloud API:", "{lines:#?}");
    assert_eq!(lines.iter().filter(|l| l.as_str() == "the IONOS Cloud API:").count(), 2, "{lines:#?}");
    sim.kill().expect("stopped");
    sim.wait().expect("ended");
}

/// The REPL fed `input` on a pipe, against a throw-away emulator.
fn piped_repl(input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["repl", "--sim-ephemeral"])
        .env("HOME", std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("input");
    child.wait_with_output().expect("ends")
}

#[test]
fn a_piped_repl_prints_only_values_and_fails_when_an_entry_failed() {
    let out = piped_repl("1 + 1\nlet x = 5;\nx * 2\n");
    assert_eq!((out.status.code(), stdout(&out).as_str()), (Some(0), "2\n10\n"));
    assert!(stderr(&out).starts_with("ionosh "), "the banner is on stderr: {}", stderr(&out));
    let out = piped_repl("1 + 1\nno_such()\n3\n");
    assert_eq!(out.status.code(), Some(1), "an entry failed");
    assert_eq!(stdout(&out), "2\n3\n");
}

#[test]
fn a_piped_repl_points_syntax_errors_at_their_line_and_suggests_names() {
    let out = piped_repl("print(1\n\nlet a = 1 let b = 2;\n\n:help list_datacenter\n1 +\n");
    let text = stderr(&out);
    let lines: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(
        lines,
        [
            "repl:1:8: syntax error: Expecting ')' to close the arguments list of this function call 'print'",
            "repl:1:11: syntax error: Expecting ';' to terminate this statement",
            "no function named 'list_datacenter'; did you mean 'list_datacenters'? (:help lists them all)",
            "repl:1:4: syntax error: Script is incomplete",
        ]
    );
}

/// `ionosh sim` prints the variables another shell sets to use it: set as printed, both APIs
/// answer a run in that shell.
#[test]
fn the_emulator_prints_the_variables_another_shell_sets() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("dir");
    let mut sim = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["sim", "--listen", "127.0.0.1:0", "--ephemeral"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sim starts");
    let said = BufReader::new(sim.stderr.take().expect("stderr"));
    let line = said.lines().map_while(Result::ok).find(|l| l.contains("export ")).expect("the export line");
    let exports = line.split_once("export ").expect("export").1;
    let vars: Vec<(&str, &str)> = exports.split(' ').filter_map(|pair| pair.split_once('=')).collect();
    let names: Vec<&str> = vars.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        ["IONOS_API_URL", "IONOS_USERNAME", "IONOS_PASSWORD", "NETFOUNDRY_API_URL", "NETFOUNDRY_API_TOKEN"]
    );
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "-e", "print(list_datacenters().items.len()); print(nf::networks().len());"])
        .current_dir(dir.path())
        .env_clear()
        .env("HOME", dir.path())
        .envs(vars.iter().copied())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "0\n0\n");
    sim.kill().expect("stopped");
    sim.wait().expect("ended");
}

/// `:help` of an update lists the changes it takes without marking any required (only what
/// changes is given), and points to the stdlib helper by the name a script imports.
#[test]
fn help_of_an_update_marks_no_change_required() {
    let out = piped_repl(":help nf::update_endpoint\n:help nf::create_service\n");
    let shown = stdout(&out);
    let name = shown.lines().find(|l| l.trim_start().starts_with("name ")).expect("the name line");
    assert!(!name.contains("required"), "{name}");
    assert!(shown.contains("netfoundry::simple_service builds the common one"), "{shown}");
    assert!(!shown.contains("nf.simple_service"), "{shown}");
}

/// `:help` alone fits a screenful or two: the built-ins, then a line per API saying how to
/// list its functions; `:help PREFIX` lists those a namespace or a prefix starts.
#[test]
fn help_is_grouped_and_takes_a_prefix() {
    let out = piped_repl(":help\n");
    let overview = stdout(&out);
    assert!(overview.lines().count() < 60, "{overview}");
    assert!(overview.contains(":help nf ") && overview.contains("functions of the NetFoundry API"), "{overview}");
    let out = piped_repl(":help nf::create\n:help nf\n");
    let listed = stdout(&out);
    assert!(listed.contains("9 function(s) starting with 'nf::create'"), "{listed}");
    assert!(listed.contains("  nf::create_endpoint ") && listed.contains("  nf::networks "), "{listed}");
}

/// A property typo in the REPL says which key is missing and what the map has, whether it
/// read nothing (`dc.properties.nmae`) or failed on the nothing it read (`dc.propertys.name`).
#[test]
fn a_property_typo_says_which_key_is_missing() {
    let out =
        piped_repl("let dc = #{ id: \"x\", properties: #{ name: \"a\" } };\ndc.properties.nmae\ndc.propertys.name\n");
    let said = stderr(&out);
    assert!(said.contains("'nmae' is not a key of dc.properties; did you mean 'name'? (it has: name)"), "{said}");
    assert!(
        said.contains("'propertys' is not a key of dc; did you mean 'properties'? (it has: id, properties)"),
        "{said}"
    );
}
