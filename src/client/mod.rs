//! The HTTP client: authentication, JSON in and out, retries, tracing, and waiting for
//! asynchronous changes. Async inside; the engine calls it from the script thread. What
//! differs between APIs comes from the provider's [`Dialect`].

mod answered;
mod auth;
mod cancel;
mod dialect;
mod dry_run;
mod error;
mod method;
mod retry;
mod trace;
mod wait;

pub use auth::Credentials;
pub use cancel::{Cancel, Stop};
pub use dialect::{Dialect, Effect, Lost, Planned, Progress, Ticket, Unsent};
pub use error::{reason, ApiError, ApiMessage, ClientError};
pub use method::Method;
pub use retry::{Attempt, RetryPolicy, Step};
pub use trace::Tracer;
pub use wait::{Schedule, WaitOptions};

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use time::OffsetDateTime;

/// The header carrying a mutation's marker: the same on every attempt of one call, unique to
/// it, so the API's request log (which records headers) can tell that call's request from
/// every other one.
pub const CALL_HEADER: &str = "X-Ionosh-Call";

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
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// `application/json`.
    Json(Value),
    /// `application/x-www-form-urlencoded`, as the API's snapshot actions expect.
    Form(Vec<(String, String)>),
}

impl Body {
    /// The `Content-Type` the body is sent with.
    pub fn content_type(&self) -> &'static str {
        match self {
            Body::Json(_) => "application/json",
            Body::Form(_) => "application/x-www-form-urlencoded",
        }
    }

    /// The body as sent.
    pub fn text(&self) -> String {
        match self {
            Body::Json(value) => value.to_string(),
            Body::Form(pairs) => {
                pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
            }
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
}

impl Client {
    /// Builds a client; TLS certificates are always verified.
    pub fn new(config: ClientConfig, dialect: &'static dyn Dialect, cancel: Cancel) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("ionosh/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(15))
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| ClientError::Transport { method: "", url: config.api_url.clone(), detail: e.to_string() })?;
        let tracer = Tracer::new(config.trace);
        // Credentials go in the Authorization header only, never in a URL that may be shown.
        let mut config = config;
        config.api_url = crate::secrets::split_url_credentials(&config.api_url).0;
        Ok(Client {
            http,
            config,
            dialect,
            tracer,
            cancel,
            dry_run: None,
            answered: answered::Answered::default(),
            clock_offset: AtomicI64::new(0),
        })
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

    /// The plan of a dry run: what its mutations would have done (`None` when not dry).
    pub fn plan(&self) -> Option<String> {
        self.dry_run.as_ref().map(dry_run::DryRun::plan)
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

    /// Sends one API call, retrying as [`RetryPolicy`] allows; a POST that may have been
    /// processed is looked up in the API's own records before it is sent again (see
    /// [`Dialect::recover`]), so it takes effect once.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Option<&Body>,
    ) -> Result<Response, ClientError> {
        if let Some(dry_run) = &self.dry_run {
            // A plan the API would refuse for want of what it changes fails as it would.
            if let Some(needed) = (method != Method::Get).then(|| self.dialect.must_exist(method, path)).flatten() {
                if !dry_run.made_up(&needed) {
                    Box::pin(self.call(Method::Get, &needed, &[], None)).await?;
                }
            }
            if let Some(answer) = dry_run.intercept(self.dialect, self.api_url(), method, path, body) {
                return Ok(answer);
            }
        }
        let url = self.url(path, query);
        let marker = (method == Method::Post).then(|| uuid::Uuid::new_v4().to_string());
        let first_sent = self.server_now();
        let mut attempt = 1;
        loop {
            let (kind, error) = match self.attempt(method, path, &url, body, marker.as_deref()).await? {
                Ok(response) => {
                    if let Some(ticket) = &response.ticket {
                        self.answered.insert(&ticket.id);
                    }
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            let delay = match self.config.retry.next_step(method, attempt, kind) {
                Step::Retry(delay) => delay,
                Step::LookUp(delay) => match self.dialect.recover(
                    self,
                    Lost {
                        path,
                        body,
                        marker: marker.as_deref().unwrap_or_default(),
                        first_sent,
                        user: self.config.credentials.user(),
                    },
                ) {
                    None => return Err(error),
                    Some(lookup) => match lookup.await {
                        Ok(Some(response)) => {
                            if let Some(ticket) = &response.ticket {
                                self.answered.insert(&ticket.id);
                            }
                            return Ok(response);
                        }
                        Ok(None) => delay,
                        Err(e @ (ClientError::Cancelled(_) | ClientError::Ambiguous { .. })) => return Err(e),
                        Err(_) => return Err(error),
                    },
                },
                Step::Stop => return Err(error),
            };
            if !self.cancel.sleep(delay).await {
                return Err(ClientError::Cancelled(self.cancel.reason()));
            }
            attempt += 1;
        }
    }

    /// GETs an accepted mutation's progress until it is done (returns), failed or out of
    /// time (errors). `observe` sees each state and the time waited so far.
    pub async fn wait(
        &self,
        ticket: &Ticket,
        options: WaitOptions,
        observe: &(dyn Fn(&str, Duration) + Sync),
    ) -> Result<(), ClientError> {
        let mut schedule = Schedule::start(options);
        loop {
            // A status check never runs past the wait's deadline, however long its retries.
            let checked = tokio::time::timeout(schedule.remaining(), self.progress(ticket)).await;
            let last = match checked.unwrap_or_else(|_| {
                Err(ClientError::Transport {
                    method: "GET",
                    url: self.progress_path(ticket),
                    detail: "no answer before the wait's deadline".into(),
                })
            }) {
                Ok(Progress::Done) => return Ok(()),
                Ok(Progress::Failed(message)) => {
                    return Err(ClientError::RequestFailed { request_id: ticket.id.clone(), message })
                }
                Ok(Progress::Pending(state)) => state,
                // The API being briefly unreachable or failing says nothing about the change:
                // the wait goes on, to its own deadline.
                Err(ClientError::Api(e)) if e.status >= 500 => format!("status check answered {}", e.status),
                Err(ClientError::Transport { .. }) => "API unreachable, retrying".to_string(),
                Err(e) => return Err(e),
            };
            observe(&last, schedule.elapsed());
            let Some(sleep) = schedule.next_sleep() else {
                return Err(ClientError::WaitTimeout {
                    request_id: ticket.id.clone(),
                    timeout: schedule.timeout(),
                    last_status: last,
                });
            };
            if !self.cancel.sleep(sleep).await {
                return Err(ClientError::Cancelled(self.cancel.reason()));
            }
        }
    }

    /// Asks once where an accepted mutation stands.
    pub async fn progress(&self, ticket: &Ticket) -> Result<Progress, ClientError> {
        if self.dry_run.as_ref().is_some_and(|d| d.is_synthetic(&ticket.id)) {
            return Ok(Progress::Done);
        }
        let path = self.progress_path(ticket);
        let response = self.call(Method::Get, &path, &[], None).await?;
        self.dialect.progress(&response.body).ok_or_else(|| ClientError::Decode {
            method: "GET",
            path,
            detail: "no request status in the answer".into(),
        })
    }

    /// The progress path of a ticket: its URL when it points at this API (so credentials
    /// never go elsewhere), else the dialect's path.
    fn progress_path(&self, ticket: &Ticket) -> String {
        match ticket.url.as_deref().and_then(|url| url.strip_prefix(self.config.api_url.trim_end_matches('/'))) {
            Some(path) if path.starts_with('/') => path.to_string(),
            _ => self.dialect.progress_path(ticket),
        }
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

    /// One attempt. The outer error is final (interrupted); the inner one may be retried.
    async fn attempt(
        &self,
        method: Method,
        path: &str,
        url: &str,
        body: Option<&Body>,
        marker: Option<&str>,
    ) -> Result<Result<Response, (Attempt, ClientError)>, ClientError> {
        let authorization = self.config.credentials.header();
        let body_text = body.map(Body::text);
        self.tracer.request(method.as_str(), url, &authorization, body_text.as_deref());
        let mut request = self
            .http
            .request(reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap_or(reqwest::Method::GET), url)
            .header(reqwest::header::AUTHORIZATION, authorization)
            .header(reqwest::header::ACCEPT, "application/json");
        for (name, value) in &self.config.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Some(marker) = marker {
            request = request.header(CALL_HEADER, marker);
        }
        if let (Some(body), Some(text)) = (body, body_text) {
            request = request.header(reqwest::header::CONTENT_TYPE, body.content_type()).body(text);
        }
        let started = Instant::now();
        let sent = async {
            let response = request.send().await?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let text = response.text().await?;
            Ok::<_, reqwest::Error>((status, headers, text))
        };
        let result = tokio::select! {
            result = sent => result,
            _ = self.cancel.cancelled() => return Err(ClientError::Cancelled(self.cancel.reason())),
        };
        let (status, headers, text) = match result {
            Ok(answer) => answer,
            Err(e) => {
                self.tracer.failure(started.elapsed(), &e.to_string());
                let kind = if is_untrusted(&e) {
                    Attempt::Untrusted
                } else if e.is_connect() {
                    Attempt::NotSent
                } else {
                    Attempt::MaybeSent
                };
                let error = ClientError::Transport {
                    method: method.as_str(),
                    url: url.to_string(),
                    detail: describe_reqwest(&e),
                };
                return Ok(Err((kind, error)));
            }
        };
        self.tracer.response(status, started.elapsed(), &text);
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        if let Some(date) = header("date") {
            self.observe_clock(&date);
        }
        let location = header("location");
        let parsed =
            if text.trim().is_empty() { Ok(Value::Object(Default::default())) } else { serde_json::from_str(&text) };
        if (200..300).contains(&status) {
            let json = header("content-type").is_none_or(|t| t.contains("json"));
            let body = match parsed {
                Ok(body) => body,
                // Some answers are text by design (a v6 kubeconfig is YAML).
                Err(_) if !json => Value::String(text),
                Err(e) => {
                    let detail = e.to_string();
                    return Err(ClientError::Decode { method: method.as_str(), path: path.to_string(), detail });
                }
            };
            let ticket = self.dialect.ticket(location.as_deref(), &body);
            return Ok(Ok(Response { status, body, ticket }));
        }
        let request_id = self.dialect.ticket(location.as_deref(), &Value::Null).map(|t| t.id);
        let messages = parsed.map(|b| self.dialect.error_messages(&b)).unwrap_or_default();
        let retry_after = header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
        let error = ClientError::Api(ApiError {
            status,
            messages,
            request_id,
            method: method.as_str(),
            path: path.to_string(),
        });
        Ok(Err((Attempt::Status { status, retry_after }, error)))
    }
}

/// Whether the server's TLS certificate failed verification. reqwest keeps the TLS library's
/// error in its source chain; its message names the certificate.
fn is_untrusted(error: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if cause.to_string().to_ascii_lowercase().contains("certificate") {
            return true;
        }
        source = cause.source();
    }
    false
}

/// A transport error with its causes, which reqwest keeps in its source chain.
fn describe_reqwest(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Percent-encodes a query key or value.
fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
