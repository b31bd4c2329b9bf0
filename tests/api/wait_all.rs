//! `wait_all`: many requests waited for together, proved by the emulator's request records
//! (their creation times), never by the test's own clock.

use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::world::World;

fn seconds(date: &Value) -> i64 {
    OffsetDateTime::parse(date.as_str().expect("a date"), &Rfc3339).expect("RFC 3339").unix_timestamp()
}

#[test]
fn waiting_for_five_servers_takes_about_as_long_as_the_slowest() {
    let world = World::start(3_000);
    let out = world.json(
        r#"
        let dc = create_datacenter(Datacenter(#{ name: "parallel", location: "de/fra" }));
        wait_for_completion(dc);
        let responses = [];
        for n in 1..=5 {
            responses.push(create_server(dc.id, Server(#{ name: `web-${n}`, cores: 1, ram: 1024 })));
        }
        let returned = wait_all(responses);
        // The next mutation's creation time is when wait_all returned, on the emulator's clock.
        let marker = create_lan(dc.id, LAN(#{ name: "marker", public: false }));
        let created = responses.map(|r| get_request(r.requestId, false).metadata.createdDate);
        let statuses = responses.map(|r| get_request(r.requestId, true).metadata.status);
        #{
            same: returned.len() == 5,
            created: created,
            statuses: statuses,
            returned_at: get_request(marker.requestId, false).metadata.createdDate,
            states: list_servers(dc.id).items.map(|s| s.metadata.state),
        }
        "#,
    );
    assert_eq!(out["same"], true);
    assert_eq!(out["statuses"], json!(vec!["DONE"; 5]));
    assert_eq!(out["states"], json!(vec!["AVAILABLE"; 5]));
    let created: Vec<i64> = out["created"].as_array().expect("dates").iter().map(seconds).collect();
    let (first, last) = (created.iter().min().copied().unwrap_or(0), created.iter().max().copied().unwrap_or(0));
    let returned = seconds(&out["returned_at"]);
    // All five were in flight together: the last was sent before the first could finish (3 s,
    // timestamps in whole seconds), and the wait ended about one provisioning delay after the
    // first was sent — well short of the 15 s five waits in a row would take, with room for a
    // loaded machine.
    assert!(last - first <= 2, "{created:?}");
    assert!((3..=8).contains(&(returned - first)), "sent at {created:?}, wait_all returned at {returned}");
}

#[test]
fn the_first_failed_request_is_thrown_with_every_requests_status() {
    let world = World::start(300);
    let dc = world.json(
        r#"let dc = create_datacenter(#{ name: "failing", location: "de/fra" }); wait_for_completion(dc); dc.id"#,
    );
    world.control("/_sim/fail-next", json!({ "message": "no capacity for web-1" }));
    let out = world.json(&format!(
        r#"
        let responses = [];
        for n in 1..=3 {{
            responses.push(create_server("{dc}", Server(#{{ name: `web-${{n}}`, cores: 1, ram: 1024 }})));
        }}
        let caught = ();
        try {{ wait_all(responses); }} catch (e) {{ caught = e; }}
        #{{ error: caught, ids: responses.map(|r| r.requestId) }}
        "#,
        dc = dc.as_str().expect("id")
    ));
    let error = &out["error"];
    let ids: Vec<&str> = out["ids"].as_array().expect("ids").iter().filter_map(Value::as_str).collect();
    assert_eq!(error["kind"], "failed");
    assert_eq!(error["request_id"], ids[0]);
    assert!(error["message"].as_str().is_some_and(|m| m.ends_with("no capacity for web-1")), "{error}");
    let statuses = error["statuses"].as_object().expect("statuses");
    assert_eq!(statuses.len(), 3);
    assert_eq!(statuses[ids[0]], "FAILED");
    for id in &ids[1..] {
        assert!(["QUEUED", "RUNNING", "DONE"].contains(&statuses[*id].as_str().unwrap_or_default()), "{statuses:?}");
    }
}

#[test]
fn wait_all_refuses_what_is_not_a_mutation_response() {
    let world = World::start(10);
    let error = world.eval("wait_all([list_datacenters()])").expect_err("refused");
    assert!(error.contains("wait_all: item 0 is not the response of a mutation (a map with requestId)"), "{error}");
    let out = world.json("wait_all([])");
    assert_eq!(out, json!([]));
}

#[test]
fn the_parallel_servers_script_creates_n_servers() {
    let world = World::start(50);
    let script =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/parallel_servers.rhai")).expect("script");
    let script = script.replace("let count = if", "let ARGS = #{ count: \"3\" };\nlet count = if");
    let _ = world.eval(&script).expect("runs");
    let states = world.json("list_servers(list_datacenters().items[0].id).items.map(|s| s.metadata.state)");
    assert_eq!(states, json!(["AVAILABLE", "AVAILABLE", "AVAILABLE"]));
}
