//! The one rule for secrets in anything ionosh prints or records: traces, errors, dry-run
//! output, and the emulator's request log.

use serde_json::Value;

/// What a masked value is replaced with.
pub const MASK: &str = "***";

/// Whether a JSON key names a secret: passwords and passphrases, image passwords, S3 secret
/// keys, API keys, private keys, tokens, NetFoundry's one-time enrollment tokens (`jwt`) and
/// registration keys, and cloud-init user data (which carries such keys to a VM). Case,
/// `_` and `-` do not matter (`private_key`, `apiKey`, `X-Api-Key`).
pub fn is_secret_key(key: &str) -> bool {
    let key: String = key.chars().filter(|c| !matches!(c, '_' | '-')).flat_map(char::to_lowercase).collect();
    [
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "jwt",
        "registrationkey",
        "userdata",
        "apikey",
        "privatekey",
    ]
    .iter()
    .any(|s| key.contains(s))
}

/// Whether a URL's query parameter carries a secret: a secret-looking name, a remote
/// console's `ticket`, or a signature (a pre-signed link is a credential).
fn is_secret_parameter(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    is_secret_key(name) || lower.contains("ticket") || lower.contains("signature") || lower == "sig"
}

/// Masks what a piece of text holds of URLs that carry credentials: the user name and
/// password before a host (`https://user:pw@host`) and the values of secret query
/// parameters (a single-sign-on link's `jwt=`, a remote console's `ticket=`, a signature).
/// Text without such a URL is returned unchanged.
pub fn mask_urls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("://") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (before, after) = rest.split_at(at + 3);
        out.push_str(before);
        let end =
            after.find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`')).unwrap_or(after.len());
        out.push_str(&mask_url_tail(&after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    if out == text {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(out)
    }
}

/// A URL after its `scheme://`, with its user information and secret query values masked.
fn mask_url_tail(tail: &str) -> String {
    let authority_end = tail.find(['/', '?', '#']).unwrap_or(tail.len());
    let (authority, path) = tail.split_at(authority_end);
    let mut out = match authority.rsplit_once('@') {
        Some((_, host)) => format!("{MASK}@{host}"),
        None => authority.to_string(),
    };
    let Some(query_at) = path.find('?') else {
        out.push_str(path);
        return out;
    };
    let (before, query) = path.split_at(query_at + 1);
    out.push_str(before);
    let (query, fragment) = query.split_at(query.find('#').unwrap_or(query.len()));
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if !value.is_empty() && is_secret_parameter(name) => format!("{name}={MASK}"),
            _ => pair.to_string(),
        })
        .collect();
    out.push_str(&pairs.join("&"));
    out.push_str(fragment);
    out
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
        Value::String(text) => Value::String(mask_urls(text).into_owned()),
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
        Err(_) => mask_urls(text).into_owned(),
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

/// Masks the literals a line of script gives to anything secret-named, as the REPL keeps it
/// in its history: the whole value expression after a secret key or variable, in any quoting
/// (`password: "…"`, `"apiKey": "…"`, `let token = "a" + "b"`, `x["private_key"] = …`,
/// `x.imagePassword = \`…\``), and the arguments of a secret-named call
/// (`set_password("…")`). Strings, characters and numbers are masked; names are kept.
pub fn mask_script_literals(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut mask = LiteralMask::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '`' || c == '\'' {
            let end = literal_end(&chars, i);
            let body: String = chars[i + 1..end.min(chars.len())].iter().collect();
            if mask.in_value() {
                out.push(c);
                out.push_str(MASK);
                if end < chars.len() {
                    out.push(chars[end]);
                }
            } else {
                out.extend(&chars[i..(end + 1).min(chars.len())]);
            }
            mask.name(is_secret_key(&body), true);
            i = end + 1;
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            let end =
                (i..chars.len()).find(|&j| !(chars[j].is_alphanumeric() || chars[j] == '_')).unwrap_or(chars.len());
            let word: String = chars[i..end].iter().collect();
            if c.is_ascii_digit() && mask.in_value() {
                out.push_str(MASK);
            } else {
                out.push_str(&word);
            }
            mask.name(!c.is_ascii_digit() && is_secret_key(&word), false);
            i = end;
            continue;
        }
        mask.punctuation(c, chars.get(i + 1).copied());
        out.push(c);
        i += 1;
    }
    out
}

/// Where [`mask_script_literals`] is in a line: after a secret name, or inside the value
/// given to one.
#[derive(Default)]
struct LiteralMask {
    /// The last token was a secret name (an identifier, or a quoted key when `quoted`).
    named: bool,
    quoted: bool,
    /// Inside a secret value: the brackets opened since it began, and whether it is a call's
    /// arguments (which end with its closing parenthesis).
    value: Option<(usize, bool)>,
}

impl LiteralMask {
    fn in_value(&self) -> bool {
        self.value.is_some()
    }

    /// A name or literal was passed: whether it names a secret.
    fn name(&mut self, secret: bool, quoted: bool) {
        if self.value.is_none() {
            self.named = secret;
            self.quoted = quoted;
        }
    }

    /// A punctuation character `c` (followed by `next`) was passed.
    fn punctuation(&mut self, c: char, next: Option<char>) {
        if let Some((depth, call)) = self.value.as_mut() {
            match c {
                '(' | '[' | '{' => *depth += 1,
                ')' | ']' | '}' if *depth == 0 => self.value = None,
                ')' | ']' | '}' => {
                    *depth -= 1;
                    if *depth == 0 && *call {
                        self.value = None;
                    }
                }
                ',' | ';' if *depth == 0 => self.value = None,
                _ => {}
            }
            return;
        }
        let named = std::mem::take(&mut self.named);
        match c {
            c if c.is_whitespace() => self.named = named,
            ']' if self.quoted => self.named = named,
            ':' | '=' if named && next != Some('=') && next != Some(':') => self.value = Some((0, false)),
            '(' if named => self.value = Some((1, true)),
            _ => {}
        }
    }
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

    #[test]
    fn secret_values_are_masked_in_any_quoting_and_expression() {
        let cases = [
            (r#"#{"password": "Pw1"}"#, r#"#{"password": "***"}"#),
            (r#"#{'apiKey': `Pw2`, name: "n"}"#, r#"#{'apiKey': `***`, name: "n"}"#),
            (r#"let private_key = "Pw3" + "Pw3b";"#, r#"let private_key = "***" + "***";"#),
            (r#"x["password"] = "Pw4";"#, r#"x["password"] = "***";"#),
            (r#"u.properties.password = `a${b}Pw5`"#, r#"u.properties.password = `***`"#),
            (r#"set_password("Pw6", 42)"#, r#"set_password("***", ***)"#),
            (r#"#{ secretKey: ["Pw7", "Pw8"], x: "keep" }"#, r#"#{ secretKey: ["***", "***"], x: "keep" }"#),
            (r#"let passphrase = 12345678"#, r#"let passphrase = ***"#),
            (r#"if token == "t" { print("token") }"#, r#"if token == "t" { print("token") }"#),
            (r#"let p = #{ "X-Api-Key" : "Pw9" }; print(p)"#, r#"let p = #{ "X-Api-Key" : "***" }; print(p)"#),
        ];
        for (line, masked) in cases {
            assert_eq!(mask_script_literals(line), masked, "{line}");
        }
    }

    #[test]
    fn urls_lose_their_credentials_and_secret_parameters() {
        let sso = "https://dcd.ionos.com/sso?jwt=eyJ.a.b&lang=en";
        assert_eq!(mask_urls(sso), "https://dcd.ionos.com/sso?jwt=***&lang=en");
        let console = r#"{"url":"https://rc.ionos.com/console?ticket=T0p&x=1#f"}"#;
        assert_eq!(mask_text(console), r#"{"url":"https://rc.ionos.com/console?ticket=***&x=1#f"}"#);
        assert_eq!(mask_urls("see https://me:pw@gw.example.io/x now"), "see https://***@gw.example.io/x now");
        assert_eq!(mask_urls("https://example.com/a?b=c"), "https://example.com/a?b=c");
        assert_eq!(
            mask_json(&json!({"u": "https://h/p?X-Amz-Signature=abc"})),
            json!({"u": "https://h/p?X-Amz-Signature=***"})
        );
    }
}
