//! The command line: `run`, `repl`, `check`, `functions`, `stdlib`, `defs`, `whoami`,
//! `completions` and `sim`.

mod defs;
mod examples;
mod run;
mod sim;
mod stdlib;
mod whoami;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::engine;
use crate::provider;
use crate::session::SessionError;

/// ionosh: script the IONOS Cloud API in Rhai, against the real API or the built-in emulator.
#[derive(Debug, Parser)]
#[command(name = "ionosh", version, about, long_about = None,
          after_help = "`ionosh -e CODE [flags]` is short for `ionosh run -e CODE [flags]`.")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a .rhai script; `-- key=value ...` become the map ARGS.
    Run(run::RunArgs),
    /// Explore interactively: one scope across entries, history kept.
    Repl(crate::repl::ReplArgs),
    /// Check a script without running it: syntax, undefined variables, unknown functions and
    /// modules, wrong argument counts, literal constructor and option maps; and list the files
    /// it and the modules it imports read and write, and whether a run may.
    Check {
        /// The script to check.
        script: PathBuf,
        /// The files a run would allow, as `run` takes them.
        #[command(flatten)]
        files: crate::session::FileArgs,
    },
    /// List every function a script can call, with its signature and doc line; or one in
    /// detail (arguments, fields, an example), or those whose names start with a prefix
    Functions {
        /// A function (`create_server`, `nf::create_endpoint`) or a prefix (`nf`, `list_`)
        name: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write Rhai definition files (ionosh.d.rhai) so editors with Rhai support complete
    /// every function and constructor, with its doc.
    Defs {
        /// The directory to write into (created if missing).
        dir: PathBuf,
    },
    /// The bundled example scripts: list them, show one, or copy one into a directory.
    Examples {
        /// What to do (list by default).
        #[command(subcommand)]
        action: Option<examples::Action>,
    },
    /// List the importable modules (the embedded stdlib and those in IONOSH_PATH) and their
    /// functions with their doc comments.
    Stdlib,
    /// Tell which API and credentials a run would use, where each came from, and whether the
    /// API accepts them (never a secret).
    Whoami(whoami::WhoamiArgs),
    /// Print shell completions for ionosh's commands and flags.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Run the emulator of every provider's API in the foreground until Ctrl-C.
    Sim(sim::SimArgs),
}

impl Command {
    /// Whether the command only prints (no network, no emulator): one that may simply be
    /// killed by SIGPIPE when its reader goes away.
    fn only_prints(&self) -> bool {
        matches!(
            self,
            Command::Check { .. }
                | Command::Functions { .. }
                | Command::Defs { .. }
                | Command::Stdlib
                | Command::Examples { .. }
                | Command::Completions { .. }
        )
    }
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`ionosh functions | head`) would
/// panic; like other command-line tools, end quietly instead. Only for commands that merely
/// print: where the network or the emulator is involved, a peer hanging up would kill the
/// process ([`crate::stdout`] ends those quietly instead).
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: resetting a signal's disposition to its default at start-up, before any thread
    // exists, has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// An error that ends a command, worded for the user.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The command line or environment does not say enough to go on.
    #[error("{0}")]
    Usage(String),
    /// The session could not start or stop.
    #[error("{0}")]
    Session(#[from] SessionError),
    /// The emulator could not start or stop.
    #[error("emulator: {0}")]
    Sim(#[from] crate::sim::SimError),
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse_from(eval_shorthand(std::env::args_os().collect()));
    if cli.command.only_prints() {
        restore_default_sigpipe();
    }
    let result = match cli.command {
        Command::Run(args) => run::run(args),
        Command::Examples { action } => examples::run(action),
        Command::Repl(args) => crate::repl::run(args).map_err(CliError::from),
        Command::Check { script, files } => check(&script, &files),
        Command::Functions { name: Some(name), .. } => function(&name),
        Command::Functions { name: None, json } => functions(json),
        Command::Defs { dir } => defs::run(&dir),
        Command::Stdlib => stdlib::run(),
        Command::Whoami(args) => whoami::run(&args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "ionosh", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Sim(args) => sim::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("ionosh: {error}");
            ExitCode::from(2)
        }
    }
}

/// `ionosh -e CODE ...` as `ionosh run -e CODE ...`.
fn eval_shorthand(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let first = args.get(1).and_then(|a| a.to_str());
    if first.is_some_and(|a| a == "-e" || a == "--eval" || a.starts_with("--eval=")) {
        args.insert(1, "run".into());
    }
    args
}

/// Reads a script file.
fn read_script(path: &PathBuf) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Io { path: path.clone(), source })
}

/// `ionosh check`: syntax, then every finding of [`engine::lint`], each as `file:line:col:
/// message`, and the files the script touches (on stdout); exit code 1 when there is any
/// finding.
fn check(script: &PathBuf, files: &crate::session::FileArgs) -> Result<ExitCode, CliError> {
    let text = engine::without_shebang(read_script(script)?);
    let file = script.display().to_string();
    let dir = script.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let modules = engine::modules::Modules::near(Some(dir), engine::stdlib(provider::ALL));
    if let Ok(calls) = engine::lint::file_calls(&text, &modules) {
        let access = files.access(Some(dir), provider::ALL)?;
        for call in calls {
            crate::stdout::line(&crate::printable::escape(&file_call_line(&file, &call, &access)));
        }
    }
    match engine::lint::check(provider::ALL, &text, &modules) {
        Ok(findings) if findings.is_empty() => {
            crate::stdout::line(&format!("{file}: ok"));
            Ok(ExitCode::SUCCESS)
        }
        Ok(findings) => {
            for finding in &findings {
                let at = match (finding.position.line(), finding.position.position()) {
                    (Some(line), Some(col)) => format!("{file}:{line}:{col}"),
                    (Some(line), None) => format!("{file}:{line}"),
                    _ => file.clone(),
                };
                eprintln!("{}", crate::printable::escape(&format!("{at}: {}", finding.message)));
            }
            eprintln!("{file}: {} problem(s) found", findings.len());
            Ok(ExitCode::FAILURE)
        }
        Err(error) => {
            eprintln!("{}", engine::parse_error(&file, &text, &error));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// One file a script touches, as `check` lists it: where, what, and whether a run may.
fn file_call_line(file: &str, call: &engine::lint::FileCall, access: &engine::file_access::FileAccess) -> String {
    let place = call.module.as_deref().unwrap_or(file);
    let at = match (call.position.line(), call.position.position()) {
        (Some(line), Some(col)) => format!("{place}:{line}:{col}"),
        _ => place.to_string(),
    };
    let verb = match call.what {
        engine::file_access::FileUse::Read => "reads",
        engine::file_access::FileUse::Write => "writes",
    };
    match &call.path {
        None => format!("{at}: {verb} a file named when it runs (checked then)"),
        Some(path) => match access.check(std::path::Path::new(path), call.what) {
            Ok(_) => format!("{at}: {verb} {path:?}: allowed"),
            Err(why) => format!("{at}: {verb} {path:?}: refused: {why}"),
        },
    }
}

/// `ionosh functions NAME`: what the REPL's `:help NAME` prints.
fn function(name: &str) -> Result<ExitCode, CliError> {
    let all = engine::functions(provider::ALL);
    match crate::repl::help::named(&all, name, provider::ALL) {
        Some(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let hint = crate::suggest::did_you_mean(name, all.iter().map(|s| s.name.as_str()));
            Err(CliError::Usage(format!("no function named '{name}'{hint} (ionosh functions lists them all)")))
        }
    }
}

fn functions(json: bool) -> Result<ExitCode, CliError> {
    let all = engine::functions(provider::ALL);
    if json {
        let text = serde_json::to_string_pretty(&all).map_err(|e| CliError::Usage(e.to_string()))?;
        println!("{text}");
    } else {
        // A provider's functions that are global too are listed once, by their plain names.
        let global: std::collections::BTreeSet<&str> = all.iter().map(|s| s.name.as_str()).collect();
        let twice =
            |s: &&crate::catalog::Signature| s.name.split_once("::").is_some_and(|(_, plain)| global.contains(plain));
        let shown: Vec<_> = all.iter().filter(|s| !twice(s)).collect();
        let width = shown.iter().map(|s| s.signature.len()).max().unwrap_or(0).min(72);
        for s in &shown {
            println!("{:width$}  {}", s.signature, s.doc);
        }
        for provider in provider::ALL.iter().filter(|p| p.global) {
            eprintln!("({}'s functions, listed by their plain names, are {}::NAME too)", provider.title, provider.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}
