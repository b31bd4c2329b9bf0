//! What an attacker would try first: an API that redirects the client to another host (the
//! credentials must not follow), and ids that would leave their path segment (`x/../..`).

mod common;

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use ionosh::client::{Cancel, Client, ClientConfig, ClientGrant, Credentials, Method, RetryPolicy};
use ionosh::provider::{ionos::IONOS, netfoundry::NETFOUNDRY};

/// What the other host saw: the `Authorization` header of every request it got.
type Seen = Arc<Mutex<Vec<String>>>;

/// Serves `app` on a free loopback port; answers its port.
async fn serve(app: Router) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    port
}

/// The other host (`localhost`, another origin than `127.0.0.1`): it redirects once more to
/// itself, as the attack does (a same-host hop keeps the header), and records what arrives.
async fn other_host(seen: Seen) -> u16 {
    let app = Router::new().fallback(|State(seen): State<Seen>, headers: HeaderMap, uri: axum::http::Uri| async move {
        let authorization = headers.get("authorization").map(|v| v.to_str().unwrap_or("?").to_string());
        seen.lock().expect("lock").push(authorization.unwrap_or_default());
        if uri.path() == "/hop" {
            (StatusCode::TEMPORARY_REDIRECT, [("location", "/final")]).into_response()
        } else {
            (StatusCode::OK, "{}").into_response()
        }
    });
    serve(app.with_state(seen)).await
}

/// The API: every request is redirected to the other host.
async fn redirecting_api(to: u16) -> u16 {
    let target = format!("http://localhost:{to}/hop");
    let app = Router::new().fallback(move || {
        let target = target.clone();
        async move { (StatusCode::TEMPORARY_REDIRECT, [("location", target)]).into_response() }
    });
    serve(app).await
}

fn client(api: u16, credentials: Credentials, provider: &ionosh::provider::Provider) -> Client {
    let config = ClientConfig {
        api_url: format!("http://127.0.0.1:{api}/cloudapi/v6"),
        credentials,
        headers: Vec::new(),
        trace: false,
        retry: RetryPolicy { max_attempts: 1, ..RetryPolicy::default() },
    };
    Client::new(config, provider.dialect, Cancel::default()).expect("client")
}

#[test]
fn credentials_never_follow_a_redirect_to_another_host() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let seen: Seen = Arc::default();
        let api = redirecting_api(other_host(seen.clone()).await).await;
        let basic = Credentials::Basic { user: "me@example.com".into(), password: "hunter2".into() };
        let bearer = Credentials::Token("secret-token".into());
        let grant = Credentials::OAuth(ClientGrant {
            client_id: "client".into(),
            secret: "client-secret".into(),
            token_url: format!("http://127.0.0.1:{api}/oauth2/token"),
            scope: None,
            cache: None,
            start: None,
        });
        for (credentials, provider) in [(basic, &IONOS), (bearer, &IONOS), (grant, &NETFOUNDRY)] {
            let error = client(api, credentials, provider)
                .call(Method::Get, "/datacenters", &[], None)
                .await
                .expect_err("a redirect is an error");
            let message = error.to_string();
            assert!(message.contains("redirect"), "{message}");
            assert!(!message.contains("hunter2") && !message.contains("client-secret"), "{message}");
        }
        assert!(seen.lock().expect("lock").is_empty(), "the other host was reached: {:?}", seen.lock());
    });
}

#[test]
fn an_id_never_leaves_its_path_segment() {
    let world = common::World::start(0);
    let user = world.json(
        r#"let u = create_user(User(#{ firstname: "Ann", lastname: "Lee", email: "ann@example.com", password: "secretpass1" }));
           wait_for_completion(u);
           u"#,
    );
    let id = user["id"].as_str().expect("user id");
    let error =
        world.eval(&format!(r#"delete_datacenter("x/../../um/users/{id}")"#)).expect_err("no data center has that id");
    assert!(error.contains("404"), "{error}");
    let still = world.json(&format!(r#"get_user("{id}")"#));
    assert_eq!(still["id"], id, "the user was not deleted");
    for (id, shown) in [("..", "\"..\""), (".", "\".\""), ("a\nb", "\"a\\nb\"")] {
        let script = format!("delete_datacenter({})", serde_json::to_string(id).expect("text"));
        let error = world.eval(&script).expect_err("refused");
        assert!(error.contains("'datacenter_id' cannot be an id"), "{error}");
        assert!(error.contains(shown), "{error} names {shown}");
    }
}
