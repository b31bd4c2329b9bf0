//! The emulated NetFoundry API, served at the root of the emulator's listener beside the
//! CloudAPI, on the core's spine: its operations are answered by hooks (the identity and
//! authorization APIs, the core API's read-only catalogue, executions, registration keys) and
//! by the core's default answers with its families (networks and the objects inside them) in
//! its [`NetFoundryShape`]; every change goes through the core's change engine. Beside them:
//! the token endpoint, and `/_sim/` controls that enroll endpoints and edge routers as their
//! devices would.

mod account;
mod controls;
mod families;
mod kinds;
mod seed;
mod shape;

use axum::Router;
use serde_json::{json, Value};

use super::catalog::{self as nf, CATALOG};
use super::durations;
use crate::catalog::{Operation, Options, Typical};
use crate::sim::{Answers, Call, Emulation, ErrorReply, Handler, Hook, World};
use shape::NetFoundryShape;

/// The NetFoundry API's emulation.
#[derive(Debug, Default)]
pub struct NetFoundryEmulation;

/// The path roots the API lives under.
const ROOTS: &[&str] = &["/core/v2/", "/identity/v1/", "/auth/v1/", "/oauth2/", "/oauth/"];

/// Operations with semantics of their own: the account's and the catalogue's reads,
/// executions, registration keys.
static HOOKS: &[(&Operation, Hook<Call>)] = &[
    (&nf::CALLER, account::self_identity),
    (&nf::IDENTITIES, account::identities),
    (&nf::GET_IDENTITY, account::identity),
    (&nf::ORGANIZATIONS, account::organizations),
    (&nf::GET_ORGANIZATION, account::one_organization),
    (&nf::ROLES, account::roles),
    (&nf::GET_ROLE, account::one_role),
    (&nf::NETWORK_GROUP_LIST, account::network_groups),
    (&nf::GET_NETWORK_GROUP, account::one_network_group),
    (&nf::REGIONS, account::regions),
    (&nf::GET_REGION, account::one_region),
    (&nf::NETWORK_VERSIONS, account::network_versions),
    (&nf::EXECUTION_LIST, families::executions::list),
    (&nf::GET_EXECUTION, families::executions::one),
    (&nf::EDGE_ROUTER_REGISTRATION, families::registration::registration_key),
];

/// How every NetFoundry operation is answered.
static ANSWERS: Answers<NetFoundryShape> =
    Answers { shape: &NetFoundryShape, hooks: HOOKS, families: families::FAMILIES, catalog: &CATALOG };

impl Emulation for NetFoundryEmulation {
    fn prefixes(&self) -> &'static [&'static str] {
        &[""]
    }

    /// Every operation but the probes (`network_exists` reads what `network` serves).
    fn operations(&self) -> Vec<&'static Operation> {
        CATALOG.operations().filter(|op| !matches!(op.options, Options::Probe)).collect()
    }

    fn handler(&self, op: &'static Operation) -> Handler {
        ANSWERS.handler(op)
    }

    /// `{"errors": ["…"], "status": {"code", "label"}, "traceId"}`, as the core API answers.
    fn error_body(&self, error: &ErrorReply) -> Value {
        let label = error.status.canonical_reason().unwrap_or("ERROR").to_uppercase().replace([' ', '-'], "_");
        json!({
            "errors": [error.message],
            "status": { "code": error.status.as_u16(), "label": label },
            "traceId": uuid::Uuid::new_v4().simple().to_string(),
        })
    }

    fn typical(&self, op: &Operation, body: &Value) -> Typical {
        durations::typical(op, body).0
    }

    /// The account and catalogue are fixed, not stored: nothing to seed but what an older
    /// emulator stored its own way.
    fn seed(&self, world: &mut World) -> Result<(), ErrorReply> {
        seed::seed(world)
    }

    fn controls(&self) -> Router<crate::sim::Shared> {
        controls::routes()
    }

    fn serves(&self, path: &str) -> bool {
        ROOTS.iter().any(|root| path.starts_with(root) || path == root.trim_end_matches('/'))
    }

    fn public_paths(&self) -> &'static [&'static str] {
        &["/oauth2/token", "/oauth/token"]
    }
}
