//! The state every handler shares: the stored objects, the requests, and the settings that
//! shape answers. All access goes through [`Sim::read`] and [`Sim::write`], which lock once,
//! first apply the effects of requests that have finished, and save after a mutation.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::error::ApiError;
use super::faults::Faults;
use super::persist;
use super::stats::Stats;
use super::world::World;
use super::AuthPolicy;

/// The running emulator's shared state.
#[derive(Debug)]
pub struct Sim {
    world: Mutex<World>,
    /// Where the world is saved, if anywhere.
    file: Option<PathBuf>,
    /// How long one request takes once started.
    pub delay: Duration,
    /// Which credentials are accepted.
    pub auth: AuthPolicy,
    /// `http://127.0.0.1:PORT`, used in hrefs and `Location` headers.
    pub base_url: String,
    /// Injected faults and the rate limit.
    pub faults: Faults,
    /// What was asked so far.
    pub stats: Stats,
}

/// The handle handlers get from axum.
pub type Shared = Arc<Sim>;

/// The current time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

impl Sim {
    /// Wraps a loaded world.
    pub fn new(world: World, file: Option<PathBuf>, delay: Duration, auth: AuthPolicy, base_url: String) -> Self {
        Sim {
            world: Mutex::new(world),
            file,
            delay,
            auth,
            base_url,
            faults: Faults::default(),
            stats: Stats::default(),
        }
    }

    /// The provisioning delay in milliseconds.
    pub fn delay_ms(&self) -> i64 {
        i64::try_from(self.delay.as_millis()).unwrap_or(i64::MAX)
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` on the current world (finished requests applied first).
    pub fn read<T>(&self, f: impl FnOnce(&World, i64) -> T) -> Result<T, ApiError> {
        let now = now_ms();
        let mut world = self.lock();
        world.settle(now);
        Ok(f(&world, now))
    }

    /// Runs the mutation `f` on the current world and saves the world if it succeeds.
    pub fn write<T>(&self, f: impl FnOnce(&mut World, i64) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let now = now_ms();
        let mut world = self.lock();
        world.settle(now);
        let value = f(&mut world, now)?;
        self.save(&world)?;
        Ok(value)
    }

    /// Saves the world now (at shutdown).
    pub fn flush(&self) -> Result<(), super::SimError> {
        let mut world = self.lock();
        world.settle(now_ms());
        match &self.file {
            Some(path) => persist::save(path, &world),
            None => Ok(()),
        }
    }

    fn save(&self, world: &World) -> Result<(), ApiError> {
        match &self.file {
            Some(path) => persist::save(path, world).map_err(|e| ApiError::internal(e.to_string())),
            None => Ok(()),
        }
    }
}
