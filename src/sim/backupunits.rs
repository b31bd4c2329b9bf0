//! `/backupunits`: storage for volume backups, and `/backupunits/{id}/ssourl`. The name is
//! letters and digits (the catalog's rule), unique (422) and fixed once created; the password
//! is never stored, so no answer shows it, and the request log masks it as `***` (see
//! [`Call::new_request`]). PUT replaces the e-mail, PATCH changes what it names.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::jobs::OnDone;
use super::resource::{self, check_create, child_path, in_field_order, invalid};
use super::state::Shared;
use super::store::Store;
use crate::provider::ionos::BACKUPUNIT;

/// The backup unit routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/backupunits", get(list).post(create))
        .route("/backupunits/{id}", get(one).put(replace).patch(patch).delete(delete))
        .route("/backupunits/{id}/ssourl", get(sso_url))
}

fn path(id: &str) -> String {
    child_path("", "backupunits", id)
}

fn check_unique(store: &Store, properties: &Map<String, Value>) -> Result<(), ApiError> {
    let name = properties.get("name").and_then(Value::as_str).unwrap_or_default();
    let taken = store
        .children("backupunits")
        .into_iter()
        .any(|(_, e)| e.properties.get("name").and_then(Value::as_str).is_some_and(|n| n.eq_ignore_ascii_case(name)));
    if taken {
        return Err(invalid("", "name", format!("must be unique: a backup unit named '{name}' already exists")));
    }
    Ok(())
}

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, "", "backupunits", false)
}

async fn one(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &path(&id))
}

async fn create(call: Call, State(sim): State<Shared>, body: Body) -> Result<Reply, ApiError> {
    resource::accept(&call, &sim, &body.raw, OnDone::Nothing, |tx| {
        let mut properties = check_create(&BACKUPUNIT, &body.value, "")?.properties;
        check_unique(tx.store(), &properties)?;
        properties.remove("password");
        let path = path(&resource::new_id());
        tx.create(&path, "backupunit", in_field_order(&BACKUPUNIT, properties));
        Ok(Some(path))
    })
}

fn forget_password(properties: &mut Map<String, Value>) -> Result<(), ApiError> {
    properties.remove("password");
    Ok(())
}

async fn replace(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::properties_of(&body.value, "")?;
    resource::update(&call, &sim, &body.raw, &BACKUPUNIT, &path(&id), given, true, |_, _, p| forget_password(p))
}

async fn patch(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::patch_of(&body.value, &BACKUPUNIT)?;
    resource::update(&call, &sim, &body.raw, &BACKUPUNIT, &path(&id), given, false, |_, _, p| forget_password(p))
}

async fn delete(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &path(&id), |_, _| Ok(Vec::new()))
}

async fn sso_url(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    let unit = path(&id);
    let found = sim.read(|world, _| world.store.get(&unit).map(|e| e.id.clone()))?;
    let id = found.ok_or_else(ApiError::not_found)?;
    let token = uuid::Uuid::new_v4().simple().to_string();
    Ok(call.ok(json!({"ssoUrl": format!("https://backup.emulator.invalid/login?unit={id}&jwt={token}")})))
}
