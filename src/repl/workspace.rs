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
            Ok(value) if value.is_unit() || !echo => {}
            Ok(value) => self.show(&echo::echo(&value, self.colour)),
            Err(error) => {
                self.failed = true;
                eprintln!("{}", engine::runtime_error(source, &error));
            }
        }
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
