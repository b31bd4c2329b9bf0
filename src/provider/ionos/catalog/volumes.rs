//! Volumes (block storage) and the snapshots taken from and restored onto them.

use super::options;
use super::params::{DATACENTER_ID, VOLUME_ID};
use super::values::{BUSES, IMAGE_PASSWORD_ALPHABET, LICENCE_TYPES, VOLUME_TYPES, VOLUME_ZONES};
use crate::catalog::{Field, FieldError, FieldType, Method, Normalized, Operation, Options, Param, Resource, Rule};

/// A volume.
pub static VOLUME: Resource = Resource {
    name: "Volume",
    api_type: "volume",
    doc: "Block storage: from an image (a public one takes a password or SSH keys) or blank",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the volume's name"),
        Field::new("size", "size", FieldType::Int, "size in GB; can only grow").required(),
        Field::new("type", "type", FieldType::Enum(VOLUME_TYPES), "storage type (HDD by default)").create_only(),
        Field::new(
            "availabilityZone",
            "availability_zone",
            FieldType::Enum(VOLUME_ZONES),
            "storage zone; AUTO for SSD",
        )
        .create_only(),
        Field::new("image", "image", FieldType::Str, "id of the image or snapshot to copy").create_only(),
        Field::new("imageAlias", "image_alias", FieldType::Str, "image alias instead of an id, e.g. ubuntu:latest")
            .create_only(),
        Field::new("imagePassword", "image_password", FieldType::Str, "root/administrator password set on the image")
            .create_only()
            .rule(Rule::Secret { min: 0, max: usize::MAX, alphabet: IMAGE_PASSWORD_ALPHABET }),
        Field::new("sshKeys", "ssh_keys", FieldType::StrList, "public SSH keys allowed to log in").create_only(),
        Field::new("bus", "bus", FieldType::Enum(BUSES), "VIRTIO (default) or IDE"),
        Field::new(
            "licenceType",
            "licence_type",
            FieldType::Enum(LICENCE_TYPES),
            "the operating system licence (an image sets its own)",
        ),
        Field::new("cpuHotPlug", "cpu_hot_plug", FieldType::Bool, "CPUs can be added without a reboot"),
        Field::new("ramHotPlug", "ram_hot_plug", FieldType::Bool, "RAM can be added without a reboot"),
        Field::new("nicHotPlug", "nic_hot_plug", FieldType::Bool, "NICs can be added without a reboot"),
        Field::new("nicHotUnplug", "nic_hot_unplug", FieldType::Bool, "NICs can be removed without a reboot"),
        Field::new("discVirtioHotPlug", "disc_virtio_hot_plug", FieldType::Bool, "VirtIO disks can be added live"),
        Field::new(
            "discVirtioHotUnplug",
            "disc_virtio_hot_unplug",
            FieldType::Bool,
            "VirtIO disks can be removed live",
        ),
        Field::new("exposeSerial", "expose_serial", FieldType::Bool, "show the volume's serial number to the server"),
        Field::new(
            "requireLegacyBios",
            "require_legacy_bios",
            FieldType::Bool,
            "boot with legacy BIOS instead of UEFI",
        ),
        Field::new("applicationType", "application_type", FieldType::Str, "the software the volume runs, e.g. UNKNOWN"),
        Field::new("backupunitId", "backupunit_id", FieldType::Str, "the backup unit the volume uses").create_only(),
        Field::new("userData", "user_data", FieldType::Str, "cloud-init user data, base64").create_only(),
        Field::new("bootOrder", "boot_order", FieldType::Enum(&["AUTO", "NONE", "PRIMARY"]), "where it boots in order"),
        Field::new("deviceNumber", "device_number", FieldType::Int, "position on its server").read_only(),
        Field::new("pciSlot", "pci_slot", FieldType::Int, "PCI slot on its server").read_only(),
        Field::new("bootServer", "boot_server", FieldType::Str, "the server booting from it").read_only(),
    ],
    checks: &[credentials_need_an_image],
};

fn has(volume: &Normalized, api: &str) -> bool {
    volume.properties.contains_key(api)
}

/// Passwords and SSH keys are set on an image's system; a blank volume has none.
fn credentials_need_an_image(resource: &Resource, volume: &Normalized) -> Result<(), FieldError> {
    let from_image = has(volume, "image") || has(volume, "imageAlias");
    match ["imagePassword", "sshKeys"].into_iter().find(|api| has(volume, api)) {
        Some(api) if !from_image => Err(resource
            .error(api, "needs image or image_alias: only volumes made from an image have a system to log in to")),
        _ => Ok(()),
    }
}

/// The fields `create_snapshot` sends as its form.
const SNAPSHOT_FORM: &[Field] = &[
    Field::new("name", "name", FieldType::Str, "the snapshot's name"),
    Field::new("description", "description", FieldType::Str, "free text"),
    Field::new(
        "secAuthProtection",
        "sec_auth_protection",
        FieldType::Bool,
        "require two-factor authentication to use it",
    ),
    Field::new("licenceType", "licence_type", FieldType::Enum(LICENCE_TYPES), "licence type (the volume's by default)"),
];

/// `list_volumes(datacenter_id[, options])`.
pub static LIST_VOLUMES: Operation = Operation {
    name: "list_volumes",
    doc: "Lists the volumes of a data center.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/volumes",
    params: &[DATACENTER_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `get_volume(datacenter_id, volume_id[, options])`.
pub static GET_VOLUME: Operation = Operation {
    name: "get_volume",
    doc: "Gets one volume.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/volumes/{volume_id}",
    params: &[DATACENTER_ID, VOLUME_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_volume(datacenter_id, volume)`.
pub static CREATE_VOLUME: Operation = Operation {
    name: "create_volume",
    doc: "Creates a volume in a data center (attach it with attach_volume).",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/volumes",
    params: &[DATACENTER_ID, Param::Body { name: "volume", resource: &VOLUME }],
    options: Options::None,
    creates: true,
};

/// `update_volume(datacenter_id, volume_id, #{ ... })`.
pub static UPDATE_VOLUME: Operation = Operation {
    name: "update_volume",
    doc: "Changes a volume's name, bus, licence type or hot-plug flags, or grows it.",
    method: Method::Patch,
    path: "/datacenters/{datacenter_id}/volumes/{volume_id}",
    params: &[DATACENTER_ID, VOLUME_ID],
    options: Options::Update(&VOLUME),
    creates: false,
};

/// `delete_volume(datacenter_id, volume_id)`.
pub static DELETE_VOLUME: Operation = Operation {
    name: "delete_volume",
    doc: "Deletes a volume.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}/volumes/{volume_id}",
    params: &[DATACENTER_ID, VOLUME_ID],
    options: Options::None,
    creates: false,
};

/// `create_snapshot(datacenter_id, volume_id[, #{ name, description, ... }])`.
pub static CREATE_SNAPSHOT: Operation = Operation {
    name: "create_snapshot",
    doc: "Takes a snapshot of a volume; it can seed new volumes or be restored onto this one.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/volumes/{volume_id}/create-snapshot",
    params: &[DATACENTER_ID, VOLUME_ID],
    options: Options::Form(SNAPSHOT_FORM),
    creates: true,
};

/// `restore_snapshot(datacenter_id, volume_id, snapshot_id)`.
pub static RESTORE_SNAPSHOT: Operation = Operation {
    name: "restore_snapshot",
    doc: "Restores a snapshot onto a volume, replacing its content.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/volumes/{volume_id}/restore-snapshot",
    params: &[
        DATACENTER_ID,
        VOLUME_ID,
        Param::FormField { name: "snapshot_id", api: "snapshotId", doc: "the snapshot to restore" },
    ],
    options: Options::None,
    creates: false,
};

/// `replace_volume(datacenter_id, volume_id, volume)`.
pub static REPLACE_VOLUME: Operation = Operation {
    name: "replace_volume",
    doc: "Replaces a volume's properties.",
    method: Method::Put,
    path: "/datacenters/{datacenter_id}/volumes/{volume_id}",
    params: &[DATACENTER_ID, VOLUME_ID, Param::Body { name: "volume", resource: &VOLUME }],
    options: Options::None,
    creates: false,
};
