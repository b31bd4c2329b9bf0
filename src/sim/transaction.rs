//! Everything the emulator remembers, as one transaction sees it: the stored objects, the
//! accepted requests, and a failure asked for the next one. A `World` owns a pooled
//! connection inside an open transaction; [`Sim`](super::state::Sim) commits or rolls it back.

use elsa::FrozenMap;
use rusqlite::OptionalExtension;

use super::db::Pooled;
use super::error::ErrorReply;
use super::jobs::{self, Jobs, NewRequest, RequestRecord, Unfinished};
use super::settle;
use super::store::{self, Store, StoredObject};

/// The emulator's memory within one transaction.
pub struct World<'db> {
    conn: Pooled<'db>,
    cache: FrozenMap<String, Box<(String, StoredObject)>>,
    unfinished: Unfinished,
}

/// A storage failure, answered as the emulator's own error: nothing of the change is kept.
pub fn failed(error: rusqlite::Error) -> ErrorReply {
    ErrorReply::internal(format!("The emulator could not store the change: {error}"))
}

impl<'db> World<'db> {
    /// The world seen through a connection whose transaction has begun.
    pub fn new(conn: Pooled<'db>) -> Self {
        World { conn, cache: FrozenMap::new(), unfinished: Unfinished::new() }
    }

    /// The connection.
    pub fn conn(&self) -> &rusqlite::Connection {
        &self.conn
    }

    /// Runs a transaction statement (`BEGIN`, `COMMIT`, ...), prepared once per connection.
    pub fn run(&self, statement: &str) -> Result<(), ErrorReply> {
        self.conn.prepare_cached(statement).and_then(|mut s| s.execute([])).map(drop).map_err(failed)
    }

    /// The stored objects.
    pub fn store(&self) -> Store<'_> {
        Store::new(&self.conn, &self.cache)
    }

    /// The accepted requests.
    pub fn jobs(&self) -> Jobs<'_> {
        Jobs::new(&self.conn, &self.unfinished)
    }

    /// Stores `entry` at `path`, replacing (and keeping the place of) any object there.
    pub fn insert(&mut self, path: &str, entry: StoredObject) -> Result<(), ErrorReply> {
        self.cache = FrozenMap::new();
        store::insert(&self.conn, path, entry).map_err(failed)
    }

    /// Removes the object at `path`, everything under it and every link to any of them;
    /// returns the object.
    pub fn remove(&mut self, path: &str) -> Result<Option<StoredObject>, ErrorReply> {
        let removed = self.store().get(path).cloned();
        self.cache = FrozenMap::new();
        store::remove(&self.conn, path).map_err(failed)?;
        Ok(removed)
    }

    /// Records an accepted mutation (ending FAILED if `/_sim/fail-next` asked for it) and
    /// returns its record.
    pub fn submit(&mut self, new: NewRequest, now_ms: i64, delay_ms: i64) -> Result<RequestRecord, ErrorReply> {
        let failure = self.take_fail_next().map_err(failed)?;
        self.unfinished = Unfinished::new();
        jobs::submit(&self.conn, new, now_ms, delay_ms, failure).map_err(failed)
    }

    /// Applies the effects of the requests finished by `now`. Settling depends only on what
    /// is stored (the requests' times and undo records), so any process may do it, once.
    pub fn settle(&mut self, now: i64) -> Result<(), ErrorReply> {
        self.cache = FrozenMap::new();
        self.unfinished = Unfinished::new();
        settle::settle(&self.conn, now).map_err(failed)
    }

    /// Makes the next accepted mutation's request end FAILED with `message`.
    pub fn set_fail_next(&mut self, message: &str) -> Result<(), ErrorReply> {
        self.conn
            .execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('fail_next', ?1)", [message])
            .map(drop)
            .map_err(failed)
    }

    /// Takes the failure `/_sim/fail-next` asked for, if any: the next accepted change ends
    /// with it (an API's workflows that are not CloudAPI requests take it this way).
    pub fn take_fail_next(&mut self) -> rusqlite::Result<Option<String>> {
        let message: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'fail_next'", [], |row| row.get(0))
            .optional()?;
        if message.is_some() {
            self.conn.execute("DELETE FROM settings WHERE key = 'fail_next'", [])?;
        }
        Ok(message)
    }
}
