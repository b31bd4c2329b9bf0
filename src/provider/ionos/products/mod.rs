//! The IONOS product APIs beyond the CloudAPI — Auth tokens, DNS, managed PostgreSQL and the
//! Certificate Manager — each at its own base URL with the CloudAPI's credentials, each a
//! provider of its own (`dns::list_zones()`) with a catalog generated from its spec
//! (`tools/gen_products.py`). What they share is here: their object layout, their client
//! conventions (changes followed on the object's own state), where their URLs come from, and
//! their emulator shape.

mod dialect;
mod envelope;
mod sim;

pub mod auth;
pub mod certmanager;
pub mod dns;
pub mod postgres;

pub use dialect::ProductApi;
pub use envelope::ProductObjects;

use clap::{Arg, ArgMatches};

use super::settings::{product_settings, ProductEndpoint};
use crate::client::Credentials;
use crate::provider::{Settings, SettingsError};

/// How a user gives credentials to the product APIs: the CloudAPI's.
const CREDENTIALS_HINT: &str = super::CREDENTIALS_HINT;

/// The product APIs take the CloudAPI's flags (`--profile`, `--contract-number`) and none of
/// their own: their URLs come from their variables and the config file.
fn no_args() -> Vec<Arg> {
    Vec::new()
}

/// A product's settings, as a provider's settings error.
fn settings_of(matches: &ArgMatches, endpoint: &ProductEndpoint) -> Result<Settings, SettingsError> {
    product_settings(matches, endpoint).map_err(|e| SettingsError(Box::new(e)))
}

/// Another shell needs no variable of its own: a product API follows `IONOS_API_URL` to the
/// emulator's host (see [`product_settings`]).
fn sim_env(_base_url: &str, _open: bool) -> Vec<(&'static str, String)> {
    Vec::new()
}

/// The emulator's credentials: the CloudAPI's.
fn sim_credentials(_base_url: &str) -> Credentials {
    Credentials::Basic { user: "sim@ionosh.local".into(), password: "sim".into() }
}
