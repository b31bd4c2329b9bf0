//! The interactive shell: one scope across entries (variables and functions persist),
//! multi-line entries while the parser wants more, Tab completion and signature hints,
//! `:commands`, and history kept between sessions.

mod commands;
mod echo;
mod help;
mod helper;
mod workspace;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rhai::{LexError, ParseErrorType};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{CompletionType, Config, Editor};

use crate::engine;
use crate::engine::file_access::FileUse;
use crate::engine::modules::Modules;
use crate::private;
use crate::provider;
use crate::secrets;
use crate::session::{self, FileArgs, LimitArgs, SessionError, Target, TargetArgs};
use helper::ReplHelper;
use workspace::Session;

/// Arguments of `ionosh repl`.
#[derive(Debug, clap::Args)]
pub struct ReplArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub files: FileArgs,
}

/// Runs the REPL until `:quit` or Ctrl-D; entries are evaluated on a thread with room for
/// deep values, under the memory limit.
pub fn run(args: ReplArgs) -> Result<ExitCode, SessionError> {
    let mut files = args.files.access(None, provider::ALL)?;
    if std::io::stdin().is_terminal() {
        files = files.asking(Box::new(ask_on_terminal));
    }
    let target = Target::connect(&args.target, provider::ALL, files)?;
    args.limits.apply();
    let code = session::on_script_thread(|| interact(&target))??;
    target.close()?;
    Ok(code)
}

/// Reads, evaluates and prints entries until `:quit` or Ctrl-D. With piped input the exit
/// code is 1 when an entry failed.
fn interact(target: &Target) -> Result<ExitCode, SessionError> {
    let mut engine = engine::engine(target.providers, &target.host);
    let colour = echo::colour_wanted();
    let config = Config::builder().completion_type(CompletionType::List).auto_add_history(false).build();
    let mut editor: Editor<ReplHelper, DefaultHistory> =
        Editor::with_config(config).map_err(|e| SessionError::Usage(format!("cannot start the line editor: {e}")))?;
    editor.set_helper(Some(ReplHelper::new(target.providers, colour)));
    let history = history_file();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    let apis: Vec<String> = target.host.connections().map(|(_, client)| client.api_url().to_string()).collect();
    let titles: Vec<&str> = target.providers.iter().map(|p| p.title).collect();
    // The banner is not data: stderr, so piped output holds only the entries' values.
    eprintln!(
        "ionosh {} — Rhai shell for {} ({}). :help lists functions, :quit leaves.",
        env!("CARGO_PKG_VERSION"),
        titles.join(" and "),
        apis.join(", ")
    );
    let near = std::env::current_dir().ok();
    let modules = Modules::near(near.as_deref(), engine::stdlib(target.providers));
    let mut session = Session::new(&mut engine, modules, colour);
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() { "ionosh> " } else { "   ...> " };
        match editor.readline(prompt) {
            Ok(line) => {
                let finish = line.trim().is_empty();
                pending.push_str(&line);
                pending.push('\n');
                if pending.trim().is_empty() {
                    pending.clear();
                    continue;
                }
                if pending.trim_start().starts_with(':') {
                    let _ = editor.add_history_entry(secrets::mask_script_literals(pending.trim()));
                    let command = std::mem::take(&mut pending);
                    if commands::run(command.trim(), &mut session, &mut engine, target) == commands::Next::Quit {
                        break;
                    }
                } else {
                    match engine.compile_with_scope(&session.scope, &pending) {
                        Err(error) if wants_more(error.err_type()) && !finish => continue,
                        Err(error) => {
                            session.failed = true;
                            eprintln!("{}", engine::parse_error("repl", &pending, &error));
                        }
                        Ok(ast) => {
                            // A trailing `;` keeps the value to itself, as in IPython.
                            let echo = !pending.trim_end().ends_with(';');
                            session.eval(&mut engine, target, ast, "repl", echo);
                        }
                    }
                    let _ = editor.add_history_entry(secrets::mask_script_literals(pending.trim_end()));
                    pending.clear();
                }
                if let Some(helper) = editor.helper_mut() {
                    helper.refresh(&session.scope, commands::module_functions(&session, &engine));
                }
                if let Some(code) = target.host.take_exit_code() {
                    return Ok(ExitCode::from(code));
                }
            }
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) => {
                // Input ended inside an entry (piped, or Ctrl-D): it is finished as it stands.
                if !pending.trim().is_empty() {
                    match engine.compile_with_scope(&session.scope, &pending) {
                        Err(error) => {
                            session.failed = true;
                            eprintln!("{}", engine::parse_error("repl", &pending, &error));
                        }
                        Ok(ast) => session.eval(&mut engine, target, ast, "repl", !pending.trim_end().ends_with(';')),
                    }
                }
                break;
            }
            Err(error) => return Err(SessionError::Usage(format!("line editor: {error}"))),
        }
    }
    if let Some(path) = &history {
        save_history(&mut editor, path);
    }
    let piped = !std::io::stdin().is_terminal();
    Ok(if piped && session.failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Whether the parser stopped only because the entry is not finished yet: an open bracket,
/// an unfinished statement, or a string still open at the end of the line. An empty line
/// ends the entry anyway, so a mistake never traps the user in continuation lines.
fn wants_more(error: &ParseErrorType) -> bool {
    matches!(
        error,
        ParseErrorType::UnexpectedEOF
            | ParseErrorType::MissingToken(..)
            | ParseErrorType::BadInput(LexError::UnterminatedString)
    )
}

/// Saves the history readable by its owner only (entries already have secret literals masked).
fn save_history(editor: &mut Editor<ReplHelper, DefaultHistory>, path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = private::create_dir(dir);
    }
    if private::create_file(path).is_ok() && editor.save_history(path).is_ok() {
        let _ = private::restrict(path);
    }
}

fn history_file() -> Option<PathBuf> {
    dirs::state_dir().or_else(dirs::data_dir).map(|dir| dir.join("ionosh").join("history"))
}

/// Asks on the terminal whether an entry may reach a file the session does not allow; only
/// an answer of yes allows it, for the rest of the session.
fn ask_on_terminal(path: &Path, what: FileUse, why: &str) -> bool {
    eprint!(
        "ionosh: the entry wants to {} {}, which {why}. Allow it for this session? [y/N] ",
        what.verb(),
        crate::printable::escape(&path.display().to_string())
    );
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok() && matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
}
