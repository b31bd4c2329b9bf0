//! The HTTP client: authentication, JSON in and out, retries and tracing ([`attempt`] is one
//! try), a dry run answering mutations itself ([`dry_run`]), and waiting for accepted changes
//! ([`waiting`]). Async inside; the engine calls it from the script thread. A request of a
//! catalog operation carries the operation, so nothing downstream guesses it from the path.
//! What differs between APIs comes from the provider's [`Dialect`].

mod attempt;
mod auth;
mod bounded;
mod cancel;
mod dialect;
mod dry_run;
mod error;
mod oauth;
mod retry;
mod trace;
mod waiting;

pub use crate::catalog::Method;
pub use auth::Credentials;
pub use bounded::AnswerLimit;
pub use cancel::{Cancel, Stop};
pub use dialect::{
    Completion, Dialect, ErrorBodies, Identity, Lost, Planned, Planning, Progress, Recovery, Ticket, Tickets, Unsent,
};
pub use error::{reason, ApiError, ApiMessage, ClientError};
pub use oauth::{jwt_claims, jwt_expiry, ClientGrant, LOGIN_TIMEOUT, RENEW_MARGIN_S};
pub use retry::{Attempt, RetryPolicy, Step};
pub use trace::Tracer;
pub use waiting::{Expectation, History, Schedule, WaitOptions};

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use serde_json::Value;
use time::OffsetDateTime;

use crate::catalog::Operation;
use crate::protocol::{ANNOUNCED_DELAY_HEADER, ANNOUNCED_SCALE_HEADER, CALL_HEADER};
use waiting::{answered, budget, history};

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// API base URL, e.g. `https://api.ionos.com/cloudapi/v6`.
    pub api_url: String,
    /// Credentials.
    pub credentials: Credentials,
    /// Headers every request carries besides the credentials (IONOS: `X-Contract-Number`).
    pub headers: Vec<(String, String)>,
    /// Whether `--trace` is on at start.
    pub trace: bool,
    /// Retry limits.
    pub retry: RetryPolicy,
    /// The largest answer read.
    pub max_answer: AnswerLimit,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// `application/json`.
    Json(Value),
    /// `application/x-www-form-urlencoded`, as the API's snapshot actions expect.
    Form(Vec<(String, String)>),
    /// `text/plain`, as a DNS zone file is sent.
    Text(String),
}

impl Payload {
    /// The `Content-Type` the body is sent with.
    pub fn content_type(&self) -> &'static str {
        match self {
            Payload::Json(_) => "application/json",
            Payload::Form(_) => "application/x-www-form-urlencoded",
            Payload::Text(_) => "text/plain",
        }
    }

    /// The body as sent.
    pub fn text(&self) -> String {
        match self {
            Payload::Json(value) => value.to_string(),
            Payload::Form(pairs) => {
                pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
            }
            Payload::Text(text) => text.clone(),
        }
    }
}

/// A successful answer.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// The JSON body (`{}` when the body was empty).
    pub body: Value,
    /// How to follow an accepted mutation to its end.
    pub ticket: Option<Ticket>,
}

/// An API client. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    config: ClientConfig,
    dialect: &'static dyn Dialect,
    tracer: Tracer,
    cancel: Cancel,
    dry_run: Option<dry_run::DryRun>,
    answered: answered::Answered,
    /// How far the server's clock is ahead of ours, in ms, from the `Date` of its answers.
    clock_offset: AtomicI64,
    /// How long past waits took, by kind: when the next ones poll.
    history: history::History,
    /// The share of the rate limit status polls may use.
    budget: budget::Budget,
    /// The provisioning delay the API announced, in ms (`u64::MAX`: none).
    announced_delay_ms: AtomicU64,
    /// The time scale the API announced, as `f64` bits (1.0 until one is).
    announced_scale: AtomicU64,
    /// The tokens of OAuth credentials.
    tokens: Option<oauth::Tokens>,
    /// Tickets of changes that needed no request (an update that changed nothing): their
    /// waits end at once.
    settled: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Client {
    /// Builds a client; TLS certificates are always verified.
    pub fn new(config: ClientConfig, dialect: &'static dyn Dialect, cancel: Cancel) -> Result<Self, ClientError> {
        // No redirect is followed: the APIs use none, and a hop to another origin would carry
        // the credentials (or a token request's client secret) there.
        let http = reqwest::Client::builder()
            .user_agent(concat!("ionosh/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(15))
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| ClientError::Transport { method: "", url: config.api_url.clone(), detail: e.to_string() })?;
        let tracer = Tracer::new(config.trace);
        // Credentials go in the Authorization header only, never in a URL that may be shown.
        let mut config = config;
        config.api_url = crate::secrets::split_url_credentials(&config.api_url).0;
        let tokens = match &config.credentials {
            Credentials::OAuth(grant) => Some(oauth::Tokens::new(grant.clone())),
            _ => None,
        };
        Ok(Client {
            tokens,
            settled: Default::default(),
            http,
            config,
            dialect,
            tracer,
            cancel,
            dry_run: None,
            answered: answered::Answered::default(),
            clock_offset: AtomicI64::new(0),
            history: history::History::default(),
            budget: budget::Budget::default(),
            announced_delay_ms: AtomicU64::new(u64::MAX),
            announced_scale: AtomicU64::new(1.0f64.to_bits()),
        })
    }

    /// The same client keeping its waits' history in `file` (see [`History`]), so later runs
    /// poll when their changes are likely done.
    pub fn with_history(self, file: std::path::PathBuf) -> Self {
        Client { history: history::History::open(Some(file)), ..self }
    }

    /// The same client in dry-run mode: mutations are printed and answered with synthetic
    /// responses instead of being sent (see [`dry_run`]).
    pub fn dry_run(self) -> Self {
        Client { dry_run: Some(dry_run::DryRun::default()), ..self }
    }

    /// The API base URL.
    pub fn api_url(&self) -> &str {
        &self.config.api_url
    }

    /// The provider's conventions this client follows.
    pub fn dialect(&self) -> &'static dyn Dialect {
        self.dialect
    }

    /// The plan of a dry run: what its mutations would have done (`None` when not dry), and
    /// whether it plans nothing at all.
    pub fn plan(&self) -> Option<(String, bool)> {
        self.dry_run.as_ref().map(|d| (d.plan(), d.is_empty()))
    }

    /// A ticket for a change that needed no request: its wait ends at once.
    pub fn settled_ticket(&self) -> Ticket {
        let id = uuid::Uuid::new_v4().to_string();
        self.settled.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id.clone());
        Ticket { id, url: None }
    }

    /// Whether a ticket's wait ends at once: made up by a dry run, or settled without a request.
    pub fn is_settled(&self, id: &str) -> bool {
        self.dry_run.as_ref().is_some_and(|d| d.is_synthetic(id))
            || self.settled.lock().unwrap_or_else(std::sync::PoisonError::into_inner).contains(id)
    }

    /// Whether this client was answered with this ticket id: a lookup of a lost answer never
    /// takes such a one for its own.
    pub fn was_answered(&self, ticket_id: &str) -> bool {
        self.answered.contains(ticket_id)
    }

    /// The server's time now, as far as its answers' `Date` headers tell (our own clock until
    /// one has been seen).
    pub fn server_now(&self) -> OffsetDateTime {
        let offset = self.clock_offset.load(Ordering::Relaxed);
        OffsetDateTime::now_utc() + time::Duration::milliseconds(offset)
    }

    /// Learns the server's clock from an answer's `Date` header.
    fn observe_clock(&self, date: &str) {
        let format = time::format_description::well_known::Rfc2822;
        if let Ok(server) = OffsetDateTime::parse(date, &format) {
            let offset = (server - OffsetDateTime::now_utc()).whole_milliseconds();
            self.clock_offset.store(i64::try_from(offset).unwrap_or(0), Ordering::Relaxed);
        }
    }

    /// The tracer, to switch `--trace` at run time.
    pub fn tracer(&self) -> &Tracer {
        &self.tracer
    }

    /// The interruption flag this client's calls and waits watch.
    pub fn cancel(&self) -> &Cancel {
        &self.cancel
    }

    /// Reads `path` (relative to the API base) with `query`: a read of the client's own (a
    /// lookup, a status), not of a catalog operation.
    pub async fn get(&self, path: &str, query: &[(String, String)]) -> Result<Response, ClientError> {
        self.exchange(None, Method::Get, path, query, None).await
    }

    /// Sends one call of the catalog operation `op` to `path` (its template filled in).
    pub async fn send(
        &self,
        op: &'static Operation,
        path: &str,
        query: &[(String, String)],
        body: Option<&Payload>,
    ) -> Result<Response, ClientError> {
        self.exchange(Some(op), op.method, path, query, body).await
    }

    /// Sends one request, retrying as [`RetryPolicy`] allows; a POST that may have been
    /// processed is looked up in the API's own records before it is sent again (see
    /// [`Recovery::recover`]), so it takes effect once. A dry run answers mutations itself.
    async fn exchange(
        &self,
        op: Option<&'static Operation>,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Option<&Payload>,
    ) -> Result<Response, ClientError> {
        if let (Some(dry_run), Some(op)) = (&self.dry_run, op.filter(|op| op.effect().is_some())) {
            // A plan the API would refuse for want of what it changes fails as it would.
            if let Some(needed) = op.object_path(path).filter(|needed| !dry_run.made_up(needed)) {
                Box::pin(self.get(&needed, &[])).await?;
            }
            return Ok(dry_run.intercept(self.dialect, self.api_url(), op, path, body));
        }
        if let Some(answer) = self.dry_run.as_ref().and_then(|dry_run| dry_run.read(self.dialect, path)) {
            return Ok(answer);
        }
        let url = self.url(path, query);
        let held = self.budget.hold();
        if !held.is_zero() && !self.cancel.sleep(held).await {
            return Err(ClientError::Cancelled(self.cancel.reason()));
        }
        let marker = (method == Method::Post).then(|| uuid::Uuid::new_v4().to_string());
        let first_sent = self.server_now();
        let mut attempt = 1;
        let mut logged_in_again = false;
        loop {
            let sent_at = time::OffsetDateTime::now_utc().unix_timestamp();
            let (kind, error) = match self.attempt(method, path, &url, body, marker.as_deref()).await? {
                Ok(response) => return Ok(self.answered(op, path, body, response)),
                Err(failure) => failure,
            };
            // A token the API no longer takes (revoked, or its clock differs): log in again, once.
            if let (Some(tokens), Attempt::Status { status: 401, .. }, false) = (&self.tokens, &kind, logged_in_again) {
                tokens.forget(sent_at).await;
                logged_in_again = true;
                continue;
            }
            let delay = match self.config.retry.next_step(method, attempt, kind) {
                Step::Retry(delay) => delay,
                Step::LookUp(delay) => {
                    let lost = Lost {
                        path,
                        body,
                        marker: marker.as_deref().unwrap_or_default(),
                        first_sent,
                        user: self.config.credentials.user(),
                    };
                    match self.look_up(lost, error).await? {
                        Some(response) => return Ok(self.answered(op, path, body, response)),
                        None => delay,
                    }
                }
                Step::Stop => return Err(error),
            };
            if !self.cancel.sleep(delay).await {
                return Err(ClientError::Cancelled(self.cancel.reason()));
            }
            attempt += 1;
        }
    }

    /// Looks a POST whose answer was lost up in the API's records: its answer when found,
    /// `None` when it provably was not accepted (safe to send again), else `error` (the API
    /// keeps no records, or they cannot tell).
    async fn look_up(&self, lost: Lost<'_>, error: ClientError) -> Result<Option<Response>, ClientError> {
        let Some(lookup) = self.dialect.recover(self, lost) else { return Err(error) };
        match lookup.await {
            Ok(found) => Ok(found),
            Err(e @ (ClientError::Cancelled(_) | ClientError::Ambiguous { .. })) => Err(e),
            Err(_) => Err(error),
        }
    }

    /// A successful answer, its ticket (if any) remembered with what it follows.
    fn answered(
        &self,
        op: Option<&'static Operation>,
        path: &str,
        body: Option<&Payload>,
        response: Response,
    ) -> Response {
        if let (Some(ticket), Some(op)) = (&response.ticket, op) {
            self.answered.insert(&ticket.id, self.issued(op, path, body, &response.body));
        }
        response
    }

    /// What an accepted mutation follows, as a wait needs it: its kind (the operation, or its
    /// variant that takes a time of its own) and what that typically takes.
    fn issued(&self, op: &'static Operation, path: &str, body: Option<&Payload>, answer: &Value) -> answered::Issued {
        let sent = match body {
            Some(Payload::Json(sent)) => sent.clone(),
            _ => Value::Null,
        };
        let (typical, variant) = self.dialect.typical(op, &sent);
        let kind = answered::kind_of(op, variant);
        let mut refers_to = path.to_string();
        ids_in(&sent, &mut refers_to);
        answered::Issued {
            kind,
            typical: typical.median,
            at: std::time::Instant::now(),
            server_at: self.server_now(),
            made: answer.get("id").and_then(Value::as_str).map(str::to_string),
            refers_to,
        }
    }

    /// Whether this client only pretends to change anything (`--dry-run`).
    pub fn is_dry_run(&self) -> bool {
        self.dry_run.is_some()
    }

    fn url(&self, path: &str, query: &[(String, String)]) -> String {
        let mut url = format!("{}{}", self.config.api_url.trim_end_matches('/'), path);
        if !query.is_empty() {
            let pairs: Vec<String> = query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
            url.push('?');
            url.push_str(&pairs.join("&"));
        }
        url
    }
}

/// Appends every `id` a JSON body names (an attached volume, a referenced object) to `out`,
/// space-separated: what a mutation refers to besides its path, without any other value.
fn ids_in(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match item {
                    Value::String(id) if key == "id" => {
                        out.push(' ');
                        out.push_str(id);
                    }
                    other => ids_in(other, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| ids_in(item, out)),
        _ => {}
    }
}

/// Percent-encodes a query key or value.
fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
