//! Managed Kubernetes: clusters (`/k8s`), their node pools and nodes, kubeconfigs and the
//! offered versions. Their `metadata.state` follows their own pending request (see
//! [`Render`](crate::provider::ionos::sim::shape::render::Render)): DEPLOYING while the create runs, UPDATING during a
//! PUT, DESTROYING during a delete, ACTIVE after; nodes go PROVISIONING → READY.
//!
//! - A cluster's `k8sVersion` must be one of [`VERSIONS`] (default [`DEFAULT_VERSION`]) and
//!   never goes down; the contract limits the number of clusters. A PUT changes what it names
//!   and keeps the rest (v6 answers 202, v5 200, as the two versions do). A cluster that
//!   still has node pools cannot be deleted (422): delete them first.
//! - A node pool's data center must exist (422), be in the cluster's `location` when the
//!   cluster has one, and offer the `cpuFamily`; its `lans` must be LANs of that data center;
//!   its version must be one the cluster allows (default the cluster's). It gets `nodeCount`
//!   nodes (name `<pool>-<suffix>`, `k8sVersion`, `publicIP` from `publicIps` when given,
//!   `privateIP`); a PUT (`nodeCount` required, the rest kept) adds or removes nodes, the
//!   newest going first. `autoScaling` needs minNodeCount ≤ nodeCount ≤ maxNodeCount.
//! - A node can be deleted (TERMINATING, then gone) or replaced (REBUILDING, then READY).
//! - kubeconfig: v6 answers the YAML itself (`application/yaml`), v5 an object
//!   `{id, type: "kubeconfig", href, properties: {kubeconfig}}`; the YAML names the cluster,
//!   a server URL and a (fake) token.

use axum::http::StatusCode;
use rand::Rng;
use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::contracts;
use crate::provider::ionos::sim::families::family::{Family, Request};
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, child_path, datacenter_path, in_field_order, invalid,
};
use crate::provider::ionos::{K8S_CLUSTER, K8S_NODEPOOL};
use crate::sim::crud::{Unnamed, Update};
use crate::sim::{Changes, ErrorReply, Mutation, Reply, Store, StoredObject, World};

/// What clusters have of their own.
pub static CLUSTERS: Family = Family { build: Some(build), cascade: Some(cascade), ..Family::of(&K8S_CLUSTER) };

/// What node pools have of their own.
pub static NODEPOOLS: Family = Family { build: Some(build_pool), ..Family::of(&K8S_NODEPOOL) };

/// The Kubernetes versions offered, oldest first.
pub const VERSIONS: &[&str] = &["1.28.9", "1.29.5", "1.30.1"];

/// The version clusters and node pools get when none is asked for.
pub const DEFAULT_VERSION: &str = "1.29.5";

fn cluster_path(id: &str) -> String {
    child_path("", "k8s", id)
}

fn rank(version: &str) -> Option<usize> {
    VERSIONS.iter().position(|v| *v == version)
}

fn text<'a>(properties: &'a Map<String, Value>, name: &str) -> &'a str {
    properties.get(name).and_then(Value::as_str).unwrap_or_default()
}

fn default_window() -> Value {
    json!({"dayOfTheWeek": "Monday", "time": "02:00:00Z"})
}

/// Checks a cluster's version (offered, not lower than `old`) and fills in the versions it
/// may move to and that its node pools may run.
fn cluster_versions(properties: &mut Map<String, Value>, old: Option<&str>) -> Result<(), ErrorReply> {
    let version = properties.get("k8sVersion").and_then(Value::as_str).unwrap_or(DEFAULT_VERSION).to_string();
    let Some(at) = rank(&version) else {
        return Err(invalid("", "k8sVersion", format!("must be one of {} (got '{version}')", VERSIONS.join(", "))));
    };
    if let Some(old) = old.filter(|old| rank(old).is_some_and(|o| o > at)) {
        return Err(invalid("", "k8sVersion", format!("cannot go down from {old} to {version}")));
    }
    properties.insert("k8sVersion".into(), json!(version));
    properties.insert("availableUpgradeVersions".into(), json!(VERSIONS[at + 1..]));
    properties.insert("viableNodePoolVersions".into(), json!(VERSIONS[..=at]));
    Ok(())
}

/// `GET /k8s/versions`.
pub fn versions(request: &Request) -> Result<Reply, ErrorReply> {
    Ok(request.call.ok(json!(VERSIONS)))
}

/// `GET /k8s/versions/default`.
pub fn default_version(request: &Request) -> Result<Reply, ErrorReply> {
    Ok(request.call.ok(json!(DEFAULT_VERSION)))
}

/// Checks a cluster body (an offered version, within the contract) and creates the cluster.
fn build(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&K8S_CLUSTER, body, "")?.properties;
    let path = cluster_path(&resource::new_id());
    unique_name(tx.store(), &path, &properties)?;
    cluster_versions(&mut properties, None)?;
    properties.entry("maintenanceWindow").or_insert_with(default_window);
    properties.entry("public").or_insert(json!(true));
    properties.entry("apiSubnetAllowList").or_insert(json!([]));
    properties.entry("s3Buckets").or_insert(json!([]));
    contracts::check(tx.store(), &path, "k8s", &properties)?;
    tx.create(&path, "k8s", in_field_order(&K8S_CLUSTER, properties));
    Ok(path)
}

/// `PUT /k8s/{k8s_cluster_id}`: changes what it names (a version only goes up); v6 answers
/// 202, v5 200.
pub fn replace(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let given = resource::properties_of(&request.body.value, "")?;
    let path = request.path();
    let given = Changes { described: given.clone(), kept: Map::new() };
    let update = Update { resource: &K8S_CLUSTER, path: &path, given, unnamed: Unnamed::Kept };
    let reply = resource::update(call, request.sim, &request.body.raw, update, |tx, old, p| {
        unique_name(tx.store(), &path, p)?;
        cluster_versions(p, old.properties.get("k8sVersion").and_then(Value::as_str))
    })?;
    Ok(if call.v6 { reply } else { reply.with_status(StatusCode::OK) })
}

/// A cluster's name names it in the contract: another cluster cannot have it (the API
/// refuses a duplicate).
fn unique_name(store: Store, own: &str, properties: &Map<String, Value>) -> Result<(), ErrorReply> {
    let Some(name) = properties.get("name").and_then(Value::as_str) else { return Ok(()) };
    let taken = store
        .children("k8s")
        .into_iter()
        .any(|(p, e)| p != own && e.properties.get("name").and_then(Value::as_str) == Some(name));
    if taken {
        return Err(invalid("", "name", format!("must be unique: a cluster named '{name}' already exists")));
    }
    Ok(())
}

/// A cluster that still has node pools stays.
fn cascade(
    _: &CloudApiCall,
    world: &World,
    _: i64,
    path: &str,
    entry: &StoredObject,
) -> Result<Vec<String>, ErrorReply> {
    let pools = world.store().children(&format!("{path}/nodepools"));
    if pools.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = pools.iter().map(|(_, e)| e.id.as_str()).collect();
    Err(ErrorReply::validation(format!(
        "Kubernetes cluster {} still has node pools ({}): the node pools must be deleted first",
        entry.id,
        ids.join(", ")
    )))
}

/// The kubeconfig of cluster `name` (id `id`): YAML naming the cluster, its API server and
/// a token that opens nothing.
fn kubeconfig_yaml(id: &str, name: &str) -> String {
    let token = format!("emulator-{}", id.replace('-', ""));
    let config = json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": name, "cluster": {"server": format!("https://{id}.k8s.emulator.invalid:6443")}}],
        "contexts": [{"name": format!("cluster-admin@{name}"), "context": {"cluster": name, "user": "cluster-admin"}}],
        "current-context": format!("cluster-admin@{name}"),
        "users": [{"name": "cluster-admin", "user": {"token": token}}],
    });
    serde_yaml_ng::to_string(&config).unwrap_or_default()
}

/// `GET /k8s/{k8s_cluster_id}/kubeconfig`: YAML on v6, an object holding it on v5.
pub fn kubeconfig(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let path = request.object();
    let found = request
        .sim
        .read(|world, _| world.store().get(&path).map(|e| (e.id.clone(), text(&e.properties, "name").to_string())))?;
    let (id, name) = found.ok_or_else(ErrorReply::not_found)?;
    let yaml = kubeconfig_yaml(&id, &name);
    if call.v6 {
        return Ok(call.text("application/yaml", yaml));
    }
    let href = call.href(&format!("{path}/kubeconfig"));
    Ok(call.ok(json!({"id": id, "type": "kubeconfig", "href": href, "properties": {"kubeconfig": yaml}})))
}

/// Checks what a node pool's properties say about the rest of the world: its data center,
/// CPU family, LANs, version and autoscaling bounds.
fn check_pool(
    store: Store,
    cluster: &Map<String, Value>,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    let dc_id = text(properties, "datacenterId").to_string();
    let datacenter = store.get(&datacenter_path(&dc_id)).ok_or_else(|| {
        invalid("", "datacenterId", format!("must name a data center of the account (got '{dc_id}')"))
    })?;
    let location = text(&datacenter.properties, "location");
    let wanted = text(cluster, "location");
    if !wanted.is_empty() && wanted != location {
        return Err(invalid(
            "",
            "datacenterId",
            format!("must name a data center in the cluster's location {wanted} (it is in {location})"),
        ));
    }
    let offered: Vec<&str> = datacenter
        .properties
        .get("cpuArchitecture")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("cpuFamily").and_then(Value::as_str))
        .collect();
    let family = text(properties, "cpuFamily");
    if !offered.is_empty() && !offered.contains(&family) {
        return Err(invalid(
            "",
            "cpuFamily",
            format!(
                "must be a CPU family offered in the data center's location: {} (got '{family}')",
                offered.join(", ")
            ),
        ));
    }
    let lans = properties.get("lans").and_then(Value::as_array).cloned().unwrap_or_default();
    for lan in &lans {
        let id = lan.get("id").map(|id| id.to_string().trim_matches('"').to_string()).unwrap_or_default();
        if store.get(&format!("{}/lans/{id}", datacenter_path(&dc_id))).is_none() {
            return Err(invalid("", "lans", format!("must name LANs of data center {dc_id} (there is no LAN {id})")));
        }
    }
    let cluster_version = text(cluster, "k8sVersion").to_string();
    let version = properties.get("k8sVersion").and_then(Value::as_str).unwrap_or(&cluster_version).to_string();
    let viable: Vec<&str> = cluster
        .get("viableNodePoolVersions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !viable.contains(&version.as_str()) {
        return Err(invalid(
            "",
            "k8sVersion",
            format!("must be one the cluster allows: {} (got '{version}')", viable.join(", ")),
        ));
    }
    properties.insert("k8sVersion".into(), json!(version));
    properties.insert("availableUpgradeVersions".into(), json!(VERSIONS[rank(&version).map_or(0, |r| r + 1)..]));
    if let Some(scaling) = properties.get("autoScaling").filter(|s| s.as_object().is_some_and(|m| !m.is_empty())) {
        let bound = |name: &str| scaling.get(name).and_then(Value::as_i64);
        match (bound("minNodeCount"), bound("maxNodeCount")) {
            (Some(min), Some(max)) if min <= max => {}
            (Some(min), Some(max)) => {
                return Err(invalid(
                    "",
                    "autoScaling",
                    format!("must have minNodeCount ≤ maxNodeCount (got {min} and {max})"),
                ))
            }
            _ => return Err(invalid("", "autoScaling", "must have integer minNodeCount and maxNodeCount")),
        }
    }
    Ok(())
}

/// Adds or removes nodes of the node pool at `pool` (named `name`) until it has `count`, and
/// gives them all `version`.
fn resize(tx: &mut Mutation, pool: &str, properties: &Map<String, Value>) -> Result<(), ErrorReply> {
    let count = usize::try_from(properties.get("nodeCount").and_then(Value::as_i64).unwrap_or(0)).unwrap_or(0);
    let version = properties.get("k8sVersion").cloned().unwrap_or(json!(DEFAULT_VERSION));
    let name = text(properties, "name").to_string();
    let public: Vec<Value> = properties.get("publicIps").and_then(Value::as_array).cloned().unwrap_or_default();
    let collection = format!("{pool}/nodes");
    let existing: Vec<(String, Value)> = tx
        .store()
        .children(&collection)
        .into_iter()
        .map(|(p, e)| (p.to_string(), e.properties.get("k8sVersion").cloned().unwrap_or(Value::Null)))
        .collect();
    for (path, _) in existing.iter().skip(count).rev() {
        tx.unlink(path);
    }
    for (path, old) in existing.iter().take(count) {
        if *old != version {
            let version = version.clone();
            tx.change(path, |p| {
                p.insert("k8sVersion".into(), version);
            })?;
        }
    }
    let mut rng = rand::thread_rng();
    for index in existing.len()..count {
        let suffix: String =
            (0..5).map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[rng.gen_range(0..36)])).collect();
        let public_ip =
            public.get(index).cloned().unwrap_or_else(|| json!(format!("203.0.113.{}", rng.gen_range(2..254))));
        let mut node = Map::new();
        node.insert("name".into(), json!(format!("{name}-{suffix}")));
        node.insert("publicIP".into(), public_ip);
        node.insert("privateIP".into(), json!(format!("10.7.{}.{}", rng.gen_range(0..255), rng.gen_range(2..254))));
        node.insert("k8sVersion".into(), version.clone());
        tx.create(&child_path(pool, "nodes", &resource::new_id()), "node", node);
    }
    Ok(())
}

/// Checks a node pool body against its cluster and the data center it runs in, and creates
/// the pool with its nodes.
fn build_pool(tx: &mut Mutation, owner: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let cluster = resource::existing(tx.world, owner)?.properties.clone();
    let mut properties = check_create(&K8S_NODEPOOL, body, "")?.properties;
    check_pool(tx.store(), &cluster, &mut properties)?;
    properties.entry("serverType").or_insert(json!("DedicatedCore"));
    properties.entry("maintenanceWindow").or_insert_with(default_window);
    properties.entry("autoScaling").or_insert(json!({}));
    for name in ["lans", "publicIps"] {
        properties.entry(name).or_insert(json!([]));
    }
    for name in ["labels", "annotations"] {
        properties.entry(name).or_insert(json!({}));
    }
    let path = child_path(owner, "nodepools", &resource::new_id());
    let properties = in_field_order(&K8S_NODEPOOL, properties);
    tx.create(&path, "nodepool", properties.clone());
    resize(tx, &path, &properties)?;
    Ok(path)
}

/// `PUT /k8s/{k8s_cluster_id}/nodepools/{nodepool_id}`: `nodeCount` required, the rest kept;
/// nodes are added or removed to match.
pub fn replace_pool(request: &Request) -> Result<Reply, ErrorReply> {
    let given = resource::properties_of(&request.body.value, "")?;
    if !given.contains_key("nodeCount") && !given.contains_key("node_count") {
        return Err(invalid("", "nodeCount", "is required"));
    }
    let owner = cluster_path(request.param("k8s_cluster_id"));
    let path = request.path();
    let (call, sim, raw) = (request.call, request.sim, &request.body.raw);
    let given = Changes { described: given.clone(), kept: Map::new() };
    let update = Update { resource: &K8S_NODEPOOL, path: &path, given, unnamed: Unnamed::Kept };
    resource::update(call, sim, raw, update, |tx, _, properties| {
        let cluster = resource::existing(tx.world, &owner)?.properties.clone();
        check_pool(tx.store(), &cluster, properties)?;
        resize(tx, &path, properties)
    })
}

/// `POST .../nodes/{node_id}/replace`: the node is REBUILDING until its request is done.
pub fn replace_node(request: &Request) -> Result<Reply, ErrorReply> {
    let path = request.object();
    resource::accept(request.call, request.sim, &request.body.raw, |tx| {
        tx.target(&path)?;
        Ok(None)
    })
}
