//! A session's wiring, below both the CLI and the REPL: what API calls go to (the in-process
//! emulator with `--sim`, or each provider's real API with its credentials), the clients and
//! the host the engine uses, and Ctrl-C interrupting the running script.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use crate::client::{AnswerLimit, Cancel, Client, ClientConfig, ClientError, RetryPolicy};
use crate::engine::file_access::{FileAccess, FileUse};
use crate::engine::{Connection, Host};
use crate::provider::{self, Provider, ProviderArgs, Settings, SettingsError};
use crate::sim::{self, AuthPolicy, SimConfig, SimError, SimHandle, StateLocation};

/// Why a session could not start or stop.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// Something the session needs from the system failed.
    #[error("{what}: {source}")]
    Io { what: String, source: std::io::Error },
    /// The command line or environment does not say enough to go on.
    #[error("{0}")]
    Usage(String),
    /// The emulator could not start or stop.
    #[error("emulator: {0}")]
    Sim(#[from] SimError),
    /// A client could not be built.
    #[error("{0}")]
    Client(#[from] ClientError),
    /// A provider's config files or environment are inconsistent.
    #[error("{0}")]
    Settings(#[from] SettingsError),
}

/// Where API calls go.
#[derive(Debug, Args, Clone)]
pub struct TargetArgs {
    /// Start the built-in emulator in-process and talk to it (state kept in the user's data
    /// directory, so the next --sim run sees what this one created).
    #[arg(long)]
    pub sim: bool,
    /// With --sim: keep the emulator's state in FILE instead.
    #[arg(long, value_name = "FILE", requires = "sim", conflicts_with = "sim_ephemeral")]
    pub sim_state: Option<PathBuf>,
    /// Start a throw-away emulator in memory instead (nothing is kept; implies --sim).
    #[arg(long)]
    pub sim_ephemeral: bool,
    /// With --sim: how long each request takes to provision (the fixed profile).
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub sim_delay_ms: u64,
    /// With --sim: `fixed` (every request --sim-delay-ms) or `realistic` (what each kind of
    /// request typically takes on the real API, with jitter, times --sim-time-scale).
    #[arg(long, value_enum, value_name = "PROFILE", default_value_t = DelayProfile::Fixed)]
    pub sim_delay_profile: DelayProfile,
    /// With --sim and the realistic profile: scale every duration (0.01: a minute in 0.6 s).
    #[arg(long, value_name = "F", value_parser = time_scale)]
    pub sim_time_scale: Option<f64>,
    /// Each provider's flags for its real API.
    #[command(flatten)]
    pub providers: ProviderArgs,
    /// Print every HTTP exchange on stderr (credentials and secrets masked).
    #[arg(long)]
    pub trace: bool,
    /// Send reads only: print each mutation on stderr (secrets masked) instead of sending it,
    /// and answer it with a synthetic response so the script carries on.
    #[arg(long)]
    pub dry_run: bool,
    /// The largest answer read from an API, in MiB; a larger one ends the call with an error.
    #[arg(long, value_name = "MIB", default_value_t = AnswerLimit::DEFAULT_MIB,
          value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub max_answer: u64,
}

/// How much a script may use, for `run` and the REPL alike.
#[derive(Debug, Args, Clone)]
pub struct LimitArgs {
    /// The most memory a script may hold, in MiB; past it the script ends with an error.
    #[arg(long, value_name = "MIB", default_value_t = crate::memory::DEFAULT_LIMIT_MIB as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_memory: u64,
}

impl LimitArgs {
    /// Puts the limits in force for scripts run from now on.
    pub fn apply(&self) {
        let bytes = usize::try_from(self.max_memory).unwrap_or(usize::MAX).saturating_mul(1024 * 1024);
        crate::memory::set_limit(bytes);
    }
}

/// Which files scripts may read and write beyond the script's directory and the current one
/// (see [`FileAccess`]), for `run` and the REPL alike.
#[derive(Debug, Args, Clone, Default)]
pub struct FileArgs {
    /// Let scripts read PATH (a file, or a directory and everything in it); repeatable.
    #[arg(long = "allow-read", value_name = "PATH")]
    pub allow_read: Vec<PathBuf>,
    /// Let scripts write PATH (a file, or a directory and everything in it); repeatable.
    #[arg(long = "allow-write", value_name = "PATH")]
    pub allow_write: Vec<PathBuf>,
    /// Let scripts read and write any file, but for credentials and settings (ionosh's and
    /// the APIs'), the home directory's dot-files and /proc, /sys, /dev, which need an
    /// --allow-read or --allow-write naming them.
    #[arg(long)]
    pub allow_all_files: bool,
}

impl FileArgs {
    /// The files scripts of a run from `script_dir` (none for the REPL, `-e` and stdin) may
    /// reach: under it and the current directory, and what the flags allow.
    pub fn access(&self, script_dir: Option<&Path>, providers: &[&Provider]) -> Result<FileAccess, SessionError> {
        let here = std::env::current_dir()
            .map_err(|source| SessionError::Io { what: "the current directory".into(), source })?;
        let roots: Vec<PathBuf> = script_dir.map(Path::to_path_buf).into_iter().chain([here]).collect();
        let mut guarded = own_files();
        guarded.extend(providers.iter().flat_map(|p| (p.private_files)()));
        let mut access = FileAccess::under(&roots, &guarded);
        for path in &self.allow_read {
            access = access.allow(path, FileUse::Read).map_err(SessionError::Usage)?;
        }
        for path in &self.allow_write {
            access = access.allow(path, FileUse::Write).map_err(SessionError::Usage)?;
        }
        Ok(if self.allow_all_files { access.allow_all() } else { access })
    }
}

/// ionosh's own files: its state (the emulator's, the waits' history, the REPL's history),
/// its token cache and its settings.
fn own_files() -> Vec<PathBuf> {
    [dirs::state_dir(), dirs::data_dir(), dirs::cache_dir(), dirs::config_dir()]
        .into_iter()
        .flatten()
        .map(|dir| dir.join("ionosh"))
        .collect()
}

/// The stack of the thread scripts run on: values are dropped, cloned and compared
/// recursively by Rhai, so deep ones need room (only the pages used are ever touched).
const SCRIPT_STACK: usize = 256 * 1024 * 1024;

/// Runs `work` (the evaluation of scripts) on a thread of its own with a large stack, and
/// returns what it returns. Memory the script holds is counted on that thread.
pub fn on_script_thread<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, SessionError> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("script".into())
            .stack_size(SCRIPT_STACK)
            .spawn_scoped(scope, work)
            .map_err(|source| SessionError::Io { what: "starting the script's thread".into(), source })?;
        thread.join().map_err(|_| SessionError::Usage("the script's thread failed unexpectedly".into()))
    })
}

/// A connected session: the runtime, the host the engine uses, and the emulator if started.
pub struct Session {
    /// Drives the clients (and the emulator).
    pub runtime: tokio::runtime::Runtime,
    /// What the engine's functions share.
    pub host: Arc<Host>,
    /// The providers the session speaks.
    pub providers: &'static [&'static Provider],
    sim: Option<SimHandle>,
}

impl Session {
    /// Resolves every provider's credentials (before any script line runs), starts the
    /// emulator if asked, and arms Ctrl-C to interrupt the running script.
    /// Scripts reach the files `files` allows.
    pub fn connect(
        args: &TargetArgs,
        providers: &'static [&'static Provider],
        files: FileAccess,
    ) -> Result<Self, SessionError> {
        let real = if args.simulated() { None } else { Some(args.real_apis(providers)?) };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|source| SessionError::Io { what: "tokio runtime".into(), source })?;
        let (endpoints, sim) = match real {
            Some(endpoints) => (endpoints, None),
            None => {
                let handle = runtime.block_on(sim::start(args.sim_config()?, provider::emulations(providers)))?;
                let endpoints = providers.iter().map(|p| (*p, sim_settings(p, &handle.base_url()))).collect();
                (endpoints, Some(handle))
            }
        };
        let cancel = Cancel::default();
        let options = ClientOptions {
            trace: args.trace,
            dry_run: args.dry_run,
            history: wait_history_file(),
            retry: RetryPolicy::default(),
            max_answer: AnswerLimit::mib(args.max_answer),
        };
        let connections = clients(endpoints, &options, &cancel)?;
        let host = Arc::new(Host::new(connections, runtime.handle().clone()).with_files(files));
        let interrupts = runtime.block_on(async { Interrupts::listen() })?;
        runtime.spawn(interrupt_on_ctrl_c(interrupts, cancel));
        Ok(Session { runtime, host, providers, sim })
    }

    /// Stops the emulator, if one was started, with its state saved.
    pub fn close(self) -> Result<(), SessionError> {
        if let Some(sim) = self.sim {
            self.runtime.block_on(sim.shutdown())?;
        }
        Ok(())
    }
}

/// How a session's clients run.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// `--trace`: every exchange shown on stderr.
    pub trace: bool,
    /// `--dry-run`: mutations shown and answered, not sent.
    pub dry_run: bool,
    /// Where the waits' history is kept (none: in memory only).
    pub history: Option<PathBuf>,
    /// How calls are retried.
    pub retry: RetryPolicy,
    /// The largest answer read.
    pub max_answer: AnswerLimit,
}

/// The settings the emulator at `base_url` gives `provider`: its API there, and the
/// credentials the emulator takes.
pub fn sim_settings(provider: &Provider, base_url: &str) -> Settings {
    Settings {
        api_url: format!("{base_url}{}", provider.sim_root),
        api_url_source: crate::provider::Source::Default,
        credentials: Some((provider.sim_credentials)(base_url)),
        credentials_source: crate::provider::Source::Default,
        headers: Vec::new(),
        warnings: Vec::new(),
    }
}

/// A client for each provider whose settings have credentials, as every session makes them:
/// all interrupted by `cancel`.
pub fn clients(
    endpoints: Vec<(&'static Provider, Settings)>,
    options: &ClientOptions,
    cancel: &Cancel,
) -> Result<Vec<Connection>, SessionError> {
    let mut connections: Vec<Connection> = Vec::new();
    for (provider, settings) in endpoints {
        let Some(credentials) = settings.credentials else { continue };
        let config = ClientConfig {
            api_url: settings.api_url,
            credentials,
            headers: settings.headers,
            trace: options.trace,
            retry: options.retry.clone(),
            max_answer: options.max_answer,
        };
        let mut client = Client::new(config, provider.dialect, cancel.clone())?;
        if let Some(file) = &options.history {
            client = client.with_history(file.clone());
        }
        connections.push((provider, Arc::new(if options.dry_run { client.dry_run() } else { client })));
    }
    Ok(connections)
}

/// Ctrl-C, listened for from the moment it is made (so an early Ctrl-C is never missed).
pub struct Interrupts {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Interrupts {
    /// Starts listening; must be called within the runtime.
    pub fn listen() -> Result<Self, SessionError> {
        #[cfg(unix)]
        {
            let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                .map_err(|source| SessionError::Io { what: "SIGINT handler".into(), source })?;
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
    /// The in-process emulator these flags ask for: on loopback, its state where they say,
    /// with the delays they choose.
    fn sim_config(&self) -> Result<SimConfig, SessionError> {
        let state = match (&self.sim_state, self.sim_ephemeral) {
            (_, true) => StateLocation::Ephemeral,
            (Some(path), false) => StateLocation::File(path.clone()),
            (None, false) => StateLocation::File(default_state_file()?),
        };
        let delay = self
            .sim_delay_profile
            .delay(self.sim_delay_ms, self.sim_time_scale)
            .map_err(|e| SessionError::Usage(format!("--sim-time-scale: {e}")))?;
        Ok(SimConfig {
            listen: ([127, 0, 0, 1], 0).into(),
            state,
            delay,
            auth: AuthPolicy::AnyCredentials,
            idle: SimConfig::IDLE,
        })
    }

    /// Whether calls go to the built-in emulator.
    pub fn simulated(&self) -> bool {
        self.sim || self.sim_ephemeral
    }

    /// Each provider's real API settings; warnings are the caller's to show.
    pub fn settings(&self, provider: &Provider) -> Result<Settings, SessionError> {
        Ok((provider.settings)(&self.providers.matches)?)
    }

    /// The real APIs of the providers with credentials, with any configuration warning shown
    /// on stderr; none at all is an error naming how to give them.
    fn real_apis(
        &self,
        providers: &'static [&'static Provider],
    ) -> Result<Vec<(&'static Provider, Settings)>, SessionError> {
        let mut endpoints = Vec::new();
        for &provider in providers {
            let settings = self.settings(provider)?;
            for warning in &settings.warnings {
                eprintln!("ionosh: warning: {warning}");
            }
            endpoints.push((provider, settings));
        }
        if endpoints.iter().all(|(_, settings)| settings.credentials.is_none()) {
            return Err(no_credentials(providers));
        }
        Ok(endpoints)
    }
}

/// What to say when no source has credentials for any provider.
pub fn no_credentials(providers: &[&Provider]) -> SessionError {
    let mut hints: Vec<&str> = Vec::new();
    for hint in providers.iter().map(|p| p.credentials_hint) {
        if !hints.contains(&hint) {
            hints.push(hint);
        }
    }
    SessionError::Usage(format!("no credentials: {}, or add --sim to use the built-in emulator", hints.join("; or ")))
}

/// The per-user state database shared by `--sim` runs and `ionosh sim` (the JSON state file of
/// earlier versions beside it, `sim-state.json`, is imported on first use).
pub fn default_state_file() -> Result<PathBuf, SessionError> {
    dirs::data_dir().map(|dir| dir.join("ionosh").join("sim-state.db")).ok_or_else(|| {
        SessionError::Usage("cannot find a per-user data directory: give the state file with --sim-state FILE".into())
    })
}

/// The emulator's delay profiles, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DelayProfile {
    /// Every request takes the same time.
    Fixed,
    /// Each kind of request takes what it typically takes on the real API.
    Realistic,
    /// Every request takes the same time, and clients are not told it (as on the real API).
    Unannounced,
}

impl DelayProfile {
    /// The emulator's delay: `delay_ms` for the fixed profiles, the realistic one scaled by
    /// `scale` (1 when not given). A scale only makes sense with the realistic profile: given
    /// with another, it is refused rather than silently ignored.
    pub fn delay(self, delay_ms: u64, scale: Option<f64>) -> Result<sim::Delay, String> {
        match (self, scale) {
            (DelayProfile::Realistic, scale) => Ok(sim::Delay::Realistic { scale: scale.unwrap_or(1.0) }),
            (_, Some(_)) => Err("a time scale applies to the realistic delay profile only".into()),
            (DelayProfile::Fixed, None) => Ok(sim::Delay::Fixed(Duration::from_millis(delay_ms))),
            (DelayProfile::Unannounced, None) => Ok(sim::Delay::Unannounced(Duration::from_millis(delay_ms))),
        }
    }
}

/// A time scale: a number above 0, at most 1000.
pub fn time_scale(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(scale) if scale > 0.0 && scale <= 1000.0 => Ok(scale),
        _ => Err(format!("must be a number above 0 and at most 1000 (got '{text}')")),
    }
}

/// Where the waits' history is kept: the state directory's `ionosh/waits.json`.
fn wait_history_file() -> Option<PathBuf> {
    dirs::state_dir().or_else(dirs::data_dir).map(|dir| dir.join("ionosh").join("waits.json"))
}
