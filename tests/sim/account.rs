//! The emulator's account families over real HTTP, where the wire shapes matter: contracts
//! and kubeconfigs on v5 and v6, the S3 key create's 200, paging, user management, shares,
//! cross-connects, backup units, request filters and the contract's limits.

use serde_json::{json, Value};

use crate::http::{Answer, Api};

/// The v5 URL of `path`.
fn v5(api: &Api, path: &str) -> String {
    format!("{}/cloudapi/v5{path}", api.sim.base_url())
}

/// Sets contract limits through the emulator control.
async fn limits(api: &Api, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/_sim/contract", api.sim.base_url()))
        .json(&body)
        .send()
        .await
        .expect("control")
}

/// The bodies of every recorded request, joined.
async fn logged_bodies(api: &Api) -> String {
    let requests = api.get("/requests?depth=1").await.body;
    requests["items"].as_array().into_iter().flatten().map(|r| r["properties"]["body"].to_string()).collect()
}

async fn user(api: &Api, email: &str) -> String {
    let body = json!({"properties": {"firstname": "A", "lastname": "B", "email": email, "password": "secret123"}});
    api.done(api.post("/um/users", &body).await).await.id()
}

#[tokio::test]
async fn contracts_are_a_collection_on_v6_and_an_object_on_v5_and_count_what_exists() {
    let api = Api::start(10).await;
    let dc = api.datacenter("de/fra").await;
    api.done(api.post(&format!("{dc}/servers"), &json!({"properties": {"cores": 2, "ram": 2048}})).await).await;
    api.done(
        api.post(&format!("{dc}/volumes"), &json!({"properties": {"size": 20, "type": "SSD", "licenceType": "LINUX"}}))
            .await,
    )
    .await;
    api.done(api.post("/ipblocks", &json!({"properties": {"location": "de/fra", "size": 2}})).await).await;

    let v6 = api.get("/contracts").await.body;
    assert_eq!(v6["type"], "collection");
    let limits6 = &v6["items"][0]["properties"]["resourceLimits"];
    assert_eq!(v6["items"][0]["type"], "contract");
    assert_eq!(limits6["coresPerServer"], 62);
    assert_eq!(limits6["coresProvisioned"], 2);
    assert_eq!(limits6["ramProvisioned"], 2048);
    assert_eq!(limits6["ssdVolumeProvisioned"], 20);
    assert_eq!(limits6["reservedIpsOnContract"], 2);

    let v5 = api.get(&v5(&api, "/contracts")).await.body;
    assert_eq!(v5["type"], "contract");
    assert!(v5["properties"]["contractNumber"].is_i64());
    let mut limits5 = limits6.clone();
    for v6_only in
        ["dasVolumeProvisioned", "nlbLimitTotal", "nlbProvisioned", "natGatewayLimitTotal", "natGatewayProvisioned"]
    {
        limits5.as_object_mut().map(|l| l.remove(v6_only));
    }
    assert_eq!(v5["properties"]["resourceLimits"], limits5, "v5 limits are v6's without what v5 lacks");
    api.stop().await;
}

#[tokio::test]
async fn the_contract_limits_are_enforced_and_settable() {
    let api = Api::start(10).await;
    let dc = api.datacenter("de/fra").await;
    let servers = format!("{dc}/servers");
    assert!(limits(&api, json!({"coresPerContract": 4, "reservableIps": 1})).await.status().is_success());
    assert_eq!(limits(&api, json!({"nonsense": 1})).await.status().as_u16(), 422);
    api.done(api.post(&servers, &json!({"properties": {"cores": 3, "ram": 1024}})).await).await;
    api.post(&servers, &json!({"properties": {"cores": 2, "ram": 1024}})).await.assert_error(422, "coresPerContract");
    api.post(&servers, &json!({"properties": {"cores": 63, "ram": 1024}})).await.assert_error(422, "coresPerServer");
    api.post("/ipblocks", &json!({"properties": {"location": "de/fra", "size": 2}}))
        .await
        .assert_error(422, "reservableIps");
    assert!(limits(&api, json!({"coresPerContract": null})).await.status().is_success());
    api.done(api.post(&servers, &json!({"properties": {"cores": 2, "ram": 1024}})).await).await;
    api.stop().await;
}

#[tokio::test]
async fn kubeconfig_is_yaml_on_v6_and_an_object_on_v5_and_clusters_go_deploying_to_active() {
    let api = Api::start(150).await;
    assert_eq!(api.get("/k8s/versions/default").await.body, "1.29.5");
    assert!(api.get("/k8s/versions").await.body.as_array().is_some_and(|v| v.contains(&json!("1.29.5"))));
    let created = api.post("/k8s", &json!({"properties": {"name": "kube"}})).await;
    assert_eq!(created.status.as_u16(), 202);
    assert!(created.location().contains("/requests/"));
    assert_eq!(created.body["metadata"]["state"], "DEPLOYING");
    let cluster = created.id();
    api.done(created).await;
    assert_eq!(api.get(&format!("/k8s/{cluster}")).await.body["metadata"]["state"], "ACTIVE");

    let response = reqwest::Client::new()
        .get(format!("{}/k8s/{cluster}/kubeconfig", api.root))
        .basic_auth("tester@example.com", Some("pw"))
        .send()
        .await
        .expect("answer");
    assert_eq!(response.headers()["content-type"], "application/yaml");
    let yaml = response.text().await.expect("text");
    assert!(yaml.starts_with("apiVersion: v1"), "{yaml}");
    assert!(yaml.contains("name: kube") && yaml.contains("server: https://") && yaml.contains("token:"), "{yaml}");
    let v5 = api.get(&v5(&api, &format!("/k8s/{cluster}/kubeconfig"))).await.body;
    assert_eq!(v5["type"], "kubeconfig");
    assert_eq!(v5["properties"]["kubeconfig"], yaml);

    let dc = api.datacenter("de/fra").await;
    let dc_id = dc.trim_start_matches("/datacenters/");
    api.done(api.post(&format!("{dc}/lans"), &json!({"properties": {"name": "l"}})).await).await;
    let pools = format!("/k8s/{cluster}/nodepools");
    let pool = |count: i64, lan: i64| {
        json!({"properties": {"name": "pool", "datacenterId": dc_id, "nodeCount": count, "cpuFamily": "INTEL_SKYLAKE",
            "coresCount": 2, "ramSize": 2048, "availabilityZone": "AUTO", "storageType": "HDD", "storageSize": 20,
            "lans": [{"id": lan}]}})
    };
    api.post(&pools, &pool(2, 7)).await.assert_error(422, "lans");
    let mut missing_dc = pool(2, 1);
    missing_dc["properties"]["datacenterId"] = json!("00000000-0000-0000-0000-000000000000");
    api.post(&pools, &missing_dc).await.assert_error(422, "datacenterId");
    let created = api.post(&pools, &pool(2, 1)).await;
    assert_eq!(created.body["metadata"]["state"], "DEPLOYING", "{}", created.text);
    let pool_path = format!("{pools}/{}", created.id());
    let nodes = api.get(&format!("{pool_path}/nodes?depth=1")).await.body;
    assert_eq!(nodes["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(nodes["items"][0]["metadata"]["state"], "PROVISIONING");
    assert_eq!(nodes["items"][0]["properties"]["k8sVersion"], "1.29.5");
    assert!(nodes["items"][0]["properties"]["name"].as_str().is_some_and(|n| n.starts_with("pool-")));
    api.done(created).await;
    assert_eq!(api.get(&pool_path).await.body["metadata"]["state"], "ACTIVE");

    let resized = api.put(&pool_path, &json!({"properties": {"nodeCount": 3}})).await;
    assert_eq!(resized.body["metadata"]["state"], "UPDATING");
    api.done(resized).await;
    let nodes = api.get(&format!("{pool_path}/nodes")).await.body;
    assert_eq!(nodes["items"].as_array().map(Vec::len), Some(3));
    let node = nodes["items"][0]["id"].as_str().expect("node").to_string();
    let replaced = api.post(&format!("{pool_path}/nodes/{node}/replace"), &Value::Null).await;
    assert_eq!(api.get(&format!("{pool_path}/nodes/{node}")).await.body["metadata"]["state"], "REBUILDING");
    api.done(replaced).await;
    api.done(api.delete(&format!("{pool_path}/nodes/{node}")).await).await;
    api.get(&format!("{pool_path}/nodes/{node}")).await.assert_error(404, "does not exist");

    api.delete(&format!("/k8s/{cluster}")).await.assert_error(422, "node pools must be deleted first");
    api.done(api.delete(&pool_path).await).await;
    let deleting = api.delete(&format!("/k8s/{cluster}")).await;
    assert_eq!(deleting.status.as_u16(), 202);
    assert!(deleting.location().contains("/requests/"));
    assert_eq!(api.get(&format!("/k8s/{cluster}")).await.body["metadata"]["state"], "DESTROYING");
    api.done(deleting).await;
    api.get(&format!("/k8s/{cluster}")).await.assert_error(404, "does not exist");
    api.stop().await;
}

#[tokio::test]
async fn s3_keys_answer_200_with_their_secret_at_most_five_and_never_in_the_request_log() {
    let api = Api::start(10).await;
    let user = user(&api, "s3@example.com").await;
    let keys = format!("/um/users/{user}/s3keys");
    let created: Answer = api.post(&keys, &Value::Null).await;
    assert_eq!(created.status.as_u16(), 200, "{}", created.text);
    assert!(created.location().contains("/requests/"));
    let key = created.id();
    assert!(key.len() == 20 && key.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()), "{key}");
    let secret = created.body["properties"]["secretKey"].as_str().expect("secret").to_string();
    assert_eq!(secret.len(), 40);
    assert_eq!(api.get(&format!("{keys}/{key}")).await.body["properties"]["secretKey"], secret);
    api.done(api.put(&format!("{keys}/{key}"), &json!({"properties": {"active": false, "secretKey": secret}})).await)
        .await;
    assert_eq!(api.get(&format!("{keys}/{key}")).await.body["properties"]["active"], false);
    for _ in 0..4 {
        assert_eq!(api.post(&keys, &Value::Null).await.status.as_u16(), 200);
    }
    api.post(&keys, &Value::Null).await.assert_error(422, "at most 5");
    assert!(!logged_bodies(&api).await.contains(&secret));
    let sso = api.get(&format!("/um/users/{user}/s3ssourl")).await.body;
    assert!(sso["ssoUrl"].as_str().is_some_and(|u| u.starts_with("https://")));
    api.stop().await;
}

#[tokio::test]
async fn users_are_paged_unique_and_leave_nothing_behind() {
    let api = Api::start(10).await;
    let first = user(&api, "one@example.com").await;
    user(&api, "two@example.com").await;
    let body =
        json!({"properties": {"firstname": "A", "lastname": "B", "email": "ONE@example.com", "password": "x12345678"}});
    api.post("/um/users", &body).await.assert_error(422, "email");
    let page = api.get("/um/users?offset=1&limit=1").await.body;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    assert_eq!((page["offset"].clone(), page["limit"].clone()), (json!(1), json!(1)));
    assert!(page["_links"]["prev"].is_string());
    api.get("/um/users?limit=101").await.assert_error(422, "limit");
    let shown = api.get(&format!("/um/users/{first}")).await.body;
    assert!(shown["properties"].get("password").is_none());
    assert_eq!(shown["properties"]["s3CanonicalUserId"].as_str().map(str::len), Some(64));

    let group = api.done(api.post("/um/groups", &json!({"properties": {"name": "ops"}})).await).await.id();
    api.post("/um/groups", &json!({"properties": {"name": "ops"}})).await.assert_error(422, "unique");
    api.done(api.post(&format!("/um/groups/{group}/users"), &json!({"id": first})).await).await;
    api.post(&format!("/um/groups/{group}/users"), &json!({"id": first})).await.assert_error(422, "already");
    let groups = api.get(&format!("/um/users/{first}/groups")).await.body;
    assert_eq!(groups["items"][0]["id"], group);
    assert_eq!(api.post(&format!("/um/users/{first}/s3keys"), &Value::Null).await.status.as_u16(), 200);

    api.done(api.delete(&format!("/um/users/{first}")).await).await;
    let members = api.get(&format!("/um/groups/{group}/users")).await.body;
    assert_eq!(members["items"], json!([]));
    api.get(&format!("/um/users/{first}/s3keys")).await.assert_error(404, "does not exist");
    api.stop().await;
}

#[tokio::test]
async fn shares_name_existing_resources_and_go_with_them() {
    let api = Api::start(10).await;
    let dc = api.datacenter("de/fra").await;
    let dc_id = dc.trim_start_matches("/datacenters/").to_string();
    let group = api.done(api.post("/um/groups", &json!({"properties": {"name": "g"}})).await).await.id();
    let shares = format!("/um/groups/{group}/shares");
    api.post(&format!("{shares}/00000000-0000-0000-0000-000000000000"), &json!({"properties": {}}))
        .await
        .assert_error(404, "does not exist");
    let shared = api.post(&format!("{shares}/{dc_id}"), &json!({"properties": {"editPrivilege": true}})).await;
    assert_eq!(shared.body["type"], "resource");
    assert_eq!(shared.body["properties"], json!({"editPrivilege": true, "sharePrivilege": false}));
    api.done(shared).await;
    api.done(api.put(&format!("{shares}/{dc_id}"), &json!({"properties": {"sharePrivilege": true}})).await).await;
    let share = api.get(&format!("{shares}/{dc_id}")).await.body;
    assert_eq!(share["properties"], json!({"editPrivilege": true, "sharePrivilege": true}));

    let resources = api.get(&format!("/um/groups/{group}/resources")).await.body;
    assert_eq!(resources["items"][0]["id"], dc_id);
    assert_eq!(resources["items"][0]["type"], "datacenter");
    let all = api.get("/um/resources/datacenter?depth=2").await.body;
    assert_eq!(all["items"][0]["entities"]["groups"]["items"][0]["id"], group);
    let one = api.get(&format!("/um/resources/datacenter/{dc_id}")).await.body;
    assert_eq!(one["properties"]["name"], "test");
    api.get("/um/resources/widget").await.assert_error(422, "shareable types");
    let images = api.get("/um/resources/image").await.body;
    assert_eq!(images["items"], json!([]), "public images are not the account's");

    api.done(api.delete(&dc).await).await;
    assert_eq!(api.get(&shares).await.body["items"], json!([]));
    api.stop().await;
}

#[tokio::test]
async fn cross_connects_list_their_peers_and_lans_must_name_one() {
    let api = Api::start(10).await;
    let a = api.datacenter("de/fra").await;
    let b = api.datacenter("de/txl").await;
    api.done(api.post(&format!("{a}/lans"), &json!({"properties": {}})).await).await;
    let pcc = api.done(api.post("/pccs", &json!({"properties": {"name": "x"}})).await).await.id();
    api.patch(&format!("{a}/lans/1"), &json!({"pcc": "00000000-0000-0000-0000-000000000000"}))
        .await
        .assert_error(422, "pcc");
    api.done(api.patch(&format!("{a}/lans/1"), &json!({"pcc": pcc})).await).await;
    let shown = api.get(&format!("/pccs/{pcc}")).await.body;
    assert_eq!(shown["properties"]["peers"][0]["id"], "1");
    assert_eq!(shown["properties"]["peers"][0]["datacenterId"], a.trim_start_matches("/datacenters/"));
    let connectable = &shown["properties"]["connectableDatacenters"];
    assert_eq!(connectable.as_array().map(Vec::len), Some(1));
    assert_eq!(connectable[0]["id"], b.trim_start_matches("/datacenters/"));
    api.delete(&format!("/pccs/{pcc}")).await.assert_error(422, "LANs connected");
    api.done(api.patch(&format!("/pccs/{pcc}"), &json!({"description": "d"})).await).await;
    api.stop().await;
}

#[tokio::test]
async fn backup_units_hide_their_password_and_have_unique_names() {
    let api = Api::start(10).await;
    let body = json!({"properties": {"name": "bu1", "password": "topsecret1", "email": "a@b.example"}});
    let created = api.post("/backupunits", &body).await;
    assert!(created.body["properties"].get("password").is_some_and(Value::is_null));
    let unit = api.done(created).await.id();
    api.post("/backupunits", &body).await.assert_error(422, "unique");
    // A name is required; any text the API takes (the classic SDK's own example is `bkp_name`).
    api.post("/backupunits", &json!({"properties": {"password": "x"}})).await.assert_error(422, "name");
    api.done(api.post("/backupunits", &json!({"properties": {"name": "b_u 2", "password": "p"}})).await).await;
    api.done(api.patch(&format!("/backupunits/{unit}"), &json!({"password": "othersecret"})).await).await;
    let bodies = logged_bodies(&api).await;
    assert!(!bodies.contains("topsecret1") && !bodies.contains("othersecret") && bodies.contains("***"), "{bodies}");
    assert!(api.get(&format!("/backupunits/{unit}/ssourl")).await.body["ssoUrl"].is_string());
    api.stop().await;
}

#[tokio::test]
async fn request_filters_cover_the_documented_ones() {
    let api = Api::start(10).await;
    api.datacenter("de/fra").await;
    let count = |body: Value| body["items"].as_array().map_or(0, Vec::len);
    let today = api.get("/requests?depth=1").await.body["items"][0]["metadata"]["createdDate"].as_str().expect("date")
        [..10]
        .to_string();
    assert_eq!(count(api.get(&format!("/requests?filter.createdDate={today}")).await.body), 1);
    assert_eq!(count(api.get("/requests?filter.createdDate=1999-01-01").await.body), 0);
    assert_eq!(count(api.get("/requests?filter.requestStatus=DONE").await.body), 1);
    assert_eq!(count(api.get("/requests?filter.headers=application/json").await.body), 1);
    assert_eq!(count(api.get("/requests?filter.createdBy=tester").await.body), 1);
    api.get("/requests?filter.createdAfter=yesterday").await.assert_error(422, "filter.createdAfter");
    api.stop().await;
}
