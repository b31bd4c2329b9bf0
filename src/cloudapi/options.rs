//! Query options shared by many operations.

use crate::catalog::{FieldType, OptionSpec, Rule};

/// `depth`: how much of the object tree the answer holds. The classic SDK sends 1 by default,
/// so that `items[0].properties.name` works without asking.
pub const DEPTH: OptionSpec = OptionSpec {
    name: "depth",
    query: "depth",
    ty: FieldType::Int,
    rule: Rule::Range(0, 10),
    default: Some("1"),
    doc: "0 = properties only, 1 = plus children's references, 2 = plus children's properties, ... up to 10",
};

/// `offset`: the first item of a paginated collection.
pub const OFFSET: OptionSpec = OptionSpec {
    name: "offset",
    query: "offset",
    ty: FieldType::Int,
    rule: Rule::Range(0, i64::MAX),
    default: None,
    doc: "index of the first item to return",
};

/// `limit`: the page size of a paginated collection.
pub const LIMIT: OptionSpec = OptionSpec {
    name: "limit",
    query: "limit",
    ty: FieldType::Int,
    rule: Rule::Range(1, 10000),
    default: None,
    doc: "the most items to return",
};

/// Options of a `get_*` call.
pub const GET: &[OptionSpec] = &[DEPTH];

/// Options of a paginated `list_*` call.
pub const LIST: &[OptionSpec] = &[DEPTH, OFFSET, LIMIT];
