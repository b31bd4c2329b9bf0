//! What CloudAPI mutations typically take, by operation: the emulator's realistic delay
//! profile draws around these, and waits use them as their first guess before this user's own
//! history knows better. One table, read by the client and the emulator alike.
//!
//! The figures are assumptions, rounded, from what IONOS documents and users report:
//! network objects (LANs, NICs, firewall rules, IP blocks) are configuration changes that
//! finish in seconds; a data center is a few seconds more; servers and volumes from images are
//! provisioned on hosts and storage (the classic SDK's examples wait minutes for them, its
//! default `wait_for_completion` timeout is 3600 s); snapshots copy whole volumes; Kubernetes
//! clusters and node pools take ten to twenty minutes (IONOS's managed Kubernetes guide) and
//! a large server can take hours (a terraform provider bug report saw a cube server take over
//! two hours — the spread covers such tails only rarely). NAT gateways and network and
//! application load balancers are dedicated appliances that take minutes to provision (IONOS
//! asks for patience on their creation); their rules and flow logs reconfigure them in about
//! a minute. Every kind spreads ±30 % in log.

use serde_json::Value;

use super::catalog::{
    account, applicationloadbalancers as alb, datacenters, images, k8s, lans, loadbalancers, natgateways,
    networkloadbalancers as nlb, nics, servers, targetgroups, volumes,
};
use crate::catalog::{Operation, Typical};

/// Seconds each operation typically takes; an operation not listed takes [`OTHERWISE`].
static SECONDS: &[(&[&Operation], u64)] = &[
    (
        &[
            &servers::START_SERVER,
            &servers::STOP_SERVER,
            &servers::REBOOT_SERVER,
            &servers::SUSPEND_SERVER,
            &servers::RESUME_SERVER,
            &servers::UPGRADE_SERVER,
        ],
        30,
    ),
    (&[&volumes::CREATE_SNAPSHOT, &volumes::RESTORE_SNAPSHOT], 180),
    (&[&k8s::REPLACE_K8S_NODE, &k8s::DELETE_K8S_CLUSTER], 600),
    (
        &[
            &k8s::CREATE_K8S_CLUSTER,
            &k8s::UPDATE_K8S_CLUSTER,
            &k8s::CREATE_K8S_CLUSTER_NODEPOOL,
            &k8s::UPDATE_K8S_CLUSTER_NODEPOOL,
            &k8s::DELETE_K8S_CLUSTER_NODEPOOL,
            &k8s::DELETE_K8S_NODE,
        ],
        900,
    ),
    (&[&datacenters::CREATE_DATACENTER], 15),
    (&[&datacenters::DELETE_DATACENTER], 60),
    (&[&datacenters::UPDATE_DATACENTER, &datacenters::REPLACE_DATACENTER], 10),
    (&[&servers::CREATE_SERVER], 45),
    (&[&servers::UPDATE_SERVER, &servers::REPLACE_SERVER, &servers::DELETE_SERVER], 30),
    (&[&volumes::CREATE_VOLUME, &volumes::UPDATE_VOLUME, &volumes::REPLACE_VOLUME, &volumes::DELETE_VOLUME], 30),
    (&[&servers::ATTACH_VOLUME, &servers::DETACH_VOLUME, &servers::ATTACH_CDROM, &servers::DETACH_CDROM], 20),
    (
        &[
            &nics::CREATE_NIC,
            &nics::UPDATE_NIC,
            &nics::REPLACE_NIC,
            &nics::DELETE_NIC,
            &nics::CREATE_FIREWALL_RULE,
            &nics::UPDATE_FIREWALL_RULE,
            &nics::REPLACE_FIREWALL_RULE,
            &nics::DELETE_FIREWALL_RULE,
            &super::catalog::flowlogs::CREATE_NIC_FLOWLOG,
            &super::catalog::flowlogs::UPDATE_NIC_FLOWLOG,
            &super::catalog::flowlogs::REPLACE_NIC_FLOWLOG,
            &super::catalog::flowlogs::DELETE_NIC_FLOWLOG,
        ],
        10,
    ),
    (
        &[
            &loadbalancers::CREATE_LOADBALANCER,
            &loadbalancers::UPDATE_LOADBALANCER,
            &loadbalancers::REPLACE_LOADBALANCER,
            &loadbalancers::DELETE_LOADBALANCER,
            &loadbalancers::ADD_LOADBALANCED_NICS,
            &loadbalancers::REMOVE_LOADBALANCED_NIC,
        ],
        15,
    ),
    (
        &[
            &natgateways::CREATE_NATGATEWAY_FLOWLOG,
            &natgateways::UPDATE_NATGATEWAY_FLOWLOG,
            &natgateways::REPLACE_NATGATEWAY_FLOWLOG,
            &natgateways::DELETE_NATGATEWAY_FLOWLOG,
            &nlb::CREATE_NETWORKLOADBALANCER_FLOWLOG,
            &nlb::UPDATE_NETWORKLOADBALANCER_FLOWLOG,
            &nlb::REPLACE_NETWORKLOADBALANCER_FLOWLOG,
            &nlb::DELETE_NETWORKLOADBALANCER_FLOWLOG,
            &alb::CREATE_APPLICATIONLOADBALANCER_FLOWLOG,
            &alb::UPDATE_APPLICATIONLOADBALANCER_FLOWLOG,
            &alb::REPLACE_APPLICATIONLOADBALANCER_FLOWLOG,
            &alb::DELETE_APPLICATIONLOADBALANCER_FLOWLOG,
        ],
        20,
    ),
    (
        &[
            &natgateways::CREATE_NATGATEWAY,
            &natgateways::REPLACE_NATGATEWAY,
            &nlb::CREATE_NETWORKLOADBALANCER,
            &nlb::REPLACE_NETWORKLOADBALANCER,
            &alb::CREATE_APPLICATIONLOADBALANCER,
            &alb::REPLACE_APPLICATIONLOADBALANCER,
        ],
        300,
    ),
    (
        &[
            &natgateways::UPDATE_NATGATEWAY,
            &natgateways::DELETE_NATGATEWAY,
            &nlb::UPDATE_NETWORKLOADBALANCER,
            &nlb::DELETE_NETWORKLOADBALANCER,
            &alb::UPDATE_APPLICATIONLOADBALANCER,
            &alb::DELETE_APPLICATIONLOADBALANCER,
        ],
        120,
    ),
    (
        &[
            &natgateways::CREATE_NATGATEWAY_RULE,
            &natgateways::UPDATE_NATGATEWAY_RULE,
            &natgateways::REPLACE_NATGATEWAY_RULE,
            &natgateways::DELETE_NATGATEWAY_RULE,
            &nlb::CREATE_NETWORKLOADBALANCER_FORWARDINGRULE,
            &alb::CREATE_APPLICATIONLOADBALANCER_FORWARDINGRULE,
            &alb::UPDATE_APPLICATIONLOADBALANCER_FORWARDINGRULE,
            &alb::REPLACE_APPLICATIONLOADBALANCER_FORWARDINGRULE,
            &alb::DELETE_APPLICATIONLOADBALANCER_FORWARDINGRULE,
        ],
        60,
    ),
    (
        &[
            &targetgroups::CREATE_TARGETGROUP,
            &targetgroups::UPDATE_TARGETGROUP,
            &targetgroups::REPLACE_TARGETGROUP,
            &targetgroups::DELETE_TARGETGROUP,
        ],
        30,
    ),
    (&[&lans::CREATE_LAN, &lans::UPDATE_LAN, &lans::REPLACE_LAN, &lans::DELETE_LAN, &lans::ADD_LAN_MEMBER], 8),
    (
        &[
            &images::UPDATE_SNAPSHOT,
            &images::REPLACE_SNAPSHOT,
            &images::DELETE_SNAPSHOT,
            &account::CREATE_BACKUPUNIT,
            &account::UPDATE_BACKUPUNIT,
            &account::REPLACE_BACKUPUNIT,
            &account::DELETE_BACKUPUNIT,
            &account::CREATE_PCC,
            &account::UPDATE_PCC,
            &account::DELETE_PCC,
        ],
        30,
    ),
];

/// What an operation the table does not list takes: a configuration change.
const OTHERWISE: u64 = 5;

/// A variant of an operation that takes a time of its own: which, what it is called, when a
/// body makes one, and how long it takes.
struct Variant {
    of: &'static Operation,
    name: &'static str,
    applies: fn(&Value) -> bool,
    secs: u64,
}

/// Creates that take far longer than the same create alone: with nested objects (a composite
/// build), or a volume from an image. Waits learn them apart, as variants of the operation.
static VARIANTS: &[Variant] = &[
    Variant { of: &datacenters::CREATE_DATACENTER, name: "nested", applies: nests, secs: 150 },
    Variant { of: &servers::CREATE_SERVER, name: "nested", applies: nests, secs: 120 },
    Variant { of: &volumes::CREATE_VOLUME, name: "from an image", applies: from_image, secs: 90 },
];

/// Whether a create body nests other objects (`entities`).
fn nests(body: &Value) -> bool {
    body.get("entities").is_some_and(|e| !e.is_null())
}

/// Whether a volume is made from an image.
fn from_image(body: &Value) -> bool {
    body.get("properties").is_some_and(|p| p.get("image").is_some() || p.get("imageAlias").is_some())
}

/// What a mutation of `op` with `body` typically takes, and the variant of the operation it is
/// (`nested`, `from an image`) when that takes a time of its own.
pub fn typical(op: &Operation, body: &Value) -> (Typical, Option<&'static str>) {
    if let Some(variant) = VARIANTS.iter().find(|v| std::ptr::eq(v.of, op) && (v.applies)(body)) {
        return (Typical::secs(variant.secs), Some(variant.name));
    }
    let listed = SECONDS.iter().find(|(ops, _)| ops.iter().any(|listed| std::ptr::eq(*listed, op)));
    (Typical::secs(listed.map_or(OTHERWISE, |(_, secs)| *secs)), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_and_their_variants_take_their_own_times() {
        let t = |op: &Operation, body: Value| typical(op, &body);
        let secs = |found: (Typical, Option<&'static str>)| (found.0.median.as_secs(), found.1);
        assert_eq!(secs(t(&datacenters::CREATE_DATACENTER, json!({}))), (15, None));
        assert_eq!(secs(t(&datacenters::CREATE_DATACENTER, json!({"entities": {}}))), (150, Some("nested")));
        assert_eq!(secs(t(&servers::REBOOT_SERVER, Value::Null)), (30, None));
        let image = json!({"properties": {"imageAlias": "x"}});
        assert_eq!(secs(t(&volumes::CREATE_VOLUME, image)), (90, Some("from an image")));
        assert_eq!(secs(t(&lans::UPDATE_LAN, json!({}))), (8, None));
        assert_eq!(secs(t(&k8s::CREATE_K8S_CLUSTER_NODEPOOL, json!({}))), (900, None));
        assert_eq!(secs(t(&super::super::catalog::users::CREATE_USER, json!({}))), (5, None));
        assert_eq!(secs(t(&natgateways::CREATE_NATGATEWAY, json!({}))), (300, None));
        assert_eq!(secs(t(&alb::CREATE_APPLICATIONLOADBALANCER_FORWARDINGRULE, json!({}))), (60, None));
        assert_eq!(secs(t(&nlb::CREATE_NETWORKLOADBALANCER_FLOWLOG, json!({}))), (20, None));
        assert_eq!(secs(t(&servers::SUSPEND_SERVER, Value::Null)), (30, None));
    }

    #[test]
    fn every_listed_operation_is_a_mutation_and_listed_once() {
        let mut seen: Vec<&str> = Vec::new();
        for (ops, _) in SECONDS {
            for op in *ops {
                assert!(op.effect().is_some(), "{} is a read", op.name);
                assert!(!seen.contains(&op.name), "{} is listed twice", op.name);
                seen.push(op.name);
            }
        }
    }
}
