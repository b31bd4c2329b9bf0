//! Secrets are never printed: the Basic credentials, image passwords and user passwords do not
//! appear in `--trace` output, error messages or printed results (grepped in every output).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use base64::Engine as _;

const PASSWORD: &str = "TopSecretPassw0rd";
const IMAGE_PASSWORD: &str = "Xkc7Hq9Ppr3tMn";
const USER_PASSWORD: &str = "UserSecretPw77";

/// Every spelling of a secret that must not appear.
fn secrets() -> Vec<String> {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("me@example.com:{PASSWORD}"));
    vec![PASSWORD.into(), IMAGE_PASSWORD.into(), USER_PASSWORD.into(), basic]
}

fn run(dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("IONOS_API_URL", url)
        .env("IONOS_USERNAME", "me@example.com")
        .env("IONOS_PASSWORD", PASSWORD)
        .env_remove("IONOS_TOKEN")
        .output()
        .expect("ionosh runs")
}

/// Runs `script` (saved as `name` in `dir`) with `--trace` against an emulator whose state is
/// kept in `dir`; answers its stdout and stderr once it succeeded.
fn traced_run(dir: &Path, name: &str, script: &str) -> (String, String) {
    std::fs::write(dir.join(name), script).expect("script");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim", "--sim-state", "s.db", "--sim-delay-ms", "0", "--trace", name])
        .current_dir(dir)
        .env("HOME", dir)
        .output()
        .expect("ionosh runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    (stdout.into_owned(), stderr.into_owned())
}

fn assert_clean(what: &str, out: &Output) {
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    for secret in secrets() {
        assert!(!text.contains(&secret), "{what} printed a secret:\n{text}");
    }
}

#[test]
fn traces_errors_and_results_never_show_secrets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut sim = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["sim", "--listen", "127.0.0.1:0", "--ephemeral", "--delay-ms", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sim starts");
    let mut url = String::new();
    BufReader::new(sim.stdout.take().expect("stdout")).read_line(&mut url).expect("URL");
    let url = url.trim().to_string();

    let script = format!(
        r#"let dc = create_datacenter(Datacenter(#{{ name: "s", location: "de/fra" }}));
        wait_for_completion(dc);
        let v = create_volume(dc.id, Volume(#{{ name: "v", size: 10, image_alias: "ubuntu:latest", image_password: "{IMAGE_PASSWORD}" }}));
        print(v);
        print(get_request(v.requestId));
        print(list_requests(#{{ depth: 2 }}));
        try {{ create_user(#{{ firstname: "a", lastname: "b", email: "a@b.c", password: "{USER_PASSWORD}" }}) }} catch (e) {{ print(e) }}
        create_volume(dc.id, #{{ properties: #{{ size: -1, imagePassword: "{IMAGE_PASSWORD}" }} }});
        "#
    );
    std::fs::write(dir.path().join("secret.rhai"), script).expect("script");
    let out = run(dir.path(), &url, &["run", "--trace", "secret.rhai"]);
    assert!(!out.status.success(), "the last call fails");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Authorization"), "the trace shows the header, masked");
    assert_clean("ionosh run --trace", &out);

    let bad = format!("Volume(#{{ size: 10, image_alias: \"x\", image_password: \"{IMAGE_PASSWORD}!\" }})");
    std::fs::write(dir.path().join("invalid.rhai"), bad).expect("script");
    let out = run(dir.path(), &url, &["run", "invalid.rhai"]);
    assert!(!out.status.success());
    assert_clean("a refused image password", &out);

    let out = run(dir.path(), &url, &["whoami"]);
    assert_clean("ionosh whoami", &out);
    sim.kill().expect("stopped");
    sim.wait().expect("ended");
}

/// `--dry-run` prints each mutation it would send, with secrets masked.
#[test]
fn dry_run_output_never_shows_secrets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = format!(
        "let dc = create_datacenter(Datacenter(#{{ name: \"dc\", location: \"de/fra\" }}));\n\
         create_volume(dc.id, Volume(#{{ size: 10, image_alias: \"ubuntu:latest\", image_password: \"{IMAGE_PASSWORD}\" }}));"
    );
    std::fs::write(dir.path().join("dry.rhai"), script).expect("script");
    let out = run(dir.path(), "http://127.0.0.1:9", &["run", "--dry-run", "--trace", "dry.rhai"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/volumes {") && stderr.contains("\"imagePassword\":\"***\""), "{stderr}");
    assert_clean("ionosh run --dry-run", &out);
}

/// An S3 secret key is returned to the script that creates it, but never shows in a trace or
/// the request log; a backup unit's password never shows anywhere.
#[test]
fn s3_secret_keys_and_backup_unit_passwords_stay_out_of_traces_and_logs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let backup_password = "BackupPw-Secret-42";
    let script = format!(
        r#"let user = create_user(User(#{{ firstname: "s", lastname: "three", email: "s3@example.com", password: "{USER_PASSWORD}" }}));
        wait_for_completion(user);
        let key = create_s3key(user.id);
        print("SECRET " + key.properties.secretKey);
        let bu = create_backupunit(Backupunit(#{{ name: "bu1", password: "{backup_password}", email: "bu@example.com" }}));
        wait_for_completion(bu);
        print(get_backupunit(bu.id));
        print(list_requests(#{{ depth: 2 }}));
        "#
    );
    let (stdout, stderr) = traced_run(dir.path(), "keys.rhai", &script);
    let secret = stdout.lines().find_map(|l| l.strip_prefix("SECRET ")).expect("the script got its key").to_string();
    assert_eq!(secret.len(), 40);
    assert!(stderr.contains("secretKey") && !stderr.contains(&secret), "the trace masks the secret key:\n{stderr}");
    let rest: String = stdout.lines().filter(|l| !l.starts_with("SECRET ")).collect::<Vec<_>>().join("\n");
    assert!(!rest.contains(&secret), "the request log and results do not show it:\n{rest}");
    for text in [&rest, &stderr.to_string()] {
        assert!(!text.contains(backup_password) && !text.contains(USER_PASSWORD), "{text}");
    }
}

/// A dry run answers each mutation the way the API would: without the passwords it was sent,
/// in `print`, `debug` and `--output json` alike.
#[test]
fn dry_run_answers_never_echo_the_secrets_they_were_sent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let backup_password = "DryBackupPw-7781";
    let script = format!(
        r#"let dc = create_datacenter(Datacenter(#{{ name: "dc", location: "de/fra" }}));
        let v = create_volume(dc.id, Volume(#{{ name: "v", size: 10, image_alias: "ubuntu:latest", image_password: "{IMAGE_PASSWORD}" }}));
        print(v);
        debug(v);
        let bu = create_backupunit(Backupunit(#{{ name: "bu", password: "{backup_password}", email: "bu@example.com" }}));
        print(bu.properties);
        #{{ volume: v, backup: bu }}"#
    );
    std::fs::write(dir.path().join("dry.rhai"), script).expect("script");
    let out = run(dir.path(), "http://127.0.0.1:9", &["run", "--dry-run", "--output", "json", "dry.rhai"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("\"name\": \"bu\"") || stdout.contains("\"name\":\"bu\""),
        "the answers are printed: {stdout}"
    );
    assert_clean("a dry run's answers", &out);
    let text = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(!text.contains(backup_password), "{text}");
}

/// Credentials written into the API URL are used, and never shown: not by `whoami`, not in
/// the error when the API cannot be reached, not in a trace.
#[test]
fn credentials_in_the_api_url_are_never_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("http://me%40example.com:{PASSWORD}@127.0.0.1:9/cloudapi/v6");
    let command = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ionosh"))
            .args(args)
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .env("IONOS_API_URL", &url)
            .env_remove("IONOS_USERNAME")
            .env_remove("IONOS_PASSWORD")
            .env_remove("IONOS_TOKEN")
            .output()
            .expect("ionosh runs")
    };
    let whoami = command(&["whoami", "--offline"]);
    let shown = String::from_utf8_lossy(&whoami.stdout).to_string();
    assert!(shown.contains("http://127.0.0.1:9/cloudapi/v6"), "the URL is shown without its credentials: {shown}");
    assert!(shown.contains("me@example.com"), "the credentials from the URL are used: {shown}");
    assert_clean("whoami with credentials in the URL", &whoami);
    std::fs::write(dir.path().join("list.rhai"), "list_datacenters()").expect("script");
    let failed = command(&["run", "--trace", "list.rhai"]);
    assert!(!failed.status.success(), "nothing listens on port 9");
    assert!(String::from_utf8_lossy(&failed.stderr).contains("127.0.0.1:9"), "the error names the API");
    assert_clean("an unreachable API with credentials in the URL", &failed);
}

/// A secret of the wrong type is refused without repeating it.
#[test]
fn a_mistyped_secret_is_refused_without_echoing_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (script, field) in [
        ("Volume(#{ size: 10, image_alias: \"x\", image_password: 12345678901 })", "image_password"),
        ("Backupunit(#{ name: \"b\", email: \"b@example.com\", password: 12345678901 })", "password"),
        ("User(#{ firstname: \"a\", lastname: \"b\", email: \"a@b.c\", password: [12345678901] })", "password"),
    ] {
        std::fs::write(dir.path().join("typo.rhai"), script).expect("script");
        let out = run(dir.path(), "http://127.0.0.1:9", &["run", "typo.rhai"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(field), "{script}: {stderr}");
        assert!(!stderr.contains("12345678901"), "{script} echoed the secret: {stderr}");
    }
}

/// The emulator's state and its exports hold emulated passwords: readable by their owner only.
#[cfg(unix)]
#[test]
fn the_emulators_state_and_exports_are_private_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let script = r#"let bu = create_backupunit(Backupunit(#{ name: "bu", password: "StatePw-4410", email: "b@example.com" })); wait_for_completion(bu);"#;
    std::fs::write(dir.path().join("bu.rhai"), script).expect("script");
    let ionosh = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_ionosh"))
            .args(args)
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .output()
            .expect("runs")
    };
    let out = ionosh(&["run", "--sim", "--sim-state", "data/sim/s.db", "--sim-delay-ms", "0", "bu.rhai"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = ionosh(&["sim", "export", "export.json", "--state", "data/sim/s.db"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for file in ["data/sim/s.db", "export.json"] {
        let mode = std::fs::metadata(dir.path().join(file)).expect(file).permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file} is readable by its owner only");
    }
    let mode = std::fs::metadata(dir.path().join("data/sim")).expect("data dir").permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "the directory made for the state is its owner's only");
}

/// Single-sign-on links carry a `jwt`, remote-console links a `ticket`: either opens the
/// account to whoever holds it, so the trace masks them as it masks passwords.
#[test]
fn sign_on_and_console_links_are_masked_in_traces() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = r#"
        let user = create_user(User(#{ firstname: "s", lastname: "o", email: "so@example.com", password: "SsoUserPw-1" }));
        wait_for_completion(user);
        print("LINK " + get_s3ssourl(user.id).ssoUrl);
        let bu = create_backupunit(Backupunit(#{ name: "bu1", password: "SsoUnitPw-2", email: "bu@example.com" }));
        wait_for_completion(bu);
        print("LINK " + get_ssourl(bu.id).ssoUrl);
        let dc = create_datacenter(Datacenter(#{ name: "c", location: "de/fra" }));
        wait_for_completion(dc);
        let s = create_server(dc.id, Server(#{ name: "s", cores: 1, ram: 1024 }));
        wait_for_completion(s);
        print("LINK " + get_server_remote_console(dc.id, s.id).url);
    "#;
    let (stdout, stderr) = traced_run(dir.path(), "links.rhai", script);
    let secrets: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("LINK "))
        .filter_map(|link| link.split(['?', '&']).find_map(|p| p.strip_prefix("jwt=").or(p.strip_prefix("ticket="))))
        .collect();
    assert_eq!(secrets.len(), 3, "the script got its links: {stdout}");
    for secret in secrets {
        assert!(!stderr.contains(secret), "the trace shows {secret}:\n{stderr}");
    }
    assert_eq!(stderr.matches("jwt=***").count(), 2, "{stderr}");
    assert_eq!(stderr.matches("ticket=***").count(), 1, "{stderr}");
}
