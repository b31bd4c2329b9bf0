//! Errors thrown into scripts. Every error is a map a script can catch and inspect:
//! `#{ kind, status, code, message, request_id, method, path }` (plus `field` for validation
//! errors), so `try { ... } catch (e) { if e.status == 404 { ... } }` works.

use rhai::{Dynamic, EvalAltResult, Map, Position};

use crate::catalog::FieldError;
use crate::client::ClientError;

/// The error kinds a script can see in `e.kind`.
pub mod kind {
    /// The API answered with an error status.
    pub const API: &str = "api";
    /// The request could not be sent or its answer read.
    pub const TRANSPORT: &str = "transport";
    /// A request the API accepted ended FAILED.
    pub const FAILED: &str = "failed";
    /// A wait ran out of time.
    pub const TIMEOUT: &str = "timeout";
    /// The user pressed Ctrl-C.
    pub const CANCELLED: &str = "cancelled";
    /// A value failed a resource's or option's rules before anything was sent.
    pub const VALIDATION: &str = "validation";
    /// A function was called with the wrong arguments.
    pub const USAGE: &str = "usage";
    /// A create whose answer was lost may have been accepted, and the API cannot tell which
    /// request was ours: it was not sent again.
    pub const AMBIGUOUS: &str = "ambiguous";
    /// A value is beyond what the sandbox handles (nested too deeply).
    pub const LIMIT: &str = "limit";
    /// An object named by its name was not found (`status` 404, as for an unknown id).
    pub const NOT_FOUND: &str = "not_found";
    /// The token endpoint did not give a token for the credentials.
    pub const LOGIN: &str = "login";
}

/// Builds the error map with the given kind and message; other keys start empty.
fn error_map(kind: &str, message: String) -> Map {
    let mut map = Map::new();
    map.insert("kind".into(), kind.into());
    map.insert("status".into(), Dynamic::from_int(0));
    map.insert("code".into(), "".into());
    map.insert("message".into(), message.into());
    map.insert("request_id".into(), "".into());
    map.insert("method".into(), "".into());
    map.insert("path".into(), "".into());
    map
}

fn throw(map: Map) -> Box<EvalAltResult> {
    EvalAltResult::ErrorRuntime(map.into(), Position::NONE).into()
}

/// A client error as a script error.
pub fn client(error: ClientError) -> Box<EvalAltResult> {
    let map = match error {
        ClientError::Api(e) => {
            let mut map = error_map(kind::API, e.message());
            map.insert("status".into(), Dynamic::from_int(i64::from(e.status)));
            map.insert("code".into(), e.code().into());
            map.insert("request_id".into(), e.request_id.clone().unwrap_or_default().into());
            map.insert("method".into(), e.method.into());
            map.insert("path".into(), e.path.clone().into());
            map
        }
        ClientError::RequestFailed { ref request_id, .. } | ClientError::WaitTimeout { ref request_id, .. } => {
            let kind = if matches!(error, ClientError::RequestFailed { .. }) { kind::FAILED } else { kind::TIMEOUT };
            let mut map = error_map(kind, error.to_string());
            map.insert("request_id".into(), request_id.clone().into());
            map
        }
        ClientError::Cancelled(_) => error_map(kind::CANCELLED, error.to_string()),
        ClientError::Transport { method, .. }
        | ClientError::Decode { method, .. }
        | ClientError::Oversized { method, .. } => {
            let mut map = error_map(kind::TRANSPORT, error.to_string());
            map.insert("method".into(), method.into());
            map
        }
        ClientError::NotWaitable(_) | ClientError::Incomplete(_) => error_map(kind::USAGE, error.to_string()),
        ClientError::Login { .. } => error_map(kind::LOGIN, error.to_string()),
        ClientError::Ambiguous { method, ref path, .. } => {
            let mut map = error_map(kind::AMBIGUOUS, error.to_string());
            map.insert("method".into(), method.into());
            map.insert("path".into(), path.clone().into());
            map
        }
    };
    throw(map)
}

/// A thrown error map with one more key, e.g. the `statuses` of the other requests of a
/// `wait_all` whose request failed.
pub fn with_detail(mut error: Box<EvalAltResult>, key: &str, value: Dynamic) -> Box<EvalAltResult> {
    if let EvalAltResult::ErrorRuntime(thrown, _) = error.as_mut() {
        if let Some(mut map) = thrown.write_lock::<Map>() {
            map.insert(key.into(), value);
        }
    }
    error
}

/// A field that failed validation, in a resource (`Datacenter`) or a function's options.
pub fn validation(owner: &str, error: &FieldError) -> Box<EvalAltResult> {
    let mut map = error_map(kind::VALIDATION, format!("{owner}: '{}' {}", error.rhai, error.message));
    map.insert("field".into(), error.rhai.clone().into());
    throw(map)
}

/// A function called the wrong way.
pub fn usage(function: &str, message: impl std::fmt::Display) -> Box<EvalAltResult> {
    throw(error_map(kind::USAGE, format!("{function}: {message}")))
}

/// An object looked up by name that does not exist: `status` 404, like an unknown id.
pub fn not_found(function: &str, message: impl std::fmt::Display) -> Box<EvalAltResult> {
    let mut map = error_map(kind::NOT_FOUND, format!("{function}: {message}"));
    map.insert("status".into(), Dynamic::from_int(404));
    throw(map)
}

/// A name several objects have: `candidates` holds their ids, as the stdlib's ambiguities do.
pub fn ambiguous(function: &str, message: impl std::fmt::Display, candidates: Vec<String>) -> Box<EvalAltResult> {
    let mut map = error_map(kind::AMBIGUOUS, format!("{function}: {message}"));
    map.insert("candidates".into(), candidates.into_iter().map(Dynamic::from).collect::<rhai::Array>().into());
    throw(map)
}

/// An object that reached a failed status (`ERROR`) instead of the one waited for; `status`
/// holds it.
pub fn failed(message: String, status: &str) -> Box<EvalAltResult> {
    let mut map = error_map(kind::FAILED, message);
    map.insert("code".into(), status.into());
    throw(map)
}

/// A value beyond the sandbox's limits.
pub fn limit(message: impl std::fmt::Display) -> Box<EvalAltResult> {
    throw(error_map(kind::LIMIT, message.to_string()))
}

/// A wait that ran out of time without a request id (`wait_for`).
pub fn timeout(message: String, request_id: Option<String>) -> Box<EvalAltResult> {
    let mut map = error_map(kind::TIMEOUT, message);
    map.insert("request_id".into(), request_id.unwrap_or_default().into());
    throw(map)
}

/// The script was interrupted, or its time ran out.
pub fn cancelled(why: crate::client::Stop) -> Box<EvalAltResult> {
    client(ClientError::Cancelled(why))
}

/// `result` with its error placed at the call in `ctx` when it has no position of its own:
/// Rhai places the errors of global functions, not those of a namespace's (`ionos::`, `nf::`).
pub fn placed<T>(
    ctx: &rhai::NativeCallContext,
    result: Result<T, Box<EvalAltResult>>,
) -> Result<T, Box<EvalAltResult>> {
    result.map_err(|mut error| {
        if error.position().is_none() {
            error.set_position(ctx.call_position());
        }
        error
    })
}
