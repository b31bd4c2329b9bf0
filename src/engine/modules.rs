//! `import "name" as x;`: the providers' stdlib modules embedded in the binary, and modules
//! on disk that teams share. A name is looked up next to the running script (the current directory in the
//! REPL), then in each directory of `IONOSH_PATH`, then in the embedded stdlib, so a module on
//! disk overrides the embedded one of the same name. A file never imports itself: a script
//! named like the module it imports (`ensure.rhai` importing `"ensure"`) gets the next one
//! found. Each module is evaluated once per engine; an import cycle is an error naming it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rhai::module_resolvers::ModuleResolver;
use rhai::{Engine, EvalAltResult, FnAccess, Module, Position, Scope, Shared};

type SharedModule = Shared<Module>;

/// Embedded modules: each one's name and text, as providers supply them.
pub type Stdlib = Vec<(&'static str, &'static str)>;

/// The environment variable listing extra module directories (separated like `PATH`).
pub const PATH_VARIABLE: &str = "IONOSH_PATH";

/// Where a module's text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into ionosh.
    Embedded,
    /// A file on disk.
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Embedded => f.write_str("embedded"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A module found for a name: its origin and its text.
#[derive(Debug, Clone)]
pub struct Found {
    /// The name it is imported by.
    pub name: String,
    /// Where it was found.
    pub origin: Origin,
    /// The Rhai source.
    pub text: String,
}

/// The resolver: the directories searched before the embedded stdlib, the stdlib, and the
/// modules already evaluated.
#[derive(Debug)]
pub struct Modules {
    dirs: Vec<PathBuf>,
    stdlib: Stdlib,
    /// Evaluated modules by source (file path, or `stdlib/<name>.rhai`).
    loaded: Mutex<HashMap<String, SharedModule>>,
    /// The modules being evaluated, outermost first: an import of one of them is a cycle.
    resolving: Mutex<Vec<String>>,
    /// The host told where each module throws a wait's value away.
    host: Option<std::sync::Arc<super::Host>>,
}

impl Modules {
    /// Searches `near` (the running script's directory, or the current one), then the
    /// `IONOSH_PATH` directories, then `stdlib`.
    pub fn near(near: Option<&Path>, stdlib: Stdlib) -> Self {
        let mut dirs: Vec<PathBuf> = near.map(Path::to_path_buf).into_iter().collect();
        dirs.extend(path_dirs());
        Modules { dirs, stdlib, loaded: Mutex::default(), resolving: Mutex::default(), host: None }
    }

    /// The same resolver telling `host` where each module it compiles throws a wait's value
    /// away (see [`super::Host::note_discarded`]).
    pub fn noting(self, host: std::sync::Arc<super::Host>) -> Self {
        Modules { host: Some(host), ..self }
    }

    /// The module imported as `name`, the first found in search order.
    pub fn find(&self, name: &str) -> Option<Found> {
        self.find_for(name, None)
    }

    /// The module `importer` (a file's path) gets for `name`: the first found in search
    /// order that is not the importer itself.
    fn find_for(&self, name: &str, importer: Option<&Path>) -> Option<Found> {
        let name = name.strip_suffix(".rhai").unwrap_or(name);
        for dir in &self.dirs {
            let path = dir.join(format!("{name}.rhai"));
            if importer.is_some_and(|importer| same_file(importer, &path)) {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&path) {
                return Some(Found { name: name.into(), origin: Origin::File(path), text });
            }
        }
        self.stdlib.iter().find(|(n, _)| *n == name).map(|(n, text)| Found {
            name: (*n).into(),
            origin: Origin::Embedded,
            text: (*text).into(),
        })
    }

    /// Every importable module by name: the stdlib's and those in the searched directories,
    /// each as import would resolve it.
    pub fn available(&self) -> Vec<Found> {
        let mut names: Vec<String> = self.stdlib.iter().map(|(n, _)| n.to_string()).collect();
        for dir in &self.dirs {
            let Ok(entries) = std::fs::read_dir(dir) else { continue };
            let mut more: Vec<String> = entries
                .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".rhai").map(str::to_string))
                .filter(|n| !names.contains(n))
                .collect();
            more.sort();
            names.extend(more);
        }
        names.iter().filter_map(|n| self.find(n)).collect()
    }
}

impl ModuleResolver for Modules {
    fn resolve(
        &self,
        engine: &Engine,
        importer: Option<&str>,
        name: &str,
        pos: Position,
    ) -> Result<SharedModule, Box<EvalAltResult>> {
        let usage = |message: String| {
            let mut error = super::errors::usage("import", message);
            error.set_position(pos);
            error
        };
        let found = self.find_for(name, importer.map(Path::new)).ok_or_else(|| usage(self.not_found(name)))?;
        let source = match &found.origin {
            Origin::Embedded => format!("stdlib/{}.rhai", found.name),
            Origin::File(path) => path.display().to_string(),
        };
        if let Some(module) = self.loaded.lock().unwrap_or_else(PoisonError::into_inner).get(&source) {
            return Ok(module.clone());
        }
        {
            let mut resolving = self.resolving.lock().unwrap_or_else(PoisonError::into_inner);
            if resolving.contains(&source) {
                let cycle: Vec<&str> = resolving.iter().map(String::as_str).chain([source.as_str()]).collect();
                return Err(usage(format!("import cycle: {}", cycle.join(" → "))));
            }
            resolving.push(source.clone());
        }
        let evaluated = evaluate(engine, &found.text, &source, pos, self.host.as_deref());
        self.resolving.lock().unwrap_or_else(PoisonError::into_inner).retain(|s| s != &source);
        let module = evaluated?;
        self.loaded.lock().unwrap_or_else(PoisonError::into_inner).insert(source, module.clone());
        Ok(module)
    }
}

/// One resolver shared by an engine and its owner, so the owner can load (and keep) a module
/// the engine evaluated once: the REPL keeps an entry's imports for the next entries.
#[derive(Debug, Clone)]
pub struct SharedModules(pub std::sync::Arc<Modules>);

impl ModuleResolver for SharedModules {
    fn resolve(
        &self,
        engine: &Engine,
        importer: Option<&str>,
        name: &str,
        pos: Position,
    ) -> Result<SharedModule, Box<EvalAltResult>> {
        self.0.resolve(engine, importer, name, pos)
    }
}

/// Compiles and runs a module's text (named `source` in errors) into a module; tells `host`
/// where it throws a wait's value away.
fn evaluate(
    engine: &Engine,
    text: &str,
    source: &str,
    pos: Position,
    host: Option<&super::Host>,
) -> Result<SharedModule, Box<EvalAltResult>> {
    let in_module = |error: Box<EvalAltResult>| Box::new(EvalAltResult::ErrorInModule(source.to_string(), error, pos));
    let mut ast = engine.compile(text).map_err(|e| in_module(e.into()))?;
    ast.set_source(source);
    if let Some(host) = host {
        host.note_discarded(&ast, false);
    }
    let mut module = Module::eval_ast_as_new(Scope::new(), &ast, engine).map_err(in_module)?;
    module.build_index();
    Ok(module.into())
}

/// Whether two paths name the same file (as far as the file system can tell).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

impl Modules {
    /// The error text when no module has the name: what was searched.
    fn not_found(&self, name: &str) -> String {
        let stdlib: Vec<&str> = self.stdlib.iter().map(|(n, _)| *n).collect();
        let searched: Vec<String> = self.dirs.iter().map(|d| d.display().to_string()).collect();
        format!("no module '{name}' in {} or the stdlib ({})", searched.join(", "), stdlib.join(", "))
    }
}

/// The directories listed in `IONOSH_PATH`.
fn path_dirs() -> Vec<PathBuf> {
    std::env::var_os(PATH_VARIABLE)
        .map(|v| std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect())
        .unwrap_or_default()
}

/// One exported function of a module, for `ionosh stdlib`.
#[derive(Debug, Clone)]
pub struct FunctionDoc {
    /// `name(a, b)`.
    pub signature: String,
    /// Its `///` comment, without the slashes.
    pub doc: Vec<String>,
}

/// A module's `//!` description and exported functions, in source order; a module that does
/// not compile is reported with its error.
pub fn describe(engine: &Engine, found: &Found) -> Result<(Vec<String>, Vec<FunctionDoc>), String> {
    let ast =
        engine.compile(&found.text).map_err(|e| super::parse_error(&found.origin.to_string(), &found.text, &e))?;
    let header = ast.doc().lines().map(|l| strip_comment(l, "//!")).collect();
    let at = |name: &str| found.text.find(&format!("fn {name}(")).unwrap_or(usize::MAX);
    let mut functions: Vec<(usize, FunctionDoc)> = ast
        .iter_functions()
        .filter(|f| f.access == FnAccess::Public && !f.name.starts_with("anon$"))
        .map(|f| {
            let signature = format!("{}({})", f.name, f.params.join(", "));
            let doc = f.comments.iter().flat_map(|c| c.lines()).map(|l| strip_comment(l, "///")).collect();
            (at(f.name), FunctionDoc { signature, doc })
        })
        .collect();
    functions.sort_by_key(|(at, _)| *at);
    Ok((header, functions.into_iter().map(|(_, f)| f).collect()))
}

fn strip_comment(line: &str, marker: &str) -> String {
    let line = line.trim();
    let line = line.strip_prefix(marker).unwrap_or(line);
    line.strip_prefix(' ').unwrap_or(line).trim_end().to_string()
}
