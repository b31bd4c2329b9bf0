//! Allowed values shared by several resources, as the API and the classic SDK define them.

use crate::catalog::Pattern;

/// A Kubernetes cluster's or node pool's name: at most 63 characters, empty or beginning and
/// ending with a letter or digit, with `-`, `_` and `.` between (the spec's own rule).
pub static K8S_NAME: Pattern = Pattern {
    shape: "k8s name",
    described: "at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit",
    example: "my-cluster",
    matches: |s| {
        let chars: Vec<char> = s.chars().collect();
        let edge = |c: Option<&char>| c.is_none_or(char::is_ascii_alphanumeric);
        chars.len() <= 63
            && edge(chars.first())
            && edge(chars.last())
            && chars.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    },
};

/// Licence types of volumes, images and snapshots.
pub const LICENCE_TYPES: &[&str] = &["UNKNOWN", "WINDOWS", "WINDOWS2016", "WINDOWS2022", "LINUX", "OTHER"];

/// Availability zones of servers.
pub const SERVER_ZONES: &[&str] = &["AUTO", "ZONE_1", "ZONE_2"];

/// Availability zones of volumes.
pub const VOLUME_ZONES: &[&str] = &["AUTO", "ZONE_1", "ZONE_2", "ZONE_3"];

/// Volume types.
pub const VOLUME_TYPES: &[&str] = &["HDD", "SSD", "SSD Standard", "SSD Premium", "DAS", "ISO"];

/// Volume buses.
pub const BUSES: &[&str] = &["VIRTIO", "IDE", "UNKNOWN"];

/// Firewall rule protocols.
pub const PROTOCOLS: &[&str] = &["TCP", "UDP", "ICMP", "ANY"];

/// The characters an image password may hold: "all characters from a-z, A-Z, 0-9" (the
/// spec; the classic SDK's narrower alphabet refused the spec's own example `mypass123`).
pub const IMAGE_PASSWORD_ALPHABET: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
