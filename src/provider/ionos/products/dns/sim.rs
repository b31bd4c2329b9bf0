//! The DNS API's emulator behaviour: zone names unique per contract; records checked per
//! type (A and AAAA addresses, a CNAME alone at its name, MX/SRV/URI priorities), shown with
//! their `fqdn` and `zoneId`; a zone's delete takes its records along; secondary zones and
//! reverse records stored as described. Served under `/dns`.

use std::net::{Ipv4Addr, Ipv6Addr};

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::catalog::{self as api, CATALOG};
use super::hooks;
use crate::catalog::{Operation, Resource};
use crate::provider::ionos::products::sim::{
    check_create, invalid, no_controls, no_seed, ProductEmulation, ProductShape,
};
use crate::sim::crud::{child_path, in_field_order, new_id};
use crate::sim::{Answers, Call, ErrorReply, Family, Hook, Mutation, StoredObject, World};

/// How DNS objects look.
pub static SHAPE: ProductShape = ProductShape {
    changing: "PROVISIONING",
    created,
    changed: StatusCode::ACCEPTED,
    stateless: &["reverserecord"],
    bare: &["dnsseckey"],
    failure_key: None,
    metadata,
    urn: ("dns", "de/fra"),
};

/// DNS accepts creates with 202, but for reverse records (201).
fn created(kind: &str) -> StatusCode {
    if kind == "reverserecord" {
        StatusCode::CREATED
    } else {
        StatusCode::ACCEPTED
    }
}

/// The families with behaviour of their own.
static FAMILIES: &[&Family<Call>] = &[&ZONES, &RECORDS, &SECONDARY_ZONES, &REVERSE_RECORDS, &DNSSEC_KEYS];

static ZONES: Family<Call> = Family { build: Some(build_zone), cascade: Some(zone_records), ..Family::of(&api::ZONE) };
static RECORDS: Family<Call> =
    Family { build: Some(build_record), adjust: Some(adjust_record), ..Family::of(&api::RECORD) };
static SECONDARY_ZONES: Family<Call> = Family { build: Some(build_secondary), ..Family::of(&api::SECONDARY_ZONE) };
static REVERSE_RECORDS: Family<Call> = Family { build: Some(build_reverse), ..Family::of(&api::REVERSE_RECORD) };
static DNSSEC_KEYS: Family<Call> = Family { build: Some(build_keys), ..Family::of(&api::DNSSEC_KEYS) };

/// The operations with semantics of their own.
static HOOKS: &[(&Operation, Hook<Call>)] = &[
    (&api::GET_ZONEFILE, hooks::export),
    (&api::IMPORT_ZONEFILE, hooks::import),
    (&api::DELETE_DNSSEC_KEYS, hooks::delete_keys),
    (&api::GET_QUOTA, hooks::quota),
    (&api::GET_DNSSEC_KEYS, hooks::keys),
    (&api::LIST_ALL_RECORDS, hooks::all_records),
    (&api::GET_ZONE_TRANSFER, hooks::transfer_status),
    (&api::START_ZONE_TRANSFER, hooks::start_transfer),
    (&api::LIST_SECONDARYZONE_RECORDS, hooks::secondary_records),
];

static ANSWERS: Answers<ProductShape> = Answers { shape: &SHAPE, hooks: HOOKS, families: FAMILIES, catalog: &CATALOG };

/// The DNS API's emulation.
pub static EMULATION: ProductEmulation = ProductEmulation {
    prefixes: &["/dns"],
    answers: &ANSWERS,
    typical: super::typical,
    seed: no_seed,
    controls: no_controls,
    tokens: None,
};

/// The name servers every primary zone is served by.
const NAMESERVERS: [&str; 4] = ["ns-ic.ui-dns.com", "ns-ic.ui-dns.de", "ns-ic.ui-dns.org", "ns-ic.ui-dns.biz"];

/// A zone's name servers; a record's `fqdn` and `zoneId`.
fn metadata(world: &World, path: &str, entry: &StoredObject) -> Map<String, Value> {
    let mut extra = Map::new();
    match entry.kind.as_str() {
        "zone" => {
            extra.insert("nameservers".into(), json!(NAMESERVERS));
        }
        "record" => {
            let zone_path = path.split("/records/").next().unwrap_or_default();
            let zone = world.store().get(zone_path);
            let zone_name = zone.and_then(|z| z.properties.get("zoneName")).and_then(Value::as_str).unwrap_or_default();
            let name = entry.properties.get("name").and_then(Value::as_str).unwrap_or_default();
            extra.insert("fqdn".into(), fqdn(name, zone_name).into());
            extra.insert("zoneId".into(), zone.map(|z| z.id.clone()).unwrap_or_default().into());
        }
        _ => {}
    }
    extra
}

/// A record's full name: the zone's own for `@` or an empty name.
pub fn fqdn(name: &str, zone: &str) -> String {
    if name.is_empty() || name == "@" {
        zone.to_string()
    } else {
        format!("{name}.{zone}")
    }
}

/// Whether two DNS names are the same, ignoring case and a trailing dot.
fn same_name(a: &str, b: &str) -> bool {
    a.trim_end_matches('.').eq_ignore_ascii_case(b.trim_end_matches('.'))
}

fn build_zone(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&api::ZONE, body)?.properties;
    let name = properties.get("zoneName").and_then(Value::as_str).unwrap_or_default().to_string();
    let taken = |collection: &str| {
        tx.store()
            .children(collection)
            .into_iter()
            .any(|(_, z)| z.properties.get("zoneName").and_then(Value::as_str).is_some_and(|n| same_name(n, &name)))
    };
    if taken("zones") || taken("secondaryzones") {
        return Err(ErrorReply::new(
            StatusCode::CONFLICT,
            format!("[properties.zoneName] a zone named '{name}' already exists in this contract"),
        ));
    }
    properties.entry("enabled").or_insert(json!(true));
    let path = child_path("", "zones", &new_id());
    tx.create(&path, "zone", in_field_order(&api::ZONE, properties));
    Ok(path)
}

/// A zone's delete takes its records along.
fn zone_records(_: &Call, world: &World, _: i64, path: &str, _: &StoredObject) -> Result<Vec<String>, ErrorReply> {
    Ok(world.store().children(&format!("{path}/records")).into_iter().map(|(p, _)| p.to_string()).collect())
}

fn build_record(tx: &mut Mutation, zone: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&api::RECORD, body)?.properties;
    properties.entry("ttl").or_insert(json!(3600));
    properties.entry("enabled").or_insert(json!(true));
    check_record(tx.store().children(&format!("{zone}/records")), None, &properties)?;
    let path = child_path(zone, "records", &new_id());
    tx.create(&path, "record", in_field_order(&api::RECORD, properties));
    Ok(path)
}

fn adjust_record(
    tx: &mut Mutation,
    path: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    let zone = path.split("/records/").next().unwrap_or_default();
    check_record(tx.store().children(&format!("{zone}/records")), Some(path), properties)
}

/// A record's content as its type wants it, and a CNAME alone at its name among `siblings`
/// (the zone's other records).
fn check_record(
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

/// A zone's DNSSEC keys: one set per zone.
fn build_keys(tx: &mut Mutation, zone: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let properties = check_create(&api::DNSSEC_KEYS, body)?.properties;
    hooks::keys_taken(tx.store(), zone)?;
    let path = child_path(zone, "keys", &new_id());
    tx.create(&path, "dnsseckey", in_field_order(&api::DNSSEC_KEYS, properties));
    Ok(path)
}

fn build_secondary(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    stored(tx, "secondaryzones", "secondaryzone", &api::SECONDARY_ZONE, body)
}

fn build_reverse(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let properties = check_create(&api::REVERSE_RECORD, body)?.properties;
    let ip = properties.get("ip").and_then(Value::as_str).unwrap_or_default();
    if ip.parse::<std::net::IpAddr>().is_err() {
        return Err(invalid("ip", format!("'{ip}' is not an IP address")));
    }
    stored(tx, "reverserecords", "reverserecord", &api::REVERSE_RECORD, body)
}

/// Stores a checked top-level object.
fn stored(
    tx: &mut Mutation,
    collection: &str,
    kind: &str,
    resource: &Resource,
    body: &Value,
) -> Result<String, ErrorReply> {
    let properties = check_create(resource, body)?.properties;
    let path = child_path("", collection, &new_id());
    tx.create(&path, kind, in_field_order(resource, properties));
    Ok(path)
}
