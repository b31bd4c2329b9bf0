//! The IONOS DBaaS PostgreSQL API (v2): managed clusters in a data center's LAN, their backups, backup locations and versions, as `postgres::…` functions.

pub mod catalog;
mod sim;

use super::{settings_of, ProductApi, ProductObjects, CREDENTIALS_HINT};
use crate::catalog::{Operation, Typical};
use crate::provider::ionos::settings::{private_files, ProductEndpoint};
use crate::provider::{Provider, Settings, SettingsError};

/// Where the API is: `psql` in the config file's products, `IONOS_API_URL_PSQL`, else production.
static ENDPOINT: ProductEndpoint = ProductEndpoint {
    config_name: "psql",
    env: "IONOS_API_URL_PSQL",
    default_url: "https://postgresql.de-txl.ionos.com",
    path: "/databases/postgresql",
    locations: LOCATIONS,
};

/// The regional endpoints (the spec's servers), by location id.
static LOCATIONS: &[(&str, &str)] = &[
    ("de/txl", "https://postgresql.de-txl.ionos.com"),
    ("de/fra", "https://postgresql.de-fra.ionos.com"),
    ("de/fra/2", "https://postgresql.de-fra.ionos.com"),
    ("fr/par", "https://postgresql.fr-par.ionos.com"),
    ("es/vit", "https://postgresql.es-vit.ionos.com"),
    ("gb/lhr", "https://postgresql.gb-lhr.ionos.com"),
    ("gb/bhx", "https://postgresql.gb-bhx.ionos.com"),
    ("us/las", "https://postgresql.us-las.ionos.com"),
    ("us/mci", "https://postgresql.us-mci.ionos.com"),
    ("us/ewr", "https://postgresql.us-ewr.ionos.com"),
];

/// Its client conventions.
static API: ProductApi = ProductApi {
    name: "postgres",
    title: "IONOS DBaaS PostgreSQL API 2.0.0",
    catalog: &catalog::CATALOG,
    probe: "/clusters",
    typical,
};

/// The IONOS DBaaS PostgreSQL API.
pub static POSTGRES: Provider = Provider {
    name: "postgres",
    title: "the IONOS DBaaS PostgreSQL API",
    global: false,
    part_of: Some("ionos"),
    catalog: &catalog::CATALOG,
    envelope: &ProductObjects,
    dialect: &API,
    recipes: Some(include_str!("../../../../../stdlib/postgres.rhai")),
    stdlib: &[],
    args: super::no_args,
    settings,
    private_files,
    credentials_hint: CREDENTIALS_HINT,
    sim_root: "/databases/postgresql",
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
        "create_cluster" => Typical::secs(900),
        "replace_cluster" => Typical::secs(420),
        "delete_cluster" => Typical::secs(120),
        _ => Typical::secs(5),
    }
}
