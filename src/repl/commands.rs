//! The REPL's `:commands`: help, variables, loading a script, tracing, leaving.

use rhai::Engine;

use super::{help, Session};
use crate::engine;
use crate::session::Target;

/// What the REPL does after a command.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Read the next entry.
    Continue,
    /// Leave the REPL.
    Quit,
}

/// Every command with its argument, for completion and the usage line.
pub const COMMANDS: [&str; 6] = [":help", ":vars", ":load", ":trace", ":quit", ":exit"];

/// Runs one `:command` line.
pub fn run(line: &str, session: &mut Session, engine: &Engine, target: &Target) -> Next {
    let (command, argument) = match line.split_once(char::is_whitespace) {
        Some((command, rest)) => (command, rest.trim()),
        None => (line, ""),
    };
    match (command, argument) {
        (":quit" | ":q" | ":exit", _) => return Next::Quit,
        (":help" | ":h", "") => crate::stdout::line(&help::overview(&engine::functions(target.providers))),
        (":help" | ":h", name) => {
            let all = engine::functions(target.providers);
            match all.iter().find(|s| s.name == name) {
                Some(signature) => crate::stdout::write(&help::function(signature, target.providers)),
                None => {
                    let hint = crate::suggest::did_you_mean(name, all.iter().map(|s| s.name.as_str()));
                    eprintln!("no function named '{name}'{hint} (:help lists them all)")
                }
            }
        }
        (":vars", "") => vars(session),
        (":load", "") => eprintln!("usage: :load FILE"),
        (":load", file) => load(file, session, engine, target),
        (":trace", state @ ("on" | "off")) => {
            target.host.connections().for_each(|(_, client)| client.tracer().set(state == "on"))
        }
        _ => eprintln!("commands: :help [NAME], :vars, :load FILE, :trace on|off, :quit"),
    }
    Next::Continue
}

/// Lists the variables in scope with their type and a one-line preview of their value.
fn vars(session: &Session) {
    if session.scope.is_empty() {
        crate::stdout::line("no variables yet");
        return;
    }
    let width = session.scope.iter_raw().map(|(name, ..)| name.len()).max().unwrap_or(0);
    for (name, constant, value) in session.scope.iter_raw() {
        let mut preview: String = value.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
        if preview.chars().count() > 60 {
            preview = preview.chars().take(59).chain(['…']).collect();
        }
        let kind = if constant { "const " } else { "" };
        crate::stdout::line(&format!("{name:width$}  {kind}{}  {preview}", value.type_name()));
    }
}

/// Runs a script file into the session, as if its text had been typed.
fn load(file: &str, session: &mut Session, engine: &Engine, target: &Target) {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => engine::without_shebang(text),
        Err(error) => {
            eprintln!("{file}: {error}");
            return;
        }
    };
    match engine.compile_with_scope(&session.scope, &text) {
        Ok(ast) => session.eval(engine, target, ast, file),
        Err(error) => eprintln!("{}", engine::parse_error(file, &text, &error)),
    }
}
