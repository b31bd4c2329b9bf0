//! The state every handler shares: the database, and the settings that shape answers. All
//! access goes through [`Sim::read`] (one snapshot, never waiting behind a write) and
//! [`Sim::write`] (one transaction, committed before the answer is sent, or rolled back
//! whole); both first apply the effects of requests that have finished.

use std::sync::Arc;
use std::time::Duration;

use super::db::Db;
use super::delay::Delay;
use super::error::ErrorReply;
use super::faults::Faults;
use super::stats::Stats;
use super::transaction::{failed, World};
use super::AuthPolicy;
use crate::catalog::Typical;

/// The running emulator's shared state.
pub struct Sim {
    db: Db,
    /// How long one request takes once started.
    pub delay: Delay,
    /// Which credentials are accepted.
    pub auth: AuthPolicy,
    /// `http://127.0.0.1:PORT`, used in hrefs and `Location` headers.
    pub base_url: String,
    /// Injected faults and the rate limit.
    pub faults: Faults,
    /// What was asked so far.
    pub stats: Stats,
    /// Bearer tokens an API's token endpoint issued: accepted like the configured credentials
    /// until they expire.
    pub issued: std::sync::Mutex<super::tokens::IssuedTokens>,
    /// How long a request may take to arrive: its headers, then its body.
    pub request_deadline: Duration,
}

impl std::fmt::Debug for Sim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sim").field("delay", &self.delay).field("base_url", &self.base_url).finish_non_exhaustive()
    }
}

/// The handle handlers get from axum.
pub type Shared = Arc<Sim>;

/// The current time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

impl Sim {
    /// Serves the state in `db`.
    pub fn new(db: Db, delay: Delay, auth: AuthPolicy, base_url: String, request_deadline: Duration) -> Self {
        Sim {
            db,
            delay,
            auth,
            base_url,
            request_deadline,
            faults: Faults::default(),
            stats: Stats::default(),
            issued: Default::default(),
        }
    }

    /// The database.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// How long a mutation takes once started, in milliseconds: the fixed delay, or a draw
    /// around what its kind typically takes (a few seconds when nothing says).
    pub fn provisioning_ms(&self, typical: Option<Typical>) -> i64 {
        let typical = typical.unwrap_or(Typical::secs(5));
        i64::try_from(self.delay.draw(typical).as_millis()).unwrap_or(i64::MAX)
    }

    /// Runs `f` on a snapshot of the current world (finished requests applied first).
    pub fn read<T>(&self, f: impl FnOnce(&World, i64) -> T) -> Result<T, ErrorReply> {
        let now = now_ms();
        let mut world = World::new(self.db.checkout().map_err(failed)?);
        world.run("BEGIN")?;
        if world.jobs().due(now) {
            world.run("COMMIT")?;
            drop(world);
            self.write(|world, now| world.settle(now))?;
            world = World::new(self.db.checkout().map_err(failed)?);
            world.run("BEGIN")?;
        }
        let value = f(&world, now);
        let _ = world.run("COMMIT");
        Ok(value)
    }

    /// Runs the mutation `f` on the current world in one transaction: committed if `f`
    /// succeeds (an answer only follows a commit), rolled back whole otherwise, and when the
    /// commit itself fails.
    pub fn write<T>(&self, f: impl FnOnce(&mut World, i64) -> Result<T, ErrorReply>) -> Result<T, ErrorReply> {
        let mut world = World::new(self.db.checkout().map_err(failed)?);
        world.run("BEGIN IMMEDIATE")?;
        let now = now_ms();
        let outcome = world.settle(now).and_then(|()| f(&mut world, now));
        let committed = outcome.and_then(|value| world.run("COMMIT").map(|()| value));
        if committed.is_err() && !world.conn().is_autocommit() {
            let _ = world.run("ROLLBACK");
        }
        committed
    }
}
