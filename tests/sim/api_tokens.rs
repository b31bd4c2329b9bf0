//! The Auth API's tokens are credentials for every API of the emulator, as on the real
//! cloud: a token generated works everywhere until it is deleted (by id, or CURRENT: the one
//! the call carries) or expires; then every API answers 401.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::http::Api;

/// `method url` with `bearer` (or Basic credentials when none): the status and JSON body.
async fn send(method: Method, url: &str, bearer: Option<&str>) -> (StatusCode, Value) {
    let request = reqwest::Client::new().request(method, url);
    let request = match bearer {
        Some(token) => request.bearer_auth(token),
        None => request.basic_auth("me@example.com", Some("pw")),
    };
    let response = request.send().await.expect("answer");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_deleted_token_is_refused_by_every_api() {
    let api = Api::start(5).await;
    let base = api.sim.base_url();
    let generate = format!("{base}/auth/v1/tokens/generate?ttl=3600");
    let (status, answer) = send(Method::GET, &generate, None).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let token = answer["token"].as_str().expect("a JWT").to_string();
    let (_, second) = send(Method::GET, &generate, None).await;
    let other = second["token"].as_str().expect("a JWT").to_string();

    let everywhere =
        [format!("{base}/cloudapi/v6/datacenters"), format!("{base}/dns/zones"), format!("{base}/auth/v1/tokens")];
    for url in &everywhere {
        assert_eq!(send(Method::GET, url, Some(&token)).await.0, StatusCode::OK, "{url}");
    }
    // CURRENT deletes the token the call carries, and no other.
    let (status, answer) = send(Method::DELETE, &format!("{base}/auth/v1/tokens?criteria=CURRENT"), Some(&token)).await;
    assert_eq!((status, answer["success"].as_bool()), (StatusCode::OK, Some(true)));
    for url in &everywhere {
        assert_eq!(send(Method::GET, url, Some(&token)).await.0, StatusCode::UNAUTHORIZED, "{url}");
        assert_eq!(send(Method::GET, url, Some(&other)).await.0, StatusCode::OK, "{url}");
    }
    let (_, listed) = send(Method::GET, &format!("{base}/auth/v1/tokens"), Some(&other)).await;
    assert_eq!(listed["tokens"].as_array().map(Vec::len), Some(1), "{listed}");
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let api = Api::start(5).await;
    let base = api.sim.base_url();
    let (_, answer) = send(Method::GET, &format!("{base}/auth/v1/tokens/generate?ttl=60"), None).await;
    let token = answer["token"].as_str().expect("a JWT");
    // The claims say when it expires; one whose `exp` has passed is what a client sends after.
    let claims = token.split('.').nth(1).expect("claims");
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut decoded: Value = serde_json::from_slice(&engine.decode(claims).expect("base64")).expect("JSON");
    decoded["exp"] = Value::from(1);
    let expired = token.replace(claims, &engine.encode(decoded.to_string()));
    let (status, _) = send(Method::GET, &format!("{base}/dns/zones"), Some(&expired)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
