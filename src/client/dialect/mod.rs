//! What the client and the engine need to know about a provider's wire beyond its objects'
//! layout (that is the catalog's [`Envelope`](crate::catalog::Envelope)), as a few focused
//! traits a provider implements each in its own place: how its error bodies read
//! ([`ErrorBodies`]), how an accepted mutation is followed to its end ([`Tickets`]), what a
//! dry run answers in its place ([`Planning`]), how a write whose answer was lost is found
//! again ([`Recovery`]), what a request needs beyond what the catalog says ([`Completion`])
//! and who the credentials are ([`Identity`]). [`Dialect`] is all of them.

mod completion;
mod planning;
mod recovery;
mod tickets;

pub use completion::{Completion, Identity};
pub use planning::{Planned, Planning, Unsent};
pub use recovery::{Lost, Recovery};
pub use tickets::{Progress, Ticket, Tickets};

use serde_json::Value;

use super::ApiMessage;

/// How a provider's error answers read.
pub trait ErrorBodies {
    /// The messages of an error answer's body.
    fn error_messages(&self, body: &Value) -> Vec<ApiMessage>;
}

/// Everything a provider's wire says beyond its objects' layout: one object implementing
/// each of the focused traits.
pub trait Dialect:
    ErrorBodies + Tickets + Planning + Recovery + Completion + Identity + Send + Sync + std::fmt::Debug
{
}

impl<T> Dialect for T where
    T: ErrorBodies + Tickets + Planning + Recovery + Completion + Identity + Send + Sync + std::fmt::Debug
{
}
