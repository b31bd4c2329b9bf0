//! Error answers: a status and a message. Each provider's emulation gives the body its API's
//! shape (see [`Emulation::error_body`](super::Emulation::error_body)); the router adds it to
//! every error answer on the way out, whichever layer made it.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An error answer, before its body is shaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReply {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for a user to read.
    pub message: String,
    /// Seconds a client should wait before trying again (sent as `Retry-After`).
    pub retry_after: Option<u64>,
}

/// Marks a response as an error answer whose body the router shapes for the provider.
#[derive(Debug, Clone)]
pub struct Unshaped(pub ErrorReply);

impl ErrorReply {
    /// An error answer with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ErrorReply { status, message: message.into(), retry_after: None }
    }

    /// 404: the path names nothing that exists.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Resource does not exist")
    }

    /// 422: the request is understood but its content is refused.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// 403: the object may not be changed by anyone (a public image).
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 400: the body cannot be parsed.
    pub fn parse(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401: missing or wrong credentials.
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized")
    }

    /// 405: the path exists but not with this method.
    pub fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed for this resource")
    }

    /// 429: too many requests; try again after `retry_after` seconds.
    pub fn too_many_requests(message: impl Into<String>, retry_after: u64) -> Self {
        ErrorReply { retry_after: Some(retry_after), ..Self::new(StatusCode::TOO_MANY_REQUESTS, message) }
    }

    /// 500: the emulator itself failed (e.g. its state could not be written).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl IntoResponse for ErrorReply {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(Unshaped(self));
        response
    }
}
