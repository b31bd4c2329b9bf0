//! What a script sees when something goes wrong: catchable error maps with the API's status,
//! code and message, and clear refusals before anything is sent.

use ionosh::client::Credentials;
use ionosh::sim::AuthPolicy;
use serde_json::json;

use crate::world::World;

#[test]
fn not_found_is_a_catchable_map() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let caught = ();
        try { get_datacenter("00000000-0000-0000-0000-000000000000"); } catch (e) { caught = e; }
        caught
        "#,
    );
    assert_eq!(
        out,
        json!({
            "kind": "api", "status": 404, "code": "309", "message": "Resource does not exist", "request_id": "",
            "method": "GET", "path": "/datacenters/00000000-0000-0000-0000-000000000000"
        })
    );
}

#[test]
fn the_emulators_validation_errors_reach_the_script() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let caught = ();
        try { create_datacenter(Datacenter(#{ name: "nowhere", location: "xx/abc" })); } catch (e) { caught = e; }
        caught
        "#,
    );
    assert_eq!(out["status"], 422);
    assert_eq!(out["method"], "POST");
    assert!(out["message"].as_str().is_some_and(|m| m.contains("location")), "{out}");
}

#[test]
fn wrong_credentials_get_401() {
    let mut world = World::start(10);
    world.restart(AuthPolicy::Only { user: Some(("ops@example.com".into(), "right".into())), token: None });
    let wrong = world.host_with(Credentials::Basic { user: "ops@example.com".into(), password: "wrong".into() });
    let err = crate::world::eval_with(&wrong, "list_datacenters()").unwrap_err();
    assert!(err.starts_with("test.rhai:1:1: 401 Unauthorized on GET /datacenters"), "{err}");
    let right = world.host_with(Credentials::Basic { user: "ops@example.com".into(), password: "right".into() });
    assert!(crate::world::eval_with(&right, "list_datacenters()").is_ok());
}

#[test]
fn bad_input_is_refused_before_any_request_is_sent() {
    let world = World::start(10);
    let cases = [
        r#"Datacenter(#{ name: "x" })"#,
        r#"Datacenter(#{ name: "x", location: "de/fra", colour: "red" })"#,
        r#"Datacenter(#{ name: "x", location: "de/fra", version: 3 })"#,
        r#"Datacenter(#{ name: "x", location: "de/fra", sec_auth_protection: "maybe" })"#,
        r#"Datacenter("x")"#,
        r#"get_datacenter("x", #{ deep: 2 })"#,
        r#"get_datacenter("x", #{ depth: 11 })"#,
        r#"get_datacenter("x", 2)"#,
        r#"get_datacenter("")"#,
        r#"update_datacenter("x", #{ location: "de/txl" })"#,
        r#"update_datacenter("x", #{})"#,
        r#"get_request("x", "yes")"#,
        r#"wait_for_completion(#{ id: "x" })"#,
        r#"wait_for_completion("x")"#,
        r#"wait_for(|| 1, |r| true, #{ every: 2 })"#,
        r#"wait_for(|| 1, |r| 1)"#,
    ];
    let report: Vec<String> =
        cases.iter().map(|case| format!("{case}\n  => {}", world.eval(case).expect_err("refused"))).collect();
    insta::assert_snapshot!(report.join("\n"));
    let sent = world.json("list_requests().items.len()");
    assert_eq!(sent, json!(0), "nothing may reach the API");
}
