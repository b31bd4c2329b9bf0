//! Text from an API or a script made safe for a terminal: control characters (C0, DEL and
//! C1, which carry escape sequences that retitle, clear or rewrite a user's terminal) are
//! shown escaped, `\u{1b}`, never sent as they are.

use std::borrow::Cow;

/// Whether a character must not reach a terminal as it is (newline and tab aside).
fn is_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The text with control characters escaped; newlines and tabs kept.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_where(text, is_control)
}

/// The text on one line: control characters escaped, newlines and tabs too (`\n`, `\t`).
pub fn escape_line(text: &str) -> Cow<'_, str> {
    escape_where(text, char::is_control)
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
    }
}
