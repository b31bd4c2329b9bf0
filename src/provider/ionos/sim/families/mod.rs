//! The CloudAPI's resource families and the operations with semantics of their own: what each
//! adds to the core's default answers (building, checking, cascading) or answers itself.

pub(super) mod addresses;
pub(super) mod attachments;
pub(super) mod backupunits;
pub(super) mod contracts;
pub(super) mod datacenters;
pub(super) mod family;
pub(super) mod firewallrules;
pub(super) mod flowlogs;
pub(super) mod gateways;
pub(super) mod groups;
pub(super) mod images;
pub(super) mod info;
pub(super) mod ipblocks;
pub(super) mod k8s;
pub(super) mod labels;
pub(super) mod lans;
pub(super) mod loadbalancers;
pub(super) mod locations;
pub(super) mod nics;
pub(super) mod pccs;
pub(super) mod requests;
pub(super) mod s3keys;
pub(super) mod securitygroups;
pub(super) mod servers;
pub(super) mod shareable;
pub(super) mod targetgroups;
pub(super) mod users;
pub(super) mod volumes;
