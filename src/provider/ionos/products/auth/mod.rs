//! The IONOS Auth API: API tokens (JWTs) generated, listed and deleted, as `auth::…` functions.

pub mod catalog;
mod sim;

use super::{settings_of, ProductApi, ProductObjects, CREDENTIALS_HINT};
use crate::catalog::{Operation, Typical};
use crate::provider::ionos::settings::{private_files, ProductEndpoint};
use crate::provider::{Provider, Settings, SettingsError};

/// Where the API is: `auth` in the config file's products, `IONOS_API_URL_AUTH`, else production.
static ENDPOINT: ProductEndpoint = ProductEndpoint {
    config_name: "auth",
    env: "IONOS_API_URL_AUTH",
    default_url: "https://api.ionos.com/auth/v1",
    path: "/auth/v1",
    locations: &[],
};

/// Its client conventions.
static API: ProductApi =
    ProductApi { name: "auth", title: "IONOS Auth API v1", catalog: &catalog::CATALOG, probe: "/tokens", typical };

/// The IONOS Auth API.
pub static AUTH: Provider = Provider {
    name: "auth",
    title: "the IONOS Auth API",
    global: false,
    part_of: Some("ionos"),
    catalog: &catalog::CATALOG,
    envelope: &ProductObjects,
    dialect: &API,
    recipes: None,
    stdlib: &[],
    args: super::no_args,
    settings,
    private_files,
    credentials_hint: CREDENTIALS_HINT,
    sim_root: "/auth/v1",
    sim_credentials: super::sim_credentials,
    sim_env: super::sim_env,
    emulation: &sim::EMULATION,
};

fn settings(matches: &clap::ArgMatches) -> Result<Settings, SettingsError> {
    settings_of(matches, &ENDPOINT)
}

/// What a change typically takes on the real API.
fn typical(op: &Operation) -> Typical {
    let _ = op;
    Typical::secs(1)
}
