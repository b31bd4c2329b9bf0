//! Tolerant request-body parsing: the classic SDK sends JSON without a `Content-Type`, and
//! some actions send form fields, so the body is read as JSON whatever the header says, as
//! form fields when the header says so, and refused in the API's error shape otherwise.
//! Bodies are read whole before any answer, even ones refused for their size (up to a
//! point), so a client still sending reads the error instead of a broken pipe; a body that
//! stops arriving is answered 408.

use std::time::Duration;

use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use futures_util::StreamExt;
use serde_json::{Map, Value};

use super::error::ErrorReply;

/// The largest request body the emulator takes (as before bodies were read by hand).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// How much of a body is read in all before answering anyway (the rest is not waited for).
const DRAIN_LIMIT: usize = 256 * 1024 * 1024;

/// How long the next part of a body may take to arrive.
const STALL: Duration = Duration::from_secs(30);

/// When a request's body must have arrived whole (a request extension; without one, only
/// stalls are limited).
#[derive(Debug, Clone, Copy)]
pub struct Deadline(pub tokio::time::Instant);

/// Reads a body to its end: its bytes when within [`BODY_LIMIT`], else a 413 once the rest
/// was read and dropped (up to [`DRAIN_LIMIT`]); 408 when it stalls or is not whole by
/// `deadline`, 400 when it breaks off.
pub async fn read(body: axum::body::Body, deadline: Option<Deadline>) -> Result<Vec<u8>, ErrorReply> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    loop {
        let stalled = tokio::time::Instant::now() + STALL;
        let until = deadline.map_or(stalled, |Deadline(at)| at.min(stalled));
        let chunk = match tokio::time::timeout_at(until, stream.next()).await {
            Err(_) => {
                return Err(ErrorReply::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "The request body did not arrive in time: it stopped, or came too slowly",
                ));
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => return Err(ErrorReply::parse(format!("The request body could not be read: {e}"))),
            Ok(Some(Ok(chunk))) => chunk,
        };
        seen = seen.saturating_add(chunk.len());
        if seen <= BODY_LIMIT {
            bytes.extend_from_slice(&chunk);
        } else if seen > DRAIN_LIMIT {
            break;
        }
    }
    if seen > BODY_LIMIT {
        return Err(ErrorReply::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body is larger than {} MiB", BODY_LIMIT / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

/// A request body: its parsed value (`null` when empty) and its raw text (kept in the
/// request record).
#[derive(Debug)]
pub struct RequestBody {
    /// The parsed body.
    pub value: Value,
    /// The body as sent.
    pub raw: String,
}

impl<S: Send + Sync> FromRequest<S> for RequestBody {
    type Rejection = ErrorReply;

    async fn from_request(req: Request, _: &S) -> Result<Self, ErrorReply> {
        let content_type =
            req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let form = content_type.starts_with("application/x-www-form-urlencoded");
        // A text document (a DNS zone file) is its text.
        let text = content_type.starts_with("text/plain");
        let deadline = req.extensions().get::<Deadline>().copied();
        let bytes = read(req.into_body(), deadline).await?;
        let raw = String::from_utf8(bytes)
            .map_err(|e| ErrorReply::parse(format!("The request body is not valid UTF-8: {e}")))?;
        let value = if text { Value::String(raw.clone()) } else { parse(&raw, form)? };
        Ok(RequestBody { value, raw })
    }
}

fn parse(raw: &str, form: bool) -> Result<Value, ErrorReply> {
    if raw.trim().is_empty() {
        return Ok(Value::Null);
    }
    match serde_json::from_str(raw) {
        Ok(value) => Ok(value),
        Err(_) if form => Ok(Value::Object(
            url::form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
                .collect::<Map<_, _>>(),
        )),
        Err(e) => Err(ErrorReply::parse(format!("The request body is not valid JSON: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form_and_empty_bodies() {
        assert_eq!(parse(" ", false).ok(), Some(Value::Null));
        assert_eq!(parse(r#"{"a":1}"#, false).ok(), Some(serde_json::json!({"a": 1})));
        assert_eq!(
            parse("name=x&description=None", true).ok(),
            Some(serde_json::json!({"name": "x", "description": "None"}))
        );
        assert!(parse("{nope", false).is_err());
    }

    fn refused_with_400(result: Result<Value, ErrorReply>) -> bool {
        use axum::response::IntoResponse;
        result.map_or_else(|e| e.into_response().status() == 400, |_| true)
    }

    proptest::proptest! {
        /// Any bytes at all, as JSON or as form fields: parsed, or refused with a 400.
        #[test]
        fn any_body_parses_or_is_refused_with_400(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512), form: bool) {
            let raw = String::from_utf8_lossy(&bytes);
            proptest::prop_assert!(refused_with_400(parse(&raw, form)));
        }

        /// Text shaped like JSON (brackets, quotes, numbers, deep nesting) never panics either.
        #[test]
        fn json_like_text_parses_or_is_refused_with_400(raw in r#"[\[\]{}:,"a-z0-9.eE+\- \\]{0,300}"#, depth in 0usize..400) {
            let nested = format!("{}{raw}{}", "[".repeat(depth), "]".repeat(depth));
            proptest::prop_assert!(refused_with_400(parse(&nested, false)));
        }
    }
}
