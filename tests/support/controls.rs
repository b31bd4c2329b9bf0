//! The emulator of a [`World`] steered at run time: its base URL, under which it serves its
//! `/_sim/` controls (and the NetFoundry API), and a control request (contract limits, faults,
//! the next failure…).

use crate::world::World;

impl World {
    /// The emulator's base URL: its `/_sim/` controls and the NetFoundry API are under it.
    pub fn base_url(&self) -> String {
        self.sim.as_ref().expect("running").base_url()
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
