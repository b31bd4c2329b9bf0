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
use crate::session::{self, FileArgs, LimitArgs, Session, TargetArgs};

/// Arguments of `ionosh run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Run this code instead of a script file: `ionosh run -e 'list_datacenters()' --output json`.
    #[arg(short = 'e', long = "eval", value_name = "CODE")]
    pub eval: Option<String>,
    /// The script (a file, or `-` for stdin; none with -e), then key=value pairs visible to
    /// the script as the map ARGS (values are strings; `--` before them is optional).
    #[arg(value_name = "SCRIPT [KEY=VALUE]", required_unless_present = "eval")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Stop the script after this many seconds (its waits and calls too) and exit with 124.
    #[arg(long, value_name = "SECONDS", value_parser = timeout_seconds)]
    pub timeout: Option<f64>,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub files: FileArgs,
    /// `json` prints the script's final value as JSON on stdout (and what the script prints
    /// on stderr), for piping into jq.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub output: Output,
}

/// Where the code of a run comes from.
#[derive(Debug)]
enum ScriptSource {
    /// A script file.
    File(PathBuf),
    /// stdin (`ionosh run -`).
    Stdin,
    /// The code given with `-e`.
    Eval(String),
}

impl ScriptSource {
    /// How errors name it: the path, `<stdin>` or `<eval>`.
    fn label(&self) -> String {
        match self {
            ScriptSource::File(path) => path.display().to_string(),
            ScriptSource::Stdin => "<stdin>".into(),
            ScriptSource::Eval(_) => "<eval>".into(),
        }
    }

    /// Its text, a `#!` first line blanked (kept as an empty line so positions stay right).
    fn text(&self) -> Result<String, CliError> {
        let text = match self {
            ScriptSource::File(path) => read_script(path)?,
            ScriptSource::Stdin => {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                    .map_err(|source| CliError::Io { path: PathBuf::from("<stdin>"), source })?;
                text
            }
            ScriptSource::Eval(code) => code.clone(),
        };
        Ok(engine::without_shebang(text))
    }

    /// The directory imports are looked up in first: the script's, else the current one.
    fn dir(&self) -> &Path {
        match self {
            ScriptSource::File(path) => match path.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir,
                _ => Path::new("."),
            },
            _ => Path::new("."),
        }
    }
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
    let (source, pairs) = match (&args.eval, args.inputs.split_first()) {
        (Some(code), _) => (ScriptSource::Eval(code.clone()), args.inputs.as_slice()),
        (None, Some((script, pairs))) if script == "-" => (ScriptSource::Stdin, pairs),
        (None, Some((script, pairs))) => (ScriptSource::File(PathBuf::from(script)), pairs),
        (None, None) => return Err(CliError::Usage("no script: give a file, `-` for stdin, or -e CODE".into())),
    };
    let file = source.label();
    let text = source.text()?;
    let script_args = parse_args(pairs)?;
    let mut ast = match engine::bare_engine().compile(&text) {
        Ok(ast) => ast,
        Err(error) => {
            eprintln!("{}", engine::parse_error(&file, &text, &error));
            return Ok(ExitCode::FAILURE);
        }
    };
    // The script's own path, so that an import never resolves to the script itself.
    ast.set_source(file.as_str());
    let script_dir = matches!(source, ScriptSource::File(_)).then(|| source.dir());
    let files = args.files.access(script_dir, provider::ALL)?;
    let session = Session::connect(&args.target, provider::ALL, files)?;
    args.limits.apply();
    let deadline = args.timeout.map(|seconds| Deadline::start(Duration::from_secs_f64(seconds), session.host.cancel()));
    let code = session::on_script_thread(|| evaluate(&args, &source, &ast, script_args, &session))?;
    let timed_out = deadline.is_some_and(Deadline::passed);
    session.close()?;
    Ok(if timed_out { ExitCode::from(124) } else { code })
}

/// Runs the compiled script against the session and reports its outcome.
fn evaluate(args: &RunArgs, source: &ScriptSource, ast: &rhai::AST, script_args: Map, session: &Session) -> ExitCode {
    let file = &source.label();
    let mut engine = engine::engine(session.providers, &session.host);
    if args.output == Output::Json {
        // stdout carries the JSON result alone; what the script prints goes to stderr.
        engine::console::print_to(&mut engine, engine::console::PrintTo::Stderr);
    }
    let modules = Modules::near(Some(source.dir()), engine::stdlib(session.providers));
    engine.set_module_resolver(modules.noting(std::sync::Arc::clone(&session.host)));
    // A run prints its script's value only as JSON.
    session.host.note_discarded(ast, args.output == Output::Json);
    let mut scope = Scope::new();
    scope.push_constant("ARGS", script_args);
    let outcome = engine.eval_ast_with_scope::<Dynamic>(&mut scope, ast);
    let code = report(args, file, outcome, session);
    if args.target.dry_run {
        // What the run would have done, whether it got to its end or not: the plan of each
        // API it would change (named when there are several), or the one empty plan.
        let plans: Vec<(&str, String, bool)> = session
            .host
            .connections()
            .filter_map(|(provider, client)| client.plan().map(|(plan, empty)| (provider.title, plan, empty)))
            .collect();
        let busy: Vec<&(&str, String, bool)> = plans.iter().filter(|(_, _, empty)| !empty).collect();
        match busy.as_slice() {
            [] => plans.first().into_iter().for_each(|(_, plan, _)| eprintln!("{plan}")),
            [(_, plan, _)] => eprintln!("{plan}"),
            several => several.iter().for_each(|(title, plan, _)| eprintln!("{plan} ({title})")),
        }
    }
    code
}

/// Prints what a run ended with (its JSON result, or its error and what it left behind) and
/// says its exit code.
fn report(
    args: &RunArgs,
    file: &str,
    outcome: Result<Dynamic, Box<rhai::EvalAltResult>>,
    session: &Session,
) -> ExitCode {
    // `exit(n)`: the script chose its exit code, and its value is not a result.
    if let Some(code) = session.host.take_exit_code() {
        return ExitCode::from(code);
    }
    match outcome {
        Ok(value) if args.output == Output::Json => match engine::convert::to_json(&value) {
            Ok(json) => {
                crate::stdout::line(&crate::printable::json_safe(format!("{json:#}")));
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{file}: the final value cannot be shown as JSON: {}", engine::error_message(&error));
                ExitCode::FAILURE
            }
        },
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            let interrupted = session.host.cancel().is_cancelled();
            eprintln!("{}", engine::runtime_error(file, &error));
            // A dry run created nothing that could be left behind.
            if !args.target.dry_run {
                report_leftovers(&session.host);
            }
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

/// `key=value` pairs as a map; a key given twice is an error, not silently overwritten.
fn parse_args(pairs: &[String]) -> Result<Map, CliError> {
    let mut args = Map::new();
    for pair in pairs {
        let (key, value) = match pair.split_once('=') {
            Some((key, value)) if !key.is_empty() => (key, value),
            _ => return Err(CliError::Usage(format!("script argument '{pair}' is not of the form key=value"))),
        };
        if args.insert(key.into(), value.into()).is_some() {
            return Err(CliError::Usage(format!("script argument '{key}' is given twice")));
        }
    }
    Ok(args)
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
