//! The tickets a client has been answered with, and what each follows: a lookup of a lost
//! answer must never take one of them for the write it is looking for, and a wait needs the
//! kind of operation and when it was accepted to time its polls.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::catalog::Operation;

/// The kind a wait of `op` files its durations under: the operation, or its variant that
/// takes a time of its own (`create_server (nested)`).
pub fn kind_of(op: &Operation, variant: Option<&str>) -> String {
    match variant {
        Some(variant) => format!("{} ({variant})", op.name),
        None => op.name.to_string(),
    }
}

/// What an answered ticket follows.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The kind of operation (`POST /datacenters/*/servers`).
    pub kind: String,
    /// What that kind typically takes.
    pub typical: Duration,
    /// When the answer came.
    pub at: Instant,
    /// The same moment by the server's clock, as far as the client knows it.
    pub server_at: OffsetDateTime,
    /// The id of the object the answer names (a create's new object), if any.
    pub made: Option<String>,
    /// What the mutation refers to: its path and body, as sent.
    pub refers_to: String,
}

impl Issued {
    /// Whether this mutation acts on the object `earlier` made, so the API carries it out
    /// only after that one (a NIC in a server being created, a volume attached as it is
    /// made). Only ids long enough not to be mistaken (UUIDs, not LAN numbers) count.
    pub fn follows(&self, earlier: &Issued) -> bool {
        earlier.at <= self.at && earlier.made.as_deref().is_some_and(|id| id.len() >= 8 && self.refers_to.contains(id))
    }
}

/// Answered tickets by id, compared without regard to case.
#[derive(Debug, Default)]
pub struct Answered(Mutex<HashMap<String, Issued>>);

impl Answered {
    /// Remembers an answered ticket.
    pub fn insert(&self, id: &str, issued: Issued) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(id.to_ascii_lowercase(), issued);
    }

    /// Whether this ticket was answered.
    pub fn contains(&self, id: &str) -> bool {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).contains_key(&id.to_ascii_lowercase())
    }

    /// What this answered ticket follows.
    pub fn get(&self, id: &str) -> Option<Issued> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).get(&id.to_ascii_lowercase()).cloned()
    }
}
