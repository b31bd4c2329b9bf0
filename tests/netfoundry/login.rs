//! NetFoundry login: where the credentials come from (the `netfoundry` Python module's order:
//! token flag, NETFOUNDRY_API_TOKEN, --nf-credentials, NETFOUNDRY_API_ACCOUNT, the three
//! credential variables, credentials.json in project/user/device/site), which environment
//! and API they lead to, and the OAuth2 client-credentials tokens: fetched once, cached
//! privately, reused by the next client, renewed inside the 600 s margin, fetched again once
//! when the API refuses them. Ends with `ionosh whoami --offline` telling where the
//! credentials came from without showing the secret.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine as _;
use ionosh::client::{Cancel, Client, ClientConfig, ClientError, ClientGrant, Credentials, RetryPolicy};
use ionosh::provider::netfoundry::settings::{
    environment_of_auth_url, environment_of_token, gateway, resolve, Flags, LoginError, Places,
};
use ionosh::provider::netfoundry::NETFOUNDRY;
use ionosh::provider::{Settings, Source};
use ionosh::sim::AuthPolicy;
use serde_json::{json, Value};

use crate::world::World;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

pub(crate) fn now_s() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64
}

/// An unsigned JWT with these claims (the signature is never checked).
pub(crate) fn jwt(claims: Value) -> String {
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.c2lnbmF0dXJl", b64(&json!({"alg": "RS256", "typ": "JWT"})), b64(&claims))
}

/// The claims of a JWT, read without checking it.
fn claims_of(token: &str) -> Value {
    let part = token.split('.').nth(1).expect("a JWT has claims");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).expect("base64url claims");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

pub(crate) fn cognito_url(env: &str) -> String {
    format!("https://netfoundry-{env}-xfjiye.auth.us-east-1.amazoncognito.com/oauth2/token")
}

pub(crate) fn scope_of(env: &str) -> String {
    format!("https://gateway.{env}.netfoundry.io//ignore-scope")
}

/// Four empty directories standing in for project, user, device and site, and a cache dir.
pub(crate) struct Dirs {
    _root: tempfile::TempDir,
    pub(crate) project: PathBuf,
    pub(crate) user: PathBuf,
    pub(crate) device: PathBuf,
    pub(crate) site: PathBuf,
    pub(crate) elsewhere: PathBuf,
    pub(crate) cache: PathBuf,
}

impl Dirs {
    pub(crate) fn new() -> Dirs {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = |name: &str| {
            let path = root.path().join(name);
            std::fs::create_dir_all(&path).expect("dir");
            path
        };
        Dirs {
            project: dir("project"),
            user: dir("home/.netfoundry"),
            device: dir("netfoundry"),
            site: dir("config/netfoundry"),
            elsewhere: dir("elsewhere"),
            cache: root.path().join("cache/ionosh"),
            _root: root,
        }
    }

    pub(crate) fn places(&self) -> Places {
        Places {
            project: Some(self.project.clone()),
            user: Some(self.user.clone()),
            device: self.device.clone(),
            site: Some(self.site.clone()),
            cache: Some(self.cache.clone()),
        }
    }
}

/// Writes an API account's credentials file and returns its path.
pub(crate) fn write_account(dir: &Path, name: &str, client_id: &str, auth_url: &str) -> PathBuf {
    let path = dir.join(name);
    let text = json!({
        "clientId": client_id,
        "password": format!("{client_id}-secret"),
        "authenticationUrl": auth_url,
    });
    std::fs::write(&path, serde_json::to_string_pretty(&text).unwrap()).expect("credentials written");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("private");
    }
    path
}

pub(crate) fn run(flags: &Flags, vars: &[(&str, &str)], places: &Places) -> Result<Settings, LoginError> {
    let env: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    resolve(flags, &|name| env.get(name).cloned(), places)
}

/// The settings, without the warning every literal `--nf-token` gets (tested on its own).
pub(crate) fn ok(flags: &Flags, vars: &[(&str, &str)], places: &Places) -> Settings {
    let mut settings = run(flags, vars, places).unwrap_or_else(|e| panic!("settings resolve: {e}"));
    settings.warnings.retain(|w| !w.starts_with("a token on the command line"));
    settings
}

pub(crate) fn grant_of(settings: &Settings) -> &ClientGrant {
    match &settings.credentials {
        Some(Credentials::OAuth(grant)) => grant,
        other => panic!("expected API account credentials, got {other:?}"),
    }
}

/// The token the settings start with: given alone, or beside an account that renews it.
fn token_of(settings: &Settings) -> &str {
    match &settings.credentials {
        Some(Credentials::Token(token)) => token,
        Some(Credentials::OAuth(ClientGrant { start: Some(token), .. })) => token,
        other => panic!("expected a token, got {other:?}"),
    }
}

pub(crate) fn token_flag(token: &str) -> Flags {
    Flags { token: Some(token.to_string()), ..Flags::default() }
}

pub(crate) fn credentials_flag(path: &str) -> Flags {
    Flags { credentials: Some(path.to_string()), ..Flags::default() }
}

const TRIPLE_SOURCE: Source = Source::Env("NETFOUNDRY_CLIENT_ID, NETFOUNDRY_PASSWORD and NETFOUNDRY_OAUTH_URL");

// ---------------------------------------------------------------------------------------
// 1. Lookup order
// ---------------------------------------------------------------------------------------

#[test]
fn a_token_flag_wins_over_the_token_variable_and_both_over_every_account_source() {
    let dirs = Dirs::new();
    let flag_file = write_account(&dirs.elsewhere, "flag.json", "from-flag-file", &cognito_url("staging"));
    let var_file = write_account(&dirs.elsewhere, "var.json", "from-account-var", &cognito_url("staging"));
    write_account(&dirs.project, "credentials.json", "from-project", &cognito_url("staging"));
    let flag_token = jwt(json!({"exp": now_s() + 3600, "sub": "flag"}));
    let env_token = jwt(json!({"exp": now_s() + 3600, "sub": "env"}));
    let vars = [
        ("NETFOUNDRY_API_TOKEN", env_token.as_str()),
        ("NETFOUNDRY_API_ACCOUNT", var_file.to_str().unwrap()),
        ("NETFOUNDRY_CLIENT_ID", "from-triple"),
        ("NETFOUNDRY_PASSWORD", "triple-secret"),
        ("NETFOUNDRY_OAUTH_URL", "https://netfoundry-staging-x.auth.example/oauth2/token"),
    ];
    let flags =
        Flags { token: Some(flag_token.clone()), credentials: Some(flag_file.display().to_string()), api_url: None };

    let settings = ok(&flags, &vars, &dirs.places());
    assert_eq!(token_of(&settings), flag_token);
    assert_eq!(settings.credentials_source, Source::Flag("--nf-token"));
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);

    let without_flag = Flags { token: None, ..flags };
    let settings = ok(&without_flag, &vars, &dirs.places());
    assert_eq!(token_of(&settings), env_token);
    assert_eq!(settings.credentials_source, Source::Env("NETFOUNDRY_API_TOKEN"));
}

#[test]
fn each_account_source_wins_over_the_ones_below_it() {
    let dirs = Dirs::new();
    let flag_file = write_account(&dirs.elsewhere, "flag.json", "from-flag-file", &cognito_url("staging"));
    let var_file = write_account(&dirs.elsewhere, "var.json", "from-account-var", &cognito_url("staging"));
    let project_file = write_account(&dirs.project, "credentials.json", "from-project", &cognito_url("staging"));
    let triple = [
        ("NETFOUNDRY_CLIENT_ID", "from-triple"),
        ("NETFOUNDRY_PASSWORD", "triple-secret"),
        ("NETFOUNDRY_OAUTH_URL", "https://netfoundry-staging-x.auth.example/oauth2/token"),
    ];
    let account_var = ("NETFOUNDRY_API_ACCOUNT", var_file.to_str().unwrap());
    let with_var: Vec<_> = std::iter::once(account_var).chain(triple).collect();
    let flag = credentials_flag(flag_file.to_str().unwrap());

    // --nf-credentials over NETFOUNDRY_API_ACCOUNT, the triple and credentials.json.
    let settings = ok(&flag, &with_var, &dirs.places());
    assert_eq!(grant_of(&settings).client_id, "from-flag-file");
    assert_eq!(grant_of(&settings).secret, "from-flag-file-secret");
    assert_eq!(settings.credentials_source, Source::File(flag_file.clone()));

    // NETFOUNDRY_API_ACCOUNT over the triple and credentials.json.
    let settings = ok(&Flags::default(), &with_var, &dirs.places());
    assert_eq!(grant_of(&settings).client_id, "from-account-var");
    assert_eq!(settings.credentials_source, Source::File(var_file.clone()));

    // The triple over credentials.json.
    let settings = ok(&Flags::default(), &triple, &dirs.places());
    let grant = grant_of(&settings);
    assert_eq!(
        (grant.client_id.as_str(), grant.secret.as_str(), grant.token_url.as_str()),
        ("from-triple", "triple-secret", "https://netfoundry-staging-x.auth.example/oauth2/token")
    );
    assert_eq!(settings.credentials_source, TRIPLE_SOURCE);

    // Nothing else: credentials.json in the project directory.
    let settings = ok(&Flags::default(), &[], &dirs.places());
    assert_eq!(grant_of(&settings).client_id, "from-project");
    assert_eq!(settings.credentials_source, Source::File(project_file.clone()));
    let said = format!("using the NetFoundry credentials in the current directory ({})", project_file.display());
    assert_eq!(settings.warnings, [said]);
}

#[test]
fn a_file_source_above_the_variables_makes_an_incomplete_triple_irrelevant() {
    // As in the module: the three variables are only looked at when no file is named.
    let dirs = Dirs::new();
    let var_file = write_account(&dirs.elsewhere, "var.json", "from-account-var", &cognito_url("staging"));
    let settings = ok(
        &Flags::default(),
        &[("NETFOUNDRY_API_ACCOUNT", var_file.to_str().unwrap()), ("NETFOUNDRY_CLIENT_ID", "lonely")],
        &dirs.places(),
    );
    assert_eq!(grant_of(&settings).client_id, "from-account-var");
}

#[test]
fn a_bare_file_name_is_found_in_project_then_user_then_device_then_site() {
    // Both a bare NETFOUNDRY_API_ACCOUNT name and the default credentials.json are searched
    // for in the same places, in the same order.
    for (file_name, vars) in
        [("acct.json", vec![("NETFOUNDRY_API_ACCOUNT", "acct.json")]), ("credentials.json", vec![])]
    {
        let dirs = Dirs::new();
        let order = [("project", &dirs.project), ("user", &dirs.user), ("device", &dirs.device), ("site", &dirs.site)];
        for (place, dir) in order {
            write_account(dir, file_name, &format!("in-{place}"), &cognito_url("sandbox"));
        }
        for (place, dir) in order {
            let settings = ok(&Flags::default(), &vars, &dirs.places());
            assert_eq!(grant_of(&settings).client_id, format!("in-{place}"), "{file_name}");
            assert_eq!(settings.credentials_source, Source::File(dir.join(file_name)), "{file_name}");
            std::fs::remove_file(dir.join(file_name)).expect("removed");
        }
        // Found nowhere: an explicitly named file is an error naming where it was looked for;
        // the default file name just means no credentials.
        match run(&Flags::default(), &vars, &dirs.places()) {
            Err(LoginError::Missing { name, looked }) => {
                assert_eq!(name, "acct.json");
                let expected: Vec<String> = order.iter().map(|(_, dir)| dir.display().to_string()).collect();
                assert_eq!(looked, expected.join(", "));
            }
            Ok(settings) if vars.is_empty() => {
                assert!(settings.credentials.is_none(), "{settings:?}");
                assert_eq!(settings.credentials_source, Source::Default);
            }
            other => panic!("{file_name}: unexpected {other:?}"),
        }
    }
}

#[test]
fn a_path_that_exists_is_used_as_given_rather_than_searched_for() {
    let dirs = Dirs::new();
    let given = write_account(&dirs.elsewhere, "credentials.json", "as-given", &cognito_url("staging"));
    write_account(&dirs.project, "credentials.json", "in-project", &cognito_url("staging"));
    for flags_and_vars in [
        (credentials_flag(given.to_str().unwrap()), vec![]),
        (Flags::default(), vec![("NETFOUNDRY_API_ACCOUNT", given.to_str().unwrap())]),
    ] {
        let settings = ok(&flags_and_vars.0, &flags_and_vars.1, &dirs.places());
        assert_eq!(grant_of(&settings).client_id, "as-given");
        assert_eq!(settings.credentials_source, Source::File(given.clone()));
    }
}

#[test]
fn some_but_not_all_credential_variables_is_an_error_naming_exactly_the_missing_ones() {
    let dirs = Dirs::new();
    // A credentials.json lower down does not rescue an incomplete triple.
    write_account(&dirs.project, "credentials.json", "in-project", &cognito_url("staging"));
    let all = [
        ("NETFOUNDRY_CLIENT_ID", "id"),
        ("NETFOUNDRY_PASSWORD", "incomplete-triple-secret"),
        ("NETFOUNDRY_OAUTH_URL", "https://netfoundry-staging-x.auth.example/oauth2/token"),
    ];
    for mask in 1..7u8 {
        let set: Vec<_> = all.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, v)| *v).collect();
        let missing: Vec<&str> =
            all.iter().enumerate().filter(|(i, _)| mask & (1 << i) == 0).map(|(_, (name, _))| *name).collect();
        let expected = missing.join(" and ");
        match run(&Flags::default(), &set, &dirs.places()) {
            Err(error @ LoginError::Incomplete { .. }) => {
                let LoginError::Incomplete { missing: named } = &error else { unreachable!() };
                assert_eq!(named, &expected, "set: {set:?}");
                let text = error.to_string();
                assert!(text.ends_with(&format!(": {expected} not set")), "{text}");
                assert!(!text.contains("incomplete-triple-secret"), "{text}");
            }
            other => panic!("set {set:?}: expected an Incomplete error, got {other:?}"),
        }
    }
}

#[test]
fn a_credentials_file_missing_a_key_or_not_json_is_an_error_naming_the_file() {
    let dirs = Dirs::new();
    let cases = [
        ("no-url.json", r#"{"clientId": "id", "password": "file-secret-1"}"#, "authenticationUrl"),
        ("no-password.json", r#"{"clientId": "id", "authenticationUrl": "https://x/oauth2/token"}"#, "password"),
        ("not-json.json", "clientId=id password=file-secret-2", "authenticationUrl"),
    ];
    for (name, text, mentioned) in cases {
        let path = dirs.elsewhere.join(name);
        std::fs::write(&path, text).expect("written");
        for (flags, vars) in [
            (credentials_flag(path.to_str().unwrap()), vec![]),
            (Flags::default(), vec![("NETFOUNDRY_API_ACCOUNT", path.to_str().unwrap())]),
        ] {
            match run(&flags, &vars, &dirs.places()) {
                Err(error @ LoginError::Unreadable { .. }) => {
                    let LoginError::Unreadable { path: named, .. } = &error else { unreachable!() };
                    assert_eq!(named, &path);
                    let message = error.to_string();
                    assert!(message.starts_with(&format!("{}: ", path.display())), "{message}");
                    assert!(message.contains(mentioned), "{message}");
                    assert!(!message.contains("file-secret"), "{message}");
                }
                other => panic!("{name}: expected an Unreadable error, got {other:?}"),
            }
        }
    }
    // A credentials.json found only by its common name may be another tool's: it is passed
    // over with a warning naming it, and NetFoundry is left unconfigured.
    std::fs::write(dirs.user.join("credentials.json"), r#"{"clientId": "id"}"#).expect("written");
    let settings = ok(&Flags::default(), &[], &dirs.places());
    assert!(settings.credentials.is_none());
    assert_eq!(settings.warnings.len(), 1, "{:?}", settings.warnings);
    let shown = dirs.user.join("credentials.json").display().to_string();
    assert!(
        settings.warnings[0].starts_with(&shown) && settings.warnings[0].contains("passed over"),
        "{:?}",
        settings.warnings
    );
}

#[test]
fn a_token_on_the_command_line_warns_and_one_in_a_file_does_not() {
    let dirs = Dirs::new();
    let token = jwt(json!({"exp": now_s() + 3600}));
    let settings = run(&token_flag(&token), &[], &dirs.places()).expect("resolves");
    assert_eq!(token_of(&settings), token);
    assert_eq!(settings.warnings.len(), 1, "{:?}", settings.warnings);
    assert!(settings.warnings[0].contains("process list and shell history"), "{:?}", settings.warnings);
    let file = dirs.elsewhere.join("token");
    std::fs::write(&file, format!("{token}\n")).expect("written");
    let settings = run(&token_flag(&format!("@{}", file.display())), &[], &dirs.places()).expect("resolves");
    assert_eq!(token_of(&settings), token);
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
    let missing = dirs.elsewhere.join("nope");
    let error = run(&token_flag(&format!("@{}", missing.display())), &[], &dirs.places()).expect_err("no such file");
    assert!(matches!(error, LoginError::Unreadable { .. }), "{error}");
}

#[test]
fn a_live_token_beside_an_account_is_used_first_and_renewed_with_the_account() {
    let dirs = Dirs::new();
    let account = write_account(&dirs.elsewhere, "acct.json", "renewer", &cognito_url("sandbox"));
    let live = jwt(json!({"exp": now_s() + 3600}));
    let settings = ok(&token_flag(&live), &[("NETFOUNDRY_API_ACCOUNT", account.to_str().unwrap())], &dirs.places());
    let grant = grant_of(&settings);
    assert_eq!((grant.client_id.as_str(), grant.start.as_deref()), ("renewer", Some(live.as_str())));
    assert_eq!(settings.credentials_source, Source::Flag("--nf-token"));
    let described = settings.credentials.as_ref().expect("credentials").describe();
    assert!(described.starts_with("token, renewed with client id renewer and secret at "), "{described}");
}

#[test]
fn no_credentials_anywhere_gives_none_and_the_production_defaults() {
    let dirs = Dirs::new();
    let settings = ok(&Flags::default(), &[], &dirs.places());
    assert!(settings.credentials.is_none(), "{settings:?}");
    assert_eq!(settings.credentials_source, Source::Default);
    assert_eq!(settings.api_url, "https://gateway.production.netfoundry.io");
    assert_eq!(settings.api_url_source, Source::Default);
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
    assert!(settings.headers.is_empty());
    // Blank variables count as unset.
    let blank = [("NETFOUNDRY_API_TOKEN", " "), ("NETFOUNDRY_API_ACCOUNT", ""), ("NETFOUNDRY_API_URL", "")];
    let settings = ok(&Flags::default(), &blank, &dirs.places());
    assert!(settings.credentials.is_none(), "{settings:?}");
    assert_eq!(settings.api_url, "https://gateway.production.netfoundry.io");
}

#[test]
fn sources_display_as_whoami_prints_them() {
    assert_eq!(Source::Flag("--nf-token").to_string(), "from --nf-token");
    assert_eq!(Source::Env("NETFOUNDRY_API_TOKEN").to_string(), "from NETFOUNDRY_API_TOKEN");
    assert_eq!(TRIPLE_SOURCE.to_string(), "from NETFOUNDRY_CLIENT_ID, NETFOUNDRY_PASSWORD and NETFOUNDRY_OAUTH_URL");
    assert_eq!(Source::File(PathBuf::from("/x/credentials.json")).to_string(), "from /x/credentials.json");
    assert_eq!(Source::Default.to_string(), "default");
}

// ---------------------------------------------------------------------------------------
// 2. Environment and URLs
// ---------------------------------------------------------------------------------------

#[test]
fn the_environment_api_and_scope_come_from_the_authentication_url() {
    let dirs = Dirs::new();
    for (auth_url, env) in [
        (cognito_url("production"), "production"),
        (cognito_url("staging"), "staging"),
        (cognito_url("sandbox"), "sandbox"),
        // Anything not shaped like the module's Cognito URLs is production.
        ("http://127.0.0.1:8443/oauth2/token".to_string(), "production"),
        ("https://netfoundry-sandbox.example.com/oauth2/token".to_string(), "production"),
        ("https://login.example.com/netfoundry-staging-x/token".to_string(), "production"),
    ] {
        assert_eq!(environment_of_auth_url(&auth_url), env, "{auth_url}");
        let settings = ok(
            &Flags::default(),
            &[("NETFOUNDRY_CLIENT_ID", "id"), ("NETFOUNDRY_PASSWORD", "pw"), ("NETFOUNDRY_OAUTH_URL", &auth_url)],
            &dirs.places(),
        );
        assert_eq!(settings.api_url, format!("https://gateway.{env}.netfoundry.io"), "{auth_url}");
        assert_eq!(settings.api_url_source, Source::Default);
        let grant = grant_of(&settings);
        assert_eq!(grant.scope.as_deref(), Some(scope_of(env).as_str()), "{auth_url}");
        assert_eq!(grant.token_url, auth_url);

        // The same from a credentials file.
        let path = write_account(&dirs.elsewhere, "env.json", "id", &auth_url);
        let settings = ok(&credentials_flag(path.to_str().unwrap()), &[], &dirs.places());
        assert_eq!(settings.api_url, gateway(env));
        assert_eq!(grant_of(&settings).scope.as_deref(), Some(scope_of(env).as_str()));
    }
}

#[test]
fn the_environment_comes_from_a_tokens_claims() {
    let dirs = Dirs::new();
    let exp = now_s() + 3600;
    let cognito = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf";
    for (claims, env) in [
        (json!({"iss": cognito, "scope": scope_of("staging"), "exp": exp}), "staging"),
        (json!({"iss": cognito, "scope": scope_of("sandbox"), "exp": exp}), "sandbox"),
        (json!({"iss": cognito, "scope": scope_of("production"), "exp": exp}), "production"),
        (json!({"iss": "https://netfoundry-sandbox.auth0.com/", "exp": exp}), "sandbox"),
        (json!({"iss": "https://netfoundry-staging.auth0.com/", "exp": exp}), "staging"),
        // An Auth0 issuer's scope is not read; a Cognito issuer's is.
        (json!({"iss": "https://netfoundry-staging.auth0.com/", "scope": scope_of("sandbox"), "exp": exp}), "staging"),
        (json!({"iss": "https://issuer.example.com/", "scope": scope_of("staging"), "exp": exp}), "production"),
        (json!({"iss": cognito, "exp": exp}), "production"),
        (json!({"exp": exp}), "production"),
    ] {
        let token = jwt(claims.clone());
        assert_eq!(environment_of_token(&token), env, "{claims}");
        let settings = ok(&Flags::default(), &[("NETFOUNDRY_API_TOKEN", &token)], &dirs.places());
        assert_eq!(settings.api_url, format!("https://gateway.{env}.netfoundry.io"), "{claims}");
        assert_eq!(settings.api_url_source, Source::Default);
    }
    // A token that is no JWT at all is taken for production, and kept.
    for opaque in ["opaque-token", "a.b.c", "x.!!!.y"] {
        assert_eq!(environment_of_token(opaque), "production");
        let settings = ok(&token_flag(opaque), &[], &dirs.places());
        assert_eq!(token_of(&settings), opaque);
        assert_eq!(settings.api_url, "https://gateway.production.netfoundry.io");
        assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
    }
}

#[test]
fn the_api_url_flag_beats_the_variable_beats_the_environment_and_loses_its_trailing_slash() {
    let dirs = Dirs::new();
    let account = write_account(&dirs.elsewhere, "acct.json", "id", &cognito_url("staging"));
    let base = Flags { credentials: Some(account.display().to_string()), ..Flags::default() };
    let var = [("NETFOUNDRY_API_URL", "https://api-from-env.example.com/")];

    let with_flag = Flags { api_url: Some("https://api-from-flag.example.com/v1//".into()), ..base.clone() };
    let settings = ok(&with_flag, &var, &dirs.places());
    assert_eq!(settings.api_url, "https://api-from-flag.example.com/v1");
    assert_eq!(settings.api_url_source, Source::Flag("--nf-url"));
    // The URL override changes where calls go, not the token's scope.
    assert_eq!(grant_of(&settings).scope.as_deref(), Some(scope_of("staging").as_str()));

    let settings = ok(&base, &var, &dirs.places());
    assert_eq!(settings.api_url, "https://api-from-env.example.com");
    assert_eq!(settings.api_url_source, Source::Env("NETFOUNDRY_API_URL"));

    let settings = ok(&base, &[], &dirs.places());
    assert_eq!(settings.api_url, "https://gateway.staging.netfoundry.io");
    assert_eq!(settings.api_url_source, Source::Default);
    assert!(!settings.api_url.ends_with('/'));

    // Without credentials too.
    let settings = ok(&Flags::default(), &var, &dirs.places());
    assert!(settings.credentials.is_none());
    assert_eq!(settings.api_url, "https://api-from-env.example.com");
}

#[test]
fn each_account_gets_its_own_token_cache_file_that_names_no_one() {
    let dirs = Dirs::new();
    let cache_of = |client_id: &str, auth_url: &str| {
        let settings = ok(
            &Flags::default(),
            &[("NETFOUNDRY_CLIENT_ID", client_id), ("NETFOUNDRY_PASSWORD", "pw"), ("NETFOUNDRY_OAUTH_URL", auth_url)],
            &dirs.places(),
        );
        grant_of(&settings).cache.clone().expect("a cache file")
    };
    let first = cache_of("alice-client", &cognito_url("staging"));
    assert_eq!(first.parent(), Some(dirs.cache.as_path()));
    let name = first.file_name().unwrap().to_str().unwrap().to_string();
    assert!(name.starts_with("netfoundry-token-") && name.ends_with(".json"), "{name}");
    assert!(!name.contains("alice"), "{name}");
    assert_eq!(cache_of("alice-client", &cognito_url("staging")), first, "stable across runs");
    assert_ne!(cache_of("bob-client", &cognito_url("staging")), first, "another account");
    assert_ne!(cache_of("alice-client", &cognito_url("sandbox")), first, "another endpoint");

    let no_cache = Places { cache: None, ..dirs.places() };
    let settings = ok(
        &Flags::default(),
        &[("NETFOUNDRY_CLIENT_ID", "a"), ("NETFOUNDRY_PASSWORD", "pw"), ("NETFOUNDRY_OAUTH_URL", "https://x/t")],
        &no_cache,
    );
    assert!(grant_of(&settings).cache.is_none());
}

// ---------------------------------------------------------------------------------------
// 3. Expired tokens
// ---------------------------------------------------------------------------------------

#[test]
fn an_expired_token_with_credentials_logs_in_with_the_credentials_and_a_warning() {
    let dirs = Dirs::new();
    let account = write_account(&dirs.elsewhere, "acct.json", "fallback-client", &cognito_url("sandbox"));
    let cognito = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf";
    // The expired token says staging; the credentials' URL says sandbox: they log in, so theirs counts.
    let expired = jwt(json!({"iss": cognito, "scope": scope_of("staging"), "exp": now_s() - 60}));
    for (flags, vars) in [
        (token_flag(&expired), vec![("NETFOUNDRY_API_ACCOUNT", account.to_str().unwrap())]),
        (credentials_flag(account.to_str().unwrap()), vec![("NETFOUNDRY_API_TOKEN", expired.as_str())]),
    ] {
        let settings = ok(&flags, &vars, &dirs.places());
        let grant = grant_of(&settings);
        assert_eq!(grant.client_id, "fallback-client");
        assert_eq!(grant.scope.as_deref(), Some(scope_of("sandbox").as_str()));
        assert!(grant.cache.is_some());
        assert_eq!(settings.credentials_source, Source::File(account.clone()));
        assert_eq!(settings.api_url, "https://gateway.sandbox.netfoundry.io");
        assert_eq!(settings.warnings.len(), 1, "{:?}", settings.warnings);
        assert!(settings.warnings[0].contains("expired"), "{:?}", settings.warnings);
        assert!(settings.warnings[0].contains("API account"), "{:?}", settings.warnings);
    }
    // The credentials from the default file too.
    write_account(&dirs.user, "credentials.json", "user-default", &cognito_url("sandbox"));
    let settings = ok(&token_flag(&expired), &[], &dirs.places());
    assert_eq!(grant_of(&settings).client_id, "user-default");
    assert_eq!(settings.credentials_source, Source::File(dirs.user.join("credentials.json")));
    assert_eq!(settings.warnings.len(), 1, "{:?}", settings.warnings);
}

#[test]
fn a_token_within_the_renewal_margin_gives_way_to_credentials() {
    let dirs = Dirs::new();
    let account = write_account(&dirs.elsewhere, "acct.json", "renewing-client", &cognito_url("sandbox"));
    let lapsing = jwt(json!({"exp": now_s() + 100}));
    let settings = ok(&token_flag(&lapsing), &[("NETFOUNDRY_API_ACCOUNT", account.to_str().unwrap())], &dirs.places());
    assert_eq!(grant_of(&settings).client_id, "renewing-client");
    assert_eq!(settings.warnings.len(), 1, "{:?}", settings.warnings);
    assert!(settings.warnings[0].contains("expires within 10 minutes"), "{:?}", settings.warnings);
}

#[test]
fn an_account_that_cannot_be_found_does_not_stop_a_token() {
    let dirs = Dirs::new();
    let live = jwt(json!({"exp": now_s() + 3600}));
    let settings = ok(&token_flag(&live), &[("NETFOUNDRY_API_ACCOUNT", "nope.json")], &dirs.places());
    assert_eq!(token_of(&settings), live);
    assert_eq!(settings.warnings.len(), 1, "{:?}", settings.warnings);
    assert!(
        settings.warnings[0].contains("nope.json") && settings.warnings[0].contains("ignored"),
        "{:?}",
        settings.warnings
    );
}

#[test]
fn an_absolute_credentials_path_is_only_ever_itself() {
    let dirs = Dirs::new();
    write_account(&dirs.user, "credentials.json", "someone-else", &cognito_url("sandbox"));
    let missing = dirs.elsewhere.join("credentials.json");
    let error = resolve(
        &Flags::default(),
        &|k| (k == "NETFOUNDRY_API_ACCOUNT").then(|| missing.display().to_string()),
        &dirs.places(),
    )
    .expect_err("an absolute path that does not exist");
    assert!(matches!(error, LoginError::Missing { .. }), "{error}");
    assert!(error.to_string().contains("the path is absolute"), "{error}");
}

#[test]
fn an_unreadable_credentials_file_never_quotes_its_values() {
    let dirs = Dirs::new();
    let file = dirs.elsewhere.join("acct.json");
    std::fs::write(&file, r#"{"clientId": "x", "password": 12345678, "authenticationUrl": "https://a"}"#)
        .expect("write");
    let error = resolve(
        &Flags::default(),
        &|k| (k == "NETFOUNDRY_API_ACCOUNT").then(|| file.display().to_string()),
        &dirs.places(),
    )
    .expect_err("a number is no password");
    assert!(matches!(error, LoginError::Unreadable { .. }), "{error}");
    assert!(!error.to_string().contains("12345678"), "{error}");
}

#[test]
fn an_expired_token_without_credentials_is_kept_with_a_warning() {
    let dirs = Dirs::new();
    let cognito = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf";
    let expired = jwt(json!({"iss": cognito, "scope": scope_of("staging"), "exp": now_s() - 60}));
    let settings = ok(&Flags::default(), &[("NETFOUNDRY_API_TOKEN", &expired)], &dirs.places());
    assert_eq!(token_of(&settings), expired);
    assert_eq!(settings.credentials_source, Source::Env("NETFOUNDRY_API_TOKEN"));
    assert_eq!(settings.api_url, "https://gateway.staging.netfoundry.io");
    assert_eq!(settings.warnings.len(), 1, "{:?}", settings.warnings);
    assert!(settings.warnings[0].contains("expired"), "{:?}", settings.warnings);
    assert!(settings.warnings[0].contains("no API account credentials"), "{:?}", settings.warnings);
    // whoami shows it as expired.
    let described = settings.credentials.as_ref().unwrap().describe();
    assert!(described.starts_with("token, expiring ") && described.ends_with(" (expired)"), "{described}");
}

#[test]
fn a_live_token_wins_over_credentials_without_a_warning() {
    let dirs = Dirs::new();
    let account = write_account(&dirs.elsewhere, "acct.json", "unused-client", &cognito_url("sandbox"));
    let live = jwt(json!({"exp": now_s() + 3600}));
    let settings = ok(&token_flag(&live), &[("NETFOUNDRY_API_ACCOUNT", account.to_str().unwrap())], &dirs.places());
    assert_eq!(token_of(&settings), live);
    assert_eq!(settings.credentials_source, Source::Flag("--nf-token"));
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
    // The token's environment counts, not the unused credentials' (production here).
    assert_eq!(settings.api_url, "https://gateway.production.netfoundry.io");
}

// ---------------------------------------------------------------------------------------
// 4. The token endpoint over HTTP
// ---------------------------------------------------------------------------------------

pub(crate) const CLIENT_ID: &str = "nf-test-client";
pub(crate) const SECRET: &str = "nf-test-client-secret-5f3a";
const SELF: &str = "/identity/v1/identities/self";

pub(crate) fn grant(world: &World, secret: &str, cache: Option<PathBuf>) -> ClientGrant {
    ClientGrant {
        client_id: CLIENT_ID.into(),
        secret: secret.into(),
        token_url: format!("{}/oauth2/token", world.base_url()),
        scope: Some(scope_of("staging")),
        cache,
        start: None,
        timeout: ionosh::client::LOGIN_TIMEOUT,
    }
}

fn client_at(api_url: String, grant: ClientGrant) -> Client {
    let config = ClientConfig {
        api_url,
        credentials: Credentials::OAuth(grant),
        headers: Vec::new(),
        trace: false,
        retry: RetryPolicy::default(),
        max_answer: Default::default(),
    };
    Client::new(config, NETFOUNDRY.dialect, Cancel::default()).expect("client")
}

pub(crate) fn client(world: &World, grant: ClientGrant) -> Client {
    client_at(world.base_url(), grant)
}

pub(crate) fn whoami_call(world: &World, client: &Client) -> Result<Value, ClientError> {
    world.runtime.block_on(client.get(SELF, &[])).map(|r| r.body)
}

/// The emulator's request log (`/_sim/stats/log`), with Basic credentials when its policy
/// wants them.
fn request_log(world: &World, basic: Option<(&str, &str)>) -> Vec<Value> {
    let url = format!("{}/_sim/stats/log", world.base_url());
    world.runtime.block_on(async {
        let mut request = reqwest::Client::new().get(url);
        if let Some((user, password)) = basic {
            request = request.basic_auth(user, Some(password));
        }
        let response = request.send().await.expect("stats log");
        assert!(response.status().is_success(), "stats log answered {}", response.status());
        let body: Value = response.json().await.expect("JSON");
        body["items"].as_array().expect("items").clone()
    })
}

fn count(log: &[Value], method: &str, path: &str) -> usize {
    log.iter()
        .filter(|e| e["method"] == method && e["uri"].as_str().is_some_and(|u| u.split('?').next() == Some(path)))
        .count()
}

pub(crate) fn token_requests(world: &World) -> usize {
    count(&request_log(world, None), "POST", "/oauth2/token")
}

pub(crate) fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("cache file")).expect("cache JSON")
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[test]
fn the_first_call_logs_in_once_and_caches_the_token_where_only_its_owner_can_read_it() {
    let world = World::start(0);
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("cache/ionosh/token.json");
    let grant = grant(&world, SECRET, Some(cache.clone()));
    let token_url = grant.token_url.clone();
    let client = client(&world, grant);

    let me = whoami_call(&world, &client).expect("the API accepts the token");
    assert_eq!(me["awsCognitoClientId"], "token-user@example.com", "{me}");
    whoami_call(&world, &client).expect("and again");
    let log = request_log(&world, None);
    assert_eq!(count(&log, "POST", "/oauth2/token"), 1, "{log:#?}");
    assert_eq!(count(&log, "GET", SELF), 2, "{log:#?}");

    // The cache: the token, its expiry and where it came from; never the secret.
    #[cfg(unix)]
    {
        assert_eq!(mode(&cache), 0o600, "cache file mode");
        assert_eq!(mode(cache.parent().unwrap()), 0o700, "cache directory mode");
    }
    let text = std::fs::read_to_string(&cache).expect("cache file");
    assert!(!text.contains(SECRET), "{text}");
    let cached = read_json(&cache);
    assert_eq!(cached["issuer"], token_url.as_str());
    let expiry = cached["expiry"].as_i64().expect("expiry");
    assert!((now_s() + 3500..=now_s() + 3700).contains(&expiry), "expiry {expiry}, now {}", now_s());
    // The token was asked for with the client's id (Basic) and the scope (form).
    let claims = claims_of(cached["token"].as_str().expect("token"));
    assert_eq!(claims["client_id"], CLIENT_ID, "{claims}");
    assert_eq!(claims["scope"], scope_of("staging").as_str(), "{claims}");
    assert_eq!(claims["exp"].as_i64(), Some(expiry), "{claims}");
}

#[test]
fn a_second_client_with_the_same_cache_file_makes_no_token_request() {
    let world = World::start(0);
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("token.json");
    let first = client(&world, grant(&world, SECRET, Some(cache.clone())));
    whoami_call(&world, &first).expect("first client");
    let token = read_json(&cache)["token"].clone();
    assert_eq!(token_requests(&world), 1);

    let second = client(&world, grant(&world, SECRET, Some(cache.clone())));
    whoami_call(&world, &second).expect("second client");
    assert_eq!(token_requests(&world), 1, "the second client used the cached token");
    assert_eq!(read_json(&cache)["token"], token);

    // A client logging in elsewhere (the emulator's other token path) does not take the
    // cached token for its own.
    let mut other = grant(&world, SECRET, Some(cache.clone()));
    other.token_url = format!("{}/oauth/token", world.base_url());
    let third = client(&world, other);
    whoami_call(&world, &third).expect("third client");
    let log = request_log(&world, None);
    assert_eq!(count(&log, "POST", "/oauth2/token") + count(&log, "POST", "/oauth/token"), 2, "{log:#?}");
    assert_ne!(read_json(&cache)["token"], token);

    // Without a cache file, every new client logs in.
    let uncached = client(&world, grant(&world, SECRET, None));
    whoami_call(&world, &uncached).expect("uncached client");
    assert_eq!(token_requests(&world), 2);
}

pub(crate) fn write_cached(path: &Path, token: &str, expiry: i64, issuer: &str) {
    let text = json!({"token": token, "expiry": expiry, "issuer": issuer}).to_string();
    std::fs::write(path, text).expect("cache written");
}

#[test]
fn a_cached_token_is_renewed_once_fewer_than_600_seconds_remain() {
    assert_eq!(ionosh::client::RENEW_MARGIN_S, 600);
    let world = World::start(0);
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("token.json");
    let token_url = format!("{}/oauth2/token", world.base_url());

    // Comfortably more than the margin left: used as it is (this emulator takes any token).
    write_cached(&cache, "cached-long-lived", now_s() + 600 + 120, &token_url);
    whoami_call(&world, &client(&world, grant(&world, SECRET, Some(cache.clone())))).expect("call");
    assert_eq!(token_requests(&world), 0);
    assert_eq!(read_json(&cache)["token"], "cached-long-lived");

    // Less than the margin left: renewed, and the cache holds the new one.
    write_cached(&cache, "cached-short-lived", now_s() + 600 - 120, &token_url);
    whoami_call(&world, &client(&world, grant(&world, SECRET, Some(cache.clone())))).expect("call");
    assert_eq!(token_requests(&world), 1);
    let renewed = read_json(&cache);
    assert_ne!(renewed["token"], "cached-short-lived");
    assert!(renewed["expiry"].as_i64().unwrap() > now_s() + 600, "{renewed}");

    // Expired, or from a cache file of another endpoint: renewed too.
    write_cached(&cache, "cached-expired", now_s() - 10, &token_url);
    whoami_call(&world, &client(&world, grant(&world, SECRET, Some(cache.clone())))).expect("call");
    assert_eq!(token_requests(&world), 2);
    write_cached(&cache, "cached-elsewhere", now_s() + 3600, "https://other.example.com/oauth2/token");
    whoami_call(&world, &client(&world, grant(&world, SECRET, Some(cache.clone())))).expect("call");
    assert_eq!(token_requests(&world), 3);
    // An unreadable cache costs a login, nothing more.
    std::fs::write(&cache, "not json").expect("written");
    whoami_call(&world, &client(&world, grant(&world, SECRET, Some(cache.clone())))).expect("call");
    assert_eq!(token_requests(&world), 4);
    assert_eq!(read_json(&cache)["issuer"], token_url.as_str());
}

#[test]
fn a_refused_secret_is_a_login_error_naming_the_url_and_the_oauth_error_but_not_the_secret() {
    let mut world = World::start(0);
    world.restart(AuthPolicy::Only { user: Some((CLIENT_ID.into(), SECRET.into())), token: None });
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("token.json");
    let wrong = "wrong-secret-9c1e77";
    let grant_wrong = grant(&world, wrong, Some(cache.clone()));
    let token_url = grant_wrong.token_url.clone();
    let error = whoami_call(&world, &client(&world, grant_wrong)).expect_err("the secret is wrong");
    match &error {
        ClientError::Login { url, detail } => {
            assert_eq!(url, &token_url);
            assert!(detail.contains("invalid_client"), "{detail}");
            assert!(detail.contains("401"), "{detail}");
        }
        other => panic!("expected a login error, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains(&token_url) && message.contains("invalid_client"), "{message}");
    assert!(!message.contains(wrong), "{message}");
    assert!(!format!("{error:?}").contains(wrong), "{error:?}");
    assert!(!cache.exists(), "nothing cached after a refused login");
    // One login attempt, no API call.
    let log = request_log(&world, Some((CLIENT_ID, SECRET)));
    assert_eq!(count(&log, "POST", "/oauth2/token"), 1, "{log:#?}");
    assert_eq!(count(&log, "GET", SELF), 0, "{log:#?}");

    // The right secret logs in under the same policy, and the issued token is accepted.
    whoami_call(&world, &client(&world, grant(&world, SECRET, Some(cache.clone())))).expect("right secret");
    assert!(cache.exists());
}

#[test]
fn a_token_the_api_no_longer_accepts_makes_the_client_log_in_again() {
    let mut world = World::start(0);
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("token.json");
    let client = client(&world, grant(&world, SECRET, Some(cache.clone())));
    whoami_call(&world, &client).expect("first login");
    let first_token = read_json(&cache)["token"].clone();

    // The emulator comes back on the same address accepting only the tokens it issues from
    // now on: the client's token (in memory and in the cache) is refused.
    let listen: std::net::SocketAddr =
        world.base_url().trim_start_matches("http://").parse().expect("the emulator's address");
    world.stop();
    world.serve(listen, AuthPolicy::Only { user: Some((CLIENT_ID.into(), SECRET.into())), token: None });

    whoami_call(&world, &client).expect("the client logs in again and the call succeeds");
    let log = request_log(&world, Some((CLIENT_ID, SECRET)));
    assert_eq!(count(&log, "POST", "/oauth2/token"), 1, "{log:#?}");
    let statuses: Vec<_> = log.iter().filter(|e| e["uri"] == SELF).map(|e| e["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [401, 200], "{log:#?}");
    let second_token = read_json(&cache)["token"].clone();
    assert_ne!(second_token, first_token, "the cache holds the new token");

    // A cached token the API refuses is replaced the same way by a fresh client.
    write_cached(&cache, "revoked-token", now_s() + 3600, &format!("{}/oauth2/token", world.base_url()));
    let fresh = client_at(world.base_url(), grant(&world, SECRET, Some(cache.clone())));
    whoami_call(&world, &fresh).expect("the fresh client logs in again");
    assert_eq!(count(&request_log(&world, Some((CLIENT_ID, SECRET))), "POST", "/oauth2/token"), 2);
    assert_ne!(read_json(&cache)["token"], "revoked-token");
}

#[test]
fn a_token_the_api_refuses_again_after_a_new_login_is_not_tried_a_third_time() {
    // Tokens come from one emulator, the API is another that accepts none of them.
    let issuer = World::start(0);
    let mut api = World::start(0);
    api.restart(AuthPolicy::Only { user: Some(("api-user".into(), "api-pass".into())), token: None });
    let dir = tempfile::tempdir().expect("temp dir");
    let client = client_at(api.base_url(), grant(&issuer, SECRET, Some(dir.path().join("token.json"))));

    let error = whoami_call(&api, &client).expect_err("the API refuses every token");
    match &error {
        ClientError::Api(e) => assert_eq!(e.status, 401, "{e:?}"),
        other => panic!("expected the API's 401, got {other:?}"),
    }
    assert_eq!(token_requests(&issuer), 2, "one login, then one more after the 401");
    let log = request_log(&api, Some(("api-user", "api-pass")));
    assert_eq!(count(&log, "GET", SELF), 2, "{log:#?}");
}

// ---------------------------------------------------------------------------------------
// 5. ionosh whoami --offline
// ---------------------------------------------------------------------------------------

pub(crate) struct Home {
    _root: tempfile::TempDir,
    pub(crate) home: PathBuf,
    pub(crate) project: PathBuf,
    pub(crate) config: PathBuf,
}

impl Home {
    pub(crate) fn new() -> Home {
        let root = tempfile::tempdir().expect("temp dir");
        let home = root.path().join("home");
        let project = root.path().join("project");
        let config = root.path().join("config");
        for dir in [&home, &project, &config] {
            std::fs::create_dir_all(dir).expect("dir");
        }
        Home { _root: root, home, project, config }
    }

    pub(crate) fn whoami(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ionosh"))
            .arg("whoami")
            .arg("--offline")
            .args(args)
            .current_dir(&self.project)
            .env_clear()
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", &self.config)
            .env("XDG_CACHE_HOME", self.home.join(".cache"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .envs(vars.iter().copied())
            .output()
            .expect("ionosh runs")
    }
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The lines of the NetFoundry section of whoami's output.
pub(crate) fn netfoundry_section(stdout: &str) -> Vec<String> {
    let lines: Vec<&str> = stdout.lines().collect();
    let start = lines.iter().position(|l| *l == format!("{}:", NETFOUNDRY.title)).unwrap_or_else(|| {
        panic!("no NetFoundry section in:\n{stdout}");
    });
    lines[start + 1..].iter().take_while(|l| l.starts_with(' ') || l.contains(": ")).map(|l| l.to_string()).collect()
}

#[test]
fn whoami_offline_names_the_credentials_file_and_never_prints_the_secret() {
    let home = Home::new();
    let user_dir = home.home.join(".netfoundry");
    std::fs::create_dir_all(&user_dir).expect("dir");
    let url = cognito_url("staging");
    let path = write_account(&user_dir, "credentials.json", "whoami-client", &url);
    let output = home.whoami(&[], &[]);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(output.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    let section = netfoundry_section(&stdout);
    assert_eq!(
        section,
        [
            "API URL:     https://gateway.staging.netfoundry.io (default)".to_string(),
            format!("credentials: client id whoami-client and secret, logging in at {url} (from {})", path.display()),
        ],
        "stdout:\n{stdout}"
    );
    for shown in [&stdout, &stderr] {
        assert!(!shown.contains("whoami-client-secret"), "{shown}");
    }
    // --offline makes no login: nothing cached.
    assert!(
        !home.home.join(".cache/ionosh").exists()
            || std::fs::read_dir(home.home.join(".cache/ionosh")).unwrap().all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("netfoundry-token-"))
    );
}

#[test]
fn whoami_offline_follows_the_lookup_order_of_the_real_process() {
    let home = Home::new();
    let user_dir = home.home.join(".netfoundry");
    let site_dir = home.config.join("netfoundry");
    std::fs::create_dir_all(&user_dir).expect("dir");
    std::fs::create_dir_all(&site_dir).expect("dir");
    let line = |output: &Output| {
        let stdout = text(&output.stdout);
        assert!(output.status.success(), "stdout:\n{stdout}\nstderr:\n{}", text(&output.stderr));
        assert!(!stdout.contains("-secret"), "{stdout}");
        netfoundry_section(&stdout).join("\n")
    };

    // The site directory (the user config dir's netfoundry) is the last resort…
    let site = write_account(&site_dir, "credentials.json", "site-client", &cognito_url("sandbox"));
    let out = line(&home.whoami(&[], &[]));
    assert!(
        out.contains(&format!(
            "client id site-client and secret, logging in at {} (from {})",
            cognito_url("sandbox"),
            site.display()
        )),
        "{out}"
    );
    assert!(out.contains("API URL:     https://gateway.sandbox.netfoundry.io (default)"), "{out}");

    // …then ~/.netfoundry, then the current directory.
    let user = write_account(&user_dir, "credentials.json", "user-client", &cognito_url("staging"));
    let out = line(&home.whoami(&[], &[]));
    assert!(
        out.contains(&format!(
            "client id user-client and secret, logging in at {} (from {})",
            cognito_url("staging"),
            user.display()
        )),
        "{out}"
    );
    let project = write_account(&home.project, "credentials.json", "project-client", &cognito_url("production"));
    let out = line(&home.whoami(&[], &[]));
    assert!(
        out.contains(&format!(
            "client id project-client and secret, logging in at {} (from {})",
            cognito_url("production"),
            project.display()
        )),
        "{out}"
    );

    // A bare NETFOUNDRY_API_ACCOUNT name is searched for in the same places.
    write_account(&user_dir, "other.json", "other-client", &cognito_url("staging"));
    let out = line(&home.whoami(&[], &[("NETFOUNDRY_API_ACCOUNT", "other.json")]));
    assert!(
        out.contains(&format!(
            "client id other-client and secret, logging in at {} (from {})",
            cognito_url("staging"),
            user_dir.join("other.json").display()
        )),
        "{out}"
    );

    // The three variables beat the default file.
    let out = line(&home.whoami(
        &[],
        &[
            ("NETFOUNDRY_CLIENT_ID", "env-client"),
            ("NETFOUNDRY_PASSWORD", "env-client-secret"),
            ("NETFOUNDRY_OAUTH_URL", &cognito_url("sandbox")),
        ],
    ));
    assert!(out.contains(&format!("client id env-client and secret, logging in at {} (from NETFOUNDRY_CLIENT_ID, NETFOUNDRY_PASSWORD and NETFOUNDRY_OAUTH_URL)", cognito_url("sandbox"))), "{out}");

    // The flags beat everything.
    let out = line(&home.whoami(
        &["--nf-credentials", user.to_str().unwrap(), "--nf-url", "https://nf.example.com/api/"],
        &[("NETFOUNDRY_API_URL", "https://env.example.com")],
    ));
    assert!(out.contains("API URL:     https://nf.example.com/api (from --nf-url)"), "{out}");
    assert!(
        out.contains(&format!(
            "client id user-client and secret, logging in at {} (from {})",
            cognito_url("staging"),
            user.display()
        )),
        "{out}"
    );
    let token = jwt(json!({"exp": now_s() + 3600}));
    let out = line(&home.whoami(&["--nf-token", &token], &[]));
    assert!(out.contains("credentials: token, renewed with client id "), "{out}");
    assert!(out.contains("(from --nf-token)"), "{out}");
    assert!(!out.contains(&token), "{out}");
}

#[test]
fn whoami_offline_reports_a_partial_triple_as_an_error() {
    let home = Home::new();
    let output = home.whoami(&[], &[("NETFOUNDRY_CLIENT_ID", "lonely"), ("NETFOUNDRY_PASSWORD", "lonely-secret")]);
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "stdout:\n{}", text(&output.stdout));
    assert!(stderr.contains("NETFOUNDRY_OAUTH_URL not set"), "{stderr}");
    assert!(!stderr.contains("lonely-secret") && !text(&output.stdout).contains("lonely-secret"));
}
