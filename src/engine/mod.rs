//! The Rhai host: an engine with every provider's API functions and constructors, the waits
//! and the JSON, text and table helpers registered, with explicit limits. Registration is
//! grouped by subject, the way the engine groups its own packages; each provider's catalog
//! drives its functions, which live in its namespace (`ionos::list_datacenters()`) and, for
//! a provider that keeps its classic names, in the global one too.

mod arguments;
mod clock;
pub mod console;
mod constructors;
pub mod convert;
mod discarded;
mod errors;
mod exit;
pub mod file_access;
mod files;
mod formats;
mod host;
mod json;
pub mod lint;
mod lookup;
pub mod modules;
mod namespace;
mod now_is;
mod operations;
pub mod progress;
mod recipes;
mod report;
mod sandbox;
mod status_wait;
mod subjects;
mod table;
mod text;
mod wait_all;
mod waits;

pub use host::{Connection, Created, Host, Sent};
pub use recipes::signatures as recipe_signatures;
pub use report::{error_message, parse_error, runtime_error, thrown_value};

use std::sync::Arc;

use rhai::{Engine, FuncRegistration, Token};

use crate::catalog::Signature;
use crate::provider::Provider;

/// Limits every engine runs under: enough for any provisioning script, small enough that a
/// runaway loop or recursion ends with a clear error instead of hanging or crashing.
pub mod limits {
    /// Operations per run.
    pub const OPERATIONS: u64 = 500_000_000;

    /// [`OPERATIONS`], or `IONOSH_MAX_OPERATIONS` when set (tests hit the limit quickly with it).
    pub fn operations() -> u64 {
        std::env::var("IONOSH_MAX_OPERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(OPERATIONS)
    }
    /// Nested function calls.
    pub const CALL_LEVELS: usize = 64;
    /// Nested expressions (global, inside functions).
    pub const EXPR_DEPTHS: (usize, usize) = (64, 48);
    /// Levels of nesting of a value that printing, `debug` and JSON accept.
    pub const NESTING: usize = 256;
    // The size of strings, arrays, maps and BLOBs is bounded by the memory limit
    // (`crate::memory`), not by Rhai's size limits, whose checks walk whole values on every
    // operation.
}

/// Every function a script can call beyond Rhai's own, with its signature and doc line: each
/// provider's functions (global ones under their plain names) and their namespaced forms,
/// then every other subject's ([`subjects::SUBJECTS`]).
pub fn functions(providers: &[&'static Provider]) -> Vec<Signature> {
    subjects::SUBJECTS.iter().flat_map(|subject| subject.signatures(providers)).collect()
}

/// Words Rhai reserves for future use that the APIs need as field names (`public` of a LAN,
/// `default` of a NetFoundry network version): scripts may use them as map keys and
/// properties (`#{ public: true }`, `lan.properties.public`, `#{ default: true }`).
const API_WORDS: &[&str] = &["public", "default"];

/// An engine without API access: for compiling (`ionosh check`) with the same limits and syntax.
pub fn bare_engine() -> Engine {
    let mut engine = Engine::new();
    #[allow(deprecated)] // "volatile", not deprecated: the only way to free a reserved word
    engine.on_parse_token(|token, _, _| match token {
        Token::Reserved(word) if API_WORDS.contains(&word.as_str()) => Token::Identifier(word),
        other => other,
    });
    engine
        .set_max_operations(limits::operations())
        .set_max_call_levels(limits::CALL_LEVELS)
        .set_max_expr_depths(limits::EXPR_DEPTHS.0, limits::EXPR_DEPTHS.1);
    engine
}

/// An engine with everything registered, calling the providers' APIs through `host`. `print`
/// goes to stdout, `debug` to stderr; Ctrl-C (the host's cancel flag) stops the script.
/// `import` resolves modules next to the current directory, in `IONOSH_PATH` and in the
/// providers' stdlib ([`modules`]); `ionosh run` points it at the script's directory instead.
pub fn engine(providers: &[&'static Provider], host: &Arc<Host>) -> Engine {
    let mut engine = bare_engine();
    engine.set_module_resolver(modules::Modules::near(std::env::current_dir().ok().as_deref(), stdlib(providers)));
    for subject in subjects::SUBJECTS {
        subject.register(&mut engine, providers, host);
    }
    engine
}

/// The text with a `#!` interpreter line blanked, so a script can be made executable
/// (`#!/usr/bin/env -S ionosh run`).
pub fn without_shebang(text: String) -> String {
    match text.strip_prefix("#!") {
        Some(rest) => match rest.find('\n') {
            Some(end) => rest[end..].to_string(),
            None => String::new(),
        },
        None => text,
    }
}

/// The embedded modules of the providers, for [`modules::Modules`].
pub fn stdlib(providers: &[&'static Provider]) -> modules::Stdlib {
    providers.iter().flat_map(|p| p.stdlib.iter().copied()).collect()
}

/// The registration of one function taking the first `arity` parameters of `signature`:
/// volatile (never evaluated at compile time), with its doc line and parameters kept as
/// metadata for help and definition files.
fn registration(signature: &Signature, arity: usize) -> FuncRegistration {
    described(signature, arity).with_volatility(true)
}

/// The metadata of one registration (doc line, parameters), for registrations that set their
/// volatility in the function itself.
fn described(signature: &Signature, arity: usize) -> FuncRegistration {
    let params = signature.params.iter().take(arity).map(|p| defined(p)).chain(["Dynamic".to_string()]);
    FuncRegistration::new(signature.name.clone())
        .with_comments([format!("/// {}", signature.doc)])
        .with_params_info(params)
}

/// A parameter as definition files write it: a map's keys each with a type and quoted where
/// Rhai reserves the word (`fields: #{name: ?, "public": ?}`), which signatures leave out
/// for brevity (`fields: #{name, public}`).
fn defined(param: &str) -> String {
    let Some((name, keys)) = param.split_once(": #{") else { return param.to_string() };
    let typed: Vec<String> = keys
        .trim_end_matches('}')
        .split(',')
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .map(|key| if API_WORDS.contains(&key) { format!("\"{key}\": ?") } else { format!("{key}: ?") })
        .collect();
    format!("{name}: #{{{}}}", typed.join(", "))
}
