//! The IONOS Cloud DNS API: zones, records, reverse records, secondary zones and their transfers, zone files and DNSSEC keys, as `dns::…` functions.

pub mod catalog;
mod hooks;
mod records;
mod shape;
mod sim;
mod zonefile;

use super::{settings_of, ProductApi, ProductObjects, CREDENTIALS_HINT};
use crate::catalog::{Operation, Typical};
use crate::provider::ionos::settings::{private_files, ProductEndpoint};
use crate::provider::{Provider, Settings, SettingsError};

/// Where the API is: `dns` in the config file's products, `IONOS_API_URL_DNS`, else production.
static ENDPOINT: ProductEndpoint = ProductEndpoint {
    config_name: "dns",
    env: "IONOS_API_URL_DNS",
    default_url: "https://dns.de-fra.ionos.com",
    path: "/dns",
    locations: &[],
};

/// Its client conventions.
static API: ProductApi = ProductApi {
    name: "dns",
    title: "IONOS Cloud DNS API 1.18.0",
    catalog: &catalog::CATALOG,
    probe: "/zones",
    typical,
};

/// The IONOS Cloud DNS API.
pub static DNS: Provider = Provider {
    name: "dns",
    title: "the IONOS Cloud DNS API",
    global: false,
    part_of: Some("ionos"),
    catalog: &catalog::CATALOG,
    envelope: &ProductObjects,
    dialect: &API,
    recipes: Some(include_str!("../../../../../stdlib/dns.rhai")),
    stdlib: &[],
    args: super::no_args,
    settings,
    private_files,
    credentials_hint: CREDENTIALS_HINT,
    sim_root: "/dns",
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
        "create_zone" | "replace_zone" | "create_secondaryzone" | "replace_secondaryzone" => Typical::secs(6),
        "delete_zone" | "delete_secondaryzone" => Typical::secs(5),
        "create_dnssec_keys" | "delete_dnssec_keys" => Typical::secs(8),
        _ => Typical::secs(3),
    }
}
