//! The NetFoundry API: networks of endpoints, edge routers, services and policies, reached
//! as `nf::…` functions. Everything ionosh knows about it lives in this folder — its catalog,
//! its wire format, how credentials are found and turned into tokens, what its changes
//! typically take, and its emulator behaviour.

pub mod catalog;
mod dialect;
pub mod durations;
mod envelope;
mod recover;
pub mod settings;
mod sim;

pub use dialect::NetFoundryApi;
pub use envelope::NetFoundryObjects;
pub use sim::NetFoundryEmulation;

use super::{Provider, Settings, SettingsError};
use crate::client::{ClientGrant, Credentials};

/// The NetFoundry API.
pub static NETFOUNDRY: Provider = Provider {
    name: "nf",
    title: "the NetFoundry API",
    global: false,
    part_of: None,
    catalog: &catalog::CATALOG,
    envelope: &NetFoundryObjects,
    dialect: &NetFoundryApi,
    recipes: None,
    stdlib: &[("netfoundry", include_str!("../../../stdlib/netfoundry.rhai"))],
    args: settings::args,
    settings,
    private_files: settings::private_files,
    credentials_hint:
        "set NETFOUNDRY_API_TOKEN or give an API account's credentials.json (NETFOUNDRY_API_ACCOUNT) for NetFoundry",
    sim_root: "",
    sim_credentials,
    sim_env,
    emulation: &NetFoundryEmulation,
};

fn settings(matches: &clap::ArgMatches) -> Result<Settings, SettingsError> {
    settings::settings(matches).map_err(|e| SettingsError(Box::new(e)))
}

/// The emulator's API account, logging in at its token endpoint.
fn sim_credentials(base_url: &str) -> Credentials {
    Credentials::OAuth(ClientGrant {
        client_id: "ionosh-emulator".into(),
        secret: "sim".into(),
        token_url: format!("{base_url}/oauth2/token"),
        scope: Some("https://gateway.production.netfoundry.io//ignore-scope".into()),
        cache: None,
        start: None,
        timeout: crate::client::LOGIN_TIMEOUT,
    })
}

/// The variables a shell sets to use the emulator's NetFoundry API.
fn sim_env(base_url: &str, open: bool) -> Vec<(&'static str, String)> {
    let mut env = vec![("NETFOUNDRY_API_URL", base_url.to_string())];
    if open {
        env.push(("NETFOUNDRY_API_TOKEN", "sim".to_string()));
    }
    env
}
