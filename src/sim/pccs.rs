//! `/pccs`: private cross-connects joining LANs of several data centers. A LAN joins one by
//! setting its `pcc` property (`PATCH .../lans/{id}` with `{"pcc": id}`), which must name an
//! existing cross-connect, at most one LAN per data center (422 otherwise, see [`check_lan`]).
//! `peers` (the connected LANs) and `connectableDatacenters` are computed when shown (see
//! [`derived`](super::derived)): the connectable data centers are the account's data centers
//! that have no LAN on the cross-connect yet. A cross-connect with peers cannot be deleted
//! (422): disconnect the LANs first (`{"pcc": ""}`) or delete them.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::{Map, Value};

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::jobs::OnDone;
use super::resource::{self, check_create, child_path, in_field_order, invalid};
use super::state::Shared;
use super::store::Store;
use crate::provider::ionos::PCC;

/// The cross-connect routes.
pub fn routes() -> Router<Shared> {
    Router::new().route("/pccs", get(list).post(create)).route("/pccs/{id}", get(one).patch(patch).delete(delete))
}

fn path(id: &str) -> String {
    child_path("", "pccs", id)
}

/// The LANs connected to cross-connect `id`, with their paths.
pub fn peers<'a>(store: &'a Store, id: &str) -> Vec<(&'a str, &'a super::store::Entry)> {
    store
        .of_kind("lan")
        .into_iter()
        .filter(|(_, lan)| {
            lan.properties.get("pcc").and_then(Value::as_str).is_some_and(|p| p.eq_ignore_ascii_case(id))
        })
        .collect()
}

/// Checks the `pcc` of the LAN at `lan` (found at `at` in the body): it must name an
/// existing cross-connect that no other LAN of the same data center is on.
pub fn check_lan(store: &Store, lan: &str, properties: &Map<String, Value>, at: &str) -> Result<(), ApiError> {
    let Some(pcc) = properties.get("pcc").and_then(Value::as_str).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    if store.get(&path(pcc)).is_none() {
        return Err(invalid(at, "pcc", format!("must name a private cross-connect of the account (got '{pcc}')")));
    }
    let datacenter = lan.rsplitn(3, '/').nth(2).unwrap_or_default();
    let other = peers(store, pcc).into_iter().find(|(p, _)| *p != lan && p.starts_with(&format!("{datacenter}/")));
    if let Some((_, other)) = other {
        return Err(invalid(
            at,
            "pcc",
            format!("names cross-connect {pcc}, which LAN {} of this data center is already on", other.id),
        ));
    }
    Ok(())
}

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, "", "pccs", false)
}

async fn one(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &path(&id))
}

async fn create(call: Call, State(sim): State<Shared>, body: Body) -> Result<Reply, ApiError> {
    resource::accept(&call, &sim, &body.raw, OnDone::Nothing, |tx| {
        let properties = check_create(&PCC, &body.value, "")?.properties;
        let path = path(&resource::new_id());
        tx.create(&path, "pcc", in_field_order(&PCC, properties));
        Ok(Some(path))
    })
}

async fn patch(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::patch_of(&body.value, &PCC)?;
    resource::update(&call, &sim, &body.raw, &PCC, &path(&id), given, false, |_, _, _| Ok(()))
}

async fn delete(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &path(&id), |world, entry| {
        let connected: Vec<String> = peers(&world.store, &entry.id).iter().map(|(p, _)| p.to_string()).collect();
        if connected.is_empty() {
            Ok(Vec::new())
        } else {
            Err(ApiError::validation(format!(
                "Private cross-connect {} still has LANs connected ({}): set their pcc to \"\" or delete them first",
                entry.id,
                connected.join(", ")
            )))
        }
    })
}
