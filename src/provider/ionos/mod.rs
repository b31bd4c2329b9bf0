//! The IONOS Cloud API (CloudAPI v6, with the v5 prefix too): everything ionosh knows about
//! it lives in this folder — its catalog, its wire format, its configuration sources and its
//! emulator behaviour.

pub mod catalog;
pub mod config;
mod dialect;
pub mod wire;

pub use catalog::*;
pub use dialect::CloudApi;

/// The default endpoint of the real API.
pub const DEFAULT_API_URL: &str = "https://api.ionos.com/cloudapi/v6";
