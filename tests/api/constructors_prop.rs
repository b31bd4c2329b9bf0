//! Property test of the Rhai-map → API-body conversion: every constructor, given maps of
//! known and unknown keys holding values of every type (nested ones included), either returns
//! a body or throws a validation error — it never panics.

use std::sync::Arc;

use ionosh::engine;
use ionosh::provider;
use proptest::prelude::*;
use rhai::{Dynamic, Map, Scope};

use crate::world::World;

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

const CONSTRUCTORS: &[&str] =
    &["Datacenter", "Server", "Volume", "NIC", "FirewallRule", "LAN", "LoadBalancer", "IPBlock"];

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
