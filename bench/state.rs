//! The emulator's state under load, measured against one `ionosh sim` process on a SQLite
//! state file (`cargo bench --bench state`, or `bench/state.sh`, which installs wrk first).
//! Prints, side by side for 20, 1k and 20k data centers: create latency (p50, p99),
//! GET-one and `limit=10` list throughput under wrk, the mixed 9 lists : 1 create load with
//! `limit=10` and with full lists, and GET-one latency while a create loop runs; then four
//! processes creating 250 data centers each on one state; then the NetFoundry API: one
//! network holding 20, 1k and 20k endpoints, create and name-filtered list latency (p50,
//! p99). Figures, not assertions.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_ionosh");
const AUTH: &str = "Basic YmVuY2g6YmVuY2g=";
const SIZES: [usize; 3] = [20, 1_000, 20_000];
const WRK_SECONDS: &str = "5";

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("rt");
    let wrk = Command::new("wrk").arg("--version").output().is_ok();
    if !wrk {
        eprintln!("wrk is not installed: throughput columns are left out (bench/state.sh installs it)");
    }
    println!(
        "ionosh {} emulator, SQLite state, {} cores; each row on a fresh state",
        env!("CARGO_PKG_VERSION"),
        cores()
    );
    println!("(the mixed loads create objects as they go: 'after' is the count at the end of the row)");
    println!();
    println!(
        "{:>7}  {:>9} {:>9}  {:>8} {:>8}  {:>9}  {:>9} {:>9}  {:>9} {:>10}  {:>7}",
        "objects",
        "create50",
        "create99",
        "get/s",
        "get99",
        "list10/s",
        "busyget50",
        "busyget99",
        "mixed10/s",
        "mixedall/s",
        "after"
    );
    for size in SIZES {
        let (mut sim, url) = serve(&dir.path().join(format!("state-{size}.db")));
        runtime.block_on(fill(&url, 0, size));
        let creates = runtime.block_on(create_latencies(&url, 200));
        let some_id = runtime.block_on(some_datacenter(&url));
        let measured = |target: &str, script: Option<&str>| if wrk { load(target, script) } else { (0.0, 0.0) };
        let (get_rps, get_p99) = measured(&format!("{url}/datacenters/{some_id}"), None);
        let (list_rps, _) = measured(&format!("{url}/datacenters?depth=1&limit=10"), None);
        let busy = runtime.block_on(gets_while_creating(&url, &some_id));
        let base = url.trim_end_matches("/cloudapi/v6");
        let (mixed_rps, _) = measured(base, Some("bench/mixed.lua"));
        let (mixed_all_rps, _) = measured(base, Some("bench/mixed_full.lua"));
        let after = runtime.block_on(count(&url));
        println!(
            "{:>7}  {:>7.2}ms {:>7.2}ms  {:>8.0} {:>6.2}ms  {:>9.0}  {:>7.2}ms {:>7.2}ms  {:>9.0} {:>10.0}  {:>7}",
            size,
            percentile(&creates, 50.0),
            percentile(&creates, 99.0),
            get_rps,
            get_p99,
            list_rps,
            percentile(&busy, 50.0),
            percentile(&busy, 99.0),
            mixed_rps,
            mixed_all_rps,
            after,
        );
        sim.kill().expect("the emulator stops");
        let _ = sim.wait();
    }
    println!();
    four_processes(dir.path());
    println!();
    runtime.block_on(netfoundry(dir.path()));
}

/// Any token is taken by an emulator without credentials.
const BEARER: &str = "Bearer bench";

/// NetFoundry at scale: for each size a fresh state with one network holding that many
/// endpoints, then 200 endpoint creates one after the other and 200 lists of the network's
/// endpoints filtered by one name (`?networkId=…&name=…`), each timed.
async fn netfoundry(dir: &Path) {
    println!("NetFoundry: one network holding N endpoints, 200 of each call one after the other");
    println!("{:>7}  {:>9} {:>9}  {:>9} {:>9}", "objects", "create50", "create99", "named50", "named99");
    for size in SIZES {
        let (mut sim, url) = serve(&dir.join(format!("nf-{size}.db")));
        let base = url.trim_end_matches("/cloudapi/v6").to_string();
        let http = client();
        let network = nf_network(&http, &base).await;
        let mut next = 0;
        while next < size {
            let batch = (size - next).min(8);
            let creates = (0..batch).map(|i| nf_endpoint(&http, &base, &network, format!("fill-{}", next + i)));
            futures_util::future::join_all(creates).await;
            next += batch;
        }
        let mut creates = Vec::new();
        for i in 0..200 {
            let started = Instant::now();
            nf_endpoint(&http, &base, &network, format!("timed-{i}")).await;
            creates.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        let mut lists = Vec::new();
        for i in 0..200 {
            let name = format!("fill-{}", (i * 7919) % size);
            let started = Instant::now();
            let listed = nf_get(&http, &format!("{base}/core/v2/endpoints?networkId={network}&name={name}")).await;
            lists.push(started.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(listed["page"]["totalElements"], 1, "one endpoint named {name}");
        }
        println!(
            "{:>7}  {:>7.2}ms {:>7.2}ms  {:>7.2}ms {:>7.2}ms",
            size,
            percentile(&creates, 50.0),
            percentile(&creates, 99.0),
            percentile(&lists, 50.0),
            percentile(&lists, 99.0),
        );
        sim.kill().expect("the emulator stops");
        let _ = sim.wait();
    }
}

async fn nf_get(http: &reqwest::Client, url: &str) -> Value {
    let answer = http.get(url).header("authorization", BEARER).send().await.expect("the emulator answers");
    answer.json().await.expect("JSON")
}

/// A new network in the organization's network group, once it is PROVISIONED; its id.
async fn nf_network(http: &reqwest::Client, base: &str) -> String {
    let groups = nf_get(http, &format!("{base}/core/v2/network-groups")).await;
    let group = groups["_embedded"]["networkGroupList"][0]["id"].as_str().expect("a network group").to_string();
    let body = json!({"name": "bench", "networkGroupId": group});
    let sent = http.post(format!("{base}/core/v2/networks")).header("authorization", BEARER).json(&body).send().await;
    let made: Value = sent.expect("the emulator answers").json().await.expect("JSON");
    let id = made["id"].as_str().expect("the network's id").to_string();
    while nf_get(http, &format!("{base}/core/v2/networks/{id}")).await["status"] != "PROVISIONED" {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    id
}

async fn nf_endpoint(http: &reqwest::Client, base: &str, network: &str, name: String) {
    let body = json!({"name": name, "networkId": network});
    let sent = http.post(format!("{base}/core/v2/endpoints")).header("authorization", BEARER).json(&body).send().await;
    assert_eq!(sent.expect("the emulator answers").status(), 202, "an endpoint create was refused");
}

fn cores() -> usize {
    std::thread::available_parallelism().map(usize::from).unwrap_or(1)
}

/// Starts `ionosh sim` on `state` with a 1 ms provisioning delay; returns it and its API URL.
fn serve(state: &Path) -> (Child, String) {
    let mut child = Command::new(BIN)
        .args(["sim", "--listen", "127.0.0.1:0", "--delay-ms", "1", "--state"])
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the emulator starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut url = String::new();
    stdout.read_line(&mut url).expect("the URL");
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    (child, url.trim().to_string())
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().pool_max_idle_per_host(16).build().expect("a client")
}

async fn create(http: &reqwest::Client, url: &str, name: String) {
    let body = json!({"properties": {"name": name, "location": "de/fra"}});
    let sent = http.post(format!("{url}/datacenters")).header("authorization", AUTH).json(&body).send().await;
    let status = sent.expect("the emulator answers").status();
    assert_eq!(status, 202, "a create was refused");
}

/// Creates data centers (eight at a time) until `target` exist.
async fn fill(url: &str, present: usize, target: usize) {
    let http = client();
    let mut next = present;
    while next < target {
        let batch = (target - next).min(8);
        let creates = (0..batch).map(|i| create(&http, url, format!("fill-{}", next + i)));
        futures_util::future::join_all(creates).await;
        next += batch;
    }
}

/// The latency of `n` creates one after the other, in milliseconds.
async fn create_latencies(url: &str, n: usize) -> Vec<f64> {
    let http = client();
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let started = Instant::now();
        create(&http, url, format!("timed-{i}")).await;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times
}

async fn some_datacenter(url: &str) -> String {
    let list: Value = client()
        .get(format!("{url}/datacenters?depth=0&limit=1"))
        .header("authorization", AUTH)
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    list["items"][0]["id"].as_str().expect("a data center").to_string()
}

async fn count(url: &str) -> usize {
    let http = client();
    let mut offset = 0;
    loop {
        let page: Value = http
            .get(format!("{url}/datacenters?depth=0&offset={offset}&limit=10000"))
            .header("authorization", AUTH)
            .send()
            .await
            .expect("answers")
            .json()
            .await
            .expect("JSON");
        let n = page["items"].as_array().map_or(0, Vec::len);
        offset += n;
        if n < 10_000 {
            return offset;
        }
    }
}

/// GET-one latencies (ms) for three seconds while another task creates data centers.
async fn gets_while_creating(url: &str, id: &str) -> Vec<f64> {
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (url, stop) = (url.to_string(), stop.clone());
        tokio::spawn(async move {
            let http = client();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                create(&http, &url, format!("busy-{n}")).await;
                n += 1;
            }
        })
    };
    let http = client();
    let mut times = Vec::new();
    let until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < until {
        let started = Instant::now();
        let answer = http.get(format!("{url}/datacenters/{id}")).header("authorization", AUTH).send().await;
        let _ = answer.expect("answers").bytes().await;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    stop.store(true, Ordering::Relaxed);
    let _ = writer.await;
    times
}

/// wrk on `url` (with a Lua script): requests per second and p99 in milliseconds.
fn load(url: &str, script: Option<&str>) -> (f64, f64) {
    let mut command = Command::new("wrk");
    command.args(["-t2", "-c16", "-d", WRK_SECONDS, "--latency", "-H", &format!("Authorization: {AUTH}")]);
    if let Some(script) = script {
        command.args(["-s", script]);
    }
    let out = command.arg(url).output().expect("wrk runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let rps = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0);
    let p99 = text.lines().find_map(|l| l.trim().strip_prefix("99%")).map_or(0.0, |v| millis(v.trim()));
    (rps, p99)
}

/// wrk's `1.23ms`, `456.00us`, `1.2s` in milliseconds.
fn millis(text: &str) -> f64 {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().unwrap_or(0.0) * factor
}

fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Four `ionosh run --sim` processes creating 250 data centers each on one state.
fn four_processes(dir: &Path) {
    let script = dir.join("create250.rhai");
    std::fs::write(
        &script,
        r#"for i in 0..250 { create_datacenter(#{ name: `${ARGS.name}-${i}`, location: "de/fra" }); }"#,
    )
    .expect("script");
    let state = dir.join("four.db");
    let started = Instant::now();
    let runs: Vec<Child> = (0..4)
        .map(|n| {
            Command::new(BIN)
                .args(["run", "--sim", "--sim-delay-ms", "1", "--sim-state"])
                .arg(&state)
                .arg(&script)
                .args(["--", &format!("name=p{n}")])
                .stdout(Stdio::null())
                .spawn()
                .expect("a run starts")
        })
        .collect();
    let ok = runs.into_iter().map(|mut run| run.wait().map(|s| s.success()).unwrap_or(false)).filter(|ok| *ok).count();
    let seconds = started.elapsed().as_secs_f64();
    let list = dir.join("list.rhai");
    std::fs::write(
        &list,
        "print(to_json(list_datacenters(#{ depth: 1, limit: 10000 }).items.map(|d| d.properties.name), false));",
    )
    .expect("script");
    let out = Command::new(BIN).args(["run", "--sim", "--sim-state"]).arg(&state).arg(&list).output().expect("runs");
    let names: Vec<String> = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    println!(
        "four processes x 250 creates on one state: {ok}/4 runs ok in {seconds:.1} s; {} present, {} duplicated",
        names.len(),
        names.len() - unique.len()
    );
}
