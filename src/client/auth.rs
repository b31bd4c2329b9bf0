//! The ways a client proves who it is, whatever the API: each kind builds the
//! `Authorization` header and describes itself without its secret.

use base64::Engine as _;

use super::oauth::ClientGrant;

/// Credentials for one API.
#[derive(Clone)]
pub enum Credentials {
    /// `Authorization: Bearer <token>`; wins over a user name and password.
    Token(String),
    /// `Authorization: Basic base64(user:password)`.
    Basic { user: String, password: String },
    /// `Authorization: Bearer <token>` with a token the client asks a token endpoint for
    /// (OAuth2 client credentials) and renews before it expires.
    OAuth(ClientGrant),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Token(_) => f.write_str("Token(***)"),
            Credentials::Basic { user, .. } => write!(f, "Basic({user}, ***)"),
            Credentials::OAuth(grant) => write!(f, "OAuth({}, ***)", grant.client_id),
        }
    }
}

impl Credentials {
    /// The `Authorization` header value; `None` for OAuth, whose token the client asks for.
    pub fn header(&self) -> Option<String> {
        Some(match self {
            Credentials::Token(token) => format!("Bearer {token}"),
            Credentials::OAuth(_) => return None,
            Credentials::Basic { user, password } => {
                format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
            }
        })
    }

    /// The user name they authenticate as, when they name one.
    pub fn user(&self) -> Option<&str> {
        match self {
            Credentials::Token(_) | Credentials::OAuth(_) => None,
            Credentials::Basic { user, .. } => Some(user),
        }
    }

    /// How the credentials authenticate, without the secret: `token` or `user name U and password`.
    pub fn describe(&self) -> String {
        match self {
            Credentials::Token(token) => match super::oauth::jwt_expiry(token).and_then(expiry_text) {
                Some(expiry) => format!("token, expiring {expiry}"),
                None => "token".to_string(),
            },
            Credentials::Basic { user, .. } => format!("user name {user} and password"),
            Credentials::OAuth(grant) if grant.start.is_some() => {
                format!("token, renewed with client id {} and secret at {}", grant.client_id, grant.token_url)
            }
            Credentials::OAuth(grant) => {
                format!("client id {} and secret, logging in at {}", grant.client_id, grant.token_url)
            }
        }
    }
}

/// An expiry (seconds since the epoch) as `2026-11-29 12:00:00 UTC`, `expired` when past.
fn expiry_text(expiry: i64) -> Option<String> {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    let when = time::OffsetDateTime::from_unix_timestamp(expiry).ok()?.format(&format).ok()?;
    let past = expiry <= time::OffsetDateTime::now_utc().unix_timestamp();
    Some(if past { format!("{when} (expired)") } else { when })
}
