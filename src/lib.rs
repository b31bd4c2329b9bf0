//! ionosh: a Rhai scripting shell for the IONOS Cloud API, with a built-in emulator.
//!
//! Layers, each in its own folder, with data flowing one way:
//! CLI → [`bindings`] (the Rhai engine) → [`client`] (HTTP) → the API or [`sim`] (the emulator).
//! [`catalog`] holds the provider-neutral shape of operation and resource descriptions, and
//! [`cloudapi`] fills it with the IONOS Cloud API.

pub mod bindings;
pub mod catalog;
pub mod cli;
pub mod client;
pub mod cloudapi;
pub mod config;
pub mod repl;
pub mod secrets;
pub mod sim;
