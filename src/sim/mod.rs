//! The emulator: a local HTTP server speaking each provider's API, so scripts and tests can
//! run without an account. Its state lives in memory and, optionally, in a file that
//! survives restarts.
//!
//! This folder is the provider-neutral core: the router built from every [`Emulation`]'s
//! operations, the layers around it (credentials, faults, statistics, error shapes), the
//! store, the request machinery, persistence and the generic CRUD handlers. Each provider's
//! emulation (in its folder under `provider/`) supplies the rest.

mod auth;
mod call;
mod control;
pub mod crud;
mod db;
mod delay;
mod emulation;
mod ending;
mod error;
mod family;
mod faults;
mod handler;
mod jobs;
mod layers;
mod listener;
mod mutation;
mod persist;
mod request_body;
mod router;
mod serve;
mod settle;
mod shape;
mod state;
mod stats;
mod store;
mod tokens;
mod transaction;

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use auth::{accepts, basic_credentials, jwt, ApiToken, API_TOKEN_ISSUER};
pub use call::{pretty, Call, Reply};
pub use db::Db;
pub use delay::Delay;
pub use emulation::Emulation;
pub use ending::{OnDone, OnFailure};
pub use error::ErrorReply;
pub use family::{store_path, Adjust, Build, Cascade, Family};
pub use faults::{FaultConfig, FaultKind, RateLimit};
pub use handler::{Answers, Handler, Hook, Request};
pub use jobs::{Phase, RequestRecord, RequestTarget};
pub use mutation::Mutation;
pub use persist::{export, import, reset, Snapshot};
pub use request_body::RequestBody;
pub use router::routes;
pub use shape::{Changes, Ending, Shape};
pub use state::{now_ms, Shared};
pub use store::{Author, Meta, Store, StoredObject};
pub use transaction::{failed, World};

use crate::catalog::{Method, Operation};
use state::Sim;

/// How to run an emulator.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Address to listen on; port 0 picks a free one (see [`SimHandle::base_url`]).
    pub listen: SocketAddr,
    /// Where the state is kept.
    pub state: StateLocation,
    /// How long each accepted request takes once started (QUEUED → RUNNING → DONE spans it).
    pub delay: Delay,
    /// Which credentials are accepted.
    pub auth: AuthPolicy,
    /// How long a connection may send nothing (an idle keep-alive, or a request stalled
    /// halfway) before it is closed, and how long a request may take to arrive: its headers
    /// whole, then its body whole (so a client trickling a byte at a time is cut off too).
    pub idle: Duration,
}

impl SimConfig {
    /// The usual [`SimConfig::idle`]: longer than clients keep idle connections.
    pub const IDLE: Duration = Duration::from_secs(75);
}

/// Where the emulator keeps its state.
#[derive(Debug, Clone)]
pub enum StateLocation {
    /// In this database file, shared with every other emulator on it; an old JSON state file
    /// here (or beside it with a `.json` extension) is imported on first start.
    File(PathBuf),
    /// In memory only: gone when the emulator stops.
    Ephemeral,
}

/// Opens the state a location names.
pub fn open(state: &StateLocation) -> Result<Db, SimError> {
    match state {
        StateLocation::File(path) => persist::open(path),
        StateLocation::Ephemeral => Db::in_memory()
            .map_err(|e| SimError::SaveState { path: "(memory)".into(), source: std::io::Error::other(e) }),
    }
}

/// Which credentials the emulator accepts; the APIs' roots and `/_sim/` need none.
#[derive(Clone)]
pub enum AuthPolicy {
    /// Any non-empty Basic user or Bearer token, as a stand-in for a real account.
    AnyCredentials,
    /// Only this user and password, and/or only this token.
    Only {
        /// The accepted Basic user and password.
        user: Option<(String, String)>,
        /// The accepted Bearer token.
        token: Option<String>,
    },
}

impl fmt::Debug for AuthPolicy {
    /// Names the accepted user but never prints secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthPolicy::AnyCredentials => f.write_str("AnyCredentials"),
            AuthPolicy::Only { user, token } => f
                .debug_struct("Only")
                .field("user", &user.as_ref().map(|(u, _)| u))
                .field("token", &token.as_ref().map(|_| "<hidden>"))
                .finish(),
        }
    }
}

/// Why the emulator could not start, save or stop.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The state file exists but could not be read.
    #[error("cannot read the emulator state file {}: {source}; it was left untouched", path.display())]
    ReadState {
        /// The state file.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The state file is not emulator state (damaged, or some other file).
    #[error("the emulator state file {} is not valid emulator state ({reason}); it was left untouched — move it away or choose another file", path.display())]
    CorruptState {
        /// The state file.
        path: PathBuf,
        /// What the parser found wrong.
        reason: String,
    },
    /// The state could not be saved.
    #[error("cannot save the emulator state to {}: {source}", path.display())]
    SaveState {
        /// The state file.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The server stopped abnormally.
    #[error("the emulator's server failed: {0}")]
    Serve(String),
}

/// One route of the emulator: an operation of an emulation at one of its paths.
#[derive(Debug, Clone)]
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path template, prefix included (`/cloudapi/v6/datacenters/{datacenter_id}`).
    pub path: String,
    /// The prefix it is served under.
    pub prefix: &'static str,
    /// The flags its path sets (see [`Operation::variants`]).
    pub flags: Vec<&'static str>,
    /// The operation it answers.
    pub operation: &'static Operation,
    /// The emulation answering it.
    pub emulation: &'static dyn Emulation,
}

/// A running emulator; stop it with [`SimHandle::shutdown`] (dropping it stops serving too,
/// without the final save).
#[derive(Debug)]
pub struct SimHandle {
    base_url: String,
    api_url: String,
    sim: Shared,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl SimHandle {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The root of the first emulation's API (`base_url()` + its first prefix, for IONOS
    /// `/cloudapi/v6`), to give to clients.
    pub fn api_url(&self) -> String {
        self.api_url.clone()
    }

    /// Replaces the fault-injection and rate-limit settings (as `PUT /_sim/faults` does).
    pub fn set_faults(&self, config: FaultConfig) -> Result<(), String> {
        self.sim.faults.set(config)
    }

    /// Stops serving and waits for open answers to finish (every accepted change is already
    /// stored).
    pub async fn shutdown(mut self) -> Result<(), SimError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match (&mut self.task).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(SimError::Serve(e.to_string())),
            Err(e) => Err(SimError::Serve(e.to_string())),
        }
    }
}

/// Opens the state, binds the address and serves the emulations' APIs on the current tokio
/// runtime. A state file that exists but is not valid state is refused (and left as it is);
/// a missing one means an empty state.
pub async fn start(config: SimConfig, emulations: Vec<&'static dyn Emulation>) -> Result<SimHandle, SimError> {
    let db = open(&config.state)?;
    let addr = config.listen;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| SimError::Bind { addr, source })?;
    let mut local = listener.local_addr().map_err(|source| SimError::Bind { addr, source })?;
    let listener = listener::Patient::new(listener, config.idle);
    if local.ip().is_unspecified() {
        local.set_ip(match local.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        });
    }
    let base_url = format!("http://{local}");
    let prefix = emulations.first().and_then(|e| e.prefixes().first()).copied().unwrap_or_default();
    let api_url = format!("{base_url}{prefix}");
    let apis = emulation::Apis(emulations.clone());
    let sim = Arc::new(Sim::new(db, config.delay, config.auth, base_url.clone(), config.idle));
    sim.write(|world, _| emulations.iter().try_for_each(|e| e.seed(world)))
        .map_err(|e| SimError::Serve(format!("cannot store the seed data: {}", e.message)))?;
    let app = router::router(sim.clone(), Arc::new(apis));
    let (stop, stopped) = oneshot::channel::<()>();
    let deadline = config.idle;
    let task = tokio::spawn(async move {
        serve::serve(listener, app, deadline, async move {
            let _ = stopped.await;
        })
        .await;
        Ok::<(), std::io::Error>(())
    });
    Ok(SimHandle { base_url, api_url, sim, stop: Some(stop), task })
}
