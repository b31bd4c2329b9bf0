//! One emulator spine for both providers: every accepted change, the CloudAPI's and
//! NetFoundry's alike, goes through the one change engine, and each API sees only its own
//! (the CloudAPI's request log holds no NetFoundry execution, and the reverse).

use crate::world::World;

#[test]
fn each_api_sees_only_its_own_changes_in_the_shared_engine() {
    let world = World::start(20);
    let out = world.json_all(
        r#"
        let dc = create_datacenter(Datacenter(#{ name: "spine", location: "de/fra" }));
        let net = nf::create_network(#{ name: "spine" });
        wait_all([dc, net]);
        let execution = net._links.execution.href;
        let execution_id = execution.split("/").pop();
        let requests = list_requests(#{ depth: 2 }).items;
        let executions = nf::executions(net);
        let lost = ();
        try { get_request(execution_id, false) } catch (e) { lost = e.status; }
        #{
            requests: requests.map(|r| r.properties.url.contains("/core/")),
            request_ids: requests.map(|r| r.id),
            dc_request: dc.requestId,
            executions: executions.map(|e| e.entityType),
            execution_ids: executions.map(|e| e.id),
            execution_id: execution_id,
            lost: lost,
        }
    "#,
    );
    assert_eq!(out["requests"], serde_json::json!([false]), "{out}");
    assert_eq!(out["request_ids"], serde_json::json!([out["dc_request"]]), "{out}");
    assert_eq!(out["executions"], serde_json::json!(["networks"]), "{out}");
    assert_eq!(out["execution_ids"], serde_json::json!([out["execution_id"]]), "{out}");
    assert_eq!(out["lost"], 404, "an execution is no CloudAPI request: {out}");
}

/// The example `:help nf::edge_router_registration` gives runs as written: a new
/// registration key is answered at once, and waiting on that answer returns it at once.
#[test]
fn waiting_on_a_registration_key_returns_it_at_once() {
    let world = World::start(10);
    let out = world.json_all(
        r#"
        let n = nf::create_network(#{ name: "reg" });
        wait_for_completion(n);
        let r = nf::create_edge_router(n, #{ name: "r", attributes: [] });
        wait_for_completion(r);
        let response = nf::edge_router_registration(n, r);
        wait_for_completion(response).registrationKey.len() > 0
        "#,
    );
    assert_eq!(out, serde_json::json!(true));
}
