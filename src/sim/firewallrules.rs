//! Firewall rules of a NIC: create, get, list, replace, patch (the protocol is fixed once
//! created; ports and ICMP fields must fit it), delete. The direction `type` is INGRESS
//! unless given.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::jobs::OnDone;
use super::resource::{self, check_create, child_path, datacenter_path, in_field_order};
use super::state::Shared;
use super::tx::Tx;
use crate::provider::ionos::FIREWALL_RULE;

/// The firewall rule routes.
pub fn routes() -> Router<Shared> {
    const RULES: &str = "/datacenters/{dc}/servers/{server}/nics/{nic}/firewallrules";
    Router::new()
        .route(RULES, get(list).post(create))
        .route(&format!("{RULES}/{{id}}"), get(one).put(replace).patch(patch).delete(delete))
}

fn nic_path(dc: &str, server: &str, nic: &str) -> String {
    child_path(&child_path(&datacenter_path(dc), "servers", server), "nics", nic)
}

fn path(dc: &str, server: &str, nic: &str, id: &str) -> String {
    child_path(&nic_path(dc, server, nic), "firewallrules", id)
}

/// Checks a firewall rule body found at `at` and creates the rule on the NIC at `nic`;
/// returns its path.
pub fn build(tx: &mut Tx, nic: &str, body: &Value, at: &str) -> Result<String, ApiError> {
    let mut properties = check_create(&FIREWALL_RULE, body, at)?.properties;
    properties.entry("type").or_insert_with(|| json!("INGRESS"));
    let path = child_path(nic, "firewallrules", &resource::new_id());
    tx.create(&path, "firewall-rule", in_field_order(&FIREWALL_RULE, properties));
    Ok(path)
}

type RulePath = Path<(String, String, String, String)>;
type NicPath = Path<(String, String, String)>;

async fn list(call: Call, State(sim): State<Shared>, Path((dc, server, nic)): NicPath) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, &nic_path(&dc, &server, &nic), "firewallrules", true)
}

async fn one(call: Call, State(sim): State<Shared>, Path((dc, server, nic, id)): RulePath) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &path(&dc, &server, &nic, &id))
}

async fn create(
    call: Call,
    State(sim): State<Shared>,
    Path((dc, server, nic)): NicPath,
    body: Body,
) -> Result<Reply, ApiError> {
    let nic = nic_path(&dc, &server, &nic);
    resource::accept(&call, &sim, &body.raw, OnDone::Nothing, |tx| {
        resource::existing(tx.world, &nic)?;
        build(tx, &nic, &body.value, "").map(Some)
    })
}

async fn replace(
    call: Call,
    State(sim): State<Shared>,
    Path((dc, server, nic, id)): RulePath,
    body: Body,
) -> Result<Reply, ApiError> {
    let given = resource::properties_of(&body.value, "")?;
    let rule = path(&dc, &server, &nic, &id);
    resource::update(&call, &sim, &body.raw, &FIREWALL_RULE, &rule, given, true, |_, _, _| Ok(()))
}

async fn patch(
    call: Call,
    State(sim): State<Shared>,
    Path((dc, server, nic, id)): RulePath,
    body: Body,
) -> Result<Reply, ApiError> {
    let given = resource::patch_of(&body.value, &FIREWALL_RULE)?;
    let rule = path(&dc, &server, &nic, &id);
    resource::update(&call, &sim, &body.raw, &FIREWALL_RULE, &rule, given, false, |_, _, _| Ok(()))
}

async fn delete(
    call: Call,
    State(sim): State<Shared>,
    Path((dc, server, nic, id)): RulePath,
) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &path(&dc, &server, &nic, &id), |_, _| Ok(Vec::new()))
}
