//! A provider's recipes: Rhai functions its stdlib writes in the provider's own namespace
//! (`dns::ensure_record`), beside the API's functions, for the everyday sequences of calls
//! (find by name, create when missing, change what differs, wait). They are registered last,
//! when every function they call exists, into the provider's namespace module.

use std::sync::Arc;

use rhai::{Engine, FnAccess, Module, Scope};

use super::host::Host;
use super::namespace::provider_module;
use crate::catalog::Signature;
use crate::provider::Provider;

/// The public functions of a provider's recipes, with their `///` doc's first line.
pub fn signatures(provider: &Provider) -> Vec<Signature> {
    let Some(source) = provider.recipes else { return Vec::new() };
    let Ok(ast) = super::bare_engine().compile(source) else { return Vec::new() };
    ast.iter_functions()
        .filter(|f| f.access == FnAccess::Public && !f.name.starts_with("anon$"))
        .map(|f| {
            let doc = f.comments.first().map(|c| c.trim_start_matches("///").trim().to_string()).unwrap_or_default();
            let params: Vec<String> = f.params.iter().map(|p| p.to_string()).collect();
            Signature::new(f.name, &params, &[], &doc).in_namespace(provider.name)
        })
        .collect()
}

/// Registers each provider's recipes into its namespace: its API functions and its recipes,
/// one module. A recipe source that does not compile (a build fault) leaves the namespace
/// with the API's functions alone, saying so on stderr.
pub fn register(engine: &mut Engine, providers: &[&'static Provider], host: &Arc<Host>) {
    for &provider in providers {
        let Some(source) = provider.recipes else { continue };
        let recipes = engine
            .compile(source)
            .map_err(|e| e.to_string())
            .and_then(|ast| Module::eval_ast_as_new(Scope::new(), &ast, engine).map_err(|e| e.to_string()));
        match recipes {
            Ok(recipes) => {
                let mut module = provider_module(provider, host);
                module.combine_flatten(recipes);
                engine.register_static_module(provider.name, module.into());
            }
            Err(e) => eprintln!("ionosh: the {}:: recipes do not compile: {e}", provider.name),
        }
    }
}
