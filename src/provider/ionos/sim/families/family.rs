//! The core's family records and requests, as the CloudAPI's handlers read calls (with their
//! depth and API version).

use crate::provider::ionos::sim::shape::call::CloudApiCall;

/// What a CloudAPI resource family has of its own (see [`crate::sim::Family`]).
pub type Family = crate::sim::Family<CloudApiCall>;

/// One call of a CloudAPI operation, as a hook gets it.
pub type Request<'a> = crate::sim::Request<'a, CloudApiCall>;

/// A hook of the CloudAPI: an operation's own handler.
pub type Hook = crate::sim::Hook<CloudApiCall>;

pub use crate::sim::Build;
