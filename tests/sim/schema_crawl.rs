//! Every answer of the emulator, checked against the published spec of its API version.
//!
//! The test builds a rich state through the v6 and the v5 paths (every resource family, nested
//! and standalone, in two locations), then crawls every route the emulator serves under both
//! prefixes: each GET at depth 0 to 3, a PATCH and a PUT of every object that has them, the
//! error answers for an unknown id and a malformed body, and finally every DELETE. Each
//! answer is validated against the spec's schema for that operation and status (see
//! `openapi.rs` for how strictly): creates and waits included, since they pass through the
//! same check.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use ionosh::sim;
use reqwest::Method;
use serde_json::{json, Value};

use crate::http;
use crate::openapi::Spec;

/// An id that names nothing.
const MISSING: &str = "00000000-0000-0000-0000-0000000000aa";

/// One answer: status and body (JSON, or the text as a string when it is not JSON).
struct Answer {
    status: u16,
    body: Value,
    location: Option<String>,
}

/// The crawler: sends requests under one version's root and checks every answer.
struct Crawler {
    client: reqwest::Client,
    base: String,
    spec: Spec,
    failures: BTreeSet<String>,
    checked: usize,
    /// Catalog path parameter name → id, for this version's objects.
    ids: BTreeMap<&'static str, String>,
}

impl Crawler {
    fn new(base: &str, version: &'static str) -> Crawler {
        Crawler {
            client: reqwest::Client::new(),
            base: base.to_string(),
            spec: Spec::load(version),
            failures: BTreeSet::new(),
            checked: 0,
            ids: BTreeMap::new(),
        }
    }

    fn root(&self) -> String {
        format!("{}/cloudapi/{}", self.base, self.spec.version)
    }

    /// Sends a request (`path` relative to the version's root, query allowed) and checks the
    /// answer against the spec.
    async fn send(&mut self, method: Method, path: &str, body: Body<'_>) -> Answer {
        let url = format!("{}{path}", self.root());
        let mut request = self.client.request(method.clone(), &url).basic_auth("crawler@example.com", Some("pw"));
        request = match body {
            Body::None => request,
            Body::Json(value) => request.header("content-type", "application/json").body(value.to_string()),
            Body::Form(text) => {
                request.header("content-type", "application/x-www-form-urlencoded").body(text.to_string())
            }
        };
        let response = request.send().await.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = response.status().as_u16();
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
        let json =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|t| t.contains("json"));
        let text = response.text().await.unwrap_or_default();
        let body = match (text.is_empty(), json) {
            (true, _) => Value::Null,
            (false, true) => serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {url}: {e}: {text}")),
            (false, false) => Value::String(text),
        };
        let bare = path.split('?').next().unwrap_or_default();
        if status >= 500 {
            self.failures.insert(format!("{method} {bare}: {status} {body}"));
        }
        self.checked += 1;
        for failure in self.spec.check(method.as_str(), bare, status, &body) {
            self.failures.insert(format!("{} {failure}", self.spec.version));
        }
        Answer { status, body, location }
    }

    async fn get(&mut self, path: &str) -> Answer {
        self.send(Method::GET, path, Body::None).await
    }

    /// Sends a mutation, expects it accepted and waits for its request to finish DONE;
    /// returns the answer.
    async fn done(&mut self, method: Method, path: &str, body: Body<'_>) -> Answer {
        let answer = self.send(method.clone(), path, body).await;
        assert!(matches!(answer.status, 200..=202), "{method} {path}: {} {}", answer.status, answer.body);
        if let Some(location) = answer.location.clone() {
            let status_path = location.split(&format!("/cloudapi/{}", self.spec.version)).nth(1).unwrap_or_default();
            let status_path = status_path.to_string();
            for _ in 0..500 {
                let status = self.get(&status_path).await.body;
                match status["metadata"]["status"].as_str() {
                    Some("DONE") => {
                        self.ids.insert("request_id", request_id(&status_path));
                        return answer;
                    }
                    Some("FAILED") => panic!("{method} {path} failed: {status}"),
                    _ => tokio::time::sleep(Duration::from_millis(5)).await,
                }
            }
            panic!("{method} {path}: the request did not finish");
        }
        answer
    }

    /// Creates an object with a JSON body and waits for it; returns its id.
    async fn create(&mut self, path: &str, body: Value) -> String {
        let answer = self.done(Method::POST, path, Body::Json(&body)).await;
        answer.body["id"].as_str().unwrap_or_else(|| panic!("POST {path}: no id in {}", answer.body)).to_string()
    }

    /// A route template with this version's ids in place of its parameters. An id the
    /// families share a name for (the flow logs of NICs, gateways and balancers) is looked
    /// up by its owner's collection first (`natgateways:flowlog_id`).
    fn fill(&self, template: &str) -> Option<String> {
        let segments: Vec<&str> = template.split('/').collect();
        segments
            .iter()
            .enumerate()
            .map(|(index, segment)| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let owner = index.checked_sub(3).map(|i| segments[i]).unwrap_or_default();
                    self.ids.get(format!("{owner}:{name}").as_str()).or_else(|| self.ids.get(name)).cloned()
                }
                None => Some(segment.to_string()),
            })
            .collect::<Option<Vec<String>>>()
            .map(|segments| segments.join("/"))
    }
}

/// A request body.
#[derive(Clone, Copy)]
enum Body<'a> {
    None,
    Json(&'a Value),
    Form(&'a str),
}

/// A GET answer's JSON, unchecked (a read across versions).
async fn reqwest_json(client: &reqwest::Client, url: &str) -> Value {
    let response = client.get(url).basic_auth("crawler@example.com", Some("pw")).send().await.expect("an answer");
    response.json().await.expect("JSON")
}

/// The request id in a status path (`/requests/ID/status`).
fn request_id(status_path: &str) -> String {
    status_path.trim_start_matches("/requests/").trim_end_matches("/status").to_string()
}

/// Builds every resource family through this crawler's version and records their ids.
async fn build(c: &mut Crawler, tag: &str) {
    // v5 locations do not list their CPU families: the v6 answer tells both.
    let location = c.get("/locations/de/fra?depth=1").await.body;
    let location = match location["properties"].get("cpuArchitecture") {
        Some(Value::Array(_)) => location,
        _ => reqwest_json(&c.client, &format!("{}/cloudapi/v6/locations/de/fra", c.base)).await,
    };
    let family = location["properties"]["cpuArchitecture"][0]["cpuFamily"].as_str().unwrap_or("INTEL_XEON").to_string();
    let images = c.get("/images?depth=1").await.body;
    let image = |kind: &str| -> String {
        images["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|i| {
                i["properties"]["location"] == "de/fra"
                    && i["properties"]["imageType"] == kind
                    && i["properties"]["public"] == true
            })
            .and_then(|i| i["id"].as_str())
            .unwrap_or_else(|| panic!("a public {kind} image in de/fra"))
            .to_string()
    };
    let (hdd, iso) = (image("HDD"), image("CDROM"));

    let dc = c
        .create(
            "/datacenters",
            json!({"properties": {"name": format!("crawl-{tag}"), "location": "de/fra", "description": "crawl"}}),
        )
        .await;
    c.create("/datacenters", json!({"properties": {"name": format!("crawl-{tag}-las"), "location": "us/las"}})).await;
    let dcp = format!("/datacenters/{dc}");
    c.create(&format!("{dcp}/lans"), json!({"properties": {"name": "public", "public": true}})).await;
    let private = c.create(&format!("{dcp}/lans"), json!({"properties": {"name": "private", "public": false}})).await;
    let server = c
        .create(
            &format!("{dcp}/servers"),
            json!({"properties": {"name": "web", "cores": 2, "ram": 2048, "cpuFamily": family},
                "entities": {
                    "volumes": {"items": [{"properties": {"name": "sys", "size": 20, "image": hdd, "imagePassword": "s3cr3tpass0rd", "type": "HDD"}}]},
                    "nics": {"items": [{"properties": {"name": "eth0", "lan": 1, "dhcp": true},
                        "entities": {"firewallrules": {"items": [{"properties": {"name": "ssh", "protocol": "TCP", "portRangeStart": 22, "portRangeEnd": 22}}]}}}]}}}),
        )
        .await;
    let sp = format!("{dcp}/servers/{server}");
    let volume = c
        .create(
            &format!("{dcp}/volumes"),
            json!({"properties": {"name": "data", "size": 10, "type": "SSD", "licenceType": "OTHER"}}),
        )
        .await;
    c.done(Method::POST, &format!("{sp}/volumes"), Body::Json(&json!({"id": volume}))).await;
    c.done(Method::POST, &format!("{sp}/cdroms"), Body::Json(&json!({"id": iso}))).await;
    let nic = c
        .create(
            &format!("{sp}/nics"),
            json!({"properties": {"name": "eth1", "lan": private.parse::<i64>().unwrap_or(2)}}),
        )
        .await;
    let rule = c
        .create(
            &format!("{sp}/nics/{nic}/firewallrules"),
            json!({"properties": {"name": "web", "protocol": "TCP", "portRangeStart": 80, "portRangeEnd": 443, "sourceIp": "10.0.0.1"}}),
        )
        .await;
    let lb = c.create(&format!("{dcp}/loadbalancers"), json!({"properties": {"name": "lb", "dhcp": true}})).await;
    c.done(Method::POST, &format!("{dcp}/loadbalancers/{lb}/balancednics"), Body::Json(&json!({"id": nic}))).await;
    let vp = format!("{dcp}/volumes/{volume}");
    let snapshot =
        c.done(Method::POST, &format!("{vp}/create-snapshot"), Body::Form("name=nightly&description=crawl")).await;
    let snapshot = snapshot.body["id"].as_str().unwrap_or_default().to_string();
    c.done(Method::POST, &format!("{vp}/restore-snapshot"), Body::Form(&format!("snapshotId={snapshot}"))).await;
    for action in ["stop", "start", "reboot"] {
        c.done(Method::POST, &format!("{sp}/{action}"), Body::None).await;
    }
    let ipblock = c.create("/ipblocks", json!({"properties": {"location": "de/fra", "size": 2, "name": "ips"}})).await;

    let cluster = c.create("/k8s", json!({"properties": {"name": format!("crawl-{tag}")}})).await;
    let pool = c
        .create(
            &format!("/k8s/{cluster}/nodepools"),
            json!({"properties": {"name": "pool", "datacenterId": dc, "nodeCount": 2, "cpuFamily": family, "coresCount": 2,
                "ramSize": 2048, "availabilityZone": "AUTO", "storageType": "HDD", "storageSize": 20, "lans": [{"id": private.parse::<i64>().unwrap_or(2)}]}}),
        )
        .await;
    let nodes = c.get(&format!("/k8s/{cluster}/nodepools/{pool}/nodes")).await.body;
    let node = nodes["items"][0]["id"].as_str().unwrap_or_default().to_string();
    c.done(Method::POST, &format!("/k8s/{cluster}/nodepools/{pool}/nodes/{node}/replace"), Body::None).await;

    let backupunit = c
        .create(
            "/backupunits",
            json!({"properties": {"name": format!("bu{tag}"), "password": "topsecret1", "email": "ops@example.com"}}),
        )
        .await;
    let pcc = c.create("/pccs", json!({"properties": {"name": "pcc", "description": "crawl"}})).await;
    let user = c
        .create(
            "/um/users",
            json!({"properties": {"firstname": "Crawl", "lastname": "Er", "email": format!("crawl-{tag}@example.com"), "password": "secret 123", "administrator": false}}),
        )
        .await;
    let group = c
        .create("/um/groups", json!({"properties": {"name": format!("crawlers-{tag}"), "createDataCenter": true}}))
        .await;
    c.done(Method::POST, &format!("/um/groups/{group}/users"), Body::Json(&json!({"id": user}))).await;
    c.done(
        Method::POST,
        &format!("/um/groups/{group}/shares/{dc}"),
        Body::Json(&json!({"properties": {"editPrivilege": true}})),
    )
    .await;
    let key = c.done(Method::POST, &format!("/um/users/{user}/s3keys"), Body::None).await;
    let key = key.body["id"].as_str().unwrap_or_default().to_string();

    let ids = [
        ("datacenter_id", dc.clone()),
        ("lan_id", private),
        ("server_id", server),
        ("volume_id", volume),
        ("cdrom_id", iso),
        ("nic_id", nic),
        ("firewall_rule_id", rule),
        ("loadbalancer_id", lb),
        ("snapshot_id", snapshot),
        ("image_id", hdd),
        ("ipblock_id", ipblock),
        ("k8s_cluster_id", cluster),
        ("nodepool_id", pool),
        ("node_id", node),
        ("backupunit_id", backupunit),
        ("pcc_id", pcc),
        ("user_id", user),
        ("group_id", group),
        ("resource_id", dc),
        ("resource_type", "datacenter".to_string()),
        ("key_id", key),
        ("region_id", "de".to_string()),
        ("location_id", "fra".to_string()),
    ];
    c.ids.extend(ids);
    build_labels(c, &dcp, &sp).await;
    if c.spec.version == "v6" {
        build_v6_families(c, &dcp, &sp).await;
    }
}

/// A label `env` on a data center, a server, a volume, an IP block and a snapshot.
async fn build_labels(c: &mut Crawler, dcp: &str, sp: &str) {
    let label = json!({"properties": {"key": "env", "value": "crawl"}});
    let owners = [
        dcp.to_string(),
        sp.to_string(),
        format!("{dcp}/volumes/{}", c.ids["volume_id"]),
        format!("/ipblocks/{}", c.ids["ipblock_id"]),
        format!("/snapshots/{}", c.ids["snapshot_id"]),
    ];
    for owner in owners {
        c.done(Method::POST, &format!("{owner}/labels"), Body::Json(&label)).await;
    }
    let dc = c.ids["datacenter_id"].clone();
    c.ids.extend([("key", "env".to_string()), ("urn", format!("urn:label:datacenter:{dc}:env"))]);
}

/// The families only v6 has: NAT gateways, network and application load balancers with
/// their rules, target groups, flow logs, labels and templates.
async fn build_v6_families(c: &mut Crawler, dcp: &str, sp: &str) {
    let block =
        c.create("/ipblocks", json!({"properties": {"location": "de/fra", "size": 3, "name": "gateways"}})).await;
    let ips = c.get(&format!("/ipblocks/{block}")).await.body["properties"]["ips"].clone();
    let ip = |i: usize| ips[i].as_str().unwrap_or_default().to_string();
    let private: i64 = c.ids["lan_id"].parse().unwrap_or(2);
    let gateway = c
        .create(
            &format!("{dcp}/natgateways"),
            json!({"properties": {"name": "nat", "publicIps": [ip(0)], "lans": [{"id": private}]}}),
        )
        .await;
    let gp = format!("{dcp}/natgateways/{gateway}");
    let nat_rule = c
        .create(
            &format!("{gp}/rules"),
            json!({"properties": {"name": "out", "publicIp": ip(0), "sourceSubnet": "10.7.2.0/24", "protocol": "TCP",
                "targetPortRange": {"start": 80, "end": 443}}}),
        )
        .await;
    let flowlog =
        json!({"properties": {"name": "log", "action": "ALL", "direction": "BIDIRECTIONAL", "bucket": "logs"}});
    let gateway_log = c.create(&format!("{gp}/flowlogs"), flowlog.clone()).await;
    let group = c
        .create(
            "/targetgroups",
            json!({"properties": {"name": "web", "algorithm": "ROUND_ROBIN", "protocol": "HTTP",
                "targets": [{"ip": "10.7.2.11", "port": 80, "weight": 1}]}}),
        )
        .await;
    let nlb = c
        .create(
            &format!("{dcp}/networkloadbalancers"),
            json!({"properties": {"name": "nlb", "listenerLan": 1, "targetLan": private, "ips": [ip(1)], "lbPrivateIps": ["10.7.2.5/24"]}}),
        )
        .await;
    let np = format!("{dcp}/networkloadbalancers/{nlb}");
    let nlb_rule = c
        .create(
            &format!("{np}/forwardingrules"),
            json!({"properties": {"name": "tcp", "algorithm": "ROUND_ROBIN", "protocol": "TCP", "listenerIp": ip(1),
                "listenerPort": 80, "targets": [{"ip": "10.7.2.11", "port": 80, "weight": 1}]}}),
        )
        .await;
    let nlb_log = c.create(&format!("{np}/flowlogs"), flowlog.clone()).await;
    let alb = c
        .create(
            &format!("{dcp}/applicationloadbalancers"),
            json!({"properties": {"name": "alb", "listenerLan": 1, "targetLan": private, "ips": [ip(2)], "lbPrivateIps": ["10.7.2.6/24"]}}),
        )
        .await;
    let ap = format!("{dcp}/applicationloadbalancers/{alb}");
    let alb_rule = c
        .create(
            &format!("{ap}/forwardingrules"),
            json!({"properties": {"name": "http", "protocol": "HTTP", "listenerIp": ip(2), "listenerPort": 80,
                "httpRules": [{"name": "all", "type": "FORWARD", "targetGroup": group}]}}),
        )
        .await;
    let alb_log = c.create(&format!("{ap}/flowlogs"), flowlog.clone()).await;
    let nic = c.ids["nic_id"].clone();
    let nic_log = c.create(&format!("{sp}/nics/{nic}/flowlogs"), flowlog).await;
    let template = c.get("/templates").await.body["items"][0]["id"].as_str().unwrap_or_default().to_string();
    // A label on an image (the public images are the emulator's, shared by both versions'
    // worlds: v6 alone has image labels).
    let image = c.ids["image_id"].clone();
    c.done(
        Method::POST,
        &format!("/images/{image}/labels"),
        Body::Json(&json!({"properties": {"key": "env", "value": "crawl"}})),
    )
    .await;
    // A security group with a rule, set on the server and its NIC.
    let security_group = c.create(&format!("{dcp}/securitygroups"), json!({"properties": {"name": "web"}})).await;
    let sg_rule = c
        .create(
            &format!("{dcp}/securitygroups/{security_group}/rules"),
            json!({"properties": {"name": "https", "protocol": "TCP", "portRangeStart": 443, "portRangeEnd": 443}}),
        )
        .await;
    c.send(Method::PUT, &format!("{sp}/securitygroups"), Body::Json(&json!({"ids": [security_group]}))).await;
    c.send(Method::PUT, &format!("{sp}/nics/{nic}/securitygroups"), Body::Json(&json!({"ids": [security_group]})))
        .await;
    let ids = [
        ("natgateway_id", gateway),
        ("rule_id", nat_rule),
        ("natgateways:flowlog_id", gateway_log),
        ("targetgroup_id", group),
        ("networkloadbalancer_id", nlb),
        ("networkloadbalancers:forwardingrule_id", nlb_rule),
        ("networkloadbalancers:flowlog_id", nlb_log),
        ("applicationloadbalancer_id", alb),
        ("applicationloadbalancers:forwardingrule_id", alb_rule),
        ("applicationloadbalancers:flowlog_id", alb_log),
        ("nics:flowlog_id", nic_log),
        ("template_id", template),
        ("securitygroup_id", security_group),
        ("securitygroups:rule_id", sg_rule),
    ];
    c.ids.extend(ids);
}

/// The route templates the emulator serves under this version's prefix that the version's
/// spec has, by method.
fn routes(spec: &Spec) -> Vec<(Method, String)> {
    let prefix = format!("/cloudapi/{}", spec.version);
    let mut routes: Vec<(Method, String)> = sim::routes(&ionosh::provider::emulations(ionosh::provider::ALL))
        .into_iter()
        .filter(|r| r.prefix == prefix)
        .map(|r| {
            let method = Method::from_bytes(r.method.as_str().as_bytes()).expect("a method");
            (method, r.path.trim_start_matches(&prefix).to_string())
        })
        .filter(|(method, template)| {
            let sample: Vec<&str> = template.split('/').map(|s| if s.starts_with('{') { "x" } else { s }).collect();
            spec.template(method.as_str(), &sample.join("/")).is_some()
        })
        .collect();
    routes.sort_by(|a, b| a.1.cmp(&b.1));
    routes
}

/// GETs every route at depth 0..3.
async fn crawl_reads(c: &mut Crawler) {
    for (method, template) in routes(&c.spec) {
        if method != Method::GET {
            continue;
        }
        let path = c.fill(&template).unwrap_or_else(|| panic!("no id for {template}"));
        for depth in 0..=3 {
            let answer = c.get(&format!("{path}?depth={depth}")).await;
            if answer.status >= 400 {
                c.failures.insert(format!(
                    "{} GET {template}?depth={depth}: {} {}",
                    c.spec.version, answer.status, answer.body
                ));
            }
        }
    }
}

/// PATCHes and PUTs every object that has them with what it already holds: accepted, except
/// public images, which the API keeps from changes (403).
async fn crawl_updates(c: &mut Crawler) {
    for (method, template) in routes(&c.spec) {
        // A PUT on a collection sets a list (a server's security groups): sent as the world
        // is built, not with properties.
        if method != Method::PATCH && method != Method::PUT || !template.ends_with('}') {
            continue;
        }
        let path = c.fill(&template).unwrap_or_else(|| panic!("no id for {template}"));
        let current = c.get(&path).await.body;
        let properties: serde_json::Map<String, Value> = current["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let body = if method == Method::PATCH {
            Value::Object(properties.clone())
        } else {
            json!({ "properties": properties })
        };
        let answer = c.send(method.clone(), &path, Body::Json(&body)).await;
        if answer.status >= 400 && !(template.starts_with("/images/") && answer.status == 403) {
            c.failures.insert(format!(
                "{} {method} {template} with its own properties: {} {}",
                c.spec.version, answer.status, answer.body
            ));
        }
    }
}

/// Error answers: an unknown id on every single-object GET, a malformed body on every
/// create that takes one.
async fn crawl_errors(c: &mut Crawler) {
    for (method, template) in routes(&c.spec) {
        let Some(path) = c.fill(&template) else { continue };
        let last_is_id = template.rsplit('/').next().is_some_and(|s| s.starts_with('{'));
        if method == Method::GET
            && last_is_id
            && !["{location_id}", "{region_id}", "{resource_type}"].iter().any(|t| template.ends_with(t))
        {
            let unknown = format!("{}/{MISSING}", path.rsplit_once('/').map_or("", |(head, _)| head));
            let answer = c.get(&unknown).await;
            if answer.status != 404 {
                c.failures.insert(format!(
                    "{} GET {template} with an unknown id: {} (want 404)",
                    c.spec.version, answer.status
                ));
            }
        }
        let op_takes_body = c
            .spec
            .template(method.as_str(), &path)
            .is_some_and(|_| method == Method::POST && !last_is_id && !template.ends_with("s3keys"));
        let action = [
            "start",
            "stop",
            "reboot",
            "suspend",
            "resume",
            "upgrade",
            "replace",
            "create-snapshot",
            "restore-snapshot",
        ]
        .iter()
        .any(|a| template.ends_with(a));
        if op_takes_body && !action {
            let answer = c.send(Method::POST, &path, Body::Json(&json!({"properties": "bad"}))).await;
            if !(400..500).contains(&answer.status) {
                c.failures.insert(format!(
                    "{} POST {template} with a malformed body: {} (want 4xx)",
                    c.spec.version, answer.status
                ));
            }
        }
    }
}

/// Every DELETE route, deepest first.
async fn crawl_deletes(c: &mut Crawler) {
    let mut deletes: Vec<String> =
        routes(&c.spec).into_iter().filter(|(m, _)| *m == Method::DELETE).map(|(_, t)| t).collect();
    deletes.sort_by_key(|t| std::cmp::Reverse(t.matches('/').count()));
    for template in deletes {
        let path = c.fill(&template).unwrap_or_else(|| panic!("no id for {template}"));
        let answer = c.send(Method::DELETE, &path, Body::None).await;
        if answer.status == 202 {
            if let Some(location) = answer.location {
                let status_path =
                    location.split(&format!("/cloudapi/{}", c.spec.version)).nth(1).unwrap_or_default().to_string();
                for _ in 0..500 {
                    let status = c.get(&status_path).await.body;
                    if matches!(status["metadata"]["status"].as_str(), Some("DONE" | "FAILED")) {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_on_every_route_matches_the_spec_on_v6_and_v5() {
    let api = http::Api::start(5).await;
    let base = api.sim.base_url();
    let mut report = Vec::new();
    let mut checked = 0;
    let mut crawlers = vec![Crawler::new(&base, "v6"), Crawler::new(&base, "v5")];
    for c in &mut crawlers {
        let tag = c.spec.version;
        build(c, tag).await;
    }
    for c in &mut crawlers {
        crawl_reads(c).await;
        crawl_updates(c).await;
        crawl_reads(c).await;
        crawl_errors(c).await;
    }
    for c in &mut crawlers {
        crawl_deletes(c).await;
        checked += c.checked;
        report.extend(c.failures.iter().cloned());
    }
    api.stop().await;
    assert!(checked > 1500, "only {checked} answers were checked");
    assert!(report.is_empty(), "{} of {checked} answers depart from the spec:\n{}", report.len(), report.join("\n"));
}
