//! `ionosh run SCRIPT [-- key=value ...]`: run a script, and when it fails, list what it
//! created so nothing is left behind unnoticed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use clap::{Args, ValueEnum};
use rhai::{Dynamic, Map, Scope};

use super::{read_script, CliError};
use crate::client::{Cancel, Progress, Ticket};
use crate::engine::modules::Modules;
use crate::engine::{self, Host};
use crate::provider::{self, Provider};
use crate::session::{self, LimitArgs, Target, TargetArgs};

/// Arguments of `ionosh run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The script to run.
    pub script: PathBuf,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Stop the script after this many seconds (its waits and calls too) and exit with 124.
    #[arg(long, value_name = "SECONDS", value_parser = timeout_seconds)]
    pub timeout: Option<f64>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// `json` prints the script's final value as JSON on stdout, for piping into jq.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
    /// key=value pairs, visible to the script as the map ARGS (values are strings).
    #[arg(last = true, value_name = "KEY=VALUE")]
    pub args: Vec<String>,
}

/// What `ionosh run` prints besides the script's own output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Nothing: the script prints what it wants.
    Text,
    /// The script's final value, as pretty JSON.
    Json,
}

/// Runs a script; exit code 0 on success, 1 when the script fails, 130 when interrupted,
/// 124 when its time limit passed.
pub fn run(args: RunArgs) -> Result<ExitCode, CliError> {
    let file = args.script.display().to_string();
    let text = read_script(&args.script)?;
    let script_args = parse_args(&args.args)?;
    let mut ast = match engine::bare_engine().compile(&text) {
        Ok(ast) => ast,
        Err(error) => {
            eprintln!("{}", engine::parse_error(&file, &error));
            return Ok(ExitCode::FAILURE);
        }
    };
    // The script's own path, so that an import never resolves to the script itself.
    ast.set_source(file.as_str());
    let target = Target::connect(&args.target, provider::ALL)?;
    args.limits.apply();
    let deadline = args.timeout.map(|seconds| Deadline::start(Duration::from_secs_f64(seconds), target.host.cancel()));
    let code = session::on_script_thread(|| evaluate(&args, &file, &ast, script_args, &target))?;
    let timed_out = deadline.is_some_and(Deadline::passed);
    target.close()?;
    Ok(if timed_out { ExitCode::from(124) } else { code })
}

/// Runs the compiled script against the target and reports its outcome.
fn evaluate(args: &RunArgs, file: &str, ast: &rhai::AST, script_args: Map, target: &Target) -> ExitCode {
    let mut engine = engine::engine(target.providers, &target.host);
    let script_dir = args.script.parent().map(|dir| if dir.as_os_str().is_empty() { Path::new(".") } else { dir });
    engine.set_module_resolver(Modules::near(script_dir, engine::stdlib(target.providers)));
    let mut scope = Scope::new();
    scope.push_constant("ARGS", script_args);
    let outcome = engine.eval_ast_with_scope::<Dynamic>(&mut scope, ast);
    match outcome {
        Ok(value) if args.output == Output::Json => match engine::convert::to_json(&value) {
            Ok(json) => {
                crate::stdout::line(&format!("{json:#}"));
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{file}: the final value cannot be shown as JSON: {}", engine::error_message(&error));
                ExitCode::FAILURE
            }
        },
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            let interrupted = target.host.cancel().is_cancelled();
            eprintln!("{}", engine::runtime_error(file, &error));
            report_leftovers(&target.host);
            if interrupted {
                ExitCode::from(130)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// The run's time limit: when it passes, the script is stopped as by Ctrl-C (its waits and
/// calls end at once), and the run exits with 124.
struct Deadline {
    passed: Arc<AtomicBool>,
    /// Dropped when the run ends, which lets the watching thread go.
    _done: mpsc::Sender<()>,
}

impl Deadline {
    fn start(after: Duration, cancel: &Cancel) -> Deadline {
        let (done, ended) = mpsc::channel::<()>();
        let passed = Arc::new(AtomicBool::new(false));
        let (flag, cancel) = (Arc::clone(&passed), cancel.clone());
        std::thread::spawn(move || {
            if ended.recv_timeout(after) == Err(mpsc::RecvTimeoutError::Timeout) {
                flag.store(true, Ordering::SeqCst);
                cancel.expire();
            }
        });
        Deadline { passed, _done: done }
    }

    fn passed(self) -> bool {
        self.passed.load(Ordering::SeqCst)
    }
}

/// A `--timeout`: seconds, more than 0 and at most a year.
fn timeout_seconds(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= 365.0 * 24.0 * 3600.0 => Ok(seconds),
        _ => Err(format!("'{text}' is not a number of seconds from 0 (excluded) to 31536000")),
    }
}

/// `key=value` pairs as a map.
fn parse_args(pairs: &[String]) -> Result<Map, CliError> {
    pairs
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) if !key.is_empty() => Ok((key.into(), value.into())),
            _ => Err(CliError::Usage(format!("script argument '{pair}' is not of the form key=value"))),
        })
        .collect()
}

/// Lists the resources the run created and did not delete, with their request's state, and
/// the run's other requests that are still running.
fn report_leftovers(host: &Host) {
    let created = host.created();
    let creating: Vec<&str> = created.iter().filter_map(|c| c.request_id.as_deref()).collect();
    let others: Vec<_> = host.sent().into_iter().filter(|s| !creating.contains(&s.request_id.as_str())).collect();
    if created.is_empty() && others.is_empty() {
        return;
    }
    host.cancel().reset();
    let ask = |provider: &Provider, id: &str| match host.client(provider) {
        Some(client) => host.block_on(client.progress(&Ticket { id: id.to_string(), url: None })),
        None => Ok(Progress::Pending("unknown".into())),
    };
    let state = |provider: &Provider, id: &str| match host.outcome(id).map_or_else(|| ask(provider, id), Ok) {
        Ok(Progress::Done) => "DONE".to_string(),
        Ok(Progress::Failed(message)) => format!("FAILED: {message}"),
        Ok(Progress::Pending(state)) => state,
        Err(error) => format!("unknown ({error})"),
    };
    if !created.is_empty() {
        eprintln!("This run created {} resource(s) that may still exist:", created.len());
        for c in &created {
            let name = if c.name.is_empty() { String::new() } else { format!(" \"{}\"", c.name) };
            let (request, status) = match &c.request_id {
                Some(id) => (id.as_str(), state(c.provider, id)),
                None => ("-", "unknown".to_string()),
            };
            let line = format!("  {} {}{name}  request {request}: {status}", c.kind, c.id);
            eprintln!("{}", crate::printable::escape_line(&line));
        }
    }
    let running: Vec<(String, String)> = others
        .iter()
        .map(|s| (format!("{} {}  request {}", s.method, s.path, s.request_id), state(s.provider, &s.request_id)))
        .filter(|(_, status)| status != "DONE" && !status.starts_with("FAILED"))
        .collect();
    if !running.is_empty() {
        eprintln!("Requests of this run still running:");
        for (what, status) in running {
            eprintln!("{}", crate::printable::escape_line(&format!("  {what}: {status}")));
        }
    }
}
