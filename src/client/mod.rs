//! The HTTP client: authentication, JSON in and out, retries, tracing, and waiting for
//! asynchronous requests. Async inside; the bindings call it from the script thread.

mod cancel;
mod dialect;
mod dry_run;
mod error;
mod recover;
mod retry;
mod trace;
mod wait;

pub use cancel::Cancel;
pub use dialect::{Dialect, Progress};
pub use error::{reason, ApiError, ApiMessage, ClientError};
pub use retry::{Attempt, RetryPolicy, Step};
pub use trace::Tracer;
pub use wait::{Schedule, WaitOptions};

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::Value;

use crate::catalog::Method;

/// How the client proves who it is.
#[derive(Clone)]
pub enum Credentials {
    /// `Authorization: Bearer <token>`; wins over a user name and password.
    Token(String),
    /// `Authorization: Basic base64(user:password)`.
    Basic { user: String, password: String },
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Credentials::Token(_) => f.write_str("Token(***)"),
            Credentials::Basic { user, .. } => write!(f, "Basic({user}, ***)"),
        }
    }
}

impl Credentials {
    fn header(&self) -> String {
        match self {
            Credentials::Token(token) => format!("Bearer {token}"),
            Credentials::Basic { user, password } => {
                format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
            }
        }
    }
}

/// Where and how to connect.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// API base URL, e.g. `https://api.ionos.com/cloudapi/v6`.
    pub api_url: String,
    /// Credentials.
    pub credentials: Credentials,
    /// Sent as `X-Contract-Number` when set.
    pub contract_number: Option<String>,
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
    fn content_type(&self) -> &'static str {
        match self {
            Body::Json(_) => "application/json",
            Body::Form(_) => "application/x-www-form-urlencoded",
        }
    }

    fn text(&self) -> String {
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
    /// The request id of an accepted mutation, from its `Location` header.
    pub request_id: Option<String>,
    /// The absolute URL reporting the request's progress.
    pub status_url: Option<String>,
}

/// An API client. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    config: ClientConfig,
    dialect: Arc<dyn Dialect>,
    tracer: Tracer,
    cancel: Cancel,
    dry_run: Option<dry_run::DryRun>,
    known: recover::Known,
}

impl Client {
    /// Builds a client; TLS certificates are always verified.
    pub fn new(config: ClientConfig, dialect: Arc<dyn Dialect>, cancel: Cancel) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("ionosh/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(15))
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| ClientError::Transport { method: "", url: config.api_url.clone(), detail: e.to_string() })?;
        let tracer = Tracer::new(config.trace);
        Ok(Client { http, config, dialect, tracer, cancel, dry_run: None, known: recover::Known::default() })
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

    /// The tracer, to switch `--trace` at run time.
    pub fn tracer(&self) -> &Tracer {
        &self.tracer
    }

    /// The interruption flag this client's calls and waits watch.
    pub fn cancel(&self) -> &Cancel {
        &self.cancel
    }

    /// Sends one API call, retrying as [`RetryPolicy`] allows; a POST that may have been
    /// processed is looked up in the API's request log before it is sent again, so it takes
    /// effect once.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        body: Option<&Body>,
    ) -> Result<Response, ClientError> {
        if let Some(answer) = self.dry_run.as_ref().and_then(|d| d.intercept(self.api_url(), method, path, body)) {
            return Ok(answer);
        }
        let url = self.url(path, query);
        let first_sent = time::OffsetDateTime::now_utc();
        let mut attempt = 1;
        loop {
            let (kind, error) = match self.attempt(method, path, &url, body).await? {
                Ok(response) => {
                    if let Some(id) = response.request_id.as_deref() {
                        self.known.insert(id);
                    }
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            let delay = match self.config.retry.next_step(method, attempt, kind) {
                Step::Retry(delay) => delay,
                Step::LookUp(delay) => match recover::find(self, path, body, first_sent).await {
                    Ok(Some(response)) => return Ok(response),
                    Ok(None) => delay,
                    Err(ClientError::Cancelled) => return Err(ClientError::Cancelled),
                    Err(_) => return Err(error),
                },
                Step::Stop => return Err(error),
            };
            if !self.cancel.sleep(delay).await {
                return Err(ClientError::Cancelled);
            }
            attempt += 1;
        }
    }

    /// GETs a request's progress until it is done (returns), failed or out of time (errors).
    /// `observe` sees each state and the time waited so far.
    pub async fn wait_for_request(
        &self,
        request_id: &str,
        status_url: Option<&str>,
        options: WaitOptions,
        observe: &(dyn Fn(&str, Duration) + Sync),
    ) -> Result<(), ClientError> {
        let mut schedule = Schedule::start(options);
        loop {
            let last = match self.request_progress(request_id, status_url).await {
                Ok(Progress::Done) => return Ok(()),
                Ok(Progress::Failed(message)) => {
                    return Err(ClientError::RequestFailed { request_id: request_id.into(), message })
                }
                Ok(Progress::Pending(state)) => state,
                Err(ClientError::Api(e)) if e.status >= 500 => format!("status check answered {}", e.status),
                Err(e) => return Err(e),
            };
            observe(&last, schedule.elapsed());
            let Some(sleep) = schedule.next_sleep() else {
                return Err(ClientError::WaitTimeout {
                    request_id: request_id.into(),
                    timeout: schedule.timeout(),
                    last_status: last,
                });
            };
            if !self.cancel.sleep(sleep).await {
                return Err(ClientError::Cancelled);
            }
        }
    }

    /// Asks once where a request stands.
    pub async fn request_progress(&self, request_id: &str, status_url: Option<&str>) -> Result<Progress, ClientError> {
        if self.dry_run.as_ref().is_some_and(|d| d.is_synthetic(request_id)) {
            return Ok(Progress::Done);
        }
        let path = self.status_path(request_id, status_url);
        let response = self.call(Method::Get, &path, &[], None).await?;
        self.dialect.progress(&response.body).ok_or_else(|| ClientError::Decode {
            method: "GET",
            path,
            detail: "no request status in the answer".into(),
        })
    }

    /// The progress path of a request: the `Location` URL when it points at this API (so
    /// credentials never go elsewhere), else the dialect's path.
    fn status_path(&self, request_id: &str, status_url: Option<&str>) -> String {
        match status_url.and_then(|url| url.strip_prefix(self.config.api_url.trim_end_matches('/'))) {
            Some(path) if path.starts_with('/') => path.to_string(),
            _ => self.dialect.status_path(request_id),
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
    ) -> Result<Result<Response, (Attempt, ClientError)>, ClientError> {
        let authorization = self.config.credentials.header();
        let body_text = body.map(Body::text);
        self.tracer.request(method.as_str(), url, &authorization, body_text.as_deref());
        let mut request = self
            .http
            .request(reqwest::Method::from_bytes(method.as_str().as_bytes()).unwrap_or(reqwest::Method::GET), url)
            .header(reqwest::header::AUTHORIZATION, authorization)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(contract) = &self.config.contract_number {
            request = request.header("X-Contract-Number", contract);
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
            _ = self.cancel.cancelled() => return Err(ClientError::Cancelled),
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
        let status_url = header("location");
        let request_id = status_url.as_deref().and_then(|l| self.dialect.request_id(l));
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
            return Ok(Ok(Response { status, body, request_id, status_url }));
        }
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
