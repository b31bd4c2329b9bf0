//! `ionosh stdlib`: the modules a script can import, where each comes from, and its
//! functions with their doc comments.

use std::process::ExitCode;

use super::CliError;
use crate::engine::{self, modules};
use crate::provider;

/// Prints every importable module (the embedded stdlib, overridden or extended by
/// `IONOSH_PATH`) with its description and functions.
pub fn run() -> Result<ExitCode, CliError> {
    let engine = engine::bare_engine();
    let mut code = ExitCode::SUCCESS;
    for found in modules::Modules::near(None, engine::stdlib(provider::ALL)).available() {
        println!("{} ({})", found.name, found.origin);
        match modules::describe(&engine, &found) {
            Ok((header, functions)) => {
                if let Some(first) = header.first().filter(|l| !l.is_empty()) {
                    println!("  {first}");
                }
                for function in functions {
                    println!("  {}::{}", found.name, function.signature);
                    for line in function.doc {
                        println!("      {line}");
                    }
                }
            }
            Err(error) => {
                eprintln!("{error}");
                code = ExitCode::FAILURE;
            }
        }
        println!();
    }
    Ok(code)
}
