//! What is attached to a server: volumes of its data center and CD-ROM images of its
//! location, each a link under the server (`.../servers/{id}/volumes/{volumeId}`,
//! `.../servers/{id}/cdroms/{imageId}`) listed as the object itself. Attaching is POST
//! `{"id": ...}`, detaching DELETE; a volume gets the next free device number.

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::family::Request;
use crate::provider::ionos::sim::shape::paths;
use crate::provider::ionos::sim::shape::resource::{self, child_path, datacenter_of, invalid, location_of};
use crate::sim::{ErrorReply, Mutation, Reply, Store};

/// The id an attach body names: `{"id": ...}` (also sent as a raw string by the classic SDK).
fn referenced_id(body: &Value) -> Result<String, ErrorReply> {
    body.get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.trim().is_empty())
        .map(str::to_ascii_lowercase)
        .ok_or_else(|| invalid("", "id", "is required"))
}

/// Attaches the volume at `volume` to the server at `server` with the next device number;
/// a server with no boot device yet boots from it. Returns the link's path.
pub fn attach_volume(tx: &mut Mutation, server: &str, volume: &str, at: &str) -> Result<String, ErrorReply> {
    let id = volume.rsplit('/').next().unwrap_or_default().to_string();
    if let Some((link, _)) =
        tx.store().links_to(volume).into_iter().find(|(p, _)| paths::segment(p, "servers").is_some())
    {
        let holder = paths::segment(link, "servers").unwrap_or_default();
        return Err(invalid(at, "id", format!("names volume {id}, which is already attached to server {holder}")));
    }
    let numbers = tx.store().children(&format!("{server}/volumes"));
    let next = numbers.iter().filter_map(|(_, e)| e.properties.get("deviceNumber")?.as_i64()).max().unwrap_or(0) + 1;
    let link = format!("{server}/volumes/{id}");
    let mut properties = Map::new();
    properties.insert("deviceNumber".into(), json!(next));
    tx.link(&link, volume, properties)?;
    let mut server_properties = tx.store().get(server).map(|e| e.properties.clone()).unwrap_or_default();
    default_boot(tx.store(), server, &mut server_properties);
    tx.change(server, |p| *p = server_properties)?;
    Ok(link)
}

/// A server with no boot device boots from its first attached volume.
pub fn default_boot(store: Store, server: &str, properties: &mut Map<String, Value>) {
    if properties.contains_key("bootVolume") || properties.contains_key("bootCdrom") {
        return;
    }
    if let Some((_, first)) = store.children(&format!("{server}/volumes")).first() {
        properties.insert("bootVolume".into(), json!({ "id": first.id }));
    }
}

/// Attaches the public CD-ROM image `id` (which must be in the server's location) to the
/// server at `server`; returns the link's path.
pub fn attach_cdrom(tx: &mut Mutation, server: &str, id: &str, at: &str) -> Result<String, ErrorReply> {
    let location = location_of(tx.world, &datacenter_of(server));
    let image_path = child_path("", "images", id);
    let image = tx.store().get(&image_path);
    let prop = |name: &str| image.and_then(|i| i.properties.get(name)).and_then(Value::as_str).unwrap_or_default();
    if image.is_none() || prop("imageType") != "CDROM" || prop("location") != location {
        return Err(invalid(at, "id", format!("must name a CD-ROM image in {location} (got '{id}')")));
    }
    let link = format!("{server}/cdroms/{}", id.to_ascii_lowercase());
    if tx.store().get(&link).is_some() {
        return Err(invalid(at, "id", format!("names CD-ROM {id}, which is already attached")));
    }
    tx.link(&link, &image_path, Map::new())?;
    Ok(link)
}

/// `POST .../servers/{server_id}/volumes` with `{"id"}`: attaches a volume of the data center.
pub fn attach_volume_hook(request: &Request) -> Result<Reply, ErrorReply> {
    let server = request.object();
    let body = &request.body.value;
    resource::accept(request.call, request.sim, &request.body.raw, |tx| {
        resource::existing(tx.world, &server)?;
        let id = referenced_id(body)?;
        let volume = child_path(&datacenter_of(&server), "volumes", &id);
        if tx.store().get(&volume).is_none() {
            return Err(invalid("", "id", format!("must name a volume of this data center (got '{id}')")));
        }
        let link = attach_volume(tx, &server, &volume, "")?;
        tx.target(&link)?;
        Ok(Some(link))
    })
}

/// `POST .../servers/{server_id}/cdroms` with `{"id"}`: attaches a CD-ROM image.
pub fn attach_cdrom_hook(request: &Request) -> Result<Reply, ErrorReply> {
    let server = request.object();
    let body = &request.body.value;
    resource::accept(request.call, request.sim, &request.body.raw, |tx| {
        resource::existing(tx.world, &server)?;
        let id = referenced_id(body)?;
        let link = attach_cdrom(tx, &server, &id, "")?;
        tx.target(&link)?;
        Ok(Some(link))
    })
}
