//! Managed Kubernetes: clusters, their node pools, and kubeconfigs.

use super::options;
use super::params::{CLUSTER_ID, NODEPOOL_ID, NODE_ID};
use super::values::{K8S_NAME, SERVER_ZONES};
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource, Rule};

/// A Kubernetes cluster.
pub static K8S_CLUSTER: Resource = Resource {
    name: "K8sCluster",
    api_type: "k8s",
    doc: "A managed Kubernetes control plane; it goes DEPLOYING → ACTIVE",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the cluster's name").required().rule(Rule::Pattern(&K8S_NAME)),
        Field::new("k8sVersion", "k8s_version", FieldType::Str, "Kubernetes version, e.g. 1.29.5"),
        Field::new(
            "maintenanceWindow",
            "maintenance_window",
            FieldType::Map,
            "#{ dayOfTheWeek: \"Monday\", time: \"17:00:00\" }",
        ),
        Field::new("public", "public", FieldType::Bool, "nodes get public IPs").create_only(),
        Field::new("location", "location", FieldType::Str, "where a private cluster runs").create_only(),
        Field::new("natGatewayIp", "nat_gateway_ip", FieldType::Str, "NAT gateway of a private cluster").create_only(),
        Field::new("nodeSubnet", "node_subnet", FieldType::Str, "node subnet of a private cluster").create_only(),
        Field::new("apiSubnetAllowList", "api_subnet_allow_list", FieldType::StrList, "subnets that may reach the API"),
        Field::new("s3Buckets", "s3_buckets", FieldType::Maps, "buckets for logs: [#{ name }]"),
        Field::new(
            "availableUpgradeVersions",
            "available_upgrade_versions",
            FieldType::StrList,
            "versions to upgrade to",
        )
        .read_only(),
        Field::new(
            "viableNodePoolVersions",
            "viable_node_pool_versions",
            FieldType::StrList,
            "versions node pools may run",
        )
        .read_only(),
    ],
    checks: &[],
};

/// A node pool of a Kubernetes cluster.
pub static K8S_NODEPOOL: Resource = Resource {
    name: "K8sNodePool",
    api_type: "nodepool",
    doc: "Worker nodes of a cluster in one data center; it goes DEPLOYING → ACTIVE",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the node pool's name").required().rule(Rule::Pattern(&K8S_NAME)),
        Field::new("datacenterId", "datacenter_id", FieldType::Str, "the data center the nodes run in")
            .required()
            .create_only(),
        Field::new("nodeCount", "node_count", FieldType::Int, "number of nodes").required(),
        Field::new("cpuFamily", "cpu_family", FieldType::Str, "CPU type of the nodes, one the location offers")
            .required()
            .create_only(),
        Field::new(
            "serverType",
            "server_type",
            FieldType::Enum(&["DedicatedCore", "VCPU"]),
            "kind of servers the nodes are",
        )
        .create_only(),
        Field::new("coresCount", "cores_count", FieldType::Int, "cores per node").required().create_only(),
        Field::new("ramSize", "ram_size", FieldType::Int, "RAM per node in MB: a multiple of 1024, at least 2048")
            .required()
            .create_only()
            .rule(Rule::MultipleOf { step: 1024, min: 2048 }),
        Field::new("availabilityZone", "availability_zone", FieldType::Enum(SERVER_ZONES), "zone of the nodes")
            .required()
            .create_only(),
        Field::new("storageType", "storage_type", FieldType::Enum(&["HDD", "SSD"]), "volume type of the nodes")
            .required()
            .create_only(),
        Field::new("storageSize", "storage_size", FieldType::Int, "volume size per node in GB, more than 10")
            .required()
            .create_only()
            .rule(Rule::Range(11, i64::MAX)),
        Field::new("k8sVersion", "k8s_version", FieldType::Str, "Kubernetes version of the nodes"),
        Field::new(
            "availableUpgradeVersions",
            "available_upgrade_versions",
            FieldType::StrList,
            "versions the nodes may upgrade to",
        )
        .read_only(),
        Field::new(
            "maintenanceWindow",
            "maintenance_window",
            FieldType::Map,
            "#{ dayOfTheWeek: \"Monday\", time: \"17:00:00\" }",
        ),
        Field::new("autoScaling", "auto_scaling", FieldType::Map, "#{ minNodeCount: 1, maxNodeCount: 3 }"),
        Field::new("lans", "lan_ids", FieldType::RefList, "ids of extra LANs attached to the nodes"),
        Field::new("labels", "labels", FieldType::Map, "labels put on the nodes"),
        Field::new("annotations", "annotations", FieldType::Map, "annotations put on the nodes"),
        Field::new("publicIps", "public_ips", FieldType::StrList, "reserved IPs for the nodes"),
        Field::new("gatewayIp", "gateway_ip", FieldType::Str, "v5: the node pool's gateway address"),
    ],
    checks: &[],
};

/// `list_k8s_clusters([options])`.
pub static LIST_K8S_CLUSTERS: Operation = Operation {
    name: "list_k8s_clusters",
    doc: "Lists the account's Kubernetes clusters.",
    method: Method::Get,
    path: "/k8s",
    params: &[],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_k8s_cluster(name[, options])`.
pub static CREATE_K8S_CLUSTER: Operation = Operation {
    name: "create_k8s_cluster",
    doc: "Creates a Kubernetes cluster; wait for metadata.state ACTIVE with wait_for.",
    method: Method::Post,
    path: "/k8s",
    params: &[Param::Field { name: "name", doc: "the cluster's name" }],
    options: Options::Fields(&K8S_CLUSTER),
    creates: true,
};

/// `get_k8s_cluster(k8s_cluster_id[, options])`.
pub static GET_K8S_CLUSTER: Operation = Operation {
    name: "get_k8s_cluster",
    doc: "Gets one Kubernetes cluster.",
    method: Method::Get,
    path: "/k8s/{k8s_cluster_id}",
    params: &[CLUSTER_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `delete_k8s_cluster(k8s_cluster_id)`.
pub static DELETE_K8S_CLUSTER: Operation = Operation {
    name: "delete_k8s_cluster",
    doc: "Deletes a Kubernetes cluster (its node pools must be deleted first).",
    method: Method::Delete,
    path: "/k8s/{k8s_cluster_id}",
    params: &[CLUSTER_ID],
    options: Options::None,
    creates: false,
};

/// `get_k8s_config(k8s_cluster_id)`.
pub static GET_K8S_CONFIG: Operation = Operation {
    name: "get_k8s_config",
    doc: "Gets a cluster's kubeconfig (YAML text on v6).",
    method: Method::Get,
    path: "/k8s/{k8s_cluster_id}/kubeconfig",
    params: &[CLUSTER_ID],
    options: Options::None,
    creates: false,
};

/// `list_k8s_cluster_nodepools(k8s_cluster_id[, options])`.
pub static LIST_K8S_CLUSTER_NODEPOOLS: Operation = Operation {
    name: "list_k8s_cluster_nodepools",
    doc: "Lists the node pools of a cluster.",
    method: Method::Get,
    path: "/k8s/{k8s_cluster_id}/nodepools",
    params: &[CLUSTER_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_k8s_cluster_nodepool(k8s_cluster_id, name, datacenter_id, node_count, cpu_family,
/// cores_count, ram_size, availability_zone, storage_type, storage_size[, options])`, the classic
/// SDK's positional signature.
pub static CREATE_K8S_CLUSTER_NODEPOOL: Operation = Operation {
    name: "create_k8s_cluster_nodepool",
    doc: "Creates a node pool in a cluster; wait for metadata.state ACTIVE with wait_for.",
    method: Method::Post,
    path: "/k8s/{k8s_cluster_id}/nodepools",
    params: &[
        CLUSTER_ID,
        Param::Field { name: "name", doc: "the node pool's name" },
        Param::Field { name: "datacenter_id", doc: "the data center the nodes run in" },
        Param::Field { name: "node_count", doc: "number of nodes" },
        Param::Field { name: "cpu_family", doc: "CPU type, e.g. INTEL_XEON" },
        Param::Field { name: "cores_count", doc: "cores per node" },
        Param::Field { name: "ram_size", doc: "RAM per node in MB (at least 2048)" },
        Param::Field { name: "availability_zone", doc: "AUTO, ZONE_1 or ZONE_2" },
        Param::Field { name: "storage_type", doc: "HDD or SSD" },
        Param::Field { name: "storage_size", doc: "volume size per node in GB (more than 10)" },
    ],
    options: Options::Fields(&K8S_NODEPOOL),
    creates: true,
};

/// `get_k8s_cluster_nodepool(k8s_cluster_id, nodepool_id[, options])`.
pub static GET_K8S_CLUSTER_NODEPOOL: Operation = Operation {
    name: "get_k8s_cluster_nodepool",
    doc: "Gets one node pool.",
    method: Method::Get,
    path: "/k8s/{k8s_cluster_id}/nodepools/{nodepool_id}",
    params: &[CLUSTER_ID, NODEPOOL_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `update_k8s_cluster_nodepool(k8s_cluster_id, nodepool_id, node_count[, options])`.
pub static UPDATE_K8S_CLUSTER_NODEPOOL: Operation = Operation {
    name: "update_k8s_cluster_nodepool",
    doc: "Resizes a node pool and changes its maintenance window, autoscaling, LANs, labels or annotations.",
    method: Method::Put,
    path: "/k8s/{k8s_cluster_id}/nodepools/{nodepool_id}",
    params: &[CLUSTER_ID, NODEPOOL_ID, Param::Field { name: "node_count", doc: "number of nodes" }],
    options: Options::Fields(&K8S_NODEPOOL),
    creates: false,
};

/// `delete_k8s_cluster_nodepool(k8s_cluster_id, nodepool_id)`.
pub static DELETE_K8S_CLUSTER_NODEPOOL: Operation = Operation {
    name: "delete_k8s_cluster_nodepool",
    doc: "Deletes a node pool and its nodes.",
    method: Method::Delete,
    path: "/k8s/{k8s_cluster_id}/nodepools/{nodepool_id}",
    params: &[CLUSTER_ID, NODEPOOL_ID],
    options: Options::None,
    creates: false,
};

/// `update_k8s_cluster(k8s_cluster_id, cluster)`.
pub static UPDATE_K8S_CLUSTER: Operation = Operation {
    name: "update_k8s_cluster",
    doc: "Changes a cluster's name, version or maintenance window.",
    method: Method::Put,
    path: "/k8s/{k8s_cluster_id}",
    params: &[CLUSTER_ID, Param::Body { name: "cluster", resource: &K8S_CLUSTER }],
    options: Options::None,
    creates: false,
};

/// `list_k8s_versions()`.
pub static LIST_K8S_VERSIONS: Operation = Operation {
    name: "list_k8s_versions",
    doc: "Lists the Kubernetes versions offered.",
    method: Method::Get,
    path: "/k8s/versions",
    params: &[],
    options: Options::None,
    creates: false,
};

/// `get_k8s_default_version()`.
pub static GET_K8S_DEFAULT_VERSION: Operation = Operation {
    name: "get_k8s_default_version",
    doc: "Gets the Kubernetes version clusters get by default.",
    method: Method::Get,
    path: "/k8s/versions/default",
    params: &[],
    options: Options::None,
    creates: false,
};

/// `list_k8s_nodes(k8s_cluster_id, nodepool_id)`.
pub static LIST_K8S_NODES: Operation = Operation {
    name: "list_k8s_nodes",
    doc: "Lists a node pool's nodes.",
    method: Method::Get,
    path: "/k8s/{k8s_cluster_id}/nodepools/{nodepool_id}/nodes",
    params: &[CLUSTER_ID, NODEPOOL_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `get_k8s_node(k8s_cluster_id, nodepool_id, node_id)`.
pub static GET_K8S_NODE: Operation = Operation {
    name: "get_k8s_node",
    doc: "Gets one node of a node pool.",
    method: Method::Get,
    path: "/k8s/{k8s_cluster_id}/nodepools/{nodepool_id}/nodes/{node_id}",
    params: &[CLUSTER_ID, NODEPOOL_ID, NODE_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `delete_k8s_node(k8s_cluster_id, nodepool_id, node_id)`.
pub static DELETE_K8S_NODE: Operation = Operation {
    name: "delete_k8s_node",
    doc: "Deletes a node; the node pool does not replace it.",
    method: Method::Delete,
    path: "/k8s/{k8s_cluster_id}/nodepools/{nodepool_id}/nodes/{node_id}",
    params: &[CLUSTER_ID, NODEPOOL_ID, NODE_ID],
    options: Options::None,
    creates: false,
};

/// `replace_k8s_node(k8s_cluster_id, nodepool_id, node_id)`.
pub static REPLACE_K8S_NODE: Operation = Operation {
    name: "replace_k8s_node",
    doc: "Rebuilds a node.",
    method: Method::Post,
    path: "/k8s/{k8s_cluster_id}/nodepools/{nodepool_id}/nodes/{node_id}/replace",
    params: &[CLUSTER_ID, NODEPOOL_ID, NODE_ID],
    options: Options::None,
    creates: false,
};
