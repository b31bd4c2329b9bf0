//! Resource constructors check fields and allowed values before any request is sent, and
//! build the API's body shape (snake_case in scripts, camelCase on the wire). A property test
//! of that Rhai-map → API-body conversion: every constructor, given maps of known and unknown
//! keys holding values of every type (nested ones included), either returns a body or throws a
//! validation error — it never panics.

use std::sync::Arc;

use ionosh::engine;
use ionosh::provider;
use proptest::prelude::*;
use rhai::{Dynamic, Map, Scope};
use serde_json::json;

use crate::world::World;

#[test]
fn bad_resources_are_refused_with_the_rule_they_break() {
    let world = World::start(10);
    let cases = [
        r#"Server(#{ name: "s", cores: 2 })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 1000 })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 128 })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 512, create_volumes: [#{ size: 10, licence_type: "LINUX", ram_hot_plug: true }] })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 1024, availability_zone: "ZONE_3" })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 1024, boot_volume_id: "v", boot_cdrom: "c" })"#,
        r#"Volume(#{ name: "v" })"#,
        r#"Volume(#{ size: 10, licence_type: "BSD" })"#,
        r#"Volume(#{ size: 10, licence_type: "LINUX", bus: "SATA" })"#,
        r#"Volume(#{ size: 10, licence_type: "LINUX", type: "NVME" })"#,
        r#"Volume(#{ size: 10, image_alias: "ubuntu:latest", image_password: "with spaces and 0s" })"#,
        r#"Volume(#{ size: 10, licence_type: "LINUX", ssh_keys: ["ssh-ed25519 AAAA"] })"#,
        r#"Volume(#{ size: 10, image: "x", ssh_keys: "ssh-ed25519 AAAA" })"#,
        r#"NIC(#{ name: "n" })"#,
        r#"NIC(#{ lan: 1, firewall_rules: [#{ protocol: "SSH" }] })"#,
        r#"FirewallRule(#{ protocol: "TCP", port_range_start: 0 })"#,
        r#"FirewallRule(#{ protocol: "TCP", port_range_start: 80, port_range_end: 70000 })"#,
        r#"FirewallRule(#{ protocol: "TCP", port_range_start: 90, port_range_end: 80 })"#,
        r#"FirewallRule(#{ protocol: "UDP", icmp_type: 8 })"#,
        r#"FirewallRule(#{ protocol: "ICMP", icmp_code: 255 })"#,
        r#"FirewallRule(#{ protocol: "ICMP", port_range_start: 22 })"#,
        r#"FirewallRule(#{ protocol: "TCP", source_mac: "01:23:45:67:89" })"#,
        r#"FirewallRule(#{ protocol: "TCP", source_ip: "1.2.3" })"#,
        r#"LAN(#{ public: "sometimes" })"#,
        r#"LoadBalancer(#{ name: "lb", ip: "ten" })"#,
        r#"IPBlock(#{ location: "us/las" })"#,
        r#"update_volume("d", "v", #{ type: "SSD" })"#,
        r#"update_firewall_rule("d", "s", "n", "f", #{ protocol: "UDP" })"#,
        r#"create_snapshot("d", "v", #{ label: "x" })"#,
    ];
    let report: Vec<String> =
        cases.iter().map(|case| format!("{case}\n  => {}", world.eval(case).expect_err("refused"))).collect();
    insta::assert_snapshot!(report.join("\n"));
    assert_eq!(world.json("list_requests().items.len()"), json!(0), "nothing may reach the API");
}

#[test]
fn constructors_build_the_wire_shape_with_nested_entities() {
    let world = World::start(10);
    let body = world.json(
        r#"
        Server(#{
            name: "web",
            cores: 2,
            ram: "2048",
            boot_volume_id: "vol-1",
            attach_volumes: ["vol-1"],
            create_volumes: [Volume(#{ name: "data", size: 10, licence_type: "other" })],
            nics: [#{ lan: 1, firewall_rules: [FirewallRule(#{ protocol: "tcp", port_range_start: 22, port_range_end: 22 })] }],
        })
        "#,
    );
    assert_eq!(
        body,
        json!({
            "properties": { "name": "web", "cores": 2, "ram": 2048, "bootVolume": { "id": "vol-1" } },
            "entities": {
                "volumes": { "items": [
                    { "id": "vol-1" },
                    { "properties": { "name": "data", "size": 10, "licenceType": "OTHER" } }
                ] },
                "nics": { "items": [
                    { "properties": { "lan": 1 }, "entities": { "firewallrules": { "items": [
                        { "properties": { "protocol": "TCP", "portRangeStart": 22, "portRangeEnd": 22 } }
                    ] } } }
                ] }
            }
        })
    );
}

/// `volumes:`, the API's own name for both lists, takes volumes to create and existing ones
/// (an id, or the volume itself) mixed, as the API does; the server gets all of them.
#[test]
fn a_servers_volumes_mix_new_and_existing_ones() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let dc = create_datacenter(Datacenter(#{ name: "mix", location: "de/fra" }));
        let old = create_volume(dc, Volume(#{ name: "old", size: 10, licence_type: "LINUX" }));
        let older = create_volume(dc, Volume(#{ name: "older", size: 10, licence_type: "LINUX" }));
        wait_all([dc, old, older]);
        let server = create_server(dc, Server(#{ name: "web", cores: 1, ram: 1024,
            volumes: [Volume(#{ name: "new", size: 10, licence_type: "LINUX" }), old.id, get_volume(dc, older)] }));
        wait_for_completion(server);
        let names = get_attached_volumes(dc, server).items.map(|v| v.properties.name);
        names.sort();
        names
        "#,
    );
    assert_eq!(out, json!(["new", "old", "older"]));
}

#[test]
fn public_is_usable_as_a_key_and_a_property() {
    let world = World::start(10);
    let out = world.json(r#"let lan = LAN(#{ name: "edge", public: true }); #{ flag: lan.properties.public }"#);
    assert_eq!(out, json!({ "flag": true }));
}

/// Keys a constructor's map may hold in the property test: the constructors' own and others.
const KEYS: &[&str] = &[
    "name",
    "location",
    "description",
    "cores",
    "ram",
    "size",
    "image",
    "image_alias",
    "image_password",
    "licence_type",
    "type",
    "bus",
    "lan",
    "ips",
    "dhcp",
    "protocol",
    "port_range_start",
    "port_range_end",
    "public",
    "servers",
    "volumes",
    "nics",
    "firewall_rules",
    "create_volumes",
    "attach_volumes",
    "ssh_keys",
    "availability_zone",
    "cpu_family",
    "boot_volume_id",
    "boot_cdrom",
    "ip",
    "balancednics",
    "ip_failover",
    "source_ip",
    "icmp_type",
    "unknown_key",
    "",
];

/// The constructors the property test gives its maps to.
const CONSTRUCTORS: &[&str] =
    &["Datacenter", "Server", "Volume", "NIC", "FirewallRule", "LAN", "LoadBalancer", "IPBlock"];

/// A Rhai value of any type: numbers, booleans, text, unit, and arrays and maps of them.
fn value() -> impl Strategy<Value = Dynamic> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Dynamic::from),
        any::<bool>().prop_map(Dynamic::from),
        any::<f64>().prop_map(Dynamic::from),
        "[ -~]{0,20}".prop_map(Dynamic::from),
        Just(Dynamic::UNIT),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Dynamic::from_array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..4).prop_map(|pairs| {
                Dynamic::from_map(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect::<Map>())
            }),
        ]
    })
}

/// A constructor's argument: up to eight entries of [`KEYS`] holding any [`value`].
fn map() -> impl Strategy<Value = Map> {
    prop::collection::vec((prop::sample::select(KEYS), value()), 0..8)
        .prop_map(|pairs| pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

#[test]
fn constructors_never_panic_on_any_map() {
    let world = World::start(0);
    let engine = Arc::new(engine::engine(provider::ALL, &world.host()));
    let asts: Vec<_> = CONSTRUCTORS.iter().map(|c| engine.compile(format!("{c}(m)")).expect("compiles")).collect();
    proptest!(ProptestConfig::with_cases(300), |(m in map())| {
        for ast in &asts {
            let mut scope = Scope::new();
            scope.push("m", m.clone());
            // Either a body or a thrown error; a panic fails the test.
            let _ = engine.eval_ast_with_scope::<Dynamic>(&mut scope, ast);
        }
    });
}
