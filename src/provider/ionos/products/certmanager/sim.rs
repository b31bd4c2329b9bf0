//! The Certificate Manager API's emulator behaviour: certificates that parse, whose chain
//! starts with their issuer and whose private key is theirs (see [`pem`]), shown with their
//! validity, serial number and names, never with the key again;
//! auto-certificates naming a provider that exists; providers. Served under
//! `/certificate-manager`.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::catalog::{self as api, CATALOG};
use super::pem;
use crate::catalog::Resource;
use crate::provider::ionos::products::sim::{
    check_create, created, invalid, no_controls, no_seed, ProductEmulation, ProductShape,
};
use crate::provider::ionos::sim::date;
use crate::sim::crud::{child_path, in_field_order, new_id};
use crate::sim::{Answers, Call, ErrorReply, Family, Mutation, StoredObject, World};

static SHAPE: ProductShape = ProductShape {
    changing: "PROVISIONING",
    created,
    changed: StatusCode::OK,
    stateless: &[],
    bare: &[],
    failure_key: Some("message"),
    metadata,
    urn: ("cert", "de/fra"),
};

static CERTIFICATES: Family<Call> = Family { build: Some(build_certificate), ..Family::of(&api::CERTIFICATE) };
static AUTO_CERTIFICATES: Family<Call> = Family { build: Some(build_auto), ..Family::of(&api::AUTO_CERTIFICATE) };
static PROVIDERS: Family<Call> = Family { build: Some(build_provider), ..Family::of(&api::PROVIDER) };

static ANSWERS: Answers<ProductShape> = Answers {
    shape: &SHAPE,
    hooks: &[],
    families: &[&CERTIFICATES, &AUTO_CERTIFICATES, &PROVIDERS],
    catalog: &CATALOG,
};

/// The Certificate Manager's emulation.
pub static EMULATION: ProductEmulation = ProductEmulation {
    prefixes: &["/certificate-manager"],
    answers: &ANSWERS,
    typical: super::typical,
    seed: no_seed,
    controls: no_controls,
    tokens: None,
};

fn build_certificate(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&api::CERTIFICATE, body)?.properties;
    let text = |key: &str| properties.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    pem::check(&text("certificate"), &text("certificateChain"), &text("privateKey"))
        .map_err(|(field, message)| invalid(field, message))?;
    properties.remove("privateKey");
    stored(tx, "certificates", "certificate", &api::CERTIFICATE, properties)
}

/// A certificate's validity, serial number and names.
fn metadata(_: &World, _: &str, entry: &StoredObject) -> Map<String, Value> {
    match (entry.kind.as_str(), entry.properties.get("certificate").and_then(Value::as_str)) {
        ("certificate", Some(text)) => pem::facts(text, crate::sim::now_ms(), date),
        _ => Map::new(),
    }
}

fn build_auto(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let properties = check_create(&api::AUTO_CERTIFICATE, body)?.properties;
    let provider = properties.get("provider").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
    if tx.store().get(&format!("providers/{provider}")).is_none() {
        return Err(invalid("provider", format!("no provider '{provider}' in this contract")));
    }
    stored(tx, "auto-certificates", "auto-certificate", &api::AUTO_CERTIFICATE, properties)
}

fn build_provider(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let properties = check_create(&api::PROVIDER, body)?.properties;
    stored(tx, "providers", "provider", &api::PROVIDER, properties)
}

/// Stores a checked top-level object.
fn stored(
    tx: &mut Mutation,
    collection: &str,
    kind: &str,
    resource: &Resource,
    properties: Map<String, Value>,
) -> Result<String, ErrorReply> {
    let path = child_path("", collection, &new_id());
    tx.create(&path, kind, in_field_order(resource, properties));
    Ok(path)
}
