//! A sweep of bad scripts and bad arguments run with `ionosh run --sim`: each gets one clear
//! error naming file:line:col and a non-zero exit, snapshot-tested (ports and ids filtered).

use std::process::Command;

const CASES: &[(&str, &str, &[&str])] = &[
    ("syntax error", "let x = ;\n", &[]),
    ("unknown function", "print(1);\nno_such_function(2);\n", &[]),
    ("wrong argument type", "create_datacenter(42);\n", &[]),
    ("wrong number of arguments", "get_datacenter();\n", &[]),
    ("missing required field", "let s = Server(#{ name: \"x\" });\n", &[]),
    ("value not allowed", "let v = Volume(#{ size: 10, licence_type: \"WINDOWS95\" });\n", &[]),
    ("field of the wrong type", "let s = Server(#{ name: \"x\", cores: \"four\", ram: 1024 });\n", &[]),
    ("unknown field", "let l = LAN(#{ public: true, colour: \"blue\" });\n", &[]),
    ("unknown option key", "list_datacenters(#{ dept: 2 });\n", &[]),
    ("option of the wrong type", "list_datacenters(#{ depth: \"deep\" });\n", &[]),
    ("id of a missing resource", "get_datacenter(\"00000000-0000-0000-0000-000000000000\");\n", &[]),
    ("runaway loop", "let n = 0;\nloop { n += 1; }\n", &[]),
    ("runaway recursion", "fn f(n) { f(n + 1) }\nf(0);\n", &[]),
    ("thrown by the script", "throw \"stop here\";\n", &[]),
    ("argument without a value", "print(ARGS);\n", &["not-key-value"]),
    ("misspelt function", "let dcs = list_datacenter();\n", &[]),
    ("arguments of the wrong kind", "get_server(\"dc-id\");\n", &[]),
    ("a method that does not exist", "let m = #{};\nm.frobnicate(1, \"x\", [1], 2.5, ());\n", &[]),
    ("a number where an id belongs", "get_datacenter(42);\n", &[]),
    ("misspelt field", "let s = Server(#{ name: \"x\", corse: 2, ram: 1024 });\n", &[]),
    ("missing semicolon", "let a = 1\nlet b = 2;\n", &[]),
    ("unclosed call", "let a = 1;\nprint(a\n\n", &[]),
];

#[test]
fn bad_scripts_and_arguments_get_one_clear_error_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut report = String::new();
    for (name, script, args) in CASES {
        let file = format!("{}.rhai", name.replace(' ', "_"));
        std::fs::write(dir.path().join(&file), script).expect("script written");
        let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
            .args(["run", "--sim", "--sim-state", "state.json", "--sim-delay-ms", "0", &file])
            .args(if args.is_empty() { Vec::new() } else { [&["--"][..], args].concat() })
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("NO_COLOR", "1")
            .env("IONOSH_MAX_OPERATIONS", "100000")
            .output()
            .expect("ionosh runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}: exit 0");
        report.push_str(&format!("## {name} (exit {:?})\n{}\n", out.status.code(), stderr.trim_end()));
    }
    insta::with_settings!({filters => vec![
        (r"127\.0\.0\.1:\d+", "127.0.0.1:PORT"),
        (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID"),
    ]}, {
        insta::assert_snapshot!(report);
    });
}

/// Errors of namespaced calls (`ionos::`, `nf::`, their constructors and `wait_for_status`)
/// at a script's top level are placed at their line and column, as plain calls' are.
#[test]
fn namespaced_calls_at_the_top_level_report_their_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (script, expected) in [
        ("let a = 1;\n\nionos::get_datacenter(\"nope\");\n", "ns.rhai:3:8: 404 Not Found on GET /datacenters/nope"),
        ("let a = 1;\nnf::network(\"nope\");\n", "ns.rhai:2:5: network: no network named 'nope'"),
        ("let a = 1;\nlet d = ionos::Datacenter(#{ name: 5 });\n", "ns.rhai:2:16: Datacenter: 'name' must be a string"),
        ("nf::wait_for_status(#{ id: 1 }, \"X\");\n", "ns.rhai:1:5: wait_for_status:"),
    ] {
        std::fs::write(dir.path().join("ns.rhai"), script).expect("script");
        let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
            .args(["run", "--sim-ephemeral", "--sim-delay-ms", "0", "ns.rhai"])
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .output()
            .expect("ionosh runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(expected), "{script}: {stderr}");
    }
}
