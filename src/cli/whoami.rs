//! `ionosh whoami`: which API and credentials a run would use, and where each came from, so
//! a surprising account is explained before anything is changed in it. Never prints a secret.

use std::process::ExitCode;

use super::target::{default_state_file, no_credentials, TargetArgs};
use super::CliError;
use crate::provider::ionos::config;

/// Prints the target and the source of each setting; exit code 1 when there are no credentials.
pub fn run(args: &TargetArgs) -> Result<ExitCode, CliError> {
    if args.sim {
        let state = match &args.sim_state {
            Some(path) => path.clone(),
            None => default_state_file()?,
        };
        println!("API URL:     the built-in emulator (--sim), state in {}", state.display());
        println!("credentials: none needed");
        return Ok(ExitCode::SUCCESS);
    }
    let settings = args.settings()?;
    for warning in &settings.warnings {
        eprintln!("ionosh: warning: {warning}");
    }
    println!("API URL:     {} ({})", settings.api_url, settings.api_url_source);
    match &settings.credentials {
        Some(credentials) => {
            println!("credentials: {} ({})", config::describe(credentials), settings.credentials_source);
            Ok(ExitCode::SUCCESS)
        }
        None => {
            println!("credentials: none");
            eprintln!("ionosh: {}", no_credentials());
            Ok(ExitCode::FAILURE)
        }
    }
}
