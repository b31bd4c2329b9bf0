//! The IONOS Cloud API from Rhai: scripts run through the library against an emulator in the
//! test's process (every family of functions, the constructors, errors, waits, faults and the
//! stdlib), the function list checked against the references, and the HTTP client's retries.

#[path = "../support/controls.rs"]
mod controls;
#[path = "../support/ionos.rs"]
mod ionos;
#[path = "../support/world.rs"]
mod world;

mod account;
mod client;
mod compute;
mod constructors;
mod coverage;
mod datacenters;
mod depth;
mod errors;
mod exactly_once;
mod families;
mod faults;
mod formats;
mod namespaces;
mod network;
mod provisioning;
mod registration;
mod stdlib;
mod waits;
