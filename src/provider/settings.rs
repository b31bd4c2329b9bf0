//! What a provider's settings for the real API are, and where each came from, so `ionosh
//! whoami` can tell (never showing a secret).

use std::fmt;
use std::path::PathBuf;

use crate::client::Credentials;

/// Where one setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag, e.g. `--api-url`.
    Flag(&'static str),
    /// An environment variable (or two, for a user name and password).
    Env(&'static str),
    /// A profile of the config file.
    Profile { name: String, path: PathBuf },
    /// A file of its own (a NetFoundry credentials.json).
    File(PathBuf),
    /// Nothing was set: the built-in default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "from {flag}"),
            Source::Env(var) => write!(f, "from {var}"),
            Source::Profile { name, path } => write!(f, "from profile '{name}' in {}", path.display()),
            Source::File(path) => write!(f, "from {}", path.display()),
            Source::Default => f.write_str("default"),
        }
    }
}

/// The settings for a provider's real API, each with its source.
#[derive(Debug)]
pub struct Settings {
    /// The API base URL.
    pub api_url: String,
    /// Where the URL came from.
    pub api_url_source: Source,
    /// The credentials, if any source had them.
    pub credentials: Option<Credentials>,
    /// Where the credentials came from.
    pub credentials_source: Source,
    /// Headers every request carries besides the credentials.
    pub headers: Vec<(String, String)>,
    /// Things the user should know (a config file others can read, an ignored profile).
    pub warnings: Vec<String>,
}

/// Why a provider's settings could not be worked out, in the provider's words.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct SettingsError(#[from] pub Box<dyn std::error::Error + Send + Sync>);
