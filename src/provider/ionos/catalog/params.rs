//! The path parameters operations share, each described once.

use crate::catalog::Param;

/// `{datacenter_id}`.
pub const DATACENTER_ID: Param = Param::Path { name: "datacenter_id", doc: "the data center's id" };
/// `{server_id}`.
pub const SERVER_ID: Param = Param::Path { name: "server_id", doc: "the server's id" };
/// `{volume_id}` of a data center's volume.
pub const VOLUME_ID: Param = Param::Path { name: "volume_id", doc: "the volume's id" };
/// `{volume_id}` of a volume attached to a server.
pub const ATTACHED_VOLUME_ID: Param = Param::Path { name: "volume_id", doc: "the attached volume's id" };
/// `{cdrom_id}`.
pub const CDROM_ID: Param = Param::Path { name: "cdrom_id", doc: "the attached CD-ROM's id" };
/// `{nic_id}`.
pub const NIC_ID: Param = Param::Path { name: "nic_id", doc: "the NIC's id" };
/// `{firewall_rule_id}`.
pub const FIREWALL_RULE_ID: Param = Param::Path { name: "firewall_rule_id", doc: "the firewall rule's id" };
/// `{lan_id}`.
pub const LAN_ID: Param = Param::NumberPath { name: "lan_id", doc: "the LAN's id (a number)" };
/// `{loadbalancer_id}`.
pub const LOADBALANCER_ID: Param = Param::Path { name: "loadbalancer_id", doc: "the load balancer's id" };
/// `{image_id}`.
pub const IMAGE_ID: Param = Param::Path { name: "image_id", doc: "the image's id" };
/// `{snapshot_id}`.
pub const SNAPSHOT_ID: Param = Param::Path { name: "snapshot_id", doc: "the snapshot's id" };
/// `{ipblock_id}`.
pub const IPBLOCK_ID: Param = Param::Path { name: "ipblock_id", doc: "the IP block's id" };
/// `{k8s_cluster_id}`.
pub const CLUSTER_ID: Param = Param::Path { name: "k8s_cluster_id", doc: "the cluster's id" };
/// `{nodepool_id}`.
pub const NODEPOOL_ID: Param = Param::Path { name: "nodepool_id", doc: "the node pool's id" };
/// `{node_id}`.
pub const NODE_ID: Param = Param::Path { name: "node_id", doc: "the node's id" };
/// `{pcc_id}`.
pub const PCC_ID: Param = Param::Path { name: "pcc_id", doc: "the cross-connect's id" };
/// `{user_id}`.
pub const USER_ID: Param = Param::Path { name: "user_id", doc: "the user's id" };
/// `{key_id}`.
pub const KEY_ID: Param = Param::Path { name: "key_id", doc: "the key's id (its access key)" };
/// `{backupunit_id}`.
pub const BACKUPUNIT_ID: Param = Param::Path { name: "backupunit_id", doc: "the backup unit's id" };
/// `{group_id}`.
pub const GROUP_ID: Param = Param::Path { name: "group_id", doc: "the group's id" };
/// `{resource_id}` of a shared resource.
pub const RESOURCE_ID: Param = Param::Path { name: "resource_id", doc: "the shared resource's id" };
/// `{region_id}`.
pub const REGION_ID: Param = Param::Path { name: "region_id", doc: "the country, e.g. de" };

pub use crate::provider::ionos::generated::params::*;
