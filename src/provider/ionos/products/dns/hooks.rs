//! The DNS operations with semantics of their own: a zone's file exported and imported
//! (replacing its records), its DNSSEC keys deleted together, the contract's quota, and zone
//! transfers of secondary zones (the emulator reaches no primary name server: each transfer
//! reports its primaries FAILED, saying so, and the zone holds no records).

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::records::check_record_set;
use super::zonefile;
use crate::sim::crud::{child_path, new_id};
use crate::sim::{Call, ErrorReply, Meta, Reply, Request, StoredObject};

/// What a contract may hold, as the API's quota reports it.
const LIMITS: [(&str, &str, usize); 4] = [
    ("zones", "zones", 100),
    ("secondaryZones", "secondaryzones", 100),
    ("records", "records", 10_000),
    ("reverseRecords", "reverserecords", 1_000),
];

/// `GET /zones/{zone_id}/zonefile`: the zone's records as a BIND zone file.
pub fn export(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let zone = request.object();
    let text = request.sim.read(|world, _| {
        let entry = world.store().get(&zone)?;
        let name = entry.properties.get("zoneName").and_then(Value::as_str).unwrap_or_default().to_string();
        let children = world.store().children(&format!("{zone}/records"));
        let records: Vec<&Map<String, Value>> = children.iter().map(|(_, e)| &e.properties).collect();
        Some(zonefile::render(&name, &records))
    })?;
    text.map(|t| request.call.text("text/plain", t)).ok_or_else(ErrorReply::not_found)
}

/// `PUT /zones/{zone_id}/zonefile`: the file's records replace the zone's; one the file
/// keeps (same name, type and content) keeps its id.
pub fn import(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let zone = request.object();
    let call = request.call;
    let text = request.body.value.as_str().map_or(request.body.raw.as_str(), |t| t);
    let items = request.sim.write(|world, now| {
        let entry = world.store().get(&zone).cloned().ok_or_else(ErrorReply::not_found)?;
        let name = entry.properties.get("zoneName").and_then(Value::as_str).unwrap_or_default().to_string();
        let records = zonefile::parse(&name, text).map_err(|e| ErrorReply::validation(format!("zone file: {e}")))?;
        check_record_set(&records)?;
        let old: Vec<(String, StoredObject)> = world
            .store()
            .children(&format!("{zone}/records"))
            .into_iter()
            .map(|(p, e)| (p.to_string(), e.clone()))
            .collect();
        // A record the file keeps (same name, type and content) keeps its id.
        let same = |a: &Map<String, Value>, b: &Map<String, Value>| {
            ["name", "type", "content"].iter().all(|key| a.get(*key) == b.get(*key))
        };
        let mut kept = Vec::new();
        let mut items = Vec::new();
        for properties in records {
            let found = old.iter().find(|(p, e)| same(&e.properties, &properties) && !kept.contains(p));
            let (path, id, meta) = match found {
                Some((path, entry)) => {
                    kept.push(path.clone());
                    let mut meta = entry.meta.clone();
                    meta.touch(&call.author, now);
                    (path.clone(), entry.id.clone(), meta)
                }
                None => {
                    let id = new_id();
                    (child_path(&zone, "records", &id), id, Meta::new(&call.author, now))
                }
            };
            items.push(json!({ "id": id, "type": "record", "href": format!("/{path}"), "properties": properties }));
            world.remove(&path)?;
            world.insert(&path, StoredObject::new("record", &id, meta, properties))?;
        }
        for (path, _) in old.iter().filter(|(p, _)| !kept.contains(p)) {
            world.remove(path)?;
        }
        Ok(items)
    })?;
    Ok(call.ok(json!({ "id": "records", "type": "collection", "href": format!("/{zone}/records"), "items": items, "offset": 0, "limit": items.len(), "_links": {} })))
}

/// `GET /zones/{zone_id}/keys`: the zone's DNSSEC key set: its parameters, and its key
/// signing and zone signing keys (DNSKEY records) in the metadata; 404 when it has none.
pub fn keys(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let zone = request.object();
    let found = request.sim.read(|world, _| {
        world.store().get(&zone)?;
        world.store().children(&format!("{zone}/keys")).first().map(|(_, e)| e.properties.clone())
    })?;
    let set = found.ok_or_else(ErrorReply::not_found)?;
    let zone_id = request.param("zone_id").to_ascii_lowercase();
    let algorithm = set.get("keyParameters").and_then(|k| k.get("algorithm")).cloned().unwrap_or(json!("RSASHA256"));
    let mode = set.get("nsecParameters").and_then(|n| n.get("nsecMode")).cloned().unwrap_or(json!("NSEC"));
    let key = |flags: u16, tag: u16| {
        let public = base64_of(&format!("{zone_id}:{flags}"));
        json!({
            "keyTag": tag, "digestAlgorithmMnemonic": "SHA-256", "digest": format!("{:064x}", u128::from(tag) * 0x9e37_79b9),
            "keyData": { "flags": flags, "pubKey": public }, "composedKeyData": format!("{flags} 3 8 {public}"),
        })
    };
    Ok(request.call.ok(json!({
        "id": zone_id, "type": "collection", "href": format!("/{zone}/keys"),
        "metadata": { "zoneId": zone_id, "items": [key(257, 20326), key(256, 43547)] },
        "properties": { "keyParameters": { "algorithm": algorithm }, "nsecParameters": { "nsecMode": mode } },
    })))
}

/// Text as base64, as DNSKEY public keys are written.
fn base64_of(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// `DELETE /zones/{zone_id}/keys`: the zone's DNSSEC keys, all at once (none is no error).
pub fn delete_keys(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let zone = request.object();
    request.sim.write(|world, _| {
        world.store().get(&zone).ok_or_else(ErrorReply::not_found)?;
        let keys: Vec<String> =
            world.store().children(&format!("{zone}/keys")).into_iter().map(|(p, _)| p.to_string()).collect();
        keys.iter().try_for_each(|p| world.remove(p).map(|_| ()))
    })?;
    Ok(request.call.reply(StatusCode::ACCEPTED, None))
}

/// `GET /records`: the records of every primary zone, filtered as a zone's are.
pub fn all_records(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let shape = &super::shape::SHAPE;
    let listed = request.sim.read(|world, now| {
        let store = world.store();
        let zones = store.children("zones");
        let paths: Vec<String> = zones.iter().map(|(p, _)| format!("{p}/records")).collect();
        let entries: Vec<(&str, &StoredObject)> = paths.iter().flat_map(|p| store.children(p)).collect();
        shape.listing(call, world, now, "records", entries)
    })??;
    Ok(call.ok(listed))
}

/// `GET /quota`: what the contract holds and may hold.
pub fn quota(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let usage = request.sim.read(|world, _| {
        let store = world.store();
        let count = |collection: &str| match collection {
            "records" => {
                store.children("zones").iter().map(|(p, _)| store.children(&format!("{p}/records")).len()).sum()
            }
            other => store.children(other).len(),
        };
        LIMITS.iter().map(|(key, collection, _)| (key.to_string(), json!(count(collection)))).collect::<Map<_, _>>()
    })?;
    let limits: Map<String, Value> = LIMITS.iter().map(|(key, _, limit)| (key.to_string(), json!(limit))).collect();
    Ok(request.call.ok(json!({ "quotaUsage": usage, "quotaLimits": limits })))
}

/// `GET /secondaryzones/{secondaryzone_id}/axfr`: each primary's transfer status.
pub fn transfer_status(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let zone = request.object();
    let primaries = request.sim.read(|world, _| {
        world.store().get(&zone).map(|e| e.properties.get("primaryIps").cloned().unwrap_or_else(|| json!([])))
    })?;
    let primaries = primaries.ok_or_else(ErrorReply::not_found)?;
    let items: Vec<Value> = primaries
        .as_array()
        .into_iter()
        .flatten()
        .map(|ip| json!({ "primaryIp": ip, "status": "FAILED", "errorMessage": "the emulator makes no zone transfers from primary name servers" }))
        .collect();
    // The API answers the status with 202, as its spec says.
    Ok(request.call.reply(StatusCode::ACCEPTED, Some(json!({ "type": "collection", "items": items }))))
}

/// `PUT /secondaryzones/{secondaryzone_id}/axfr`: a transfer started (see [`transfer_status`]).
pub fn start_transfer(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let zone = request.object();
    let exists = request.sim.read(|world, _| world.store().get(&zone).is_some())?;
    if !exists {
        return Err(ErrorReply::not_found());
    }
    Ok(request.call.reply(StatusCode::ACCEPTED, None))
}

/// `GET /secondaryzones/{secondaryzone_id}/records`: what the transfers brought (nothing,
/// see [`transfer_status`]).
pub fn secondary_records(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let zone = request.object();
    let found = request.sim.read(|world, _| {
        world.store().get(&zone).map(|e| e.properties.get("primaryIps").cloned().unwrap_or_else(|| json!([])))
    })?;
    let primaries = found.ok_or_else(ErrorReply::not_found)?;
    Ok(request.call.ok(json!({
        "id": format!("{}/records", request.param("secondaryzone_id")), "type": "collection",
        "href": format!("/{zone}/records"), "metadata": { "primaryIps": primaries },
        "items": [], "offset": 0, "limit": 100, "_links": {},
    })))
}

/// A DNSSEC key set is one per zone (409 for a second).
pub fn keys_taken(store: crate::sim::Store, zone: &str) -> Result<(), ErrorReply> {
    if store.children(&format!("{zone}/keys")).is_empty() {
        Ok(())
    } else {
        Err(ErrorReply::new(StatusCode::CONFLICT, "the zone already has DNSSEC keys: delete them first"))
    }
}
