//! How the DNS API shows its objects: the product shape with DNS's statuses (changes
//! answered 202, reverse records created with 201 and shown without a state, DNSSEC key sets
//! without metadata), and what a zone's and a record's metadata add (name servers; fqdn and
//! zone id).

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::provider::ionos::products::sim::ProductShape;
use crate::sim::{StoredObject, World};

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
