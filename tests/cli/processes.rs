//! Long-running commands as a user drives them: `ionosh repl` fed on stdin, `ionosh sim` in
//! the foreground, and Ctrl-C (SIGINT) during a wait.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

fn ionosh(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ionosh"));
    command
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env_remove("IONOS_TOKEN")
        .env_remove("IONOS_USERNAME")
        .env_remove("IONOS_PASSWORD");
    command
}

fn interrupt(child: &Child) {
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
}

#[test]
fn the_repl_keeps_one_scope_and_accepts_multi_line_entries() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = ionosh(dir.path())
        .args(["repl", "--sim", "--sim-state", "state.json", "--sim-delay-ms", "10"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("repl starts");
    let input = "let x = 2;\nfn double(n) {\n  n * 2\n}\ndouble(x) * 10 + 2\n\
                 let r = create_datacenter(Datacenter(#{ name: \"from-repl\", location: \"de/fra\" }));\n\
                 wait_for_completion(r).properties.name\n\
                 get_datacenter(\"missing\")\n:quit\n";
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("typed");
    let out = child.wait_with_output().expect("repl ends");
    assert_eq!(out.status.code(), Some(1), "piped input with a failed entry");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines, ["42", "from-repl"], "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("repl:1:1: 404 Not Found on GET /datacenters/missing"), "{stderr}");
    assert!(!dir.path().join("state/ionosh/history").exists(), "piped input is not history");
}

#[test]
fn ctrl_c_during_a_wait_stops_the_script_and_lists_what_it_created_and_what_still_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("slow.rhai"),
        "let r = create_datacenter(Datacenter(#{ name: \"interrupted\", location: \"de/fra\" }));\n\
         let u = update_datacenter(r.id, #{ description: \"queued behind the create\" });\n\
         print(\"sent\");\n\
         wait_for_completion(u);\n\
         print(\"not reached\");\n",
    )
    .expect("script written");
    let mut child = ionosh(dir.path())
        .args(["run", "--sim", "--sim-state", "state.json", "--sim-delay-ms", "600000", "slow.rhai"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("first line");
    assert_eq!(line, "sent\n");
    interrupt(&child);
    let out = child.wait_with_output().expect("run ends");
    assert_eq!(out.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines[0], "slow.rhai:4:1: interrupted", "{stderr}");
    assert_eq!(lines[1], "This run created 1 resource(s) that may still exist:");
    let pending = |l: &str| l.ends_with(": QUEUED") || l.ends_with(": RUNNING");
    assert!(lines[2].contains("\"interrupted\"") && pending(lines[2]), "{stderr}");
    assert_eq!(lines[3], "Requests of this run still running:");
    assert!(lines[4].starts_with("  PATCH /datacenters/") && pending(lines[4]), "{stderr}");
    assert_eq!(lines.len(), 5, "{stderr}");
}

#[test]
fn sim_serves_until_ctrl_c_and_saves_its_state() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = ionosh(dir.path())
        .args(["sim", "--listen", "127.0.0.1:0", "--state", "sim.json", "--delay-ms", "0"])
        .env("IONOSH_SIM_TOKEN", "t0ken")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sim starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut url = String::new();
    stdout.read_line(&mut url).expect("base URL printed");
    let url = url.trim().to_string();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/cloudapi/v6"), "{url}");

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let (unauthorized, created) = runtime.block_on(async {
        let http = reqwest::Client::new();
        let unauthorized = http.get(format!("{url}/datacenters")).bearer_auth("wrong").send().await.expect("sent");
        let body = serde_json::json!({ "properties": { "name": "kept", "location": "de/fra" } });
        let created =
            http.post(format!("{url}/datacenters")).bearer_auth("t0ken").json(&body).send().await.expect("sent");
        (unauthorized.status().as_u16(), created.status().as_u16())
    });
    assert_eq!((unauthorized, created), (401, 202));

    interrupt(&child);
    assert!(child.wait().expect("sim ends").success());
    let exported = ionosh(dir.path()).args(["sim", "export", "-", "--state", "sim.json"]).output().expect("runs");
    let state = String::from_utf8_lossy(&exported.stdout);
    assert!(state.contains("\"kept\""), "{state}");
}

#[test]
fn sim_refuses_a_public_address_without_credentials() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = ionosh(dir.path()).args(["sim", "--listen", "0.0.0.0:0", "--ephemeral"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("ionosh: refusing to listen on 0.0.0.0:0 without credentials"), "{stderr}");
}

#[test]
fn sim_survives_clients_that_hang_up_in_the_middle_of_an_answer() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = ionosh(dir.path())
        .args(["sim", "--listen", "127.0.0.1:0", "--ephemeral", "--delay-ms", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sim starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut url = String::new();
    stdout.read_line(&mut url).expect("base URL printed");
    let url = url.trim().to_string();
    let address = url.trim_start_matches("http://").split('/').next().expect("host:port").to_string();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let http = reqwest::Client::new();
        for n in 0..1000 {
            let body = serde_json::json!({ "properties": { "name": format!("big-{n}"), "location": "de/fra" } });
            http.post(format!("{url}/datacenters")).basic_auth("u", Some("p")).json(&body).send().await.expect("sent");
        }
    });
    // The list at depth 5 is far larger than a socket's buffers: each client asks for it and
    // hangs up at once, or after reading a little, while the answer is being written.
    for n in 0..20 {
        let mut socket = std::net::TcpStream::connect(&address).expect("connects");
        let request = format!(
            "GET /cloudapi/v6/datacenters?depth=5 HTTP/1.1\r\nHost: {address}\r\nAuthorization: Basic dTpw\r\n\r\n"
        );
        socket.write_all(request.as_bytes()).expect("sent");
        if n % 2 == 1 {
            let mut some = [0u8; 512];
            let _ = socket.read(&mut some);
        }
    }
    let alive = runtime.block_on(async {
        reqwest::Client::new().get(format!("{url}/datacenters?limit=1")).basic_auth("u", Some("p")).send().await
    });
    assert_eq!(alive.expect("the emulator still answers").status(), 200);
    child.kill().expect("stops");
    child.wait().expect("stopped");
}
