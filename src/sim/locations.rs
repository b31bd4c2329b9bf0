//! The locations data centers can be created in: a fixed list, as the real API's is fixed for
//! an account, served at `/locations`, `/locations/{regionId}` and
//! `/locations/{regionId}/{locationId}`.

use axum::extract::Path;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::call::{ApiError, Call, Reply};
use super::render::{collection, reference};
use super::state::Shared;

/// One seeded location.
pub struct Location {
    /// `country/city`, e.g. `de/fra`.
    pub id: &'static str,
    /// The city.
    pub name: &'static str,
    /// Whether Intel CPUs are offered besides AMD.
    intel: bool,
}

/// Every location the emulator offers.
pub static LOCATIONS: &[Location] = &[
    Location { id: "de/fra", name: "Frankfurt", intel: true },
    Location { id: "de/fkb", name: "Karlsruhe", intel: true },
    Location { id: "de/txl", name: "Berlin", intel: true },
    Location { id: "gb/lhr", name: "London", intel: true },
    Location { id: "us/las", name: "Las Vegas", intel: true },
    Location { id: "us/ewr", name: "Newark", intel: false },
    Location { id: "es/vit", name: "Logrono", intel: false },
    Location { id: "fr/par", name: "Paris", intel: false },
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

    /// CPU families offered here (data centers inherit them).
    pub fn cpu_architecture(&self) -> Value {
        let amd = json!({"cpuFamily": "AMD_OPTERON", "maxCores": 62, "maxRam": 245760, "vendor": "AuthenticAMD"});
        let intel = json!({"cpuFamily": "INTEL_SKYLAKE", "maxCores": 51, "maxRam": 245760, "vendor": "GenuineIntel"});
        if self.intel {
            json!([amd, intel])
        } else {
            json!([amd])
        }
    }

    fn image_aliases(&self) -> Value {
        json!([
            "ubuntu:latest",
            "ubuntu:22.04",
            "ubuntu:20.04",
            "debian:latest",
            "debian:12",
            "debian:11",
            "centos:latest",
            "rockylinux:latest",
            "rockylinux:9",
            "almalinux:latest",
            "windows:2022_server",
            "windows:2019_server"
        ])
    }

    fn render(&self, call: &Call) -> Value {
        let path = format!("locations/{}", self.id);
        json!({
            "id": self.id,
            "type": "location",
            "href": call.href(&path),
            "properties": {
                "name": self.name,
                "features": self.features(),
                "imageAliases": self.image_aliases(),
                "cpuArchitecture": self.cpu_architecture(),
            }
        })
    }
}

/// The location routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/locations", get(list))
        .route("/locations/{region}", get(list_region))
        .route("/locations/{region}/{location}", get(one))
}

fn listing(call: &Call, path: &str, region: Option<&str>) -> Reply {
    let items = LOCATIONS
        .iter()
        .filter(|l| region.is_none_or(|r| l.id.split('/').next() == Some(r)))
        .map(|l| {
            if call.depth >= 1 {
                l.render(call)
            } else {
                reference(call, &format!("locations/{}", l.id), "location", l.id)
            }
        })
        .collect();
    call.ok(collection(call, path, "locations", items))
}

async fn list(call: Call) -> Reply {
    listing(&call, "locations", None)
}

async fn list_region(call: Call, Path(region): Path<String>) -> Result<Reply, ApiError> {
    if !LOCATIONS.iter().any(|l| l.id.split('/').next() == Some(region.as_str())) {
        return Err(ApiError::not_found());
    }
    Ok(listing(&call, &format!("locations/{region}"), Some(&region)))
}

async fn one(call: Call, Path((region, location)): Path<(String, String)>) -> Result<Reply, ApiError> {
    let found = find(&format!("{region}/{location}")).ok_or_else(ApiError::not_found)?;
    Ok(call.ok(found.render(&call)))
}
