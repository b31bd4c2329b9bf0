//! Where the API URL and the credentials come from, and the record of which source gave
//! each, so `ionosh whoami` can tell (never showing a secret).
//!
//! Precedence, highest first: command-line flags (`--api-url`), environment variables
//! (`IONOS_API_URL`, `IONOS_TOKEN`, `IONOS_USERNAME` + `IONOS_PASSWORD`), then a profile of
//! the shared IONOS config file (`~/.ionos/config` or `IONOS_CONFIG_FILE`, the YAML file
//! ionosctl and the SDKs read), chosen by `--profile`, `IONOS_CURRENT_PROFILE` or the file's
//! `currentProfile`.

mod file;

use std::path::PathBuf;

use clap::{Arg, ArgMatches};

use crate::client::Credentials;
use crate::provider::ionos::DEFAULT_API_URL;
pub use crate::provider::{Settings, Source};
pub use file::ConfigFile;

/// Why the configuration could not be worked out.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file exists but could not be read.
    #[error("{path}: cannot read the IONOS config file: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// The config file is not the YAML it should be.
    #[error("{path}: not a valid IONOS config file: {message}")]
    Parse { path: PathBuf, message: String },
    /// A profile was asked for that the file does not have.
    #[error("{path}: no profile named '{name}' (profiles: {available})")]
    NoSuchProfile { path: PathBuf, name: String, available: String },
    /// A profile was asked for but there is no config file.
    #[error("profile '{name}' asked for, but there is no IONOS config file at {path}")]
    NoFile { path: PathBuf, name: String },
    /// Half a user name and password.
    #[error("{0}")]
    Incomplete(String),
}

/// What the command line says.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    /// `--api-url`.
    pub api_url: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
}

/// The shared IONOS config directory (`~/.ionos`) and the config file `IONOS_CONFIG_FILE`
/// names: they hold the credentials and the API endpoint.
pub fn private_files() -> Vec<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from).or_else(dirs::home_dir);
    let named = std::env::var_os("IONOS_CONFIG_FILE").filter(|v| !v.is_empty()).map(PathBuf::from);
    home.map(|home| home.join(".ionos")).into_iter().chain(named).collect()
}

/// Works the settings out from the flags, the environment (`env` looks a variable up, so
/// tests can pass their own) and the config file.
pub fn resolve(flags: &Flags, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let path = match var("IONOS_CONFIG_FILE") {
        Some(path) => Some(PathBuf::from(path)),
        None => var("HOME").map(PathBuf::from).or_else(dirs::home_dir).map(|home| home.join(".ionos").join("config")),
    };
    let file = match &path {
        Some(path) => ConfigFile::load(path)?,
        None => None,
    };
    let mut warnings = Vec::new();
    if let Some(file) = &file {
        warnings.extend(file.permission_warning());
    }
    let wanted = flags.profile.clone().or_else(|| var("IONOS_CURRENT_PROFILE"));
    let profile = match (&file, &wanted) {
        (Some(file), _) => file.profile(wanted.as_deref())?,
        (None, Some(name)) => {
            let path = path.unwrap_or_default();
            return Err(ConfigError::NoFile { path, name: name.clone() });
        }
        (None, None) => None,
    };
    let source_of = |name: &str| Source::Profile {
        name: name.to_string(),
        path: file.as_ref().map(|f| f.path.clone()).unwrap_or_default(),
    };

    let (api_url, api_url_source) = if let Some(url) = &flags.api_url {
        (url.clone(), Source::Flag("--api-url"))
    } else if let Some(url) = var("IONOS_API_URL") {
        (url, Source::Env("IONOS_API_URL"))
    } else if let Some((name, url)) = profile.as_ref().and_then(|p| p.api_url.clone().map(|u| (p.name.clone(), u))) {
        (url, source_of(&name))
    } else {
        (DEFAULT_API_URL.to_string(), Source::Default)
    };

    // Credentials written into the URL are taken out of it, so it can be shown; they count
    // only when nothing else gives credentials.
    let (api_url, in_url) = crate::secrets::split_url_credentials(&api_url);
    let in_url = in_url.map(|(user, password)| (Credentials::Basic { user, password }, api_url_source.clone()));
    let from_env = match (var("IONOS_TOKEN"), var("IONOS_USERNAME"), var("IONOS_PASSWORD")) {
        (Some(token), ..) => Some((Credentials::Token(token), Source::Env("IONOS_TOKEN"))),
        (None, Some(user), Some(password)) => {
            Some((Credentials::Basic { user, password }, Source::Env("IONOS_USERNAME and IONOS_PASSWORD")))
        }
        (None, Some(_), None) => {
            return Err(ConfigError::Incomplete(
                "IONOS_USERNAME is set but IONOS_PASSWORD is not: set both, or IONOS_TOKEN".into(),
            ))
        }
        _ => None,
    };
    let (credentials, credentials_source) = match (from_env, &profile) {
        (Some((credentials, source)), _) => {
            if let (Some(name), Some(_)) = (&flags.profile, &profile) {
                warnings.push(format!("credentials {source} take precedence over those of profile '{name}'"));
            }
            (Some(credentials), source)
        }
        (None, Some(profile)) => match profile.credentials.clone() {
            Some(credentials) => (Some(credentials), source_of(&profile.name)),
            None => (None, Source::Default),
        },
        (None, None) => (None, Source::Default),
    };
    let (credentials, credentials_source) = match (credentials, in_url) {
        (None, Some((credentials, source))) => (Some(credentials), source),
        (credentials, _) => (credentials, credentials_source),
    };
    Ok(Settings { api_url, api_url_source, credentials, credentials_source, headers: Vec::new(), warnings })
}

/// The settings from the real process environment.
pub fn from_process(flags: &Flags) -> Result<Settings, ConfigError> {
    resolve(flags, &|name| std::env::var(name).ok())
}

/// The flags a run, a REPL or `whoami` takes for the IONOS Cloud API (ids prefixed with
/// `ionos-`, read back by [`settings`]).
pub fn args() -> Vec<Arg> {
    vec![
        Arg::new("ionos-api-url")
            .long("api-url")
            .value_name("API_URL")
            .help(
                "The API endpoint (default: IONOS_API_URL, else the profile's, else https://api.ionos.com/cloudapi/v6)",
            )
            .conflicts_with("sim"),
        Arg::new("ionos-profile")
            .long("profile")
            .value_name("NAME")
            .help("Use this profile of the IONOS config file (~/.ionos/config) instead of its current one")
            .conflicts_with("sim"),
        Arg::new("ionos-contract-number")
            .long("contract-number")
            .value_name("CONTRACT_NUMBER")
            .env("IONOS_CONTRACT_NUMBER")
            .help("Sent as X-Contract-Number, for users with several contracts"),
    ]
}

/// The settings for the real API from the flags of [`args`], the environment and the config
/// file.
pub fn settings(matches: &ArgMatches) -> Result<Settings, ConfigError> {
    let flag = |id: &str| matches.try_get_one::<String>(id).ok().flatten().cloned();
    let mut settings = from_process(&Flags { api_url: flag("ionos-api-url"), profile: flag("ionos-profile") })?;
    settings.headers.extend(contract_header(flag("ionos-contract-number")));
    Ok(settings)
}

/// An IONOS product API's place: its name in the shared config file's `products` (`dns`),
/// the variable overriding its URL (`IONOS_API_URL_DNS`), its production URL, and its path
/// on another host the CloudAPI is reached at.
#[derive(Debug)]
pub struct ProductEndpoint {
    /// The product's name in the config file, as ionosctl and the SDKs name it.
    pub config_name: &'static str,
    /// The environment variable that overrides its URL.
    pub env: &'static str,
    /// Its production URL.
    pub default_url: &'static str,
    /// Where it is on the host the CloudAPI is configured at, when that is not production's
    /// (`/dns`; `/auth/v1` and `/databases/postgresql` as ionosctl places them).
    pub path: &'static str,
    /// Its regional endpoints, by location id (`de/fra`), for a product served per location
    /// (PostgreSQL): `IONOS_LOCATION` picks one. Empty for a product with one endpoint.
    pub locations: &'static [(&'static str, &'static str)],
}

/// The settings for a product API: the CloudAPI's credentials (flags, environment, profile),
/// and its own URL from its variable, else the profile environment's endpoint for it, else —
/// when the CloudAPI is configured at another host than production's (a staging API, an
/// emulator) — its path on that host, as ionosctl places products on the API host, so the
/// credentials go nowhere but where they were configured for; else its production URL.
pub fn product_settings(matches: &ArgMatches, product: &ProductEndpoint) -> Result<Settings, ConfigError> {
    product_resolve(matches, product, &|name| std::env::var(name).ok())
}

fn product_resolve(
    matches: &ArgMatches,
    product: &ProductEndpoint,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, ConfigError> {
    let flag = |id: &str| matches.try_get_one::<String>(id).ok().flatten().cloned();
    let flags = Flags { api_url: None, profile: flag("ionos-profile") };
    let mut settings = resolve(&flags, env)?;
    settings.headers.extend(contract_header(flag("ionos-contract-number")));
    // The location asked for, for a product served per location.
    let location = env("IONOS_LOCATION")
        .map(|l| l.trim().to_ascii_lowercase())
        .filter(|l| !l.is_empty() && !product.locations.is_empty());
    let profile_url = || {
        let path = env("IONOS_CONFIG_FILE").filter(|v| !v.is_empty()).map(PathBuf::from).or_else(|| {
            env("HOME").map(PathBuf::from).or_else(dirs::home_dir).map(|home| home.join(".ionos").join("config"))
        })?;
        let file = ConfigFile::load(&path).ok()??;
        let wanted = flags.profile.clone().or_else(|| env("IONOS_CURRENT_PROFILE").filter(|v| !v.is_empty()));
        let profile = file.profile(wanted.as_deref()).ok()??;
        let at = location.clone().unwrap_or_default();
        let (.., url) = profile.product_urls.iter().find(|(name, l, _)| name == product.config_name && *l == at)?;
        Some((url.clone(), Source::Profile { name: profile.name, path }))
    };
    let regional = || -> Option<Result<(String, Source), ConfigError>> {
        let location = location.as_deref()?;
        Some(match product.locations.iter().find(|(l, _)| *l == location) {
            Some((_, url)) => Ok((url.to_string(), Source::Env("IONOS_LOCATION"))),
            None => {
                let known: Vec<&str> = product.locations.iter().map(|(l, _)| *l).collect();
                Err(ConfigError::Incomplete(format!(
                    "IONOS_LOCATION={location}: {} is not served there (locations: {})",
                    product.config_name,
                    known.join(", ")
                )))
            }
        })
    };
    let on_cloud_host = || {
        if settings.api_url_source == Source::Default {
            return None;
        }
        let url = reqwest::Url::parse(&settings.api_url).ok()?;
        let origin = url.origin().ascii_serialization();
        (origin != "https://api.ionos.com")
            .then(|| (format!("{origin}{}", product.path), settings.api_url_source.clone()))
    };
    let (url, source) = match env(product.env).filter(|v| !v.is_empty()) {
        Some(url) => (url, Source::Env(product.env)),
        None => match profile_url() {
            Some(found) => found,
            None => match regional() {
                Some(found) => found?,
                None => on_cloud_host().unwrap_or_else(|| (product.default_url.to_string(), Source::Default)),
            },
        },
    };
    // The config file's warnings were given with the CloudAPI's settings.
    settings.warnings.clear();
    settings.api_url = url.trim_end_matches('/').to_string();
    settings.api_url_source = source;
    Ok(settings)
}

/// The header naming the contract to act in, for users with several.
pub fn contract_header(number: Option<String>) -> Option<(String, String)> {
    number.map(|n| ("X-Contract-Number".to_string(), n))
}
