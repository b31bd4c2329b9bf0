//! What CloudAPI mutations typically take, by kind: the emulator's realistic delay profile
//! draws around these, and waits use them as their first guess before this user's own history
//! knows better.
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

use crate::sim::Typical;

/// What `method` on `path` (an API path without the version prefix, ids included) with
/// `body` typically takes.
pub fn typical(method: &str, path: &str, body: &str) -> Typical {
    let kinds: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).step_by(2).collect();
    let last = path.split('/').rfind(|s| !s.is_empty()).unwrap_or_default();
    let nested = body.contains("\"entities\"");
    let secs = match (method, kinds.as_slice(), last) {
        // Actions: the last segment names them.
        (_, _, "start" | "stop" | "reboot" | "suspend" | "resume" | "upgrade") => 30,
        (_, _, "create-snapshot" | "restore-snapshot") => 180,
        (_, _, "replace") => 600,
        ("POST", ["k8s"], _) | ("PUT", ["k8s"], _) => 900,
        ("DELETE", ["k8s"], _) => 600,
        (_, ["k8s", "nodepools", ..], _) => 900,
        ("POST", ["datacenters"], _) if nested => 150,
        ("POST", ["datacenters"], _) => 15,
        ("DELETE", ["datacenters"], _) => 60,
        (_, ["datacenters"], _) => 10,
        ("POST", ["datacenters", "servers"], _) if nested => 120,
        ("POST", ["datacenters", "servers"], _) => 45,
        (_, ["datacenters", "servers"], _) => 30,
        ("POST", ["datacenters", "volumes"], _) if body.contains("\"image") => 90,
        (_, ["datacenters", "volumes"], _) => 30,
        (_, ["datacenters", "servers", "volumes" | "cdroms"], _) => 20,
        (_, ["datacenters", "servers", "nics", ..], _) => 10,
        (_, ["datacenters", "loadbalancers", ..], _) => 15,
        (_, [.., "flowlogs"], _) => 20,
        ("POST" | "PUT", ["datacenters", "natgateways" | "networkloadbalancers" | "applicationloadbalancers"], _) => {
            300
        }
        (_, ["datacenters", "natgateways" | "networkloadbalancers" | "applicationloadbalancers"], _) => 120,
        (_, ["datacenters", "natgateways" | "networkloadbalancers" | "applicationloadbalancers", _], _) => 60,
        (_, ["targetgroups"], _) => 30,
        (_, ["datacenters", "lans", ..], _) => 8,
        (_, ["snapshots"], _) => 30,
        (_, ["backupunits"], _) => 30,
        (_, ["pccs"], _) => 30,
        _ => 5,
    };
    Typical::secs(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_apart_by_their_path_method_and_body() {
        let t = |m, p, b| typical(m, p, b).median.as_secs();
        assert_eq!(t("POST", "/datacenters", "{}"), 15);
        assert_eq!(t("POST", "/datacenters", r#"{"entities":{}}"#), 150);
        assert_eq!(t("POST", "/datacenters/d/servers/s/reboot", ""), 30);
        assert_eq!(t("POST", "/datacenters/d/volumes", r#"{"properties":{"imageAlias":"x"}}"#), 90);
        assert_eq!(t("PATCH", "/datacenters/d/lans/1", "{}"), 8);
        assert_eq!(t("POST", "/k8s/c/nodepools", "{}"), 900);
        assert_eq!(t("POST", "/um/users", "{}"), 5);
        assert_eq!(t("POST", "/datacenters/d/natgateways", "{}"), 300);
        assert_eq!(t("POST", "/datacenters/d/applicationloadbalancers/a/forwardingrules", "{}"), 60);
        assert_eq!(t("POST", "/datacenters/d/networkloadbalancers/n/flowlogs", "{}"), 20);
        assert_eq!(t("POST", "/datacenters/d/servers/s/suspend", ""), 30);
    }
}
