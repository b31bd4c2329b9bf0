//! The interactive shell: one scope across entries (variables and functions persist),
//! multi-line entries while the parser wants more, Tab completion and signature hints,
//! `:commands`, and history kept between sessions.

mod commands;
mod echo;
pub mod help;
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
use crate::private_files;
use crate::provider;
use crate::secrets;
use crate::session::{self, FileArgs, LimitArgs, Session, SessionError, TargetArgs};
use helper::ReplHelper;
use workspace::Workspace;

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
    let session = Session::connect(&args.target, provider::ALL, files)?;
    args.limits.apply();
    let code = session::on_script_thread(|| interact(&session))??;
    session.close()?;
    Ok(code)
}

/// Reads, evaluates and prints entries until `:quit` or Ctrl-D. With piped input the exit
/// code is 1 when an entry failed.
fn interact(session: &Session) -> Result<ExitCode, SessionError> {
    let mut engine = engine::engine(session.providers, &session.host);
    let colour = echo::colour_wanted();
    let mut editor = line_editor(session, colour)?;
    // Only what is typed is history: piped input is a script, not entries to recall.
    let history = history_file().filter(|_| std::io::stdin().is_terminal());
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    banner(session);
    let near = std::env::current_dir().ok();
    let modules = Modules::near(near.as_deref(), engine::stdlib(session.providers));
    let mut workspace = Workspace::new(&mut engine, modules, colour);
    let mut pending = String::new();
    loop {
        let prompt = if pending.is_empty() { "ionosh> " } else { "   ...> " };
        match editor.readline(prompt) {
            Ok(line) => {
                pending.push_str(&line);
                pending.push('\n');
                let mut repl = Repl { engine: &mut engine, workspace: &mut workspace, editor: &mut editor, session };
                match repl.take(&mut pending, line.trim().is_empty()) {
                    AfterEntry::Read => {}
                    AfterEntry::Quit => break,
                    AfterEntry::Exit(code) => return Ok(ExitCode::from(code)),
                }
            }
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) => {
                // Input ended inside an entry (piped, or Ctrl-D): it is finished as it stands.
                if !pending.trim().is_empty() {
                    evaluate(&mut engine, &mut workspace, session, &pending);
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
    Ok(if piped && workspace.failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The line editor, with completion and hints.
fn line_editor(session: &Session, colour: bool) -> Result<Editor<ReplHelper, DefaultHistory>, SessionError> {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .max_history_size(history_size())
        .map_err(|e| SessionError::Usage(format!("IONOSH_HISTORY_SIZE: {e}")))?
        .build();
    let mut editor: Editor<ReplHelper, DefaultHistory> =
        Editor::with_config(config).map_err(|e| SessionError::Usage(format!("cannot start the line editor: {e}")))?;
    editor.set_helper(Some(ReplHelper::new(session.providers, colour)));
    Ok(editor)
}

/// Says what the shell talks to. The banner is not data: stderr, so piped output holds only
/// the entries' values.
fn banner(session: &Session) {
    let main = session.host.connections().filter(|(p, _)| p.part_of.is_none());
    let apis: Vec<String> = main.map(|(_, client)| client.api_url().to_string()).collect();
    let titles: Vec<String> = session
        .providers
        .iter()
        .filter(|p| p.part_of.is_none())
        .map(|p| {
            let parts: Vec<String> = session
                .providers
                .iter()
                .filter(|q| q.part_of == Some(p.name))
                .map(|q| format!("{}::", q.name))
                .collect();
            if parts.is_empty() {
                p.title.to_string()
            } else {
                format!("{} (with {})", p.title, parts.join(", "))
            }
        })
        .collect();
    eprintln!(
        "ionosh {} — Rhai shell for {} ({}). :help lists functions, :quit leaves.",
        env!("CARGO_PKG_VERSION"),
        titles.join(" and "),
        apis.join(", ")
    );
}

/// What comes after an entry line.
enum AfterEntry {
    /// Reading goes on.
    Read,
    /// `:quit`.
    Quit,
    /// The script asked to exit with this code.
    Exit(u8),
}

/// What an entry line works with.
struct Repl<'a> {
    engine: &'a mut rhai::Engine,
    workspace: &'a mut Workspace,
    editor: &'a mut Editor<ReplHelper, DefaultHistory>,
    session: &'a Session,
}

impl Repl<'_> {
    /// Takes the entry `pending` holds once a line was added to it: a `:command`, or code
    /// evaluated when it is complete (or `finish`ed by an empty line), kept in the history.
    fn take(&mut self, pending: &mut String, finish: bool) -> AfterEntry {
        if pending.trim().is_empty() {
            pending.clear();
            return AfterEntry::Read;
        }
        if pending.trim_start().starts_with(':') {
            let _ = self.editor.add_history_entry(secrets::mask_script_literals(pending.trim()));
            let command = std::mem::take(pending);
            if commands::run(command.trim(), self.workspace, self.engine, self.session) == commands::Next::Quit {
                return AfterEntry::Quit;
            }
        } else {
            match self.engine.compile_with_scope(&self.workspace.scope, pending.as_str()) {
                Err(error) if wants_more(error.err_type()) && !finish => return AfterEntry::Read,
                compiled => run_entry(self.engine, self.workspace, self.session, pending, compiled),
            }
            let _ = self.editor.add_history_entry(secrets::mask_script_literals(pending.trim_end()));
            pending.clear();
        }
        if let Some(helper) = self.editor.helper_mut() {
            helper.refresh(&self.workspace.scope, commands::module_functions(self.workspace, self.engine));
        }
        self.session.host.take_exit_code().map_or(AfterEntry::Read, AfterEntry::Exit)
    }
}

/// Compiles and runs one entry (see [`run_entry`]).
fn evaluate(engine: &mut rhai::Engine, workspace: &mut Workspace, session: &Session, entry: &str) {
    let compiled = engine.compile_with_scope(&workspace.scope, entry);
    run_entry(engine, workspace, session, entry, compiled);
}

/// Runs one compiled entry, echoing its value unless a trailing `;` keeps it to itself (as in
/// IPython); a syntax error is shown, and the workspace marked failed.
fn run_entry(
    engine: &mut rhai::Engine,
    workspace: &mut Workspace,
    session: &Session,
    entry: &str,
    compiled: Result<rhai::AST, rhai::ParseError>,
) {
    match compiled {
        Err(error) => {
            workspace.failed = true;
            eprintln!("{}", engine::parse_error("repl", entry, &error));
        }
        Ok(ast) => workspace.eval(engine, session, ast, "repl", !entry.trim_end().ends_with(';')),
    }
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

/// Adds this session's entries to the history file, readable by its owner only (entries
/// already have secret values masked): appended to what is there, so REPLs open at the same
/// time each keep theirs, and the file cut to the newest [`history_size`] entries.
fn save_history(editor: &mut Editor<ReplHelper, DefaultHistory>, path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = private_files::create_dir(dir);
    }
    if private_files::create_file(path).is_ok() && editor.append_history(path).is_ok() {
        let _ = private_files::restrict(path);
    }
}

/// How many entries the history keeps: `IONOSH_HISTORY_SIZE`, else 10,000.
fn history_size() -> usize {
    std::env::var("IONOSH_HISTORY_SIZE").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(10_000)
}

fn history_file() -> Option<PathBuf> {
    dirs::state_dir().or_else(dirs::data_dir).map(|dir| dir.join("ionosh").join("history"))
}

/// Asks on the terminal whether an entry may reach a file the session does not allow; only
/// an answer of yes allows it, for the rest of the workspace.
fn ask_on_terminal(path: &Path, what: FileUse, why: &str) -> bool {
    eprint!(
        "ionosh: the entry wants to {} {}, which {why}. Allow it for this session? [y/N] ",
        what.verb(),
        crate::printable::escape(&path.display().to_string())
    );
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok() && matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
}
