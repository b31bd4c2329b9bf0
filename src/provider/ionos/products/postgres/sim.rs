//! The PostgreSQL API's emulator behaviour: a cluster's connection names a data center and a
//! LAN that must exist in the same account's CloudAPI, its version one the API offers, its
//! instances within the documented sizes (checked by the description); it is PROVISIONING
//! for as long as a cluster takes, then AVAILABLE with its DNS name. Served under
//! `/databases/postgresql`.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::catalog::{self as api, CATALOG};
use crate::provider::ionos::products::sim::{
    check_create, created, invalid, no_controls, ProductEmulation, ProductShape,
};
use crate::provider::ionos::sim::date;
use crate::sim::crud::{child_path, in_field_order, new_id};
use crate::sim::{Answers, Author, Call, ErrorReply, Family, Meta, Mutation, StoredObject, World};

static SHAPE: ProductShape = ProductShape {
    changing: "UPDATING",
    created,
    changed: StatusCode::OK,
    stateless: &[],
    bare: &[],
    failure_key: Some("statusMessage"),
    metadata,
    urn: ("psql", "de/txl"),
};

static CLUSTERS: Family<Call> =
    Family { build: Some(build_cluster), adjust: Some(adjust_cluster), ..Family::of(&api::CLUSTER) };

static ANSWERS: Answers<ProductShape> =
    Answers { shape: &SHAPE, hooks: &[], families: &[&CLUSTERS], catalog: &CATALOG };

/// The PostgreSQL API's emulation.
pub static EMULATION: ProductEmulation = ProductEmulation {
    prefixes: &["/databases/postgresql"],
    answers: &ANSWERS,
    typical: super::typical,
    seed,
    controls: no_controls,
    tokens: None,
};

/// The versions the API offers.
const VERSIONS: [&str; 4] = ["14", "15", "16", "17"];

/// The backup locations the API offers.
const BACKUP_LOCATIONS: [&str; 4] = ["de", "eu-central-2", "eu-south-2", "us-east-1"];

/// A cluster's DNS name.
fn metadata(_: &World, _: &str, entry: &StoredObject) -> Map<String, Value> {
    let mut extra = Map::new();
    if entry.kind == "cluster" {
        extra.insert("statusMessage".into(), Value::Null);
        extra.insert("dnsName".into(), format!("pg-{}.postgresql.de-txl.ionos.com", entry.id).into());
    }
    extra
}

/// The versions and backup locations every account sees.
fn seed(world: &mut World) -> Result<(), ErrorReply> {
    let publisher = Author { name: "postgresql@ionos.com".into(), id: "00000000-0000-0000-0000-000000000003".into() };
    let versions =
        VERSIONS.iter().map(|v| ("versions", "version", *v, json!({ "version": v, "status": "RECOMMENDED" })));
    let locations =
        BACKUP_LOCATIONS.iter().map(|l| ("backup-locations", "backup-location", *l, json!({ "location": l })));
    for (collection, kind, id, properties) in versions.chain(locations) {
        let path = child_path("", collection, id);
        if world.store().get(&path).is_none() {
            let properties = properties.as_object().cloned().unwrap_or_default();
            world.insert(&path, StoredObject::new(kind, id, Meta::new(&publisher, 0), properties))?;
        }
    }
    Ok(())
}

/// A replaced cluster is checked as a new one is, and keeps no password either.
fn adjust_cluster(
    tx: &mut Mutation,
    _: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    check_placement(tx, properties)?;
    forget_password(properties);
    Ok(())
}

/// The password is never kept: no answer shows it.
fn forget_password(properties: &mut Map<String, Value>) {
    if let Some(credentials) = properties.get_mut("credentials").and_then(Value::as_object_mut) {
        credentials.remove("password");
    }
}

/// A version the API offers, in a data center and LAN of the account.
fn check_placement(tx: &Mutation, properties: &Map<String, Value>) -> Result<(), ErrorReply> {
    let version = properties.get("version").and_then(Value::as_str).unwrap_or_default();
    if !VERSIONS.contains(&version) {
        return Err(invalid("version", format!("'{version}' is not offered; versions: {}", VERSIONS.join(", "))));
    }
    let connection = properties.get("connection").cloned().unwrap_or(Value::Null);
    let text = |key: &str| connection.get(key).and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
    let (datacenter, lan) = (text("datacenterId"), text("lanId"));
    if tx.store().get(&format!("datacenters/{datacenter}")).is_none() {
        return Err(invalid("connection.datacenterId", format!("no data center '{datacenter}' in this contract")));
    }
    if tx.store().get(&format!("datacenters/{datacenter}/lans/{lan}")).is_none() {
        return Err(invalid("connection.lanId", format!("data center '{datacenter}' has no LAN '{lan}'")));
    }
    Ok(())
}

fn build_cluster(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&api::CLUSTER, body)?.properties;
    check_placement(tx, &properties)?;
    forget_password(&mut properties);
    let version = properties.get("version").and_then(Value::as_str).unwrap_or_default().to_string();
    let id = new_id();
    let path = child_path("", "clusters", &id);
    let backup = json!({
        "clusterId": id, "postgresClusterVersion": version, "isActive": true,
        "earliestRecoveryTargetTime": date(tx.now), "latestRecoveryTargetTime": date(tx.now),
        "location": properties.get("backup").and_then(|b| b.get("location")).and_then(Value::as_str).unwrap_or("de"),
    });
    tx.create(&path, "cluster", in_field_order(&api::CLUSTER, properties));
    tx.create(&child_path("", "backups", &new_id()), "backup", backup.as_object().cloned().unwrap_or_default());
    Ok(path)
}
