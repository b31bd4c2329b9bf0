//! Crash safety: `ionosh sim` killed with SIGKILL in the middle of a burst of mutations leaves
//! no stray files, starts again on the same state, and every mutation it answered 202 is there.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

/// Starts `ionosh sim` on a free port with `state`; returns it and its API URL.
fn sim(dir: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["sim", "--listen", "127.0.0.1:0", "--state", "state.db", "--delay-ms", "50"])
        .current_dir(dir)
        .env("HOME", dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sim starts");
    let mut url = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut url).expect("URL printed");
    (child, url.trim().to_string())
}

#[test]
fn every_mutation_answered_before_a_kill_9_survives_the_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, url) = sim(dir.path());
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("rt");
    let accepted: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));

    runtime.block_on(async {
        let http = reqwest::Client::new();
        let mut writers = Vec::new();
        for writer in 0..8 {
            let (http, url, accepted, stop) = (http.clone(), url.clone(), accepted.clone(), stop.clone());
            writers.push(tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let body = json!({"properties": {"name": format!("w{writer}-{n}"), "location": "de/fra"}});
                    let sent = http.post(format!("{url}/datacenters")).basic_auth("u", Some("p")).json(&body).send();
                    let Ok(answer) = sent.await else { break };
                    if answer.status() != 202 {
                        break;
                    }
                    let Ok(value) = answer.json::<Value>().await else { break };
                    accepted.lock().expect("lock").push(value["id"].as_str().expect("id").to_string());
                }
            }));
        }
        // Kill once a good number of creates have been answered, while the writers go on.
        while accepted.lock().expect("lock").len() < 60 {
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("killed");
        stop.store(true, Ordering::SeqCst);
        for writer in writers {
            writer.await.expect("writer ends");
        }
    });

    let answered = accepted.lock().expect("lock").clone();
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files.retain(|f| !["state.db", "state.db-shm", "state.db-wal"].contains(&f.as_str()));
    assert!(files.is_empty(), "the kill left stray files: {files:?}");
    let (mut child, url) = sim(dir.path());
    let stored: Vec<String> = runtime.block_on(async {
        let list = reqwest::Client::new()
            .get(format!("{url}/datacenters?limit=10000"))
            .basic_auth("u", Some("p"))
            .send()
            .await
            .expect("restarted emulator answers");
        let list: Value = list.json().await.expect("JSON");
        list["items"].as_array().expect("items").iter().map(|i| i["id"].as_str().expect("id").to_string()).collect()
    });
    child.kill().expect("stopped");
    child.wait().expect("ended");
    let missing: Vec<&String> = answered.iter().filter(|id| !stored.contains(id)).collect();
    assert!(answered.len() >= 60);
    assert!(missing.is_empty(), "{} of {} answered creates lost: {missing:?}", missing.len(), answered.len());
}
