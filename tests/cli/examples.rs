//! `ionosh examples`: every script of `scripts/` is embedded, listed with what it does, shown
//! as it is in the repository, and copied into a directory without overwriting anything.

use std::path::Path;
use std::process::{Command, Output};

fn ionosh(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ionosh")).arg("examples").args(args).current_dir(dir).output().expect("runs")
}

#[test]
fn every_bundled_script_is_listed_shown_as_it_is_and_copied_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    let mut names: Vec<String> = std::fs::read_dir(&scripts)
        .expect("scripts/")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".rhai").map(str::to_string))
        .collect();
    names.sort();
    let listed = String::from_utf8_lossy(&ionosh(dir.path(), &[]).stdout).into_owned();
    let listed_names: Vec<&str> = listed.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(listed_names, names, "every script of scripts/ is embedded, and only those");
    assert!(listed.lines().all(|l| l.split_whitespace().count() > 2), "each says what it does:\n{listed}");

    for name in &names {
        let shown = ionosh(dir.path(), &["show", name]);
        let original = std::fs::read_to_string(scripts.join(format!("{name}.rhai"))).expect("the script");
        assert_eq!(String::from_utf8_lossy(&shown.stdout), original, "{name}");
    }

    let copied = ionosh(dir.path(), &["copy", "web_stack", "mine"]);
    assert!(copied.status.success(), "{}", String::from_utf8_lossy(&copied.stderr));
    let path = dir.path().join("mine/web_stack.rhai");
    assert_eq!(String::from_utf8_lossy(&copied.stdout).trim(), Path::new("mine/web_stack.rhai").display().to_string());
    assert!(std::fs::read_to_string(&path).expect("copied").contains("web stack"));
    let again = ionosh(dir.path(), &["copy", "web_stack", "mine"]);
    assert!(!again.status.success(), "never over a file that is there");
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("web_stack.rhai"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    let unknown = ionosh(dir.path(), &["show", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no example named 'nope' (examples: app_load_balancer,"));
}
