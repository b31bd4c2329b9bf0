//! `ionosh whoami`: which API and credentials a run would use, and where each came from, so
//! a surprising account is explained before anything is changed in it. Never prints a secret.

use std::process::ExitCode;

use super::CliError;
use crate::provider;
use crate::session::{default_state_file, no_credentials, TargetArgs};

/// Prints, for each provider, the target and the source of each setting; exit code 1 when no
/// provider has credentials.
pub fn run(args: &TargetArgs) -> Result<ExitCode, CliError> {
    if args.simulated() {
        let state = match (&args.sim_state, args.sim_ephemeral) {
            (_, true) => "memory only".to_string(),
            (Some(path), false) => path.display().to_string(),
            (None, false) => default_state_file()?.display().to_string(),
        };
        crate::stdout::line(&format!("API URL:     the built-in emulator (--sim), state in {state}"));
        crate::stdout::line("credentials: none needed");
        return Ok(ExitCode::SUCCESS);
    }
    let mut any = false;
    for provider in provider::ALL {
        let settings = args.settings(provider)?;
        for warning in &settings.warnings {
            eprintln!("ionosh: warning: {warning}");
        }
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
    if any {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("ionosh: {}", no_credentials(provider::ALL));
    Ok(ExitCode::FAILURE)
}
