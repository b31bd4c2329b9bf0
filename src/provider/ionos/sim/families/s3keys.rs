//! `/um/users/{id}/s3keys`: a user's S3 keys and `/um/users/{id}/s3ssourl`. A key's id is
//! its access key (20 upper-case letters and digits, matched case-insensitively); its
//! `secretKey` (40 characters) is shown on creation and on every GET, as the API does, but
//! never in `/requests` (the create has no body, and a PUT sending it back is masked). The
//! create answers 200 (not 202) with the key and a `Location`; a user has at most five keys
//! (422 on the sixth). A PUT takes `{"properties": {"active": bool}}`. The keys go with
//! their user.

use axum::http::StatusCode;
use rand::Rng;
use serde_json::{json, Map};

use crate::provider::ionos::sim::families::family::Request;
use crate::provider::ionos::sim::families::users;
use crate::provider::ionos::sim::shape::resource;
use crate::provider::ionos::S3KEY;
use crate::sim::crud::{Unnamed, Update};
use crate::sim::{Changes, ErrorReply, Reply};

/// The most keys a user may have.
const MOST: usize = 5;

/// The store path of a key: its id, the access key, in upper case.
fn path(request: &Request) -> String {
    format!("{}/s3keys/{}", users::path(request.param("user_id")), request.param("key_id").to_ascii_uppercase())
}

fn random(alphabet: &[u8], length: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..length).map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())])).collect()
}

/// `GET .../s3keys/{key_id}`.
pub fn one(request: &Request) -> Result<Reply, ErrorReply> {
    resource::one(request.call, request.sim, &path(request))
}

/// `POST /um/users/{user_id}/s3keys`: a new key, answered 200 with its secret.
pub fn create(request: &Request) -> Result<Reply, ErrorReply> {
    let user = request.param("user_id");
    let owner = users::path(user);
    let reply = resource::accept(request.call, request.sim, "", |tx| {
        resource::existing(tx.world, &owner)?;
        if tx.store().children(&format!("{owner}/s3keys")).len() >= MOST {
            return Err(ErrorReply::validation(format!("A user can have at most {MOST} S3 keys: delete one first")));
        }
        let key = random(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 20);
        let secret = random(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
        let path = format!("{owner}/s3keys/{key}");
        let mut properties = Map::new();
        properties.insert("secretKey".into(), json!(secret));
        properties.insert("active".into(), json!(true));
        tx.create(&path, "s3key", properties);
        Ok(Some(path))
    })?;
    Ok(reply.with_status(StatusCode::OK))
}

/// `PUT .../s3keys/{key_id}`: `{"properties": {"active": bool}}`.
pub fn replace(request: &Request) -> Result<Reply, ErrorReply> {
    let given = resource::properties_of(&request.body.value, "")?;
    let (call, sim, raw) = (request.call, request.sim, &request.body.raw);
    let path = path(request);
    let given = Changes { described: given.clone(), kept: serde_json::Map::new() };
    resource::update(
        call,
        sim,
        raw,
        Update { resource: &S3KEY, path: &path, given, unnamed: Unnamed::Kept },
        |_, _, _| Ok(()),
    )
}

/// `DELETE .../s3keys/{key_id}`.
pub fn delete(request: &Request) -> Result<Reply, ErrorReply> {
    resource::delete(request.call, request.sim, &path(request), |_, _, _| Ok(Vec::new()))
}

/// `GET /um/users/{user_id}/s3ssourl`.
pub fn sso_url(request: &Request) -> Result<Reply, ErrorReply> {
    let owner = users::path(request.param("user_id"));
    let found = request.sim.read(|world, _| world.store().get(&owner).map(|e| e.id.clone()))?;
    let id = found.ok_or_else(ErrorReply::not_found)?;
    let token = random(b"abcdefghijklmnopqrstuvwxyz0123456789", 32);
    Ok(request.call.ok(json!({"ssoUrl": format!("https://s3-console.emulator.invalid/login?user={id}&jwt={token}")})))
}
