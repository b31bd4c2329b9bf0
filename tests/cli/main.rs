//! The `ionosh` binary as a user runs it: its commands, exit codes, stdout and stderr, the REPL
//! (piped and in a terminal), dry runs, the sandbox and the trust it keeps, secrets kept out of
//! sight, configuration, modules, the bundled scripts and the README's examples.

#[path = "../support/controls.rs"]
mod controls;
#[path = "../support/ionos.rs"]
mod ionos;
#[path = "../support/world.rs"]
mod world;

mod bad_scripts;
mod builds;
mod commands;
mod config;
mod conventions;
mod defs;
mod dry_run;
mod examples;
mod hostile;
mod json;
mod modules;
mod newcomer;
mod output;
mod processes;
mod products;
mod readme;
mod repl;
mod sandbox;
mod scripts_everywhere;
mod secrets;
mod tls;
mod trust;
