//! `depth` renders object trees as the API does: references when shallow, full objects deeper.

use crate::world::World;

#[test]
fn collections_hold_references_at_depth_0_and_objects_at_depth_1() {
    let world = World::start(10);
    let out = world.json(
        r#"
        wait_for_completion(create_datacenter(Datacenter(#{ name: "deep", location: "de/fra" })));
        #{ shallow: list_datacenters(#{ depth: 0 }).items[0], full: list_datacenters().items[0] }
        "#,
    );
    let shallow = out["shallow"].as_object().expect("a reference");
    let mut keys: Vec<&str> = shallow.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["href", "id", "type"]);
    assert_eq!(out["full"]["properties"]["name"], "deep");
}

#[test]
fn entities_appear_from_depth_1() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let r = create_datacenter(Datacenter(#{ name: "deep", location: "de/fra" }));
        wait_for_completion(r);
        #{ d0: get_datacenter(r.id, #{ depth: 0 }), d1: get_datacenter(r.id, #{ depth: 1 }) }
        "#,
    );
    assert!(out["d0"].get("entities").is_none(), "{}", out["d0"]);
    assert_eq!(out["d0"]["properties"]["name"], "deep");
    let servers = &out["d1"]["entities"]["servers"];
    assert_eq!(servers["type"], "collection");
    assert!(servers["items"].as_array().is_some_and(Vec::is_empty), "{servers}");
}

#[test]
fn pagination_follows_offset_and_limit() {
    let world = World::start(10);
    let out = world.json(
        r#"
        for i in 0..3 { create_datacenter(Datacenter(#{ name: `dc${i}`, location: "de/fra" })); }
        let page = list_datacenters(#{ offset: 1, limit: 1 });
        #{ count: page.items.len(), offset: page.offset, limit: page.limit, all: list_datacenters().items.len() }
        "#,
    );
    assert_eq!(out, serde_json::json!({ "count": 1, "offset": 1, "limit": 1, "all": 3 }));
}
