//! Answers bounded before they are held: a body past the answer limit is not read on, and a
//! JSON body whose values would take more memory than a script may hold is not parsed. A
//! broken or hostile server then ends one call with an error, never the process.

/// How large an answer may be, in bytes ([`AnswerLimit::DEFAULT_MIB`] by default, or
/// `--max-answer`): past it the answer is not read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerLimit(pub u64);

impl AnswerLimit {
    /// The default limit, in MiB: far past any list the APIs answer.
    pub const DEFAULT_MIB: u64 = 64;

    /// A limit of `mib` MiB.
    pub fn mib(mib: u64) -> Self {
        AnswerLimit(mib.saturating_mul(1024 * 1024))
    }

    fn in_mib(self) -> u64 {
        self.0 / (1024 * 1024)
    }
}

impl Default for AnswerLimit {
    fn default() -> Self {
        AnswerLimit::mib(Self::DEFAULT_MIB)
    }
}

/// Why an answer was not taken.
#[derive(Debug)]
pub enum Refused {
    /// The body did not arrive whole.
    Transport(reqwest::Error),
    /// The body is larger than the limit.
    TooLarge(String),
}

/// The body of `response` as text, read in chunks and given up as soon as it passes `limit`
/// (at once when its `Content-Length` says it will).
pub async fn read(mut response: reqwest::Response, limit: AnswerLimit) -> Result<String, Refused> {
    let too_large = || {
        Refused::TooLarge(format!(
            "the answer is larger than {} MiB, the most ionosh reads (raise it with --max-answer)",
            limit.in_mib()
        ))
    };
    if response.content_length().is_some_and(|length| length > limit.0) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Refused::Transport)? {
        if body.len() as u64 + chunk.len() as u64 > limit.0 {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// What one JSON value costs once parsed and turned into a script value, beyond its text:
/// the parsed node, the script's value and the map or array entry holding it.
const VALUE_COST: u64 = 128;

/// About how many bytes the JSON `text` takes once parsed and turned into script values:
/// each value counted at [`VALUE_COST`] and its text once more. A lexical pass, without
/// parsing: `[{},{},…]` is a few bytes a value in text and a hundred times that in memory.
pub fn held_when_parsed(text: &str) -> u64 {
    let mut values: u64 = 1;
    let mut in_string = false;
    let mut escaped = false;
    for byte in text.bytes() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            // Each container holds values; each `,` and `:` starts another one.
            b'{' | b'[' | b',' | b':' => values += 1,
            _ => {}
        }
    }
    values.saturating_mul(VALUE_COST).saturating_add(text.len() as u64)
}

/// The reason not to parse `text` when its values would take more than `memory_limit` bytes
/// (a script's limit; 0: none).
pub fn too_many_values(text: &str, memory_limit: usize) -> Option<String> {
    let limit = memory_limit as u64;
    // A value takes at least two bytes of text (`1,`): an answer whose every pair of bytes
    // could be one still fits needs no count (every answer but the largest).
    let most = (text.len() as u64 / 2 + 1).saturating_mul(VALUE_COST).saturating_add(text.len() as u64);
    if limit == 0 || most <= limit {
        return None;
    }
    let held = held_when_parsed(text);
    (limit > 0 && held > limit).then(|| {
        format!(
            "the answer ({} KiB) would take about {} MiB as script values, more than the script's memory limit of {} MiB \
             (raise it with --max-memory)",
            text.len() / 1024,
            held / (1024 * 1024),
            limit / (1024 * 1024)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_counted_outside_strings_only() {
        assert_eq!(held_when_parsed("{}"), 2 * VALUE_COST + 2);
        let text = r#"{"a":"x,y:{[","b":[1,2]}"#;
        // One to start with, then `{`, two `:`, two `,` and `[`: `"x,y:{["` is one string.
        assert_eq!(held_when_parsed(text), 7 * VALUE_COST + text.len() as u64);
        let empties = format!("[{}{{}}]", "{},".repeat(1000));
        assert!(too_many_values(&empties, 64 * 1024).is_some());
        assert!(too_many_values(&empties, 0).is_none(), "no limit, no refusal");
        assert!(too_many_values(r#"{"items":[]}"#, 64 * 1024).is_none());
    }
}
