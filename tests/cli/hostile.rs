//! What a broken or hostile API server can do to a run, and what it gets instead: an answer
//! larger than the answer limit ends the call (not the process), JSON built to blow up in
//! memory is refused before it is parsed, and a list whose pages never move on is stopped.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Router;

/// Serves `app` on a free loopback port, on a runtime of its own; answers its port and the
/// runtime (dropping it stops the server).
fn serve(app: Router) -> (u16, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let port = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        tokio::spawn(async move { axum::serve(listener, app).await });
        port
    });
    (port, runtime)
}

/// Runs `script` with `-e` against the IONOS API at `port`, with `flags`; answers the exit
/// code, stdout and stderr.
fn run_ionos(port: u16, script: &str, flags: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().expect("home");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .arg("run")
        .args(flags)
        .args(["-e", script])
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_CACHE_HOME", home.path().join(".cache"))
        .env("IONOS_API_URL", format!("http://127.0.0.1:{port}/cloudapi/v6"))
        .env("IONOS_USERNAME", "me@example.com")
        .env("IONOS_PASSWORD", "pw")
        .env_remove("IONOS_TOKEN")
        .output()
        .expect("ionosh runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// A body of `bytes` bytes of JSON (`[{},{},…]`), sent in chunks without a length.
fn empties(bytes: usize) -> Body {
    let items = bytes / 3;
    let chunk = "{},".repeat(10_000);
    let chunks = items / 10_000;
    let stream = futures_util::stream::iter(
        std::iter::once("[".to_string())
            .chain(std::iter::repeat_n(chunk, chunks))
            .chain(std::iter::once("{}]".to_string()))
            .map(Ok::<_, std::convert::Infallible>),
    );
    Body::from_stream(stream)
}

#[test]
fn an_answer_past_the_limit_ends_the_call_with_an_error_naming_the_limit() {
    let app =
        Router::new().fallback(|| async { (StatusCode::OK, [("content-type", "application/json")], empties(3 << 20)) });
    let (port, _server) = serve(app);
    let (code, _, stderr) = run_ionos(port, "list_datacenters()", &["--max-answer", "2"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("GET") && stderr.contains("larger than 2 MiB"), "{stderr}");
    assert!(stderr.contains("--max-answer"), "{stderr}");
    // Within the limit, the same answer is read whole.
    let (code, stdout, stderr) = run_ionos(port, "print(list_datacenters().len())", &["--max-answer", "4"]);
    assert_eq!((code, stdout.trim()), (0, "1040001"), "{stderr}");
}

#[test]
fn json_that_would_blow_up_in_memory_is_refused_before_it_is_parsed() {
    let app =
        Router::new().fallback(|| async { (StatusCode::OK, [("content-type", "application/json")], empties(4 << 20)) });
    let (port, _server) = serve(app);
    let (code, _, stderr) = run_ionos(port, "list_datacenters()", &["--max-memory", "64"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("as script values, more than the script's memory limit of 64 MiB"), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("memory allocation"), "{stderr}");
}

#[test]
fn a_list_whose_pages_never_move_on_is_stopped() {
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = requests.clone();
    let app = Router::new().fallback(move || {
        let seen = seen.clone();
        async move {
            seen.fetch_add(1, Ordering::SeqCst);
            let page = serde_json::json!({
                "_embedded": { "networkList": [{ "id": "n1", "name": "n" }] },
                "page": { "size": 1, "totalElements": 2, "totalPages": 2, "number": 0 },
            });
            (StatusCode::OK, [("content-type", "application/hal+json")], page.to_string()).into_response()
        }
    });
    let (port, _server) = serve(app);
    let home = tempfile::tempdir().expect("home");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--nf-url", &format!("http://127.0.0.1:{port}"), "--nf-token", "t0k", "-e", "nf::networks()"])
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join(".config"))
        .env("XDG_CACHE_HOME", home.path().join(".cache"))
        .env_remove("NETFOUNDRY_API_ACCOUNT")
        .env_remove("IONOS_USERNAME")
        .env_remove("IONOS_TOKEN")
        .output()
        .expect("ionosh runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("did not move on to the next page (") && stderr.contains("page=1"), "{stderr}");
    assert_eq!(requests.load(Ordering::SeqCst), 2, "the first page, and the next one that repeated it");
}
