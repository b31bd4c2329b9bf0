//! The APIs ionosh speaks, one folder each, and what every provider supplies. The generic
//! layers (the Rhai engine, the client, the emulator, the CLI) are driven by these
//! descriptions and know no provider themselves.

pub mod ionos;
pub mod netfoundry;
mod settings;

pub use settings::{Settings, SettingsError, Source};

use clap::{Arg, ArgMatches, Args, Command, FromArgMatches};

use crate::catalog::{Catalog, Envelope};
use crate::client::{Credentials, Dialect};
use crate::sim::Emulation;

/// Everything one API provider supplies.
#[derive(Debug)]
pub struct Provider {
    /// Short name: the Rhai namespace its functions are reachable in (`ionos::list_datacenters()`).
    pub name: &'static str,
    /// What to call it in messages: `the IONOS Cloud API`.
    pub title: &'static str,
    /// Whether its functions are also global (IONOS keeps the classic SDK's names global).
    pub global: bool,
    /// The provider whose account and credentials it is part of (the IONOS product APIs are
    /// part of `ionos`): banners name it under that one.
    pub part_of: Option<&'static str>,
    /// Its operations and resource objects.
    pub catalog: &'static Catalog,
    /// How its objects are laid out on the wire.
    pub envelope: &'static dyn Envelope,
    /// How its client reads errors and follows accepted mutations.
    pub dialect: &'static dyn Dialect,
    /// Its recipes: Rhai functions that join its own namespace (`dns::ensure_record`).
    pub recipes: Option<&'static str>,
    /// Its recipe modules scripts can import: name and Rhai source.
    pub stdlib: &'static [(&'static str, &'static str)],
    /// The command-line flags choosing its real API and credentials.
    pub args: fn() -> Vec<Arg>,
    /// Its real API's settings, from those flags, the environment and its config files.
    pub settings: fn(&ArgMatches) -> Result<Settings, SettingsError>,
    /// The files holding its credentials and settings (files or whole directories): scripts
    /// reach them only with an allow naming them.
    pub private_files: fn() -> Vec<std::path::PathBuf>,
    /// How a user gives credentials, for the message shown when none are found.
    pub credentials_hint: &'static str,
    /// Where its API lives on the emulator, below the emulator's base URL (`/cloudapi/v6`).
    pub sim_root: &'static str,
    /// The credentials a client of the emulator (at the given base URL) uses.
    pub sim_credentials: fn(&str) -> Credentials,
    /// The variables another shell sets to use the emulator at the given base URL with
    /// ionosh or the official clients; credentials only when the emulator takes any.
    pub sim_env: fn(base_url: &str, open: bool) -> Vec<(&'static str, String)>,
    /// Its emulator behaviour.
    pub emulation: &'static dyn Emulation,
}

/// Every provider ionosh speaks, in the order help lists them.
pub static ALL: &[&Provider] = &[
    &ionos::IONOS,
    &ionos::products::auth::AUTH,
    &ionos::products::dns::DNS,
    &ionos::products::postgres::POSTGRES,
    &ionos::products::certmanager::CERTMANAGER,
    &netfoundry::NETFOUNDRY,
];

/// The emulations of the providers, for the emulator.
pub fn emulations(providers: &[&'static Provider]) -> Vec<&'static dyn Emulation> {
    providers.iter().map(|p| p.emulation).collect()
}

/// The flags of every provider, as parsed from the command line; each provider reads its own
/// with its [`Provider::settings`].
#[derive(Debug, Clone, Default)]
pub struct ProviderArgs {
    /// What clap parsed.
    pub matches: ArgMatches,
}

impl FromArgMatches for ProviderArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(ProviderArgs { matches: matches.clone() })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.matches = matches.clone();
        Ok(())
    }
}

impl Args for ProviderArgs {
    fn augment_args(command: Command) -> Command {
        ALL.iter().fold(command, |command, provider| command.args((provider.args)()))
    }

    fn augment_args_for_update(command: Command) -> Command {
        Self::augment_args(command)
    }
}
