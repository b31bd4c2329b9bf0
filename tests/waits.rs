//! Waiting: FAILED requests and timeouts are catchable errors; `wait_for` polls closures.

mod common;

use common::World;
use serde_json::json;

#[test]
fn a_failed_request_throws_with_the_apis_message() {
    let world = World::start(20);
    world.control("/_sim/fail-next", json!({ "message": "no capacity in de/fra" }));
    let out = world.json(
        r#"
        let r = create_datacenter(Datacenter(#{ name: "doomed", location: "de/fra" }));
        let caught = ();
        try { wait_for_completion(r); } catch (e) { caught = e; }
        #{ kind: caught.kind, message: caught.message, same: caught.request_id == r.requestId }
        "#,
    );
    assert_eq!(out["kind"], "failed");
    assert_eq!(out["same"], true);
    assert!(out["message"].as_str().is_some_and(|m| m.ends_with("failed: no capacity in de/fra")), "{out}");
}

#[test]
fn a_wait_that_runs_out_of_time_throws_naming_the_request() {
    let world = World::start(5_000);
    let out = world.json(
        r#"
        let r = create_datacenter(Datacenter(#{ name: "slow", location: "de/fra" }));
        let caught = ();
        try { wait_for_completion(r, 0.3); } catch (e) { caught = e; }
        #{ kind: caught.kind, message: caught.message, id: r.requestId }
        "#,
    );
    assert_eq!(out["kind"], "timeout");
    let message = out["message"].as_str().unwrap_or_default();
    let id = out["id"].as_str().unwrap_or_default();
    assert!(message.contains(id) && message.contains("0.3s"), "{message}");
}

#[test]
fn wait_for_polls_until_the_check_holds() {
    let world = World::start(100);
    let out = world.json(
        r#"
        let r = create_datacenter(Datacenter(#{ name: "poll", location: "de/fra" }));
        let dc = wait_for(|| get_datacenter(r.id), |dc| dc.metadata.state == "AVAILABLE", #{ interval: 0.02, timeout: 30 });
        dc.metadata.state
        "#,
    );
    assert_eq!(out, "AVAILABLE");
}

#[test]
fn wait_for_times_out_with_a_catchable_error() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let caught = ();
        try { wait_for(|| 1, |r| false, #{ timeout: 0.1, interval: 0.02 }); } catch (e) { caught = e; }
        caught.kind
        "#,
    );
    assert_eq!(out, "timeout");
}
