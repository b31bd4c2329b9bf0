//! `ionosh sim`: the emulator in the foreground, until Ctrl-C; and `ionosh sim export`,
//! `import` and `reset` to move its state in and out as JSON and to start clean.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::NonEmptyStringValueParser;
use clap::{Args, Subcommand};

use super::CliError;
use crate::provider;
use crate::session::{default_state_file, time_scale, DelayProfile, Interrupts};
use crate::sim::{self, AuthPolicy, FaultConfig, FaultKind, RateLimit, SimConfig, Snapshot, StateLocation};

/// Arguments of `ionosh sim`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SimArgs {
    /// What to do with the state instead of serving it.
    #[command(subcommand)]
    pub action: Option<StateAction>,
    /// How to serve.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// What `ionosh sim` can do with a state besides serving it.
#[derive(Debug, Subcommand)]
pub enum StateAction {
    /// Write the whole state (objects and requests) as JSON to FILE (`-`: stdout).
    Export {
        /// Where to write.
        file: PathBuf,
        /// The state (default: the per-user one --sim runs use).
        #[arg(long, value_name = "STATE")]
        state: Option<PathBuf>,
    },
    /// Replace the state with the JSON in FILE (an export, or an old state file).
    Import {
        /// What to read.
        file: PathBuf,
        /// The state (default: the per-user one --sim runs use).
        #[arg(long, value_name = "STATE")]
        state: Option<PathBuf>,
    },
    /// Empty the state: no objects, no requests (the public images come back at the next start).
    Reset {
        /// The state (default: the per-user one --sim runs use).
        #[arg(long, value_name = "STATE")]
        state: Option<PathBuf>,
    },
}

/// How `ionosh sim` serves.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; anything but loopback needs --user/--password or --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Keep state in FILE (default: the per-user file --sim runs use).
    #[arg(long, value_name = "FILE", conflicts_with = "ephemeral")]
    pub state: Option<PathBuf>,
    /// Keep state in memory only.
    #[arg(long)]
    pub ephemeral: bool,
    /// How long each request takes to provision (the fixed profile).
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub delay_ms: u64,
    /// `fixed` (every request --delay-ms) or `realistic` (what each kind of request typically
    /// takes on the real API, with jitter, times --time-scale).
    #[arg(long, value_enum, value_name = "PROFILE", default_value_t = DelayProfile::Fixed)]
    pub delay_profile: DelayProfile,
    /// With the realistic profile: scale every duration (0.01: a minute passes in 0.6 s).
    #[arg(long, value_name = "F", value_parser = time_scale)]
    pub time_scale: Option<f64>,
    /// Accept only this user name (with --password).
    #[arg(long, requires = "password", value_parser = NonEmptyStringValueParser::new())]
    pub user: Option<String>,
    /// The password for --user (better given in the environment, where `ps` does not show it).
    #[arg(long, requires = "user", env = "IONOSH_SIM_PASSWORD", hide_env_values = true,
          value_parser = NonEmptyStringValueParser::new())]
    pub password: Option<String>,
    /// Accept only this bearer token (or set IONOSH_SIM_TOKEN).
    #[arg(long, env = "IONOSH_SIM_TOKEN", hide_env_values = true, value_parser = NonEmptyStringValueParser::new())]
    pub token: Option<String>,
    /// Fraction (0..1) of API answers replaced by an injected fault.
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0)]
    pub fail_rate: f64,
    /// Which faults to inject, comma-separated: 429, 500, 502, 503, 504, slow, drop (default: all).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = FaultKind::parse)]
    pub fail_kinds: Vec<FaultKind>,
    /// Seed of the fault draws, for reproducible runs.
    #[arg(long, value_name = "N")]
    pub fault_seed: Option<u64>,
    /// `Retry-After` seconds sent with 429 answers.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub retry_after: u64,
    /// Extra delay of a `slow` fault.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub slow_ms: u64,
    /// Rate limit: requests per minute, and the burst after a slash (`120/50`; burst defaults to the rate).
    #[arg(long, value_name = "PER_MIN[/BURST]", value_parser = parse_rate_limit)]
    pub rate_limit: Option<RateLimit>,
}

/// `120/50` → 120 requests per minute, bursts of 50; `120` → bursts of 120.
fn parse_rate_limit(text: &str) -> Result<RateLimit, String> {
    let number = |t: &str| t.trim().parse::<u32>().map_err(|_| format!("'{text}' is not PER_MIN or PER_MIN/BURST"));
    let (per_minute, burst) = match text.split_once('/') {
        Some((rate, burst)) => (number(rate)?, number(burst)?),
        None => (number(text)?, number(text)?),
    };
    Ok(RateLimit { per_minute, burst })
}

/// Serves until Ctrl-C, or acts on the state.
pub fn run(args: SimArgs) -> Result<ExitCode, CliError> {
    match args.action {
        None => serve(args.serve),
        Some(action) => state(action),
    }
}

/// The state file named, or the per-user default.
fn state_file(state: Option<PathBuf>) -> Result<PathBuf, CliError> {
    Ok(match state {
        Some(path) => path,
        None => default_state_file()?,
    })
}

fn state(action: StateAction) -> Result<ExitCode, CliError> {
    let storage = |path: &Path, e: rusqlite::Error| CliError::Usage(format!("{}: {e}", path.display()));
    match action {
        StateAction::Export { file, state } => {
            let state = state_file(state)?;
            let db = sim::open(&StateLocation::File(state.clone()))?;
            let snapshot = sim::export(&db).map_err(|e| storage(&state, e))?;
            let text = serde_json::to_string_pretty(&snapshot).map_err(|e| CliError::Usage(e.to_string()))?;
            if file.as_os_str() == "-" {
                let _ = writeln!(std::io::stdout(), "{text}");
            } else {
                crate::private_files::write(&file, &text)
                    .map_err(|source| CliError::Io { path: file.clone(), source })?;
                eprintln!("ionosh sim: exported {} to {}", counts(&snapshot), file.display());
            }
        }
        StateAction::Import { file, state } => {
            let state = state_file(state)?;
            let text = std::fs::read(&file).map_err(|source| CliError::Io { path: file.clone(), source })?;
            let snapshot: Snapshot = serde_json::from_slice(&text)
                .map_err(|e| CliError::Usage(format!("{}: not an emulator state export: {e}", file.display())))?;
            let db = sim::open(&StateLocation::File(state.clone()))?;
            sim::import(&db, &snapshot).map_err(|e| storage(&state, e))?;
            eprintln!("ionosh sim: {} now holds {} from {}", state.display(), counts(&snapshot), file.display());
        }
        StateAction::Reset { state } => {
            let state = state_file(state)?;
            let db = sim::open(&StateLocation::File(state.clone()))?;
            sim::reset(&db).map_err(|e| storage(&state, e))?;
            eprintln!("ionosh sim: {} is empty", state.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `12 objects and 30 requests`.
fn counts(snapshot: &Snapshot) -> String {
    format!("{} objects and {} requests", snapshot.store.objects.len(), snapshot.jobs.requests.len())
}

/// Serves until Ctrl-C.
fn serve(args: ServeArgs) -> Result<ExitCode, CliError> {
    let auth = match (&args.user, &args.password, &args.token) {
        (None, None, None) => AuthPolicy::AnyCredentials,
        (user, password, token) => AuthPolicy::Only { user: user.clone().zip(password.clone()), token: token.clone() },
    };
    if !args.listen.ip().is_loopback() && matches!(auth, AuthPolicy::AnyCredentials) {
        return Err(CliError::Usage(format!(
            "refusing to listen on {} without credentials: add --user U --password P or --token T, or listen on 127.0.0.1",
            args.listen
        )));
    }
    let state = if args.ephemeral {
        StateLocation::Ephemeral
    } else {
        StateLocation::File(match args.state {
            Some(path) => path,
            None => default_state_file()?,
        })
    };
    let state_text = match &state {
        StateLocation::File(path) => path.display().to_string(),
        StateLocation::Ephemeral => "in memory only".to_string(),
    };
    let faults = FaultConfig {
        rate: args.fail_rate,
        kinds: if args.fail_kinds.is_empty() { FaultKind::ALL.to_vec() } else { args.fail_kinds.clone() },
        retry_after_s: args.retry_after,
        slow_ms: args.slow_ms,
        seed: args.fault_seed,
        rate_limit: args.rate_limit,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| CliError::Io { path: "tokio runtime".into(), source })?;
    runtime.block_on(async {
        let config = SimConfig {
            listen: args.listen,
            state,
            delay: args
                .delay_profile
                .delay(args.delay_ms, args.time_scale)
                .map_err(|e| CliError::Usage(format!("--time-scale: {e}")))?,
            auth,
            idle: SimConfig::IDLE,
        };
        let mut interrupts = Interrupts::listen().map_err(CliError::from)?;
        let handle = sim::start(config, provider::emulations(provider::ALL)).await?;
        handle.set_faults(faults).map_err(CliError::Usage)?;
        crate::stdout::line(&handle.api_url());
        let served: Vec<String> = provider::ALL
            .iter()
            .map(|p| {
                let prefixes: Vec<&str> =
                    p.emulation.prefixes().iter().map(|prefix| if prefix.is_empty() { "/" } else { prefix }).collect();
                format!("{} under {}", p.title, prefixes.join(" and "))
            })
            .collect();
        eprintln!("ionosh sim: serving {}; state: {state_text}; Ctrl-C stops", served.join(", "));
        let open = args.user.is_none() && args.token.is_none();
        let env: Vec<String> = provider::ALL
            .iter()
            .flat_map(|p| (p.sim_env)(&handle.base_url(), open))
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let credentials = if open { "" } else { " (and the credentials you gave it)" };
        eprintln!("ionosh sim: from another shell{credentials}: export {}", env.join(" "));
        interrupts.next().await;
        handle.shutdown().await?;
        eprintln!("ionosh sim: stopped");
        Ok(ExitCode::SUCCESS)
    })
}
