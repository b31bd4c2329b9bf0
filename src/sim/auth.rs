//! Who is calling: the caller named by the `Authorization` header, if the emulator's policy
//! accepts it, with a stable user id, as the real APIs give each user one.

use axum::http::{header, HeaderMap};
use base64::Engine;

use super::store::Author;
use super::AuthPolicy;

/// The name recorded as `createdBy` for token callers, who carry no user name.
const TOKEN_USER: &str = "token-user@example.com";

/// The caller named by the `Authorization` header, if the policy accepts it or the
/// emulator issued its bearer token itself (`issued`).
pub fn caller(policy: &AuthPolicy, issued: &dyn Fn(&str) -> bool, headers: &HeaderMap) -> Option<Author> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, credentials) = value.split_once(' ')?;
    let credentials = credentials.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let (user, password) = basic_credentials(headers)?;
        accepts(policy, &user, &password).then(|| author(&user))
    } else if scheme.eq_ignore_ascii_case("bearer") {
        let accepted = match policy {
            AuthPolicy::AnyCredentials => !credentials.is_empty(),
            AuthPolicy::Only { token, .. } => token.as_deref() == Some(credentials) || issued(credentials),
        };
        accepted.then(|| author(TOKEN_USER))
    } else {
        None
    }
}

/// The user and password of a Basic `Authorization` header (the scheme in any case).
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// Whether the policy lets `user` in with `password`: any named user, or only the one set.
pub fn accepts(policy: &AuthPolicy, user: &str, password: &str) -> bool {
    match policy {
        AuthPolicy::AnyCredentials => !user.is_empty(),
        AuthPolicy::Only { user: Some((u, p)), .. } => u == user && p == password,
        AuthPolicy::Only { user: None, .. } => false,
    }
}

/// A caller with a stable user id derived from the name (FNV-1a).
fn author(name: &str) -> Author {
    let hash = name.bytes().fold(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d_u128, |h, b| {
        (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b)
    });
    Author { name: name.to_string(), id: uuid::Uuid::from_u128(hash).to_string() }
}

/// The issuer the emulator's API tokens name (`auth::generate_token`): a bearer token of this
/// issuer is one the emulator made, and must still exist and not have expired.
pub const API_TOKEN_ISSUER: &str = "ionosh-emulator";

/// The emulator's own API token a request carries, if it carries one: its id (`kid`) and
/// expiry (seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// The token's id.
    pub id: String,
    /// When it expires, in seconds since the epoch.
    pub expires: i64,
}

/// The emulator's API token in the `Authorization` header, if that is what it holds.
pub fn api_token(headers: &HeaderMap) -> Option<ApiToken> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let claims = token.trim().split('.').nth(1)?;
    let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&decoded).ok()?;
    if claims.get("iss")?.as_str()? != API_TOKEN_ISSUER {
        return None;
    }
    Some(ApiToken { id: claims.get("kid")?.as_str()?.to_string(), expires: claims.get("exp")?.as_i64()? })
}

/// A token in the JWT shape the real APIs issue (`header.claims.signature`, base64url), with
/// the given claims and a random signature: clients read its claims (expiry, scope) as they
/// would a real one's; nobody checks the signature.
pub fn jwt(claims: &serde_json::Value) -> String {
    let encode = |v: &serde_json::Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(uuid::Uuid::new_v4().as_bytes());
    format!("{}.{}.{signature}", encode(&serde_json::json!({ "alg": "RS256", "typ": "JWT" })), encode(claims))
}
