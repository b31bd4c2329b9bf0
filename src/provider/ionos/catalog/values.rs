//! Allowed values shared by several resources, as the API and the classic SDK define them.

use crate::catalog::Pattern;

/// A location id of the form `country/city`, e.g. `de/fra`.
pub static LOCATION_ID: Pattern = Pattern {
    shape: "country/city",
    described: "a location id like de/fra or us/las",
    example: "de/fra",
    matches: |s| {
        s.split_once('/').is_some_and(|(country, city)| {
            [country, city].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        })
    },
};

/// Licence types of volumes, images and snapshots.
pub const LICENCE_TYPES: &[&str] = &["UNKNOWN", "WINDOWS", "WINDOWS2016", "WINDOWS2022", "LINUX", "OTHER"];

/// Availability zones of servers.
pub const SERVER_ZONES: &[&str] = &["AUTO", "ZONE_1", "ZONE_2"];

/// Availability zones of volumes.
pub const VOLUME_ZONES: &[&str] = &["AUTO", "ZONE_1", "ZONE_2", "ZONE_3"];

/// CPU families a server can ask for.
pub const CPU_FAMILIES: &[&str] = &["AMD_OPTERON", "INTEL_XEON", "INTEL_SKYLAKE", "INTEL_ICELAKE"];

/// Volume types.
pub const VOLUME_TYPES: &[&str] = &["HDD", "SSD", "SSD Standard", "SSD Premium", "DAS", "ISO"];

/// Volume buses.
pub const BUSES: &[&str] = &["VIRTIO", "IDE", "UNKNOWN"];

/// Firewall rule protocols.
pub const PROTOCOLS: &[&str] = &["TCP", "UDP", "ICMP", "ANY"];

/// The characters the classic SDK allows in an image password.
pub const IMAGE_PASSWORD_ALPHABET: &str = "abcdefghjkmnpqrstuvxABCDEFGHJKLMNPQRSTUVX23456789";

/// A name must not contain these characters.
pub const NAME_FORBIDS: &str = "@/\\|'\"";
