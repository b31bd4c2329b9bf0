//! Each provider's functions are reachable in its namespace (`ionos::…`), and the IONOS ones
//! also globally under their classic names, so scripts written either way run.

use ionosh::engine;
use ionosh::provider;

use crate::world::World;

#[test]
fn ionos_functions_work_in_their_namespace_and_globally() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let dc = ionos::create_datacenter(ionos::Datacenter(#{ name: "spaced", location: "de/fra" }));
        wait_for_completion(dc);
        let named = ionos::get_datacenter(dc.id).properties.name;
        let classic = get_datacenter(dc.id).properties.name;
        #{ named: named, classic: classic, listed: ionos::list_datacenters().items.map(|d| d.id).contains(dc.id) }
        "#,
    );
    assert_eq!(out, serde_json::json!({ "named": "spaced", "classic": "spaced", "listed": true }));
}

#[test]
fn the_function_list_names_the_namespaced_forms_too() {
    let names: Vec<String> = engine::functions(provider::ALL).into_iter().map(|s| s.name).collect();
    for name in ["list_datacenters", "ionos::list_datacenters", "Datacenter", "ionos::Datacenter", "wait_all"] {
        assert!(names.iter().any(|n| n == name), "{name} is not listed");
    }
    assert!(!names.iter().any(|n| n == "ionos::wait_all"), "generic functions are not namespaced");
}

#[test]
fn an_unknown_namespaced_function_is_an_error_naming_it() {
    let world = World::start(10);
    let error = world.eval("ionos::no_such_function()").expect_err("refused");
    assert!(error.contains("no_such_function"), "{error}");
}
