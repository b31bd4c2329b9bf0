//! `ionosh run SCRIPT [-- key=value ...]`: run a script, and when it fails, list what it
//! created so nothing is left behind unnoticed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use rhai::{Dynamic, Map, Scope};

use super::{read_script, CliError};
use crate::client::{Progress, Ticket};
use crate::engine::modules::Modules;
use crate::engine::{self, Host};
use crate::provider::{self, Provider};
use crate::session::{Target, TargetArgs};

/// Arguments of `ionosh run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The script to run.
    pub script: PathBuf,
    #[command(flatten)]
    pub target: TargetArgs,
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

/// Runs a script; exit code 0 on success, 1 when the script fails, 130 when interrupted.
pub fn run(args: RunArgs) -> Result<ExitCode, CliError> {
    let file = args.script.display().to_string();
    let text = read_script(&args.script)?;
    let script_args = parse_args(&args.args)?;
    let ast = match engine::bare_engine().compile(&text) {
        Ok(ast) => ast,
        Err(error) => {
            eprintln!("{}", engine::parse_error(&file, &error));
            return Ok(ExitCode::FAILURE);
        }
    };
    let target = Target::connect(&args.target, provider::ALL)?;
    let mut engine = engine::engine(target.providers, &target.host);
    let script_dir = args.script.parent().map(|dir| if dir.as_os_str().is_empty() { Path::new(".") } else { dir });
    engine.set_module_resolver(Modules::near(script_dir, engine::stdlib(target.providers)));
    let mut scope = Scope::new();
    scope.push_constant("ARGS", script_args);
    let outcome = engine.eval_ast_with_scope::<Dynamic>(&mut scope, &ast);
    let code = match outcome {
        Ok(value) if args.output == Output::Json => match rhai::serde::from_dynamic::<serde_json::Value>(&value) {
            Ok(json) => {
                crate::stdout::line(&format!("{json:#}"));
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{file}: the final value cannot be shown as JSON: {error}");
                ExitCode::FAILURE
            }
        },
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            let interrupted = target.host.cancel().is_cancelled();
            eprintln!("{}", engine::runtime_error(&file, &error));
            report_leftovers(&target.host);
            if interrupted {
                ExitCode::from(130)
            } else {
                ExitCode::FAILURE
            }
        }
    };
    target.close()?;
    Ok(code)
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
            eprintln!("  {} {}{name}  request {request}: {status}", c.kind, c.id);
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
            eprintln!("  {what}: {status}");
        }
    }
}
