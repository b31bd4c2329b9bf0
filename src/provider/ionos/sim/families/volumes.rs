//! Volumes of a data center: create (from a public image, an image alias or a snapshot in the
//! data center's location, or blank), get, list, replace, patch (a volume
//! only grows), delete (an attached volume is detached when it goes), and the two snapshot
//! actions: `create-snapshot` (answers with the new snapshot) and `restore-snapshot`. Both
//! actions take form fields (where the classic SDK's literal `None` means "not given") or the
//! JSON newer SDKs send.

use serde_json::{json, Map, Value};

use crate::catalog::Mode;
use crate::provider::ionos::sim::families::contracts;
use crate::provider::ionos::sim::families::family::{Family, Request};
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, child_path, datacenter_of, in_field_order, invalid, location_of, refused,
};
use crate::provider::ionos::{SNAPSHOT, VOLUME};
use crate::sim::{ErrorReply, Mutation, Reply, Store, StoredObject};

/// What volumes have of their own.
pub static VOLUMES: Family = Family { build: Some(build), adjust: Some(adjust), ..Family::of(&VOLUME) };

/// Properties a volume is created with but the API never shows again.
const NEVER_SHOWN: &[&str] = &["imagePassword", "sshKeys"];

/// Where a volume's content comes from: the image or snapshot named by `image`, or the
/// public HDD image `imageAlias` stands for in `location`.
fn source<'a>(
    store: Store<'a>,
    location: &str,
    properties: &Map<String, Value>,
    at: &str,
) -> Result<Option<&'a StoredObject>, ErrorReply> {
    let text = |name: &str| properties.get(name).and_then(Value::as_str);
    match (text("image"), text("imageAlias")) {
        (Some(id), _) => {
            let id = id.to_ascii_lowercase();
            let found = store.get(&format!("images/{id}")).or_else(|| store.get(&format!("snapshots/{id}")));
            let found =
                found.ok_or_else(|| invalid(at, "image", format!("names no image or snapshot (got '{id}')")))?;
            let prop = |name: &str| found.properties.get(name).and_then(Value::as_str).unwrap_or_default();
            if prop("location") != location {
                return Err(invalid(
                    at,
                    "image",
                    format!("must be in the data center's location {location} ('{id}' is in {})", prop("location")),
                ));
            }
            if prop("imageType") == "CDROM" {
                return Err(invalid(
                    at,
                    "image",
                    format!("names a CD-ROM image (ISO, '{id}'): a volume is made from an HDD image; attach an ISO to a server with attach_cdrom"),
                ));
            }
            Ok(Some(found))
        }
        (None, Some(alias)) => {
            let here = store
                .of_kind("image")
                .into_iter()
                .map(|(_, e)| e)
                .filter(|e| e.properties.get("location").and_then(Value::as_str) == Some(location));
            let mut offered = Vec::new();
            for image in here {
                let aliases =
                    image.properties.get("imageAliases").and_then(Value::as_array).cloned().unwrap_or_default();
                if aliases.iter().any(|a| a.as_str() == Some(alias)) {
                    return Ok(Some(image));
                }
                offered.extend(aliases.into_iter().filter_map(|a| a.as_str().map(String::from)));
            }
            Err(invalid(
                at,
                "imageAlias",
                format!("must be one of the aliases offered in {location}: {} (got '{alias}')", offered.join(", ")),
            ))
        }
        (None, None) => Ok(None),
    }
}

/// Checks a volume body found at `at` and creates the volume in the data center at
/// `datacenter`; returns its path.
pub fn build(tx: &mut Mutation, datacenter: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&VOLUME, body, at)?.properties;
    let location = location_of(tx.world, datacenter);
    if let Some(source) = source(tx.store(), &location, &properties, at)? {
        let minimum = source.properties.get("size").and_then(Value::as_i64).unwrap_or(0);
        let size = properties.get("size").and_then(Value::as_i64).unwrap_or(0);
        if size < minimum {
            return Err(invalid(
                at,
                "size",
                format!("must be at least the size of its image ({minimum} GB, got {size})"),
            ));
        }
        properties.insert("image".into(), json!(source.id));
        if let Some(licence) = source.properties.get("licenceType") {
            properties.insert("licenceType".into(), licence.clone());
        }
    }
    for secret in NEVER_SHOWN {
        properties.remove(*secret);
    }
    for (name, default) in [("type", "HDD"), ("bus", "VIRTIO"), ("availabilityZone", "AUTO")] {
        properties.entry(name).or_insert_with(|| json!(default));
    }
    let path = child_path(datacenter, "volumes", &resource::new_id());
    contracts::check(tx.store(), &path, "volume", &properties)?;
    tx.create(&path, "volume", in_field_order(&VOLUME, properties));
    Ok(path)
}

/// A volume only grows (within the contract's limits), and never shows its secrets.
fn adjust(
    tx: &mut Mutation,
    path: &str,
    old: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    let old_size = old.properties.get("size").and_then(Value::as_i64).unwrap_or(0);
    match properties.get("size").and_then(Value::as_i64) {
        Some(size) if size < old_size => {
            return Err(invalid("", "size", format!("can only be increased (is {old_size} GB, got {size})")))
        }
        Some(_) => {}
        None => {
            properties.insert("size".into(), json!(old_size));
        }
    }
    for secret in NEVER_SHOWN {
        properties.remove(*secret);
    }
    contracts::check(tx.store(), path, "volume", properties)
}

/// The fields of an action body: form fields (the literal `None` meaning "not given"), JSON
/// `{"properties": {...}}`, or bare JSON.
fn action_fields(body: &Value) -> Map<String, Value> {
    let fields = body.get("properties").filter(|p| p.is_object()).unwrap_or(body);
    fields
        .as_object()
        .map(|map| {
            map.iter().filter(|(_, v)| v.as_str() != Some("None")).map(|(k, v)| (k.clone(), v.clone())).collect()
        })
        .unwrap_or_default()
}

/// The hot-plug flags a snapshot takes over from its volume.
const HOT_PLUG: &[&str] =
    &["cpuHotPlug", "ramHotPlug", "nicHotPlug", "nicHotUnplug", "discVirtioHotPlug", "discVirtioHotUnplug"];

/// `create-snapshot`: a snapshot of the volume, answered with the new snapshot.
pub fn create_snapshot(request: &Request) -> Result<Reply, ErrorReply> {
    let volume_path = request.object();
    let datacenter = datacenter_of(&volume_path);
    resource::accept(request.call, request.sim, &request.body.raw, |tx| {
        let volume = resource::existing(tx.world, &volume_path)?.clone();
        let given = action_fields(&request.body.value);
        let mut properties = SNAPSHOT.normalize(&given, Mode::Create).map_err(|e| refused(&e))?.properties;
        let name = volume.properties.get("name").and_then(Value::as_str).unwrap_or(&volume.id).to_string();
        properties.entry("name").or_insert_with(|| json!(format!("{name}-snapshot")));
        properties.entry("description").or_insert_with(|| json!(""));
        properties.entry("secAuthProtection").or_insert_with(|| json!(false));
        let licence = volume.properties.get("licenceType").cloned().unwrap_or_else(|| json!("UNKNOWN"));
        properties.entry("licenceType").or_insert(licence);
        properties.insert("location".into(), json!(location_of(tx.world, &datacenter)));
        properties.insert("size".into(), volume.properties.get("size").cloned().unwrap_or(json!(0)));
        for flag in HOT_PLUG {
            if let Some(value) = volume.properties.get(*flag) {
                properties.entry(*flag).or_insert(value.clone());
            }
        }
        let snapshot = child_path("", "snapshots", &resource::new_id());
        tx.create(&snapshot, "snapshot", in_field_order(&SNAPSHOT, properties));
        tx.target(&volume_path)?;
        Ok(Some(snapshot))
    })
}

/// `restore-snapshot`: the volume takes the snapshot's content.
pub fn restore_snapshot(request: &Request) -> Result<Reply, ErrorReply> {
    let volume_path = request.object();
    let datacenter = datacenter_of(&volume_path);
    resource::accept(request.call, request.sim, &request.body.raw, |tx| {
        resource::existing(tx.world, &volume_path)?;
        let given = action_fields(&request.body.value);
        let snapshot_id = given
            .get("snapshotId")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("", "snapshotId", "is required"))?
            .to_ascii_lowercase();
        let snapshot = tx
            .store()
            .get(&child_path("", "snapshots", &snapshot_id))
            .cloned()
            .ok_or_else(|| invalid("", "snapshotId", format!("names no snapshot (got '{snapshot_id}')")))?;
        let location = location_of(tx.world, &datacenter);
        let snapshot_location = snapshot.properties.get("location").and_then(Value::as_str).unwrap_or_default();
        if snapshot_location != location {
            return Err(invalid(
                "",
                "snapshotId",
                format!("must name a snapshot in the volume's location {location} (it is in {snapshot_location})"),
            ));
        }
        tx.change(&volume_path, |volume| {
            volume.insert("image".into(), json!(snapshot.id));
            if let Some(licence) = snapshot.properties.get("licenceType") {
                volume.insert("licenceType".into(), licence.clone());
            }
            let size = snapshot.properties.get("size").and_then(Value::as_i64).unwrap_or(0);
            if volume.get("size").and_then(Value::as_i64).unwrap_or(0) < size {
                volume.insert("size".into(), json!(size));
            }
        })?;
        Ok(None)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_fields_take_form_json_and_none() {
        let form = json!({"name": "s", "description": "None"});
        assert_eq!(Value::Object(action_fields(&form)), json!({"name": "s"}));
        let wrapped = json!({"properties": {"snapshotId": "x"}});
        assert_eq!(Value::Object(action_fields(&wrapped)), json!({"snapshotId": "x"}));
        assert!(action_fields(&Value::Null).is_empty());
    }
}
