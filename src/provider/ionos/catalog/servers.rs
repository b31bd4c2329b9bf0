//! Servers, the volumes and CD-ROMs attached to them, and their power actions.

use super::options;
use super::params::{ATTACHED_VOLUME_ID, CDROM_ID, DATACENTER_ID, SERVER_ID};
use super::values::SERVER_ZONES;
use crate::catalog::{Field, FieldError, FieldType, Method, Normalized, Operation, Options, Param, Resource, Rule};

/// A server (virtual machine).
pub static SERVER: Resource = Resource {
    name: "Server",
    api_type: "server",
    doc: "A virtual machine; volumes and NICs nested in it are created in the same request",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the server's name"),
        Field::new("cores", "cores", FieldType::Int, "number of CPU cores").required(),
        Field::new(
            "ram",
            "ram",
            FieldType::Int,
            "memory in MB: a multiple of 256, at least 256 (1024 with RAM hot plug)",
        )
        .required()
        .rule(Rule::MultipleOf { step: 256, min: 256 }),
        Field::new(
            "availabilityZone",
            "availability_zone",
            FieldType::Enum(SERVER_ZONES),
            "the zone the server runs in",
        ),
        Field::new(
            "cpuFamily",
            "cpu_family",
            FieldType::Str,
            "the CPU type, one the location offers (its cpuArchitecture)",
        ),
        Field::new("placementGroupId", "placement_group_id", FieldType::Str, "the placement group of the server"),
        Field::new(
            "bootVolume",
            "boot_volume_id",
            FieldType::Reference,
            "the volume to boot from (not with boot_cdrom)",
        ),
        Field::new(
            "bootCdrom",
            "boot_cdrom",
            FieldType::Reference,
            "the CD-ROM image to boot from (not with boot_volume_id)",
        ),
        Field::new("type", "type", FieldType::Str, "server type, e.g. ENTERPRISE or CUBE").create_only(),
        Field::new("templateUuid", "template_uuid", FieldType::Str, "the template of a CUBE server").create_only(),
        Field::new("hostname", "hostname", FieldType::Str, "the host name set in the operating system"),
        Field::new("nicMultiQueue", "nic_multi_queue", FieldType::Bool, "spread NIC traffic over several CPU queues"),
        Field::new("vmState", "vm_state", FieldType::Str, "RUNNING, SHUTOFF, ...").read_only(),
        Field::new("volumes", "create_volumes", FieldType::Children("Volume"), "volumes to create and attach; or `volumes:` with these and ids of existing ones mixed, as the API takes them")
            .create_only(),
        Field::new("volumes", "attach_volumes", FieldType::IdList, "ids of existing volumes to attach").create_only(),
        Field::new("nics", "nics", FieldType::Children("NIC"), "NICs to create with the server").create_only(),
        Field::new("cdroms", "cdroms", FieldType::IdList, "ids of CD-ROM images to attach").create_only(),
        Field::new(
            "securitygroups",
            "securitygroups",
            FieldType::Children("SecurityGroup"),
            "its security groups (set_server_securitygroups), shown from depth 1",
        )
        .read_only(),
    ],
    checks: &[boot_device, ram_for_hot_plug],
};

/// A server boots from a volume or a CD-ROM, not both.
fn boot_device(resource: &Resource, server: &Normalized) -> Result<(), FieldError> {
    let has = |api: &str| server.properties.contains_key(api);
    if has("bootVolume") && has("bootCdrom") {
        return Err(
            resource.error("boot_cdrom", "cannot be set together with boot_volume_id: a server boots from one device")
        );
    }
    Ok(())
}

/// RAM hot plug on a nested volume needs at least 1024 MB of RAM.
fn ram_for_hot_plug(resource: &Resource, server: &Normalized) -> Result<(), FieldError> {
    let ram = server.properties.get("ram").and_then(|v| v.as_i64()).unwrap_or(i64::MAX);
    let hot_plug = server.children.iter().flat_map(|(_, items)| items).any(|volume| {
        ["/ram_hot_plug", "/ramHotPlug", "/properties/ramHotPlug"]
            .iter()
            .any(|pointer| volume.pointer(pointer).and_then(|v| v.as_bool()) == Some(true))
    });
    if hot_plug && ram < 1024 {
        return Err(resource.error("ram", format!("must be at least 1024 when a volume has ram_hot_plug (got {ram})")));
    }
    Ok(())
}

/// Option of `delete_server`.
const DELETE_OPTIONS: &[Field] =
    &[Field::new("deleteVolumes", "delete_volumes", FieldType::Bool, "also delete the volumes attached to the server")];

/// `list_servers(datacenter_id[, options])`.
pub static LIST_SERVERS: Operation = Operation {
    name: "list_servers",
    doc: "Lists the servers of a data center.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers",
    params: &[DATACENTER_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `get_server(datacenter_id, server_id[, options])`.
pub static GET_SERVER: Operation = Operation {
    name: "get_server",
    doc: "Gets one server.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_server(datacenter_id, server)`.
pub static CREATE_SERVER: Operation = Operation {
    name: "create_server",
    doc: "Creates a server, with any volumes and NICs nested in it, in one request.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers",
    params: &[DATACENTER_ID, Param::Body { name: "server", resource: &SERVER }],
    options: Options::None,
    creates: true,
};

/// `update_server(datacenter_id, server_id, #{ ... })`.
pub static UPDATE_SERVER: Operation = Operation {
    name: "update_server",
    doc: "Changes a server's name, cores, RAM, zone, CPU family or boot device.",
    method: Method::Patch,
    path: "/datacenters/{datacenter_id}/servers/{server_id}",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::Update(&SERVER),
    creates: false,
};

/// `delete_server(datacenter_id, server_id[, #{ delete_volumes }])`.
pub static DELETE_SERVER: Operation = Operation {
    name: "delete_server",
    doc: "Deletes a server; its volumes stay unless delete_volumes is true.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}/servers/{server_id}",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::Query(DELETE_OPTIONS),
    creates: false,
};

/// `get_attached_volumes(datacenter_id, server_id[, options])`.
pub static GET_ATTACHED_VOLUMES: Operation = Operation {
    name: "get_attached_volumes",
    doc: "Lists the volumes attached to a server.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/volumes",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `attach_volume(datacenter_id, server_id, volume_id)`.
pub static ATTACH_VOLUME: Operation = Operation {
    name: "attach_volume",
    doc: "Attaches an existing volume to a server.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/volumes",
    params: &[DATACENTER_ID, SERVER_ID, Param::RefBody { name: "volume_id", doc: "the volume to attach" }],
    options: Options::None,
    creates: false,
};

/// `get_attached_volume(datacenter_id, server_id, volume_id[, options])`.
pub static GET_ATTACHED_VOLUME: Operation = Operation {
    name: "get_attached_volume",
    doc: "Gets one volume attached to a server.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/volumes/{volume_id}",
    params: &[DATACENTER_ID, SERVER_ID, ATTACHED_VOLUME_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `detach_volume(datacenter_id, server_id, volume_id)`.
pub static DETACH_VOLUME: Operation = Operation {
    name: "detach_volume",
    doc: "Detaches a volume from a server; the volume stays in the data center.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/volumes/{volume_id}",
    params: &[DATACENTER_ID, SERVER_ID, ATTACHED_VOLUME_ID],
    options: Options::None,
    creates: false,
};

/// `get_attached_cdroms(datacenter_id, server_id[, options])`.
pub static GET_ATTACHED_CDROMS: Operation = Operation {
    name: "get_attached_cdroms",
    doc: "Lists the CD-ROMs attached to a server.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/cdroms",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `attach_cdrom(datacenter_id, server_id, cdrom_id)`.
pub static ATTACH_CDROM: Operation = Operation {
    name: "attach_cdrom",
    doc: "Attaches a CD-ROM image to a server.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/cdroms",
    params: &[DATACENTER_ID, SERVER_ID, Param::RefBody { name: "cdrom_id", doc: "the CD-ROM image to attach" }],
    options: Options::None,
    creates: false,
};

/// `get_attached_cdrom(datacenter_id, server_id, cdrom_id[, options])`.
pub static GET_ATTACHED_CDROM: Operation = Operation {
    name: "get_attached_cdrom",
    doc: "Gets one CD-ROM attached to a server.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/cdroms/{cdrom_id}",
    params: &[DATACENTER_ID, SERVER_ID, CDROM_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `detach_cdrom(datacenter_id, server_id, cdrom_id)`.
pub static DETACH_CDROM: Operation = Operation {
    name: "detach_cdrom",
    doc: "Detaches a CD-ROM from a server.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/cdroms/{cdrom_id}",
    params: &[DATACENTER_ID, SERVER_ID, CDROM_ID],
    options: Options::None,
    creates: false,
};

/// `reboot_server(datacenter_id, server_id)`.
pub static REBOOT_SERVER: Operation = Operation {
    name: "reboot_server",
    doc: "Hard-reboots a server (power off, power on).",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/reboot",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::None,
    creates: false,
};

/// `start_server(datacenter_id, server_id)`.
pub static START_SERVER: Operation = Operation {
    name: "start_server",
    doc: "Starts a server.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/start",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::None,
    creates: false,
};

/// `stop_server(datacenter_id, server_id)`.
pub static STOP_SERVER: Operation = Operation {
    name: "stop_server",
    doc: "Powers a server off; billing stops and a DHCP public IP is released.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/stop",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::None,
    creates: false,
};

/// `replace_server(datacenter_id, server_id, server)`.
pub static REPLACE_SERVER: Operation = Operation {
    name: "replace_server",
    doc: "Replaces a server's properties.",
    method: Method::Put,
    path: "/datacenters/{datacenter_id}/servers/{server_id}",
    params: &[DATACENTER_ID, SERVER_ID, Param::Body { name: "server", resource: &SERVER }],
    options: Options::None,
    creates: false,
};

/// `suspend_server(datacenter_id, server_id)`.
pub static SUSPEND_SERVER: Operation = Operation {
    name: "suspend_server",
    doc: "Suspends a Cube server: it stops, and only its storage is billed.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/suspend",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::None,
    creates: false,
};

/// `resume_server(datacenter_id, server_id)`.
pub static RESUME_SERVER: Operation = Operation {
    name: "resume_server",
    doc: "Resumes a suspended Cube server.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/resume",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::None,
    creates: false,
};

/// `upgrade_server(datacenter_id, server_id)`.
pub static UPGRADE_SERVER: Operation = Operation {
    name: "upgrade_server",
    doc: "Upgrades a server's virtual hardware to the current version, when it needs one.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/upgrade",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::None,
    creates: false,
};

/// `get_server_token(datacenter_id, server_id)`.
pub static GET_SERVER_TOKEN: Operation = Operation {
    name: "get_server_token",
    doc: "Gets a token (a JWT) identifying the server, for software running on it.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/token",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::None,
    creates: false,
};

/// `get_server_remote_console(datacenter_id, server_id)`.
pub static GET_SERVER_REMOTE_CONSOLE: Operation = Operation {
    name: "get_server_remote_console",
    doc: "Gets a URL opening the server's remote console in a browser (valid for a short time).",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/remoteconsole",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::None,
    creates: false,
};
