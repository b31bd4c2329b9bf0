//! `ionosh sim`: the emulator in the foreground, until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::target::{default_state_file, Interrupts};
use super::CliError;
use crate::sim::{self, AuthPolicy, SimConfig, StateLocation};

/// Arguments of `ionosh sim`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Address to listen on; anything but loopback needs --user/--password or --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Keep state in FILE (default: the per-user file --sim runs use).
    #[arg(long, value_name = "FILE", conflicts_with = "ephemeral")]
    pub state: Option<PathBuf>,
    /// Keep state in memory only.
    #[arg(long)]
    pub ephemeral: bool,
    /// How long each request takes to provision.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub delay_ms: u64,
    /// Accept only this user name (with --password).
    #[arg(long, requires = "password")]
    pub user: Option<String>,
    /// The password for --user.
    #[arg(long, requires = "user")]
    pub password: Option<String>,
    /// Accept only this bearer token.
    #[arg(long)]
    pub token: Option<String>,
}

/// Serves until Ctrl-C, then saves and stops.
pub fn run(args: SimArgs) -> Result<ExitCode, CliError> {
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| CliError::Io { path: "tokio runtime".into(), source })?;
    runtime.block_on(async {
        let config = SimConfig { listen: args.listen, state, delay: Duration::from_millis(args.delay_ms), auth };
        let mut interrupts = Interrupts::listen()?;
        let handle = sim::start(config).await?;
        println!("{}", handle.api_url());
        eprintln!(
            "ionosh sim: serving the CloudAPI (v6, and v5 under /cloudapi/v5); state: {state_text}; Ctrl-C stops"
        );
        interrupts.next().await;
        handle.shutdown().await?;
        eprintln!("ionosh sim: stopped, state saved");
        Ok(ExitCode::SUCCESS)
    })
}
