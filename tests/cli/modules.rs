//! `import`: the embedded stdlib, modules in IONOSH_PATH and next to the script overriding it,
//! and `ionosh stdlib` listing what can be imported.

use std::path::Path;
use std::process::{Command, Output};

fn ionosh(args: &[&str], dir: &Path, ionosh_path: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ionosh"));
    command.args(args).current_dir(dir).env("HOME", dir).env_remove("IONOSH_PATH");
    if let Some(path) = ionosh_path {
        command.env("IONOSH_PATH", path);
    }
    command.output().expect("ionosh runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    std::fs::write(path, text).expect("written");
}

fn run(dir: &Path, script: &str, ionosh_path: Option<&Path>) -> Output {
    ionosh(&["run", "--sim", "--sim-state", "state.json", "--sim-delay-ms", "10", script], dir, ionosh_path)
}

const SCRIPT: &str =
    "import \"images\" as images;\nprint(images::find(#{ alias: \"debian:12\", location: \"de/fra\" }));\n";

#[test]
fn the_embedded_module_is_overridden_by_ionosh_path_and_by_one_next_to_the_script() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(&root.join("work/plan.rhai"), SCRIPT);
    let out = run(root, "work/plan.rhai", None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"name\": \"Debian-12-cloud-init-2024-11-01\""));

    let shared = root.join("shared");
    write(&shared.join("images.rhai"), "fn find(filter) { \"team images\" }\n");
    let out = run(root, "work/plan.rhai", Some(&shared));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "team images\n");

    write(&root.join("work/images.rhai"), "fn find(filter) { \"next to the script\" }\n");
    let out = run(root, "work/plan.rhai", Some(&shared));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "next to the script\n");
}

#[test]
fn a_team_module_in_ionosh_path_can_use_the_stdlib_and_the_api() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shared = dir.path().join("shared");
    write(
        &shared.join("naming.rhai"),
        "import \"images\" as images;\n/// The newest Debian in a location.\nfn debian(location) { images::find_one(#{ alias: \"debian:latest\", location: location }).properties.name }\n",
    );
    write(&dir.path().join("plan.rhai"), "import \"naming\" as naming;\nprint(naming::debian(\"us/las\"));\n");
    let out = run(dir.path(), "plan.rhai", Some(&shared));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "Debian-12-cloud-init-2024-11-01\n");
}

#[test]
fn an_unknown_module_says_where_it_was_looked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(&dir.path().join("plan.rhai"), "import \"nope\" as nope;\n");
    let out = run(dir.path(), "plan.rhai", None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("plan.rhai:1:8: import: no module 'nope' in . or the stdlib (images"), "{stderr}");
}

#[test]
fn stdlib_lists_every_module_with_its_functions_and_docs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shared = dir.path().join("shared");
    write(
        &shared.join("naming.rhai"),
        "//! Our naming rules.\n\n/// A server's name.\nfn server(n) { `web-${n}` }\nprivate fn hidden() {}\n",
    );
    let out = ionosh(&["stdlib"], dir.path(), Some(&shared));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout).replace(&shared.display().to_string(), "[IONOSH_PATH]");
    insta::assert_snapshot!(stdout);
}

/// Two objects of one name made hours apart are not a race between runs: `ensure_lan` throws
/// kind "ambiguous" naming both (the state is exported, one LAN doubled two hours back, and
/// imported again).
#[test]
fn ensure_throws_on_duplicates_made_long_apart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let sim = |args: &[&str]| {
        let mut all = vec!["run", "--sim", "--sim-state", "s.db", "--sim-delay-ms", "0", "-e"];
        all.extend_from_slice(args);
        ionosh(&all, root, None)
    };
    let made = sim(&[
        r#"let dc = create_datacenter(Datacenter(#{ name: "old", location: "de/fra" })); wait_for_completion(dc);
        wait_for_completion(create_lan(dc.id, LAN(#{ name: "twin" })));"#,
    ]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let exported = ionosh(&["sim", "export", "e.json", "--state", "s.db"], root, None);
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("e.json")).expect("export")).expect("JSON");
    let objects = state["store"]["objects"].as_object_mut().expect("objects");
    let (path, lan) =
        objects.iter().find(|(p, _)| p.ends_with("/lans/1")).map(|(p, o)| (p.clone(), o.clone())).expect("lan");
    let mut twin = lan.clone();
    twin["id"] = "2".into();
    twin["seq"] = (lan["seq"].as_i64().expect("seq") + 1000).into();
    let two_hours_ago = lan["meta"]["created_ms"].as_i64().expect("created") - 7_200_000;
    twin["meta"]["created_ms"] = two_hours_ago.into();
    twin["meta"]["modified_ms"] = two_hours_ago.into();
    objects.insert(path.replace("/lans/1", "/lans/2"), twin);
    std::fs::write(root.join("e.json"), state.to_string()).expect("written");
    let imported = ionosh(&["sim", "import", "e.json", "--state", "s.db"], root, None);
    assert!(imported.status.success(), "{}", text(&imported.stderr));

    let out = sim(&[r#"import "ensure" as ensure;
        let dc = list_datacenters().items.filter(|d| d.properties.name == "old")[0];
        try { ensure::ensure_lan(dc, "twin", false); print("no error") } catch (e) { print(e.kind + ": " + e.message) }"#]);
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("ambiguous: ensure_lan: 2 objects are named 'twin' ("), "{stdout}{}", text(&out.stderr));
}
