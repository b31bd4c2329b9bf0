//! The NetFoundry API: the `nf::` functions and the recipes from Rhai against the emulator, the
//! login (where credentials come from, OAuth2 tokens and their cache), the NetFoundry
//! scripts run end to end, and its changes beside the CloudAPI's in the emulator's one spine.

#[path = "../support/certificates.rs"]
mod certificates;
#[path = "../support/controls.rs"]
mod controls;
#[path = "../support/world.rs"]
mod world;

mod harness;

mod functions;
mod help_examples;
mod login;
mod login_trust;
mod scripts;
mod spine;
