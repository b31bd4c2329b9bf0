//! Reliability under injected faults: the example builds complete with 20% of the emulator's
//! answers replaced by 429s, 5xx, slow answers and dropped connections, and every resource
//! they create exists exactly once; a POST whose answer was lost is resumed from the API's
//! request log, and one that was refused is sent again.

use ionosh::sim::{FaultConfig, FaultKind};
use serde_json::{json, Value};

use crate::world::World;

fn script(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(name);
    std::fs::read_to_string(path).expect("script")
}

fn set_faults(world: &World, config: FaultConfig) {
    world.sim.as_ref().expect("running").set_faults(config).expect("valid fault settings");
}

/// 20% of answers faulted, every kind, reproducible draws, instant `Retry-After`.
fn twenty_percent(seed: u64) -> FaultConfig {
    FaultConfig { rate: 0.2, seed: Some(seed), retry_after_s: 0, slow_ms: 30, ..FaultConfig::default() }
}

fn get(world: &World, path: &str) -> Value {
    let url = format!("{}{path}", world.base_url());
    world.runtime.block_on(async {
        let response =
            reqwest::Client::new().get(url).basic_auth("t@example.com", Some("x")).send().await.expect("GET");
        assert!(response.status().is_success(), "GET {path}: {}", response.status());
        response.json::<Value>().await.expect("JSON")
    })
}

fn items(value: &Value) -> Vec<Value> {
    value["items"].as_array().cloned().unwrap_or_default()
}

/// The accepted POSTs, by URL path without the host.
fn accepted_posts(world: &World) -> Vec<String> {
    let requests = get(world, "/cloudapi/v6/requests?filter.method=POST&depth=2&limit=10000");
    items(&requests)
        .iter()
        .map(|r| r["properties"]["url"].as_str().unwrap_or_default().replace(&world.base_url(), ""))
        .collect()
}

/// The faults the emulator injected, by kind.
fn injected(world: &World) -> Vec<(String, String)> {
    let log = get(world, "/_sim/stats/log");
    items(&log)
        .iter()
        .filter(|e| !e["fault"].is_null())
        .map(|e| (e["method"].as_str().unwrap_or_default().to_string(), e["fault"].as_str().unwrap_or_default().into()))
        .collect()
}

fn count_under(value: &Value, kind: &str) -> usize {
    match value {
        Value::Object(map) => {
            let own = usize::from(map.get("type") == Some(&json!(kind)) && map.contains_key("properties"));
            own + map.values().map(|v| count_under(v, kind)).sum::<usize>()
        }
        Value::Array(items) => items.iter().map(|v| count_under(v, kind)).sum(),
        _ => 0,
    }
}

#[test]
fn the_component_build_completes_under_faults_and_creates_everything_once() {
    let world = World::start(5);
    set_faults(&world, twenty_percent(11));
    let _ = world.eval(&script("component_build.rhai")).unwrap_or_else(|e| panic!("the build failed: {e}"));
    set_faults(&world, FaultConfig::default());

    let dcs = get(&world, "/cloudapi/v6/datacenters?depth=10");
    assert_eq!(items(&dcs).len(), 1, "one data center");
    let dc = &items(&dcs)[0];
    assert_eq!(count_under(&dc["entities"]["servers"], "server"), 1);
    assert_eq!(count_under(&dc["entities"]["lans"], "lan"), 1);
    assert_eq!(count_under(&dc["entities"]["volumes"], "volume"), 2);
    assert_eq!(count_under(&dc["entities"]["servers"], "nic"), 1);
    assert_eq!(count_under(&dc["entities"]["servers"], "firewall-rule"), 1);
    // Nine POSTs: data center, LAN, server, NIC, rule, two volumes, two attachments.
    assert_eq!(accepted_posts(&world).len(), 9, "{:#?}", accepted_posts(&world));
    assert!(!injected(&world).is_empty(), "faults were injected");
}

#[test]
fn the_composite_build_completes_under_faults_and_creates_everything_once() {
    let world = World::start(5);
    // With this seed the very first answer, the data center's POST, loses its connection.
    set_faults(&world, twenty_percent(69));
    let _ = world.eval(&script("composite_build.rhai")).unwrap_or_else(|e| panic!("the build failed: {e}"));
    set_faults(&world, FaultConfig::default());

    let dcs = get(&world, "/cloudapi/v6/datacenters?depth=10");
    assert_eq!(items(&dcs).len(), 1, "one data center");
    let dc = &items(&dcs)[0];
    assert_eq!(count_under(&dc["entities"]["servers"], "server"), 1);
    assert_eq!(count_under(&dc["entities"]["volumes"], "volume"), 2);
    assert_eq!(count_under(&dc["entities"]["servers"], "nic"), 2);
    assert_eq!(count_under(&dc["entities"]["servers"], "firewall-rule"), 1);
    assert_eq!(accepted_posts(&world), vec!["/cloudapi/v6/datacenters".to_string()]);
    assert!(!injected(&world).is_empty(), "faults were injected");
}

#[test]
fn a_post_whose_answer_was_lost_is_resumed_from_the_request_log() {
    let world = World::start(5);
    set_faults(&world, FaultConfig { rate: 1.0, kinds: vec![FaultKind::Drop], ..FaultConfig::default() });
    let created = world.json(
        r#"let r = create_datacenter(Datacenter(#{ name: "lost answer", location: "de/fra" }));
           wait_for_completion(r);
           #{ id: r.id, name: r.properties.name, request: r.requestId }"#,
    );
    set_faults(&world, FaultConfig::default());
    let dcs = items(&get(&world, "/cloudapi/v6/datacenters"));
    assert_eq!(dcs.len(), 1);
    assert_eq!(created["id"], dcs[0]["id"]);
    assert_eq!(created["name"], "lost answer");
    let requests = items(&get(&world, "/cloudapi/v6/requests"));
    assert_eq!(requests.len(), 1);
    assert_eq!(created["request"], requests[0]["id"]);
    assert_eq!(injected(&world), vec![("POST".to_string(), "drop".to_string())]);
}

#[test]
fn identical_posts_under_lost_and_refused_answers_each_take_effect_once() {
    let world = World::start(5);
    let dc = world.json(
        r#"let r = create_datacenter(Datacenter(#{ name: "lans", location: "de/fra" })); wait_for_completion(r); r.id"#,
    );
    let dc = dc.as_str().expect("id").to_string();
    let kinds = vec![FaultKind::Internal, FaultKind::Drop];
    set_faults(&world, FaultConfig { rate: 0.5, kinds, seed: Some(5), ..FaultConfig::default() });
    let _ = world
        .eval(&format!(r#"for i in 0..10 {{ create_lan("{dc}", LAN(#{{ public: false }})); }}"#))
        .unwrap_or_else(|e| panic!("the loop failed: {e}"));
    set_faults(&world, FaultConfig::default());
    let lans = items(&get(&world, &format!("/cloudapi/v6/datacenters/{dc}/lans")));
    assert_eq!(lans.len(), 10, "ten LANs, no more, no fewer");
    assert_eq!(accepted_posts(&world).len(), 11);
    let faults = injected(&world);
    assert!(faults.contains(&("POST".into(), "drop".into())), "a POST lost its answer: {faults:?}");
    assert!(faults.contains(&("POST".into(), "500".into())), "a POST was refused: {faults:?}");
}

#[test]
fn controls_set_faults_and_rate_limits_at_run_time_and_stats_count_by_route() {
    let world = World::start(5);
    let base = world.base_url();
    world.runtime.block_on(async {
        let http = reqwest::Client::new();
        let put = |body: Value| http.put(format!("{base}/_sim/faults")).json(&body).send();
        let api = |path: &str| http.get(format!("{base}/cloudapi/v6{path}")).basic_auth("u", Some("p")).send();
        assert_eq!(put(json!({"rate": 2})).await.expect("PUT").status(), 422);
        assert_eq!(put(json!({"kinds": ["418"]})).await.expect("PUT").status(), 422);

        // Every API answer faulted with 503; the controls still answer.
        put(json!({"rate": 1.0, "kinds": ["503"]})).await.expect("PUT");
        let faulted = api("/datacenters").await.expect("GET");
        assert_eq!(faulted.status(), 503);
        assert_eq!(faulted.json::<Value>().await.expect("JSON")["httpStatus"], 503);
        let shown = http.get(format!("{base}/_sim/faults")).send().await.expect("GET");
        assert_eq!(shown.json::<Value>().await.expect("JSON")["kinds"], json!(["503"]));

        // Injected 429s carry Retry-After.
        put(json!({"rate": 1.0, "kinds": ["429"], "retryAfter": 3})).await.expect("PUT");
        let limited = api("/datacenters").await.expect("GET");
        assert_eq!(limited.status(), 429);
        assert_eq!(limited.headers()["retry-after"], "3");

        // A burst of two, then 429 with the real headers.
        put(json!({"rateLimit": {"perMinute": 6, "burst": 2}})).await.expect("PUT");
        assert_eq!(api("/locations").await.expect("GET").headers()["x-ratelimit-burst"], "2");
        let second = api("/locations").await.expect("GET");
        assert_eq!(
            (second.status().as_u16(), &second.headers()["x-ratelimit-remaining"]),
            (200, &"0".parse().unwrap())
        );
        let refused = api("/locations").await.expect("GET");
        assert_eq!(refused.status(), 429);
        assert_eq!(refused.headers()["retry-after"], "10");
        assert_eq!(refused.headers()["x-ratelimit-limit"], "6");

        put(json!({})).await.expect("PUT");
        http.delete(format!("{base}/_sim/stats")).send().await.expect("DELETE");
        for id in ["a", "b"] {
            api(&format!("/datacenters/{id}")).await.expect("GET");
        }
        let stats: Value =
            http.get(format!("{base}/_sim/stats")).send().await.expect("GET").json().await.expect("JSON");
        assert_eq!(stats["total"], 2);
        assert_eq!(
            stats["byRoute"],
            json!([{"method": "GET", "path": "/cloudapi/v6/datacenters/{datacenter_id}", "count": 2}])
        );
        assert_eq!(stats["byStatus"], json!({"404": 2}));
    });
}
