//! `/templates`: the Cube server templates, seeded read-only at start with fixed ids (the
//! same across restarts and state files), as the API offers them: cores, RAM (MB) and
//! direct-attached storage (GB).

use serde_json::json;

use crate::provider::ionos::sim::seed::public_images;
use crate::sim::{Author, ErrorReply, Meta, StoredObject, World};

/// Name, cores, RAM in MB, storage in GB.
const TEMPLATES: &[(&str, i64, i64, i64)] = &[
    ("CUBES XS", 1, 1024, 30),
    ("CUBES S", 1, 2048, 50),
    ("CUBES M", 2, 4096, 80),
    ("CUBES L", 4, 8192, 160),
    ("CUBES XL", 6, 16384, 320),
    ("CUBES XXL", 8, 32768, 640),
    ("CUBES 3XL", 12, 49152, 960),
    ("CUBES 4XL", 16, 65536, 1280),
];

/// When the templates were published, ms since the epoch (2024-11-01T00:00:00Z).
const PUBLISHED_MS: i64 = 1_730_419_200_000;

/// Stores every template.
pub fn seed(world: &mut World) -> Result<(), ErrorReply> {
    let publisher = Author { name: "templates@ionos.com".into(), id: "00000000-0000-0000-0000-000000000002".into() };
    for (name, cores, ram, storage) in TEMPLATES {
        let id = public_images::stable_id(&format!("template:{name}"));
        let properties = json!({"name": name, "cores": cores, "ram": ram, "storageSize": storage});
        let properties = properties.as_object().cloned().unwrap_or_default();
        world.insert(
            &format!("templates/{id}"),
            StoredObject::new("template", &id, Meta::new(&publisher, PUBLISHED_MS), properties),
        )?;
    }
    Ok(())
}
