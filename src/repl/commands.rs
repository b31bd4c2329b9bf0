//! The REPL's `:commands`: help, variables, loading a script, the rest of a long output,
//! tracing, leaving.

use rhai::Engine;

use super::{help, Workspace};
use crate::engine;
use crate::session::Session;

/// What the REPL does after a command.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Read the next entry.
    Continue,
    /// Leave the REPL.
    Quit,
}

/// Every command with its argument, for completion and the usage line.
pub const COMMANDS: [&str; 7] = [":help", ":vars", ":load", ":more", ":trace", ":quit", ":exit"];

/// Runs one `:command` line.
pub fn run(line: &str, workspace: &mut Workspace, engine: &mut Engine, session: &Session) -> Next {
    let (command, argument) = match line.split_once(char::is_whitespace) {
        Some((command, rest)) => (command, rest.trim()),
        None => (line, ""),
    };
    match (command, argument) {
        (":quit" | ":q" | ":exit", _) => return Next::Quit,
        (":help" | ":h", "") => {
            crate::stdout::line(&help::overview(&engine::functions(session.providers), session.providers))
        }
        (":help" | ":h", name) => help_on(name, workspace, engine, session),
        (":vars", "") => vars(workspace),
        (":more", "") => match &workspace.last_output {
            Some(text) => crate::stdout::line(text),
            None => eprintln!("nothing was cut short"),
        },
        (":load", "") => eprintln!("usage: :load FILE"),
        (":load", file) => load(file, workspace, engine, session),
        (":trace", state @ ("on" | "off")) => {
            session.host.connections().for_each(|(_, client)| client.tracer().set(state == "on"))
        }
        _ => eprintln!("commands: :help [NAME], :vars, :load FILE, :more, :trace on|off, :quit"),
    }
    Next::Continue
}

/// `:help NAME`: an ionosh function (plain or namespaced), or a function of an imported
/// module (`images::find_one`) with its doc comment.
fn help_on(name: &str, workspace: &Workspace, engine: &Engine, session: &Session) {
    let all = engine::functions(session.providers);
    if let Some(signature) = all.iter().find(|s| s.name == name) {
        crate::stdout::write(&help::function(signature, session.providers));
        return;
    }
    if let Some((alias, function)) = name.split_once("::") {
        if let Some((_, module)) = workspace.imports.iter().find(|(a, _)| a == alias) {
            if let Some(found) = workspace.modules.find(module) {
                if let Ok((_, functions)) = engine::modules::describe(engine, &found) {
                    let wanted = format!("{function}(");
                    if let Some(doc) = functions.iter().find(|f| f.signature.starts_with(&wanted)) {
                        let mut text = format!("{alias}::{}  (module {module}, {})\n", doc.signature, found.origin);
                        for line in &doc.doc {
                            text.push_str(&format!("  {line}\n"));
                        }
                        crate::stdout::write(&text);
                        return;
                    }
                }
            }
        }
    }
    if let Some(listing) = help::prefixed(&all, name) {
        crate::stdout::write(&listing);
        return;
    }
    let mut names: Vec<String> = all.iter().map(|s| s.name.clone()).collect();
    names.extend(module_functions(workspace, engine));
    let hint = crate::suggest::did_you_mean(name, names.iter().map(String::as_str));
    eprintln!("no function named '{name}'{hint} (:help lists them all)")
}

/// The functions of the modules the workspace imported, as `alias::name`.
pub fn module_functions(workspace: &Workspace, engine: &Engine) -> Vec<String> {
    let mut names = Vec::new();
    for (alias, module) in &workspace.imports {
        let Some(found) = workspace.modules.find(module) else { continue };
        let Ok((_, functions)) = engine::modules::describe(engine, &found) else { continue };
        for function in functions {
            let name = function.signature.split('(').next().unwrap_or_default();
            names.push(format!("{alias}::{name}"));
        }
    }
    names
}

/// Lists the variables in scope (the latest of each name) with their type and a one-line
/// preview of their value.
fn vars(workspace: &Workspace) {
    if workspace.scope.is_empty() {
        crate::stdout::line("no variables yet");
        return;
    }
    // Newest first: the first of each name is the one in use.
    let mut latest: Vec<(&str, bool, &rhai::Dynamic)> = Vec::new();
    for (name, constant, value) in workspace.scope.iter_raw() {
        if !latest.iter().any(|(n, ..)| *n == name) {
            latest.push((name, constant, value));
        }
    }
    latest.reverse();
    let width = latest.iter().map(|(name, ..)| name.len()).max().unwrap_or(0);
    for (name, constant, value) in latest {
        let mut preview: String = value.to_string().split_whitespace().collect::<Vec<_>>().join(" ");
        if preview.chars().count() > 60 {
            preview = preview.chars().take(59).chain(['…']).collect();
        }
        let kind = if constant { "const " } else { "" };
        crate::stdout::line(&format!("{name:width$}  {kind}{}  {preview}", value.type_name()));
    }
}

/// Runs a script file into the workspace, as if its text had been typed.
fn load(file: &str, workspace: &mut Workspace, engine: &mut Engine, session: &Session) {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => engine::without_shebang(text),
        Err(error) => {
            eprintln!("{file}: {error}");
            return;
        }
    };
    match engine.compile_with_scope(&workspace.scope, &text) {
        Ok(ast) => workspace.eval(engine, session, ast, file, true),
        Err(error) => eprintln!("{}", engine::parse_error(file, &text, &error)),
    }
}
