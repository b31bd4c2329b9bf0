//! The one rule for secrets in anything ionosh prints or records: traces, errors, dry-run
//! output, and the emulator's request log.

use serde_json::Value;

/// What a masked value is replaced with.
pub const MASK: &str = "***";

/// Whether a JSON key names a secret: passwords, image passwords, S3 secret keys, tokens,
/// NetFoundry's one-time enrollment tokens (`jwt`) and registration keys, and cloud-init
/// user data (which carries such keys to a VM).
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["password", "secret", "token", "jwt", "registrationkey", "userdata"].iter().any(|s| key.contains(s))
}

/// Returns a copy of `value` with every secret field's value replaced by [`MASK`].
pub fn mask_json(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_secret_key(k) && !v.is_null() { Value::String(MASK.into()) } else { mask_json(v) };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(mask_json).collect()),
        other => other.clone(),
    }
}

/// Returns a copy of `value` without its secret fields: what an API answers about an object
/// it was sent, since it never gives passwords back.
pub fn without_secrets(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter().filter(|(k, _)| !is_secret_key(k)).map(|(k, v)| (k.clone(), without_secrets(v))).collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_secrets).collect()),
        other => other.clone(),
    }
}

/// Masks an `Authorization` header value, keeping only its scheme (`Basic ***`).
pub fn mask_authorization(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} {MASK}"),
        None => MASK.to_string(),
    }
}

/// Masks a body given as text: JSON is masked field by field; anything else that mentions a
/// secret-looking key (a form body) is masked whole.
pub fn mask_text(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(json) => mask_json(&json).to_string(),
        Err(_) if is_secret_key(text) => MASK.to_string(),
        Err(_) => text.to_string(),
    }
}

/// Masks a request body as it is recorded: JSON with a secret field is masked field by field,
/// anything else that mentions a secret-looking key is masked whole; a body without secrets
/// is kept exactly as sent.
pub fn mask_body(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(json) => {
            let masked = mask_json(&json);
            if masked == json {
                text.to_string()
            } else {
                masked.to_string()
            }
        }
        Err(_) => mask_text(text),
    }
}

/// Splits the user name and password out of a URL (`https://user:pw@host/...`): the URL
/// without them, which is safe to show, and the credentials it held, percent-decoded. A URL
/// that does not parse is returned as it is.
pub fn split_url_credentials(text: &str) -> (String, Option<(String, String)>) {
    let Ok(mut url) = url::Url::parse(text) else { return (text.to_string(), None) };
    if url.username().is_empty() && url.password().is_none() {
        return (text.to_string(), None);
    }
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    let credentials = (decode(url.username()), decode(url.password().unwrap_or_default()));
    // Both setters only fail for URLs that cannot have credentials, which these had.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    let shown = if text.ends_with('/') || url.path() != "/" {
        url.to_string()
    } else {
        url.to_string().trim_end_matches('/').to_string()
    };
    (shown, Some(credentials))
}

/// Masks the string literals a line of script gives to secret-named keys or variables
/// (`password: "…"`, `let token = "…"`, `x.imagePassword = \`…\``), as they are kept in
/// the REPL's history.
pub fn mask_script_literals(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    // The last identifier, while only spaces and one `:` or `=` followed it.
    let mut secret_target = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '`' || c == '\'' {
            let end = literal_end(&chars, i);
            if secret_target {
                out.push(c);
                out.push_str(MASK);
                if end < chars.len() {
                    out.push(chars[end]);
                }
            } else {
                out.extend(&chars[i..(end + 1).min(chars.len())]);
            }
            i = end + 1;
            secret_target = false;
            word.clear();
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if !word.is_empty() {
            secret_target = is_secret_key(&word);
            word.clear();
        }
        if !(c.is_alphanumeric() || c == '_' || c.is_whitespace() || c == ':' || c == '=') {
            secret_target = false;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The index of the quote closing the literal opened at `start` (escapes skipped), or the end.
fn literal_end(chars: &[char], start: usize) -> usize {
    let quote = chars[start];
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == quote => return i,
            _ => i += 1,
        }
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_secrets_are_masked() {
        let body = json!({"properties": {"name": "v", "imagePassword": "hunter2"}, "items": [{"secretKey": "k"}]});
        let masked = mask_json(&body).to_string();
        assert!(!masked.contains("hunter2") && !masked.contains("\"k\""), "{masked}");
        assert!(masked.contains("\"name\":\"v\""));
    }

    #[test]
    fn netfoundry_enrollment_tokens_and_registration_keys_are_secrets() {
        let router =
            json!({"name": "er1", "jwt": "eyJ.x.y", "registration": {"registrationKey": "ABC123", "expiresAt": "t"}});
        let masked = mask_json(&router).to_string();
        assert!(!masked.contains("eyJ.x.y") && !masked.contains("ABC123"), "{masked}");
        assert!(masked.contains("\"expiresAt\":\"t\"") && masked.contains("\"name\":\"er1\""), "{masked}");
        assert!(mask_json(&json!({"access_token": "t0k"})).to_string().contains("***"));
    }

    #[test]
    fn authorization_keeps_scheme_only() {
        assert_eq!(mask_authorization("Basic dXNlcjpwYXNz"), "Basic ***");
    }

    #[test]
    fn credentials_in_a_url_are_split_out() {
        let (url, credentials) = split_url_credentials("https://me%40x.com:p%40ss@api.example.com/cloudapi/v6");
        assert_eq!(url, "https://api.example.com/cloudapi/v6");
        assert_eq!(credentials, Some(("me@x.com".to_string(), "p@ss".to_string())));
        assert_eq!(split_url_credentials("https://api.example.com"), ("https://api.example.com".to_string(), None));
        assert_eq!(split_url_credentials("not a url"), ("not a url".to_string(), None));
    }

    #[test]
    fn secret_literals_in_script_lines_are_masked() {
        let line =
            r#"create_user(#{ email: "a@b.c", password: "hunter2" }); let token = `tok\`en`; x.imagePassword="p\"w""#;
        let masked = mask_script_literals(line);
        assert_eq!(
            masked,
            r#"create_user(#{ email: "a@b.c", password: "***" }); let token = `***`; x.imagePassword="***""#
        );
        assert_eq!(mask_script_literals(r#"print("password: hunter2")"#), r#"print("password: hunter2")"#);
        assert_eq!(mask_script_literals(r#"let name = "dc"; f(password)"#), r#"let name = "dc"; f(password)"#);
        assert_eq!(mask_script_literals(r#"let secret = "unterminated"#), r#"let secret = "***"#);
    }
}
