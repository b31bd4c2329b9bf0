//! The emulator as an attack surface: ids cannot reach other objects through the wrong route,
//! credentials guard every route once set, oversized, malformed and stalled requests get the
//! API's error shape or a closed connection, and the image upload checks what it is given.

use std::io::{Read, Write};
use std::time::Duration;

use ionosh::sim::{self, AuthPolicy, SimConfig, StateLocation};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::http::Api;

async fn start_with(auth: AuthPolicy, idle: Duration) -> ionosh::sim::SimHandle {
    let config = SimConfig {
        listen: "127.0.0.1:0".parse().expect("address"),
        state: StateLocation::Ephemeral,
        delay: ionosh::sim::Delay::Fixed(Duration::from_millis(5)),
        auth,
        idle,
    };
    sim::start(config, ionosh::provider::emulations(ionosh::provider::ALL)).await.expect("emulator starts")
}

/// A data center with a server in it, both ready.
async fn dc_with_server(api: &Api) -> (String, String) {
    let dc = api.post("/datacenters", &json!({"properties": {"name": "dc", "location": "de/fra"}})).await;
    api.wait(&dc).await;
    let dc = dc.id();
    let server = api
        .post(&format!("/datacenters/{dc}/servers"), &json!({"properties": {"name": "srv", "cores": 1, "ram": 1024}}))
        .await;
    api.wait(&server).await;
    (dc, server.id())
}

#[tokio::test]
async fn an_id_holding_a_slash_names_nothing() {
    let api = Api::start(5).await;
    let (dc, srv) = dc_with_server(&api).await;
    let sneaky = format!("/datacenters/{dc}%2Fservers%2F{srv}");
    api.patch(&sneaky, &json!({"name": "renamed"})).await.assert_error(404, "");
    api.delete(&sneaky).await.assert_error(404, "");
    api.post(&format!("{sneaky}/lans"), &json!({"properties": {"name": "hidden"}})).await.assert_error(404, "");
    let server = api.get(&format!("/datacenters/{dc}/servers/{srv}")).await;
    assert_eq!(server.status, StatusCode::OK, "the server is still there");
    assert_eq!(server.body["properties"]["name"], "srv", "and unchanged");
    let lans = api.get(&format!("/datacenters/{dc}/lans")).await;
    assert_eq!(lans.body["items"], json!([]), "no LAN was created anywhere");
    let requests = api.get("/requests").await;
    assert_eq!(requests.body["items"].as_array().map(Vec::len), Some(2), "only the two creates were accepted");
    api.stop().await;
}

#[tokio::test]
async fn with_credentials_set_every_route_needs_them_the_controls_too() {
    let policy = AuthPolicy::Only { user: Some(("ops".into(), "s3cret".into())), token: None };
    let sim = start_with(policy, SimConfig::IDLE).await;
    let base = sim.base_url();
    let client = reqwest::Client::new();
    for (method, path, body) in [
        (Method::GET, "/_sim/stats", None),
        (Method::GET, "/_sim/health", None),
        (Method::PUT, "/_sim/faults", Some(json!({"rate": 0.0, "slowMs": 7}))),
        (Method::POST, "/_sim/fail-next", Some(json!({}))),
        (Method::GET, "/cloudapi/v6", None),
        (Method::GET, "/cloudapi/v6/requests", None),
    ] {
        let request = |auth: bool| {
            let mut request = client.request(method.clone(), format!("{base}{path}"));
            if let Some(body) = &body {
                request = request.json(body);
            }
            if auth {
                request = request.basic_auth("ops", Some("s3cret"));
            }
            request.send()
        };
        let refused = request(false).await.expect("answer");
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "{method} {path} without credentials");
        let wrong = client.request(method.clone(), format!("{base}{path}")).basic_auth("ops", Some("nope")).send();
        assert_eq!(wrong.await.expect("answer").status(), StatusCode::UNAUTHORIZED, "{method} {path} wrong password");
        let allowed = request(true).await.expect("answer");
        assert!(allowed.status().is_success(), "{method} {path} with credentials: {}", allowed.status());
    }
    // The faults were set by the one who knew the password, not by anyone else.
    let faults: Value = client
        .get(format!("{base}/_sim/faults"))
        .basic_auth("ops", Some("s3cret"))
        .send()
        .await
        .expect("faults")
        .json()
        .await
        .expect("JSON");
    assert_eq!(faults["slowMs"], 7);
    sim.shutdown().await.expect("stops");
}

#[test]
fn an_empty_password_or_token_is_refused_not_taken_for_credentials() {
    for args in [
        vec!["sim", "--ephemeral", "--user", "ops", "--password="],
        vec!["sim", "--ephemeral", "--token="],
        vec!["sim", "--ephemeral", "--user=", "--password", "x"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ionosh")).args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?} is refused");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("a value is required") || stderr.contains("empty"), "{args:?}: {stderr}");
    }
}

/// Sends raw bytes as a POST body.
async fn post_bytes(api: &Api, path: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", api.root))
        .basic_auth("tester@example.com", Some("pw"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the emulator answers instead of breaking the connection");
    let status = response.status();
    (status, response.json().await.expect("a JSON error body"))
}

#[tokio::test]
async fn an_oversized_body_is_read_and_answered_413_in_the_apis_shape() {
    let api = Api::start(5).await;
    let mut body = br#"{"properties": {"name": ""#.to_vec();
    body.resize(17 * 1024 * 1024, b'x');
    body.extend_from_slice(br#"", "location": "de/fra"}}"#);
    let (status, error) = post_bytes(&api, "/datacenters", body).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error["httpStatus"], 413);
    assert!(error["messages"][0]["message"].as_str().unwrap_or_default().contains("larger than 2 MiB"), "{error}");
    assert_eq!(api.get("/datacenters").await.body["items"], json!([]), "nothing was created");
    api.stop().await;
}

#[tokio::test]
async fn a_body_that_is_not_utf8_is_a_400_not_silently_repaired() {
    let api = Api::start(5).await;
    let mut body = br#"{"properties": {"name": "caf"#.to_vec();
    body.push(0xE9);
    body.extend_from_slice(br#"", "location": "de/fra"}}"#);
    let (status, error) = post_bytes(&api, "/datacenters", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["messages"][0]["message"].as_str().unwrap_or_default().contains("not valid UTF-8"), "{error}");
    assert_eq!(api.get("/datacenters").await.body["items"], json!([]), "nothing was created");
    api.stop().await;
}

#[tokio::test]
async fn an_overlong_uri_and_oversized_headers_get_the_apis_error_shape() {
    let api = Api::start(5).await;
    let long = format!("/datacenters?filter.name={}", "x".repeat(20 * 1024));
    api.get(&long).await.assert_error(414, "longer than 16384 bytes");
    let response = reqwest::Client::new()
        .get(format!("{}/datacenters", api.root))
        .basic_auth("tester@example.com", Some("pw"))
        .header("x-padding", "y".repeat(70 * 1024))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let error: Value = response.json().await.expect("a JSON error body");
    assert_eq!(error["httpStatus"], 431);
    api.stop().await;
}

#[tokio::test]
async fn a_stalled_connection_is_closed() {
    let sim = start_with(AuthPolicy::AnyCredentials, Duration::from_millis(300)).await;
    let address = sim.base_url().trim_start_matches("http://").to_string();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        // Half the headers, then nothing.
        stream.write_all(b"GET /cloudapi/v6/datacenters HTTP/1.1\r\nHost: x\r\n").expect("writes");
        let mut buffer = Vec::new();
        stream.read_to_end(&mut buffer).map(|_| buffer.len())
    })
    .await
    .expect("joined");
    assert_eq!(outcome.ok(), Some(0), "the emulator closed the stalled connection without answering");
    sim.shutdown().await.expect("stops");
}

/// Sends `head` then `trickle` a byte every 100 ms for up to 30 s (each byte well within
/// the idle time), and answers what the emulator sent back and how long the bytes kept going.
fn trickle(address: &str, head: &[u8], trickle: &[u8]) -> (String, Duration) {
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    stream.set_read_timeout(Some(Duration::from_millis(1))).expect("timeout");
    stream.write_all(head).expect("writes");
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    for byte in trickle.iter().cycle() {
        if started.elapsed() > Duration::from_secs(30) || stream.write_all(&[*byte]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        let mut buffer = [0u8; 4096];
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => break,
        }
        if !answer.is_empty() {
            break;
        }
    }
    (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
}

#[tokio::test]
async fn headers_trickling_a_byte_at_a_time_are_cut_off_at_the_deadline() {
    let sim = start_with(AuthPolicy::AnyCredentials, Duration::from_millis(800)).await;
    let address = sim.base_url().trim_start_matches("http://").to_string();
    let (answer, took) = tokio::task::spawn_blocking(move || {
        trickle(&address, b"GET /cloudapi/v6/datacenters HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", b"a")
    })
    .await
    .expect("joined");
    assert!(took < Duration::from_secs(10), "the connection was kept for {took:?}: {answer}");
    assert!(!answer.contains("200 OK"), "{answer}");
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_body_trickling_a_byte_at_a_time_is_answered_408_at_the_deadline() {
    let sim = start_with(AuthPolicy::AnyCredentials, Duration::from_millis(800)).await;
    let address = sim.base_url().trim_start_matches("http://").to_string();
    let head = b"POST /cloudapi/v6/datacenters HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic dTpw\r\n\
                 Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
    let (answer, took) = tokio::task::spawn_blocking(move || trickle(&address, head, b" ")).await.expect("joined");
    assert!(took < Duration::from_secs(10), "the body was read for {took:?}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("did not arrive in time"), "{answer}");
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn the_image_upload_checks_name_and_size() {
    let api = Api::start(5).await;
    let upload = |body: Value| {
        let url = format!("{}/_sim/images", api.sim.base_url());
        async move {
            let response = reqwest::Client::new().post(url).json(&body).send().await.expect("answer");
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.expect("JSON"))
        }
    };
    for (body, needle) in [
        (json!({"name": "img", "location": "de/fra", "size": -5}), "Attribute 'size' must be a number of GB above 0"),
        (json!({"name": "img", "location": "de/fra", "size": "big"}), "Attribute 'size' must be a number"),
        (json!({"name": "img", "location": "de/fra", "size": 1e12}), "at most 65536"),
        (json!({"name": "a\u{1b}[2J", "location": "de/fra"}), "without control characters"),
        (json!({"name": "n".repeat(300), "location": "de/fra"}), "at most 255 characters"),
        (json!({"name": 5, "location": "de/fra"}), "Attribute 'name' must be a string"),
        (json!({"location": "de/fra"}), "Attribute 'name' is required"),
        (json!(["not", "an", "object"]), "must be a JSON object"),
    ] {
        let (status, error) = upload(body.clone()).await;
        assert!((400..500).contains(&status), "{body} refused: {status}");
        let message = error["messages"][0]["message"].as_str().unwrap_or_default().to_string();
        assert!(message.contains(needle), "{body}: {message}");
    }
    let (status, image) = upload(json!({"name": "golden", "location": "de/fra", "size": 2.5})).await;
    assert_eq!(status, 200, "{image}");
    assert_eq!(image["properties"]["size"], 2.5);
    api.stop().await;
}
