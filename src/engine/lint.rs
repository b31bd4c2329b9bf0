//! `ionosh check`: what can be known about a script without running it. Beyond syntax:
//! variables used before they are defined, functions no one defines (registered, Rhai's own,
//! the script's, or an imported module's), modules that cannot be found, API functions and
//! constructors called with a wrong number of arguments, literal constructor maps checked
//! against the resource's fields, and literal option maps against the options an API
//! function takes. Every finding is reported, each at its line and column.

use std::collections::{BTreeMap, BTreeSet};

use rhai::{ASTNode, Dynamic, Engine, Expr, FnCallExpr, Module, ParseErrorType, Position, Scope, Stmt, AST};
use serde_json::Map;

use super::file_access::FileUse;
use super::modules::Modules;
use super::{bare_engine, convert, functions};
use crate::catalog::{Access, Mode, Presence, Resource, Signature};
use crate::provider::Provider;

/// One thing wrong with a script, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Where it is.
    pub position: Position,
    /// What is wrong, worded for the user.
    pub message: String,
}

/// A call of `read_file` or `write_file` in a script or a module it imports: what
/// `ionosh check` lists, so a reader sees which files a shared recipe touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileCall {
    /// The script (`None`) or the imported module (its source) it is in.
    pub module: Option<String>,
    /// Where it is.
    pub position: Position,
    /// Whether it reads or writes.
    pub what: FileUse,
    /// The path, when the script gives it literally.
    pub path: Option<String>,
}

/// Every `read_file` and `write_file` call in `text` and in the modules it imports (found
/// through `modules`, each once), in the order of the text.
pub fn file_calls(text: &str, modules: &Modules) -> Result<Vec<FileCall>, rhai::ParseError> {
    let engine = checking_engine(crate::provider::ALL);
    let mut calls = Vec::new();
    let mut seen = BTreeSet::new();
    collect_file_calls(&engine, &engine.compile(text)?, None, modules, &mut seen, &mut calls);
    Ok(calls)
}

/// The file calls of one compiled script or module, then those of the modules it imports.
fn collect_file_calls(
    engine: &Engine,
    ast: &AST,
    module: Option<&str>,
    modules: &Modules,
    seen: &mut BTreeSet<String>,
    calls: &mut Vec<FileCall>,
) {
    let mut imported = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        match path.last() {
            Some(ASTNode::Expr(Expr::FnCall(call, position)) | ASTNode::Stmt(Stmt::FnCall(call, position)))
                if call.namespace.is_empty() =>
            {
                let what = match call.name.as_str() {
                    "read_file" => Some(FileUse::Read),
                    "write_file" => Some(FileUse::Write),
                    _ => None,
                };
                if let Some(what) = what {
                    let path = call
                        .args
                        .first()
                        .and_then(|a| a.get_literal_value(None))
                        .and_then(|v: Dynamic| v.into_string().ok());
                    calls.push(FileCall { module: module.map(str::to_string), position: *position, what, path });
                }
            }
            Some(ASTNode::Stmt(Stmt::Import(import, _))) => {
                imported.extend(import.0.get_literal_value(None).and_then(|v: Dynamic| v.into_string().ok()));
            }
            _ => {}
        }
        true
    });
    for name in imported {
        let Some(found) = modules.find(&name) else { continue };
        let label = match &found.origin {
            super::modules::Origin::Embedded => format!("stdlib/{}.rhai", found.name),
            super::modules::Origin::File(path) => path.display().to_string(),
        };
        if !seen.insert(label.clone()) {
            continue;
        }
        if let Ok(ast) = engine.compile(&found.text) {
            collect_file_calls(engine, &ast, Some(&label), modules, seen, calls);
        }
    }
}

/// Functions the language itself provides (handled by the parser, so no package lists them).
const LANGUAGE: &[&str] =
    &["print", "debug", "type_of", "Fn", "call", "curry", "is_def_var", "is_def_fn", "eval", "is_shared", "exit"];

/// Checks `text`, importing modules through `modules`. A syntax error is returned as the
/// error it is; everything else as findings, in the order of the text.
pub fn check(providers: &[&'static Provider], text: &str, modules: &Modules) -> Result<Vec<Finding>, rhai::ParseError> {
    let engine = checking_engine(providers);
    let ast = engine.compile(text)?;
    let mut findings = Vec::new();
    findings.extend(undefined_variables(text));
    let mut checker = Checker::new(providers, &engine, &ast, modules);
    ast.walk(&mut |path: &[ASTNode]| {
        if let Some(node) = path.last() {
            checker.visit(node);
        }
        true
    });
    findings.append(&mut checker.findings);
    findings.sort_by_key(|f| (f.position.line(), f.position.position()));
    findings.dedup();
    Ok(findings)
}

/// An engine that knows every function's name and the providers' namespaces, without
/// connecting to anything.
fn checking_engine(providers: &[&'static Provider]) -> Engine {
    let mut engine = bare_engine();
    // Literal maps stay maps (with their keys' positions) instead of being folded into constants.
    engine.set_optimization_level(rhai::OptimizationLevel::None);
    for provider in providers {
        engine.register_static_module(provider.name, Module::new().into());
    }
    engine
}

/// The variables used before they are defined, each at its first use. The parser stops at
/// the first one; it is then taken as defined and the text parsed again, so every one is
/// found (up to a hundred).
fn undefined_variables(text: &str) -> Vec<Finding> {
    let mut strict = checking_engine(crate::provider::ALL);
    strict.set_strict_variables(true);
    let mut scope = Scope::new();
    scope.push_constant("ARGS", rhai::Map::new());
    let mut found = Vec::new();
    while found.len() < 100 {
        let Err(error) = strict.compile_with_scope(&scope, text) else { break };
        let ParseErrorType::VariableUndefined(name) = error.err_type() else { break };
        found.push(Finding { position: error.position(), message: format!("'{name}' is used before it is defined") });
        scope.push(name.clone(), ());
    }
    found
}

/// The walk's state: what is known, and what was found.
struct Checker<'a> {
    /// ionosh's functions by name (plain and namespaced), with their forms.
    ours: BTreeMap<String, Vec<Signature>>,
    /// Every callable name: ionosh's, Rhai's, the language's and the script's own.
    known: BTreeSet<String>,
    /// Imported modules by alias: their functions, or `None` when the module was not found.
    imports: BTreeMap<String, Option<BTreeSet<String>>>,
    providers: Vec<&'static Provider>,
    modules: &'a Modules,
    engine: &'a Engine,
    findings: Vec<Finding>,
}

impl<'a> Checker<'a> {
    fn new(providers: &[&'static Provider], engine: &'a Engine, ast: &AST, modules: &'a Modules) -> Self {
        let mut ours: BTreeMap<String, Vec<Signature>> = BTreeMap::new();
        for signature in functions(providers) {
            ours.entry(signature.name.clone()).or_default().push(signature);
        }
        let mut known: BTreeSet<String> = ours.keys().cloned().collect();
        known.extend(
            engine
                .gen_fn_signatures(true)
                .iter()
                .filter_map(|s| s.split_once('(').map(|(name, _)| name.trim().to_string())),
        );
        known.extend(LANGUAGE.iter().map(|s| s.to_string()));
        known.extend(ast.iter_functions().map(|f| f.name.to_string()));
        Checker {
            ours,
            known,
            imports: BTreeMap::new(),
            providers: providers.to_vec(),
            modules,
            engine,
            findings: Vec::new(),
        }
    }

    fn found(&mut self, position: Position, message: String) {
        self.findings.push(Finding { position, message });
    }

    fn visit(&mut self, node: &ASTNode) {
        match node {
            ASTNode::Stmt(Stmt::Import(import, position)) => self.import(&import.0, import.1.as_str(), *position),
            ASTNode::Expr(Expr::FnCall(call, position)) | ASTNode::Stmt(Stmt::FnCall(call, position))
                if !call.is_operator_call() =>
            {
                self.call(call, *position, false)
            }
            ASTNode::Expr(Expr::MethodCall(call, position)) => self.call(call, *position, true),
            _ => {}
        }
    }

    /// `import "name" as alias`: the module must exist; its functions become known.
    fn import(&mut self, path: &Expr, alias: &str, position: Position) {
        let Some(name) = path.get_literal_value(None).and_then(|v| v.into_string().ok()) else { return };
        let functions = match self.modules.find(&name) {
            Some(found) => match self.engine.compile(&found.text) {
                Ok(ast) => Some(ast.iter_functions().map(|f| f.name.to_string()).collect()),
                Err(error) => {
                    self.found(position, format!("module '{name}' does not compile: {}", error.err_type()));
                    Some(BTreeSet::new())
                }
            },
            None => {
                let names: Vec<String> = self.modules.available().into_iter().map(|f| f.name).collect();
                let hint = crate::suggest::did_you_mean(&name, names.iter().map(String::as_str));
                self.found(position, format!("no module '{name}'{hint} (`ionosh stdlib` lists the modules)"));
                None
            }
        };
        if !alias.is_empty() {
            self.imports.insert(alias.to_string(), functions);
        }
    }

    /// A function or method call: the function must exist and, when it is ionosh's, take
    /// that many arguments; literal maps given to constructors and options are checked.
    fn call(&mut self, call: &FnCallExpr, position: Position, method: bool) {
        let name = call.name.as_str();
        let namespace = call.namespace.to_string();
        let full = if namespace.is_empty() { name.to_string() } else { format!("{namespace}::{name}") };
        let arity = call.args.len() + usize::from(method);
        if !namespace.is_empty() && !self.providers.iter().any(|p| p.name == namespace) {
            match self.imports.get(&namespace) {
                Some(Some(functions)) if !functions.contains(name) => {
                    let hint = crate::suggest::did_you_mean(name, functions.iter().map(String::as_str));
                    self.found(position, format!("module '{namespace}' has no function '{name}'{hint}"));
                }
                Some(_) => {}
                None => self.found(position, format!("'{namespace}' is not an imported module")),
            }
            return;
        }
        if !self.known.contains(&full) {
            let hint = crate::suggest::did_you_mean(&full, self.known.iter().map(String::as_str));
            self.found(position, format!("unknown function '{full}'{hint}"));
            return;
        }
        let Some(forms) = self.ours.get(&full) else { return };
        if !method && !forms.iter().any(|s| (s.required..=s.params.len()).contains(&arity)) {
            let said: Vec<&str> = forms.iter().map(|s| s.signature.as_str()).collect();
            self.found(position, format!("{full} cannot take {arity} argument(s); it is called {}", said.join(" or ")));
            return;
        }
        if let Some(resource) = self.constructor(name) {
            if let Some(Expr::Map(map, _)) = call.args.first() {
                self.constructor_map(&full, resource, &map.0, position);
            }
        } else if let Some(operation) = self.operation(name) {
            // A literal body argument is checked as its constructor would check it.
            for (param, arg) in operation.params.iter().zip(&call.args) {
                if let (crate::catalog::Param::Body { resource, .. }, Expr::Map(map, _)) = (param, arg) {
                    self.constructor_map(&full, resource, &map.0, position);
                }
            }
            let options = operation.option_keys();
            if call.args.len() == operation.params.len() + 1 && !options.is_empty() {
                if let Some(Expr::Map(map, _)) = call.args.last() {
                    self.options_map(&full, operation, &options, &map.0);
                }
            }
        }
    }

    /// An operation's literal options map: unknown keys, and the literal values of a
    /// resource's fields checked as the call would check them.
    fn options_map(
        &mut self,
        full: &str,
        operation: &crate::catalog::Operation,
        options: &[&'static str],
        entries: &[(rhai::Ident, Expr)],
    ) {
        use crate::catalog::Options;
        let resource = match &operation.options {
            Options::Fields(r) | Options::Update(r) | Options::Patch(r) | Options::Replace(r) => Some(*r),
            _ => None,
        };
        for (key, value) in entries {
            let name = key.as_str();
            if !options.contains(&name) {
                let hint = crate::suggest::did_you_mean(name, options.iter().copied());
                let allowed = options.join(", ");
                self.found(key.pos, format!("{full}: '{name}' is unknown{hint} (allowed: {allowed})"));
                continue;
            }
            let Some(resource) = resource else { continue };
            let literal = value.get_literal_value(None).and_then(|v: Dynamic| convert::to_json(&v).ok());
            if let (Some(json), Some(field)) = (literal, resource.field(name)) {
                if field.ty.is_entity() {
                    continue;
                }
                let one: Map<String, serde_json::Value> = [(name.to_string(), json)].into_iter().collect();
                if let Err(error) = resource.normalize(&one, Mode::Change) {
                    self.found(key.pos, format!("{full}: '{}' {}", error.rhai, error.message));
                }
            }
        }
    }

    /// The buildable resource a constructor of this name builds.
    fn constructor(&self, name: &str) -> Option<&'static Resource> {
        self.providers.iter().flat_map(|p| p.catalog.resources()).find(|r| r.name == name)
    }

    /// The API operation of this name.
    fn operation(&self, name: &str) -> Option<&'static crate::catalog::Operation> {
        self.providers.iter().find_map(|p| p.catalog.operation(name))
    }

    /// A constructor's literal map: unknown keys, values that are literals checked as the
    /// constructor would, and required fields present.
    fn constructor_map(
        &mut self,
        full: &str,
        resource: &'static Resource,
        entries: &[(rhai::Ident, Expr)],
        call: Position,
    ) {
        // A body already built (`#{ properties: ... }`) is checked when it runs.
        if entries.iter().any(|(key, _)| key.as_str() == "properties") {
            return;
        }
        let settable: Vec<&str> =
            resource.fields.iter().filter(|f| f.access != Access::ReadOnly).map(|f| f.rhai).collect();
        let mut literal = Map::new();
        let mut given = BTreeSet::new();
        for (key, value) in entries {
            let Some(field) = resource.field(key.as_str()) else {
                let hint = crate::suggest::did_you_mean(key.as_str(), settable.iter().copied());
                let allowed = settable.join(", ");
                self.found(key.pos, format!("{full}: '{}' is unknown{hint} (allowed: {allowed})", key.as_str()));
                continue;
            };
            given.insert(field.rhai);
            let literal_value = value.get_literal_value(None).and_then(|v: Dynamic| convert::to_json(&v).ok());
            if let (Some(json), false) = (literal_value, field.ty.is_entity()) {
                literal.insert(key.as_str().to_string(), json);
                if let Err(error) = resource.normalize(&literal, Mode::Change) {
                    self.found(key.pos, format!("{full}: '{}' {}", error.rhai, error.message));
                }
                literal.remove(key.as_str());
            }
        }
        let missing = resource.fields.iter().find(|f| f.presence == Presence::Required && !given.contains(f.rhai));
        if let Some(missing) = missing {
            self.found(call, format!("{full}: '{}' is required", missing.rhai));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<String> {
        let modules = Modules::near(None, super::super::stdlib(crate::provider::ALL));
        check(crate::provider::ALL, text, &modules)
            .expect("compiles")
            .into_iter()
            .map(|f| {
                format!("{}:{}: {}", f.position.line().unwrap_or(0), f.position.position().unwrap_or(0), f.message)
            })
            .collect()
    }

    #[test]
    fn file_calls_are_found_in_the_script_and_the_modules_it_imports() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("recipe.rhai"), "fn steal() { read_file(\"/etc/shadow\") }").expect("module");
        let modules = Modules::near(Some(dir.path()), super::super::stdlib(crate::provider::ALL));
        let text = "import \"recipe\" as r;\nwrite_file(\"out.txt\", \"x\");\nlet p = \"a\";\nread_file(p);\n";
        let calls = file_calls(text, &modules).expect("compiles");
        type Shown = (Option<String>, Option<usize>, FileUse, Option<String>);
        let shown: Vec<Shown> = calls.into_iter().map(|c| (c.module, c.position.line(), c.what, c.path)).collect();
        let recipe = dir.path().join("recipe.rhai").display().to_string();
        assert_eq!(
            shown,
            vec![
                (None, Some(2), FileUse::Write, Some("out.txt".into())),
                (None, Some(4), FileUse::Read, None),
                (Some(recipe), Some(1), FileUse::Read, Some("/etc/shadow".into())),
            ]
        );
    }

    #[test]
    fn every_undefined_variable_and_every_literal_option_value_is_checked() {
        let text = "print(aaa);\nprint(bbb);\nlet net = nf::network(\"n\");\nnf::create_endpoint(net, #{ name: \"e\", attributes: [\"dba\"] });\ncreate_lan(\"dc\", #{ name: \"l\", public: \"yes\" });\nnf::create_service_policy(net, #{ name: \"p\", type: \"Dail\" });\nupdate_server(\"dc\", \"s\", #{ ram: 1000 });\n";
        assert_eq!(
            findings(text),
            vec![
                "1:7: 'aaa' is used before it is defined",
                "2:7: 'bbb' is used before it is defined",
                "4:40: nf::create_endpoint: 'attributes' must be an attribute starting with # like #clients (got 'dba')",
                "5:32: create_lan: 'public' must be true or false (got string 'yes')",
                "6:46: nf::create_service_policy: 'type' must be one of Dial, Bind (got 'Dail')",
                "7:29: update_server: 'ram' must be a multiple of 256 and at least 256 (got 1000)",
            ]
        );
    }

    #[test]
    fn a_sound_script_has_no_findings() {
        let text = r#"
            import "ensure" as ensure;
            fn named(x) { x.properties.name }
            let dc = create_datacenter(Datacenter(#{ name: "a", location: "de/fra" }));
            wait_for_completion(dc);
            let lan = ensure::ensure_lan(dc.id, "l", false);
            let dcs = list_datacenters(#{ depth: 2 }).items.map(|d| named(d));
            print(`${dcs.len()} ${ARGS}`);
        "#;
        assert_eq!(findings(text), Vec::<String>::new());
    }

    #[test]
    fn every_finding_is_reported_at_its_place() {
        let text = "import \"nosuchmod\" as m;\nlist_datacenter();\nlet s = Server(#{ ram: 100, corse: 2 });\nget_datacenter();\nlist_images(#{ dept: 1 });\nprint(undefined_thing);\n";
        assert_eq!(
            findings(text),
            vec![
                "1:1: no module 'nosuchmod' (`ionosh stdlib` lists the modules)",
                "2:1: unknown function 'list_datacenter'; did you mean 'list_datacenters'?",
                "3:9: Server: 'cores' is required",
                "3:19: Server: 'ram' must be a multiple of 256 and at least 256 (got 100)",
                "3:29: Server: 'corse' is unknown; did you mean 'cores'? (allowed: name, cores, ram, availability_zone, cpu_family, placement_group_id, boot_volume_id, boot_cdrom, type, template_uuid, hostname, nic_multi_queue, create_volumes, attach_volumes, nics, cdroms)",
                "4:1: get_datacenter cannot take 0 argument(s); it is called get_datacenter(datacenter_id: string, options?: #{depth})",
                "5:16: list_images: 'dept' is unknown; did you mean 'depth'? (allowed: depth)",
                "6:7: 'undefined_thing' is used before it is defined",
            ]
        );
    }
}
