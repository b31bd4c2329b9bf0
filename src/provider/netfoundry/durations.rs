//! What NetFoundry changes typically take, by kind: the emulator's realistic delay profile
//! draws around these, and waits use them as their first guess.
//!
//! The figures are assumptions from the Python module's default waits and NetFoundry's
//! guides: a network brings up a controller VM (the module waits up to 20 minutes, nfctl's
//! demo 10; a few minutes is usual), a NetFoundry-hosted edge router a VM too (the module
//! waits up to 15 minutes); every other object is configuration in the controller, done in
//! seconds (the module waits 10–60 s for them). Deleting a network tears its VMs down.

use crate::sim::Typical;

/// What `method` on `path` (an API path, ids included) with `body` typically takes.
pub fn typical(method: &str, path: &str, body: &str) -> Typical {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let collection = segments.get(2).copied().unwrap_or_default();
    let hosted = body.contains("\"provider\"") && !body.contains("\"provider\":null");
    match (method, collection) {
        ("POST", "networks") => Typical::secs(300),
        ("DELETE", "networks") => Typical::secs(120),
        ("POST", "edge-routers") if hosted => Typical::secs(240),
        ("DELETE", "edge-routers") => Typical::secs(30),
        _ => Typical::secs(5),
    }
}
