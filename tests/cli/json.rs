//! JSON in scripts: maps print as pretty JSON, `to_json` and `parse_json` round-trip.

use std::process::Command;

#[test]
fn maps_print_as_pretty_json_and_json_round_trips() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("json.rhai"),
        r#"
        let m = parse_json(`{"name": "x", "tags": [1, 2], "nested": {"ok": true}, "none": null}`);
        print(m);
        print(to_json([m.name, m.tags.len()], false));
        print(`${m.nested}`);
        try { parse_json("{ bad"); } catch (e) { print(e.message); }
        "#,
    )
    .expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim", "--sim-state", "s.json", "json.rhai"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}
