//! Requests: the API's record of every mutation and its progress.

use super::options;
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource};

/// A request the API accepted; read-only.
pub static REQUEST: Resource = Resource {
    name: "Request",
    api_type: "request",
    doc: "A mutation the API accepted, with its method, URL, body and status",
    fields: &[
        Field::new("method", "method", FieldType::Str, "HTTP method").read_only(),
        Field::new("url", "url", FieldType::Str, "request URL").read_only(),
        Field::new("headers", "headers", FieldType::Json, "request headers").read_only(),
        Field::new("body", "body", FieldType::Str, "request body").read_only(),
    ],
    checks: &[],
};

/// `list_requests([options])`.
pub static LIST_REQUESTS: Operation = Operation {
    name: "list_requests",
    doc: "Lists the requests made on the account, newest first.",
    method: Method::Get,
    path: "/requests",
    params: &[],
    options: Options::Query(options::REQUESTS),
    creates: false,
};

/// `get_request(request_id, status[, options])`.
pub static GET_REQUEST: Operation = Operation {
    name: "get_request",
    doc: "Gets a request (status = false) or its status (status = true).",
    method: Method::Get,
    path: "/requests/{request_id}",
    params: &[
        Param::Path { name: "request_id", doc: "the request's id" },
        Param::SuffixFlag {
            name: "status",
            suffix: "/status",
            doc: "true for the status, false for the request itself",
        },
    ],
    options: Options::Query(options::GET),
    creates: false,
};
