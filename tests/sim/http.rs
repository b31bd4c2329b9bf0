//! Raw HTTP access to an emulator for tests: calls relative to the v6 root, answers with
//! status, headers and JSON body, and a bounded wait on an accepted request's status.

use std::time::Duration;

use ionosh::sim::{self, AuthPolicy, SimConfig, SimHandle, StateLocation};
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// An emulator in memory with a short provisioning delay.
pub struct Api {
    /// The emulator.
    pub sim: SimHandle,
    /// Its v6 API URL, which the paths of calls are relative to.
    pub root: String,
}

/// An answer: status, headers, and the body as text and parsed as JSON (`null` when empty).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Answer {
    /// The `Location` header of an accepted mutation.
    pub fn location(&self) -> String {
        self.headers.get("location").and_then(|v| v.to_str().ok()).expect("a Location header").to_string()
    }

    /// Asserts an error answer in the API's shape whose message contains `needle`.
    pub fn assert_error(&self, status: u16, needle: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", self.text);
        assert_eq!(self.body["httpStatus"], status, "{}", self.text);
        let message = self.body["messages"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(needle), "{message:?} does not contain {needle:?}");
    }

    /// The `id` of the answered object.
    pub fn id(&self) -> String {
        self.body["id"].as_str().unwrap_or_else(|| panic!("no id in {}", self.text)).to_string()
    }
}

impl Api {
    /// Starts an emulator with a `delay_ms` provisioning delay.
    pub async fn start(delay_ms: u64) -> Api {
        Api::with_delay(ionosh::sim::Delay::Fixed(Duration::from_millis(delay_ms))).await
    }

    /// Starts an emulator in memory with these provisioning delays.
    pub async fn with_delay(delay: ionosh::sim::Delay) -> Api {
        let config = SimConfig {
            listen: "127.0.0.1:0".parse().expect("address"),
            state: StateLocation::Ephemeral,
            delay,
            auth: AuthPolicy::AnyCredentials,
            idle: SimConfig::IDLE,
        };
        let sim =
            sim::start(config, ionosh::provider::emulations(ionosh::provider::ALL)).await.expect("emulator starts");
        let root = sim.api_url();
        Api { sim, root }
    }

    /// Starts an emulator with its state in the database at `state`.
    pub async fn start_on(state: &std::path::Path, delay_ms: u64) -> Api {
        let config = SimConfig {
            listen: "127.0.0.1:0".parse().expect("address"),
            state: StateLocation::File(state.to_path_buf()),
            delay: ionosh::sim::Delay::Fixed(Duration::from_millis(delay_ms)),
            auth: AuthPolicy::AnyCredentials,
            idle: SimConfig::IDLE,
        };
        let sim =
            sim::start(config, ionosh::provider::emulations(ionosh::provider::ALL)).await.expect("emulator starts");
        let root = sim.api_url();
        Api { sim, root }
    }

    /// Stops the emulator.
    pub async fn stop(self) {
        self.sim.shutdown().await.expect("stops");
    }

    /// `path` under the v6 root, or as it is when it is a whole URL (a `Location`, a control).
    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.root)
        }
    }

    /// Sends `body` as it is (no Content-Type unless `content_type` is given).
    pub async fn raw(&self, method: Method, path: &str, body: &str, content_type: Option<&str>) -> Answer {
        let mut request =
            reqwest::Client::new().request(method, self.url(path)).basic_auth("tester@example.com", Some("pw"));
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        let response = request.body(body.to_string()).send().await.expect("the emulator answers");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("a body");
        let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).expect("a JSON body") };
        Answer { status, headers, text, body }
    }

    /// A JSON call (`Value::Null` sends no body).
    pub async fn call(&self, method: Method, path: &str, body: &Value) -> Answer {
        let text = if body.is_null() { String::new() } else { body.to_string() };
        self.raw(method, path, &text, Some("application/json")).await
    }

    /// A GET.
    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, &Value::Null).await
    }

    /// A POST of a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.call(Method::POST, path, body).await
    }

    /// A PATCH of a JSON body.
    pub async fn patch(&self, path: &str, body: &Value) -> Answer {
        self.call(Method::PATCH, path, body).await
    }

    /// A PUT of a JSON body.
    pub async fn put(&self, path: &str, body: &Value) -> Answer {
        self.call(Method::PUT, path, body).await
    }

    /// A DELETE.
    pub async fn delete(&self, path: &str) -> Answer {
        self.call(Method::DELETE, path, &Value::Null).await
    }

    /// A form-encoded POST, as the classic SDK sends actions.
    pub async fn form(&self, path: &str, form: &str) -> Answer {
        self.raw(Method::POST, path, form, Some("application/x-www-form-urlencoded; charset=UTF-8")).await
    }

    /// Polls the status of an accepted request until it is final (bounded); returns it.
    pub async fn wait(&self, accepted: &Answer) -> Value {
        assert_eq!(accepted.status, StatusCode::ACCEPTED, "{}", accepted.text);
        let location = accepted.location();
        for _ in 0..300 {
            let status = self.get(&location).await.body;
            if matches!(status["metadata"]["status"].as_str(), Some("DONE" | "FAILED")) {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("request {location} did not finish");
    }

    /// Sends a mutation, checks it was accepted and waits until it is done; returns the answer,
    /// its body the object as it now is (the 202 of a create shows `null` for what
    /// provisioning fills in) when the answer names one that is still there.
    pub async fn done(&self, accepted: Answer) -> Answer {
        let status = self.wait(&accepted).await;
        assert_eq!(status["metadata"]["status"], "DONE", "{status}");
        let href = accepted.body["href"].as_str().and_then(|h| h.strip_prefix(&self.root)).map(str::to_string);
        let Some(path) = href else { return accepted };
        let now = self.get(&path).await;
        if now.status != StatusCode::OK {
            return accepted;
        }
        Answer { body: now.body, text: now.text, ..accepted }
    }

    /// Creates a data center in `location` and waits for it; returns its path (`/datacenters/ID`).
    pub async fn datacenter(&self, location: &str) -> String {
        let body = serde_json::json!({"properties": {"name": "test", "location": location}});
        let created = self.done(self.post("/datacenters", &body).await).await;
        format!("/datacenters/{}", created.id())
    }

    /// The public image of `location` named `name`'s id.
    pub async fn image(&self, location: &str, name_prefix: &str) -> String {
        let images = self.get("/images?depth=1").await.body;
        images["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|i| {
                i["properties"]["location"] == location
                    && i["properties"]["name"].as_str().is_some_and(|n| n.starts_with(name_prefix))
            })
            .and_then(|i| i["id"].as_str())
            .unwrap_or_else(|| panic!("no image {name_prefix} in {location}"))
            .to_string()
    }
}
