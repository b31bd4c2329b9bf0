//! The emulator over real HTTP: what a client of the IONOS Cloud API sees.

use std::time::Duration;

use ionosh::sim::{self, AuthPolicy, SimConfig, SimHandle, StateLocation};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const DELAY: Duration = Duration::from_millis(300);

async fn start(state: StateLocation, auth: AuthPolicy) -> SimHandle {
    let config = SimConfig {
        listen: "127.0.0.1:0".parse().expect("address"),
        state,
        delay: ionosh::sim::Delay::Fixed(DELAY),
        auth,
        idle: SimConfig::IDLE,
    };
    sim::start(config, ionosh::provider::emulations(ionosh::provider::ALL)).await.expect("emulator starts")
}

async fn emulator() -> SimHandle {
    start(StateLocation::Ephemeral, AuthPolicy::AnyCredentials).await
}

/// An answer: status, headers and the body parsed as JSON (`null` when empty).
struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    text: String,
    body: Value,
}

impl Answer {
    fn location(&self) -> String {
        self.headers.get("location").and_then(|v| v.to_str().ok()).expect("a Location header").to_string()
    }
}

async fn call(method: Method, url: &str, body: Option<Value>) -> Answer {
    let mut request = reqwest::Client::new().request(method, url).basic_auth("tester@example.com", Some("pw"));
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    answer(request).await
}

async fn answer(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the emulator answers");
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).expect("a JSON body") };
    Answer { status, headers, text, body }
}

async fn get(url: &str) -> Answer {
    call(Method::GET, url, None).await
}

/// Polls a request status URL until it is final (bounded), returning the last status object.
async fn wait(status_url: &str) -> Value {
    for _ in 0..200 {
        let status = get(status_url).await.body;
        if matches!(status["metadata"]["status"].as_str(), Some("DONE" | "FAILED")) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("request {status_url} did not finish");
}

async fn create_dc(api: &str, name: &str) -> (String, String) {
    let created = call(
        Method::POST,
        &format!("{api}/datacenters"),
        Some(json!({"properties": {"name": name, "location": "de/fra"}})),
    )
    .await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    (created.body["id"].as_str().expect("an id").to_string(), created.location())
}

fn assert_error(answer: &Answer, status: u16, needle: &str) {
    assert_eq!(answer.status.as_u16(), status, "{}", answer.text);
    assert_eq!(answer.body["httpStatus"], status);
    let message = answer.body["messages"][0]["message"].as_str().unwrap_or_default();
    assert!(answer.body["messages"][0]["errorCode"].is_string());
    assert!(message.contains(needle), "message {message:?} should mention {needle:?}");
}

#[tokio::test]
async fn info_needs_no_credentials_and_every_answer_carries_rate_limits() {
    let sim = emulator().await;
    for url in [sim.api_url(), format!("{}/", sim.api_url())] {
        let info = answer(reqwest::Client::new().get(&url)).await;
        assert_eq!(info.status, StatusCode::OK, "{url}");
        assert_eq!(info.body["name"], "CLOUD API");
        assert!(info.body["href"].as_str().is_some_and(|h| h.starts_with(&sim.api_url())));
        for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-burst"] {
            assert!(info.headers.contains_key(name), "{name}");
        }
    }
    let health = answer(reqwest::Client::new().get(format!("{}/_sim/health", sim.base_url()))).await;
    assert_eq!(health.body, json!({"status": "ok"}));
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn only_the_configured_credentials_are_accepted() {
    let auth = AuthPolicy::Only { user: Some(("alice".into(), "secret".into())), token: Some("tok".into()) };
    let sim = start(StateLocation::Ephemeral, auth).await;
    let url = format!("{}/datacenters", sim.api_url());
    let client = reqwest::Client::new();
    let anonymous = answer(client.get(&url)).await;
    assert_eq!(
        anonymous.body,
        json!({"httpStatus": 401, "messages": [{"errorCode": "315", "message": "Unauthorized"}]})
    );
    assert!(anonymous.headers.contains_key("x-ratelimit-limit"));
    assert_error(&answer(client.get(&url).basic_auth("alice", Some("wrong"))).await, 401, "Unauthorized");
    assert_error(&answer(client.get(&url).bearer_auth("other")).await, 401, "Unauthorized");
    assert_eq!(answer(client.get(&url).basic_auth("alice", Some("secret"))).await.status, StatusCode::OK);
    assert_eq!(answer(client.get(&url).bearer_auth("tok")).await.status, StatusCode::OK);
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_created_datacenter_is_busy_until_its_request_is_done() {
    let sim = emulator().await;
    let api = sim.api_url();
    let created = call(
        Method::POST,
        &format!("{api}/datacenters"),
        Some(json!({"properties": {"name": "web", "location": "de/fra"}})),
    )
    .await;
    assert_eq!(created.status, StatusCode::ACCEPTED);
    let location = created.location();
    let request_id = location
        .strip_prefix(&format!("{api}/requests/"))
        .and_then(|rest| rest.strip_suffix("/status"))
        .expect("Location is <api>/requests/<id>/status");
    assert!(uuid::Uuid::parse_str(request_id).is_ok() && request_id == request_id.to_lowercase(), "{request_id}");
    let dc = &created.body;
    assert_eq!(dc["type"], "datacenter");
    assert_eq!(dc["metadata"]["state"], "BUSY");
    assert_eq!(dc["metadata"]["createdBy"], "tester@example.com");
    assert!(dc["metadata"]["createdDate"].as_str().is_some_and(|d| d.ends_with('Z')));
    // What was sent, and null for what provisioning fills in, as the API's 202 shows it.
    assert_eq!(dc["properties"]["name"], "web");
    assert_eq!(dc["properties"]["location"], "de/fra");
    for filled in ["version", "features", "cpuArchitecture"] {
        assert!(dc["properties"][filled].is_null(), "{filled}: {dc}");
    }
    let id = dc["id"].as_str().expect("id");
    assert_eq!(dc["href"], format!("{api}/datacenters/{id}"));

    let early = get(&location).await.body;
    assert!(matches!(early["metadata"]["status"].as_str(), Some("QUEUED" | "RUNNING")), "{early}");
    let done = wait(&location).await;
    assert_eq!(done["metadata"]["status"], "DONE");
    assert_eq!(done["type"], "request-status");
    assert_eq!(done["metadata"]["targets"][0]["target"]["id"], id);
    assert_eq!(done["metadata"]["targets"][0]["target"]["type"], "datacenter");
    assert_eq!(done["metadata"]["targets"][0]["status"], "DONE");
    let now = get(&format!("{api}/datacenters/{id}")).await.body;
    assert_eq!(now["metadata"]["state"], "AVAILABLE");
    assert_eq!(now["properties"]["version"], 1);
    assert!(now["properties"]["features"].as_array().is_some_and(|f| !f.is_empty()));
    assert!(now["properties"]["cpuArchitecture"][0]["cpuFamily"].is_string());
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_request_on_a_busy_resource_waits_for_the_earlier_one() {
    let sim = emulator().await;
    let api = sim.api_url();
    let (id, first) = create_dc(&api, "one").await;
    let patched = call(Method::PATCH, &format!("{api}/datacenters/{id}"), Some(json!({"name": "two"}))).await;
    assert_eq!(patched.status, StatusCode::ACCEPTED, "{}", patched.text);
    assert_eq!(patched.body["properties"]["name"], "two");
    assert_eq!(patched.body["properties"]["version"], 2);
    let second = patched.location();
    assert_eq!(get(&second).await.body["metadata"]["status"], "QUEUED");
    let mut first_done_alone = false;
    for _ in 0..200 {
        let a = get(&first).await.body["metadata"]["status"].clone();
        let b = get(&second).await.body["metadata"]["status"].clone();
        if b == "DONE" {
            break;
        }
        first_done_alone |= a == "DONE";
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(first_done_alone, "the first request finished while the second was still pending");
    assert_eq!(wait(&second).await["metadata"]["status"], "DONE");
    assert_eq!(get(&format!("{api}/datacenters/{id}")).await.body["metadata"]["state"], "AVAILABLE");
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn lists_hold_references_at_depth_0_and_full_items_deeper_with_v6_paging() {
    let sim = emulator().await;
    let api = sim.api_url();
    let (a, _) = create_dc(&api, "a").await;
    let (b, _) = create_dc(&api, "b").await;

    let list = get(&format!("{api}/datacenters")).await.body;
    assert_eq!(list["id"], "datacenters");
    assert_eq!(list["type"], "collection");
    assert_eq!(
        list["items"],
        json!([
            {"id": a, "type": "datacenter", "href": format!("{api}/datacenters/{a}")},
            {"id": b, "type": "datacenter", "href": format!("{api}/datacenters/{b}")},
        ])
    );
    assert_eq!(list["offset"], 0);
    assert_eq!(list["limit"], 1000);
    assert!(list["_links"]["self"].is_string());

    let deep = get(&format!("{api}/datacenters?depth=1")).await.body;
    assert_eq!(deep["items"][0]["properties"]["name"], "a");
    assert!(deep["items"][0].get("entities").is_none());
    let deeper = get(&format!("{api}/datacenters?depth=2")).await.body;
    assert_eq!(deeper["items"][1]["entities"]["servers"]["items"], json!([]));

    let page = get(&format!("{api}/datacenters?offset=1&limit=1")).await.body;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(page["items"][0]["id"], b.as_str());
    assert!(page["_links"]["prev"].is_string());
    assert!(page["_links"].get("next").is_none());

    let v5 = get(&format!("{}/cloudapi/v5/datacenters?depth=1", sim.base_url())).await;
    assert_eq!(v5.status, StatusCode::OK);
    assert_eq!(v5.body["items"][0]["href"], format!("{}/cloudapi/v5/datacenters/{a}", sim.base_url()));
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn entities_appear_from_depth_1_and_depth_is_checked() {
    let sim = emulator().await;
    let api = sim.api_url();
    let (id, _) = create_dc(&api, "e").await;
    let url = format!("{api}/datacenters/{id}");
    assert!(get(&url).await.body.get("entities").is_none());
    let deep = get(&format!("{url}?depth=1")).await.body;
    for name in ["servers", "volumes", "lans", "loadbalancers"] {
        let entity = &deep["entities"][name];
        assert_eq!(entity["id"], format!("{id}/{name}"));
        assert_eq!(entity["type"], "collection");
        assert_eq!(entity["href"], format!("{url}/{name}"));
        assert_eq!(entity["items"], json!([]));
    }
    assert_error(&get(&format!("{url}?depth=11")).await, 422, "depth");
    assert_error(&get(&format!("{url}?depth=deep")).await, 422, "depth");
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn pretty_accepts_the_python_spellings() {
    let sim = emulator().await;
    let api = sim.api_url();
    for value in ["true", "True", "false", "False"] {
        let answer = get(&format!("{api}/locations?pretty={value}")).await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.text.contains('\n'), value.eq_ignore_ascii_case("true"), "{value}");
    }
    assert_error(&get(&format!("{api}/locations?pretty=maybe")).await, 422, "pretty");
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn locations_are_seeded() {
    let sim = emulator().await;
    let api = sim.api_url();
    let all = get(&format!("{api}/locations?depth=1")).await.body;
    let items = all["items"].as_array().expect("items");
    assert_eq!(items.len(), 8);
    let fra = get(&format!("{api}/locations/de/fra")).await.body;
    assert_eq!(fra["id"], "de/fra");
    assert_eq!(fra["properties"]["name"], "Frankfurt");
    assert!(fra["properties"]["imageAliases"].as_array().is_some_and(|a| a.contains(&json!("ubuntu:latest"))));
    assert!(fra["properties"]["cpuArchitecture"][0]["maxCores"].is_number());
    let de = get(&format!("{api}/locations/de")).await.body;
    assert_eq!(de["items"].as_array().map(Vec::len), Some(3));
    assert_error(&get(&format!("{api}/locations/xx/yyy")).await, 404, "Resource does not exist");
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn invalid_bodies_are_refused_with_the_attribute_named() {
    let sim = emulator().await;
    let api = sim.api_url();
    let url = format!("{api}/datacenters");
    assert_error(
        &call(Method::POST, &url, Some(json!({"name": "x"}))).await,
        422,
        "Attribute 'properties' is required",
    );
    assert_error(
        &call(Method::POST, &url, Some(json!({"properties": {"name": "x"}}))).await,
        422,
        "Attribute 'location' is required",
    );
    let bad = call(Method::POST, &url, Some(json!({"properties": {"name": "x", "location": "xx/yyy"}}))).await;
    assert_error(&bad, 422, "'location'");
    assert_error(&bad, 422, "de/fra");
    assert_error(
        &call(
            Method::POST,
            &url,
            Some(
                json!({"properties": {"location": "de/fra"}, "entities": {"servers": {"items": [{"properties": {}}]}}}),
            ),
        )
        .await,
        422,
        "servers",
    );
    let malformed = answer(reqwest::Client::new().post(&url).basic_auth("u", Some("p")).body("{not json")).await;
    assert_error(&malformed, 400, "JSON");

    let (id, _) = create_dc(&api, "fixed").await;
    let dc = format!("{url}/{id}");
    assert_error(&call(Method::PATCH, &dc, Some(json!({"location": "us/las"}))).await, 422, "'location'");
    assert_error(&call(Method::PUT, &dc, Some(json!({"properties": {"location": "us/las"}}))).await, 422, "'location'");
    assert_error(&call(Method::PATCH, &dc, Some(json!({"colour": "red"}))).await, 422, "'colour'");
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn unknown_things_get_404_and_wrong_methods_405_in_the_error_shape() {
    let sim = emulator().await;
    let api = sim.api_url();
    let missing = get(&format!("{api}/datacenters/00000000-0000-0000-0000-000000000000")).await;
    assert_eq!(
        missing.body,
        json!({"httpStatus": 404, "messages": [{"errorCode": "309", "message": "Resource does not exist"}]})
    );
    assert_error(&get(&format!("{api}/no-such-thing")).await, 404, "Resource does not exist");
    assert_error(&get(&format!("{api}/requests/not-a-request/status")).await, 404, "Resource does not exist");
    let wrong = call(Method::DELETE, &format!("{api}/datacenters"), None).await;
    assert_error(&wrong, 405, "");
    assert!(wrong.headers.contains_key("x-ratelimit-limit"));
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn bodies_without_content_type_are_parsed_and_string_values_coerced() {
    let sim = emulator().await;
    let api = sim.api_url();
    let body = json!({"properties": {"name": "plain", "location": "us/las", "secAuthProtection": "true"}}).to_string();
    let created =
        answer(reqwest::Client::new().post(format!("{api}/datacenters")).basic_auth("u", Some("p")).body(body)).await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    assert_eq!(created.body["properties"]["secAuthProtection"], true);
    assert_eq!(created.body["properties"]["location"], "us/las");

    let v5 = format!("{}/cloudapi/v5", sim.base_url());
    let body = json!({"properties": {"name": "old", "location": "de/fkb"}}).to_string();
    let created =
        answer(reqwest::Client::new().post(format!("{v5}/datacenters")).basic_auth("u", Some("p")).body(body)).await;
    assert!(created.location().starts_with(&format!("{v5}/requests/")));
    assert!(created.body["href"].as_str().is_some_and(|h| h.starts_with(&v5)));
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn put_replaces_the_changeable_properties() {
    let sim = emulator().await;
    let api = sim.api_url();
    let created = call(
        Method::POST,
        &format!("{api}/datacenters"),
        Some(json!({"properties": {"name": "a", "description": "old", "location": "de/txl"}})),
    )
    .await;
    let id = created.body["id"].as_str().expect("id");
    let put = call(Method::PUT, &format!("{api}/datacenters/{id}"), Some(json!({"properties": {"name": "b"}}))).await;
    assert_eq!(put.status, StatusCode::ACCEPTED, "{}", put.text);
    let properties = &put.body["properties"];
    assert_eq!(properties["name"], "b");
    assert!(properties["description"].is_null(), "a PUT clears what it leaves out");
    assert_eq!(properties["location"], "de/txl");
    assert_eq!(properties["version"], 2);
    assert_ne!(put.body["metadata"]["etag"], created.body["metadata"]["etag"]);
    wait(&put.location()).await;
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_deleted_datacenter_is_gone_once_its_request_is_done() {
    let sim = emulator().await;
    let api = sim.api_url();
    let (id, _) = create_dc(&api, "doomed").await;
    let url = format!("{api}/datacenters/{id}");
    let deleted = call(Method::DELETE, &url, None).await;
    assert_eq!(deleted.status, StatusCode::ACCEPTED);
    assert!(deleted.text.is_empty());
    assert_eq!(get(&url).await.body["metadata"]["state"], "BUSY");
    assert_eq!(wait(&deleted.location()).await["metadata"]["status"], "DONE");
    assert_error(&get(&url).await, 404, "Resource does not exist");
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("nested").join("state.json");
    let sim = start(StateLocation::File(file.clone()), AuthPolicy::AnyCredentials).await;
    let (id, location) = create_dc(&sim.api_url(), "kept").await;
    wait(&location).await;
    sim.shutdown().await.expect("stops");
    assert!(file.exists());

    let sim = start(StateLocation::File(file), AuthPolicy::AnyCredentials).await;
    let api = sim.api_url();
    let dc = get(&format!("{api}/datacenters/{id}")).await;
    assert_eq!(dc.status, StatusCode::OK);
    assert_eq!(dc.body["properties"]["name"], "kept");
    assert_eq!(dc.body["metadata"]["state"], "AVAILABLE");
    let requests = get(&format!("{api}/requests")).await.body;
    assert_eq!(requests["items"].as_array().map(Vec::len), Some(1));
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn a_corrupt_state_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("state.json");
    std::fs::write(&file, "{ this is not state").expect("write");
    let config = SimConfig {
        listen: "127.0.0.1:0".parse().expect("address"),
        state: StateLocation::File(file.clone()),
        delay: ionosh::sim::Delay::Fixed(DELAY),
        auth: AuthPolicy::AnyCredentials,
        idle: SimConfig::IDLE,
    };
    let error = sim::start(config, ionosh::provider::emulations(ionosh::provider::ALL))
        .await
        .expect_err("a corrupt file is refused")
        .to_string();
    assert!(error.contains(&file.display().to_string()), "{error}");
    assert!(error.contains("untouched"), "{error}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "{ this is not state");
}

#[tokio::test]
async fn fail_next_makes_the_next_request_fail_and_rolls_the_create_back() {
    let sim = emulator().await;
    let api = sim.api_url();
    let armed = answer(
        reqwest::Client::new().post(format!("{}/_sim/fail-next", sim.base_url())).body(r#"{"message":"disk on fire"}"#),
    )
    .await;
    assert_eq!(armed.status, StatusCode::OK, "{}", armed.text);
    let (id, location) = create_dc(&api, "unlucky").await;
    let status = wait(&location).await;
    assert_eq!(status["metadata"]["status"], "FAILED");
    assert_eq!(status["metadata"]["message"], "disk on fire");
    assert_eq!(status["metadata"]["targets"][0]["status"], "FAILED");
    assert_error(&get(&format!("{api}/datacenters/{id}")).await, 404, "Resource does not exist");
    let (_, next) = create_dc(&api, "lucky").await;
    assert_eq!(wait(&next).await["metadata"]["status"], "DONE");
    sim.shutdown().await.expect("stops");
}

#[tokio::test]
async fn requests_are_listed_newest_first_filtered_and_shown() {
    let sim = emulator().await;
    let api = sim.api_url();
    let (id, created) = create_dc(&api, "r").await;
    let patched = call(Method::PATCH, &format!("{api}/datacenters/{id}"), Some(json!({"description": "d"}))).await;
    let patch_id = wire_id(&patched.location());
    let create_id = wire_id(&created);

    let all = get(&format!("{api}/requests")).await.body;
    let ids: Vec<&str> = all["items"].as_array().expect("items").iter().filter_map(|i| i["id"].as_str()).collect();
    assert_eq!(ids, [patch_id.as_str(), create_id.as_str()]);
    assert_eq!(all["limit"], 1000);
    assert!(all["_links"]["self"].is_string());

    let only = |query: &str| {
        let url = format!("{api}/requests?depth=1&{query}");
        async move { get(&url).await }
    };
    let patches = only("filter.method=patch").await.body;
    assert_eq!(patches["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(patches["items"][0]["properties"]["method"], "PATCH");
    assert_eq!(only(&format!("filter.url={id}")).await.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(only("filter.body=description").await.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(only("filter.createdAfter=2999-01-01%2000:00:00").await.body["items"], json!([]));
    assert_eq!(
        only("filter.createdBefore=2999-01-01%2000:00:00").await.body["items"].as_array().map(Vec::len),
        Some(2)
    );
    assert_error(&only("filter.createdAfter=yesterday").await, 422, "filter.createdAfter");
    wait(&patched.location()).await;
    assert_eq!(only("filter.status=DONE").await.body["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(only("filter.status=QUEUED").await.body["items"], json!([]));

    let shallow = get(&format!("{api}/requests/{create_id}")).await.body;
    assert_eq!(shallow["type"], "request");
    assert_eq!(shallow["properties"]["method"], "POST");
    assert_eq!(shallow["properties"]["url"], format!("{api}/datacenters"));
    assert!(shallow["properties"]["body"].as_str().is_some_and(|b| b.contains("de/fra")));
    assert!(shallow["properties"]["headers"].get("authorization").is_none());
    assert_eq!(shallow["metadata"]["createdBy"], "tester@example.com");
    assert_eq!(shallow["metadata"]["requestStatus"], json!({"href": created}));
    let deep = get(&format!("{api}/requests/{create_id}?depth=1")).await.body;
    assert_eq!(deep["metadata"]["requestStatus"]["metadata"]["status"], "DONE");
    assert_eq!(deep["metadata"]["requestStatus"]["metadata"]["targets"][0]["target"]["id"], id.as_str());
    sim.shutdown().await.expect("stops");
}

fn wire_id(location: &str) -> String {
    ionosh::provider::ionos::wire::request_id_from_location(location).expect("a request id")
}
