//! How the CloudAPI shows what the emulator stores: a call read with its version and depth
//! ([`call`]), objects and collections rendered with their metadata and computed properties
//! ([`render`], [`derived`]), shaped as the spec of the version called ([`envelopes`]), where
//! objects live in the store ([`paths`]), and its [`Shape`](crate::sim::Shape) with the body
//! readers every family shares ([`resource`]).

pub(super) mod call;
pub(super) mod derived;
pub(super) mod envelopes;
pub(super) mod paths;
pub(super) mod render;
pub(super) mod resource;
