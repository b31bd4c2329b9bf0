//! `/um/users/{id}/s3keys`: a user's S3 keys and `/um/users/{id}/s3ssourl`. A key's id is
//! its access key (20 upper-case letters and digits, matched case-insensitively); its
//! `secretKey` (40 characters) is shown on creation and on every GET, as the API does, but
//! never in `/requests` (the create has no body, and a PUT sending it back is masked). The
//! create answers 200 (not 202) with the key and a `Location`; a user has at most five keys
//! (422 on the sixth). A PUT takes `{"properties": {"active": bool}}`. The keys go with
//! their user.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use rand::Rng;
use serde_json::{json, Map};

use super::call::{ApiError, Call, Reply};
use super::jobs::OnDone;
use super::resource;
use super::state::Shared;
use super::users;
use crate::provider::ionos::S3KEY;

/// The S3 key routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/um/users/{id}/s3keys", get(list).post(create))
        .route("/um/users/{id}/s3keys/{key}", get(one).put(replace).delete(delete))
        .route("/um/users/{id}/s3ssourl", get(sso_url))
}

/// The most keys a user may have.
const MOST: usize = 5;

fn path(user: &str, key: &str) -> String {
    format!("{}/s3keys/{}", users::path(user), key.to_ascii_uppercase())
}

fn random(alphabet: &[u8], length: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..length).map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())])).collect()
}

async fn list(call: Call, State(sim): State<Shared>, Path(user): Path<String>) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, &users::path(&user), "s3keys", false)
}

async fn one(
    call: Call,
    State(sim): State<Shared>,
    Path((user, key)): Path<(String, String)>,
) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &path(&user, &key))
}

async fn create(call: Call, State(sim): State<Shared>, Path(user): Path<String>) -> Result<Reply, ApiError> {
    let owner = users::path(&user);
    let reply = resource::accept(&call, &sim, "", OnDone::Nothing, |tx| {
        resource::existing(tx.world, &owner)?;
        if tx.store().children(&format!("{owner}/s3keys")).len() >= MOST {
            return Err(ApiError::validation(format!("A user can have at most {MOST} S3 keys: delete one first")));
        }
        let key = random(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20);
        let secret = random(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
        let path = path(&user, &key);
        let mut properties = Map::new();
        properties.insert("secretKey".into(), json!(secret));
        properties.insert("active".into(), json!(true));
        tx.create(&path, "s3key", properties);
        Ok(Some(path))
    })?;
    Ok(reply.with_status(StatusCode::OK))
}

async fn replace(
    call: Call,
    State(sim): State<Shared>,
    Path((user, key)): Path<(String, String)>,
    body: super::body::Body,
) -> Result<Reply, ApiError> {
    let given = resource::properties_of(&body.value, "")?;
    resource::update(&call, &sim, &body.raw, &S3KEY, &path(&user, &key), given, false, |_, _, _| Ok(()))
}

async fn delete(
    call: Call,
    State(sim): State<Shared>,
    Path((user, key)): Path<(String, String)>,
) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &path(&user, &key), |_, _| Ok(Vec::new()))
}

async fn sso_url(call: Call, State(sim): State<Shared>, Path(user): Path<String>) -> Result<Reply, ApiError> {
    let owner = users::path(&user);
    let found = sim.read(|world, _| world.store.get(&owner).map(|e| e.id.clone()))?;
    let id = found.ok_or_else(ApiError::not_found)?;
    let token = random(b"abcdefghijklmnopqrstuvwxyz0123456789", 32);
    Ok(call.ok(json!({"ssoUrl": format!("https://s3-console.emulator.invalid/login?user={id}&jwt={token}")})))
}
