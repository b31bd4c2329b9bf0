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
    /// A token given with the credentials, used until it nears its expiry.
    pub start: Option<String>,
    /// How long logging in may take, every attempt together ([`LOGIN_TIMEOUT`] by default):
    /// a token endpoint that never answers ends the run with an error instead of hanging it.
    pub timeout: std::time::Duration,
}

/// How long logging in may take by default, every attempt together.
pub const LOGIN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl std::fmt::Debug for ClientGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientGrant")
            .field("client_id", &self.client_id)
            .field("token_url", &self.token_url)
            .field("start", &self.start.as_ref().map(|_| "***"))
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
    /// How long it was granted for, in seconds (0 when not known).
    #[serde(default)]
    lifetime: i64,
    /// When it was fetched (seconds since the Unix epoch).
    #[serde(default)]
    fetched: i64,
}

impl Token {
    /// Whether it has more than the renewal margin left (half its lifetime for short-lived
    /// tokens, so they are not fetched before every request) and comes from `issuer`.
    fn fresh(&self, issuer: &str, now: i64) -> bool {
        let margin = if self.lifetime > 0 { RENEW_MARGIN_S.min(self.lifetime / 2) } else { RENEW_MARGIN_S };
        self.expiry.saturating_sub(now) > margin && self.issuer == issuer
    }
}

/// What a login runs under: the client's cancel (Ctrl-C, the run's time limit) and its
/// tracer (`--trace`).
pub struct Run<'a> {
    /// Interrupts the token request and the pauses between attempts.
    pub cancel: &'a super::Cancel,
    /// Shows the token request and its answer, masked.
    pub tracer: &'a super::Tracer,
}

/// The tokens of one client: the current one, renewed when it nears its expiry.
#[derive(Debug)]
pub struct Tokens {
    grant: ClientGrant,
    current: Mutex<Option<Token>>,
    /// Whether a cache that cannot be trusted was reported (once is enough).
    cache_refused: std::sync::atomic::AtomicBool,
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
    /// The tokens of `grant`: its starting token if it has one (expiring as its claims say,
    /// else in an hour), none fetched yet.
    pub fn new(grant: ClientGrant) -> Self {
        let now = now_s();
        let start = grant.start.clone().map(|token| Token {
            expiry: jwt_expiry(&token).unwrap_or(now + 3600),
            token,
            issuer: grant.token_url.clone(),
            lifetime: 0,
            fetched: now,
        });
        Tokens { grant, current: Mutex::new(start), cache_refused: Default::default() }
    }

    /// A token valid for at least [`RENEW_MARGIN_S`] more seconds: the current one, the cached
    /// one, or a new one from the token endpoint (then cached).
    pub async fn bearer(&self, http: &reqwest::Client, run: &Run<'_>) -> Result<String, ClientError> {
        let mut current = self.current.lock().await;
        let now = now_s();
        let fresh = |t: &Token| t.fresh(&self.grant.token_url, now);
        if let Some(token) = current.as_ref().filter(|t| fresh(t)) {
            return Ok(token.token.clone());
        }
        let cache = self.trusted_cache();
        if let Some(token) = cache.and_then(read_cache).filter(fresh) {
            *current = Some(token.clone());
            return Ok(token.token);
        }
        let token = self.fetch(http, run).await?;
        if let Some(path) = cache {
            // A cache that cannot be written only costs a login next time.
            let _ = write_cache(path, &token);
        }
        *current = Some(token.clone());
        Ok(token.token)
    }

    /// Forgets the current token when it was fetched before `refused_at` (seconds since the
    /// epoch: when the request the API refused was sent), so the next call logs in again; a
    /// token another task fetched since is kept.
    pub async fn forget(&self, refused_at: i64) {
        let mut current = self.current.lock().await;
        if current.as_ref().is_some_and(|t| t.fetched > refused_at) {
            return;
        }
        *current = None;
        if let Some(path) = &self.grant.cache {
            let _ = std::fs::remove_file(path);
        }
    }

    /// The cache file, when it and its directory can be trusted: not a symbolic link, owned
    /// by the user and writable by no one else (a cache another user controls could hand this
    /// run their token, or take ours). One that cannot is said once and not used.
    fn trusted_cache(&self) -> Option<&Path> {
        let path = self.grant.cache.as_deref()?;
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        let refused = [dir, Some(path)].into_iter().flatten().find_map(|p| {
            let meta = std::fs::symlink_metadata(p).ok()?;
            crate::private_files::untrusted(&meta).map(|why| format!("{}: {why}", p.display()))
        });
        match refused {
            None => Some(path),
            Some(why) => {
                if !self.cache_refused.swap(true, std::sync::atomic::Ordering::Relaxed) {
                    eprintln!("ionosh: warning: the NetFoundry token cache is not used ({why}): logging in instead");
                }
                None
            }
        }
    }

    /// A new token, asking again after a connection failure, a 429 or a 5xx (1, 2, then 4 s
    /// later): a hiccup of the token endpoint does not end a run. Every attempt together
    /// takes at most the grant's timeout; the pauses end when the run is interrupted.
    async fn fetch(&self, http: &reqwest::Client, run: &Run<'_>) -> Result<Token, ClientError> {
        let deadline = tokio::time::Instant::now() + self.grant.timeout;
        let mut pause = std::time::Duration::from_secs(1);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let asked = match tokio::time::timeout(left, self.ask(http, run)).await {
                Ok(asked) => asked,
                Err(_) => return Err(self.timed_out()),
            };
            match asked {
                Err(Asked::Again(error)) => {
                    if deadline.saturating_duration_since(tokio::time::Instant::now()) <= pause {
                        return Err(error);
                    }
                    if !run.cancel.sleep(pause).await {
                        return Err(ClientError::Cancelled(run.cancel.reason()));
                    }
                    pause *= 2;
                }
                other => return other.map_err(Asked::into_error),
            }
        }
    }

    /// The error of a login that took longer than the grant allows.
    fn timed_out(&self) -> ClientError {
        ClientError::Login {
            url: self.grant.token_url.clone(),
            detail: format!("the token endpoint did not answer within {} s", self.grant.timeout.as_secs_f64()),
        }
    }

    /// One request to the token endpoint, traced (its credentials and the token masked) and
    /// given up when the run is interrupted.
    async fn ask(&self, http: &reqwest::Client, run: &Run<'_>) -> Result<Token, Asked> {
        let failed = |detail: String| Asked::Final(ClientError::Login { url: self.grant.token_url.clone(), detail });
        let again = |detail: String| Asked::Again(ClientError::Login { url: self.grant.token_url.clone(), detail });
        let mut form = vec![("grant_type", "client_credentials")];
        if let Some(scope) = &self.grant.scope {
            form.push(("scope", scope));
        }
        let started = std::time::Instant::now();
        let form_text = form.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        run.tracer.request("POST", &self.grant.token_url, "Basic (client id and secret)", Some(&form_text));
        let sent =
            http.post(&self.grant.token_url).basic_auth(&self.grant.client_id, Some(&self.grant.secret)).form(&form);
        let exchange = async {
            let answer = sent.send().await?;
            let status = answer.status();
            Ok::<_, reqwest::Error>((status, answer.text().await?))
        };
        let (status, text) = tokio::select! {
            exchanged = exchange => exchanged.map_err(|e| {
                run.tracer.failure(started.elapsed(), &e.to_string());
                again(format!("the token endpoint could not be reached: {e}"))
            })?,
            () = run.cancel.cancelled() => return Err(Asked::Final(ClientError::Cancelled(run.cancel.reason()))),
        };
        run.tracer.response(status.as_u16(), started.elapsed(), &text);
        if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(again(format!(
                "the token endpoint failed ({} {})",
                status.as_u16(),
                super::reason(status.as_u16())
            )));
        }
        if status.is_redirection() {
            return Err(failed(format!(
                "the token endpoint answered with a redirect ({} {}); ionosh follows none, so that the client \
                 secret goes only to the token URL it was configured with",
                status.as_u16(),
                super::reason(status.as_u16())
            )));
        }
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
        // A lifetime past ten years is taken for ten years (and a negative one for none).
        let lifetime = granted.expires_in.round().clamp(0.0, 315_360_000.0) as i64;
        let now = now_s();
        Ok(Token {
            token: granted.access_token,
            expiry: now.saturating_add(lifetime),
            issuer: self.grant.token_url.clone(),
            lifetime,
            fetched: now,
        })
    }
}

/// How asking the token endpoint went wrong.
enum Asked {
    /// Worth asking again (the endpoint was unreachable or failed).
    Again(ClientError),
    /// Final (the credentials were refused, the answer is not a token).
    Final(ClientError),
}

impl Asked {
    fn into_error(self) -> ClientError {
        match self {
            Asked::Again(e) | Asked::Final(e) => e,
        }
    }
}

/// The expiry (`exp`, seconds since the Unix epoch) a JWT claims, read without checking its
/// signature: when a token given directly runs out.
pub fn jwt_expiry(token: &str) -> Option<i64> {
    jwt_claims(token)?.get("exp")?.as_f64().map(|exp| exp as i64)
}

/// The claims of a JWT (its middle part), read without checking its signature: what a token
/// says of itself (expiry, issuer, scope).
pub fn jwt_claims(token: &str) -> Option<serde_json::Value> {
    let claims = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn now_s() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// The cached token, read without following a symbolic link planted in the file's place.
fn read_cache(path: &Path) -> Option<Token> {
    let mut file = crate::private_files::open_no_follow(path).ok()?;
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut text).ok()?;
    serde_json::from_slice(&text).ok()
}

/// Writes the token where only the user can read it: the directory 0700, the file 0600 from
/// its creation (never readable by others, not even for a moment).
fn write_cache(path: &Path, token: &Token) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(token).map_err(std::io::Error::other)?;
    crate::private_files::replace(path, &text)
}
