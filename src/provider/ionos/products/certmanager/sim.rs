//! The Certificate Manager API's emulator behaviour: certificates whose PEM blocks are what
//! they claim (a certificate, a chain of them, a private key), never showing the key again;
//! auto-certificates naming a provider that exists; providers. Served under
//! `/certificate-manager`.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::catalog::{self as api, CATALOG};
use crate::catalog::Resource;
use crate::provider::ionos::products::sim::{
    check_create, invalid, no_controls, no_metadata, no_seed, ProductEmulation, ProductShape,
};
use crate::sim::crud::{child_path, in_field_order, new_id};
use crate::sim::{Answers, Call, ErrorReply, Family, Mutation};

static SHAPE: ProductShape =
    ProductShape { changing: "PROVISIONING", created: StatusCode::CREATED, metadata: no_metadata };

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
};

/// The labels of the PEM blocks in `text`, or why it is no PEM.
fn pem_blocks(text: &str) -> Vec<&str> {
    text.lines().filter_map(|line| line.trim().strip_prefix("-----BEGIN ")?.strip_suffix("-----")).collect()
}

fn build_certificate(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&api::CERTIFICATE, body)?.properties;
    let text = |key: &str| properties.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    if pem_blocks(&text("certificate")) != ["CERTIFICATE"] {
        return Err(invalid("certificate", "must be one PEM block: -----BEGIN CERTIFICATE----- …"));
    }
    let chain_text = text("certificateChain");
    let chain = pem_blocks(&chain_text);
    if chain.is_empty() || chain.iter().any(|b| *b != "CERTIFICATE") {
        return Err(invalid("certificateChain", "must be PEM certificates: -----BEGIN CERTIFICATE----- …"));
    }
    let key_text = text("privateKey");
    let key = pem_blocks(&key_text);
    if key.len() != 1 || !key[0].ends_with("PRIVATE KEY") {
        return Err(invalid("privateKey", "must be one PEM private key: -----BEGIN PRIVATE KEY----- …"));
    }
    properties.remove("privateKey");
    stored(tx, "certificates", "certificate", &api::CERTIFICATE, properties)
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
