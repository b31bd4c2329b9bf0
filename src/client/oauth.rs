//! OAuth2 client credentials (RFC 6749 §4.4): a bearer token asked of the token endpoint with
//! the client's id and secret, kept until shortly before it expires and then renewed, and
//! cached in a file only its owner can read so later runs log in without asking again.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use super::ClientError;

/// How long before its expiry a token is renewed, in seconds (the NetFoundry module's margin).
pub const RENEW_MARGIN_S: i64 = 600;

/// A client's credentials for the client-credentials grant.
#[derive(Clone)]
pub struct ClientGrant {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub secret: String,
    /// The token endpoint.
    pub token_url: String,
    /// The scope asked for, if the API wants one.
    pub scope: Option<String>,
    /// Where tokens are cached between runs (a file only the user can read), if anywhere.
    pub cache: Option<PathBuf>,
}

impl std::fmt::Debug for ClientGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientGrant")
            .field("client_id", &self.client_id)
            .field("token_url", &self.token_url)
            .finish_non_exhaustive()
    }
}

/// A token and when it expires (seconds since the Unix epoch).
#[derive(Clone, Serialize, Deserialize)]
struct Token {
    token: String,
    expiry: i64,
    /// The token endpoint it came from: a cache file for another one is not used.
    #[serde(default)]
    issuer: String,
}

/// The tokens of one client: the current one, renewed when it nears its expiry.
#[derive(Debug)]
pub struct Tokens {
    grant: ClientGrant,
    current: Mutex<Option<Token>>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Token(***, expiry {})", self.expiry)
    }
}

/// The token endpoint's answer.
#[derive(Deserialize)]
struct Granted {
    access_token: String,
    expires_in: f64,
}

impl Tokens {
    /// The tokens of `grant`, none fetched yet.
    pub fn new(grant: ClientGrant) -> Self {
        Tokens { grant, current: Mutex::new(None) }
    }

    /// A token valid for at least [`RENEW_MARGIN_S`] more seconds: the current one, the cached
    /// one, or a new one from the token endpoint (then cached).
    pub async fn bearer(&self, http: &reqwest::Client) -> Result<String, ClientError> {
        let mut current = self.current.lock().await;
        let now = now_s();
        let fresh = |t: &Token| t.expiry - now > RENEW_MARGIN_S && t.issuer == self.grant.token_url;
        if let Some(token) = current.as_ref().filter(|t| fresh(t)) {
            return Ok(token.token.clone());
        }
        if let Some(token) = self.grant.cache.as_deref().and_then(read_cache).filter(fresh) {
            *current = Some(token.clone());
            return Ok(token.token);
        }
        let token = self.fetch(http).await?;
        if let Some(path) = &self.grant.cache {
            // A cache that cannot be written only costs a login next time.
            let _ = write_cache(path, &token);
        }
        *current = Some(token.clone());
        Ok(token.token)
    }

    /// Forgets the current token (the API refused it): the next call logs in again.
    pub async fn forget(&self) {
        *self.current.lock().await = None;
        if let Some(path) = &self.grant.cache {
            let _ = std::fs::remove_file(path);
        }
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<Token, ClientError> {
        let failed = |detail: String| ClientError::Login { url: self.grant.token_url.clone(), detail };
        let basic =
            base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", self.grant.client_id, self.grant.secret));
        let mut form = vec![("grant_type", "client_credentials")];
        if let Some(scope) = &self.grant.scope {
            form.push(("scope", scope));
        }
        let answer = http
            .post(&self.grant.token_url)
            .header(reqwest::header::AUTHORIZATION, format!("Basic {basic}"))
            .form(&form)
            .send()
            .await
            .map_err(|e| failed(format!("the token endpoint could not be reached: {e}")))?;
        let status = answer.status();
        let text = answer.text().await.map_err(|e| failed(format!("the answer could not be read: {e}")))?;
        if status != reqwest::StatusCode::OK {
            let said = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| {
                    let error = v.get("error")?.as_str()?.to_string();
                    let description = v.get("error_description").and_then(|d| d.as_str()).map(|d| format!(": {d}"));
                    Some(format!("{error}{}", description.unwrap_or_default()))
                })
                .unwrap_or_else(|| super::reason(status.as_u16()).to_string());
            return Err(failed(format!(
                "the token endpoint refused the client id and secret ({} {said})",
                status.as_u16()
            )));
        }
        let granted: Granted = serde_json::from_str(&text)
            .map_err(|_| failed("the answer holds no access_token with a numeric expires_in".into()))?;
        Ok(Token {
            token: granted.access_token,
            expiry: now_s() + granted.expires_in.round() as i64,
            issuer: self.grant.token_url.clone(),
        })
    }
}

/// The expiry (`exp`, seconds since the Unix epoch) a JWT claims, read without checking its
/// signature: when a token given directly runs out.
pub fn jwt_expiry(token: &str) -> Option<i64> {
    let claims = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("exp")?.as_f64().map(|exp| exp as i64)
}

fn now_s() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn read_cache(path: &Path) -> Option<Token> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Writes the token where only the user can read it: the directory 0700, the file 0600 from
/// its creation (never readable by others, not even for a moment).
fn write_cache(path: &Path, token: &Token) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(token).map_err(std::io::Error::other)?;
    if let Some(dir) = path.parent() {
        crate::private::create_dir(dir)?;
    }
    crate::private::write(path, &text)
}
