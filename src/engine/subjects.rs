//! Every subject the engine has functions for, each one [`Subject`]: what it offers (its
//! signatures, for `ionosh functions`, help, `check` and the definition files) and how it is
//! registered. [`SUBJECTS`] is the one list both read, so what is offered and what is
//! registered cannot drift apart; adding a subject is one entry.

use std::sync::Arc;

use rhai::{Engine, Module};

use super::host::Host;
use super::{
    clock, console, constructors, exit, files, formats, json, namespace, operations, recipes, sandbox, status_wait,
    table, text, wait_all, waits,
};
use crate::catalog::Signature;
use crate::provider::Provider;

/// A subject of the engine's functions.
pub trait Subject: Sync {
    /// The functions it offers, with their signatures and doc lines.
    fn signatures(&self, providers: &[&'static Provider]) -> Vec<Signature>;

    /// Registers them into `engine`, calling the providers' APIs through `host`.
    fn register(&self, engine: &mut Engine, providers: &[&'static Provider], host: &Arc<Host>);
}

/// Every subject, in the order help lists them (and the engine registers them).
pub static SUBJECTS: &[&dyn Subject] = &[
    &ProviderFunctions,
    &Waits,
    &WaitAll,
    &Json,
    &Formats,
    &Text,
    &Tables,
    &Sandbox,
    &Console,
    &Exit,
    &Files,
    &Clock,
    &Recipes,
];

/// Each provider's API functions and constructors, in its namespace (`ionos::list_datacenters`)
/// and, for a provider that keeps its classic names, globally too; and `wait_for_status`.
struct ProviderFunctions;

impl Subject for ProviderFunctions {
    fn signatures(&self, providers: &[&'static Provider]) -> Vec<Signature> {
        let mut global = Vec::new();
        let mut namespaced = Vec::new();
        for provider in providers {
            let mut own = operations::signatures(provider);
            own.extend(constructors::signatures(provider));
            own.push(status_wait::signature());
            namespaced.extend(own.iter().map(|s| s.in_namespace(provider.name)));
            if provider.global {
                global.extend(own.into_iter().filter(|s| s.name != "wait_for_status"));
            }
        }
        global.push(status_wait::signature());
        global.extend(namespaced);
        global
    }

    fn register(&self, engine: &mut Engine, providers: &[&'static Provider], host: &Arc<Host>) {
        for &provider in providers {
            let module: rhai::Shared<Module> = namespace::provider_module(provider, host).into();
            if provider.global {
                engine.register_global_module(module.clone());
            }
            engine.register_static_module(provider.name, module);
        }
    }
}

/// The providers' recipes (`dns::ensure_record`), registered last: they call the rest.
struct Recipes;

impl Subject for Recipes {
    fn signatures(&self, providers: &[&'static Provider]) -> Vec<Signature> {
        providers.iter().flat_map(|p| recipes::signatures(p)).collect()
    }

    fn register(&self, engine: &mut Engine, providers: &[&'static Provider], host: &Arc<Host>) {
        recipes::register(engine, providers, host);
    }
}

/// `wait_for_completion` and `wait_for`.
struct Waits;

impl Subject for Waits {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        waits::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], host: &Arc<Host>) {
        waits::register(engine, host);
    }
}

/// `wait_all`.
struct WaitAll;

impl Subject for WaitAll {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        wait_all::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], host: &Arc<Host>) {
        wait_all::register(engine, host);
    }
}

/// JSON in and out.
struct Json;

impl Subject for Json {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        json::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], _: &Arc<Host>) {
        json::register(engine);
    }
}

/// YAML and CSV.
struct Formats;

impl Subject for Formats {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        formats::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], _: &Arc<Host>) {
        formats::register(engine);
    }
}

/// Text helpers.
struct Text;

impl Subject for Text {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        text::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], _: &Arc<Host>) {
        text::register(engine);
    }
}

/// `table()`, laid out by each provider's objects.
struct Tables;

impl Subject for Tables {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        table::signatures()
    }

    fn register(&self, engine: &mut Engine, providers: &[&'static Provider], _: &Arc<Host>) {
        table::register(engine, providers.iter().map(|p| p.envelope).collect());
    }
}

/// The functions that allocate what they are told, checked against the memory limit, and
/// the guard that stops a script past its limits or when interrupted.
struct Sandbox;

impl Subject for Sandbox {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        sandbox::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], host: &Arc<Host>) {
        sandbox::register(engine);
        sandbox::guard(engine, host.cancel().clone());
    }
}

/// Printing.
struct Console;

impl Subject for Console {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        console::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], _: &Arc<Host>) {
        console::register(engine);
    }
}

/// `exit(code)`.
struct Exit;

impl Subject for Exit {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        exit::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], host: &Arc<Host>) {
        exit::register(engine, host);
    }
}

/// `read_file` and `write_file`.
struct Files;

impl Subject for Files {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        files::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], host: &Arc<Host>) {
        files::register(engine, host);
    }
}

/// `sleep`, `now` and `parse_time`.
struct Clock;

impl Subject for Clock {
    fn signatures(&self, _: &[&'static Provider]) -> Vec<Signature> {
        clock::signatures()
    }

    fn register(&self, engine: &mut Engine, _: &[&'static Provider], host: &Arc<Host>) {
        clock::register(engine, host);
    }
}
