//! `/requests`: the record of every accepted mutation, newest first, with the API's filters,
//! and `/requests/{id}/status`, which clients poll until a mutation is DONE or FAILED.
//! Filters: `filter.status` (and its alias `filter.requestStatus`) and `filter.method` match
//! exactly (any case); `filter.url`, `filter.body`, `filter.createdBy` and `filter.headers`
//! match a part (any case); `filter.etag` exactly; `filter.createdDate` is a prefix of the
//! creation time written `yyyy-MM-dd HH:mm:ss` (so `2024-01-31` picks a day);
//! `filter.createdAfter`/`filter.createdBefore` take a full `yyyy-MM-dd HH:mm:ss` (UTC).

use serde_json::{json, Value};
use time::macros::format_description;
use time::PrimitiveDateTime;

use crate::provider::ionos::sim::families::family::Request;
use crate::provider::ionos::sim::shape::call::{self, CloudApiCall};
use crate::provider::ionos::sim::shape::envelopes;
use crate::provider::ionos::sim::shape::render::{collection, date, reference, Page};
use crate::sim::{Emulation as _, ErrorReply, Reply, RequestRecord};

/// Whether a request is one of this API's (the NetFoundry emulation's changes share the
/// engine).
fn ours(record: &RequestRecord) -> bool {
    crate::provider::ionos::sim::CloudApiEmulation.serves(record.path())
}

fn path(record: &RequestRecord) -> String {
    format!("requests/{}", record.id)
}

/// The request's status object, as `/requests/{id}/status` returns it.
fn status_object(call: &CloudApiCall, record: &RequestRecord, now: i64) -> Value {
    let status = call::status(record.phase(now));
    let targets: Vec<Value> = record
        .targets()
        .map(|t| json!({"target": reference(call, &t.path, &t.kind, &t.id), "status": status}))
        .collect();
    json!({
        "id": format!("{}/status", record.id),
        "type": "request-status",
        "href": call.href(&format!("{}/status", path(record))),
        "metadata": {
            "status": status,
            "message": call::message(record, now),
            "etag": record.etag,
            "targets": targets,
        }
    })
}

/// The request object; its status is a bare href at depth 0.
fn request_object(call: &CloudApiCall, record: &RequestRecord, now: i64, depth: u8) -> Value {
    let request_status = if depth >= 1 {
        status_object(call, record, now)
    } else {
        json!({"href": call.href(&format!("{}/status", path(record)))})
    };
    json!({
        "id": record.id,
        "type": "request",
        "href": call.href(&path(record)),
        "metadata": {
            "createdDate": date(record.created_ms),
            "createdBy": record.author.name,
            "etag": record.etag,
            "requestStatus": request_status,
        },
        "properties": {
            "method": record.method,
            "url": record.url,
            "body": record.body,
            "headers": record.headers,
        }
    })
}

/// One `filter.*` query parameter, checked before any record is looked at.
enum LogFilter {
    Status(String),
    Method(String),
    Contains(fn(&RequestRecord) -> &str, String),
    Etag(String),
    Headers(String),
    Day(String),
    After(i64),
    Before(i64),
}

impl LogFilter {
    fn parse(name: &str, value: &str) -> Result<Option<LogFilter>, ErrorReply> {
        let when = || -> Result<i64, ErrorReply> {
            let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
            PrimitiveDateTime::parse(value.trim(), &format)
                .map(|t| (t.assume_utc().unix_timestamp_nanos() / 1_000_000) as i64)
                .map_err(|_| {
                    ErrorReply::validation(format!(
                        "Query parameter '{name}' must be a date like 2024-01-31 13:45:00 (got '{value}')"
                    ))
                })
        };
        Ok(Some(match name {
            "filter.status" | "filter.requestStatus" => LogFilter::Status(value.to_string()),
            "filter.method" => LogFilter::Method(value.to_string()),
            "filter.url" => LogFilter::Contains(|r| &r.url, value.to_lowercase()),
            "filter.body" => LogFilter::Contains(|r| &r.body, value.to_lowercase()),
            "filter.createdBy" => LogFilter::Contains(|r| &r.author.name, value.to_lowercase()),
            "filter.etag" => LogFilter::Etag(value.to_string()),
            "filter.headers" => LogFilter::Headers(value.to_lowercase()),
            "filter.createdDate" => LogFilter::Day(value.trim().to_string()),
            "filter.createdAfter" => LogFilter::After(when()?),
            "filter.createdBefore" => LogFilter::Before(when()?),
            _ => return Ok(None),
        }))
    }

    fn keeps(&self, record: &RequestRecord, now: i64) -> bool {
        match self {
            LogFilter::Status(s) => call::status(record.phase(now)).eq_ignore_ascii_case(s),
            LogFilter::Method(m) => record.method.eq_ignore_ascii_case(m),
            LogFilter::Contains(field, needle) => field(record).to_lowercase().contains(needle),
            LogFilter::Etag(e) => record.etag == *e,
            LogFilter::Headers(needle) => {
                Value::Object(record.headers.clone()).to_string().to_lowercase().contains(needle)
            }
            LogFilter::Day(day) => date(record.created_ms).replace('T', " ").starts_with(day.as_str()),
            LogFilter::After(ms) => record.created_ms > *ms,
            LogFilter::Before(ms) => record.created_ms < *ms,
        }
    }
}

/// `GET /requests`: the request log, newest first, filtered and paged; each version lists the
/// requests on the kinds of object it knows.
pub fn list(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let page = Page::from_call(call)?;
    let mut filters = Vec::new();
    for (name, value) in &call.query {
        filters.extend(LogFilter::parse(name, value)?);
    }
    let body = request.sim.read(|world, now| {
        let matching: Vec<RequestRecord> = world
            .jobs()
            .newest_first()
            .into_iter()
            .filter(|r| ours(r) && filters.iter().all(|f| f.keeps(r, now)))
            .collect();
        // A version does not show requests on objects it does not know (v5: NAT gateways).
        let matching: Vec<RequestRecord> =
            matching.into_iter().filter(|r| r.targets().all(|t| envelopes::in_version(&t.kind, call.v6))).collect();
        let total = matching.len();
        let items = page
            .window(matching)
            .into_iter()
            .map(|r| {
                if call.depth >= 1 {
                    request_object(call, &r, now, call.depth - 1)
                } else {
                    reference(call, &path(&r), "request", &r.id)
                }
            })
            .collect();
        let mut value = collection(call, "requests", "requests", items);
        page.annotate(call, &mut value, total > page.offset + page.limit);
        value
    })?;
    Ok(call.ok(body))
}

/// `GET /requests/{request_id}` and `.../status`.
pub fn one(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let id = request.param("request_id");
    let status = call.flag("status");
    let body = request.sim.read(|world, now| {
        let record = world.jobs().get(id).filter(ours)?;
        Some(if status { status_object(call, &record, now) } else { request_object(call, &record, now, call.depth) })
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ErrorReply::not_found)
}
