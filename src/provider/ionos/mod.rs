//! The IONOS Cloud API (CloudAPI v6, with the v5 prefix too): everything ionosh knows about
//! it lives in this folder — its catalog, its wire format, its configuration sources and its
//! emulator behaviour.

pub mod catalog;
mod dialect;
pub mod durations;
mod envelope;
mod generated;
pub mod products;
mod recover;
pub mod settings;
mod sim;
pub mod wire;

pub use catalog::*;
pub use dialect::CloudApi;
pub use envelope::CloudApiObjects;
pub use sim::CloudApiEmulation;

use super::{Provider, Settings, SettingsError};
use crate::client::Credentials;

/// How a user gives credentials for the CloudAPI (and the product APIs, which take the same).
const CREDENTIALS_HINT: &str = "set IONOS_TOKEN (or IONOS_USERNAME and IONOS_PASSWORD) for the real API";

/// The default endpoint of the real API.
pub const DEFAULT_API_URL: &str = "https://api.ionos.com/cloudapi/v6";

/// The IONOS Cloud API.
pub static IONOS: Provider = Provider {
    name: "ionos",
    title: "the IONOS Cloud API",
    global: true,
    part_of: None,
    catalog: &CATALOG,
    envelope: &CloudApiObjects,
    dialect: &CloudApi,
    recipes: None,
    stdlib: &[
        ("images", include_str!("../../../stdlib/images.rhai")),
        ("ipblocks", include_str!("../../../stdlib/ipblocks.rhai")),
        ("ensure", include_str!("../../../stdlib/ensure.rhai")),
        ("teardown", include_str!("../../../stdlib/teardown.rhai")),
        ("inventory", include_str!("../../../stdlib/inventory.rhai")),
        ("locations", include_str!("../../../stdlib/locations.rhai")),
    ],
    args: settings::args,
    settings,
    private_files: settings::private_files,
    credentials_hint: CREDENTIALS_HINT,
    sim_root: "/cloudapi/v6",
    sim_credentials,
    sim_env,
    emulation: &CloudApiEmulation,
};

fn settings(matches: &clap::ArgMatches) -> Result<Settings, SettingsError> {
    settings::settings(matches).map_err(|e| SettingsError(Box::new(e)))
}

fn sim_credentials(_base_url: &str) -> Credentials {
    Credentials::Basic { user: "sim@ionosh.local".into(), password: "sim".into() }
}

/// The variables a shell sets to use the emulator's CloudAPI.
fn sim_env(base_url: &str, open: bool) -> Vec<(&'static str, String)> {
    let mut env = vec![("IONOS_API_URL", format!("{base_url}/cloudapi/v6"))];
    if open {
        env.extend([("IONOS_USERNAME", "sim".to_string()), ("IONOS_PASSWORD", "sim".to_string())]);
    }
    env
}
