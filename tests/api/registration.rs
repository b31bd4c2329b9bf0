//! Consistency between what `ionosh functions` lists and what the engine registers: one
//! description drives both, and this proves they agree.

use std::collections::BTreeSet;

use ionosh::catalog::Param;
use ionosh::engine;
use ionosh::provider::{self, ionos::CATALOG};

#[test]
fn every_listed_function_is_registered_and_every_registered_one_is_listed() {
    let world = crate::world::World::start(10);
    let engine = engine::engine(provider::ALL, &world.host());
    let listed: BTreeSet<String> = engine::functions(provider::ALL).into_iter().map(|s| s.name).collect();
    let registered: BTreeSet<String> = engine
        .gen_fn_signatures(false)
        .iter()
        .filter_map(|s| s.split_once('(').map(|(name, _)| name.to_string()))
        // The closures of the recipes (`dns::ensure_record`) are theirs: no script can name them.
        .filter(|name| !name.contains("anon$"))
        .collect();
    let only_listed: Vec<&String> = listed.difference(&registered).collect();
    let only_registered: Vec<&String> = registered.difference(&listed).collect();
    assert!(
        only_listed.is_empty() && only_registered.is_empty(),
        "listed only: {only_listed:?}; registered only: {only_registered:?}"
    );
}

#[test]
fn every_catalog_operation_is_callable_with_and_without_its_options() {
    let world = crate::world::World::start(10);
    let engine = engine::engine(provider::ALL, &world.host());
    let signatures = engine.gen_fn_signatures(false);
    for op in CATALOG.operations() {
        let arities: BTreeSet<usize> = signatures
            .iter()
            .filter(|s| s.starts_with(&format!("{}(", op.name)))
            .map(|s| {
                s.split_once('(').map_or(0, |(_, rest)| {
                    rest.split(')').next().map_or(0, |p| if p.is_empty() { 0 } else { p.split(", ").count() })
                })
            })
            .collect();
        let mut expected = BTreeSet::from([op.params.len()]);
        if op.has_options() {
            expected.insert(op.params.len() + 1);
        }
        if op.params.iter().any(|p| matches!(p, Param::OptionalSegment { .. })) {
            expected.insert(op.params.len() - 1);
        }
        assert_eq!(arities, expected, "{}", op.name);
        assert_eq!(arities, op.arities().collect(), "{}", op.name);
    }
}
