//! The README's examples work as written: every `rhai` block runs against the emulator, the
//! REPL transcript replays, the `--output json` pipeline yields JSON, the newcomer's command
//! runs, and every example `:help` shows builds (constructors) or passes `ionosh check`
//! (calls, whose ids are stand-ins).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README")
}

/// The fenced blocks of the README with their language tag.
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(tag)) => current = Some((tag.trim().to_string(), String::new())),
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

fn ionosh(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ionosh starts");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.unwrap_or_default().as_bytes()).expect("input");
    drop(input);
    child.wait_with_output().expect("ionosh ends")
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn every_rhai_block_runs_against_the_emulator() {
    let dir = tempfile::tempdir().expect("dir");
    let rhai: Vec<String> = blocks(&readme()).into_iter().filter(|(tag, _)| tag == "rhai").map(|(_, b)| b).collect();
    assert!(rhai.len() >= 2, "the README has rhai examples");
    for (i, block) in rhai.iter().enumerate() {
        let file = format!("block{i}.rhai");
        std::fs::write(dir.path().join(&file), block).expect("written");
        let out = ionosh(dir.path(), &["run", "--sim", "--sim-state", "s.db", "--sim-delay-ms", "5", &file], None);
        assert!(out.status.success(), "README block {i}:\n{block}\n{}", said(&out));
    }
}

#[test]
fn the_repl_transcript_replays() {
    let dir = tempfile::tempdir().expect("dir");
    let transcript = blocks(&readme())
        .into_iter()
        .map(|(_, body)| body)
        .find(|body| body.contains("ionosh> table(dcs)"))
        .expect("the REPL transcript");
    let create =
        "let r = create_datacenter(Datacenter(#{ name: \"staging\", location: \"de/fra\" })); wait_for_completion(r);";
    let mut input = format!("{create}\n");
    for line in transcript.lines().filter_map(|l| l.strip_prefix("ionosh> ")).filter(|l| !l.contains("<Tab>")) {
        input.push_str(line);
        input.push('\n');
    }
    let out = ionosh(dir.path(), &["repl", "--sim-ephemeral", "--sim-delay-ms", "5"], Some(&input));
    assert!(out.status.success(), "{}", said(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("staging  de/fra    AVAILABLE") && stdout.contains("(1 row)"), "{stdout}");
}

#[test]
fn the_output_json_pipeline_yields_json() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("names.rhai"), "list_datacenters().items.map(|dc| dc.properties.name)")
        .expect("written");
    let out = ionosh(dir.path(), &["run", "--sim-ephemeral", "--output", "json", "names.rhai"], None);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON for jq");
    assert!(value.is_array(), "{value}");
}

#[test]
fn the_newcomers_command_runs() {
    let dir = tempfile::tempdir().expect("dir");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/create_datacenter.rhai");
    let script = script.to_str().expect("utf-8");
    let out = ionosh(
        dir.path(),
        &["run", "--sim", "--sim-delay-ms", "5", script, "--", "name=demo", "location=de/fra"],
        None,
    );
    assert!(out.status.success(), "{}", said(&out));
}

#[test]
fn every_help_example_builds_or_checks() {
    let dir = tempfile::tempdir().expect("dir");
    let functions = ionosh(dir.path(), &["functions", "--json"], None);
    let functions: Vec<serde_json::Value> = serde_json::from_slice(&functions.stdout).expect("functions as JSON");
    let names: Vec<&str> = functions.iter().filter_map(|f| f["name"].as_str()).collect();
    let input: String = names.iter().map(|n| format!(":help {n}\n")).collect();
    let out = ionosh(dir.path(), &["repl", "--sim-ephemeral"], Some(&input));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut examples = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line == "Example:" {
            let mut example = String::new();
            while let Some(next) = lines.next_if(|l| l.starts_with("  ")) {
                example.push_str(next.trim());
                example.push('\n');
            }
            examples.push(example);
        }
    }
    assert!(examples.len() > 100, "examples found: {}", examples.len());
    for (i, example) in examples.iter().enumerate() {
        let file = format!("example{i}.rhai");
        std::fs::write(dir.path().join(&file), example).expect("written");
        let checked = ionosh(dir.path(), &["check", &file], None);
        assert!(checked.status.success(), "the example does not check:\n{example}\n{}", said(&checked));
        if example.starts_with("let body = ") {
            let run = ionosh(dir.path(), &["run", "--sim-ephemeral", &file], None);
            assert!(run.status.success(), "the example does not build:\n{example}\n{}", said(&run));
        }
    }
}
