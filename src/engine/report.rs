//! Turning script errors into the one line a user reads: `file:line:col: message`.

use rhai::{Dynamic, EvalAltResult, Map, ParseError, Position};

use crate::client::reason;

/// A script error for display: the innermost position and a readable message, control
/// characters (an API's message, a name) escaped.
pub fn runtime_error(file: &str, error: &EvalAltResult) -> String {
    let (position, message, context) = unwrap(error);
    let mut line = format!("{}: {message}", locate(file, position));
    if let Some(context) = context {
        line.push_str(&format!(" ({context})"));
    }
    crate::printable::escape(&line).into_owned()
}

/// A script error's message alone, without where it happened, control characters escaped.
pub fn error_message(error: &EvalAltResult) -> String {
    crate::printable::escape(&unwrap(error).1).into_owned()
}

/// A syntax error for display.
pub fn parse_error(file: &str, error: &ParseError) -> String {
    let line = format!("{}: syntax error: {}", locate(file, error.position()), error.err_type());
    crate::printable::escape(&line).into_owned()
}

/// The message a thrown value stands for: error maps made by the bindings are worded from
/// their fields, anything else a script threw is shown as it is.
pub fn thrown_value(value: &Dynamic) -> String {
    match value.read_lock::<Map>() {
        Some(map) if map.contains_key("kind") && map.contains_key("message") => error_map(&map),
        _ => format!("uncaught exception: {}", super::convert::display_text(value)),
    }
}

fn error_map(map: &Map) -> String {
    let text = |key: &str| map.get(key).map(super::convert::display_text).unwrap_or_default();
    let message = text("message");
    if text("kind") != "api" {
        return message;
    }
    let status = map.get("status").and_then(|v| v.as_int().ok()).unwrap_or_default();
    let mut line = format!(
        "{status} {} on {} {}: {message}",
        reason(u16::try_from(status).unwrap_or_default()),
        text("method"),
        text("path")
    );
    let code = text("code");
    if !code.is_empty() {
        line.push_str(&format!(" (error code {code})"));
    }
    line
}

/// Walks nested errors to the innermost one, keeping the call chain as context.
fn unwrap(error: &EvalAltResult) -> (Position, String, Option<String>) {
    match error {
        // A function of an imported module: the caller's line is where the user looks; the
        // module's line goes into the context.
        EvalAltResult::ErrorInFunctionCall(name, source, inner, position) if !source.is_empty() => {
            let (inner_pos, message, _) = unwrap(inner);
            (*position, message, Some(format!("in function '{name}' of {}", locate(source, inner_pos))))
        }
        EvalAltResult::ErrorInFunctionCall(name, _, inner, position) => {
            let (inner_pos, message, context) = unwrap(inner);
            let here = format!("in function '{name}' called at line {}", position.line().unwrap_or(0));
            let position = if inner_pos.is_none() { *position } else { inner_pos };
            (position, message, Some(context.map_or(here.clone(), |c| format!("{c}, {here}"))))
        }
        EvalAltResult::ErrorInModule(name, inner, position) => {
            let (inner_pos, message, _) = unwrap(inner);
            let position = if inner_pos.is_none() { *position } else { inner_pos };
            (position, message, Some(format!("in module '{name}'")))
        }
        EvalAltResult::ErrorRuntime(value, position) => (*position, thrown_value(value), None),
        EvalAltResult::ErrorTerminated(reason, position) => (*position, reason.to_string(), None),
        other => {
            let position = other.position();
            let text = other.to_string();
            let suffix = format!(" ({position})");
            let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
            (position, message, None)
        }
    }
}

fn locate(file: &str, position: Position) -> String {
    match (position.line(), position.position()) {
        (Some(line), Some(col)) => format!("{file}:{line}:{col}"),
        (Some(line), None) => format!("{file}:{line}"),
        _ => file.to_string(),
    }
}
