//! ionosh: a Rhai scripting shell for cloud provisioning APIs, with a built-in emulator.
//!
//! Layers, each in its own folder, with data flowing one way:
//! CLI/REPL → [`engine`] (the Rhai host) → [`client`] (HTTP) → the API or [`sim`] (the emulator).
//! [`catalog`] holds the provider-neutral shape of operation and resource descriptions, and
//! each folder of [`provider`] fills it for one API.

pub mod catalog;
pub mod cli;
pub mod client;
pub mod engine;
pub mod list_filter;
pub mod memory;
pub mod printable;
pub mod private_files;
pub mod protocol;
pub mod provider;
pub mod repl;
pub mod secrets;
pub mod session;
pub mod sim;
pub mod stdout;
pub mod suggest;
