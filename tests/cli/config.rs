//! Where the API URL and credentials come from: flags over environment variables over the
//! IONOS config file's profile; and `ionosh whoami` telling which, never the secret.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};

use ionosh::provider::ionos::settings::{resolve, Flags, Source};

const CONFIG: &str = "\
version: 1.0
currentProfile: prod
profiles:
  - name: prod
    environment: production
    credentials:
      token: prod-token-secret
  - name: staging
    environment: staging
    credentials:
      username: ops@example.com
      password: staging-password-secret
environments:
  - name: production
    products:
      - name: cloud
        endpoints:
          - name: https://api.ionos.com/cloudapi/v6
  - name: staging
    products:
      - name: cloud
        endpoints:
          - name: staging.example.com
";

fn config_dir(mode: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".ionos")).expect("dir");
    let path = dir.path().join(".ionos/config");
    std::fs::write(&path, CONFIG).expect("config written");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    dir
}

fn env_of(home: &Path, vars: &[(&str, &str)]) -> HashMap<String, String> {
    let mut env: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    env.insert("HOME".into(), home.display().to_string());
    env
}

fn whoami(home: &Path, args: &[&str], vars: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .arg("whoami")
        .args(args)
        .current_dir(home)
        .env_clear()
        .env("HOME", home)
        .envs(vars.iter().copied())
        .output()
        .expect("ionosh runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_current_profile_gives_url_and_credentials_when_nothing_else_does() {
    let dir = config_dir(0o600);
    let env = env_of(dir.path(), &[]);
    let settings = resolve(&Flags::default(), &|k| env.get(k).cloned()).expect("resolves");
    let profile = Source::Profile { name: "prod".into(), path: dir.path().join(".ionos/config") };
    assert_eq!(settings.api_url, "https://api.ionos.com/cloudapi/v6");
    assert_eq!((settings.api_url_source.clone(), settings.credentials_source.clone()), (profile.clone(), profile));
    assert!(settings.warnings.is_empty(), "{:?}", settings.warnings);
}

#[test]
fn environment_variables_win_over_the_profile_and_flags_over_both() {
    let dir = config_dir(0o600);
    let env = env_of(dir.path(), &[("IONOS_TOKEN", "env-token"), ("IONOS_API_URL", "http://env.example/cloudapi/v6")]);
    let settings = resolve(&Flags::default(), &|k| env.get(k).cloned()).expect("resolves");
    assert_eq!(settings.credentials_source, Source::Env("IONOS_TOKEN"));
    assert_eq!(
        (settings.api_url.as_str(), &settings.api_url_source),
        ("http://env.example/cloudapi/v6", &Source::Env("IONOS_API_URL"))
    );
    let flags = Flags { api_url: Some("http://flag.example/cloudapi/v6".into()), profile: None };
    let settings = resolve(&flags, &|k| env.get(k).cloned()).expect("resolves");
    assert_eq!(settings.api_url_source, Source::Flag("--api-url"));
}

#[test]
fn profile_flag_picks_another_profile_and_an_unknown_one_is_named() {
    let dir = config_dir(0o600);
    let env = env_of(dir.path(), &[]);
    let flags = Flags { api_url: None, profile: Some("staging".into()) };
    let settings = resolve(&flags, &|k| env.get(k).cloned()).expect("resolves");
    assert_eq!(settings.api_url, "https://staging.example.com/cloudapi/v6");
    assert!(format!("{:?}", settings.credentials).contains("ops@example.com"));
    let flags = Flags { api_url: None, profile: Some("nope".into()) };
    let error = resolve(&flags, &|k| env.get(k).cloned()).expect_err("unknown profile");
    assert!(error.to_string().ends_with("no profile named 'nope' (profiles: prod, staging)"), "{error}");
}

#[test]
fn whoami_names_the_sources_and_never_a_secret() {
    let dir = config_dir(0o644);
    let out = whoami(dir.path(), &["--offline", "--profile", "staging"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let config = dir.path().join(".ionos/config").display().to_string();
    let stdout = text(&out.stdout).replace(&config, "CONFIG");
    assert_eq!(
        stdout,
        "the IONOS Cloud API:\n\
         API URL:     https://staging.example.com/cloudapi/v6 (from profile 'staging' in CONFIG)\n\
         credentials: user name ops@example.com and password (from profile 'staging' in CONFIG)\n\
         the IONOS Auth API:\n\
         API URL:     https://staging.example.com/auth/v1 (from profile 'staging' in CONFIG)\n\
         credentials: user name ops@example.com and password (from profile 'staging' in CONFIG)\n\
         the IONOS Cloud DNS API:\n\
         API URL:     https://staging.example.com/dns (from profile 'staging' in CONFIG)\n\
         credentials: user name ops@example.com and password (from profile 'staging' in CONFIG)\n\
         the IONOS DBaaS PostgreSQL API:\n\
         API URL:     https://staging.example.com/databases/postgresql (from profile 'staging' in CONFIG)\n\
         credentials: user name ops@example.com and password (from profile 'staging' in CONFIG)\n\
         the IONOS Certificate Manager API:\n\
         API URL:     https://staging.example.com/certificate-manager (from profile 'staging' in CONFIG)\n\
         credentials: user name ops@example.com and password (from profile 'staging' in CONFIG)\n\
         the NetFoundry API:\n\
         API URL:     https://gateway.production.netfoundry.io (default)\n\
         credentials: none\n"
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("can be read by other users (mode 644)"), "{stderr}");
    assert!(!stdout.contains("secret") && !stderr.contains("secret"));

    let out = whoami(dir.path(), &["--offline"], &[("IONOS_TOKEN", "env-token-secret")]);
    assert!(text(&out.stdout).contains("credentials: token (from IONOS_TOKEN)"), "{}", text(&out.stdout));
    assert!(!text(&out.stdout).contains("secret"));
}

#[test]
fn whoami_with_sim_says_emulator_and_without_credentials_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = whoami(dir.path(), &["--sim", "--sim-state", "s.json"], &[]);
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("API URL:     the built-in emulator (--sim), state in s.json"));
    let out = whoami(dir.path(), &[], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "the IONOS Cloud API:\nAPI URL:     https://api.ionos.com/cloudapi/v6 (default)\ncredentials: none\n\
         the IONOS Auth API:\nAPI URL:     https://api.ionos.com/auth/v1 (default)\ncredentials: none\n\
         the IONOS Cloud DNS API:\nAPI URL:     https://dns.de-fra.ionos.com (default)\ncredentials: none\n\
         the IONOS DBaaS PostgreSQL API:\nAPI URL:     https://postgresql.de-txl.ionos.com (default)\ncredentials: none\n\
         the IONOS Certificate Manager API:\nAPI URL:     https://certificate-manager.de-fra.ionos.com (default)\ncredentials: none\n\
         the NetFoundry API:\nAPI URL:     https://gateway.production.netfoundry.io (default)\ncredentials: none\n"
    );
    assert!(text(&out.stderr).contains("no credentials"));
}

/// A config file others can read is warned about once, when whoami also asks the API.
#[test]
fn whoami_warns_about_a_readable_config_once() {
    let dir = config_dir(0o644);
    // Asked at a port where nothing listens: refused at once, never the real API.
    let out = whoami(dir.path(), &[], &[("IONOS_API_URL", "http://127.0.0.1:1/cloudapi/v6")]);
    let stderr = text(&out.stderr);
    assert_eq!(stderr.matches("can be read by other users").count(), 1, "{stderr}");
}

/// A config file whose environment gives the product APIs endpoints, one per location for
/// PostgreSQL, as ionosctl's `config login` writes them.
const PRODUCTS_CONFIG: &str = "\
version: 1.0
currentProfile: ops
profiles:
  - name: ops
    environment: prod
    credentials:
      token: config-token-secret
environments:
  - name: prod
    products:
      - name: dns
        endpoints:
          - name: https://dns.internal.example
      - name: psql
        endpoints:
          - name: https://pg-berlin.internal.example
            location: de/txl
          - name: https://pg-paris.internal.example
            location: fr/par
";

#[test]
fn product_urls_come_from_their_variable_the_config_files_endpoints_or_the_location() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".ionos")).expect("dir");
    std::fs::write(dir.path().join(".ionos/config"), PRODUCTS_CONFIG).expect("config written");
    let url_of = |out: &Output, api: &str| {
        let stdout = text(&out.stdout);
        let at = stdout.find(&format!("{api}:\n")).unwrap_or_else(|| panic!("{api} in {stdout}"));
        stdout[at..].lines().nth(1).unwrap_or_default().trim_start_matches("API URL:").trim().to_string()
    };
    let config = dir.path().join(".ionos/config").display().to_string();
    let out = whoami(dir.path(), &["--offline"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        url_of(&out, "the IONOS Cloud DNS API"),
        format!("https://dns.internal.example (from profile 'ops' in {config})")
    );
    // No location asked for: PostgreSQL's production default, not a regional endpoint.
    assert_eq!(url_of(&out, "the IONOS DBaaS PostgreSQL API"), "https://postgresql.de-txl.ionos.com (default)");

    let out = whoami(dir.path(), &["--offline"], &[("IONOS_LOCATION", "fr/par")]);
    assert_eq!(
        url_of(&out, "the IONOS DBaaS PostgreSQL API"),
        format!("https://pg-paris.internal.example (from profile 'ops' in {config})")
    );
    let out = whoami(dir.path(), &["--offline"], &[("IONOS_LOCATION", "us/las")]);
    assert_eq!(
        url_of(&out, "the IONOS DBaaS PostgreSQL API"),
        "https://postgresql.us-las.ionos.com (from IONOS_LOCATION)"
    );
    let out =
        whoami(dir.path(), &["--offline"], &[("IONOS_LOCATION", "us/las"), ("IONOS_API_URL_PSQL", "https://pg.test")]);
    assert_eq!(url_of(&out, "the IONOS DBaaS PostgreSQL API"), "https://pg.test (from IONOS_API_URL_PSQL)");

    let out = whoami(dir.path(), &["--offline"], &[("IONOS_LOCATION", "xx/nowhere")]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("IONOS_LOCATION=xx/nowhere: psql is not served there (locations: de/txl, de/fra"),
        "{stderr}"
    );
    assert!(!text(&out.stdout).contains("secret") && !stderr.contains("secret"));
}
