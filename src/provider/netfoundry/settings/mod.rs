//! Where NetFoundry credentials come from, exactly as the `netfoundry` Python module looks
//! them up, and which API they lead to.
//!
//! A token wins: `--nf-token`, else `NETFOUNDRY_API_TOKEN` (read as a JWT for its expiry and
//! environment; one with less than the renewal margin left gives way to an account). Otherwise
//! API-account credentials (`clientId`, `password`, `authenticationUrl`) from, in order:
//! `--nf-credentials FILE`, the file named by `NETFOUNDRY_API_ACCOUNT`, the variables
//! `NETFOUNDRY_CLIENT_ID`, `NETFOUNDRY_PASSWORD` and `NETFOUNDRY_OAUTH_URL` (all three, or an
//! error), or a `credentials.json`. A relative file path is looked for below the current
//! directory, `~/.netfoundry/`, `/netfoundry/` and the user config directory in turn; an
//! absolute one is only ever itself. The environment
//! (production, staging, sandbox) comes from the authentication URL as the module derives it,
//! and with it the API (`https://gateway.<env>.netfoundry.io`) and the token's scope;
//! `--nf-url` or `NETFOUNDRY_API_URL` point ionosh anywhere else.

use std::path::{Path, PathBuf};

use clap::{Arg, ArgMatches};
use serde::Deserialize;

use crate::client::{jwt_expiry, ClientGrant, Credentials, RENEW_MARGIN_S};
use crate::provider::{Settings, Source};

/// Why the NetFoundry settings could not be worked out.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Some but not all of the three credential variables are set.
    #[error("NETFOUNDRY_CLIENT_ID, NETFOUNDRY_PASSWORD and NETFOUNDRY_OAUTH_URL go together: {missing} not set")]
    Incomplete { missing: String },
    /// A credentials file named explicitly does not exist anywhere it is looked for.
    #[error("{name}: no such NetFoundry credentials file (looked in {looked})")]
    Missing { name: String, looked: String },
    /// A credentials file could not be read or is not the JSON it should be.
    #[error("{path}: not a NetFoundry credentials file: {detail}")]
    Unreadable { path: PathBuf, detail: String },
    /// The token was issued for another environment than the API account's.
    #[error(
        "the NetFoundry token ({token_source}) is for the {token_env} environment but the API account \
         ({account_source}) is for {account_env}: give the token and the account of one environment, or only one of them"
    )]
    OtherEnvironment { token_env: String, token_source: String, account_env: String, account_source: String },
}

/// The command-line flags.
pub fn args() -> Vec<Arg> {
    vec![
        Arg::new("nf-token")
            .long("nf-token")
            .value_name("TOKEN")
            .help("A NetFoundry API token, or @FILE holding one (default: NETFOUNDRY_API_TOKEN, else log in with the API account's credentials)")
            .conflicts_with("sim"),
        Arg::new("nf-credentials")
            .long("nf-credentials")
            .value_name("FILE")
            .help("A NetFoundry API account's credentials.json (default: NETFOUNDRY_API_ACCOUNT, the NETFOUNDRY_CLIENT_ID/PASSWORD/OAUTH_URL variables, else credentials.json in ., ~/.netfoundry, /netfoundry or the config dir)")
            .conflicts_with("sim"),
        Arg::new("nf-url")
            .long("nf-url")
            .value_name("URL")
            .help("The NetFoundry API (default: NETFOUNDRY_API_URL, else https://gateway.<environment>.netfoundry.io)")
            .conflicts_with("sim"),
    ]
}

/// What the command line says.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    /// `--nf-token`.
    pub token: Option<String>,
    /// `--nf-credentials`.
    pub credentials: Option<String>,
    /// `--nf-url`.
    pub api_url: Option<String>,
}

/// The settings from the flags of [`args`] and the process's environment.
pub fn settings(matches: &ArgMatches) -> Result<Settings, LoginError> {
    let flag = |id: &str| matches.try_get_one::<String>(id).ok().flatten().cloned();
    let flags = Flags { token: flag("nf-token"), credentials: flag("nf-credentials"), api_url: flag("nf-url") };
    resolve(&flags, &|name| std::env::var(name).ok(), &Places::of_this_user())
}

/// The directories a credentials file is looked for in, in order.
#[derive(Debug, Clone)]
pub struct Places {
    /// The current directory ("project").
    pub project: Option<PathBuf>,
    /// `~/.netfoundry` ("user").
    pub user: Option<PathBuf>,
    /// `/netfoundry` ("device").
    pub device: PathBuf,
    /// The user config directory's `netfoundry` ("site").
    pub site: Option<PathBuf>,
    /// Where tokens are cached.
    pub cache: Option<PathBuf>,
}

impl Places {
    /// The places for the user running ionosh.
    pub fn of_this_user() -> Self {
        Places {
            project: std::env::current_dir().ok(),
            user: dirs::home_dir().map(|home| home.join(".netfoundry")),
            device: PathBuf::from("/netfoundry"),
            site: dirs::config_dir().map(|dir| dir.join("netfoundry")),
            cache: dirs::cache_dir().map(|dir| dir.join("ionosh")),
        }
    }

    fn dirs(&self) -> Vec<&Path> {
        [self.project.as_deref(), self.user.as_deref(), Some(self.device.as_path()), self.site.as_deref()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Every place credentials or tokens are looked up or kept: the `credentials.json` of each
/// place (the user's and the site's directories whole), the file `NETFOUNDRY_API_ACCOUNT`
/// names, and the token cache.
pub fn private_files() -> Vec<PathBuf> {
    let places = Places::of_this_user();
    let mut files: Vec<PathBuf> = places.project.iter().map(|dir| dir.join("credentials.json")).collect();
    files.extend(places.user.clone());
    files.push(places.device.join("credentials.json"));
    files.extend(places.site.clone());
    files.extend(places.cache.clone());
    files.extend(std::env::var_os("NETFOUNDRY_API_ACCOUNT").filter(|v| !v.is_empty()).map(PathBuf::from));
    files
}

/// An API account's credentials file, as the module reads it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialsFile {
    client_id: String,
    password: String,
    authentication_url: String,
}

/// Works the settings out from the flags, the environment (`env` looks a variable up, so
/// tests can pass their own) and the credentials files in `places`.
pub fn resolve(flags: &Flags, env: &dyn Fn(&str) -> Option<String>, places: &Places) -> Result<Settings, LoginError> {
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let mut warnings = Vec::new();
    let token = match (flag_token(flags, &mut warnings)?, var("NETFOUNDRY_API_TOKEN")) {
        (Some(token), _) => Some((token, Source::Flag("--nf-token"))),
        (None, Some(token)) => Some((token, Source::Env("NETFOUNDRY_API_TOKEN"))),
        (None, None) => None,
    };
    // With a token, the account only matters for renewing it: one that cannot be found or
    // read is worth a warning, not a refusal (as in the module).
    let account = match (account(flags, &var, places, &mut warnings), &token) {
        (Ok(account), _) => account,
        (Err(error), Some(_)) => {
            warnings.push(format!("{error} (ignored: the token is used)"));
            None
        }
        (Err(error), None) => return Err(error),
    };
    let (credentials, credentials_source, environment) = credentials(token, account, &mut warnings)?;
    let (api_url, api_url_source) = match (&flags.api_url, var("NETFOUNDRY_API_URL")) {
        (Some(url), _) => (url.clone(), Source::Flag("--nf-url")),
        (None, Some(url)) => (url, Source::Env("NETFOUNDRY_API_URL")),
        (None, None) => (gateway(&environment), Source::Default),
    };
    // The API takes tokens, never a user name and password: ones written into its URL are
    // dropped, so they are never shown, sent or cached.
    let (api_url, dropped) = crate::secrets::split_url_credentials(&api_url);
    if dropped.is_some() {
        warnings.push(format!(
            "the NetFoundry API URL ({api_url_source}) held a user name and password: NetFoundry does not take them, so they were left out"
        ));
    }
    let credentials = credentials.map(|c| match c {
        Credentials::OAuth(mut grant) => {
            grant.cache = places.cache.as_ref().map(|dir| dir.join(cache_name(&grant)));
            Credentials::OAuth(grant)
        }
        other => other,
    });
    Ok(Settings {
        api_url: api_url.trim_end_matches('/').to_string(),
        api_url_source,
        credentials,
        credentials_source,
        headers: Vec::new(),
        warnings,
    })
}

/// The token `--nf-token` gives: itself, or read from a file with `@FILE` (then it never
/// shows in the process list).
fn flag_token(flags: &Flags, warnings: &mut Vec<String>) -> Result<Option<String>, LoginError> {
    Ok(match flags.token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(given) if given.starts_with('@') => {
            let path = PathBuf::from(&given[1..]);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| LoginError::Unreadable { path: path.clone(), detail: e.to_string() })?;
            Some(text.trim().to_string()).filter(|t| !t.is_empty())
        }
        Some(given) => {
            warnings.push(
                "a token on the command line shows in the process list and shell history: prefer NETFOUNDRY_API_TOKEN or --nf-token @FILE"
                    .to_string(),
            );
            Some(given.to_string())
        }
        None => None,
    })
}

/// The credentials a token and an API account (either may be missing) come to, where they
/// came from, and the NetFoundry environment they are for: a token is used first and renewed
/// with the account; one that lapses within the renewal margin is replaced by the account.
fn credentials(
    token: Option<(String, Source)>,
    account: Option<(ClientGrant, Source)>,
    warnings: &mut Vec<String>,
) -> Result<(Option<Credentials>, Source, String), LoginError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let lapsing = |token: &str| jwt_expiry(token).is_some_and(|exp| exp - now < RENEW_MARGIN_S);
    Ok(match (token, account) {
        (Some((token, _)), Some((grant, source))) if lapsing(&token) => {
            let when = if jwt_expiry(&token).is_some_and(|exp| exp <= now) {
                "has expired"
            } else {
                "expires within 10 minutes"
            };
            warnings.push(format!("the NetFoundry token {when}: logging in with the API account instead"));
            let environment = environment_of_auth_url(&grant.token_url);
            (Some(Credentials::OAuth(grant)), source, environment)
        }
        (Some((token, token_source)), Some((mut grant, account_source))) => {
            let account_env = environment_of_auth_url(&grant.token_url);
            if let Some(token_env) = token_environment(&token).filter(|env| *env != account_env) {
                return Err(LoginError::OtherEnvironment {
                    token_env,
                    token_source: token_source.to_string(),
                    account_env,
                    account_source: account_source.to_string(),
                });
            }
            let environment = environment_of_token(&token);
            grant.start = Some(token);
            (Some(Credentials::OAuth(grant)), token_source, environment)
        }
        (Some((token, source)), None) => {
            if jwt_expiry(&token).is_some_and(|exp| exp <= now) {
                warnings.push("the NetFoundry token has expired and no API account credentials were found".to_string());
            }
            let environment = environment_of_token(&token);
            (Some(Credentials::Token(token)), source, environment)
        }
        (None, Some((grant, source))) => {
            let environment = environment_of_auth_url(&grant.token_url);
            (Some(Credentials::OAuth(grant)), source, environment)
        }
        (None, None) => (None, Source::Default, "production".to_string()),
    })
}

/// The API account's credentials, from the first source that has them.
fn account(
    flags: &Flags,
    var: &dyn Fn(&str) -> Option<String>,
    places: &Places,
    warnings: &mut Vec<String>,
) -> Result<Option<(ClientGrant, Source)>, LoginError> {
    if let Some(name) = &flags.credentials {
        return read_file(&find(name, places)?, warnings).map(|(grant, path)| Some((grant, Source::File(path))));
    }
    if let Some(name) = var("NETFOUNDRY_API_ACCOUNT") {
        return read_file(&find(&name, places)?, warnings).map(|(grant, path)| Some((grant, Source::File(path))));
    }
    const TRIPLE: [&str; 3] = ["NETFOUNDRY_CLIENT_ID", "NETFOUNDRY_PASSWORD", "NETFOUNDRY_OAUTH_URL"];
    let triple: Vec<Option<String>> = TRIPLE.iter().map(|name| var(name)).collect();
    match triple.as_slice() {
        [Some(client_id), Some(secret), Some(url)] => {
            let grant = grant(client_id.clone(), secret.clone(), url, warnings);
            return Ok(Some((
                grant,
                Source::Env("NETFOUNDRY_CLIENT_ID, NETFOUNDRY_PASSWORD and NETFOUNDRY_OAUTH_URL"),
            )));
        }
        [None, None, None] => {}
        some => {
            let missing: Vec<&str> = TRIPLE.iter().zip(some).filter(|(_, v)| v.is_none()).map(|(n, _)| *n).collect();
            return Err(LoginError::Incomplete { missing: missing.join(" and ") });
        }
    }
    // A file found only by its common name may be another tool's: one that is not an API
    // account's is passed over with a warning.
    match find("credentials.json", places).and_then(|path| read_file(&path, warnings)) {
        Ok((grant, path)) => {
            if let Some(note) = project_precedence(&path, places) {
                warnings.push(note);
            }
            Ok(Some((grant, Source::File(path))))
        }
        Err(LoginError::Missing { .. }) => Ok(None),
        Err(other) => {
            warnings.push(format!("{other} (passed over: NetFoundry is not configured)"));
            Ok(None)
        }
    }
}

/// What to say when the `credentials.json` used is the current directory's: a file anyone
/// could have left in a shared or cloned directory decides which account a run logs in to,
/// over the user's own.
fn project_precedence(used: &Path, places: &Places) -> Option<String> {
    let project = places.project.as_deref()?;
    if used.parent() != Some(project) {
        return None;
    }
    let shadowed: Vec<String> = places
        .dirs()
        .into_iter()
        .skip(1)
        .map(|dir| dir.join("credentials.json"))
        .filter(|path| path.is_file())
        .map(|path| path.display().to_string())
        .collect();
    Some(if shadowed.is_empty() {
        format!("using the NetFoundry credentials in the current directory ({})", used.display())
    } else {
        format!(
            "using the NetFoundry credentials in the current directory ({}), which take precedence over {}",
            used.display(),
            shadowed.join(" and ")
        )
    })
}

/// The file `name` in each of the places in turn (a relative path below each; an absolute
/// one is only ever itself), as the module looks for it.
fn find(name: &str, places: &Places) -> Result<PathBuf, LoginError> {
    let given = PathBuf::from(name);
    let dirs = places.dirs();
    let candidates: Vec<PathBuf> =
        if given.is_absolute() { vec![given.clone()] } else { dirs.iter().map(|dir| dir.join(&given)).collect() };
    candidates.into_iter().find(|p| p.is_file()).ok_or_else(|| LoginError::Missing {
        name: name.to_string(),
        looked: if given.is_absolute() {
            "nowhere else: the path is absolute".to_string()
        } else {
            dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")
        },
    })
}

fn read_file(path: &Path, warnings: &mut Vec<String>) -> Result<(ClientGrant, PathBuf), LoginError> {
    let unreadable = |detail: String| LoginError::Unreadable { path: path.to_path_buf(), detail };
    let text = std::fs::read_to_string(path).map_err(|e| unreadable(e.to_string()))?;
    // serde's message may quote a value (a password): only where it went wrong is said.
    let file: CredentialsFile = serde_json::from_str(&text).map_err(|e| {
        unreadable(format!(
            "it needs clientId, password and authenticationUrl as strings (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    if let Some(exposed) = crate::private_files::exposure(path) {
        warnings.push(exposed);
    }
    Ok((grant(file.client_id, file.password, &file.authentication_url, warnings), path.to_path_buf()))
}

/// The grant of an API account; a user name and password written into its authentication
/// URL are left out of it (the client id and secret are what logs in).
fn grant(client_id: String, secret: String, token_url: &str, warnings: &mut Vec<String>) -> ClientGrant {
    let (token_url, dropped) = crate::secrets::split_url_credentials(token_url);
    if dropped.is_some() {
        warnings.push(
            "the NetFoundry authentication URL held a user name and password: the API account's client id and \
             password log in, so they were left out"
                .to_string(),
        );
    }
    let environment = environment_of_auth_url(&token_url);
    ClientGrant {
        client_id,
        secret,
        scope: Some(format!("https://gateway.{environment}.netfoundry.io//ignore-scope")),
        token_url,
        cache: None,
        start: None,
        timeout: crate::client::LOGIN_TIMEOUT,
    }
}

/// The environment an authentication URL belongs to, as the module reads it:
/// `https://netfoundry-<env>-….auth.….amazoncognito.com/oauth2/token` → `<env>`; any other URL
/// is taken for production.
pub fn environment_of_auth_url(url: &str) -> String {
    url.strip_prefix("https://netfoundry-")
        .and_then(|rest| rest.split_once('-'))
        .map(|(env, _)| env.to_string())
        .filter(|env| is_environment_name(env))
        .unwrap_or_else(|| "production".to_string())
}

/// Whether a name can be an environment's: letters and digits only, so that the gateway
/// made of it (`https://gateway.<env>.netfoundry.io`) is always a NetFoundry host.
fn is_environment_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 63 && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The environment a token was issued for: from its `scope` when a Cognito pool issued it,
/// from its issuer for Auth0, else production.
pub fn environment_of_token(token: &str) -> String {
    token_environment(token).unwrap_or_else(|| "production".to_string())
}

/// The environment a token's claims name, if they name one that can be an environment's (a
/// claim naming any other host is not followed).
fn token_environment(token: &str) -> Option<String> {
    let claims = crate::client::jwt_claims(token);
    let claim = |name: &str| claims.as_ref().and_then(|c| c.get(name)).and_then(|v| v.as_str()).unwrap_or_default();
    let between = |text: &str, start: &str, end: char| {
        text.split_once(start)
            .and_then(|(_, rest)| rest.split(end).next())
            .filter(|e| !e.is_empty())
            .map(str::to_string)
    };
    let iss = claim("iss");
    let found = if iss.starts_with("https://cognito-") {
        between(claim("scope"), "https://gateway.", '.')
    } else if iss.contains(".auth0.com") {
        between(iss, "https://netfoundry-", '.')
    } else {
        None
    };
    found.filter(|env| is_environment_name(env))
}

/// The API of an environment.
pub fn gateway(environment: &str) -> String {
    format!("https://gateway.{environment}.netfoundry.io")
}

/// The token cache file of one client at one endpoint: a name that tells accounts apart
/// without showing who they are.
fn cache_name(grant: &ClientGrant) -> String {
    let key = format!("{}\n{}", grant.client_id, grant.token_url);
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("netfoundry-token-{hash:016x}.json")
}
