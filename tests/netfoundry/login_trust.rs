//! NetFoundry login against what an attacker or a broken setup can put in its way: user
//! names and passwords written into URLs, a token of another environment, a token whose
//! claims name another host, credentials files others can read or change, one planted in
//! the current directory, a token cache that is a symlink or in a directory others can write
//! to, and a token endpoint that never answers.

use std::path::Path;

use futures_util::StreamExt as _;
use ionosh::client::ClientError;
use ionosh::provider::netfoundry::settings::{Flags, LoginError};
use ionosh::sim::AuthPolicy;
use serde_json::json;

use crate::login::{
    client, cognito_url, credentials_flag, grant, grant_of, jwt, netfoundry_section, now_s, ok, read_json, run, text,
    token_flag, token_requests, whoami_call, write_account, write_cached, Dirs, Home, CLIENT_ID, SECRET,
};
use crate::world::World;

#[test]
fn a_user_and_password_in_a_netfoundry_url_are_left_out_of_everything_shown_sent_or_kept() {
    let dirs = Dirs::new();
    let auth = "https://auth-user:auth-pw-77@netfoundry-staging-xfjiye.auth.us-east-1.amazoncognito.com/oauth2/token";
    let file = write_account(&dirs.elsewhere, "acct.json", "c1", auth);
    let flags = Flags {
        api_url: Some("https://api-user:api-pw-66@nf.example.com/".into()),
        ..credentials_flag(file.to_str().unwrap())
    };
    let settings = ok(&flags, &[], &dirs.places());
    assert_eq!(settings.api_url, "https://nf.example.com");
    let grant = grant_of(&settings);
    assert_eq!(grant.token_url, cognito_url("staging"), "the environment is read from the cleaned URL");
    assert_eq!(grant.scope.as_deref(), Some("https://gateway.staging.netfoundry.io//ignore-scope"));
    let shown = format!("{settings:?} {:?}", settings.warnings);
    assert!(!shown.contains("api-pw-66") && !shown.contains("auth-pw-77"), "{shown}");
    assert_eq!(settings.warnings.len(), 2, "{:?}", settings.warnings);
    assert!(settings.warnings.iter().all(|w| w.contains("user name and password")), "{:?}", settings.warnings);

    // whoami shows the URLs without them.
    let home = Home::new();
    let output = home
        .whoami(&["--nf-credentials", file.to_str().unwrap(), "--nf-url", "https://u:api-pw-66@nf.example.com"], &[]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        netfoundry_section(&stdout).join("\n").contains("API URL:     https://nf.example.com (from --nf-url)"),
        "{stdout}"
    );
    for shown in [&stdout, &stderr] {
        assert!(
            !shown.contains("api-pw-66") && !shown.contains("auth-pw-77") && !shown.contains("auth-user"),
            "{shown}"
        );
    }
}

#[test]
fn a_token_of_another_environment_than_the_account_is_refused_naming_both() {
    let dirs = Dirs::new();
    let file = write_account(&dirs.elsewhere, "acct.json", "c1", &cognito_url("staging"));
    let token = jwt(json!({
        "exp": now_s() + 3600,
        "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x",
        "scope": "https://gateway.production.netfoundry.io//ignore-scope",
    }));
    let flags = Flags { token: Some(token), ..credentials_flag(file.to_str().unwrap()) };
    let error = run(&flags, &[], &dirs.places()).expect_err("environments differ");
    assert!(matches!(error, LoginError::OtherEnvironment { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("production") && message.contains("staging") && message.contains("--nf-token"),
        "{message}"
    );

    // A token that names no environment is not refused (its API is production's, as the
    // module has it).
    let opaque = Flags { token: Some("opaque-token".into()), ..credentials_flag(file.to_str().unwrap()) };
    assert_eq!(ok(&opaque, &[], &dirs.places()).api_url, "https://gateway.production.netfoundry.io");
}

#[test]
fn a_token_whose_claims_name_another_host_does_not_move_the_api() {
    let dirs = Dirs::new();
    for scope in [
        "https://gateway.attacker:8443/.x",
        "https://gateway.x/@attacker.example.",
        "https://gateway.evil@attacker.example.",
        "https://gateway.a?b.",
    ] {
        let token = jwt(json!({
            "exp": now_s() + 3600,
            "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x",
            "scope": scope,
        }));
        let settings = ok(&token_flag(&token), &[], &dirs.places());
        assert_eq!(settings.api_url, "https://gateway.production.netfoundry.io", "scope {scope}");
    }
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn a_credentials_file_others_can_read_is_warned_about() {
    let dirs = Dirs::new();
    let file = write_account(&dirs.user, "credentials.json", "c1", &cognito_url("staging"));
    assert!(ok(&Flags::default(), &[], &dirs.places()).warnings.is_empty());
    chmod(&file, 0o644);
    let warnings = ok(&Flags::default(), &[], &dirs.places()).warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("can be read by other users (mode 644)") && warnings[0].contains("chmod 600"),
        "{warnings:?}"
    );
}

#[test]
fn a_credentials_file_in_the_current_directory_says_it_takes_precedence() {
    let dirs = Dirs::new();
    let mine = write_account(&dirs.user, "credentials.json", "mine", &cognito_url("staging"));
    let planted = write_account(&dirs.project, "credentials.json", "planted", &cognito_url("staging"));
    let settings = ok(&Flags::default(), &[], &dirs.places());
    assert_eq!(grant_of(&settings).client_id, "planted");
    assert_eq!(settings.warnings.len(), 1, "{:?}", settings.warnings);
    let warning = &settings.warnings[0];
    assert!(warning.contains("current directory") && warning.contains(&planted.display().to_string()), "{warning}");
    assert!(warning.contains(&format!("take precedence over {}", mine.display())), "{warning}");

    // Named explicitly, it is what the user asked for: nothing to say.
    let named = ok(&credentials_flag(planted.to_str().unwrap()), &[], &dirs.places());
    assert!(named.warnings.is_empty(), "{:?}", named.warnings);
}

#[cfg(unix)]
#[test]
fn a_token_cache_that_is_a_symlink_or_in_a_directory_others_can_write_is_not_used() {
    let world = World::start(0);
    let dir = tempfile::tempdir().expect("temp dir");
    let token_url = grant(&world, SECRET, None).token_url;

    // A symlink in the cache file's place: neither read (its token would be someone else's)
    // nor written through (the token would land where it points).
    let elsewhere = dir.path().join("elsewhere.json");
    write_cached(&elsewhere, "planted-token", now_s() + 3600, &token_url);
    let cache_dir = dir.path().join("cache");
    std::fs::create_dir(&cache_dir).expect("dir");
    chmod(&cache_dir, 0o700);
    let cache = cache_dir.join("token.json");
    std::os::unix::fs::symlink(&elsewhere, &cache).expect("symlink");
    let linked = client(&world, grant(&world, SECRET, Some(cache.clone())));
    whoami_call(&world, &linked).expect("logs in instead");
    assert_eq!(token_requests(&world), 1, "the planted token was not used");
    let planted = std::fs::read_to_string(&elsewhere).expect("target");
    assert!(planted.contains("planted-token"), "nothing was written through the link: {planted}");

    // A directory others can write to (they could swap the file at any time).
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).expect("dir");
    chmod(&shared, 0o777);
    let cache = shared.join("token.json");
    write_cached(&cache, "planted-token", now_s() + 3600, &token_url);
    let exposed = client(&world, grant(&world, SECRET, Some(cache.clone())));
    whoami_call(&world, &exposed).expect("logs in instead");
    assert_eq!(token_requests(&world), 2, "the planted token was not used");
    assert!(std::fs::read_to_string(&cache).expect("cache").contains("planted-token"), "nor replaced");
}

#[test]
fn a_token_endpoint_that_never_answers_ends_the_login_within_its_timeout() {
    let world = World::start(0);
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = silent.local_addr().expect("addr").port();
    let mut grant = grant(&world, SECRET, None);
    grant.token_url = format!("http://127.0.0.1:{port}/oauth2/token");
    grant.timeout = std::time::Duration::from_millis(400);
    let started = std::time::Instant::now();
    let error = whoami_call(&world, &client(&world, grant)).expect_err("no answer");
    let took = started.elapsed();
    match &error {
        ClientError::Login { detail, .. } => assert!(detail.contains("did not answer within 0.4 s"), "{detail}"),
        other => panic!("expected a login error, got {other:?}"),
    }
    assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
    drop(silent);
}

#[test]
fn a_flood_of_logins_never_makes_the_emulator_forget_anothers_token() {
    let mut world = World::start(0);
    world.restart(AuthPolicy::Only { user: Some((CLIENT_ID.into(), SECRET.into())), token: None });
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("token.json");
    whoami_call(&world, &client(&world, grant(&world, SECRET, Some(cache.clone())))).expect("first login");
    let token = read_json(&cache)["token"].as_str().expect("cached token").to_string();

    // Past what the emulator once kept (10,000 tokens, then it forgot them all).
    let base = world.base_url();
    let statuses: Vec<u16> = world.runtime.block_on(async {
        let http = reqwest::Client::new();
        let ask = |_| {
            let (http, url) = (http.clone(), format!("{base}/oauth2/token"));
            async move {
                let sent =
                    http.post(url).basic_auth(CLIENT_ID, Some(SECRET)).form(&[("grant_type", "client_credentials")]);
                sent.send().await.expect("answer").status().as_u16()
            }
        };
        futures_util::stream::iter(0..10_001).map(ask).buffer_unordered(16).collect().await
    });
    assert!(statuses.iter().all(|s| *s == 200 || *s == 503), "{:?}", statuses.iter().find(|s| **s != 200));
    assert!(statuses.contains(&503), "a client asking for too many tokens is refused more");

    let me = world.runtime.block_on(async {
        let url = format!("{base}/identity/v1/identities/self");
        reqwest::Client::new().get(url).bearer_auth(&token).send().await.expect("answer").status()
    });
    assert_eq!(me.as_u16(), 200, "the first token is still accepted");
}
