//! The client's retry policy and headers on the wire, against a small stub server that
//! misbehaves on purpose and counts what reaches it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use ionosh::catalog::Operation;
use ionosh::client::{
    Cancel, Client, ClientConfig, ClientError, Credentials, Payload, RetryPolicy, Ticket, WaitOptions,
};
use ionosh::provider::ionos::{settings::contract_header, CloudApi, IONOS};

#[derive(Default)]
struct Stub {
    hits: AtomicUsize,
    headers: Mutex<Vec<(String, String)>>,
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/cloudapi/v6")
}

fn client(api_url: String, credentials: Credentials) -> Client {
    let retry = RetryPolicy {
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    };
    let headers = contract_header(Some("31415".into())).into_iter().collect();
    let config = ClientConfig { api_url, credentials, headers, trace: false, retry, max_answer: Default::default() };
    Client::new(config, &CloudApi, Cancel::default()).expect("client")
}

/// A POST of the catalog (a create), sent to the stub's path.
fn create() -> &'static Operation {
    IONOS.catalog.operation("create_datacenter").expect("create_datacenter")
}

fn token() -> Credentials {
    Credentials::Token("tok".into())
}

/// Answers 503 to the first `failures` hits, then 200 `{}`.
fn failing(
    stub: Arc<Stub>,
    failures: usize,
    status: StatusCode,
) -> impl Fn(HeaderMap) -> std::future::Ready<axum::response::Response> + Clone {
    move |headers: HeaderMap| {
        let n = stub.hits.fetch_add(1, Ordering::SeqCst);
        let mut seen = stub.headers.lock().expect("lock");
        for name in ["authorization", "x-contract-number"] {
            if let Some(v) = headers.get(name).and_then(|v| v.to_str().ok()) {
                seen.push((name.into(), v.into()));
            }
        }
        let response = if n < failures {
            let mut r =
                (status, r#"{"httpStatus":503,"messages":[{"errorCode":"0","message":"try later"}]}"#).into_response();
            r.headers_mut().insert("retry-after", "0".parse().expect("header"));
            r
        } else {
            (StatusCode::OK, "{}").into_response()
        };
        std::future::ready(response)
    }
}

#[tokio::test]
async fn gets_are_retried_through_gateway_errors() {
    let stub = Arc::new(Stub::default());
    let url = serve(
        Router::new().route("/cloudapi/v6/thing", get(failing(stub.clone(), 2, StatusCode::SERVICE_UNAVAILABLE))),
    )
    .await;
    let response = client(url, token()).get("/thing", &[]).await.expect("succeeds");
    assert_eq!(response.status, 200);
    assert_eq!(stub.hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_post_is_not_resent_after_the_server_may_have_received_it() {
    let stub = Arc::new(Stub::default());
    let url = serve(
        Router::new().route("/cloudapi/v6/thing", post(failing(stub.clone(), 1, StatusCode::SERVICE_UNAVAILABLE))),
    )
    .await;
    let error = client(url, token())
        .send(create(), "/thing", &[], Some(&Payload::Json(serde_json::json!({}))))
        .await
        .expect_err("fails");
    assert_eq!(stub.hits.load(Ordering::SeqCst), 1);
    match error {
        ClientError::Api(e) => assert_eq!((e.status, e.message().as_str(), e.method), (503, "try later", "POST")),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn rate_limited_requests_wait_and_are_sent_again_even_posts() {
    let stub = Arc::new(Stub::default());
    let url =
        serve(Router::new().route("/cloudapi/v6/thing", post(failing(stub.clone(), 2, StatusCode::TOO_MANY_REQUESTS))))
            .await;
    let response = client(url, token())
        .send(create(), "/thing", &[], Some(&Payload::Json(serde_json::json!({}))))
        .await
        .expect("succeeds");
    assert_eq!(response.status, 200);
    assert_eq!(stub.hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn the_token_wins_and_the_contract_number_is_sent() {
    let stub = Arc::new(Stub::default());
    let url = serve(Router::new().route("/cloudapi/v6/thing", get(failing(stub.clone(), 0, StatusCode::OK)))).await;
    client(url.clone(), token()).get("/thing", &[]).await.expect("succeeds");
    let basic = Credentials::Basic { user: "u".into(), password: "p".into() };
    client(url, basic).get("/thing", &[]).await.expect("succeeds");
    let seen = stub.headers.lock().expect("lock").clone();
    assert_eq!(
        seen,
        [
            ("authorization".to_string(), "Bearer tok".to_string()),
            ("x-contract-number".to_string(), "31415".to_string()),
            ("authorization".to_string(), "Basic dTpw".to_string()),
            ("x-contract-number".to_string(), "31415".to_string()),
        ]
    );
}

#[tokio::test]
async fn unreachable_servers_are_transport_errors_naming_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    let error = client(format!("http://{addr}/cloudapi/v6"), token()).get("/x", &[]).await.expect_err("fails");
    let text = error.to_string();
    assert!(text.starts_with(&format!("GET http://{addr}/cloudapi/v6/x: ")), "{text}");
}

#[tokio::test]
async fn a_batch_status_read_the_api_refuses_is_not_asked_again_in_the_same_wait() {
    // The API refuses `GET /requests` (a filter it does not take); each request's own status
    // answers RUNNING twice, then DONE. Its delay is announced (10 ms), so the wait is quick.
    let batch = Arc::new(AtomicUsize::new(0));
    let single = Arc::new(AtomicUsize::new(0));
    let (batch_hits, single_hits) = (batch.clone(), single.clone());
    let router = Router::new()
        .route("/cloudapi/v6/thing", get(|| async { ([("x-ionosh-delay-ms", "10")], "{}").into_response() }))
        .route(
            "/cloudapi/v6/requests",
            get(move || {
                batch_hits.fetch_add(1, Ordering::SeqCst);
                async { (StatusCode::UNPROCESSABLE_ENTITY, r#"{"httpStatus":422,"messages":[]}"#).into_response() }
            }),
        )
        .route(
            "/cloudapi/v6/requests/{id}/status",
            get(move || {
                let n = single_hits.fetch_add(1, Ordering::SeqCst);
                let status = if n < 4 { "RUNNING" } else { "DONE" };
                async move { axum::Json(serde_json::json!({ "metadata": { "status": status } })).into_response() }
            }),
        );
    let client = client(serve(router).await, token());
    client.get("/thing", &[]).await.expect("answered");
    let tickets: Vec<Ticket> = ["a1", "b2"].iter().map(|id| Ticket { id: (*id).to_string(), url: None }).collect();
    client.wait_many(&tickets, WaitOptions::default(), &|_, _| {}).await.expect("done");
    assert_eq!(batch.load(Ordering::SeqCst), 1, "the refused batch read is sent once");
    assert!(single.load(Ordering::SeqCst) >= 4, "each request is asked on its own");
}
