//! Query options shared by many operations, described as fields.

use crate::catalog::{Field, FieldType, Rule};

/// `depth`: how much of the object tree the answer holds. The classic SDK sends 1 by default,
/// so that `items[0].properties.name` works without asking.
const DEPTH: Field = Field::new(
    "depth",
    "depth",
    FieldType::Int,
    "0 = properties only, 1 = plus children's references, 2 = plus their properties, ... up to 10",
)
.rule(Rule::Range(0, 10))
.default("1");

/// `offset`: the first item of a paginated collection.
const OFFSET: Field =
    Field::new("offset", "offset", FieldType::Int, "index of the first item to return").rule(Rule::Range(0, i64::MAX));

/// `limit`: the page size of a paginated collection.
const LIMIT: Field =
    Field::new("limit", "limit", FieldType::Int, "the most items to return").rule(Rule::Range(1, 10000));

/// Options of a `get_*` call.
pub const GET: &[Field] = &[DEPTH];

/// Options of a paginated `list_*` call.
pub const LIST: &[Field] = &[DEPTH, OFFSET, LIMIT];

/// A `filter.*` option of `list_requests`.
const fn filter(query: &'static str, key: &'static str, doc: &'static str) -> Field {
    Field::new(query, key, FieldType::Str, doc)
}

/// Options of `list_requests`: paging and the API's request filters.
pub const REQUESTS: &[Field] = &[
    DEPTH,
    OFFSET,
    LIMIT,
    filter("filter.status", "status", "request status: QUEUED, RUNNING, DONE or FAILED"),
    filter("filter.method", "method", "HTTP method, e.g. POST"),
    filter("filter.url", "url", "part of the request URL"),
    filter("filter.body", "body", "part of the request body"),
    filter("filter.createdAfter", "created_after", "created after this time (yyyy-MM-dd HH:mm:ss)"),
    filter("filter.createdBefore", "created_before", "created before this time (yyyy-MM-dd HH:mm:ss)"),
    filter("filter.createdDate", "created_date", "created at this time"),
    filter("filter.createdBy", "created_by", "the user who made it"),
    filter("filter.etag", "etag", "the request's etag"),
    filter("filter.requestStatus", "request_status", "the request's status"),
    filter("filter.headers", "headers", "part of the request headers"),
];
