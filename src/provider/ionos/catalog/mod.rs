//! The IONOS Cloud API described for the catalog: its resource objects and its operations,
//! one file per family, with the classic SDK's function names and argument order.

pub(super) mod account;
pub(super) mod datacenters;
pub(super) mod images;
pub(super) mod ipblocks;
pub(super) mod k8s;
pub(super) mod lans;
pub(super) mod loadbalancers;
pub(super) mod locations;
pub(super) mod nics;
pub(super) mod options;
pub(super) mod params;
pub(super) mod requests;
pub(super) mod servers;
pub(super) mod users;
pub mod values;
pub(super) mod volumes;

pub(super) use super::generated::{
    applicationloadbalancers, flowlogs, labels, natgateways, networkloadbalancers, securitygroups, targetgroups,
    templates,
};
pub use account::{BACKUPUNIT, CONTRACT, PCC, S3KEY};
pub use datacenters::DATACENTER;
pub use images::{IMAGE, SNAPSHOT};
pub use ipblocks::IPBLOCK;
pub use k8s::{K8S_CLUSTER, K8S_NODEPOOL};
pub use lans::LAN;
pub use loadbalancers::LOADBALANCER;
pub use nics::{FIREWALL_RULE, NIC};
pub use securitygroups::SECURITYGROUP;
pub use servers::SERVER;
pub use users::{GROUP, SHARE, USER};
pub use volumes::VOLUME;

use crate::catalog::{Catalog, Operation, Resource};

/// Every CloudAPI resource object and operation ionosh knows.
pub static CATALOG: Catalog = Catalog {
    resources: &[
        RESOURCES,
        natgateways::RESOURCES,
        networkloadbalancers::RESOURCES,
        applicationloadbalancers::RESOURCES,
        targetgroups::RESOURCES,
        flowlogs::RESOURCES,
        labels::RESOURCES,
        templates::RESOURCES,
        securitygroups::RESOURCES,
    ],
    operations: &[
        OPERATIONS,
        natgateways::OPERATIONS,
        networkloadbalancers::OPERATIONS,
        applicationloadbalancers::OPERATIONS,
        targetgroups::OPERATIONS,
        flowlogs::OPERATIONS,
        labels::OPERATIONS,
        templates::OPERATIONS,
        securitygroups::OPERATIONS,
    ],
};

/// The resources of the classic SDK's families, kept by hand.
static RESOURCES: &[&Resource] = &[
    &datacenters::DATACENTER,
    &locations::LOCATION,
    &requests::REQUEST,
    &servers::SERVER,
    &volumes::VOLUME,
    &images::IMAGE,
    &images::SNAPSHOT,
    &ipblocks::IPBLOCK,
    &lans::LAN,
    &nics::NIC,
    &nics::FIREWALL_RULE,
    &loadbalancers::LOADBALANCER,
    &users::USER,
    &users::GROUP,
    &users::SHARE,
    &account::CONTRACT,
    &k8s::K8S_CLUSTER,
    &k8s::K8S_NODEPOOL,
    &account::PCC,
    &account::S3KEY,
    &account::BACKUPUNIT,
];

/// The operations of the classic SDK's families and their PUT variants, kept by hand.
static OPERATIONS: &[&Operation] = &[
    &datacenters::LIST_DATACENTERS,
    &datacenters::GET_DATACENTER,
    &datacenters::CREATE_DATACENTER,
    &datacenters::UPDATE_DATACENTER,
    &datacenters::DELETE_DATACENTER,
    &locations::LIST_LOCATIONS,
    &locations::GET_LOCATION,
    &requests::LIST_REQUESTS,
    &requests::GET_REQUEST,
    &servers::LIST_SERVERS,
    &servers::GET_SERVER,
    &servers::CREATE_SERVER,
    &servers::UPDATE_SERVER,
    &servers::DELETE_SERVER,
    &servers::GET_ATTACHED_VOLUMES,
    &servers::ATTACH_VOLUME,
    &servers::GET_ATTACHED_VOLUME,
    &servers::DETACH_VOLUME,
    &servers::GET_ATTACHED_CDROMS,
    &servers::ATTACH_CDROM,
    &servers::GET_ATTACHED_CDROM,
    &servers::DETACH_CDROM,
    &servers::REBOOT_SERVER,
    &servers::START_SERVER,
    &servers::STOP_SERVER,
    &servers::SUSPEND_SERVER,
    &servers::RESUME_SERVER,
    &servers::UPGRADE_SERVER,
    &servers::GET_SERVER_TOKEN,
    &servers::GET_SERVER_REMOTE_CONSOLE,
    &images::LIST_IMAGES,
    &images::GET_IMAGE,
    &images::UPDATE_IMAGE,
    &images::DELETE_IMAGE,
    &volumes::LIST_VOLUMES,
    &volumes::GET_VOLUME,
    &volumes::CREATE_VOLUME,
    &volumes::UPDATE_VOLUME,
    &volumes::DELETE_VOLUME,
    &volumes::CREATE_SNAPSHOT,
    &volumes::RESTORE_SNAPSHOT,
    &images::LIST_SNAPSHOTS,
    &images::GET_SNAPSHOT,
    &images::UPDATE_SNAPSHOT,
    &images::DELETE_SNAPSHOT,
    &ipblocks::LIST_IPBLOCKS,
    &ipblocks::GET_IPBLOCK,
    &ipblocks::RESERVE_IPBLOCK,
    &ipblocks::DELETE_IPBLOCK,
    &lans::LIST_LANS,
    &lans::CREATE_LAN,
    &lans::GET_LAN,
    &lans::GET_LAN_MEMBERS,
    &lans::ADD_LAN_MEMBER,
    &lans::UPDATE_LAN,
    &lans::DELETE_LAN,
    &nics::LIST_NICS,
    &nics::GET_NIC,
    &nics::CREATE_NIC,
    &nics::UPDATE_NIC,
    &nics::DELETE_NIC,
    &nics::GET_FIREWALL_RULES,
    &nics::GET_FIREWALL_RULE,
    &nics::CREATE_FIREWALL_RULE,
    &nics::UPDATE_FIREWALL_RULE,
    &nics::DELETE_FIREWALL_RULE,
    &loadbalancers::LIST_LOADBALANCERS,
    &loadbalancers::GET_LOADBALANCER,
    &loadbalancers::CREATE_LOADBALANCER,
    &loadbalancers::UPDATE_LOADBALANCER,
    &loadbalancers::DELETE_LOADBALANCER,
    &loadbalancers::GET_LOADBALANCER_MEMBERS,
    &loadbalancers::GET_LOADBALANCED_NIC,
    &loadbalancers::ADD_LOADBALANCED_NICS,
    &loadbalancers::REMOVE_LOADBALANCED_NIC,
    &users::LIST_GROUPS,
    &users::GET_GROUP,
    &users::CREATE_GROUP,
    &users::UPDATE_GROUP,
    &users::DELETE_GROUP,
    &users::LIST_SHARES,
    &users::GET_SHARE,
    &users::ADD_SHARE,
    &users::UPDATE_SHARE,
    &users::DELETE_SHARE,
    &users::LIST_USERS,
    &users::GET_USER,
    &users::CREATE_USER,
    &users::UPDATE_USER,
    &users::DELETE_USER,
    &users::LIST_GROUP_USERS,
    &users::ADD_GROUP_USER,
    &users::REMOVE_GROUP_USER,
    &users::LIST_RESOURCES,
    &users::GET_RESOURCE,
    &account::LIST_CONTRACTS,
    &k8s::LIST_K8S_CLUSTERS,
    &k8s::CREATE_K8S_CLUSTER,
    &k8s::GET_K8S_CLUSTER,
    &k8s::DELETE_K8S_CLUSTER,
    &k8s::GET_K8S_CONFIG,
    &k8s::LIST_K8S_CLUSTER_NODEPOOLS,
    &k8s::CREATE_K8S_CLUSTER_NODEPOOL,
    &k8s::GET_K8S_CLUSTER_NODEPOOL,
    &k8s::UPDATE_K8S_CLUSTER_NODEPOOL,
    &k8s::DELETE_K8S_CLUSTER_NODEPOOL,
    &account::LIST_PCCS,
    &account::CREATE_PCC,
    &account::GET_PCC,
    &account::UPDATE_PCC,
    &account::DELETE_PCC,
    &account::LIST_S3KEYS,
    &account::CREATE_S3KEY,
    &account::GET_S3KEY,
    &account::UPDATE_S3KEY,
    &account::DELETE_S3KEY,
    &account::GET_S3SSOURL,
    &account::LIST_BACKUPUNITS,
    &account::CREATE_BACKUPUNIT,
    &account::GET_BACKUPUNIT,
    &account::UPDATE_BACKUPUNIT,
    &account::DELETE_BACKUPUNIT,
    &account::GET_SSOURL,
    &locations::GET_API_INFO,
    &locations::LIST_LOCATIONS_IN_REGION,
    &datacenters::REPLACE_DATACENTER,
    &servers::REPLACE_SERVER,
    &volumes::REPLACE_VOLUME,
    &lans::REPLACE_LAN,
    &lans::GET_LAN_MEMBER,
    &loadbalancers::REPLACE_LOADBALANCER,
    &nics::REPLACE_NIC,
    &nics::REPLACE_FIREWALL_RULE,
    &images::REPLACE_IMAGE,
    &images::REPLACE_SNAPSHOT,
    &ipblocks::UPDATE_IPBLOCK,
    &ipblocks::REPLACE_IPBLOCK,
    &account::REPLACE_BACKUPUNIT,
    &users::LIST_USER_GROUPS,
    &users::LIST_USER_OWNS,
    &users::LIST_GROUP_RESOURCES,
    &k8s::UPDATE_K8S_CLUSTER,
    &k8s::LIST_K8S_VERSIONS,
    &k8s::GET_K8S_DEFAULT_VERSION,
    &k8s::LIST_K8S_NODES,
    &k8s::GET_K8S_NODE,
    &k8s::DELETE_K8S_NODE,
    &k8s::REPLACE_K8S_NODE,
];
