//! What NetFoundry changes typically take, by kind: the emulator's realistic delay profile
//! draws around these, and waits use them as their first guess.
//!
//! The figures are assumptions from the Python module's default waits and NetFoundry's
//! guides: a network brings up a controller VM (the module waits up to 20 minutes, nfctl's
//! demo 10; a few minutes is usual), a NetFoundry-hosted edge router a VM too (the module
//! waits up to 15 minutes); every other object is configuration in the controller, done in
//! seconds (the module waits 10–60 s for them). Deleting a network tears its VMs down.

use serde_json::Value;

use super::catalog;
use crate::catalog::{Operation, Typical};

/// Whether an edge router with this `provider` is NetFoundry-hosted (a VM NetFoundry brings
/// up at that cloud provider): a provider is set and is not `CUSTOMER` (customer-hosted
/// routers have `CUSTOMER` or no provider at all).
pub fn hosted(provider: Option<&str>) -> bool {
    provider.is_some_and(|p| p != "CUSTOMER")
}

/// Seconds each operation typically takes; an operation not listed takes [`OTHERWISE`].
static SECONDS: &[(&Operation, u64)] =
    &[(&catalog::CREATE_NETWORK, 300), (&catalog::DELETE_NETWORK, 120), (&catalog::DELETE_EDGE_ROUTER, 30)];

/// What an operation the table does not list takes: configuration in the controller.
const OTHERWISE: u64 = 5;

/// What a hosted edge router takes to come up: a VM of its own.
const HOSTED_ROUTER: u64 = 240;

/// What a mutation of `op` with `body` typically takes, and the variant of the operation it is
/// (`hosted`: an edge router NetFoundry brings up) when that takes a time of its own.
pub fn typical(op: &Operation, body: &Value) -> (Typical, Option<&'static str>) {
    if std::ptr::eq(op, &catalog::CREATE_EDGE_ROUTER) && hosted(body.get("provider").and_then(Value::as_str)) {
        return (Typical::secs(HOSTED_ROUTER), Some("hosted"));
    }
    let listed = SECONDS.iter().find(|(listed, _)| std::ptr::eq(*listed, op));
    (Typical::secs(listed.map_or(OTHERWISE, |(_, secs)| *secs)), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_a_router_hosted_by_netfoundry_takes_the_hosted_time() {
        let router = |body: Value| typical(&catalog::CREATE_EDGE_ROUTER, &body).0.median.as_secs();
        assert_eq!(router(json!({"name": "er", "provider": "AWS", "locationCode": "us-east-1"})), 240);
        assert_eq!(router(json!({"name": "er", "provider": "CUSTOMER"})), 5, "customer-hosted");
        assert_eq!(router(json!({"name": "er", "provider": null})), 5);
        assert_eq!(router(json!({"name": "er"})), 5);
        assert_eq!(router(Value::Null), 5);
        assert!(hosted(Some("AWS")) && !hosted(Some("CUSTOMER")) && !hosted(None));
        assert_eq!(typical(&catalog::CREATE_NETWORK, &json!({})).0.median.as_secs(), 300);
        assert_eq!(typical(&catalog::CREATE_EDGE_ROUTER, &json!({"provider": "OCI"})).1, Some("hosted"));
    }
}
