//! The Rhai sandbox: every limit ends a script with an error naming it and a bounded cost,
//! never the process (no stack overflow, no abort, no panic). Scripts run through the
//! `ionosh` binary, whose allocator counts the script's memory.

use std::path::Path;
use std::process::{Command, Output};

fn ionosh(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env_remove("IONOSH_PATH")
        .output()
        .expect("ionosh runs")
}

/// Runs `script` (saved as `name`) against a throw-away emulator.
fn run_script(name: &str, script: &str, extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(name), script).expect("script");
    let mut args = vec!["run", "--sim-ephemeral", "--sim-delay-ms", "0"];
    args.extend_from_slice(extra);
    args.push(name);
    let out = ionosh(dir.path(), &args);
    (dir, out)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Ends with exit code 1 (a script error, not a crash) and an error naming `expected`.
fn assert_fails_with(out: &Output, expected: &str) {
    assert_eq!(out.status.code(), Some(1), "exit 1, not a crash: {:?}\n{}", out.status, stderr(out));
    assert!(stderr(out).contains(expected), "expected '{expected}' in:\n{}", stderr(out));
}

#[test]
fn a_script_importing_its_own_name_gets_the_next_module_not_itself() {
    let (_dir, out) = run_script("ensure.rhai", "import \"ensure\" as e;\nprint(\"ran once\");", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ran once\n");
    let (_dir, out) = run_script("solo.rhai", "import \"solo\" as s;", &[]);
    assert_fails_with(&out, "no module 'solo'");
}

#[test]
fn an_import_cycle_is_an_error_naming_the_cycle() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.rhai"), "import \"b\" as b;\nfn f() { 1 }").expect("a");
    std::fs::write(dir.path().join("b.rhai"), "import \"a\" as a;\nfn g() { 2 }").expect("b");
    std::fs::write(dir.path().join("main.rhai"), "import \"a\" as a;\na::f()").expect("main");
    let out = ionosh(dir.path(), &["run", "--sim-ephemeral", "main.rhai"]);
    assert_fails_with(&out, "import cycle: ./a.rhai → ./b.rhai → ./a.rhai");
}

const DEEP: &str = "let a = [];\nfor i in 0..6000 { a = [a]; }\n";

#[test]
fn deeply_nested_values_are_refused_by_everything_that_prints_them() {
    for (call, expected) in [
        ("debug(a);", "3:1: the value is nested deeper than 256 levels"),
        ("print(a);", "3:1: print: cannot turn an array into JSON: the value is nested deeper than 256 levels"),
        ("to_json(a);", "3:1: to_json: cannot turn an array into JSON: the value is nested deeper than 256 levels"),
        ("let m = #{ a: a }; print(to_debug(m));", "the value is nested deeper than 256 levels"),
        ("throw a;", "uncaught exception: (an array nested deeper than 256 levels)"),
    ] {
        let (_dir, out) = run_script("deep.rhai", &format!("{DEEP}{call}"), &[]);
        assert_fails_with(&out, expected);
        assert!(out.stdout.is_empty(), "{call} printed nothing");
    }
    let (_dir, out) = run_script("deep.rhai", &format!("{DEEP}a"), &["--output", "json"]);
    assert_fails_with(&out, "the final value cannot be shown as JSON: the value is nested deeper than 256 levels");
    assert!(out.stdout.is_empty(), "no JSON written: {} bytes", out.stdout.len());
}

#[test]
fn values_nested_within_the_limit_print_as_usual() {
    let script =
        "let a = [1];\nfor i in 0..200 { a = [a]; }\nlet b = a;\nprint(a == b);\nprint(to_json(a, false).len());";
    let (_dir, out) = run_script("ok.rhai", script, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "true\n403\n");
}

/// The highest memory any finished child of this process used, in MiB.
#[cfg(unix)]
fn children_peak_mib() -> i64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a rusage struct.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss / 1024
}

#[test]
fn memory_limits_hold_for_strings_arrays_maps_and_blobs_alike() {
    for (what, script) in [
        ("a doubling string", "let s = \"x\";\nloop { s += s; }"),
        ("a large string put in a map", "let m = #{};\nlet s = \"\";\ns.pad(2000000000, 'y');\nm.big = s;"),
        ("a growing array of maps", "let a = [];\nloop { a.push(#{ id: \"0123456789abcdef\", n: [1, 2, 3] }); }"),
        ("a padded array", "let a = [];\na.pad(5000000000, \"abc\");"),
        ("a huge BLOB", "let b = blob(5000000000);"),
        ("a padded BLOB", "let b = blob(1);\nb.pad(5000000000, 1);"),
    ] {
        let (_dir, out) = run_script("memory.rhai", script, &["--max-memory", "64"]);
        assert_fails_with(&out, "the script's memory limit of 64 MiB is exceeded (raise it with --max-memory)");
        #[cfg(unix)]
        assert!(children_peak_mib() < 400, "{what}: a bounded cost, {} MiB at most", children_peak_mib());
    }
}

#[test]
fn large_collections_build_within_the_default_limits() {
    let script = "let a = [];\nfor i in 0..100000 { a.push(i); }\nlet maps = [];\nfor i in 0..40000 { maps.push(#{ id: i }); }\nprint(a.len() + maps.len());";
    let (_dir, out) = run_script("big.rhai", script, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "140000\n");
}

#[test]
fn the_time_limit_stops_a_busy_loop_and_a_wait_with_exit_124() {
    let (_dir, out) = run_script("busy.rhai", "loop { }", &["--timeout", "0.5"]);
    assert_eq!(out.status.code(), Some(124), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("busy.rhai:1:6: stopped: the run's time limit (--timeout) passed"),
        "{}",
        stderr(&out)
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let script =
        "let r = create_datacenter(Datacenter(#{ name: \"slow\", location: \"de/fra\" }));\nwait_for_completion(r);";
    std::fs::write(dir.path().join("wait.rhai"), script).expect("script");
    let args = ["run", "--sim-ephemeral", "--sim-delay-ms", "600000", "--timeout", "0.5", "wait.rhai"];
    let out = ionosh(dir.path(), &args);
    assert_eq!(out.status.code(), Some(124), "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("wait.rhai:2:1: stopped: the run's time limit (--timeout) passed"), "{text}");
    assert!(text.contains("This run created 1 resource(s) that may still exist"), "{text}");

    let out = ionosh(dir.path(), &["run", "--timeout", "0", "wait.rhai"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'0' is not a number of seconds from 0 (excluded) to 31536000"), "{}", stderr(&out));
}

#[test]
fn names_from_the_api_cannot_drive_the_terminal() {
    let script = r#"
        let name = "dc\x1b]0;owned\x07\x1b[2J";
        let r = create_datacenter(Datacenter(#{ name: name, location: "de/fra" }));
        wait_for_completion(r);
        print(table(list_datacenters()));
        get_datacenter(r.id + "\x1b[2J");
    "#;
    let (_dir, out) = run_script("hostile.rhai", script, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(r"dc\u{1b}]0;owned\u{7}\u{1b}[2J"), "the table shows the name escaped:\n{stdout}");
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "no raw escape in the table:\n{stdout:?}");
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains(r"cannot be an id") && text.contains(r"\u{1b}[2J"), "the id is refused, escaped: {text}");
    assert!(text.contains(r#""dc\u{1b}]0;owned\u{7}\u{1b}[2J""#), "the leftovers show the name escaped: {text}");
    assert!(!text.contains('\u{1b}'), "no raw escape in the error: {text:?}");
}

/// Nesting a value in itself again and again copies the whole value each time, which Rhai
/// counts as one operation: the copies count towards the operation limit too, so the
/// quadratic work ends with an error naming the limit (here set low to end it quickly).
#[test]
fn copying_deeply_nested_values_counts_towards_the_operation_limit() {
    for script in
        ["let x = []; for i in 0..1000000 { x = [x]; }", "let x = #{}; for i in 0..1000000 { x = #{ a: x }; }"]
    {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("nest.rhai"), script).expect("script");
        let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
            .args(["run", "--sim-ephemeral", "nest.rhai"])
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .env("IONOSH_MAX_OPERATIONS", "2000000")
            .output()
            .expect("ionosh runs");
        assert_fails_with(&out, "the script's operation limit of 2000000 is exceeded");
        assert!(
            stderr(&out).contains("copies of values") && stderr(&out).starts_with("nest.rhai:1:"),
            "{}",
            stderr(&out)
        );
    }
}

/// Joining strings, arrays or BLOBs past the memory limit ends the script at the join's line
/// with the limit named (the room is checked before the join is made: what that saves in peak
/// memory is measured by bench/sandbox.sh).
#[test]
fn a_join_past_the_memory_limit_ends_the_script_at_its_line() {
    for (script, line) in [
        ("let s = \"x\";\nloop {\n  s += s;\n}", "3:"),
        ("let s = \"x\";\nloop {\n  s = s + s;\n}", "3:"),
        ("let a = [1, 2, 3];\nloop {\n  a.append(a);\n}", "3:"),
        ("let b = blob(1024);\nloop {\n  b += b;\n}", "3:"),
    ] {
        let (_dir, out) = run_script("join.rhai", script, &["--max-memory", "32"]);
        assert_fails_with(&out, "the script's memory limit of 32 MiB is exceeded");
        assert!(stderr(&out).starts_with(&format!("join.rhai:{line}")), "{script}: {}", stderr(&out));
    }
}
