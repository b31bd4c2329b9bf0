//! The kinds of object the NetFoundry API keeps (networks, and the endpoints, routers,
//! services and policies inside them): each one's collection, the `_embedded` key of its
//! lists and its description, and where the emulator stores them (the collection's path, as
//! the operations' templates name it).

use crate::catalog::Resource;
use crate::provider::netfoundry::catalog as nf;

/// One kind of object the API keeps.
#[derive(Debug)]
pub struct Kind {
    /// Its collection on the wire: `edge-routers`.
    pub collection: &'static str,
    /// The `_embedded` key of its lists.
    pub list_key: &'static str,
    /// Its description (its name is what an execution's name calls it: `EdgeRouter`).
    pub resource: &'static Resource,
}

/// Where the core API's objects are stored: the collections' templates, without their `/`.
pub const ROOT: &str = "core/v2";

/// Every kind, networks first (the others live in a network).
pub static KINDS: &[Kind] = &[
    Kind { collection: "networks", list_key: "networkList", resource: &nf::NETWORK },
    Kind { collection: "endpoints", list_key: "endpointList", resource: &nf::ENDPOINT },
    Kind { collection: "edge-routers", list_key: "edgeRouterList", resource: &nf::EDGE_ROUTER },
    Kind { collection: "edge-router-policies", list_key: "edgeRouterPolicyList", resource: &nf::EDGE_ROUTER_POLICY },
    Kind { collection: "services", list_key: "serviceList", resource: &nf::SERVICE },
    Kind { collection: "service-policies", list_key: "servicePolicyList", resource: &nf::SERVICE_POLICY },
    Kind {
        collection: "service-edge-router-policies",
        list_key: "serviceEdgeRouterPolicyList",
        resource: &nf::SERVICE_EDGE_ROUTER_POLICY,
    },
    Kind { collection: "app-wans", list_key: "appWanList", resource: &nf::APP_WAN },
    Kind { collection: "posture-checks", list_key: "postureCheckList", resource: &nf::POSTURE_CHECK },
];

/// Indexes into [`KINDS`], for the family records.
pub const NETWORK: usize = 0;
pub const ENDPOINT: usize = 1;
pub const EDGE_ROUTER: usize = 2;
pub const EDGE_ROUTER_POLICY: usize = 3;
pub const SERVICE: usize = 4;
pub const SERVICE_POLICY: usize = 5;
pub const SERVICE_EDGE_ROUTER_POLICY: usize = 6;
pub const APP_WAN: usize = 7;
pub const POSTURE_CHECK: usize = 8;

/// The kind whose collection is `name`.
pub fn by_collection(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.collection == name)
}

impl Kind {
    /// Whether objects of this kind are networks (the others live in one).
    pub fn is_network(&self) -> bool {
        std::ptr::eq(self, &KINDS[NETWORK])
    }

    /// The store path of its collection.
    pub fn collection_path(&self) -> String {
        format!("{ROOT}/{}", self.collection)
    }

    /// The store path of its object `id`.
    pub fn path(&self, id: &str) -> String {
        format!("{ROOT}/{}/{}", self.collection, id.to_ascii_lowercase())
    }
}
