//! Choosing what a run or a REPL talks to: the in-process emulator (`--sim`) or a real API
//! endpoint with credentials from the flags, the environment or the IONOS config file.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use super::CliError;
use crate::engine::Host;
use crate::client::{Cancel, Client, ClientConfig, Credentials, RetryPolicy};
use crate::provider::ionos::CloudApi;
use crate::provider::ionos::config::{self, Settings};
use crate::sim::{self, AuthPolicy, SimConfig, SimHandle, StateLocation};

/// Where API calls go.
#[derive(Debug, Args, Clone)]
pub struct TargetArgs {
    /// Start the built-in emulator in-process and talk to it (state kept in the user's data
    /// directory, so the next --sim run sees what this one created).
    #[arg(long)]
    pub sim: bool,
    /// With --sim: keep the emulator's state in FILE instead.
    #[arg(long, value_name = "FILE", requires = "sim")]
    pub sim_state: Option<PathBuf>,
    /// With --sim: how long each request takes to provision.
    #[arg(long, value_name = "MS", default_value_t = 500, requires = "sim")]
    pub sim_delay_ms: u64,
    /// The API endpoint (default: IONOS_API_URL, else the profile's, else
    /// https://api.ionos.com/cloudapi/v6).
    #[arg(long, conflicts_with = "sim")]
    pub api_url: Option<String>,
    /// Use this profile of the IONOS config file (~/.ionos/config) instead of its current one.
    #[arg(long, value_name = "NAME", conflicts_with = "sim")]
    pub profile: Option<String>,
    /// Sent as X-Contract-Number, for users with several contracts.
    #[arg(long, env = "IONOS_CONTRACT_NUMBER")]
    pub contract_number: Option<String>,
    /// Print every HTTP exchange on stderr (credentials and secrets masked).
    #[arg(long)]
    pub trace: bool,
    /// Send reads only: print each mutation on stderr (secrets masked) instead of sending it,
    /// and answer it with a synthetic response so the script carries on.
    #[arg(long)]
    pub dry_run: bool,
}

/// A connected target: the runtime, the host the engine uses, and the emulator if started.
pub struct Target {
    /// Drives the client (and the emulator).
    pub runtime: tokio::runtime::Runtime,
    /// What the engine's functions share.
    pub host: Arc<Host>,
    sim: Option<SimHandle>,
}

impl Target {
    /// Resolves credentials (before any script line runs), starts the emulator if asked, and
    /// arms Ctrl-C to interrupt the running script.
    pub fn connect(args: &TargetArgs) -> Result<Self, CliError> {
        let credentials = if args.sim { None } else { Some(args.real_api()?) };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|source| CliError::Io { path: "tokio runtime".into(), source })?;
        let (api_url, credentials, sim) = match credentials {
            Some((api_url, credentials)) => (api_url, credentials, None),
            None => {
                let state = match &args.sim_state {
                    Some(path) => path.clone(),
                    None => default_state_file()?,
                };
                let config = SimConfig {
                    listen: ([127, 0, 0, 1], 0).into(),
                    state: StateLocation::File(state),
                    delay: Duration::from_millis(args.sim_delay_ms),
                    auth: AuthPolicy::AnyCredentials,
                };
                let handle = runtime.block_on(sim::start(config))?;
                let credentials = Credentials::Basic { user: "sim@ionosh.local".into(), password: "sim".into() };
                (handle.api_url(), credentials, Some(handle))
            }
        };
        let cancel = Cancel::default();
        let config = ClientConfig {
            api_url,
            credentials,
            contract_number: args.contract_number.clone(),
            trace: args.trace,
            retry: RetryPolicy::default(),
        };
        let client = Client::new(config, Arc::new(CloudApi), cancel.clone())?;
        let client = Arc::new(if args.dry_run { client.dry_run() } else { client });
        let host = Arc::new(Host::new(client, runtime.handle().clone()));
        let interrupts = runtime.block_on(async { Interrupts::listen() })?;
        runtime.spawn(interrupt_on_ctrl_c(interrupts, cancel));
        Ok(Target { runtime, host, sim })
    }

    /// Stops the emulator, if one was started, with its state saved.
    pub fn close(self) -> Result<(), CliError> {
        if let Some(sim) = self.sim {
            self.runtime.block_on(sim.shutdown())?;
        }
        Ok(())
    }
}

/// Ctrl-C, listened for from the moment it is made (so an early Ctrl-C is never missed).
pub struct Interrupts {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Interrupts {
    /// Starts listening; must be called within the runtime.
    pub fn listen() -> Result<Self, CliError> {
        #[cfg(unix)]
        {
            let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                .map_err(|source| CliError::Io { path: "SIGINT handler".into(), source })?;
            Ok(Interrupts { signal })
        }
        #[cfg(not(unix))]
        Ok(Interrupts {})
    }

    /// The next Ctrl-C; `false` when no more can come.
    pub async fn next(&mut self) -> bool {
        #[cfg(unix)]
        return self.signal.recv().await.is_some();
        #[cfg(not(unix))]
        return tokio::signal::ctrl_c().await.is_ok();
    }
}

/// The first Ctrl-C interrupts the running script (its waits and calls stop cleanly); a
/// second one exits at once.
async fn interrupt_on_ctrl_c(mut interrupts: Interrupts, cancel: Cancel) {
    loop {
        if !interrupts.next().await {
            return;
        }
        if cancel.is_cancelled() {
            eprintln!("\ninterrupted twice: exiting");
            std::process::exit(130);
        }
        cancel.cancel();
    }
}

impl TargetArgs {
    /// The real API's settings, each with where it came from; warnings are the caller's to show.
    pub fn settings(&self) -> Result<Settings, CliError> {
        let flags = config::Flags { api_url: self.api_url.clone(), profile: self.profile.clone() };
        Ok(config::from_process(&flags)?)
    }

    /// The real API's URL and credentials, with any configuration warning shown on stderr.
    fn real_api(&self) -> Result<(String, Credentials), CliError> {
        let settings = self.settings()?;
        for warning in &settings.warnings {
            eprintln!("ionosh: warning: {warning}");
        }
        let credentials = settings.credentials.ok_or_else(no_credentials)?;
        Ok((settings.api_url, credentials))
    }
}

/// What to say when no source has credentials.
pub fn no_credentials() -> CliError {
    CliError::Usage(
        "no credentials: set IONOS_TOKEN (or IONOS_USERNAME and IONOS_PASSWORD) for the real API, \
         or add --sim to use the built-in emulator"
            .into(),
    )
}

/// The per-user state file shared by `--sim` runs and `ionosh sim`.
pub fn default_state_file() -> Result<PathBuf, CliError> {
    dirs::data_dir().map(|dir| dir.join("ionosh").join("sim-state.json")).ok_or_else(|| {
        CliError::Usage("cannot find a per-user data directory: give the state file with --sim-state FILE".into())
    })
}
