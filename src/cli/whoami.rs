//! `ionosh whoami`: which API and credentials a run would use, where each came from, and —
//! unless `--offline` — whether the API accepts them (who they are: API version, contract,
//! owner), so a surprising account or a stale password shows before anything is changed.
//! Never prints a secret.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::CliError;
use crate::engine::file_access::FileAccess;
use crate::provider::{self, ProviderArgs};
use crate::session::{default_state_file, no_credentials, Session, TargetArgs};

/// Arguments of `ionosh whoami`: the target's flags that choose an API and credentials.
#[derive(Debug, Args)]
pub struct WhoamiArgs {
    /// The built-in emulator instead of a real API (state in the user's data directory).
    #[arg(long)]
    pub sim: bool,
    /// With --sim: the emulator's state in FILE instead.
    #[arg(long, value_name = "FILE", requires = "sim", conflicts_with = "sim_ephemeral")]
    pub sim_state: Option<PathBuf>,
    /// A throw-away emulator in memory (implies --sim).
    #[arg(long)]
    pub sim_ephemeral: bool,
    /// Each provider's flags for its real API.
    #[command(flatten)]
    pub providers: ProviderArgs,
    /// Print the verifying HTTP exchanges on stderr (credentials masked).
    #[arg(long)]
    pub trace: bool,
    /// Only say where the settings come from; do not ask the API.
    #[arg(long)]
    pub offline: bool,
}

impl WhoamiArgs {
    /// The target these flags choose, for connecting.
    fn target(&self) -> TargetArgs {
        TargetArgs {
            sim: self.sim,
            sim_state: self.sim_state.clone(),
            sim_ephemeral: self.sim_ephemeral,
            sim_delay_ms: 0,
            sim_delay_profile: crate::session::DelayProfile::Fixed,
            sim_time_scale: None,
            providers: self.providers.clone(),
            trace: self.trace,
            dry_run: false,
            max_answer: crate::client::AnswerLimit::DEFAULT_MIB,
        }
    }
}

/// Prints, for each provider, the target and the source of each setting, then what the API
/// says about the credentials. Exit code 1 when no provider has credentials or the API
/// refuses them.
pub fn run(args: &WhoamiArgs) -> Result<ExitCode, CliError> {
    let target = args.target();
    let (any, warnings) = describe(&target)?;
    // Connecting says the settings' warnings itself: said here only when it will not run.
    if args.offline || !any {
        for warning in &warnings {
            eprintln!("ionosh: warning: {warning}");
        }
    }
    if !any {
        eprintln!("ionosh: {}", no_credentials(provider::ALL));
        return Ok(ExitCode::FAILURE);
    }
    if args.offline {
        return Ok(ExitCode::SUCCESS);
    }
    verify(&target)
}

/// Where the settings come from; whether any provider has credentials, and the settings'
/// warnings.
fn describe(args: &TargetArgs) -> Result<(bool, Vec<String>), CliError> {
    if args.simulated() {
        let state = match (&args.sim_state, args.sim_ephemeral) {
            (_, true) => "memory only".to_string(),
            (Some(path), false) => path.display().to_string(),
            (None, false) => default_state_file()?.display().to_string(),
        };
        crate::stdout::line(&format!("API URL:     the built-in emulator (--sim), state in {state}"));
        crate::stdout::line("credentials: none needed");
        return Ok((true, Vec::new()));
    }
    let mut any = false;
    let mut warnings = Vec::new();
    for provider in provider::ALL {
        let settings = args.settings(provider)?;
        warnings.extend(settings.warnings.iter().cloned());
        if provider::ALL.len() > 1 {
            crate::stdout::line(&format!("{}:", provider.title));
        }
        crate::stdout::line(&format!("API URL:     {} ({})", settings.api_url, settings.api_url_source));
        match &settings.credentials {
            Some(credentials) => {
                crate::stdout::line(&format!(
                    "credentials: {} ({})",
                    credentials.describe(),
                    settings.credentials_source
                ));
                any = true;
            }
            None => crate::stdout::line("credentials: none"),
        }
    }
    Ok((any, warnings))
}

/// Asks each connected API who the credentials are.
fn verify(args: &TargetArgs) -> Result<ExitCode, CliError> {
    // Nothing runs a script here: no file is reached.
    let session = Session::connect(args, provider::ALL, FileAccess::under(&[], &[]))?;
    let mut code = ExitCode::SUCCESS;
    // Headed as the settings were, so what is verified is never read as the section above's.
    let headed = provider::ALL.len() > 1;
    for (provider, client) in session.host.connections() {
        if headed {
            crate::stdout::line(&format!("{}:", provider.title));
        }
        match session.runtime.block_on(provider.dialect.identify(client)) {
            Ok(facts) => {
                for (label, text) in facts {
                    let label = format!("{label}:");
                    crate::stdout::line(&crate::printable::escape_line(&format!("{label:<12} {text}")));
                }
                crate::stdout::line("verified:    the API accepts these credentials");
            }
            Err(error) => {
                eprintln!("ionosh: {}: the credentials could not be verified: {error}", provider.title);
                code = ExitCode::FAILURE;
            }
        }
    }
    session.close()?;
    Ok(code)
}
