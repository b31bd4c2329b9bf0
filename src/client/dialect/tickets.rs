//! How an accepted mutation is followed to its end: the ticket its answer carries (IONOS: the
//! request in `Location`; NetFoundry: the execution linked in the body), where its progress
//! is read and how, whether one answer reports many at once, and what the mutation typically
//! takes (one table per provider, keyed by operation, that the emulator's delays use too).

use serde_json::Value;
use time::OffsetDateTime;

use crate::catalog::{Operation, Typical};

/// Where an asynchronous change stands, in provider-neutral terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Still going; the provider's name for its state.
    Pending(String),
    /// Finished successfully.
    Done,
    /// Finished with this error message.
    Failed(String),
}

/// An accepted mutation, as a wait follows it: the id the API gave it and, when the API said
/// so, the absolute URL that reports its progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The id the API gave it (IONOS: the request id).
    pub id: String,
    /// The URL reporting its progress, as the API gave it.
    pub url: Option<String>,
}

/// How a provider's accepted mutations are followed.
pub trait Tickets {
    /// The ticket of an accepted mutation, from its answer's `Location` header and body.
    fn ticket(&self, location: Option<&str>, body: &Value) -> Option<Ticket>;

    /// Writes a ticket into the value a script gets back, so a wait can find it there.
    fn stamp(&self, value: &mut Value, ticket: &Ticket);

    /// The ticket stamped into a value a script hands back to a wait.
    fn ticket_in(&self, value: &Value) -> Option<Ticket>;

    /// What a value must hold to be waited for, as error messages name it (`requestId`).
    fn ticket_hint(&self) -> &'static str;

    /// What a wait's progress line calls a ticket (`request 3fa2…`).
    fn label(&self, ticket: &Ticket) -> String;

    /// The state a ticket is shown in before its first poll (IONOS: QUEUED).
    fn first_state(&self) -> &'static str;

    /// The path reporting a ticket's progress, relative to the API base, for when its URL is
    /// missing or points elsewhere.
    fn progress_path(&self, ticket: &Ticket) -> String;

    /// Reads a progress answer.
    fn progress(&self, body: &Value) -> Option<Progress>;

    /// One request that reports the progress of every ticket accepted since `since` (by the
    /// server's clock) at once, as a path and query, when the API has one: waits for many
    /// tickets then poll once for all.
    fn batch_progress(&self, _since: OffsetDateTime) -> Option<(String, Vec<(String, String)>)> {
        None
    }

    /// The progress of each ticket a [`batch_progress`](Tickets::batch_progress) answer
    /// reports, by ticket id.
    fn batch_progress_of(&self, _body: &Value) -> Vec<(String, Progress)> {
        Vec::new()
    }

    /// The ticket of a change the API accepted without saying where it goes on (a product
    /// API's delete answers 202 and nothing more): the object at `path` it was sent to, when
    /// the provider follows such changes there. None by default.
    fn ticket_at(&self, _op: &Operation, _path: &str) -> Option<Ticket> {
        None
    }

    /// Where a change stands once the object its ticket follows reads 404: None when that is
    /// an error (the default), done when the change was the object's going.
    fn gone(&self, _ticket: &Ticket) -> Option<Progress> {
        None
    }

    /// What a mutation of `op` with `body` typically takes on the real API, and the variant of
    /// the operation it is when that takes a time of its own (`nested`, `hosted`): waits learn
    /// each variant apart.
    fn typical(&self, op: &Operation, body: &Value) -> (Typical, Option<&'static str>);
}
