//! The one rule for secrets in anything ionosh prints or records: traces, errors, dry-run
//! output, and the emulator's request log.

use serde_json::Value;

/// What a masked value is replaced with.
pub const MASK: &str = "***";

/// Whether a JSON key names a secret: passwords, image passwords, S3 secret keys, tokens.
pub fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["password", "secret", "token"].iter().any(|s| key.contains(s))
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
    fn authorization_keeps_scheme_only() {
        assert_eq!(mask_authorization("Basic dXNlcjpwYXNz"), "Basic ***");
    }
}
