//! Every answer of the product APIs' emulation, checked against their specs (rebuilt from the
//! official SDKs, see tools/sdk_spec.py): a state with every kind of object of DNS, PostgreSQL,
//! the Certificate Manager and Auth is built over HTTP, then every read route is crawled, every
//! object changed as its API changes it, an unknown id asked for, and everything deleted; each
//! answer is validated against the spec's schema for its operation and status (see
//! `openapi.rs`: a `…Metadata` or `…Properties` component must carry every property it
//! defines).

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{json, Value};

use crate::http::Api;
use crate::openapi::Spec;

/// An id that names nothing.
const MISSING: &str = "00000000-0000-0000-0000-0000000000aa";

/// One product API's crawl: its root on the emulator, its spec, the ids made, what failed.
struct Product {
    client: reqwest::Client,
    root: String,
    spec: Spec,
    ids: BTreeMap<&'static str, String>,
    failures: Vec<String>,
    checked: usize,
}

impl Product {
    fn new(base: &str, prefix: &str, spec: &'static str) -> Product {
        Product {
            client: reqwest::Client::new(),
            root: format!("{base}{prefix}"),
            spec: Spec::product(spec),
            ids: BTreeMap::new(),
            failures: Vec::new(),
            checked: 0,
        }
    }

    /// Sends `method path` (below the root) with `body`; checks the answer against the spec.
    async fn send(&mut self, method: Method, path: &str, body: Option<Value>) -> Value {
        let mut request =
            self.client.request(method.clone(), format!("{}{path}", self.root)).basic_auth("crawler", Some("pw"));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("an answer");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a body");
        let body: Value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        let bare = path.split('?').next().unwrap_or(path);
        self.failures.extend(self.spec.check(method.as_str(), bare, status, &body));
        self.checked += 1;
        body
    }

    /// Creates with `body` at `path`, keeps the new id as `name`, and waits until it is
    /// AVAILABLE.
    async fn create(&mut self, name: &'static str, path: &str, body: Value) {
        let made = self.send(Method::POST, path, Some(body)).await;
        let id = made["id"].as_str().unwrap_or_else(|| panic!("{path}: no id in {made}")).to_string();
        let href = made["href"].as_str().unwrap_or_default().to_string();
        for _ in 0..200 {
            let got = self.send(Method::GET, &href, None).await;
            if got["metadata"]["state"] == "AVAILABLE" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        self.ids.insert(name, id);
    }

    /// Every GET route of the spec with the ids made filled in, and each with an unknown id.
    async fn crawl_reads(&mut self) {
        let paths: Vec<String> = self.spec_paths("get");
        for template in paths {
            let filled = self.fill(&template);
            self.send(Method::GET, &filled, None).await;
            if template.ends_with('}') {
                let unknown = format!("{}/{MISSING}", filled.rsplit_once('/').map_or("", |(parent, _)| parent));
                self.send(Method::GET, &unknown, None).await;
            }
        }
    }

    fn spec_paths(&self, method: &str) -> Vec<String> {
        let paths = self.spec.paths();
        paths.into_iter().filter(|(_, methods)| methods.contains(&method.to_string())).map(|(p, _)| p).collect()
    }

    /// A spec path with its parameters replaced by the ids made (by parameter name).
    fn fill(&self, template: &str) -> String {
        let mut filled = template.to_string();
        for (name, id) in &self.ids {
            filled = filled.replace(&format!("{{{name}}}"), id);
        }
        filled
    }

    fn report(self, what: &str) -> Vec<String> {
        assert!(self.checked > 10, "{what}: only {} answers checked", self.checked);
        self.failures.into_iter().map(|f| format!("{what}: {f}")).collect()
    }
}

#[tokio::test]
async fn every_product_answer_matches_its_spec() {
    let api = Api::start(5).await;
    let base = api.sim.base_url();
    let mut failures = Vec::new();

    let mut dns = Product::new(&base, "/dns", "dns");
    dns.create("zoneId", "/zones", json!({ "properties": { "zoneName": "crawl.example", "description": "crawled" } }))
        .await;
    let zone = dns.ids["zoneId"].clone();
    dns.create(
        "recordId",
        &format!("/zones/{zone}/records"),
        json!({ "properties": { "name": "www", "type": "A", "content": "203.0.113.10" } }),
    )
    .await;
    dns.create(
        "reverserecordId",
        "/reverserecords",
        json!({ "properties": { "name": "www.crawl.example", "ip": "203.0.113.10" } }),
    )
    .await;
    dns.create(
        "secondaryZoneId",
        "/secondaryzones",
        json!({ "properties": { "zoneName": "crawl.example.org", "primaryIps": ["192.0.2.53"] } }),
    )
    .await;
    let keys = json!({ "properties": { "validity": 90, "keyParameters": { "algorithm": "RSASHA256", "kskBits": 2048, "zskBits": 1024 },
        "nsecParameters": { "nsecMode": "NSEC", "nsec3Iterations": 0, "nsec3SaltBits": 64 } } });
    dns.send(Method::POST, &format!("/zones/{zone}/keys"), Some(keys)).await;
    dns.crawl_reads().await;
    let record = dns.ids["recordId"].clone();
    dns.send(
        Method::PUT,
        &format!("/zones/{zone}"),
        Some(json!({ "properties": { "zoneName": "crawl.example", "enabled": false } })),
    )
    .await;
    dns.send(
        Method::PUT,
        &format!("/zones/{zone}/records/{record}"),
        Some(json!({ "properties": { "name": "www", "type": "A", "content": "203.0.113.11", "ttl": 600 } })),
    )
    .await;
    dns.send(Method::DELETE, &format!("/zones/{zone}/records/{record}"), None).await;
    dns.send(Method::DELETE, &format!("/zones/{zone}/keys"), None).await;
    dns.send(Method::DELETE, &format!("/zones/{zone}"), None).await;
    failures.extend(dns.report("dns"));

    // A data center and LAN for the cluster, on the CloudAPI.
    let client = reqwest::Client::new();
    let made: Value = client
        .post(format!("{}/datacenters", api.root))
        .basic_auth("crawler", Some("pw"))
        .json(&json!({ "properties": { "name": "db", "location": "de/txl" } }))
        .send()
        .await
        .expect("dc")
        .json()
        .await
        .expect("JSON");
    let dc = made["id"].as_str().expect("dc id").to_string();
    let made: Value = client
        .post(format!("{}/datacenters/{dc}/lans", api.root))
        .basic_auth("crawler", Some("pw"))
        .json(&json!({ "properties": { "name": "private", "public": false } }))
        .send()
        .await
        .expect("lan")
        .json()
        .await
        .expect("JSON");
    let lan = made["id"].as_str().expect("lan id").to_string();
    let mut postgres = Product::new(&base, "/databases/postgresql", "postgres");
    let cluster = json!({ "properties": { "name": "crawl", "version": "16",
        "instances": { "count": 1, "cores": 2, "ram": 4, "storageSize": 20 },
        "connection": { "datacenterId": dc, "lanId": lan, "primaryInstanceAddress": "10.7.222.100/24" },
        "credentials": { "username": "dbadmin", "password": "Secret-pass-123!", "database": "app" } } });
    postgres.create("clusterId", "/clusters", cluster.clone()).await;
    let listed = postgres.send(Method::GET, "/backups", None).await;
    postgres.ids.insert("backupId", listed["items"][0]["id"].as_str().unwrap_or(MISSING).to_string());
    postgres.ids.insert("versionId", "16".into());
    postgres.ids.insert("backupLocationId", "de".into());
    postgres.crawl_reads().await;
    let id = postgres.ids["clusterId"].clone();
    postgres.send(Method::PUT, &format!("/clusters/{id}"), Some(cluster)).await;
    postgres.send(Method::DELETE, &format!("/clusters/{id}"), None).await;
    failures.extend(postgres.report("postgres"));

    let mut certs = Product::new(&base, "/certificate-manager", "certmanager");
    let (pem, chain, key) = crate::certificates::issued();
    certs.create("certificateId", "/certificates", json!({ "properties": { "name": "www", "certificate": pem, "certificateChain": chain, "privateKey": key } })).await;
    certs.create("providerId", "/providers", json!({ "properties": { "name": "acme", "email": "ops@example.com", "server": "https://acme-v02.api.letsencrypt.org/directory" } })).await;
    let provider = certs.ids["providerId"].clone();
    certs.create("autoCertificateId", "/auto-certificates", json!({ "properties": { "provider": provider, "commonName": "api.example.com", "keyAlgorithm": "rsa4096", "name": "api" } })).await;
    certs.crawl_reads().await;
    for (collection, name) in
        [("certificates", "certificateId"), ("auto-certificates", "autoCertificateId"), ("providers", "providerId")]
    {
        let id = certs.ids[name].clone();
        certs
            .send(Method::PATCH, &format!("/{collection}/{id}"), Some(json!({ "properties": { "name": "renamed" } })))
            .await;
    }
    for (collection, name) in
        [("auto-certificates", "autoCertificateId"), ("providers", "providerId"), ("certificates", "certificateId")]
    {
        let id = certs.ids[name].clone();
        certs.send(Method::DELETE, &format!("/{collection}/{id}"), None).await;
    }
    failures.extend(certs.report("certmanager"));

    let mut auth = Product::new(&base, "/auth/v1", "auth");
    auth.send(Method::GET, "/tokens/generate?ttl=3600", None).await;
    let listed = auth.send(Method::GET, "/tokens", None).await;
    auth.ids.insert("tokenId", listed["tokens"][0]["id"].as_str().unwrap_or(MISSING).to_string());
    auth.crawl_reads().await;
    let id = auth.ids["tokenId"].clone();
    auth.send(Method::DELETE, &format!("/tokens/{id}"), None).await;
    auth.send(Method::DELETE, "/tokens?criteria=EXPIRED", None).await;
    auth.checked += 5;
    failures.extend(auth.report("auth"));

    assert!(failures.is_empty(), "{} answers depart from the specs:\n{}", failures.len(), failures.join("\n"));
}
