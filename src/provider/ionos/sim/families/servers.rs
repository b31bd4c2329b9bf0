//! Servers of a data center: create (with nested volumes to create or attach, NICs with
//! their firewall rules, and CD-ROMs, all in one request), get, list, replace, patch, delete
//! (the attached volumes stay, detached, unless `deleteVolumes=true`), and the power actions
//! `start`, `stop` and `reboot` (and for Cube servers `suspend` and `resume`), `upgrade`, the
//! server's `token` and its `remoteconsole` URL. `vmState` is RUNNING from creation; an action changes it
//! when it is accepted (like every change here), and the server is BUSY until its request is
//! done. A `templateUuid` must name a Cube template. `cpuFamily` must be one the data center's location offers (its `cpuArchitecture`);
//! the first one offered is the default.

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::attachments;
use crate::provider::ionos::sim::families::contracts;
use crate::provider::ionos::sim::families::family::{Family, Request};
use crate::provider::ionos::sim::families::nics;
use crate::provider::ionos::sim::families::volumes;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, child_path, children, datacenter_of, in_field_order, invalid,
};
use crate::provider::ionos::SERVER;
use crate::sim::{ErrorReply, Mutation, Reply, StoredObject, World};

/// What servers have of their own.
pub static SERVERS: Family =
    Family { build: Some(build), adjust: Some(adjust), cascade: Some(cascade), ..Family::of(&SERVER) };

/// The CPU families the data center at `datacenter` offers.
fn cpu_families(tx: &Mutation, datacenter: &str) -> Vec<String> {
    let architecture = tx.store().get(datacenter).and_then(|d| d.properties.get("cpuArchitecture"));
    architecture
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("cpuFamily").and_then(Value::as_str).map(String::from))
        .collect()
}

fn check_cpu_family(
    tx: &Mutation,
    datacenter: &str,
    properties: &mut Map<String, Value>,
    at: &str,
) -> Result<(), ErrorReply> {
    let offered = cpu_families(tx, datacenter);
    match properties.get("cpuFamily").and_then(Value::as_str) {
        Some(family) if !offered.iter().any(|o| o == family) => Err(invalid(
            at,
            "cpuFamily",
            format!(
                "must be a CPU family offered in the data center's location: {} (got '{family}')",
                offered.join(", ")
            ),
        )),
        Some(_) => Ok(()),
        None => {
            if let Some(first) = offered.first() {
                properties.insert("cpuFamily".into(), json!(first));
            }
            Ok(())
        }
    }
}

fn reference_id(properties: &Map<String, Value>, name: &str) -> Option<String> {
    properties.get(name).and_then(|r| r.get("id")).and_then(Value::as_str).map(str::to_ascii_lowercase)
}

/// A boot volume must be attached to the server; a boot CD-ROM must be a CD-ROM image of
/// the location (it is attached if it is not yet). Without either, the first attached volume
/// boots.
fn check_boot(
    tx: &mut Mutation,
    server: &str,
    properties: &mut Map<String, Value>,
    at: &str,
) -> Result<(), ErrorReply> {
    if let Some(id) = reference_id(properties, "bootVolume") {
        if tx.store().get(&format!("{server}/volumes/{id}")).is_none() {
            return Err(invalid(at, "bootVolume", format!("must name a volume attached to the server (got '{id}')")));
        }
    } else if let Some(id) = reference_id(properties, "bootCdrom") {
        if tx.store().get(&format!("{server}/cdroms/{id}")).is_none() {
            attachments::attach_cdrom(tx, server, &id, at).map_err(|_| {
                invalid(at, "bootCdrom", format!("must name a CD-ROM image of this location (got '{id}')"))
            })?;
        }
    } else {
        attachments::default_boot(tx.store(), server, properties);
    }
    Ok(())
}

/// Checks a server body found at `at` and creates the server in the data center at
/// `datacenter` with everything nested in it; returns its path.
pub fn build(tx: &mut Mutation, datacenter: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let checked = check_create(&SERVER, body, at)?;
    let mut properties = checked.properties.clone();
    check_cpu_family(tx, datacenter, &mut properties, at)?;
    if let Some(template) = properties.get("templateUuid").and_then(Value::as_str) {
        if tx.store().get(&child_path("", "templates", template)).is_none() {
            return Err(invalid(
                at,
                "templateUuid",
                format!("must name a Cube template (see /templates; got '{template}')"),
            ));
        }
    }
    properties.entry("availabilityZone").or_insert_with(|| json!("AUTO"));
    properties.entry("type").or_insert_with(|| json!("ENTERPRISE"));
    properties.insert("vmState".into(), json!("RUNNING"));
    let path = child_path(datacenter, "servers", &resource::new_id());
    tx.create(&path, "server", Map::new());
    for (item_at, item) in children(&checked, "volumes", at) {
        let volume = if item.get("properties").is_some() {
            volumes::build(tx, datacenter, item, &item_at)?
        } else {
            let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
            let volume = child_path(datacenter, "volumes", id);
            if tx.store().get(&volume).is_none() {
                return Err(invalid(&item_at, "id", format!("must name a volume of this data center (got '{id}')")));
            }
            volume
        };
        attachments::attach_volume(tx, &path, &volume, &item_at)?;
    }
    for (item_at, item) in children(&checked, "cdroms", at) {
        let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
        attachments::attach_cdrom(tx, &path, id, &item_at)?;
    }
    for (item_at, item) in children(&checked, "nics", at) {
        nics::build(tx, &path, item, &item_at)?;
    }
    check_boot(tx, &path, &mut properties, at)?;
    contracts::check(tx.store(), &path, "server", &properties)?;
    let properties = in_field_order(&SERVER, properties);
    tx.change(&path, |p| *p = properties)?;
    Ok(path)
}

/// An update keeps the CPU family offered and the boot device valid; setting one boot
/// device replaces the other.
fn adjust(
    tx: &mut Mutation,
    server: &str,
    old: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    check_cpu_family(tx, &datacenter_of(server), properties, "")?;
    let changed = |name: &str| properties.get(name).is_some() && properties.get(name) != old.properties.get(name);
    if changed("bootCdrom") {
        properties.remove("bootVolume");
    } else if changed("bootVolume") {
        properties.remove("bootCdrom");
    }
    check_boot(tx, server, properties, "")?;
    contracts::check(tx.store(), server, "server", properties)
}

/// The attached volumes go too when the call asks for it (`deleteVolumes=true`).
fn cascade(
    call: &CloudApiCall,
    world: &World,
    _: i64,
    server: &str,
    _: &StoredObject,
) -> Result<Vec<String>, ErrorReply> {
    let with_volumes = match call.query_param("deleteVolumes") {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(v) => {
            return Err(ErrorReply::validation(format!(
                "Query parameter 'deleteVolumes' must be true or false (got '{v}')"
            )))
        }
    };
    if !with_volumes {
        return Ok(Vec::new());
    }
    let attached = world.store().children(&format!("{server}/volumes"));
    Ok(attached.into_iter().filter_map(|(_, link)| link.link.clone()).collect())
}

/// `start`: the server's `vmState` becomes RUNNING.
pub fn start(request: &Request) -> Result<Reply, ErrorReply> {
    power(request, "RUNNING", None)
}

/// `stop`: the server's `vmState` becomes SHUTOFF.
pub fn stop(request: &Request) -> Result<Reply, ErrorReply> {
    power(request, "SHUTOFF", None)
}

/// `reboot`: the server is RUNNING again.
pub fn reboot(request: &Request) -> Result<Reply, ErrorReply> {
    power(request, "RUNNING", None)
}

/// `suspend`: a Cube server's `vmState` becomes SUSPENDED (422 for other servers).
pub fn suspend(request: &Request) -> Result<Reply, ErrorReply> {
    power(request, "SUSPENDED", Some("suspended"))
}

/// `resume`: a Cube server is RUNNING again (422 for other servers).
pub fn resume(request: &Request) -> Result<Reply, ErrorReply> {
    power(request, "RUNNING", Some("resumed"))
}

/// `upgrade`: accepted as a request; the emulated hardware is always current.
pub fn upgrade(request: &Request) -> Result<Reply, ErrorReply> {
    let server = request.object();
    resource::accept(request.call, request.sim, &request.body.raw, |tx| {
        tx.target(&server)?;
        Ok(None)
    })
}

/// The id of the server a call names (404 when there is none).
fn server_id(request: &Request) -> Result<String, ErrorReply> {
    let server = request.object();
    request.sim.read(|world, _| world.store().get(&server).map(|s| s.id.clone()))?.ok_or_else(ErrorReply::not_found)
}

/// `token`: a JWT naming the server, as software on it would present it.
pub fn token(request: &Request) -> Result<Reply, ErrorReply> {
    let id = server_id(request)?;
    let token = crate::sim::jwt(&json!({"iss": "ionos-emulator", "sub": id, "server": id}));
    Ok(request.call.ok(json!({ "token": token })))
}

/// `remoteconsole`: a URL opening the server's console.
pub fn remote_console(request: &Request) -> Result<Reply, ErrorReply> {
    let id = server_id(request)?;
    let ticket = uuid::Uuid::new_v4().simple().to_string();
    let url = format!("https://console.emulator.invalid/console?server={id}&ticket={ticket}");
    Ok(request.call.ok(json!({ "url": url })))
}

/// A power action: the server's `vmState` becomes `state`. An action only Cube servers have
/// (`cube_only`: what it does to them, `suspended`) is refused for other servers, naming
/// their type.
fn power(request: &Request, state: &'static str, cube_only: Option<&str>) -> Result<Reply, ErrorReply> {
    let server = request.object();
    resource::accept(request.call, request.sim, &request.body.raw, |tx| {
        let entry = resource::existing(tx.world, &server)?;
        let kind = entry.properties.get("type").and_then(Value::as_str).unwrap_or("ENTERPRISE");
        if let Some(done) = cube_only.filter(|_| kind != "CUBE") {
            return Err(ErrorReply::validation(format!(
                "Only Cube servers can be {done}; this server is of type {kind}"
            )));
        }
        tx.change(&server, |p| {
            p.insert("vmState".into(), json!(state));
        })?;
        Ok(None)
    })
}
