//! Images (public and private HDD and CD-ROM images) and snapshots: the sources volumes are
//! copied from. Neither is created directly: images are uploaded, snapshots are taken from
//! volumes (`create_snapshot`).

use super::options;
use super::params::{IMAGE_ID, SNAPSHOT_ID};
use super::values::LICENCE_TYPES;
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource};

/// The hot-plug flags images and snapshots share.
const HOT_PLUG: [Field; 10] = [
    Field::new("cpuHotPlug", "cpu_hot_plug", FieldType::Bool, "CPUs can be added without a reboot"),
    Field::new("cpuHotUnplug", "cpu_hot_unplug", FieldType::Bool, "CPUs can be removed without a reboot"),
    Field::new("ramHotPlug", "ram_hot_plug", FieldType::Bool, "RAM can be added without a reboot"),
    Field::new("ramHotUnplug", "ram_hot_unplug", FieldType::Bool, "RAM can be removed without a reboot"),
    Field::new("nicHotPlug", "nic_hot_plug", FieldType::Bool, "NICs can be added without a reboot"),
    Field::new("nicHotUnplug", "nic_hot_unplug", FieldType::Bool, "NICs can be removed without a reboot"),
    Field::new("discVirtioHotPlug", "disc_virtio_hot_plug", FieldType::Bool, "VirtIO disks can be added live"),
    Field::new("discVirtioHotUnplug", "disc_virtio_hot_unplug", FieldType::Bool, "VirtIO disks can be removed live"),
    Field::new("discScsiHotPlug", "disc_scsi_hot_plug", FieldType::Bool, "SCSI disks can be added live"),
    Field::new("discScsiHotUnplug", "disc_scsi_hot_unplug", FieldType::Bool, "SCSI disks can be removed live"),
];

/// Boot and licensing details images and snapshots share with volumes.
const LEGACY: [Field; 3] = [
    Field::new("exposeSerial", "expose_serial", FieldType::Bool, "show the serial number to servers"),
    Field::new("requireLegacyBios", "require_legacy_bios", FieldType::Bool, "boot with legacy BIOS instead of UEFI"),
    Field::new("applicationType", "application_type", FieldType::Str, "the software it runs, e.g. UNKNOWN"),
];

/// An image.
pub static IMAGE: Resource = Resource {
    name: "Image",
    api_type: "image",
    doc: "An HDD or CD-ROM image; public ones are read-only",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the image's name"),
        Field::new("description", "description", FieldType::Str, "free text"),
        Field::new("location", "location", FieldType::Str, "where it is stored").read_only(),
        Field::new("size", "size", FieldType::Int, "size in GB").read_only(),
        HOT_PLUG[0],
        HOT_PLUG[1],
        HOT_PLUG[2],
        HOT_PLUG[3],
        HOT_PLUG[4],
        HOT_PLUG[5],
        HOT_PLUG[6],
        HOT_PLUG[7],
        HOT_PLUG[8],
        HOT_PLUG[9],
        Field::new("licenceType", "licence_type", FieldType::Enum(LICENCE_TYPES), "the operating system's licence"),
        LEGACY[0],
        LEGACY[1],
        LEGACY[2],
        Field::new("imageType", "image_type", FieldType::Str, "HDD or CDROM").read_only(),
        Field::new("public", "public", FieldType::Bool, "offered to every account").read_only(),
        Field::new("imageAliases", "image_aliases", FieldType::StrList, "aliases, e.g. ubuntu:latest").read_only(),
        Field::new("cloudInit", "cloud_init", FieldType::Enum(&["NONE", "V1"]), "cloud-init support"),
    ],
    checks: &[],
};

/// A snapshot.
pub static SNAPSHOT: Resource = Resource {
    name: "Snapshot",
    api_type: "snapshot",
    doc: "A copy of a volume, in the volume's location, with its licence type",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the snapshot's name"),
        Field::new("description", "description", FieldType::Str, "free text"),
        Field::new("location", "location", FieldType::Str, "where it is stored").read_only(),
        Field::new("size", "size", FieldType::Int, "size in GB").read_only(),
        Field::new("secAuthProtection", "sec_auth_protection", FieldType::Bool, "require two-factor authentication"),
        HOT_PLUG[0],
        HOT_PLUG[1],
        HOT_PLUG[2],
        HOT_PLUG[3],
        HOT_PLUG[4],
        HOT_PLUG[5],
        HOT_PLUG[6],
        HOT_PLUG[7],
        HOT_PLUG[8],
        HOT_PLUG[9],
        Field::new("licenceType", "licence_type", FieldType::Enum(LICENCE_TYPES), "the operating system's licence"),
        LEGACY[0],
        LEGACY[1],
        LEGACY[2],
    ],
    checks: &[],
};

/// `list_images([options])`.
pub static LIST_IMAGES: Operation = Operation {
    name: "list_images",
    doc: "Lists the images the account can use, public and private.",
    method: Method::Get,
    path: "/images",
    params: &[],
    options: Options::Query(options::GET),
    creates: false,
};

/// `get_image(image_id[, options])`.
pub static GET_IMAGE: Operation = Operation {
    name: "get_image",
    doc: "Gets one image.",
    method: Method::Get,
    path: "/images/{image_id}",
    params: &[IMAGE_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `update_image(image_id, #{ ... })`.
pub static UPDATE_IMAGE: Operation = Operation {
    name: "update_image",
    doc: "Changes a private image's name, description, licence type or hot-plug flags.",
    method: Method::Patch,
    path: "/images/{image_id}",
    params: &[IMAGE_ID],
    options: Options::Update(&IMAGE),
    creates: false,
};

/// `delete_image(image_id)`.
pub static DELETE_IMAGE: Operation = Operation {
    name: "delete_image",
    doc: "Deletes a private image.",
    method: Method::Delete,
    path: "/images/{image_id}",
    params: &[IMAGE_ID],
    options: Options::None,
    creates: false,
};

/// `list_snapshots([options])`.
pub static LIST_SNAPSHOTS: Operation = Operation {
    name: "list_snapshots",
    doc: "Lists the account's snapshots.",
    method: Method::Get,
    path: "/snapshots",
    params: &[],
    options: Options::Query(options::GET),
    creates: false,
};

/// `get_snapshot(snapshot_id[, options])`.
pub static GET_SNAPSHOT: Operation = Operation {
    name: "get_snapshot",
    doc: "Gets one snapshot.",
    method: Method::Get,
    path: "/snapshots/{snapshot_id}",
    params: &[SNAPSHOT_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `update_snapshot(snapshot_id, #{ ... })`.
pub static UPDATE_SNAPSHOT: Operation = Operation {
    name: "update_snapshot",
    doc: "Changes a snapshot's name, description, licence type or hot-plug flags.",
    method: Method::Patch,
    path: "/snapshots/{snapshot_id}",
    params: &[SNAPSHOT_ID],
    options: Options::Update(&SNAPSHOT),
    creates: false,
};

/// `delete_snapshot(snapshot_id)`.
pub static DELETE_SNAPSHOT: Operation = Operation {
    name: "delete_snapshot",
    doc: "Deletes a snapshot.",
    method: Method::Delete,
    path: "/snapshots/{snapshot_id}",
    params: &[SNAPSHOT_ID],
    options: Options::None,
    creates: false,
};

/// `replace_image(image_id, image)`.
pub static REPLACE_IMAGE: Operation = Operation {
    name: "replace_image",
    doc: "Replaces a private image's properties.",
    method: Method::Put,
    path: "/images/{image_id}",
    params: &[IMAGE_ID, Param::Body { name: "image", resource: &IMAGE }],
    options: Options::None,
    creates: false,
};

/// `replace_snapshot(snapshot_id, snapshot)`.
pub static REPLACE_SNAPSHOT: Operation = Operation {
    name: "replace_snapshot",
    doc: "Replaces a snapshot's properties.",
    method: Method::Put,
    path: "/snapshots/{snapshot_id}",
    params: &[SNAPSHOT_ID, Param::Body { name: "snapshot", resource: &SNAPSHOT }],
    options: Options::None,
    creates: false,
};
