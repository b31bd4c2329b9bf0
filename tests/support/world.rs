//! Test harness: an emulator on 127.0.0.1 port 0 with a short provisioning delay, in the test's
//! process, its state in a temporary directory, stopped and started again at will; and a script
//! run by the Rhai engine on a host talking to it over real HTTP, the way `ionosh run --sim`
//! wires them. What a test does with it is split by what it needs: `ionos.rs` runs scripts
//! against the IONOS API, `controls.rs` steers the emulator, and the NetFoundry tests add
//! scripts against both APIs.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ionosh::engine::{self, Host};
use ionosh::provider;
use ionosh::sim::{self, AuthPolicy, SimConfig, SimHandle, StateLocation};
use rhai::{Dynamic, Scope};

/// A running emulator and what a test needs around it.
pub struct World {
    /// The runtime the emulator and the scripts' clients run on.
    pub runtime: tokio::runtime::Runtime,
    /// The emulator, while it runs.
    pub sim: Option<SimHandle>,
    /// The temporary directory holding its state file.
    pub dir: tempfile::TempDir,
    /// Its provisioning delay.
    pub delay: Duration,
}

impl World {
    /// An emulator with state in a fresh temporary directory.
    pub fn start(delay_ms: u64) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let mut world = World { runtime, sim: None, dir, delay: Duration::from_millis(delay_ms) };
        world.restart(AuthPolicy::AnyCredentials);
        world
    }

    /// The state file the emulator uses.
    pub fn state_file(&self) -> PathBuf {
        self.dir.path().join("state.json")
    }

    /// Stops the emulator (if running) and starts it again on the same state file.
    pub fn restart(&mut self, auth: AuthPolicy) {
        self.stop();
        self.serve(([127, 0, 0, 1], 0).into(), auth);
    }

    /// Stops the emulator: its address then refuses connections.
    pub fn stop(&mut self) {
        if let Some(sim) = self.sim.take() {
            self.runtime.block_on(sim.shutdown()).expect("shutdown");
        }
    }

    /// Starts the emulator on `listen`, on the same state file.
    pub fn serve(&mut self, listen: std::net::SocketAddr, auth: AuthPolicy) {
        let config = SimConfig {
            listen,
            state: StateLocation::File(self.state_file()),
            delay: ionosh::sim::Delay::Fixed(self.delay),
            auth,
            idle: SimConfig::IDLE,
        };
        self.sim = Some(
            self.runtime
                .block_on(sim::start(config, ionosh::provider::emulations(ionosh::provider::ALL)))
                .expect("emulator starts"),
        );
    }
}

/// Runs a script on `host` to its value, or its error as `ionosh run` would print it.
pub fn eval_with(host: &Arc<Host>, script: &str) -> Result<Dynamic, String> {
    let engine = engine::engine(provider::ALL, host);
    let ast = engine.compile(script).map_err(|e| engine::parse_error("test.rhai", script, &e))?;
    let mut scope = Scope::new();
    scope.push_constant("ARGS", rhai::Map::new());
    engine.eval_ast_with_scope::<Dynamic>(&mut scope, &ast).map_err(|e| engine::runtime_error("test.rhai", &e))
}
