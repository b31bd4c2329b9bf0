//! A provider's namespace module (`dns::`, `nf::`): its API functions, its constructors and
//! `wait_for_status`, as the engine registers it (its recipes join it last, see
//! [`recipes`](super::recipes)).

use std::sync::Arc;

use rhai::Module;

use super::host::Host;
use super::{constructors, operations, status_wait};
use crate::provider::Provider;

/// A provider's namespace module: its API functions, constructors and `wait_for_status`.
pub fn provider_module(provider: &'static Provider, host: &Arc<Host>) -> Module {
    let mut module = Module::new();
    operations::register(&mut module, provider, host);
    constructors::register(&mut module, provider);
    status_wait::register_into(&mut module, host);
    module
}
