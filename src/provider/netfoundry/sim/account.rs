//! What every emulated NetFoundry account has and cannot change: the caller (an API account
//! identity), its organization, roles, the one network group, the regions networks and
//! hosted routers run in, and the network versions. The ids are fixed, so scripts and tests
//! can name them across runs.

use serde_json::{json, Value};

use crate::provider::netfoundry::sim::shape::hal::{self, HAL};
use crate::sim::{Call, ErrorReply, Reply, Request};

/// The organization's id.
pub const ORGANIZATION_ID: &str = "2d4d5d2e-8f0c-4a55-9c36-6f1c0b1a7e01";
/// The caller's identity id.
pub const CALLER_ID: &str = "7a9f3c1e-5b2d-4e8f-a1c3-9d6e0f4b2a10";
/// The one network group's id.
pub const NETWORK_GROUP_ID: &str = "5b8e1f2a-3c4d-4e6f-8a9b-0c1d2e3f4a50";

/// Seconds since the epoch of the account's creation, in the identity API's
/// `{epochSecond, nano}` form.
const CREATED: i64 = 1_700_000_000;

fn instant() -> Value {
    json!({ "epochSecond": CREATED, "nano": 0 })
}

/// The caller: the API account every emulator client authenticates as.
pub fn caller(call: &Call) -> Value {
    json!({
        "id": CALLER_ID,
        "type": "ApiAccountIdentity",
        "name": "ionosh emulator",
        "email": "emulator@ionosh.invalid",
        "organizationId": ORGANIZATION_ID,
        "tenantId": ORGANIZATION_ID,
        "active": true,
        "description": "The API account of ionosh's emulated NetFoundry organization",
        "authenticationUrl": format!("{}/oauth2/token", call.api),
        "awsCognitoClientId": call.author.name,
        "contactEmail": "emulator@ionosh.invalid",
        "createdAt": instant(),
        "updatedAt": null,
        "deletedAt": null,
    })
}

fn organization() -> Value {
    json!({
        "id": ORGANIZATION_ID,
        "name": "Emulated Organization",
        "label": "emulated",
        "active": true,
        "deleted": false,
        "mfaProvider": "NONE",
        "identityProviders": [],
        "createdAt": instant(),
        "updatedAt": instant(),
        "deletedAt": null,
    })
}

/// The roles an identity can have; the caller has the first.
const ROLES: &[(&str, &str, &str)] = &[
    (
        "3f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b21",
        "Network Admin",
        "Creates, changes and deletes networks and everything in them",
    ),
    ("3f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b22", "Network Read Only", "Reads networks and everything in them"),
    ("3f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b23", "Organization Admin", "Manages the organization's identities and roles"),
];

fn role((id, name, description): (&str, &str, &str)) -> Value {
    json!({ "id": id, "name": name, "description": description, "type": "SYSTEM", "organizationId": ORGANIZATION_ID })
}

/// The regions, by provider, with their names.
const REGIONS: &[(&str, &str, &str, f64, f64)] = &[
    ("OCI", "eu-amsterdam-1", "Amsterdam", 52.37, 4.9),
    ("OCI", "eu-frankfurt-1", "Frankfurt", 50.11, 8.68),
    ("OCI", "us-ashburn-1", "Ashburn", 39.04, -77.49),
    ("AWS", "us-east-1", "N. Virginia", 38.9, -77.4),
    ("AWS", "us-west-1", "N. California", 37.35, -121.96),
    ("AWS", "us-west-2", "Oregon", 45.84, -119.7),
    ("AWS", "eu-central-1", "Frankfurt", 50.11, 8.68),
    ("AWS", "eu-west-1", "Ireland", 53.35, -6.26),
    ("AZURE", "westeurope", "West Europe", 52.37, 4.9),
    ("AZURE", "eastus", "East US", 37.37, -79.82),
    ("GCP", "europe-west3", "Frankfurt", 50.11, 8.68),
    ("GCP", "us-central1", "Iowa", 41.26, -95.86),
];

/// Whether `provider` has the region `code` (providers ignore case, as the API does).
pub fn region_exists(provider: &str, code: &str) -> bool {
    REGIONS.iter().any(|(p, c, ..)| p.eq_ignore_ascii_case(provider) && *c == code)
}

fn region(call: &Call, (provider, code, name, latitude, longitude): (&str, &str, &str, f64, f64)) -> Value {
    json!({
        "provider": provider, "locationCode": code, "name": name, "latitude": latitude, "longitude": longitude,
        "_links": { "self": { "href": format!("{}/core/v2/regions/{provider}/{code}", call.api) } },
    })
}

/// The network versions: the newest is the default.
pub const VERSIONS: &[(&str, bool, bool)] = &[("7.3.90", true, false), ("8.0.0", false, false), ("8.1.0", true, true)];

/// The version a network gets when it names none.
pub fn default_version() -> &'static str {
    VERSIONS.iter().find(|(_, _, default)| *default).map_or("8.1.0", |(v, ..)| v)
}

/// The one network group.
pub fn network_group(call: &Call) -> Value {
    json!({
        "id": NETWORK_GROUP_ID,
        "organizationId": ORGANIZATION_ID,
        "name": "Emulated Network Group",
        "shortName": "EMU",
        "createdAt": "2023-11-14T22:13:20.000Z",
        "updatedAt": "2023-11-14T22:13:20.000Z",
        "deletedAt": null,
        "_links": { "self": { "href": format!("{}/core/v2/network-groups/{NETWORK_GROUP_ID}", call.api) } },
    })
}

/// The object found, or 404.
fn found(call: &Call, value: Option<Value>) -> Result<Reply, ErrorReply> {
    value.map(|v| call.ok(v)).ok_or_else(ErrorReply::not_found)
}

/// `GET /identity/v1/identities/self`.
pub fn self_identity(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    Ok(request.call.ok(caller(request.call)))
}

/// `GET /identity/v1/identities`: the caller is the organization's one identity.
pub fn identities(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let call = request.call;
    Ok(call.ok(hal::plain(call, vec![caller(call)], &["type", "name", "email", "organizationId"])))
}

/// `GET /identity/v1/identities/{identity_id}`.
pub fn identity(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    found(request.call, (request.param("identity_id") == CALLER_ID).then(|| caller(request.call)))
}

/// `GET /identity/v1/organizations`.
pub fn organizations(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    Ok(request.call.ok(hal::plain(request.call, vec![organization()], &["name", "label"])))
}

/// `GET /identity/v1/organizations/{organization_id}`.
pub fn one_organization(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    found(request.call, (request.param("organization_id") == ORGANIZATION_ID).then(organization))
}

/// `GET /auth/v1/roles`: the caller has the first role; an identity the organization lacks
/// has none.
pub fn roles(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let roles = ROLES
        .iter()
        .enumerate()
        .filter(|(i, _)| call.query_param("identityId").is_none_or(|id| id == CALLER_ID && *i == 0))
        .map(|(_, r)| role(*r))
        .collect();
    Ok(call.ok(hal::roles(call, roles)))
}

/// `GET /auth/v1/roles/{role_id}`.
pub fn one_role(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    found(request.call, ROLES.iter().find(|(id, ..)| *id == request.param("role_id")).map(|r| role(*r)))
}

/// `GET /core/v2/network-groups`.
pub fn network_groups(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let fields = ["id", "name", "shortName", "organizationId"];
    Ok(call.ok(hal::page(call, "networkGroupList", vec![network_group(call)], &fields)).with_json_type(HAL))
}

/// `GET /core/v2/network-groups/{network_group}`.
pub fn one_network_group(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let call = request.call;
    found(call, (request.param("network_group") == NETWORK_GROUP_ID).then(|| network_group(call)))
        .map(|reply| reply.with_json_type(HAL))
}

/// `GET /core/v2/regions`: the module sends `providers` (repeated), the API documents
/// `provider`: both filter.
pub fn regions(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let wanted: Vec<&str> =
        call.query.iter().filter(|(k, _)| k == "provider" || k == "providers").map(|(_, v)| v.as_str()).collect();
    let regions = REGIONS
        .iter()
        .filter(|(p, ..)| wanted.is_empty() || wanted.iter().any(|w| w.eq_ignore_ascii_case(p)))
        .map(|r| region(call, *r))
        .collect();
    Ok(call.ok(hal::page(call, "regionList", regions, &["locationCode", "name"])).with_json_type(HAL))
}

/// `GET /core/v2/regions/{provider}/{location_code}`.
pub fn one_region(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let (provider, code) = (request.param("provider"), request.param("location_code"));
    let region = REGIONS
        .iter()
        .find(|(p, c, ..)| p.eq_ignore_ascii_case(provider) && *c == code)
        .map(|r| region(request.call, *r));
    found(request.call, region).map(|reply| reply.with_json_type(HAL))
}

/// `GET /core/v2/network-versions`.
pub fn network_versions(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let versions = VERSIONS
        .iter()
        .map(|(version, active, default)| json!({ "networkVersion": version, "active": active, "default": default }))
        .collect();
    let fields = ["networkVersion", "active", "default"];
    Ok(call.ok(hal::page(call, "network-versions", versions, &fields)).with_json_type(HAL))
}
