//! Filters as the list APIs match them: text ignoring case, with `%` (any run) and `_` (one
//! character) as wildcards, booleans written any way (`True`, `true`). The emulator filters
//! its lists this way, and the client checks what a list answered against the same rule.

use serde_json::Value;

/// Whether `value` matches the filter `wanted`: text ignoring case, with `%` (any run) and
/// `_` (one character) as wildcards; booleans written any way (`True`, `true`).
pub fn matches(value: &Value, wanted: &str) -> bool {
    match value {
        Value::String(text) => like(&text.to_lowercase(), &wanted.to_lowercase()),
        Value::Bool(b) => wanted.eq_ignore_ascii_case(if *b { "true" } else { "false" }),
        Value::Number(n) => n.to_string() == wanted,
        Value::Array(items) => items.iter().any(|item| matches(item, wanted)),
        _ => false,
    }
}

/// SQL LIKE over characters: `%` any run, `_` any one.
fn like(text: &str, pattern: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    let pattern: Vec<char> = pattern.chars().collect();
    // The classic two-pointer match with backtracking to the last `%`.
    let (mut t, mut p, mut star, mut mark) = (0, 0, None, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '_' || pattern[p] == text[t]) {
            t += 1;
            p += 1;
        } else if p < pattern.len() && pattern[p] == '%' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '%')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn like_matches_wildcards_and_nothing_else() {
        assert!(like("web-1", "web%"));
        assert!(like("web-1", "%-_"));
        assert!(like("web-1", "web-1"));
        assert!(!like("web-1", "web"));
        assert!(!like("web-12", "web-_"));
        assert!(like("", "%"));
    }

    #[test]
    fn filters_ignore_case_and_read_python_booleans() {
        assert!(matches(&json!("Echo"), "echo"));
        assert!(matches(&json!(true), "True"));
        assert!(matches(&json!(["#a", "#b"]), "#b"));
        assert!(!matches(&Value::Null, "x"));
    }
}
