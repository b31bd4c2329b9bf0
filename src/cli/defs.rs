//! `ionosh defs DIR`: Rhai definition files for editors, written from the engine's own
//! registrations, whose doc comments and parameter names come from the same signatures as
//! `ionosh functions` and `:help`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use super::CliError;
use crate::engine::{self, Host};
use crate::client::{Cancel, Client, ClientConfig, Credentials, RetryPolicy};
use crate::provider::ionos::{CloudApi, CATALOG, DEFAULT_API_URL};

/// The file written into the directory.
pub const FILE_NAME: &str = "ionosh.d.rhai";

/// Writes `DIR/ionosh.d.rhai`: every function and constructor ionosh registers, as a
/// `module static;` definition file.
pub fn run(dir: &Path) -> Result<ExitCode, CliError> {
    let io = |source| CliError::Io { path: dir.to_path_buf(), source };
    // The engine is only inspected, never run: its client is never asked to send anything.
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(io)?;
    let config = ClientConfig {
        api_url: DEFAULT_API_URL.to_string(),
        credentials: Credentials::Token(String::new()),
        contract_number: None,
        trace: false,
        retry: RetryPolicy::default(),
    };
    let client = Client::new(config, Arc::new(CloudApi), Cancel::default())?;
    let host = Arc::new(Host::new(Arc::new(client), runtime.handle().clone()));
    let engine = engine::engine(&CATALOG, &host);
    let text = engine.definitions().include_standard_packages(false).with_headers(true).static_module();
    std::fs::create_dir_all(dir).map_err(io)?;
    let path = dir.join(FILE_NAME);
    std::fs::write(&path, text).map_err(|source| CliError::Io { path: path.clone(), source })?;
    println!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}
