//! The HTTP client: authentication, JSON in and out, retries, tracing, and waiting for
//! asynchronous changes. Async inside; the engine calls it from the script thread. What
//! differs between APIs comes from the provider's [`Dialect`].

mod answered;
mod auth;
mod budget;
mod cancel;
mod dialect;
mod dry_run;
mod error;
mod history;
mod normal;
mod oauth;
mod retry;
mod trace;
mod wait;

pub use crate::catalog::Method;
pub use auth::Credentials;
pub use cancel::{Cancel, Stop};
pub use dialect::{operation_kind, Dialect, Lost, Planned, Progress, Ticket, Unsent};
pub use error::{reason, ApiError, ApiMessage, ClientError};
pub use history::History;
pub use oauth::{jwt_claims, jwt_expiry, ClientGrant, RENEW_MARGIN_S};
pub use retry::{Attempt, RetryPolicy, Step};
pub use trace::Tracer;
pub use wait::{Expectation, Schedule, WaitOptions};

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use time::OffsetDateTime;

use crate::protocol::{ANNOUNCED_DELAY_HEADER, ANNOUNCED_SCALE_HEADER, CALL_HEADER};

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
    fn is_settled(&self, id: &str) -> bool {
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
                Ok(response) => {
                    if let Some(ticket) = &response.ticket {
                        self.answered.insert(&ticket.id, self.issued(method, path, body, &response.body));
                    }
                    return Ok(response);
                }
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
                                self.answered.insert(&ticket.id, self.issued(method, path, body, &response.body));
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

    /// What an accepted mutation follows, as a wait needs it.
    fn issued(&self, method: Method, path: &str, body: Option<&Body>, answer: &Value) -> answered::Issued {
        let (kind, typical) = self.dialect.operation(method, path, body);
        let mut refers_to = path.to_string();
        if let Some(Body::Json(sent)) = body {
            ids_in(sent, &mut refers_to);
        }
        answered::Issued {
            kind,
            typical,
            at: std::time::Instant::now(),
            server_at: self.server_now(),
            made: answer.get("id").and_then(Value::as_str).map(str::to_string),
            refers_to,
        }
    }

    /// The API this client's history files waits under: loopback emulators share one.
    fn history_key(&self) -> String {
        let url = self.api_url();
        match url::Url::parse(url) {
            Ok(parsed) if parsed.host_str().is_some_and(|h| h == "127.0.0.1" || h == "localhost" || h == "[::1]") => {
                format!("{}://loopback{}", parsed.scheme(), parsed.path())
            }
            _ => url.to_string(),
        }
    }

    /// When a ticket was accepted, what kind it is and what its wait expects. Tickets this
    /// client did not issue (handed in from elsewhere) are taken as accepted now.
    fn expectation_of(&self, ticket: &Ticket) -> (answered::Issued, Expectation) {
        let issued = self.answered.get(&ticket.id).unwrap_or_else(|| answered::Issued {
            kind: String::from("unknown"),
            typical: Duration::from_secs(10),
            at: std::time::Instant::now(),
            server_at: self.server_now(),
            made: None,
            refers_to: String::new(),
        });
        let expectation = self.expectation(&issued.kind, issued.typical);
        (issued, expectation)
    }

    /// What a wait for a change of `kind`, typically taking `typical` on the real API,
    /// expects: exactly the delay the API announces, else this user's history of the kind
    /// or the typical figure, on the API's announced clock (a time-scaled API runs faster:
    /// what a kind takes, and what a look is worth, run with it).
    fn expectation(&self, kind: &str, typical: Duration) -> Expectation {
        match self.announced_delay_ms.load(Ordering::Relaxed) {
            u64::MAX => {
                let scale = f64::from_bits(self.announced_scale.load(Ordering::Relaxed));
                self.history
                    .expectation(&self.history_key(), kind, typical.mul_f64(scale))
                    .with_look_worth(wait::LOOK_WORTH.mul_f64(scale))
            }
            ms => Expectation::exactly(Duration::from_millis(ms)),
        }
    }

    /// What a wait for the object at `path` to reach a status expects, from now: as long as
    /// deleting it takes when `deleting`, else as long as making one like `object` takes.
    pub fn expectation_for_object(&self, path: &str, object: &Value, deleting: bool) -> Expectation {
        let body = Body::Json(object.clone());
        let (kind, typical) = match (deleting, path.rsplit_once('/')) {
            (false, Some((collection, _))) => self.dialect.operation(Method::Post, collection, Some(&body)),
            _ => self.dialect.operation(Method::Delete, path, None),
        };
        self.expectation(&kind, typical)
    }

    /// Whether this client only pretends to change anything (`--dry-run`).
    pub fn is_dry_run(&self) -> bool {
        self.dry_run.is_some()
    }

    /// Files a finished wait in the history: when its first poll found it done, the likely
    /// duration below that (it says only that the change took at most so long), else halfway
    /// between the last poll that saw it going and the one that saw it done.
    fn learn(&self, kind: &str, expected: &Expectation, polls: u32, last_pending: Duration, done: Duration) {
        let took = if polls == 1 { expected.done_before(done) } else { (last_pending + done) / 2 };
        self.history.record(&self.history_key(), kind, took);
    }

    /// Sleeps until `at` (time since `since`), then for the status polls' budget; false
    /// when interrupted. `tick` runs every quarter second meanwhile, so progress shown on a
    /// terminal moves between polls however far apart they are.
    async fn sleep_until(&self, since: std::time::Instant, at: Duration, tick: &(dyn Fn() + Sync)) -> bool {
        const TICK: Duration = Duration::from_millis(250);
        loop {
            let due = at.saturating_sub(since.elapsed());
            if due.is_zero() {
                break;
            }
            if !self.cancel.sleep(due.min(TICK)).await {
                return false;
            }
            tick();
        }
        let held = self.budget.take();
        held.is_zero() || self.cancel.sleep(held).await
    }

    /// GETs an accepted mutation's progress until it is done (returns), failed or out of
    /// time (errors), at the moments its [`Expectation`] picks. `observe` sees each state
    /// and the time waited so far. The time the change took is remembered for the next
    /// wait of its kind.
    pub async fn wait(
        &self,
        ticket: &Ticket,
        options: WaitOptions,
        observe: &(dyn Fn(&str, Duration) + Sync),
    ) -> Result<(), ClientError> {
        if self.is_settled(&ticket.id) {
            return Ok(());
        }
        let (issued, expectation) = self.expectation_of(ticket);
        let started = std::time::Instant::now();
        let mut at = expectation.first();
        let mut polls = 0;
        let mut last_pending = Duration::ZERO;
        let shown = std::sync::Mutex::new(self.dialect.first_state().to_string());
        let tick = || observe(&shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner), started.elapsed());
        loop {
            let remaining = options.timeout.saturating_sub(started.elapsed());
            if !self.sleep_until(issued.at, at.min(issued.at.elapsed() + remaining), &tick).await {
                return Err(ClientError::Cancelled(self.cancel.reason()));
            }
            polls += 1;
            let remaining = options.timeout.saturating_sub(started.elapsed());
            // A status check never runs past the wait's deadline, however long its retries.
            let checked = tokio::time::timeout(remaining, self.progress(ticket)).await;
            let last = match checked.unwrap_or_else(|_| {
                Err(ClientError::Transport {
                    method: "GET",
                    url: self.progress_path(ticket),
                    detail: "no answer before the wait's deadline".into(),
                })
            }) {
                Ok(Progress::Done) => {
                    self.learn(&issued.kind, &expectation, polls, last_pending, issued.at.elapsed());
                    return Ok(());
                }
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
            last_pending = issued.at.elapsed();
            observe(&last, started.elapsed());
            last.clone_into(&mut shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            if started.elapsed() >= options.timeout {
                return Err(ClientError::WaitTimeout {
                    request_id: ticket.id.clone(),
                    timeout: options.timeout,
                    last_status: last,
                });
            }
            at = expectation.after(last_pending);
        }
    }

    /// Waits for many accepted mutations at once. When the API reports many statuses in
    /// one answer ([`Dialect::batch_progress`]), one request per poll serves them all, when
    /// every pending one is likely done (the wait ends with the last anyway; a FAILED one
    /// is seen then too); else each is waited for on its own, concurrently. `observe` sees each ticket's state (by index) as it changes, and
    /// `(None, "")` now and then between polls (to move progress along). The first
    /// FAILED one ends the wait with its error.
    pub async fn wait_many(
        &self,
        tickets: &[Ticket],
        options: WaitOptions,
        observe: &(dyn Fn(Option<usize>, &str) + Sync),
    ) -> Result<(), ClientError> {
        let started = std::time::Instant::now();
        let issued: Vec<(answered::Issued, Expectation)> = tickets.iter().map(|t| self.expectation_of(t)).collect();
        let Some(since) = issued.iter().map(|(i, _)| i.server_at).min() else { return Ok(()) };
        let batch = if self.dry_run.is_none() { self.dialect.batch_progress(since) } else { None };
        let Some((path, query)) = batch.filter(|_| tickets.len() > 1) else {
            let waits = tickets.iter().enumerate().map(|(index, ticket)| async move {
                let seen = |state: &str, _: Duration| observe(Some(index), state);
                self.wait(ticket, options, &seen).await.map(|()| observe(Some(index), "DONE"))
            });
            return futures_util::future::try_join_all(waits).await.map(drop);
        };
        // What each ticket waits behind: earlier ones in this wait whose object it acts on.
        let behind: Vec<Vec<usize>> = issued
            .iter()
            .enumerate()
            .map(|(i, (mine, _))| (0..i).filter(|&j| mine.follows(&issued[j].0)).collect())
            .collect();
        let mut followed: Vec<Followed> = issued
            .iter()
            .map(|(_, e)| Followed::Going { next: e.first(), polls: 0, last_going: Duration::ZERO })
            .collect();
        // The state each pending ticket was last seen in.
        let mut states: Vec<String> = vec![self.dialect.first_state().to_string(); tickets.len()];
        let mut batch_refused = false;
        loop {
            // The wait ends when the last one is done: look when every pending ticket wants
            // a look (the latest of their moments), as time since `started`.
            let starts = likely_starts(&issued, &behind, &followed);
            let due = followed
                .iter()
                .zip(&starts)
                .filter_map(|(f, start)| match f {
                    Followed::Going { next, .. } => Some((*start + *next).saturating_duration_since(started)),
                    Followed::Done(_) => None,
                })
                .max();
            let Some(due) = due else { return Ok(()) };
            let remaining = options.timeout.saturating_sub(started.elapsed());
            if !self.sleep_until(started, due.min(started.elapsed() + remaining), &|| observe(None, "")).await {
                return Err(ClientError::Cancelled(self.cancel.reason()));
            }
            let remaining = options.timeout.saturating_sub(started.elapsed());
            let answer = if batch_refused {
                None
            } else {
                Some(tokio::time::timeout(remaining, self.call(Method::Get, &path, &query, None)).await)
            };
            let mut reported: std::collections::HashMap<String, Progress> = match answer {
                Some(Ok(Ok(response))) => self
                    .dialect
                    .batch_progress_of(&response.body)
                    .into_iter()
                    .map(|(id, p)| (id.to_ascii_lowercase(), p))
                    .collect(),
                // An API that refuses the batch read is asked about each ticket on its own:
                // for the rest of the wait when it refused the read itself (a filter it does
                // not take), for this poll when it failed (a 5xx, unreachable, out of time).
                Some(Ok(Err(ClientError::Api(e)))) => {
                    batch_refused = e.status < 500;
                    Default::default()
                }
                Some(Ok(Err(ClientError::Transport { .. }))) | Some(Err(_)) | None => Default::default(),
                Some(Ok(Err(e))) => return Err(e),
            };
            for (index, ticket) in tickets.iter().enumerate() {
                let Followed::Going { next, polls, last_going } = followed[index] else { continue };
                let (issued, expectation) = &issued[index];
                let polls = polls + 1;
                let progress = match reported.remove(&ticket.id.to_ascii_lowercase()) {
                    Some(progress) => progress,
                    // Not in the answer (an older request than the window, a log cut short):
                    // this one is asked on its own.
                    None => self.progress(ticket).await?,
                };
                // Time since it likely started (after what it waits behind).
                let going_for = starts[index].elapsed();
                match progress {
                    Progress::Done => {
                        // A look timed for this one tells when it was done; one timed for
                        // others, well after this one's own, says only that it was done by
                        // then, which would teach a wrong duration: that is not learned.
                        if going_for <= next.mul_f64(1.1) + Duration::from_millis(50) {
                            self.learn(&issued.kind, expectation, polls, last_going, going_for);
                        }
                        observe(Some(index), "DONE");
                        followed[index] = Followed::Done(starts[index] + going_for.min(next.max(last_going)));
                    }
                    Progress::Failed(message) => {
                        return Err(ClientError::RequestFailed { request_id: ticket.id.clone(), message })
                    }
                    Progress::Pending(state) => {
                        observe(Some(index), &state);
                        followed[index] =
                            Followed::Going { next: expectation.after(going_for), polls, last_going: going_for };
                        states[index] = state;
                    }
                }
            }
            if let Some(pending) = followed
                .iter()
                .position(|f| matches!(f, Followed::Going { .. }))
                .filter(|_| started.elapsed() >= options.timeout)
            {
                return Err(ClientError::WaitTimeout {
                    request_id: tickets[pending].id.clone(),
                    timeout: options.timeout,
                    last_status: states[pending].clone(),
                });
            }
        }
    }

    /// Asks once where an accepted mutation stands.
    pub async fn progress(&self, ticket: &Ticket) -> Result<Progress, ClientError> {
        if self.is_settled(&ticket.id) {
            return Ok(Progress::Done);
        }
        if crate::catalog::segment(&ticket.id).is_none() {
            return Err(ClientError::NotWaitable(format!(
                "'{}' is no {}",
                ticket.id.escape_debug(),
                self.dialect.ticket_hint()
            )));
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
            Some(path) if path.starts_with('/') && !path.split(['/', '?']).any(is_dot_segment) => path.to_string(),
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
        let authorization = match (&self.tokens, self.config.credentials.header()) {
            (Some(tokens), _) => {
                let run = oauth::Run { cancel: &self.cancel, tracer: &self.tracer };
                format!("Bearer {}", tokens.bearer(&self.http, &run).await?)
            }
            (None, header) => header.unwrap_or_default(),
        };
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
        let number = |name: &str| header(name).and_then(|v| v.trim().parse::<u64>().ok());
        self.budget.observe(number("x-ratelimit-limit"), number("x-ratelimit-remaining"), number("x-ratelimit-burst"));
        if let Some(ms) = number(ANNOUNCED_DELAY_HEADER) {
            self.announced_delay_ms.store(ms, Ordering::Relaxed);
        }
        let scale = header(ANNOUNCED_SCALE_HEADER).and_then(|v| v.trim().parse::<f64>().ok());
        // Within what a duration can be scaled by without overflowing (an absurd header
        // must not end a wait in a panic).
        if let Some(scale) = scale.filter(|s| *s > 0.0 && *s <= 1e6) {
            self.announced_scale.store(scale.to_bits(), Ordering::Relaxed);
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
        let mut messages = parsed.map(|b| self.dialect.error_messages(&b)).unwrap_or_default();
        if (300..400).contains(&status) {
            messages.insert(0, redirect_refused(location.as_deref(), &self.config.api_url));
        }
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

/// What a redirect answer tells the user: where it pointed, and that it was not followed.
fn redirect_refused(location: Option<&str>, api_url: &str) -> ApiMessage {
    let origin = url::Url::parse(api_url).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    let location = location.map_or_else(|| "nowhere".into(), |l| crate::secrets::split_url_credentials(l).0);
    ApiMessage {
        code: String::new(),
        message: format!(
            "the API redirected to {location}; ionosh follows no redirects, so that credentials go only to {origin} \
             (check the API URL)"
        ),
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

/// Where one ticket of a batch wait stands.
#[derive(Debug, Clone, Copy)]
enum Followed {
    /// Not seen done yet: the next look and the last one that saw it going, as time since
    /// it likely started; the looks so far.
    Going { next: Duration, polls: u32, last_going: Duration },
    /// Done, likely by this moment.
    Done(std::time::Instant),
}

/// When each ticket likely started: when it was accepted, or, when it acts on the object of
/// earlier ones, when the last of those is (likely) done, as the API carries them out one
/// after the other.
fn likely_starts(
    issued: &[(answered::Issued, Expectation)],
    behind: &[Vec<usize>],
    followed: &[Followed],
) -> Vec<std::time::Instant> {
    let mut starts: Vec<std::time::Instant> = Vec::with_capacity(issued.len());
    for (index, (mine, _)) in issued.iter().enumerate() {
        let start = behind[index]
            .iter()
            .map(|&j| match followed[j] {
                Followed::Done(at) => at,
                Followed::Going { next, .. } => starts[j] + next,
            })
            .fold(mine.at, std::cmp::Ord::max);
        starts.push(start);
    }
    starts
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

/// Whether a path segment is one a URL reads as a way up or as this place (`..`, `%2e.`).
fn is_dot_segment(segment: &str) -> bool {
    let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
    decoded == "." || decoded == ".."
}

/// Percent-encodes a query key or value.
fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
