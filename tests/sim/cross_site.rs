//! The emulator in its open mode (any credentials, on loopback) against the web pages its
//! user visits: a page's request carries a foreign `Origin`, a DNS-rebinding page a foreign
//! `Host`, and a page can post `text/plain` or forms without asking. None of them is answered;
//! API clients, which send none of these, are.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::http::Api;

/// Sends `method url` with these extra headers and body; answers the status and JSON body.
async fn send(method: Method, url: &str, headers: &[(&str, &str)], body: &str) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().request(method, url).basic_auth("me@example.com", Some("pw"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.body(body.to_string()).send().await.expect("answer");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_web_pages_requests_are_refused_and_change_nothing() {
    let api = Api::start(5).await;
    let base = api.sim.base_url();
    let datacenters = format!("{}/datacenters", api.root);
    let body = json!({"properties": {"name": "planted", "location": "de/fra"}}).to_string();
    let json_type = ("content-type", "application/json");

    // Another origin, even with a JSON body.
    let (status, error) =
        send(Method::POST, &datacenters, &[json_type, ("origin", "https://evil.example")], &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    assert!(error.to_string().contains("another origin"), "{error}");
    let faults = format!("{base}/_sim/faults");
    let (status, _) = send(Method::PUT, &faults, &[json_type, ("origin", "null")], r#"{"rate": 1.0}"#).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a sandboxed page's null origin too");

    // A body a page may send without asking.
    for kind in ["text/plain;charset=UTF-8", "multipart/form-data; boundary=x"] {
        let (status, error) = send(Method::POST, &datacenters, &[("content-type", kind)], &body).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{kind}: {error}");
    }
    let form = ("content-type", "application/x-www-form-urlencoded");
    let (status, _) = send(Method::POST, &format!("{base}/_sim/fail-next"), &[form], "status=500").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "a form to a control");

    // A DNS-rebinding page: its own name in Host, even for a read.
    let (status, error) = send(Method::GET, &datacenters, &[("host", "rebind.evil.example")], "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");

    // Nothing was created, no fault set.
    let listed = api.get("/datacenters").await;
    assert_eq!(listed.body["items"], json!([]), "{}", listed.text);
    let (_, faults_now) = send(Method::GET, &faults, &[], "").await;
    assert_eq!(faults_now["rate"], json!(0.0), "{faults_now}");
    api.stop().await;
}

#[tokio::test]
async fn api_clients_and_the_emulators_own_origin_are_answered() {
    let api = Api::start(5).await;
    let port = api.sim.base_url().rsplit(':').next().expect("port").to_string();
    let datacenters = format!("{}/datacenters", api.root);
    let body = json!({"properties": {"name": "mine", "location": "de/fra"}}).to_string();
    let cases: [&[(&str, &str)]; 4] = [
        // The classic SDK sends JSON without a Content-Type.
        &[],
        &[("content-type", "application/json")],
        &[("content-type", "application/json"), ("origin", &format!("http://localhost:{port}"))],
        &[("content-type", "application/json"), ("host", &format!("localhost:{port}"))],
    ];
    for headers in cases {
        let (status, answer) = send(Method::POST, &datacenters, headers, &body).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{headers:?}: {answer}");
    }
    api.stop().await;
}
