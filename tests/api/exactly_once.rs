//! Exactly-once creation: a POST whose answer was refused or lost is resumed only from a
//! request this very call sent; another user's or another run's identical request is never
//! taken for ours. Under 30% and 50% injected faults, runs of one script in parallel and in
//! sequence each build their own objects: none shared, none duplicated.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use ionosh::client::{Credentials, RetryPolicy};
use ionosh::engine::Host;
use ionosh::session::ClientOptions;
use ionosh::sim::FaultConfig;
use serde_json::{json, Value};

use crate::world::{eval_with, World};

/// One run's build: a data center, a LAN, a server and a NIC on that LAN, each waited for.
const BUILD: &str = r#"
    let dc = create_datacenter(Datacenter(#{ name: "team-dc", location: "de/fra" }));
    wait_for_completion(dc);
    let lan = create_lan(dc.id, LAN(#{ name: "team-lan", public: false }));
    wait_for_completion(lan);
    let server = create_server(dc.id, Server(#{ name: "team-server", cores: 1, ram: 1024 }));
    wait_for_completion(server);
    let nic = create_nic(dc.id, server.id, NIC(#{ name: "team-nic", lan: parse_int(lan.id) }));
    wait_for_completion(nic);
    #{ dc: dc.id, lan: lan.id, server: server.id, nic: nic.id }
"#;

/// A host for `user` that retries quickly and long enough to outlast heavy fault rates.
fn host_for(world: &World, user: &str) -> Arc<Host> {
    let retry = RetryPolicy {
        max_attempts: 60,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_millis(0),
    };
    let credentials = Credentials::Basic { user: user.into(), password: "secret".into() };
    world.host_with_options(credentials, &ClientOptions { retry, ..ClientOptions::default() })
}

/// Runs the build as `user` and returns the ids it reported.
fn build(world: &World, user: &str) -> Value {
    let value = eval_with(&host_for(world, user), BUILD).unwrap_or_else(|e| panic!("the build as {user} failed: {e}"));
    rhai::serde::from_dynamic(&value).expect("JSON")
}

fn get(world: &World, path: &str) -> Value {
    let url = format!("{}{path}", world.api_url());
    world.runtime.block_on(async {
        let answer = reqwest::Client::new().get(url).basic_auth("auditor", Some("x")).send().await.expect("GET");
        assert!(answer.status().is_success(), "GET {path}: {}", answer.status());
        answer.json::<Value>().await.expect("JSON")
    })
}

fn ids(value: &Value) -> Vec<String> {
    value["items"].as_array().into_iter().flatten().filter_map(|i| i["id"].as_str().map(str::to_string)).collect()
}

fn queue_faults(world: &World, kinds: &[&str]) {
    world.control("/_sim/faults/next", json!({ "kinds": kinds }));
}

/// Checks that every run built its own objects and that nothing else exists: one data center
/// per run, each holding exactly the run's LAN, server and NIC.
fn audit(world: &World, runs: &[Value]) {
    let dcs: HashSet<String> = ids(&get(world, "/datacenters")).into_iter().collect();
    let reported: HashSet<String> = runs.iter().map(|r| r["dc"].as_str().expect("dc id").to_string()).collect();
    assert_eq!(reported.len(), runs.len(), "each run reports its own data center: {runs:?}");
    assert_eq!(dcs, reported, "the emulator holds exactly the runs' data centers");
    for run in runs {
        let dc = run["dc"].as_str().expect("dc");
        assert_eq!(ids(&get(world, &format!("/datacenters/{dc}/lans"))), vec![run["lan"].as_str().expect("lan")]);
        assert_eq!(ids(&get(world, &format!("/datacenters/{dc}/servers"))), vec![run["server"].as_str().expect("srv")]);
        let server = run["server"].as_str().expect("server");
        let nics = ids(&get(world, &format!("/datacenters/{dc}/servers/{server}/nics")));
        assert_eq!(nics, vec![run["nic"].as_str().expect("nic")], "run {run}");
    }
}

#[test]
fn a_refused_create_never_adopts_another_users_identical_object() {
    let world = World::start(5);
    let a = build(&world, "a@example.com");
    // B's first POST is refused with a 500 (not processed): B looks its request up and must
    // not take A's identical, earlier request for its own.
    queue_faults(&world, &["500"]);
    let b = build(&world, "b@example.com");
    assert_ne!(a["dc"], b["dc"], "B built inside A's data center");
    audit(&world, &[a, b]);
}

#[test]
fn a_refused_create_never_adopts_the_same_users_earlier_run() {
    let world = World::start(5);
    let first = build(&world, "ops@example.com");
    queue_faults(&world, &["500"]);
    let second = build(&world, "ops@example.com");
    audit(&world, &[first, second]);
}

#[test]
fn a_create_whose_answer_was_lost_is_resumed_from_its_own_request_only() {
    let world = World::start(5);
    let first = build(&world, "ops@example.com");
    // The next POST is processed, then its connection breaks: the run resumes from the
    // request it sent (found by its marker), not from the earlier run's.
    queue_faults(&world, &["drop"]);
    let second = build(&world, "ops@example.com");
    audit(&world, &[first, second]);
}

fn faulted(rate: f64, seed: u64) -> FaultConfig {
    FaultConfig { rate, seed: Some(seed), retry_after_s: 0, slow_ms: 5, ..FaultConfig::default() }
}

fn parallel_runs(rate: f64, seed: u64) {
    let world = World::start(5);
    world.sim.as_ref().expect("running").set_faults(faulted(rate, seed)).expect("faults");
    let runs: Vec<Value> = std::thread::scope(|scope| {
        let world = &world;
        let handles: Vec<_> = (0..4).map(|i| scope.spawn(move || build(world, user(i)))).collect();
        handles.into_iter().map(|h| h.join().expect("run thread")).collect()
    });
    world.sim.as_ref().expect("running").set_faults(FaultConfig::default()).expect("faults off");
    audit(&world, &runs);
}

fn sequential_runs(rate: f64, seed: u64) {
    let world = World::start(5);
    world.sim.as_ref().expect("running").set_faults(faulted(rate, seed)).expect("faults");
    let runs: Vec<Value> = (0..4).map(|i| build(&world, user(i))).collect();
    world.sim.as_ref().expect("running").set_faults(FaultConfig::default()).expect("faults off");
    audit(&world, &runs);
}

/// Two runs as one user, two as another: the same script, the same bodies.
fn user(i: usize) -> &'static str {
    if i.is_multiple_of(2) {
        "ops@example.com"
    } else {
        "dev@example.com"
    }
}

#[test]
fn parallel_runs_at_30_percent_faults_each_build_their_own_objects() {
    parallel_runs(0.3, 30);
}

#[test]
fn parallel_runs_at_50_percent_faults_each_build_their_own_objects() {
    parallel_runs(0.5, 50);
}

#[test]
fn sequential_runs_at_30_percent_faults_each_build_their_own_objects() {
    sequential_runs(0.3, 31);
}

#[test]
fn sequential_runs_at_50_percent_faults_each_build_their_own_objects() {
    sequential_runs(0.5, 51);
}
