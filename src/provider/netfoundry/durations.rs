//! What NetFoundry changes typically take, by kind: the emulator's realistic delay profile
//! draws around these, and waits use them as their first guess.
//!
//! The figures are assumptions from the Python module's default waits and NetFoundry's
//! guides: a network brings up a controller VM (the module waits up to 20 minutes, nfctl's
//! demo 10; a few minutes is usual), a NetFoundry-hosted edge router a VM too (the module
//! waits up to 15 minutes); every other object is configuration in the controller, done in
//! seconds (the module waits 10–60 s for them). Deleting a network tears its VMs down.

use serde_json::Value;

use crate::sim::Typical;

/// Whether an edge router with this `provider` is NetFoundry-hosted (a VM NetFoundry brings
/// up at that cloud provider): a provider is set and is not `CUSTOMER` (customer-hosted
/// routers have `CUSTOMER` or no provider at all).
pub fn hosted(provider: Option<&str>) -> bool {
    provider.is_some_and(|p| p != "CUSTOMER")
}

/// What `method` on `path` (an API path, ids included) with `body` typically takes.
pub fn typical(method: &str, path: &str, body: &str) -> Typical {
    let collection = super::envelope::collection_in(path).unwrap_or_default();
    let body: Option<Value> = serde_json::from_str(body).ok();
    let hosted = hosted(body.as_ref().and_then(|b| b.get("provider")).and_then(Value::as_str));
    match (method, collection) {
        ("POST", "networks") => Typical::secs(300),
        ("DELETE", "networks") => Typical::secs(120),
        ("POST", "edge-routers") if hosted => Typical::secs(240),
        ("DELETE", "edge-routers") => Typical::secs(30),
        _ => Typical::secs(5),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_router_hosted_by_netfoundry_takes_the_hosted_time() {
        let router = |body: &str| typical("POST", "/core/v2/edge-routers", body).median.as_secs();
        assert_eq!(router(r#"{"name":"er","provider":"AWS","locationCode":"us-east-1"}"#), 240);
        assert_eq!(router(r#"{"name":"er", "provider": "OCI"}"#), 240, "spaces do not hide the provider");
        assert_eq!(router(r#"{"name":"er","provider":"CUSTOMER"}"#), 5, "customer-hosted");
        assert_eq!(router(r#"{"name":"er","provider":null}"#), 5);
        assert_eq!(router(r#"{"name":"er"}"#), 5);
        assert_eq!(router(r#"{"name":"the \"provider\" router"}"#), 5, "a name is no provider");
        assert_eq!(router("not JSON"), 5);
        assert!(hosted(Some("AWS")) && !hosted(Some("CUSTOMER")) && !hosted(None));
    }
}
