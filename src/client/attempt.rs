//! One attempt at a request: the credentials it carries, the request as sent (traced), and
//! its answer read: the server's clock, the rate limit and the emulator's announced delays
//! observed, the body parsed, and a success's ticket or an error's messages found.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{
    bounded, oauth, ApiError, ApiMessage, Attempt, Client, ClientError, Method, Payload, Response,
    ANNOUNCED_DELAY_HEADER, ANNOUNCED_SCALE_HEADER, CALL_HEADER,
};

/// An attempt's answer as it came: status, headers and body text.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Answer {
    /// A header's value, when it is text.
    fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
    }

    /// A header's value, when it is a whole number.
    fn number(&self, name: &str) -> Option<u64> {
        self.header(name).and_then(|v| v.trim().parse::<u64>().ok())
    }
}

/// How one attempt ended when it did not end the call: what the retry policy decides on, and
/// the error it is if not tried again.
type Failed = (Attempt, ClientError);

impl Client {
    /// One attempt. The outer error is final (interrupted); the inner one may be retried.
    pub(super) async fn attempt(
        &self,
        method: Method,
        path: &str,
        url: &str,
        body: Option<&Payload>,
        marker: Option<&str>,
    ) -> Result<Result<Response, Failed>, ClientError> {
        let authorization = self.authorization().await?;
        let request = self.request(method, url, authorization, body, marker);
        let answer = match self.exchanged(request, method, url).await? {
            Ok(answer) => answer,
            Err(failed) => return Ok(Err(failed)),
        };
        self.observe(&answer);
        self.read(method, path, answer)
    }

    /// The `Authorization` header: a bearer token (fetched when the credentials are OAuth's),
    /// or the credentials' own.
    async fn authorization(&self) -> Result<String, ClientError> {
        Ok(match (&self.tokens, self.config.credentials.header()) {
            (Some(tokens), _) => {
                let run = oauth::Run { cancel: &self.cancel, tracer: &self.tracer };
                format!("Bearer {}", tokens.bearer(&self.http, &run).await?)
            }
            (None, header) => header.unwrap_or_default(),
        })
    }

    /// The request as sent (and traced, its credentials masked): the configured headers, the
    /// call's marker, and its body.
    fn request(
        &self,
        method: Method,
        url: &str,
        authorization: String,
        body: Option<&Payload>,
        marker: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let body_text = body.map(Payload::text);
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
        request
    }

    /// Sends the request and reads its answer whole, unless interrupted; a transport failure
    /// says whether the request may have reached the server.
    async fn exchanged(
        &self,
        request: reqwest::RequestBuilder,
        method: Method,
        url: &str,
    ) -> Result<Result<Answer, Failed>, ClientError> {
        let started = Instant::now();
        let limit = self.config.max_answer;
        let sent = async {
            let response = request.send().await.map_err(bounded::Refused::Transport)?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let text = bounded::read(response, limit).await?;
            Ok::<_, bounded::Refused>(Answer { status, headers, text })
        };
        let result = tokio::select! {
            result = sent => result,
            _ = self.cancel.cancelled() => return Err(ClientError::Cancelled(self.cancel.reason())),
        };
        let result = match result {
            Ok(answer) => Ok(answer),
            Err(bounded::Refused::Transport(e)) => Err(e),
            Err(bounded::Refused::TooLarge(detail)) => {
                self.tracer.failure(started.elapsed(), &detail);
                return Err(ClientError::Oversized { method: method.as_str(), path: url.to_string(), detail });
            }
        };
        match result {
            Ok(answer) => {
                self.tracer.response(answer.status, started.elapsed(), &answer.text);
                Ok(Ok(answer))
            }
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
                Ok(Err((kind, error)))
            }
        }
    }

    /// What every answer tells beyond itself: the server's clock, the rate limit, and the
    /// delays ionosh's emulator announces.
    fn observe(&self, answer: &Answer) {
        if let Some(date) = answer.header("date") {
            self.observe_clock(&date);
        }
        let limit = (answer.number("x-ratelimit-limit"), answer.number("x-ratelimit-remaining"));
        self.budget.observe(limit.0, limit.1, answer.number("x-ratelimit-burst"));
        if let Some(ms) = answer.number(ANNOUNCED_DELAY_HEADER) {
            self.announced_delay_ms.store(ms, Ordering::Relaxed);
        }
        let scale = answer.header(ANNOUNCED_SCALE_HEADER).and_then(|v| v.trim().parse::<f64>().ok());
        // Within what a duration can be scaled by without overflowing (an absurd header
        // must not end a wait in a panic).
        if let Some(scale) = scale.filter(|s| *s > 0.0 && *s <= 1e6) {
            self.announced_scale.store(scale.to_bits(), Ordering::Relaxed);
        }
    }

    /// A success's body (JSON, or text where the API answers text) and ticket; an error
    /// answer's messages, request id and `Retry-After`. The outer error is final (a success
    /// that is not the JSON it claims).
    fn read(&self, method: Method, path: &str, answer: Answer) -> Result<Result<Response, Failed>, ClientError> {
        let location = answer.header("location");
        let Answer { status, text, .. } = &answer;
        if let Some(detail) = bounded::too_many_values(text, crate::memory::limit()) {
            return Err(ClientError::Oversized { method: method.as_str(), path: path.to_string(), detail });
        }
        let parsed =
            if text.trim().is_empty() { Ok(Value::Object(Default::default())) } else { serde_json::from_str(text) };
        if (200..300).contains(status) {
            let json = answer.header("content-type").is_none_or(|t| t.contains("json"));
            let body = match parsed {
                Ok(body) => body,
                // Some answers are text by design (a v6 kubeconfig is YAML).
                Err(_) if !json => Value::String(text.clone()),
                Err(e) => {
                    let detail = e.to_string();
                    return Err(ClientError::Decode { method: method.as_str(), path: path.to_string(), detail });
                }
            };
            let ticket = self.dialect.ticket(location.as_deref(), &body);
            return Ok(Ok(Response { status: *status, body, ticket }));
        }
        let request_id = self.dialect.ticket(location.as_deref(), &Value::Null).map(|t| t.id);
        let mut messages = parsed.map(|b| self.dialect.error_messages(&b)).unwrap_or_default();
        if (300..400).contains(status) {
            messages.insert(0, redirect_refused(location.as_deref(), &self.config.api_url));
        }
        let retry_after = answer.number("retry-after").map(Duration::from_secs);
        let error = ClientError::Api(ApiError {
            status: *status,
            messages,
            request_id,
            method: method.as_str(),
            path: path.to_string(),
        });
        Ok(Err((Attempt::Status { status: *status, retry_after }, error)))
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
