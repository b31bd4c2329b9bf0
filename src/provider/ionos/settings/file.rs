//! The shared IONOS config file, as ionosctl and the SDKs write it:
//!
//! ```yaml
//! version: 1.0
//! currentProfile: prod
//! profiles:
//!   - name: prod
//!     environment: prod
//!     credentials: { username: ops@example.com, password: "...", token: "..." }
//! environments:
//!   - name: prod
//!     products:
//!       - name: cloud
//!         endpoints: [{ name: https://api.ionos.com/cloudapi/v6 }]
//! ```
//!
//! Only what ionosh uses is read: profiles, their credentials, and the `cloud` product's
//! endpoint of the profile's environment; everything else is ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ConfigError;
use crate::client::Credentials;

/// A loaded config file.
#[derive(Debug)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    content: FileContent,
}

/// One profile, reduced to what ionosh needs.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Its name.
    pub name: String,
    /// The CloudAPI endpoint of its environment, if it overrides the default.
    pub api_url: Option<String>,
    /// The endpoints its environment gives the other products (`dns`, `psql`, `cert`,
    /// `auth`): product name, location (empty for none in particular) and URL.
    pub product_urls: Vec<(String, String, String)>,
    /// Its credentials: a token wins over a user name and password.
    pub credentials: Option<Credentials>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileContent {
    #[serde(default)]
    current_profile: Option<String>,
    #[serde(default)]
    profiles: Vec<FileProfile>,
    #[serde(default)]
    environments: Vec<Environment>,
}

#[derive(Debug, Deserialize)]
struct FileProfile {
    name: String,
    #[serde(default)]
    environment: Option<String>,
    #[serde(default)]
    credentials: FileCredentials,
}

#[derive(Debug, Default, Deserialize)]
struct FileCredentials {
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Environment {
    name: String,
    #[serde(default)]
    products: Vec<Product>,
}

#[derive(Debug, Deserialize)]
struct Product {
    name: String,
    #[serde(default)]
    endpoints: Vec<Endpoint>,
}

#[derive(Debug, Deserialize)]
struct Endpoint {
    name: String,
    #[serde(default)]
    location: Option<String>,
}

impl ConfigFile {
    /// Reads the file at `path`; `None` when there is none.
    pub fn load(path: &Path) -> Result<Option<ConfigFile>, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(ConfigError::Read { path: path.to_path_buf(), source }),
        };
        let content: FileContent = if text.trim().is_empty() {
            FileContent { current_profile: None, profiles: Vec::new(), environments: Vec::new() }
        } else {
            serde_yaml_ng::from_str(&text)
                .map_err(|e| ConfigError::Parse { path: path.to_path_buf(), message: e.to_string() })?
        };
        Ok(Some(ConfigFile { path: path.to_path_buf(), content }))
    }

    /// A warning when others than the owner may read the file, which holds secrets, or
    /// when it belongs to another user.
    pub fn permission_warning(&self) -> Option<String> {
        crate::private_files::exposure(&self.path)
    }

    /// The profile named `wanted`, or the file's current one; `None` when neither names one.
    pub fn profile(&self, wanted: Option<&str>) -> Result<Option<Profile>, ConfigError> {
        let Some(name) = wanted.or(self.content.current_profile.as_deref()).filter(|n| !n.trim().is_empty()) else {
            return Ok(None);
        };
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let Some(found) = self.content.profiles.iter().find(|p| same(&p.name, name)) else {
            let names: Vec<&str> = self.content.profiles.iter().map(|p| p.name.as_str()).collect();
            return Err(ConfigError::NoSuchProfile {
                path: self.path.clone(),
                name: name.to_string(),
                available: if names.is_empty() { "none".into() } else { names.join(", ") },
            });
        };
        let environment =
            found.environment.as_deref().and_then(|env| self.content.environments.iter().find(|e| same(&e.name, env)));
        let endpoints: Vec<(String, String, String)> = environment
            .into_iter()
            .flat_map(|env| env.products.iter())
            .flat_map(|product| {
                product.endpoints.iter().map(|endpoint| {
                    let location = endpoint.location.as_deref().unwrap_or("").trim().to_ascii_lowercase();
                    let url = endpoint.name.trim().trim_end_matches('/').to_string();
                    (product.name.trim().to_ascii_lowercase(), location, url)
                })
            })
            .collect();
        let api_url = endpoints
            .iter()
            .find(|(name, location, _)| name == "cloud" && location.is_empty())
            .map(|(_, _, url)| cloud_api_url(url));
        let product_urls = endpoints
            .into_iter()
            .filter(|(name, ..)| name != "cloud")
            .map(|(name, location, url)| {
                (name, location, if url.contains("://") { url } else { format!("https://{url}") })
            })
            .collect();
        let text = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
        let c = &found.credentials;
        let credentials = match (text(&c.token), text(&c.username), text(&c.password)) {
            (Some(token), ..) => Some(Credentials::Token(token)),
            (None, Some(user), Some(password)) => Some(Credentials::Basic { user, password }),
            _ => None,
        };
        Ok(Some(Profile { name: found.name.clone(), api_url, product_urls, credentials }))
    }
}

/// An endpoint as the file gives it (often a bare host) as a CloudAPI base URL.
fn cloud_api_url(endpoint: &str) -> String {
    let endpoint = endpoint.trim().trim_end_matches('/');
    let with_scheme = if endpoint.contains("://") { endpoint.to_string() } else { format!("https://{endpoint}") };
    let has_path = with_scheme.splitn(4, '/').nth(3).is_some_and(|p| !p.is_empty());
    if has_path {
        with_scheme
    } else {
        format!("{with_scheme}/cloudapi/v6")
    }
}

#[cfg(test)]
mod tests {
    use super::cloud_api_url;

    #[test]
    fn bare_hosts_become_cloudapi_urls() {
        assert_eq!(cloud_api_url("api.ionos.com"), "https://api.ionos.com/cloudapi/v6");
        assert_eq!(cloud_api_url("https://api.ionos.com/"), "https://api.ionos.com/cloudapi/v6");
        assert_eq!(cloud_api_url("http://127.0.0.1:8080/cloudapi/v6"), "http://127.0.0.1:8080/cloudapi/v6");
    }
}
