//! Scripts against the IONOS API of a [`World`]'s emulator: a host with credentials of the
//! test's choosing (or any valid ones), and a script's value, its error, or its value as JSON.

use std::sync::Arc;

use ionosh::client::{Cancel, Credentials};
use ionosh::engine::Host;
use ionosh::provider::ionos::IONOS;
use ionosh::provider::Settings;
use ionosh::session::{self, ClientOptions};
use rhai::Dynamic;

use crate::world::{eval_with, World};

impl World {
    /// The emulator's IONOS Cloud API URL (`…/cloudapi/v6`).
    pub fn api_url(&self) -> String {
        self.sim.as_ref().expect("running").api_url()
    }

    /// A host with the given credentials, wired as a session wires it, with `options`.
    pub fn host_with_options(&self, credentials: Credentials, options: &ClientOptions) -> Arc<Host> {
        let base_url = self.sim.as_ref().expect("running").base_url();
        let settings = Settings { credentials: Some(credentials), ..session::sim_settings(&IONOS, &base_url) };
        let connections = session::clients(vec![(&IONOS, settings)], options, &Cancel::default()).expect("clients");
        Arc::new(Host::new(connections, self.runtime.handle().clone()))
    }

    /// A host with the given credentials.
    pub fn host_with(&self, credentials: Credentials) -> Arc<Host> {
        self.host_with_options(credentials, &ClientOptions::default())
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
}
