//! The CloudAPI's emulator behaviour on the shared core (`crate::sim`): its routes are the
//! catalog's operations, each answered by a family hook where the API has semantics of its
//! own and by the generic handlers otherwise; the public image catalogue is its seed data;
//! image uploads and contract limits are its `/_sim/` controls. Served under `/cloudapi/v6`
//! and `/cloudapi/v5`.

mod addresses;
mod attachments;
mod backupunits;
mod call;
mod catalogue;
mod contract_control;
mod contracts;
mod datacenters;
mod derived;
mod family;
mod firewallrules;
mod flowlogs;
mod gateways;
mod groups;
mod images;
mod info;
mod ipblocks;
mod k8s;
mod labels;
mod lans;
mod loadbalancers;
mod locations;
mod nics;
mod paths;
mod pccs;
mod regions;
mod render;
mod requests;
mod resource;
mod s3keys;
mod servers;
mod shapes;
mod shapes_table;
mod shareable;
mod targetgroups;
mod templates;
mod uploads;
mod users;
mod volumes;

use axum::Router;
use serde_json::Value;

use super::catalog::{self as api, CATALOG};
use super::wire::{codes, ErrorBody};
use crate::catalog::{Operation, Typical};
use crate::sim::{Answers, Emulation, ErrorReply, Handler, World};
use family::{Family, Hook};
use resource::CloudApiShape;

/// The CloudAPI's emulation.
#[derive(Debug)]
pub struct CloudApiEmulation;

/// Operations with semantics of their own.
static HOOKS: &[(&Operation, Hook)] = &[
    (&api::locations::GET_API_INFO, info::info),
    (&api::locations::LIST_LOCATIONS, regions::list),
    (&api::locations::LIST_LOCATIONS_IN_REGION, regions::list_region),
    (&api::locations::GET_LOCATION, regions::one),
    (&api::requests::LIST_REQUESTS, requests::list),
    (&api::requests::GET_REQUEST, requests::one),
    (&api::account::LIST_CONTRACTS, contracts::list),
    (&api::servers::START_SERVER, servers::start),
    (&api::servers::STOP_SERVER, servers::stop),
    (&api::servers::REBOOT_SERVER, servers::reboot),
    (&api::servers::ATTACH_VOLUME, attachments::attach_volume_hook),
    (&api::servers::ATTACH_CDROM, attachments::attach_cdrom_hook),
    (&api::volumes::CREATE_SNAPSHOT, volumes::create_snapshot),
    (&api::volumes::RESTORE_SNAPSHOT, volumes::restore_snapshot),
    (&api::loadbalancers::ADD_LOADBALANCED_NICS, loadbalancers::add),
    (&api::users::LIST_USERS, users::list),
    (&api::users::LIST_USER_GROUPS, users::groups),
    (&api::users::LIST_USER_OWNS, users::owns),
    (&api::users::ADD_GROUP_USER, groups::add_member),
    (&api::users::LIST_GROUP_RESOURCES, groups::resources),
    (&api::users::LIST_SHARES, groups::shares),
    (&api::users::GET_SHARE, groups::share),
    (&api::users::ADD_SHARE, groups::add_share),
    (&api::users::UPDATE_SHARE, groups::change_share),
    (&api::users::LIST_RESOURCES, shareable::list),
    (&api::users::GET_RESOURCE, shareable::one),
    (&api::account::CREATE_S3KEY, s3keys::create),
    (&api::account::GET_S3KEY, s3keys::one),
    (&api::account::UPDATE_S3KEY, s3keys::replace),
    (&api::account::DELETE_S3KEY, s3keys::delete),
    (&api::account::GET_S3SSOURL, s3keys::sso_url),
    (&api::account::GET_SSOURL, backupunits::sso_url),
    (&api::k8s::UPDATE_K8S_CLUSTER, k8s::replace),
    (&api::k8s::LIST_K8S_VERSIONS, k8s::versions),
    (&api::k8s::GET_K8S_DEFAULT_VERSION, k8s::default_version),
    (&api::k8s::GET_K8S_CONFIG, k8s::kubeconfig),
    (&api::k8s::UPDATE_K8S_CLUSTER_NODEPOOL, k8s::replace_pool),
    (&api::k8s::REPLACE_K8S_NODE, k8s::replace_node),
    (&api::servers::SUSPEND_SERVER, servers::suspend),
    (&api::servers::RESUME_SERVER, servers::resume),
    (&api::servers::UPGRADE_SERVER, servers::upgrade),
    (&api::servers::GET_SERVER_TOKEN, servers::token),
    (&api::servers::GET_SERVER_REMOTE_CONSOLE, servers::remote_console),
    (&api::lans::ADD_LAN_MEMBER, lans::add_member),
    (&api::labels::LIST_LABELS, labels::list),
    (&api::labels::GET_LABEL, labels::one),
    (&api::labels::ADD_DATACENTER_LABEL, labels::add),
    (&api::labels::REPLACE_DATACENTER_LABEL, labels::replace),
    (&api::labels::DELETE_DATACENTER_LABEL, labels::delete),
    (&api::labels::ADD_SERVER_LABEL, labels::add),
    (&api::labels::REPLACE_SERVER_LABEL, labels::replace),
    (&api::labels::DELETE_SERVER_LABEL, labels::delete),
    (&api::labels::ADD_VOLUME_LABEL, labels::add),
    (&api::labels::REPLACE_VOLUME_LABEL, labels::replace),
    (&api::labels::DELETE_VOLUME_LABEL, labels::delete),
    (&api::labels::ADD_IPBLOCK_LABEL, labels::add),
    (&api::labels::REPLACE_IPBLOCK_LABEL, labels::replace),
    (&api::labels::DELETE_IPBLOCK_LABEL, labels::delete),
    (&api::labels::ADD_SNAPSHOT_LABEL, labels::add),
    (&api::labels::REPLACE_SNAPSHOT_LABEL, labels::replace),
    (&api::labels::DELETE_SNAPSHOT_LABEL, labels::delete),
];

/// The resource families with behaviour of their own; the others are handled by their
/// descriptions alone.
static FAMILIES: &[&Family] = &[
    &datacenters::DATACENTERS,
    &servers::SERVERS,
    &volumes::VOLUMES,
    &images::IMAGES,
    &ipblocks::IPBLOCKS,
    &lans::LANS,
    &nics::NICS,
    &firewallrules::FIREWALL_RULES,
    &loadbalancers::LOADBALANCERS,
    &users::USERS,
    &groups::GROUPS,
    &backupunits::BACKUPUNITS,
    &pccs::PCCS,
    &k8s::CLUSTERS,
    &k8s::NODEPOOLS,
    &gateways::NATGATEWAYS,
    &gateways::NATGATEWAY_RULES,
    &gateways::NETWORKLOADBALANCERS,
    &gateways::NETWORKLOADBALANCER_RULES,
    &gateways::APPLICATIONLOADBALANCERS,
    &gateways::APPLICATIONLOADBALANCER_RULES,
    &targetgroups::TARGETGROUPS,
    &flowlogs::FLOWLOGS,
];

/// How every CloudAPI operation is answered.
static ANSWERS: Answers<CloudApiShape> =
    Answers { shape: &CloudApiShape, hooks: HOOKS, families: FAMILIES, catalog: &CATALOG };

impl Emulation for CloudApiEmulation {
    fn prefixes(&self) -> &'static [&'static str] {
        &[call::V6, call::V5]
    }

    fn operations(&self) -> Vec<&'static Operation> {
        CATALOG.operations().collect()
    }

    fn typical(&self, op: &Operation, body: &Value) -> Typical {
        super::durations::typical(op, body).0
    }

    fn handler(&self, op: &'static Operation) -> Handler {
        ANSWERS.handler(op)
    }

    fn error_body(&self, error: &ErrorReply) -> Value {
        let status = error.status.as_u16();
        let code = match status {
            400 => codes::PARSE,
            401 => codes::UNAUTHORIZED,
            403 => codes::FORBIDDEN,
            404 => codes::NOT_FOUND,
            405 => codes::METHOD,
            415 => codes::CONTENT_TYPE,
            422 => codes::VALIDATION,
            429 => codes::RATE_LIMIT,
            _ => error.status.as_str(),
        };
        serde_json::to_value(ErrorBody::new(status, code, error.message.clone())).unwrap_or_default()
    }

    fn seed(&self, world: &mut World) -> Result<(), ErrorReply> {
        catalogue::seed(world)?;
        templates::seed(world)
    }

    fn controls(&self) -> Router<crate::sim::Shared> {
        uploads::routes().merge(contract_control::routes())
    }
}
