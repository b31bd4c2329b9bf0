//! A sweep of bad requests over every route of the catalog against the emulator: malformed
//! JSON, wrong types, unknown and missing fields, a huge body, deep nesting, invalid ids and
//! wrong methods. Every answer is a 4xx in the API's error shape — never a 5xx or a dropped
//! connection — and the store (the state file) is exactly as it was before the sweep.

use ionosh::catalog::{Method, Operation, Options, Param};
use ionosh::provider::ionos::CATALOG;
use serde_json::{json, Value};

use crate::world::World;

/// Ids of a real tree, by path parameter name.
fn real_ids(world: &World) -> Vec<(&'static str, String)> {
    let tree = world.json(
        r#"
        let dc = create_datacenter(Datacenter(#{ name: "sweep", location: "de/fra", servers: [Server(#{
            name: "s", cores: 1, ram: 1024,
            nics: [NIC(#{ lan: 1, firewall_rules: [FirewallRule(#{ protocol: "TCP" })] })],
            create_volumes: [Volume(#{ name: "v", size: 10, licence_type: "LINUX" })],
        })] }));
        wait_for_completion(dc);
        let lb = create_loadbalancer(dc.id, LoadBalancer(#{ name: "lb" }));
        wait_for_completion(lb);
        let ip = reserve_ipblock(IPBlock(#{ location: "de/fra", size: 1 }));
        wait_for_completion(ip);
        let d = get_datacenter(dc.id, #{ depth: 10 });
        let server = d.entities.servers.items[0];
        let nic = server.entities.nics.items[0];
        #{
            datacenter_id: d.id, server_id: server.id, nic_id: nic.id,
            firewall_rule_id: nic.entities.firewallrules.items[0].id,
            volume_id: d.entities.volumes.items[0].id, lan_id: d.entities.lans.items[0].id,
            loadbalancer_id: lb.id, ipblock_id: ip.id, request_id: ip.requestId,
            image_id: list_images().items[0].id, location_id: "de/fra",
        }
    "#,
    );
    tree.as_object()
        .expect("ids")
        .iter()
        .map(|(k, v)| {
            let name: &'static str = Box::leak(k.clone().into_boxed_str());
            (name, v.as_str().expect("id").to_string())
        })
        .collect()
}

/// The operation's path with each path parameter filled by `fill`.
fn path(operation: &Operation, fill: &dyn Fn(&str) -> String) -> String {
    let mut path = operation.path.to_string();
    while let Some(start) = path.find('{') {
        let end = path[start..].find('}').expect("closed path parameter") + start;
        let value = fill(&path[start + 1..end]);
        path.replace_range(start..=end, &value);
    }
    path
}

fn has_body(operation: &Operation) -> bool {
    operation.params.iter().any(|p| matches!(p, Param::Body { .. } | Param::RefBody { .. } | Param::Field { .. }))
        || matches!(operation.options, Options::Update(_) | Options::Replace(_) | Options::Fields(_))
}

fn method(m: Method) -> reqwest::Method {
    reqwest::Method::from_bytes(m.as_str().as_bytes()).expect("method")
}

/// Bodies that no route accepts.
fn bad_bodies() -> Vec<(&'static str, String)> {
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let huge = json!({"properties": {"name": "x".repeat(3 * 1024 * 1024)}}).to_string();
    vec![
        ("malformed JSON", r#"{"properties": {"name": "x""#.into()),
        ("not an object", "[1, 2, 3]".into()),
        ("a bare string", r#""hello""#.into()),
        ("properties of the wrong type", r#"{"properties": 42}"#.into()),
        ("wrong field types", r#"{"properties": {"name": 5, "cores": "many", "ram": [], "size": {}, "lan": "x", "location": 7, "public": "maybe", "protocol": 1}}"#.into()),
        ("an unknown field only", r#"{"properties": {"noSuchField": 1}, "id": 7}"#.into()),
        ("deep nesting", deep),
        ("a huge body", huge),
    ]
}

#[test]
fn bad_requests_to_every_route_get_a_4xx_in_the_error_shape_and_change_nothing() {
    let world = World::start(0);
    let ids = real_ids(&world);
    let state_before = std::fs::read(world.state_file()).expect("state saved");
    let real = |name: &str| ids.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());

    let mut cases: Vec<(reqwest::Method, String, Option<String>, String)> = Vec::new();
    for operation in CATALOG.operations() {
        let label = |what: &str| format!("{} {} ({what})", operation.method.as_str(), operation.name);
        let parameters = operation.path.contains('{');
        for invalid in ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "x%20y", "x'%20OR%201=1"] {
            if !parameters {
                break;
            }
            let body = has_body(operation).then(|| json!({"properties": {"name": "n"}}).to_string());
            cases.push((method(operation.method), path(operation, &|_| invalid.into()), body, label(invalid)));
        }
        let known = operation.path.split('{').skip(1).all(|p| real(p.split('}').next().unwrap_or("")).is_some());
        if !known {
            continue;
        }
        let real_path = path(operation, &|name| real(name).unwrap_or_default());
        if has_body(operation) {
            for (what, body) in bad_bodies() {
                cases.push((method(operation.method), real_path.clone(), Some(body), label(what)));
            }
        }
        let allowed: Vec<Method> =
            CATALOG.operations().filter(|o| o.path == operation.path).map(|o| o.method).collect();
        for wrong in [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete] {
            if !allowed.contains(&wrong) {
                cases.push((method(wrong), real_path.clone(), None, format!("{} {}", wrong.as_str(), operation.path)));
            }
        }
    }
    cases.push((reqwest::Method::GET, "/no/such/route".into(), None, "unknown route".into()));
    cases.push((reqwest::Method::OPTIONS, "/datacenters".into(), None, "OPTIONS".into()));
    cases.push((reqwest::Method::GET, "/datacenters?depth=99".into(), None, "depth out of range".into()));
    cases.push((reqwest::Method::GET, "/datacenters?limit=-1&offset=x".into(), None, "bad paging".into()));

    let api = world.api_url();
    let failures: Vec<String> = world.runtime.block_on(async {
        // A fresh connection per request: an answer given before a huge body was read ends its
        // connection, and a pooled one could be picked up before that is noticed.
        let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("client");
        let mut failures = Vec::new();
        for (method, path, body, label) in &cases {
            let mut request = http.request(method.clone(), format!("{api}{path}")).basic_auth("sweep", Some("p"));
            if let Some(body) = body {
                request = request.header("content-type", "application/json").body(body.clone());
            }
            let answer = match request.send().await {
                Ok(answer) => answer,
                Err(e) => {
                    failures.push(format!("{label}: {path}: no answer: {e}"));
                    continue;
                }
            };
            let status = answer.status().as_u16();
            let text = answer.text().await.unwrap_or_default();
            let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let shaped = body["httpStatus"] == status && body["messages"][0]["message"].is_string();
            if !(400..500).contains(&status) || !shaped {
                failures
                    .push(format!("{label}: {method} {path}: {status} {}", text.chars().take(200).collect::<String>()));
            }
        }
        failures
    });
    assert!(
        failures.is_empty(),
        "{} of {} bad requests were not refused properly:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    assert!(cases.len() > 500, "{} cases", cases.len());
    let state_after = std::fs::read(world.state_file()).expect("state");
    assert!(state_before == state_after, "the sweep changed the stored state");
}
