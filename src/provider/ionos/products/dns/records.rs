//! What the DNS API checks of a record: the content its type wants (A and AAAA addresses, the
//! priority MX, SRV and URI records need), a CNAME alone at its name, and no record twice.

use std::net::{Ipv4Addr, Ipv6Addr};

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::catalog as api;
use crate::provider::ionos::products::sim::invalid;
use crate::sim::{ErrorReply, StoredObject};

/// Whether two DNS names are the same, ignoring case and a trailing dot.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim_end_matches('.').eq_ignore_ascii_case(b.trim_end_matches('.'))
}

/// A record's content as its type wants it, and a CNAME alone at its name among `siblings`
/// (the zone's other records).
pub fn check_record(
    siblings: Vec<(&str, &StoredObject)>,
    itself: Option<&str>,
    properties: &Map<String, Value>,
) -> Result<(), ErrorReply> {
    check_content(properties)?;
    let others = siblings.into_iter().filter(|(p, _)| Some(*p) != itself).map(|(_, e)| &e.properties);
    others.into_iter().try_for_each(|other| check_pair(properties, other))
}

/// Each record of a set (a zone file) checked as [`check_record`] checks one against the
/// others.
pub fn check_record_set(records: &[Map<String, Value>]) -> Result<(), ErrorReply> {
    for (index, record) in records.iter().enumerate() {
        api::RECORD.normalize(record, crate::catalog::Mode::Create).map_err(|e| invalid(&e.api, &e.message))?;
        check_content(record)?;
        records[..index].iter().try_for_each(|earlier| check_pair(record, earlier))?;
    }
    Ok(())
}

/// The content a record's type wants, and the priority MX, SRV and URI records need.
fn check_content(properties: &Map<String, Value>) -> Result<(), ErrorReply> {
    let text = |key: &str| properties.get(key).and_then(Value::as_str).unwrap_or_default();
    let (kind, content) = (text("type"), text("content"));
    match kind {
        "A" if content.parse::<Ipv4Addr>().is_err() => {
            Err(invalid("content", format!("'{content}' is not an IPv4 address, as an A record holds")))
        }
        "AAAA" if content.parse::<Ipv6Addr>().is_err() => {
            Err(invalid("content", format!("'{content}' is not an IPv6 address, as an AAAA record holds")))
        }
        "MX" | "SRV" | "URI" if properties.get("priority").is_none_or(Value::is_null) => {
            Err(invalid("priority", format!("is required for {kind} records")))
        }
        _ => Ok(()),
    }
}

/// Two records of one zone: a CNAME is alone at its name, and no record is there twice.
fn check_pair(record: &Map<String, Value>, other: &Map<String, Value>) -> Result<(), ErrorReply> {
    let text =
        |map: &Map<String, Value>, key: &str| map.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let name = text(record, "name");
    if !same_name(&text(other, "name"), &name) {
        return Ok(());
    }
    let (kind, other_kind) = (text(record, "type"), text(other, "type"));
    if kind == "CNAME" || other_kind == "CNAME" {
        return Err(ErrorReply::new(
            StatusCode::CONFLICT,
            format!("[properties.name] '{name}' already has a {other_kind} record: a CNAME must be alone at its name"),
        ));
    }
    if other_kind == kind && text(other, "content") == text(record, "content") {
        return Err(ErrorReply::new(
            StatusCode::CONFLICT,
            format!("[properties] the zone already has this {kind} record for '{name}'"),
        ));
    }
    Ok(())
}
