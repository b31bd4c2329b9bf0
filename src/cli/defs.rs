//! `ionosh defs DIR`: Rhai definition files for editors, written from the engine's own
//! registrations, whose doc comments and parameter names come from the same signatures as
//! `ionosh functions` and `:help`; and one for each module a script can import (the stdlib and
//! `IONOSH_PATH`'s), from its doc comments as `ionosh stdlib` shows them.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use super::CliError;
use crate::engine::modules::{self, Found, FunctionDoc};
use crate::engine::{self, Host};
use crate::provider;

/// The file written into the directory.
pub const FILE_NAME: &str = "ionosh.d.rhai";

/// Writes `DIR/ionosh.d.rhai`: every global function and constructor ionosh registers, as a
/// `module static;` definition file; `DIR/<namespace>.d.rhai` for each provider's namespace
/// (`module ionos;`); and `DIR/<module>.d.rhai` for each importable module (`module images;`).
pub fn run(dir: &Path) -> Result<ExitCode, CliError> {
    let io = |source| CliError::Io { path: dir.to_path_buf(), source };
    // The engine is only inspected, never run: it has no connection to any API.
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(io)?;
    let host = Arc::new(Host::new(Vec::new(), runtime.handle().clone()));
    let engine = engine::engine(provider::ALL, &host);
    let definitions = engine.definitions().include_standard_packages(false).with_headers(true);
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut files: Vec<(String, String)> = std::iter::once((FILE_NAME.to_string(), definitions.static_module()))
        .chain(definitions.modules().map(|(name, text)| (format!("{name}.d.rhai"), text)))
        .collect();
    let bare = engine::bare_engine();
    for found in modules::Modules::near(None, engine::stdlib(provider::ALL)).available() {
        let name = format!("{}.d.rhai", found.name);
        if files.iter().any(|(taken, _)| *taken == name) {
            eprintln!("ionosh: module '{}' ({}) is not written: {name} is taken", found.name, found.origin);
            continue;
        }
        match modules::describe(&bare, &found) {
            Ok((header, functions)) => files.push((name, module_definitions(&found, &header, &functions))),
            Err(error) => eprintln!("ionosh: module '{}' is not written: {error}", found.name),
        }
    }
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|source| CliError::Io { path: path.clone(), source })?;
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The definition file of an importable module: its description, then each exported function
/// with its doc comment, its parameters of any type (`?`, as Rhai writes a script's own).
fn module_definitions(found: &Found, header: &[String], functions: &[FunctionDoc]) -> String {
    let mut text = String::new();
    for line in header {
        text.push_str(&doc_line(line));
    }
    text.push_str(&format!("module {};\n", found.name));
    for function in functions {
        let (name, params) = function.signature.split_once('(').unwrap_or((&function.signature, ")"));
        let params: Vec<String> = params
            .trim_end_matches(')')
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("{p}: ?"))
            .collect();
        text.push('\n');
        for line in &function.doc {
            text.push_str(&doc_line(line));
        }
        text.push_str(&format!("fn {name}({}) -> ?;\n", params.join(", ")));
    }
    text
}

/// One line of a doc comment.
fn doc_line(line: &str) -> String {
    if line.is_empty() {
        "///\n".to_string()
    } else {
        format!("/// {line}\n")
    }
}
