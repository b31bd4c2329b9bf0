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
        .chain(definitions.modules().map(|(name, text)| {
            let text = recipes_declared(&text, &name);
            (format!("{name}.d.rhai"), text)
        }))
        .map(|(name, text)| (name, once_each(&keywords_as_operators(&text))))
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
            .map(|p| if KEYWORDS.contains(&p) { format!("{p}_: ?") } else { format!("{p}: ?") })
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

/// Words definition files reserve (the Rhai language server's keywords), which a function or
/// parameter of ours may still be named: `exit`, an `ensure_lan`'s `public`.
const KEYWORDS: &[&str] = &[
    "var",
    "static",
    "shared",
    "goto",
    "exit",
    "match",
    "case",
    "public",
    "protected",
    "new",
    "use",
    "with",
    "module",
    "package",
    "super",
    "spawn",
    "thread",
    "go",
    "sync",
    "async",
    "await",
    "yield",
    "default",
    "void",
    "null",
    "nil",
];

/// `fn exit(code: int) -> ?;` written as definition files declare a function named like a
/// keyword: `op exit(int) -> ?;` (as Rhai writes `print`).
fn keywords_as_operators(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let keyword =
            line.strip_prefix("fn ").and_then(|rest| rest.split_once('(')).filter(|(name, _)| KEYWORDS.contains(name));
        match keyword {
            Some((name, rest)) => {
                let (params, tail) = rest.split_once(')').unwrap_or((rest, ""));
                let types: Vec<&str> =
                    top_level(params).into_iter().map(|p| p.split_once(": ").map_or(p, |(_, t)| t)).collect();
                out.push_str(&format!("op {name}({}){tail}", types.join(", ")));
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The parameters of a list, split at the commas outside of map types (`#{a: ?, b: ?}`).
fn top_level(params: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (at, c) in params.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(params[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(params[start..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

/// A namespace's definitions with its recipes (`dns::ensure_record`, Rhai functions) declared
/// as its other functions are, with their doc line, and their closures (`anon$…`, which no
/// script can name) left out.
fn recipes_declared(text: &str, namespace: &str) -> String {
    let Some(provider) = provider::ALL.iter().find(|p| p.name == namespace) else { return text.to_string() };
    let recipes = engine::recipe_signatures(provider);
    let items = text.split("\n\n").filter_map(|item| {
        let declared = item.trim_start().strip_prefix("fn ");
        match declared.and_then(|rest| rest.split_once('(')) {
            Some((name, _)) if name.starts_with("anon$") => None,
            Some((name, rest)) if item.trim_end().ends_with("-> ;") => {
                let doc = recipes.iter().find(|s| s.name == format!("{namespace}::{name}")).map(|s| s.doc.clone());
                let params = rest.rsplit_once(')').map_or(rest, |(params, _)| params);
                Some(format!("/// {}\nfn {name}({params}) -> ?;", doc.unwrap_or_default()))
            }
            _ => Some(item.to_string()),
        }
    });
    items.collect::<Vec<_>>().join("\n\n")
}

/// The items of a definition file (each with its doc comment) once each: a function Rust
/// registers for several types is one function to a script.
fn once_each(text: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let items: Vec<&str> = text.split("\n\n").filter(|item| seen.insert(*item)).collect();
    items.join("\n\n")
}
