//! The interactive shell: one scope across entries (variables and functions persist),
//! multi-line entries while the parser wants more, and history kept between sessions.

use std::path::PathBuf;
use std::process::ExitCode;

use rhai::{Dynamic, Engine, ParseErrorType, Scope, AST};
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;

use crate::bindings;
use crate::cli::Target;
use crate::cli::{CliError, TargetArgs};
use crate::cloudapi::CATALOG;

/// Runs the REPL until `:quit` or Ctrl-D.
pub fn run(args: TargetArgs) -> Result<ExitCode, CliError> {
    let target = Target::connect(&args)?;
    let engine = bindings::engine(&CATALOG, &target.host);
    let mut editor = DefaultEditor::new().map_err(|e| CliError::Usage(format!("cannot start the line editor: {e}")))?;
    let history = history_file();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    println!(
        "ionosh {} — Rhai shell for the IONOS Cloud API ({}). :help lists functions, :quit leaves.",
        env!("CARGO_PKG_VERSION"),
        target.host.client().api_url()
    );
    let mut session = Session { scope: Scope::new(), functions: AST::empty() };
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() { "ionosh> " } else { "   ...> " };
        match editor.readline(prompt) {
            Ok(line) => {
                pending.push_str(&line);
                pending.push('\n');
                if pending.trim().is_empty() {
                    pending.clear();
                    continue;
                }
                if pending.trim_start().starts_with(':') {
                    let _ = editor.add_history_entry(pending.trim());
                    let command = std::mem::take(&mut pending);
                    if !command_line(command.trim(), &target) {
                        break;
                    }
                    continue;
                }
                match engine.compile_with_scope(&session.scope, &pending) {
                    Err(error) if wants_more(error.err_type()) => continue,
                    Err(error) => eprintln!("{}", bindings::parse_error("repl", &error)),
                    Ok(ast) => session.eval(&engine, &target, ast),
                }
                let _ = editor.add_history_entry(pending.trim_end());
                pending.clear();
            }
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) => break,
            Err(error) => return Err(CliError::Usage(format!("line editor: {error}"))),
        }
    }
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = editor.save_history(path);
    }
    target.close()?;
    Ok(ExitCode::SUCCESS)
}

/// What persists between entries.
struct Session {
    scope: Scope<'static>,
    functions: AST,
}

impl Session {
    fn eval(&mut self, engine: &Engine, target: &Target, ast: AST) {
        let combined = self.functions.merge(&ast);
        let result = engine.eval_ast_with_scope::<Dynamic>(&mut self.scope, &combined);
        self.functions = combined.clone_functions_only();
        target.host.cancel().reset();
        match result {
            Ok(value) if value.is_unit() => {}
            Ok(value) => println!("{}", echo(&value)),
            Err(error) => eprintln!("{}", bindings::runtime_error("repl", &error)),
        }
    }
}

/// A result as the user wants to see it: maps and arrays as pretty JSON.
fn echo(value: &Dynamic) -> String {
    if value.is_map() || value.is_array() {
        if let Ok(json) = rhai::serde::from_dynamic::<serde_json::Value>(value) {
            return serde_json::to_string_pretty(&json).unwrap_or_else(|_| value.to_string());
        }
    }
    value.to_string()
}

/// Whether the parser stopped only because the entry is not finished yet.
fn wants_more(error: &ParseErrorType) -> bool {
    matches!(error, ParseErrorType::UnexpectedEOF | ParseErrorType::MissingToken(..))
}

/// Runs a `:command`; returns false when the REPL should end.
fn command_line(command: &str, target: &Target) -> bool {
    let mut words = command.split_whitespace();
    match (words.next(), words.next()) {
        (Some(":quit" | ":q" | ":exit"), _) => return false,
        (Some(":help"), None) => {
            for s in bindings::functions(&CATALOG) {
                println!("{}\n    {}", s.signature, s.doc);
            }
        }
        (Some(":help"), Some(name)) => match bindings::functions(&CATALOG).into_iter().find(|s| s.name == name) {
            Some(s) => println!("{}\n    {}", s.signature, s.doc),
            None => eprintln!("no function named '{name}' (:help lists them all)"),
        },
        (Some(":trace"), Some(state @ ("on" | "off"))) => target.host.client().tracer().set(state == "on"),
        _ => eprintln!("commands: :help [NAME], :trace on|off, :quit"),
    }
    true
}

fn history_file() -> Option<PathBuf> {
    dirs::state_dir().or_else(dirs::data_dir).map(|dir| dir.join("ionosh").join("history"))
}
