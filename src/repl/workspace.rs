//! What persists between REPL entries: the scope, the functions defined, the modules
//! imported (kept for later entries under their alias), the last long output, and whether an
//! entry failed.

use std::io::IsTerminal;
use std::sync::Arc;

use rhai::module_resolvers::ModuleResolver;
use rhai::{Dynamic, Engine, Scope, Stmt, AST};

use super::echo;
use crate::engine;
use crate::engine::modules::{Modules, SharedModules};
use crate::session::Session;

/// The REPL's state across entries.
pub struct Workspace {
    /// Variables and constants defined so far.
    pub scope: Scope<'static>,
    /// Functions defined so far.
    functions: AST,
    /// Whether echoes are coloured.
    colour: bool,
    /// The module resolver the engine uses too.
    pub modules: Arc<Modules>,
    /// Imported modules: alias and module name, in import order.
    pub imports: Vec<(String, String)>,
    /// The whole text of the last echo that was cut short.
    pub last_output: Option<String>,
    /// Whether any entry failed (the exit code when input is piped).
    pub failed: bool,
}

impl Workspace {
    /// A fresh workspace whose imports resolve through `modules` (the engine's resolver too).
    pub fn new(engine: &mut Engine, modules: Modules, colour: bool) -> Self {
        let modules = Arc::new(modules);
        engine.set_module_resolver(SharedModules(Arc::clone(&modules)));
        Workspace {
            scope: Scope::new(),
            functions: AST::empty(),
            colour,
            modules,
            imports: Vec::new(),
            last_output: None,
            failed: false,
        }
    }

    /// Runs one compiled entry (or loaded file, named `source` in errors) in the workspace's
    /// scope, keeps the functions it defines and the modules it imports, and echoes its value
    /// unless `echo` is false (an entry ending with `;`).
    pub fn eval(&mut self, engine: &mut Engine, session: &Session, ast: AST, source: &str, echo: bool) {
        session.host.cancel().reset();
        let combined = self.functions.merge(&ast);
        let result = engine.eval_ast_with_scope::<Dynamic>(&mut self.scope, &combined);
        self.functions = combined.clone_functions_only();
        session.host.cancel().reset();
        if result.is_ok() {
            self.keep_imports(engine, &ast);
        }
        match result {
            Ok(value) if value.is_unit() && echo => {
                if let Some(missing) = self.missing_key(engine, &ast) {
                    eprintln!("{missing}");
                }
            }
            Ok(value) if value.is_unit() || !echo => {}
            Ok(value) => self.show(&echo::echo(&value, self.colour)),
            Err(error) => {
                self.failed = true;
                let shown = engine::runtime_error(source, &error);
                eprintln!("{}", self.explained(engine, &ast, shown));
            }
        }
    }

    /// Why an entry that reads a map's key (`dc.properties.nmae`) gave nothing: the key is not
    /// in the map, and which it has. Only a path of names (no calls, so nothing runs twice)
    /// is looked at again.
    fn missing_key(&mut self, engine: &Engine, ast: &AST) -> Option<String> {
        let (parent, key) = access_path(ast)?;
        self.not_a_key(engine, &parent, &key)
    }

    /// A runtime error, with what a property read on nothing (`dc.propertys.name`) means in
    /// the script's words: the key before it is missing.
    fn explained(&mut self, engine: &Engine, ast: &AST, shown: String) -> String {
        if !shown.contains("a getter is not registered for type '()'") {
            return shown;
        }
        let missing = access_path(ast).and_then(|(parent, _)| {
            let (grand, key) = parent.rsplit_once('.')?;
            self.not_a_key(engine, grand, key)
        });
        match missing {
            Some(missing) => format!("{shown}: {missing}"),
            None => shown,
        }
    }

    /// `'key' is not a key of parent; did you mean …? (it has: …)` when `parent` (a path of
    /// names) is a map without `key`.
    fn not_a_key(&mut self, engine: &Engine, parent: &str, key: &str) -> Option<String> {
        let value = engine.eval_with_scope::<Dynamic>(&mut self.scope, parent).ok()?;
        let map = value.read_lock::<rhai::Map>()?;
        if map.contains_key(key) {
            return None;
        }
        let keys: Vec<&str> = map.keys().map(|k| k.as_str()).collect();
        let hint = crate::suggest::did_you_mean(key, keys.iter().copied());
        Some(format!("'{key}' is not a key of {parent}{hint} (it has: {})", keys.join(", ")))
    }

    /// Registers the modules an entry imported at its top level under their aliases, so the
    /// next entries can call `alias::function`.
    fn keep_imports(&mut self, engine: &mut Engine, ast: &AST) {
        for statement in ast.statements() {
            let Stmt::Import(import, position) = statement else { continue };
            let (path, alias) = (&import.0, import.1.as_str());
            let Some(name) = path.get_literal_value(None).and_then(|v| v.into_string().ok()) else { continue };
            if alias.is_empty() {
                continue;
            }
            if let Ok(module) = SharedModules(Arc::clone(&self.modules)).resolve(engine, None, &name, *position) {
                engine.register_static_module(alias, module);
                self.imports.retain(|(a, _)| a != alias);
                self.imports.push((alias.to_string(), name));
            }
        }
    }

    /// Prints an echo; on a terminal, one taller than the screen is cut to fit and kept for
    /// `:more`.
    fn show(&mut self, text: &str) {
        let rows = terminal_rows();
        let lines = text.lines().count();
        match rows {
            Some(rows) if lines > rows => {
                let shown: Vec<&str> = text.lines().take(rows.saturating_sub(1).max(1)).collect();
                crate::stdout::line(&shown.join("\n"));
                eprintln!("… {} more lines (:more shows them all)", lines - shown.len());
                self.last_output = Some(text.to_string());
            }
            _ => crate::stdout::line(text),
        }
    }
}

/// How many lines an echo may take: the terminal's height less room for the prompt, or
/// `None` when stdout is not a terminal (everything is printed).
fn terminal_rows() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let (rows, _) = console::Term::stdout().size();
    Some(usize::from(rows).saturating_sub(3).max(5))
}

/// An entry that is only a path of names ending in a key (`dc.properties.name`): the path
/// before the last key, and that key.
fn access_path(ast: &AST) -> Option<(String, String)> {
    let [Stmt::Expr(expr)] = ast.statements() else { return None };
    let text = path_text(expr)?;
    let (parent, key) = text.rsplit_once('.')?;
    Some((parent.to_string(), key.to_string()))
}

/// The text of an expression made only of a variable and property reads (`a.b.c`, which
/// Rhai keeps as `a` dotted with the chain `b.c`).
fn path_text(expr: &rhai::Expr) -> Option<String> {
    match expr {
        rhai::Expr::Variable(variable, ..) => Some(variable.1.to_string()),
        rhai::Expr::Property(property, _) => Some(property.2.to_string()),
        rhai::Expr::Dot(dot, ..) => Some(format!("{}.{}", path_text(&dot.lhs)?, path_text(&dot.rhs)?)),
        _ => None,
    }
}
