//! Turning script errors into the one line a user reads: `file:line:col: message`.

use rhai::{Dynamic, EvalAltResult, Map, ParseError, ParseErrorType, Position};

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

/// A syntax error in `text` for display. A missing token or an early end is placed right
/// after the last thing written before it — the end of the line with the mistake — not at
/// the start of the next line or the end of the text.
pub fn parse_error(file: &str, text: &str, error: &ParseError) -> String {
    let position = match error.err_type() {
        ParseErrorType::MissingToken(..) | ParseErrorType::UnexpectedEOF => after_last_token(text, error.position()),
        _ => error.position(),
    };
    let line = format!("{}: syntax error: {}", locate(file, position), error.err_type());
    crate::printable::escape(&line).into_owned()
}

/// The position just after the last non-blank character before `position` (the end of the
/// text when it has none), when that character is on an earlier line.
fn after_last_token(text: &str, position: Position) -> Position {
    let lines: Vec<&str> = text.split('\n').collect();
    let (line, col) = match (position.line(), position.position()) {
        (Some(line), col) => (line, col.unwrap_or(1)),
        _ => (lines.len(), usize::MAX),
    };
    // Everything before the position, as (line, column) of each character.
    let mut last = None;
    for (index, text_line) in lines.iter().enumerate().take(line) {
        let number = index + 1;
        for (i, c) in text_line.chars().enumerate() {
            if number == line && i + 1 >= col {
                break;
            }
            if !c.is_whitespace() {
                last = Some((number, i + 1));
            }
        }
    }
    // Only a mistake reported on a later line (or at the end) is moved back to its own.
    match last {
        Some((last_line, col)) if last_line < line || position.is_none() => {
            Position::new(u16::try_from(last_line).unwrap_or(u16::MAX), u16::try_from(col + 1).unwrap_or(u16::MAX))
        }
        _ => position,
    }
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
        EvalAltResult::ErrorFunctionNotFound(call, position) => (*position, function_not_found(call), None),
        other => {
            let position = other.position();
            let text = other.to_string();
            let suffix = format!(" ({position})");
            let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
            (position, message, None)
        }
    }
}

/// What to say when no function matches a call Rhai describes as `name (type, type)`: the
/// forms the function has (from the catalog) or the closest known name, and the argument
/// types in the script's words.
fn function_not_found(call: &str) -> String {
    let (name, types) = call.split_once(" (").unwrap_or((call, ")"));
    let got: Vec<&str> =
        types.strip_suffix(')').unwrap_or(types).split(", ").filter(|t| !t.is_empty()).map(script_type).collect();
    let got = got.join(", ");
    let known = super::functions(crate::provider::ALL);
    let forms: Vec<&str> = known.iter().filter(|s| s.name == name).map(|s| s.signature.as_str()).collect();
    if forms.is_empty() {
        let hint = crate::suggest::did_you_mean(name, known.iter().map(|s| s.name.as_str()));
        format!("no function '{name}' takes ({got}){hint}")
    } else {
        format!("{name} cannot be called with ({got}); it is called {}", forms.join(" or "))
    }
}

/// A Rhai type name as scripts call it: `&str | ImmutableString | String` is a string.
fn script_type(rust: &str) -> &str {
    match rust.trim() {
        t if t.contains("ImmutableString") || t.contains("String") || t == "&str" => "string",
        "i64" | "i32" | "INT" => "int",
        "f64" | "f32" | "FLOAT" => "float",
        "rhai::Map" | "Map" | "map" => "map",
        "rhai::Array" | "Array" | "array" => "array",
        "rhai::Blob" | "Blob" | "blob" => "blob",
        "rhai::FnPtr" | "FnPtr" | "Fn" => "Fn",
        "()" => "()",
        other => other,
    }
}

fn locate(file: &str, position: Position) -> String {
    match (position.line(), position.position()) {
        (Some(line), Some(col)) => format!("{file}:{line}:{col}"),
        (Some(line), None) => format!("{file}:{line}"),
        _ => file.to_string(),
    }
}
