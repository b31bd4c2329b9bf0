//! The public image catalogue: the same HDD and CD-ROM (ISO) images of several Linux
//! distributions and Windows Server in every seeded location, as the real API offers them.
//! They are seeded into the store at start (read-only, `public: true`) with ids derived from
//! location and name, so ids are the same across restarts and state files.

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::seed::location_table::LOCATIONS;
use crate::sim::{Author, ErrorReply, Meta, StoredObject, World};

/// One public image, as offered in every location.
struct Spec {
    name: &'static str,
    description: &'static str,
    /// `HDD` or `CDROM`.
    image_type: &'static str,
    licence: &'static str,
    /// Size in GB.
    size: i64,
    /// The aliases resolving to it (HDD images only).
    aliases: &'static [&'static str],
}

const fn hdd(
    name: &'static str,
    description: &'static str,
    licence: &'static str,
    size: i64,
    aliases: &'static [&'static str],
) -> Spec {
    Spec { name, description, image_type: "HDD", licence, size, aliases }
}

const fn iso(name: &'static str, description: &'static str, licence: &'static str, size: i64) -> Spec {
    Spec { name, description, image_type: "CDROM", licence, size, aliases: &[] }
}

const IMAGES: &[Spec] = &[
    hdd(
        "Ubuntu-24.04-LTS-server-cloud-init-2024-11-01",
        "Ubuntu 24.04 LTS",
        "LINUX",
        3,
        &["ubuntu:latest", "ubuntu:24.04"],
    ),
    hdd("Ubuntu-22.04-LTS-server-cloud-init-2024-11-01", "Ubuntu 22.04 LTS", "LINUX", 3, &["ubuntu:22.04"]),
    hdd("Ubuntu-20.04-LTS-server-cloud-init-2024-11-01", "Ubuntu 20.04 LTS", "LINUX", 3, &["ubuntu:20.04"]),
    hdd("Debian-12-cloud-init-2024-11-01", "Debian 12 (bookworm)", "LINUX", 3, &["debian:latest", "debian:12"]),
    hdd("Debian-11-cloud-init-2024-11-01", "Debian 11 (bullseye)", "LINUX", 3, &["debian:11"]),
    hdd("Rocky-9-server-cloud-init-2024-11-01", "Rocky Linux 9", "LINUX", 4, &["rockylinux:latest", "rockylinux:9"]),
    hdd("AlmaLinux-9-server-cloud-init-2024-11-01", "AlmaLinux 9", "LINUX", 4, &["almalinux:latest", "almalinux:9"]),
    hdd("CentOS-Stream-9-server-cloud-init-2024-11-01", "CentOS Stream 9", "LINUX", 4, &["centos:latest"]),
    hdd(
        "Windows-2022-Server-2024-11-01",
        "Windows Server 2022 Datacenter",
        "WINDOWS2022",
        32,
        &["windows:2022_server"],
    ),
    hdd(
        "Windows-2019-Server-2024-11-01",
        "Windows Server 2019 Datacenter",
        "WINDOWS2016",
        32,
        &["windows:2019_server"],
    ),
    iso("ubuntu-24.04.1-live-server-amd64.iso", "Ubuntu 24.04.1 installer", "LINUX", 3),
    iso("ubuntu-22.04.5-live-server-amd64.iso", "Ubuntu 22.04.5 installer", "LINUX", 2),
    iso("debian-12.8.0-amd64-netinst.iso", "Debian 12.8 network installer", "LINUX", 1),
    iso("debian-11.11.0-amd64-netinst.iso", "Debian 11.11 network installer", "LINUX", 1),
    iso("Rocky-9.5-x86_64-minimal.iso", "Rocky Linux 9.5 minimal installer", "LINUX", 2),
    iso("Windows-Server-2022-x64.iso", "Windows Server 2022 installer", "WINDOWS2022", 5),
    iso("Windows-Server-2019-x64.iso", "Windows Server 2019 installer", "WINDOWS2016", 5),
];

/// When the catalogue was published, ms since the epoch (2024-11-01T00:00:00Z).
const PUBLISHED_MS: i64 = 1_730_419_200_000;

/// The image aliases every location offers, in catalogue order.
pub fn aliases() -> Vec<&'static str> {
    IMAGES.iter().flat_map(|spec| spec.aliases.iter().copied()).collect()
}

/// The id of the public image `name` in `location`.
fn image_id(location: &str, name: &str) -> String {
    stable_id(&format!("image:{location}:{name}"))
}

/// A name-based (version 5 style) UUID for seeded objects: the same for the same `name`
/// across restarts and state files.
pub fn stable_id(name: &str) -> String {
    let hash = name.bytes().fold(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d_u128, |h, b| {
        (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b)
    });
    let versioned = (hash & !(0xf_u128 << 76)) | (0x5_u128 << 76);
    let variant = (versioned & !(0x3_u128 << 62)) | (0x2_u128 << 62);
    uuid::Uuid::from_u128(variant).to_string()
}

fn properties(spec: &Spec, location: &str) -> Map<String, Value> {
    let linux = spec.licence == "LINUX";
    let hdd = spec.image_type == "HDD";
    let value = json!({
        "name": spec.name,
        "description": spec.description,
        "location": location,
        "size": spec.size,
        "cpuHotPlug": true,
        "cpuHotUnplug": false,
        "ramHotPlug": true,
        "ramHotUnplug": false,
        "nicHotPlug": true,
        "nicHotUnplug": true,
        "discVirtioHotPlug": true,
        "discVirtioHotUnplug": true,
        "discScsiHotPlug": false,
        "discScsiHotUnplug": false,
        "licenceType": spec.licence,
        "imageType": spec.image_type,
        "public": true,
        "imageAliases": spec.aliases,
        "cloudInit": if linux && hdd { "V1" } else { "NONE" },
    });
    value.as_object().cloned().unwrap_or_default()
}

/// Puts the catalogue into the store (again), so every state holds the current one.
pub fn seed(world: &mut World) -> Result<(), ErrorReply> {
    let publisher = Author { name: "images@ionos.com".into(), id: "00000000-0000-0000-0000-000000000001".into() };
    for location in LOCATIONS {
        for spec in IMAGES {
            let id = image_id(location.id, spec.name);
            let mut meta = Meta::new(&publisher, PUBLISHED_MS);
            meta.etag = id.replace('-', "");
            world.insert(
                &format!("images/{id}"),
                StoredObject::new("image", &id, meta, properties(spec, location.id)),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_distinct_uuids() {
        let a = image_id("de/fra", IMAGES[0].name);
        assert_eq!(a, image_id("de/fra", IMAGES[0].name));
        assert_ne!(a, image_id("us/las", IMAGES[0].name));
        assert_eq!(uuid::Uuid::parse_str(&a).map(|u| u.get_version_num()).ok(), Some(5));
    }
}
