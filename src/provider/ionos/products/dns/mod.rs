//! The IONOS Cloud DNS API: zones, records, reverse records, secondary zones and their transfers, zone files and DNSSEC keys, as `dns::…` functions.

pub mod catalog;
mod sim;

use super::{settings_of, ProductApi, ProductObjects, CREDENTIALS_HINT};
use crate::catalog::{Operation, Typical};
use crate::provider::ionos::settings::{private_files, ProductEndpoint};
use crate::provider::{Provider, Settings, SettingsError};

/// Where the API is: `dns` in the config file's products, `IONOS_API_URL_DNS`, else production.
static ENDPOINT: ProductEndpoint =
    ProductEndpoint { config_name: "dns", env: "IONOS_API_URL_DNS", default_url: "https://dns.de-fra.ionos.com" };

/// Its client conventions.
static API: ProductApi =
    ProductApi { title: "IONOS Cloud DNS API 1.18.0", catalog: &catalog::CATALOG, probe: "/zones", typical };

/// The IONOS Cloud DNS API.
pub static DNS: Provider = Provider {
    name: "dns",
    title: "the IONOS Cloud DNS API",
    global: false,
    catalog: &catalog::CATALOG,
    envelope: &ProductObjects,
    dialect: &API,
    stdlib: &[],
    args: super::no_args,
    settings,
    private_files,
    credentials_hint: CREDENTIALS_HINT,
    sim_root: "/dns",
    sim_credentials: super::sim_credentials,
    sim_env,
    emulation: &sim::EMULATION,
};

fn settings(matches: &clap::ArgMatches) -> Result<Settings, SettingsError> {
    settings_of(matches, &ENDPOINT)
}

/// The variable another shell sets to use the emulator's API.
fn sim_env(base_url: &str, _open: bool) -> Vec<(&'static str, String)> {
    vec![("IONOS_API_URL_DNS", format!("{base_url}/dns"))]
}

/// What a change typically takes on the real API.
fn typical(op: &Operation) -> Typical {
    match op.name {
        "create_zone" | "replace_zone" | "create_secondaryzone" | "replace_secondaryzone" => Typical::secs(6),
        "delete_zone" | "delete_secondaryzone" => Typical::secs(5),
        "create_dnssec_keys" | "delete_dnssec_keys" => Typical::secs(8),
        _ => Typical::secs(3),
    }
}
