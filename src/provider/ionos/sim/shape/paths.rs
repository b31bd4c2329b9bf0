//! Where CloudAPI objects live in the store: paths mirror the API's URLs
//! (`datacenters/{id}/servers/{id}/nics/{id}`), with ids in lower case.

use serde_json::Value;

use crate::sim::crud::child_path;
use crate::sim::Store;

/// The store path of data center `id`.
pub fn datacenter_path(id: &str) -> String {
    child_path("", "datacenters", id)
}

/// The path of the data center an object's path lies in.
pub fn datacenter_of(path: &str) -> String {
    datacenter_path(segment(path, "datacenters").unwrap_or_default())
}

/// The segment after `collection` in a store path (`servers` → the server id).
pub fn segment<'a>(path: &'a str, collection: &str) -> Option<&'a str> {
    let mut parts = path.split('/');
    parts.by_ref().find(|p| *p == collection)?;
    parts.next()
}

/// The path of the object a link at `link_path` hangs under (`.../servers/{id}/volumes/{v}`
/// → `.../servers/{id}`).
pub fn owner(link_path: &str) -> &str {
    let mut cut = link_path.rsplitn(3, '/');
    cut.nth(2).unwrap_or_default()
}

/// The path of LAN `lan` of the data center at `datacenter`.
pub fn lan_path(datacenter: &str, lan: i64) -> String {
    format!("{datacenter}/lans/{lan}")
}

/// A LAN id as sent: a number or a string of digits.
pub fn lan_number(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_str()?.parse().ok())
}

/// Whether the LAN at `lan` is public.
pub fn is_public(store: Store, lan: &str) -> bool {
    store.get(lan).and_then(|l| l.properties.get("public")).and_then(Value::as_bool) == Some(true)
}

/// The path of the NIC `id` in the data center at `datacenter`, on whichever server.
pub fn find_nic(store: Store, datacenter: &str, id: &str) -> Option<String> {
    let prefix = format!("{datacenter}/servers/");
    let id = id.to_ascii_lowercase();
    store.of_kind("nic").into_iter().find(|(p, e)| p.starts_with(&prefix) && e.id == id).map(|(p, _)| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_taken_apart() {
        assert_eq!(segment("datacenters/d/servers/s/volumes/v", "servers"), Some("s"));
        assert_eq!(segment("datacenters/d", "servers"), None);
        assert_eq!(owner("datacenters/d/servers/s/volumes/v"), "datacenters/d/servers/s");
        assert_eq!(datacenter_of("datacenters/D/servers/s"), "datacenters/d");
    }
}
