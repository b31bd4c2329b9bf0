//! The DNS API's emulator behaviour: zone names unique per contract; records checked per
//! type (A and AAAA addresses, a CNAME alone at its name, MX/SRV/URI priorities), shown with
//! their `fqdn` and `zoneId`; a zone's delete takes its records along; secondary zones and
//! reverse records stored as described. Served under `/dns`.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::catalog::{self as api, CATALOG};
use super::hooks;
use super::records::{check_record, same_name};
use super::shape::SHAPE;
use crate::catalog::{Operation, Resource};
use crate::provider::ionos::products::sim::{
    check_create, invalid, no_controls, no_seed, ProductEmulation, ProductShape,
};
use crate::sim::crud::{child_path, in_field_order, new_id};
use crate::sim::{Answers, Call, ErrorReply, Family, Hook, Mutation, StoredObject, World};

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
