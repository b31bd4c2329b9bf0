//! The locations data centers can be created in: a fixed list, as the real API's is fixed for
//! an account, served at `/locations`, `/locations/{regionId}` and
//! `/locations/{regionId}/{locationId}`.

use axum::extract::Path;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::call::{ApiError, Call, Reply};
use super::catalogue;
use super::render::{collection, reference};
use super::state::Shared;

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

    /// The aliases of the public images stored here (see [`catalogue`](super::catalogue)).
    fn image_aliases(&self) -> Value {
        json!(catalogue::aliases())
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
