//! The Auth API's emulator behaviour: tokens are JWTs naming their id (`kid`) and expiry,
//! generated with a time to live (a year by default), listed and read without the JWT
//! itself, deleted one by one or by criteria (ALL, EXPIRED, CURRENT: the one the call
//! carries). A deleted or expired token is refused by every API of the emulator (see
//! [`token_exists`]). Served under `/auth/v1`.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::catalog::{self as api, CATALOG};
use crate::catalog::Operation;
use crate::provider::ionos::products::sim::{
    created, no_controls, no_metadata, no_seed, ProductEmulation, ProductShape,
};
use crate::provider::ionos::sim::date;
use crate::sim::{Answers, Call, ErrorReply, Hook, Meta, Reply, Request, StoredObject, World, API_TOKEN_ISSUER};

static SHAPE: ProductShape = ProductShape {
    changing: "PROVISIONING",
    created,
    changed: StatusCode::OK,
    stateless: &[],
    bare: &[],
    failure_key: None,
    metadata: no_metadata,
    urn: ("auth", ""),
};

static HOOKS: &[(&Operation, Hook<Call>)] = &[
    (&api::GENERATE_TOKEN, generate),
    (&api::LIST_TOKENS, list),
    (&api::GET_TOKEN, one),
    (&api::DELETE_TOKEN, delete_one),
    (&api::DELETE_TOKENS, delete_by_criteria),
];

static ANSWERS: Answers<ProductShape> = Answers { shape: &SHAPE, hooks: HOOKS, families: &[], catalog: &CATALOG };

/// Whether the token `id` exists (it was generated and not deleted).
pub fn token_exists(world: &World, id: &str) -> bool {
    world.store().get(&format!("tokens/{}", id.to_ascii_lowercase())).is_some()
}

/// The Auth API's emulation.
pub static EMULATION: ProductEmulation = ProductEmulation {
    prefixes: &["/auth/v1"],
    answers: &ANSWERS,
    typical: super::typical,
    seed: no_seed,
    controls: no_controls,
    tokens: Some(token_exists),
};

/// A year, the default time to live.
const YEAR_SECS: i64 = 31_536_000;

/// A token as the API shows it: never the JWT.
fn shown(entry: &StoredObject) -> Value {
    let expires = entry.properties.get("expiresMs").and_then(Value::as_i64).unwrap_or_default();
    json!({
        "id": entry.id, "href": format!("/tokens/{}", entry.id),
        "createdDate": date(entry.meta.created_ms), "expirationDate": date(expires),
    })
}

/// `GET /tokens/generate?ttl=…`: a new JWT.
fn generate(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let ttl = call.int_param("ttl", YEAR_SECS, 60, YEAR_SECS)?;
    let id = uuid::Uuid::new_v4().to_string();
    let token = request.sim.write(|world, now| {
        let expires = now + ttl * 1000;
        let claims = json!({ "iss": API_TOKEN_ISSUER, "kid": id, "iat": now / 1000, "exp": expires / 1000 });
        let mut properties = Map::new();
        properties.insert("expiresMs".into(), json!(expires));
        let entry = StoredObject::new("token", &id, Meta::new(&call.author, now), properties);
        world.insert(&format!("tokens/{id}"), entry)?;
        Ok(crate::sim::jwt(&claims))
    })?;
    Ok(call.ok(json!({ "token": token })))
}

fn list(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let tokens = request
        .sim
        .read(|world, _| world.store().children("tokens").into_iter().map(|(_, e)| shown(e)).collect::<Vec<_>>())?;
    Ok(request.call.ok(json!({ "tokens": tokens })))
}

fn one(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let path = request.path();
    let found = request.sim.read(|world, _| world.store().get(&path).map(shown))?;
    found.map(|token| request.call.ok(token)).ok_or_else(ErrorReply::not_found)
}

fn delete_one(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let path = request.path();
    let removed = request.sim.write(|world, _| world.remove(&path))?;
    removed.map(|_| request.call.ok(json!({ "success": true }))).ok_or_else(ErrorReply::not_found)
}

/// `DELETE /tokens?criteria=ALL|EXPIRED|CURRENT`.
fn delete_by_criteria(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let criteria = call.query_param("criteria").unwrap_or_default().to_ascii_uppercase();
    let current = call.api_token.as_ref().map(|t| t.id.clone());
    if criteria == "CURRENT" && current.is_none() {
        return Err(ErrorReply::validation("criteria CURRENT needs the call to carry a token (Bearer) this API made"));
    }
    if !matches!(criteria.as_str(), "ALL" | "EXPIRED" | "CURRENT") {
        return Err(ErrorReply::validation(format!("criteria '{criteria}' is not one of ALL, EXPIRED, CURRENT")));
    }
    request.sim.write(|world, now| {
        let doomed: Vec<String> = world
            .store()
            .children("tokens")
            .into_iter()
            .filter(|(_, e)| match criteria.as_str() {
                "ALL" => true,
                "CURRENT" => current.as_deref() == Some(e.id.as_str()),
                _ => e.properties.get("expiresMs").and_then(Value::as_i64).is_some_and(|x| x <= now),
            })
            .map(|(p, _)| p.to_string())
            .collect();
        doomed.iter().try_for_each(|p| world.remove(p).map(|_| ()))
    })?;
    Ok(call.ok(json!({ "success": true })))
}
