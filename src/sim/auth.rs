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
        let decoded = base64::engine::general_purpose::STANDARD.decode(credentials).ok()?;
        let decoded = String::from_utf8(decoded).ok()?;
        let (user, password) = decoded.split_once(':')?;
        let accepted = match policy {
            AuthPolicy::AnyCredentials => !user.is_empty(),
            AuthPolicy::Only { user: Some((u, p)), .. } => u == user && p == password,
            AuthPolicy::Only { user: None, .. } => false,
        };
        accepted.then(|| author(user))
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

/// A caller with a stable user id derived from the name (FNV-1a).
fn author(name: &str) -> Author {
    let hash = name.bytes().fold(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d_u128, |h, b| {
        (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b)
    });
    Author { name: name.to_string(), id: uuid::Uuid::from_u128(hash).to_string() }
}
