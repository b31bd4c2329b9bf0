//! Data centers end to end: Rhai scripts against the emulator over real HTTP.

use serde_json::json;

use crate::world::World;

#[test]
fn create_wait_get_update_delete() {
    let world = World::start(50);
    let out = world.json(
        r#"
        let r = create_datacenter(Datacenter(#{ name: "lifecycle", location: "de/fra", description: "first" }));
        let busy = r.metadata.state;
        wait_for_completion(r);
        let dc = get_datacenter(r.id);
        let u = update_datacenter(r.id, #{ name: "renamed", description: "second" });
        wait_for_completion(u);
        let after = get_datacenter(r);
        let d = delete_datacenter(r.id);
        wait_for_completion(d);
        let gone = 0;
        try { get_datacenter(r.id); } catch (e) { gone = e.status; }
        #{
            busy: busy,
            has_request: r.requestId.len() > 0,
            state: dc.metadata.state,
            created_name: dc.properties.name,
            location: dc.properties.location,
            name: after.properties.name,
            description: after.properties.description,
            gone: gone,
            left: list_datacenters().items.len(),
        }
        "#,
    );
    assert_eq!(
        out,
        json!({
            "busy": "BUSY", "has_request": true, "state": "AVAILABLE", "created_name": "lifecycle",
            "location": "de/fra", "name": "renamed", "description": "second", "gone": 404, "left": 0
        })
    );
}

#[test]
fn a_plain_map_is_accepted_and_checked_like_the_constructor() {
    let world = World::start(20);
    let out = world.json(
        r#"
        let r = create_datacenter(#{ name: "plain", location: "us/las" });
        wait_for_completion(r);
        get_datacenter(r.id).properties
        "#,
    );
    assert_eq!(out["name"], "plain");
    assert_eq!(out["location"], "us/las");
    let err = world.eval(r#"create_datacenter(#{ name: "plain" })"#).unwrap_err();
    assert!(err.contains("'location' is required"), "{err}");
}

#[test]
fn list_and_get_locations() {
    let world = World::start(20);
    let out = world.json(
        r#"
        let ids = list_locations().items.map(|l| l.id);
        ids.sort();
        #{ ids: ids, fra: get_location("de/fra").properties.name }
        "#,
    );
    assert_eq!(out["ids"], json!(["de/fkb", "de/fra", "de/txl", "es/vit", "fr/par", "gb/lhr", "us/ewr", "us/las"]));
    assert_eq!(out["fra"], "Frankfurt");
}

#[test]
fn requests_are_listed_and_readable_both_ways() {
    let world = World::start(20);
    let out = world.json(
        r#"
        let r = create_datacenter(Datacenter(#{ name: "req", location: "de/fkb" }));
        wait_for_completion(r);
        let request = get_request(r.requestId, false);
        let status = get_request(r.requestId, true);
        let listed = list_requests().items.map(|i| i.id);
        #{
            method: request.properties.method,
            status: status.metadata.status,
            target: status.metadata.targets[0].target.id == r.id,
            listed: listed.contains(r.requestId),
        }
        "#,
    );
    assert_eq!(out, json!({ "method": "POST", "status": "DONE", "target": true, "listed": true }));
}
