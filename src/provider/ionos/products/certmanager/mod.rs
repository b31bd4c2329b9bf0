//! The IONOS Certificate Manager API: uploaded certificates, auto-certificates and their ACME providers, as `certmanager::…` functions.

pub mod catalog;
mod pem;
mod sim;

use super::{settings_of, ProductApi, ProductObjects, CREDENTIALS_HINT};
use crate::catalog::{Operation, Typical};
use crate::provider::ionos::settings::{private_files, ProductEndpoint};
use crate::provider::{Provider, Settings, SettingsError};

/// Where the API is: `cert` in the config file's products, `IONOS_API_URL_CERT`, else production.
static ENDPOINT: ProductEndpoint = ProductEndpoint {
    config_name: "cert",
    env: "IONOS_API_URL_CERT",
    default_url: "https://certificate-manager.de-fra.ionos.com",
    path: "/certificate-manager",
    locations: &[],
};

/// Its client conventions.
static API: ProductApi = ProductApi {
    name: "certmanager",
    title: "IONOS Certificate Manager API 2.0",
    catalog: &catalog::CATALOG,
    probe: "/certificates",
    typical,
};

/// The IONOS Certificate Manager API.
pub static CERTMANAGER: Provider = Provider {
    name: "certmanager",
    title: "the IONOS Certificate Manager API",
    global: false,
    part_of: Some("ionos"),
    catalog: &catalog::CATALOG,
    envelope: &ProductObjects,
    dialect: &API,
    recipes: Some(include_str!("../../../../../stdlib/certmanager.rhai")),
    stdlib: &[],
    args: super::no_args,
    settings,
    private_files,
    credentials_hint: CREDENTIALS_HINT,
    sim_root: "/certificate-manager",
    sim_credentials: super::sim_credentials,
    sim_env: super::sim_env,
    emulation: &sim::EMULATION,
};

fn settings(matches: &clap::ArgMatches) -> Result<Settings, SettingsError> {
    settings_of(matches, &ENDPOINT)
}

/// What a change typically takes on the real API.
fn typical(op: &Operation) -> Typical {
    match op.name {
        "create_autocertificate" => Typical::secs(90),
        _ => Typical::secs(4),
    }
}
