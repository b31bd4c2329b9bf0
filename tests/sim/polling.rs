//! Waits against the emulator's delay profiles: the realistic profile gives each kind of
//! mutation its own duration, `wait_all` learns the status of many requests with one call,
//! and a wait learns from this user's past waits when its kind is likely done.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use ionosh::sim::Delay;
use serde_json::{json, Value};

use crate::http;

/// `/_sim/stats` after the stats were reset before what is measured.
async fn stats(api: &http::Api) -> Value {
    api.get(&format!("{}/_sim/stats", api.sim.base_url())).await.body
}

async fn reset(api: &http::Api) {
    api.delete(&format!("{}/_sim/stats", api.sim.base_url())).await;
}

/// How many answered requests went to routes whose template ends with `suffix`.
fn count(stats: &Value, method: &str, suffix: &str) -> u64 {
    stats["byRoute"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["method"] == method && r["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
        .map(|r| r["count"].as_u64().unwrap_or(0))
        .sum()
}

#[tokio::test]
async fn the_realistic_profile_gives_each_kind_its_own_scaled_duration() {
    let api = http::Api::with_delay(Delay::Realistic { scale: 0.001 }).await;
    reset(&api).await;
    api.done(api.post("/datacenters", &json!({"properties": {"name": "a", "location": "de/fra"}})).await).await;
    let datacenter = stats(&api).await["provisioningMs"].as_i64().unwrap_or(0);
    reset(&api).await;
    api.done(api.post("/k8s", &json!({"properties": {"name": "kube"}})).await).await;
    let cluster = stats(&api).await["provisioningMs"].as_i64().unwrap_or(0);
    // 15 s and 900 s typically, scaled by 1/1000, ±30 % in log (four spreads either side).
    assert!((4..=60).contains(&datacenter), "data center: {datacenter} ms");
    assert!((250..=3000).contains(&cluster), "cluster: {cluster} ms");
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_all_learns_the_status_of_twenty_requests_with_one_call_per_poll() {
    let api = http::Api::with_delay(Delay::Fixed(Duration::from_millis(300))).await;
    let home = tempfile::tempdir().expect("temp dir");
    let dc = api.datacenter("de/fra").await;
    let dc = dc.trim_start_matches("/datacenters/").to_string();
    reset(&api).await;
    let script = format!(
        r#"let rs = []; for n in 1..=20 {{ rs.push(create_server("{dc}", Server(#{{ name: `s${{n}}`, cores: 1, ram: 1024 }}))); }} wait_all(rs); print(list_servers("{dc}").items.len());"#
    );
    let (root, home_path) = (api.root.clone(), home.path().to_path_buf());
    let out = tokio::task::spawn_blocking(move || run(&root, &home_path, &script)).await.expect("ran");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "20");
    let stats = stats(&api).await;
    assert_eq!(count(&stats, "POST", "/servers"), 20);
    assert_eq!(count(&stats, "GET", "/status"), 0, "no request is polled on its own: {stats}");
    let batches = count(&stats, "GET", "/requests");
    assert!((1..=3).contains(&batches), "{batches} batch polls: {stats}");
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queued_build_sends_every_part_at_once_and_polls_them_together() {
    // 300 ms each, as the emulator announces; a part starts when what it acts on is done (the
    // NIC after its server, the rule after its NIC, an attachment after its volume), and the
    // wait expects that: it looks once, when the last part is done.
    let api = http::Api::with_delay(Delay::Fixed(Duration::from_millis(300))).await;
    let home = tempfile::tempdir().expect("temp dir");
    reset(&api).await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/queued_build.rhai");
    let script = script.to_string_lossy().into_owned();
    let (root, home_path) = (api.root.clone(), home.path().to_path_buf());
    let out = tokio::task::spawn_blocking(move || ionosh(&root, &home_path, &["run", &script])).await.expect("ran");
    let text = String::from_utf8_lossy(&out.stdout);
    let datacenter: Value = serde_json::from_str(&text[text.find("\n{").map_or(0, |i| i + 1)..]).expect("JSON");
    let server = &datacenter["entities"]["servers"]["items"][0];
    assert_eq!(server["entities"]["volumes"]["items"].as_array().map(Vec::len), Some(2), "{datacenter}");
    assert_eq!(
        server["entities"]["nics"]["items"][0]["entities"]["firewallrules"]["items"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(datacenter["entities"]["lans"]["items"][0]["properties"]["public"], true);
    let stats = stats(&api).await;
    // Nine mutations, then one look at all of them.
    assert_eq!(count(&stats, "POST", ""), 9, "{stats}");
    assert_eq!(count(&stats, "GET", "/status"), 0, "no part is polled on its own: {stats}");
    assert_eq!(count(&stats, "GET", "/requests"), 1, "{stats}");
    // Data center, server, NIC, rule: four in a row.
    assert!(stats["provisioningMs"].as_i64().is_some_and(|ms| ms >= 1200), "{stats}");
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_look_timed_for_another_request_teaches_nothing_about_this_one() {
    // Time scale 1/100: a volume from an image takes about 900 ms (first looked at after
    // 450 ms), a LAN about 80 ms (first looked at after 40 ms). The one look at 450 ms finds
    // the LAN long done, but not when: its duration is not learned (it used to be learned as
    // its own 40 ms schedule, far shorter than it took).
    let api = http::Api::with_delay(Delay::Realistic { scale: 0.01 }).await;
    let home = tempfile::tempdir().expect("temp dir");
    let dc = api.datacenter("de/fra").await;
    let dc = dc.trim_start_matches("/datacenters/").to_string();
    let script = format!(
        r#"wait_all([
            create_volume("{dc}", Volume(#{{ name: "v", size: 10, type: "HDD", image_alias: "ubuntu:latest", ssh_keys: ["ssh-ed25519 AAAA k"] }})),
            create_lan("{dc}", LAN(#{{ name: "l" }})),
        ]);
        print("ok");"#
    );
    let (root, home_path) = (api.root.clone(), home.path().to_path_buf());
    tokio::task::spawn_blocking(move || run(&root, &home_path, &script)).await.expect("ran");
    let history = home.path().join("state").join("ionosh").join("waits.json");
    let text = std::fs::read_to_string(&history).expect("the history is kept");
    assert!(text.contains("\"create_volume (from an image)\""), "{text}");
    assert!(!text.contains("\"create_lan\""), "{text}");
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wait_learns_when_its_kind_is_done_and_keeps_it_for_the_next_run() {
    // The emulator does not tell its delay: waits time themselves as on the real API.
    let api = http::Api::with_delay(Delay::Unannounced(Duration::from_millis(1500))).await;
    let home = tempfile::tempdir().expect("temp dir");
    let dc = api.datacenter("de/fra").await;
    let dc = dc.trim_start_matches("/datacenters/").to_string();
    let script = format!(r#"wait_for_completion(create_lan("{dc}", LAN(#{{ name: "l" }}))); print("ok");"#);
    let mut polls = Vec::new();
    let mut took = Vec::new();
    for _ in 0..3 {
        reset(&api).await;
        let (root, home_path, script) = (api.root.clone(), home.path().to_path_buf(), script.clone());
        let started = std::time::Instant::now();
        tokio::task::spawn_blocking(move || run(&root, &home_path, &script)).await.expect("ran");
        took.push(started.elapsed());
        polls.push(count(&stats(&api).await, "GET", "/status"));
    }
    // Cold, a LAN typically takes 8 s: a look at one second finds it going, the next at
    // 4 s finds it done. Learned, later runs look from a little before the shortest past
    // wait, 6 % apart: a few polls, seen within a tenth of the 1.5 s.
    assert_eq!(polls[0], 2, "status polls per run: {polls:?}");
    assert!(polls[1..].iter().all(|p| (1..=4).contains(p)), "status polls per run: {polls:?}");
    for later in &took[1..] {
        // (About 2 s sooner; the margin leaves room for a loaded machine starting ionosh.)
        assert!(*later + Duration::from_millis(500) < took[0], "learned runs finish sooner: {took:?}");
    }
    let history = home.path().join("state").join("ionosh").join("waits.json");
    let text = std::fs::read_to_string(&history).expect("the history is kept");
    assert!(text.contains("\"create_lan\""), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&history).expect("history").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    api.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waits_scale_what_they_expect_by_the_time_scale_the_emulator_announces() {
    // A data center typically takes 15 s and a LAN 8 s; at 1/500 that is 30 ms and 16 ms.
    let api = http::Api::with_delay(Delay::Realistic { scale: 0.002 }).await;
    let home = tempfile::tempdir().expect("temp dir");
    let script = r#"let dc = create_datacenter(Datacenter(#{ location: "de/fra" })); wait_for_completion(dc);
        wait_for_completion(create_lan(dc.id, LAN(#{}))); print("ok");"#;
    reset(&api).await;
    let (root, home_path) = (api.root.clone(), home.path().to_path_buf());
    let started = std::time::Instant::now();
    tokio::task::spawn_blocking(move || run(&root, &home_path, script)).await.expect("ran");
    let took = started.elapsed();
    // Unscaled, a first run would look at one second into each wait.
    assert!(took < Duration::from_millis(900), "took {took:?}");
    let polls = count(&stats(&api).await, "GET", "/status");
    assert!((2..=10).contains(&polls), "{polls} status polls");
    api.stop().await;
}

/// `ionosh run -e SCRIPT` against the API at `root`, with its state directory under `home`.
fn run(root: &str, home: &Path, script: &str) -> Output {
    ionosh(root, home, &["run", "-e", script])
}

/// `ionosh ARGS…` against the API at `root`, with its wait history under `home`; it must succeed.
fn ionosh(root: &str, home: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(args)
        .current_dir(home)
        .env("HOME", home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("IONOS_API_URL", root)
        .env("IONOS_USERNAME", "tester@example.com")
        .env("IONOS_PASSWORD", "pw")
        .env_remove("IONOS_TOKEN")
        .output()
        .expect("ionosh runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

#[test]
fn a_time_scale_without_the_realistic_profile_is_refused() {
    let home = tempfile::tempdir().expect("temp dir");
    for args in [
        &["sim", "--ephemeral", "--time-scale", "0.1"][..],
        &["run", "--sim-ephemeral", "--sim-time-scale", "0.1", "-e", "1"],
    ] {
        let out =
            Command::new(env!("CARGO_BIN_EXE_ionosh")).args(args).env("HOME", home.path()).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("a time scale applies to the realistic delay profile only"), "{err}");
    }
    let ok = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args([
            "run",
            "--sim-ephemeral",
            "--sim-delay-profile",
            "realistic",
            "--sim-time-scale",
            "0.001",
            "-e",
            "print(1)",
        ])
        .env("HOME", home.path())
        .output()
        .expect("runs");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
}
