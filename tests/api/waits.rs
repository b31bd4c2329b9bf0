//! Waiting: FAILED requests and timeouts are catchable errors; `wait_for` polls closures; and
//! `wait_all` waits for many requests together, proved by the emulator's request records (their
//! creation times), never by the test's own clock.

use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::world::World;

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
    // What the change was doing when the time ran out, not a healthy API taken for down.
    assert!(message.ends_with("(last status: QUEUED)") || message.ends_with("(last status: RUNNING)"), "{message}");
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

#[test]
fn a_wait_outlasts_an_api_outage_within_its_own_timeout() {
    use ionosh::client::{Credentials, RetryPolicy};
    use ionosh::session::ClientOptions;
    use std::time::Duration;

    let mut world = World::start(300);
    // Each call gives up after two quick attempts: only the wait itself can ride out the outage.
    let retry = RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(10),
        max_retry_after: Duration::from_millis(10),
    };
    let credentials = Credentials::Basic { user: "ops@example.com".into(), password: "secret".into() };
    let host = world.host_with_options(credentials, &ClientOptions { retry, ..ClientOptions::default() });
    let created = crate::world::eval_with(
        &host,
        r#"let r = create_datacenter(Datacenter(#{ name: "outage", location: "de/fra" })); r.requestId"#,
    )
    .expect("the create is accepted");
    let listen: std::net::SocketAddr =
        world.base_url().trim_start_matches("http://").parse().expect("the emulator's address");
    world.stop();
    // The wait starts while nothing listens (connections refused), and goes on once the API is back.
    let outcome = std::thread::scope(|scope| {
        let waiting = scope.spawn(|| {
            crate::world::eval_with(
                &host,
                &format!(r#"wait_for_completion(#{{ requestId: "{created}" }}, 60); "done""#),
            )
        });
        std::thread::sleep(Duration::from_millis(1500));
        world.serve(listen, ionosh::sim::AuthPolicy::AnyCredentials);
        waiting.join().expect("the wait thread")
    });
    assert_eq!(outcome.map(|v| v.to_string()), Ok("done".to_string()));
}

#[test]
fn a_wait_during_an_outage_ends_at_its_own_timeout_with_a_timeout_error() {
    let mut world = World::start(300);
    let created =
        world.json(r#"let r = create_datacenter(Datacenter(#{ name: "down", location: "de/fra" })); r.requestId"#);
    let host = world.host();
    world.stop();
    let error = crate::world::eval_with(&host, &format!(r#"wait_for_completion(#{{ requestId: {created} }}, 1)"#))
        .expect_err("the API never comes back");
    assert!(
        error.contains(
            "did not finish within 1s (last status: none seen: the status check was not answered by the deadline"
        ),
        "a timeout: {error}"
    );
    assert!(error.contains(created.as_str().expect("id")), "names the request: {error}");
}

#[test]
fn out_of_range_wait_options_are_clear_errors_naming_the_option_and_its_range() {
    let world = World::start(5);
    let cases = [
        (
            r#"wait_for(|| 1, |r| true, #{ timeout: 1e300 })"#,
            "'timeout' must be a number of seconds from 0 to 31536000, got",
        ),
        (
            r#"wait_for_completion(#{ requestId: "x" }, 1e30)"#,
            "'timeout_s' must be a number of seconds from 0 to 31536000",
        ),
        (r#"wait_all([#{ requestId: "x" }], 1e300)"#, "'timeout_s' must be a number of seconds from 0 to 31536000"),
        (r#"wait_for(|| 1, |r| false, #{ scaleup: -5 })"#, "'scaleup' must be a number from 0 to 10000, got"),
        (
            r#"wait_for(|| 1, |r| false, #{ interval: 0 })"#,
            "'interval' must be a number of seconds from 0.01 to 3600, got",
        ),
        (r#"wait_for(|| 1, |r| false, #{ timeout: -1 })"#, "'timeout' must be a number of seconds from 0 to 31536000"),
        (r#"wait_for_completion(#{ requestId: "x" }, "soon")"#, "'timeout_s' must be a number of seconds"),
    ];
    for (script, expected) in cases {
        let error = world.eval(script).expect_err(script);
        assert!(error.contains(expected), "{script}: {error}");
    }
}

/// A request record's date (RFC 3339) in seconds since the epoch.
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

/// A change the API makes at once (a label) has nothing to wait for: waiting on its answer,
/// alone or with others, returns at once instead of failing.
#[test]
fn waiting_on_a_change_made_at_once_returns_at_once() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let dc = create_datacenter(Datacenter(#{ name: "labelled", location: "de/fra" }));
        wait_for_completion(dc);
        let label = add_datacenter_label(dc.id, "env", "prod");
        let waited = wait_for_completion(label);
        let all = wait_all([label, add_datacenter_label(dc.id, "team", "ops")]);
        #{ key: waited.properties.key, all: all.len() }
        "#,
    );
    assert_eq!(out, json!({ "key": "env", "all": 2 }));
}

/// A wait returns the object its change made or changed as it now is, read once at the end
/// (the answer said BUSY; the object is AVAILABLE), carrying its request still; `wait_all`
/// returns each so; a delete's wait returns the answer it was given.
#[test]
fn a_wait_returns_the_object_as_it_now_is() {
    let world = World::start(30);
    let out = world.json(
        r#"
        let dc = create_datacenter(Datacenter(#{ name: "now", location: "de/fra" }));
        let waited = wait_for_completion(dc);
        let servers = [];
        for name in ["a", "b"] { servers.push(create_server(dc, Server(#{ name: name, cores: 1, ram: 1024 }))); }
        let all = wait_all(servers);
        let renamed = wait_for_completion(update_datacenter(dc, #{ name: "later" }));
        let gone = delete_server(dc, all[0]);
        let after_delete = wait_for_completion(gone);
        #{
            answered: dc.metadata.state,
            waited: [waited.metadata.state, waited.properties.name, waited.requestId == dc.requestId],
            all: all.map(|s| `${s.properties.name} ${s.metadata.state} ${s.properties.vmState}`),
            renamed: [renamed.properties.name, renamed.metadata.state],
            deleted: after_delete.requestId == gone.requestId,
        }
        "#,
    );
    assert_eq!(
        out,
        json!({
            "answered": "BUSY",
            "waited": ["AVAILABLE", "now", true],
            "all": ["a AVAILABLE RUNNING", "b AVAILABLE RUNNING"],
            "renamed": ["later", "AVAILABLE"],
            "deleted": true,
        })
    );
}
