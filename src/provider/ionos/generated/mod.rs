//! Code generated from the CloudAPI specs in `tests/data/` by `tools/gen_catalog.py` (the
//! catalog families beyond the classic SDK and their id parameters) and `tools/gen_shapes.py`
//! (each object type's envelope in v6 and v5). Do not edit by hand: `.ci/run` generates them
//! again and fails on any difference.

pub(super) mod applicationloadbalancers;
pub(super) mod envelopes;
pub(super) mod flowlogs;
pub(super) mod labels;
pub(super) mod natgateways;
pub(super) mod networkloadbalancers;
pub(super) mod params;
pub(super) mod securitygroups;
pub(super) mod targetgroups;
pub(super) mod templates;
