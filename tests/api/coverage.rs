//! Every operation of the classic SDK reference is a Rhai function (the coverage contract in
//! `tests/data/seed-operations.txt`, copied from the project's shared API notes).

use std::collections::BTreeSet;

use ionosh::engine;
use ionosh::provider;

#[test]
fn every_operation_of_the_reference_is_registered() {
    let wanted: BTreeSet<&str> =
        include_str!("../data/seed-operations.txt").lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let registered: BTreeSet<String> = engine::functions(provider::ALL).into_iter().map(|s| s.name).collect();
    let missing: Vec<&&str> = wanted.iter().filter(|name| !registered.contains(**name)).collect();
    assert!(missing.is_empty(), "not registered: {missing:?}");
    assert_eq!(wanted.len(), 119);
}
