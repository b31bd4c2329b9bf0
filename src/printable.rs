//! Text from an API or a script made safe for a terminal: control characters (C0, DEL and
//! C1, which carry escape sequences that retitle, clear or rewrite a user's terminal) and
//! bidirectional overrides (which make text read other than it is) are shown escaped,
//! `\u{1b}`, never sent as they are; JSON output escapes them as `\u009b`.

use std::borrow::Cow;

/// Whether a character must not reach a terminal as it is (newline and tab aside).
fn is_control(c: char) -> bool {
    is_unsafe(c) && c != '\n' && c != '\t'
}

/// Control characters and the marks that reorder text (bidirectional embeddings, overrides
/// and isolates).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// JSON text with the characters serde_json leaves as they are but a terminal must not get
/// (C1 controls, bidirectional marks) escaped as `\uXXXX`; JSON's own syntax is ASCII, so
/// these can only be inside strings, where the escape means the same character.
pub fn json_safe(json: String) -> String {
    if !json.chars().any(is_unsafe) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) && !c.is_ascii() {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The text with control characters escaped; newlines and tabs kept.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_where(text, is_control)
}

/// The text on one line: control characters escaped, newlines and tabs too (`\n`, `\t`).
pub fn escape_line(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

fn escape_where(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if escaped(c) => out.push_str("\\n"),
            '\t' if escaped(c) => out.push_str("\\t"),
            '\r' if escaped(c) => out.push_str("\\r"),
            c if escaped(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        let hostile = "dc\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\r";
        assert_eq!(escape(hostile), "dc\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{9b}31m\\r");
        assert_eq!(escape("two\nlines\tok"), "two\nlines\tok");
        assert_eq!(escape_line("two\nlines\tok"), "two\\nlines\\tok");
        assert!(matches!(escape("plain ünïcode"), Cow::Borrowed(_)));
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
    }

    #[test]
    fn json_escapes_c1_controls_and_bidi_marks() {
        let json = serde_json::json!({"name": "a\u{9b}31m\u{202e}b\u{2067}c ü"}).to_string();
        let safe = json_safe(json);
        assert_eq!(safe, r#"{"name":"a\u009b31m\u202eb\u2067c ü"}"#);
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back["name"], "a\u{9b}31m\u{202e}b\u{2067}c ü");
    }
}
