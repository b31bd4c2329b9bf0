//! What the NetFoundry tests add to the shared [`World`]: scripts run against both APIs of the
//! emulator at once, as `ionosh run --sim` runs them, and the emulator's request log read and
//! forgotten, so a test can count what a script sent.

use std::sync::Arc;

use ionosh::client::Cancel;
use ionosh::engine::Host;
use ionosh::provider;
use ionosh::session::{self, ClientOptions};
use rhai::Dynamic;

use crate::world::{eval_with, World};

impl World {
    /// A host talking to both APIs of the emulator, as `ionosh run --sim` does: IONOS with
    /// any valid credentials, NetFoundry logging in at the emulator's token endpoint.
    pub fn host_all(&self) -> Arc<Host> {
        let endpoints = provider::ALL.iter().map(|p| (*p, session::sim_settings(p, &self.base_url()))).collect();
        let connections = session::clients(endpoints, &ClientOptions::default(), &Cancel::default()).expect("clients");
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

    /// Sends an emulator setting (`PUT /_sim/...`, such as the faults).
    pub fn control_put(&self, path: &str, body: serde_json::Value) {
        let url = format!("{}{path}", self.base_url());
        self.runtime.block_on(async {
            let status = reqwest::Client::new().put(url).json(&body).send().await.expect("control request").status();
            assert!(status.is_success(), "PUT {path} answered {status}");
        });
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
}
