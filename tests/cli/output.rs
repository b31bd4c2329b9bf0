//! Output discipline of `ionosh run`: results and `print` on stdout, diagnostics on stderr,
//! and `--output json` printing only the script's final value as JSON for jq (what the
//! script and its modules print then goes to stderr).

use std::path::Path;
use std::process::{Command, Output};

fn run(dir: &Path, script: &str, extra: &[&str]) -> Output {
    std::fs::write(dir.join("script.rhai"), script).expect("script written");
    Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim", "--sim-state", "state.json", "--sim-delay-ms", "10"])
        .args(extra)
        .arg("script.rhai")
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .expect("ionosh runs")
}

#[test]
fn output_json_keeps_stdout_for_the_final_value_and_prints_the_rest_on_stderr() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = "let r = create_datacenter(Datacenter(#{ name: \"piped\", location: \"de/fra\" }));\n\
                  wait_for_completion(r);\n\
                  print(\"created\");\n\
                  eprint(\"a message\");\n\
                  debug(\"a diagnostic\");\n\
                  import \"ensure\" as ensure;\n\
                  ensure::ensure_lan(r.id, \"lan-1\", false);\n\
                  let dcs = list_datacenters().items;\n\
                  #{ count: dcs.len(), names: dcs.map(|d| d.properties.name) }";
    let out = run(dir.path(), script, &["--output", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is the JSON alone");
    assert_eq!(value, serde_json::json!({ "count": 1, "names": ["piped"] }));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("created\n"), "print goes to stderr: {stderr}");
    assert!(stderr.contains("a message\n"), "eprint: {stderr}");
    assert!(stderr.contains("\"a diagnostic\"\n") && !stderr.contains("line 1"), "debug, plain: {stderr}");
    assert!(stderr.contains("lan-1"), "the module's messages go to stderr too: {stderr}");
}

#[test]
fn without_output_json_the_final_value_is_not_printed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(dir.path(), "print(\"only this\");\n42", &[]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "only this\n");
}

#[test]
fn output_json_of_a_value_json_cannot_hold_fails_on_stderr() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(dir.path(), "fn twice(x) { x * 2 }\nFn(\"twice\")", &["--output", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be shown as JSON"));
}

/// Names an API gives may hold terminal escapes, C1 controls and bidirectional overrides:
/// `print` of a map and `--output json` escape them as `\uXXXX` (still the same JSON), and the
/// stdlib's status lines (through `eprint`) show them escaped.
#[test]
fn hostile_names_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = r##"
        import "netfoundry" as netfoundry;
        let net = netfoundry::ensure_network("n", #{});
        netfoundry::ensure_endpoint(net, "ep\x1b]0;owned\x07\u009b2J\u202e", #{ attributes: ["#a"] });
        print(#{ name: "a\u009b31m\u202eb" });
        #{ name: "c\u009b1m\u2066d" }
    "##;
    let out = run(dir.path(), script, &["--output", "json"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    for text in [&stdout, &stderr] {
        assert!(!text.contains(['\x1b', '\x07', '\u{9b}', '\u{202e}', '\u{2066}']), "raw escapes in:\n{text:?}");
    }
    assert_eq!(stdout.trim(), "{\n  \"name\": \"c\\u009b1m\\u2066d\"\n}");
    assert!(stderr.contains(r#""name": "a\u009b31m\u202eb""#), "{stderr}");
    assert!(stderr.contains(r"ensure_endpoint: 'ep\u{1b}]0;owned\u{7}\u{9b}2J\u{202e}' created"), "{stderr}");
}
