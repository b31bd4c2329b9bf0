//! The locations data centers can be created in: a fixed list, as the real API's is fixed for
//! an account (served by [`regions`](crate::provider::ionos::sim::families::locations)).

use serde_json::{json, Value};

/// One seeded location.
pub struct Location {
    /// `country/city`, e.g. `de/fra`.
    pub id: &'static str,
    /// The city.
    pub name: &'static str,
    /// The Intel CPU families offered besides AMD's.
    intel: &'static [&'static str],
}

/// Every location the emulator offers.
pub static LOCATIONS: &[Location] = &[
    Location { id: "de/fra", name: "Frankfurt", intel: &["INTEL_SKYLAKE", "INTEL_ICELAKE"] },
    Location { id: "de/fkb", name: "Karlsruhe", intel: &["INTEL_SKYLAKE"] },
    Location { id: "de/txl", name: "Berlin", intel: &["INTEL_SKYLAKE"] },
    Location { id: "gb/lhr", name: "London", intel: &["INTEL_SKYLAKE"] },
    Location { id: "us/las", name: "Las Vegas", intel: &["INTEL_XEON", "INTEL_SKYLAKE"] },
    Location { id: "us/ewr", name: "Newark", intel: &["INTEL_XEON"] },
    Location { id: "es/vit", name: "Logrono", intel: &[] },
    Location { id: "fr/par", name: "Paris", intel: &[] },
];

/// The seeded location with this id.
pub fn find(id: &str) -> Option<&'static Location> {
    LOCATIONS.iter().find(|l| l.id == id)
}

/// The valid location ids, for error messages.
pub fn ids() -> String {
    LOCATIONS.iter().map(|l| l.id).collect::<Vec<_>>().join(", ")
}

impl Location {
    /// Features offered here (data centers inherit them).
    pub fn features(&self) -> Value {
        json!([
            "SSD",
            "MULTIPLE_CPU",
            "VNF_LAN",
            "NIC_HOT_PLUG",
            "NIC_HOT_UNPLUG",
            "CPU_HOT_PLUG",
            "MEM_HOT_PLUG",
            "DISK_VIRTIO_HOT_PLUG",
            "DISK_VIRTIO_HOT_UNPLUG",
            "DEDICATED_CORES",
            "CLOUD_INIT",
            "K8S",
            "PRIVATE_LAN"
        ])
    }

    /// CPU families offered here (data centers inherit them): AMD everywhere, Intel families
    /// in some locations. A server's `cpuFamily` must be one of its data center's.
    pub fn cpu_architecture(&self) -> Value {
        let amd = json!({"cpuFamily": "AMD_OPTERON", "maxCores": 62, "maxRam": 245760, "vendor": "AuthenticAMD"});
        let intel = self
            .intel
            .iter()
            .map(|family| json!({"cpuFamily": family, "maxCores": 51, "maxRam": 245760, "vendor": "GenuineIntel"}));
        Value::Array(std::iter::once(amd).chain(intel).collect())
    }
}
