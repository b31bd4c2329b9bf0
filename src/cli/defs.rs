//! `ionosh defs DIR`: Rhai definition files for editors, written from the engine's own
//! registrations, whose doc comments and parameter names come from the same signatures as
//! `ionosh functions` and `:help`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use super::CliError;
use crate::engine::{self, Host};
use crate::provider;

/// The file written into the directory.
pub const FILE_NAME: &str = "ionosh.d.rhai";

/// Writes `DIR/ionosh.d.rhai`: every global function and constructor ionosh registers, as a
/// `module static;` definition file; and `DIR/<namespace>.d.rhai` for each provider's
/// namespace (`module ionos;`).
pub fn run(dir: &Path) -> Result<ExitCode, CliError> {
    let io = |source| CliError::Io { path: dir.to_path_buf(), source };
    // The engine is only inspected, never run: it has no connection to any API.
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(io)?;
    let host = Arc::new(Host::new(Vec::new(), runtime.handle().clone()));
    let engine = engine::engine(provider::ALL, &host);
    let definitions = engine.definitions().include_standard_packages(false).with_headers(true);
    std::fs::create_dir_all(dir).map_err(io)?;
    let files = std::iter::once((FILE_NAME.to_string(), definitions.static_module()))
        .chain(definitions.modules().map(|(name, text)| (format!("{name}.d.rhai"), text)));
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|source| CliError::Io { path: path.clone(), source })?;
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
