//! Test harness: an emulator on 127.0.0.1 port 0 with a short provisioning delay, and a Rhai
//! engine talking to it over real HTTP, the way `ionosh run --sim` wires them.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ionosh::client::{Cancel, Client, ClientConfig, Credentials, RetryPolicy};
use ionosh::engine::{self, Host};
use ionosh::provider::{self, ionos::IONOS};
use ionosh::sim::{self, AuthPolicy, SimConfig, SimHandle, StateLocation};
use rhai::{Dynamic, Scope};

/// A running emulator and what a test needs around it.
pub struct World {
    pub runtime: tokio::runtime::Runtime,
    pub sim: Option<SimHandle>,
    pub dir: tempfile::TempDir,
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

    /// The emulator's API URL.
    pub fn api_url(&self) -> String {
        self.sim.as_ref().expect("running").api_url()
    }

    /// The emulator's base URL (for `/_sim/` controls).
    pub fn base_url(&self) -> String {
        self.sim.as_ref().expect("running").base_url()
    }

    /// A host with the given credentials.
    pub fn host_with(&self, credentials: Credentials) -> Arc<Host> {
        let config = ClientConfig {
            api_url: self.api_url(),
            credentials,
            headers: Vec::new(),
            trace: false,
            retry: RetryPolicy::default(),
        };
        let client = Client::new(config, IONOS.dialect, Cancel::default()).expect("client");
        Arc::new(Host::new(vec![(&IONOS, Arc::new(client))], self.runtime.handle().clone()))
    }

    /// A host talking to both APIs of the emulator, as `ionosh run --sim` does: IONOS with
    /// any valid credentials, NetFoundry logging in at the emulator's token endpoint.
    pub fn host_all(&self) -> Arc<Host> {
        let cancel = Cancel::default();
        let connections = provider::ALL
            .iter()
            .map(|p| {
                let config = ClientConfig {
                    api_url: format!("{}{}", self.base_url(), p.sim_root),
                    credentials: (p.sim_credentials)(&self.base_url()),
                    headers: Vec::new(),
                    trace: false,
                    retry: RetryPolicy::default(),
                };
                let client = Client::new(config, p.dialect, cancel.clone()).expect("client");
                (*p, Arc::new(client))
            })
            .collect();
        Arc::new(Host::new(connections, self.runtime.handle().clone()))
    }

    /// Runs a script against both APIs (see [`World::host_all`]) to its value, or its error as
    /// the user would read it.
    pub fn eval_all(&self, script: &str) -> Result<Dynamic, String> {
        eval_with(&self.host_all(), script)
    }

    /// Runs a script against both APIs and returns its value as JSON.
    pub fn json_all(&self, script: &str) -> serde_json::Value {
        let value = self.eval_all(script).unwrap_or_else(|e| panic!("script failed: {e}"));
        rhai::serde::from_dynamic(&value).expect("JSON value")
    }

    /// A host with any valid credentials.
    pub fn host(&self) -> Arc<Host> {
        self.host_with(Credentials::Basic { user: "test@example.com".into(), password: "secret".into() })
    }

    /// Runs a script to its value, or its error as the user would read it.
    pub fn eval(&self, script: &str) -> Result<Dynamic, String> {
        eval_with(&self.host(), script)
    }

    /// Runs a script whose value is JSON-convertible and returns that JSON.
    pub fn json(&self, script: &str) -> serde_json::Value {
        let value = self.eval(script).unwrap_or_else(|e| panic!("script failed: {e}"));
        rhai::serde::from_dynamic(&value).expect("JSON value")
    }

    /// Sends an emulator control or read (`/_sim/...`) and answers its JSON.
    pub fn sim(&self, method: reqwest::Method, path: &str) -> serde_json::Value {
        let url = format!("{}{path}", self.base_url());
        self.runtime.block_on(async {
            let response = reqwest::Client::new().request(method, url).send().await.expect("control request");
            assert!(response.status().is_success(), "{path} answered {}", response.status());
            response.json().await.expect("JSON")
        })
    }

    /// Forgets the requests the emulator counted so far.
    pub fn forget_requests(&self) {
        self.sim(reqwest::Method::DELETE, "/_sim/stats");
    }

    /// Sends an emulator control request (`/_sim/...`).
    pub fn control(&self, path: &str, body: serde_json::Value) {
        let url = format!("{}{path}", self.base_url());
        self.runtime.block_on(async {
            let status = reqwest::Client::new().post(url).json(&body).send().await.expect("control request").status();
            assert!(status.is_success(), "control {path} answered {status}");
        });
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
