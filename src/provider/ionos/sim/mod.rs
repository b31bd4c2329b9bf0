//! The CloudAPI's emulator behaviour on the shared core (`crate::sim`): its routes are the
//! catalog's operations, each answered by a family hook where the API has semantics of its
//! own and by the generic handlers otherwise; the public image catalogue is its seed data;
//! image uploads and contract limits are its `/_sim/` controls. Served under `/cloudapi/v6`
//! and `/cloudapi/v5`.

mod controls;
mod families;
mod seed;
mod shape;

/// How the APIs write dates and build JSON objects: the product APIs' emulation writes them
/// as the CloudAPI's does.
pub(in crate::provider::ionos) use shape::render::{date, object};

/// The emulated contract's number, which the product APIs' resource names (URNs) carry too.
pub(in crate::provider::ionos) const CONTRACT_NUMBER: i64 = families::contracts::NUMBER;

use axum::Router;
use serde_json::Value;

use super::catalog::{self as api, CATALOG};
use super::wire::{codes, ErrorBody};
use crate::catalog::{Operation, Typical};
use crate::sim::{Answers, Emulation, ErrorReply, Handler, World};
use families::family::{Family, Hook};
use shape::resource::CloudApiShape;

/// The CloudAPI's emulation.
#[derive(Debug)]
pub struct CloudApiEmulation;

/// Operations with semantics of their own.
static HOOKS: &[(&Operation, Hook)] = &[
    (&api::locations::GET_API_INFO, families::info::info),
    (&api::locations::LIST_LOCATIONS, families::locations::list),
    (&api::locations::LIST_LOCATIONS_IN_REGION, families::locations::list_region),
    (&api::locations::GET_LOCATION, families::locations::one),
    (&api::requests::LIST_REQUESTS, families::requests::list),
    (&api::requests::GET_REQUEST, families::requests::one),
    (&api::account::LIST_CONTRACTS, families::contracts::list),
    (&api::servers::START_SERVER, families::servers::start),
    (&api::servers::STOP_SERVER, families::servers::stop),
    (&api::servers::REBOOT_SERVER, families::servers::reboot),
    (&api::servers::ATTACH_VOLUME, families::attachments::attach_volume_hook),
    (&api::servers::ATTACH_CDROM, families::attachments::attach_cdrom_hook),
    (&api::volumes::CREATE_SNAPSHOT, families::volumes::create_snapshot),
    (&api::volumes::RESTORE_SNAPSHOT, families::volumes::restore_snapshot),
    (&api::loadbalancers::ADD_LOADBALANCED_NICS, families::loadbalancers::add),
    (&api::users::LIST_USERS, families::users::list),
    (&api::users::LIST_USER_GROUPS, families::users::groups),
    (&api::users::LIST_USER_OWNS, families::users::owns),
    (&api::users::ADD_GROUP_USER, families::groups::add_member),
    (&api::users::LIST_GROUP_RESOURCES, families::groups::resources),
    (&api::users::LIST_SHARES, families::groups::shares),
    (&api::users::GET_SHARE, families::groups::share),
    (&api::users::ADD_SHARE, families::groups::add_share),
    (&api::users::UPDATE_SHARE, families::groups::change_share),
    (&api::users::LIST_RESOURCES, families::shareable::list),
    (&api::users::GET_RESOURCE, families::shareable::one),
    (&api::account::CREATE_S3KEY, families::s3keys::create),
    (&api::account::GET_S3KEY, families::s3keys::one),
    (&api::account::UPDATE_S3KEY, families::s3keys::replace),
    (&api::account::DELETE_S3KEY, families::s3keys::delete),
    (&api::account::GET_S3SSOURL, families::s3keys::sso_url),
    (&api::account::GET_SSOURL, families::backupunits::sso_url),
    (&api::k8s::UPDATE_K8S_CLUSTER, families::k8s::replace),
    (&api::k8s::LIST_K8S_VERSIONS, families::k8s::versions),
    (&api::k8s::GET_K8S_DEFAULT_VERSION, families::k8s::default_version),
    (&api::k8s::GET_K8S_CONFIG, families::k8s::kubeconfig),
    (&api::k8s::UPDATE_K8S_CLUSTER_NODEPOOL, families::k8s::replace_pool),
    (&api::k8s::REPLACE_K8S_NODE, families::k8s::replace_node),
    (&api::servers::SUSPEND_SERVER, families::servers::suspend),
    (&api::servers::RESUME_SERVER, families::servers::resume),
    (&api::servers::UPGRADE_SERVER, families::servers::upgrade),
    (&api::servers::GET_SERVER_TOKEN, families::servers::token),
    (&api::servers::GET_SERVER_REMOTE_CONSOLE, families::servers::remote_console),
    (&api::lans::ADD_LAN_MEMBER, families::lans::add_member),
    (&api::labels::LIST_LABELS, families::labels::list),
    (&api::labels::GET_LABEL, families::labels::one),
    (&api::labels::ADD_DATACENTER_LABEL, families::labels::add),
    (&api::labels::REPLACE_DATACENTER_LABEL, families::labels::replace),
    (&api::labels::DELETE_DATACENTER_LABEL, families::labels::delete),
    (&api::labels::ADD_SERVER_LABEL, families::labels::add),
    (&api::labels::REPLACE_SERVER_LABEL, families::labels::replace),
    (&api::labels::DELETE_SERVER_LABEL, families::labels::delete),
    (&api::labels::ADD_VOLUME_LABEL, families::labels::add),
    (&api::labels::REPLACE_VOLUME_LABEL, families::labels::replace),
    (&api::labels::DELETE_VOLUME_LABEL, families::labels::delete),
    (&api::labels::ADD_IPBLOCK_LABEL, families::labels::add),
    (&api::labels::REPLACE_IPBLOCK_LABEL, families::labels::replace),
    (&api::labels::DELETE_IPBLOCK_LABEL, families::labels::delete),
    (&api::labels::ADD_SNAPSHOT_LABEL, families::labels::add),
    (&api::labels::REPLACE_SNAPSHOT_LABEL, families::labels::replace),
    (&api::labels::DELETE_SNAPSHOT_LABEL, families::labels::delete),
    (&api::securitygroups::SET_SERVER_SECURITYGROUPS, families::securitygroups::set),
    (&api::securitygroups::SET_NIC_SECURITYGROUPS, families::securitygroups::set),
    (&api::labels::ADD_IMAGE_LABEL, families::labels::add),
    (&api::labels::REPLACE_IMAGE_LABEL, families::labels::replace),
    (&api::labels::DELETE_IMAGE_LABEL, families::labels::delete),
];

/// The resource families with behaviour of their own; the others are handled by their
/// descriptions alone.
static FAMILIES: &[&Family] = &[
    &families::datacenters::DATACENTERS,
    &families::servers::SERVERS,
    &families::volumes::VOLUMES,
    &families::images::IMAGES,
    &families::ipblocks::IPBLOCKS,
    &families::lans::LANS,
    &families::nics::NICS,
    &families::firewallrules::FIREWALL_RULES,
    &families::loadbalancers::LOADBALANCERS,
    &families::users::USERS,
    &families::groups::GROUPS,
    &families::backupunits::BACKUPUNITS,
    &families::pccs::PCCS,
    &families::k8s::CLUSTERS,
    &families::k8s::NODEPOOLS,
    &families::gateways::NATGATEWAYS,
    &families::gateways::NATGATEWAY_RULES,
    &families::gateways::NETWORKLOADBALANCERS,
    &families::gateways::NETWORKLOADBALANCER_RULES,
    &families::gateways::APPLICATIONLOADBALANCERS,
    &families::gateways::APPLICATIONLOADBALANCER_RULES,
    &families::targetgroups::TARGETGROUPS,
    &families::flowlogs::FLOWLOGS,
    &families::securitygroups::SECURITYGROUPS,
];

/// How every CloudAPI operation is answered.
static ANSWERS: Answers<CloudApiShape> =
    Answers { shape: &CloudApiShape, hooks: HOOKS, families: FAMILIES, catalog: &CATALOG };

impl Emulation for CloudApiEmulation {
    fn prefixes(&self) -> &'static [&'static str] {
        &[shape::call::V6, shape::call::V5]
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
        seed::public_images::seed(world)?;
        seed::cube_templates::seed(world)
    }

    fn controls(&self) -> Router<crate::sim::Shared> {
        controls::image_uploads::routes().merge(controls::contract_limits::routes())
    }
}
