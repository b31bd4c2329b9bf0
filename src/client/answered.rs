//! The ticket ids a client has been answered with: a lookup of a lost answer must never
//! take one of them for the write it is looking for.

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

/// Ticket ids, compared without regard to case.
#[derive(Debug, Default)]
pub struct Answered(Mutex<HashSet<String>>);

impl Answered {
    /// Remembers an answered ticket.
    pub fn insert(&self, id: &str) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(id.to_ascii_lowercase());
    }

    /// Whether this ticket was answered.
    pub fn contains(&self, id: &str) -> bool {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).contains(&id.to_ascii_lowercase())
    }
}
