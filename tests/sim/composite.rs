//! Composite creates (a whole data center, a server with volumes and NICs) as one request,
//! queueing on busy resources, cascading deletes, and the error shape of every new route.

use reqwest::Method;
use serde_json::{json, Value};

use crate::http::Api;

fn tree() -> Value {
    json!({
        "properties": {"name": "shop", "location": "de/fra"},
        "entities": {
            "lans": {"items": [{"properties": {"name": "public", "public": true}}, {"properties": {"name": "back"}}]},
            "volumes": {"items": [{"properties": {"name": "spare", "size": 5, "licenceType": "LINUX"}}]},
            "servers": {"items": [{
                "properties": {"name": "web", "cores": 2, "ram": 2048},
                "entities": {
                    "volumes": {"items": [{"properties": {"name": "root", "size": 10, "imageAlias": "debian:latest", "imagePassword": "secretpass23"}}]},
                    "nics": {"items": [
                        {"properties": {"name": "front", "lan": 1},
                         "entities": {"firewallrules": {"items": [{"properties": {"protocol": "TCP", "portRangeStart": 443, "portRangeEnd": 443}}]}}},
                        {"properties": {"name": "back", "lan": 2}}
                    ]}
                }
            }]},
            "loadbalancers": {"items": [{"properties": {"name": "lb"}}]}
        }
    })
}

#[tokio::test]
async fn a_composite_datacenter_is_one_request_creating_the_whole_tree() {
    let api = Api::start(50).await;
    let accepted = api.post("/datacenters", &tree()).await;
    let status = api.get(&accepted.location()).await.body;
    let targets: Vec<&str> = status["metadata"]["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["target"]["type"].as_str())
        .collect();
    for kind in ["datacenter", "lan", "volume", "server", "nic", "firewall-rule", "loadbalancer"] {
        assert!(targets.contains(&kind), "{kind} in {targets:?}");
    }
    assert_eq!(targets.iter().filter(|k| **k == "volume").count(), 2);
    let dc = format!("/datacenters/{}", api.done(accepted).await.id());
    let requests = api.get("/requests").await.body;
    assert_eq!(requests["items"].as_array().map(Vec::len), Some(1), "one request for the whole tree");

    let deep = api.get(&format!("{dc}?depth=5")).await.body;
    let server = &deep["entities"]["servers"]["items"][0];
    assert_eq!(server["properties"]["name"], "web");
    assert_eq!(server["properties"]["vmState"], "RUNNING");
    let root = &server["entities"]["volumes"]["items"][0];
    assert_eq!(root["properties"]["name"], "root");
    assert_eq!(root["properties"]["licenceType"], "LINUX");
    assert_eq!(server["properties"]["bootVolume"]["id"], root["id"]);
    let nics = server["entities"]["nics"]["items"].as_array().expect("nics");
    assert_eq!(nics.len(), 2);
    let rule = &nics[0]["entities"]["firewallrules"]["items"][0];
    assert_eq!(rule["type"], "firewall-rule", "a reference at depth 5");
    let deeper = api.get(&format!("{dc}?depth=6")).await.body;
    let nic = &deeper["entities"]["servers"]["items"][0]["entities"]["nics"]["items"][0];
    assert_eq!(nic["entities"]["firewallrules"]["items"][0]["properties"]["portRangeStart"], 443);
    assert!(!nics[0]["properties"]["ips"][0].as_str().unwrap_or("10.").starts_with("10."), "public LAN 1");
    assert!(nics[1]["properties"]["ips"][0].as_str().unwrap_or_default().starts_with("10.7.2."));
    let lans = deep["entities"]["lans"]["items"].as_array().expect("lans");
    assert_eq!(lans.iter().map(|l| l["id"].as_str().unwrap_or_default()).collect::<Vec<_>>(), ["1", "2"]);
    assert_eq!(lans[0]["entities"]["nics"]["items"][0]["id"], nics[0]["id"]);
    assert_eq!(deep["entities"]["volumes"]["items"].as_array().map(Vec::len), Some(2));
    assert!(deep["entities"]["loadbalancers"]["items"][0]["properties"]["ip"].is_string());

    api.done(api.delete(&dc).await).await;
    api.get(&dc).await.assert_error(404, "Resource does not exist");
    let server_path = format!("{dc}/servers/{}", server["id"].as_str().unwrap_or_default());
    api.get(&server_path).await.assert_error(404, "Resource does not exist");
    api.stop().await;
}

#[tokio::test]
async fn nested_errors_name_the_attribute_path_and_leave_nothing_behind() {
    let api = Api::start(30).await;
    let mut bad = tree();
    bad["entities"]["servers"]["items"][0]["properties"]["ram"] = json!(1000);
    api.post("/datacenters", &bad).await.assert_error(422, "'entities.servers.items[0].properties.ram'");
    let mut bad = tree();
    bad["entities"]["servers"]["items"][0]["entities"]["nics"]["items"][0]["entities"]["firewallrules"]["items"][0]
        ["properties"]["protocol"] = json!("SCTP");
    api.post("/datacenters", &bad).await.assert_error(
        422,
        "'entities.servers.items[0].entities.nics.items[0].entities.firewallrules.items[0].properties.protocol'",
    );
    let mut bad = tree();
    bad["entities"]["servers"]["items"][0]["entities"]["volumes"]["items"][0]["properties"]
        .as_object_mut()
        .map(|p| p.insert("imagePassword".into(), json!("not allowed!")));
    api.post("/datacenters", &bad)
        .await
        .assert_error(422, "entities.servers.items[0].entities.volumes.items[0].properties.imagePassword");
    let mut bad = tree();
    bad["entities"]["gadgets"] = json!({"items": []});
    api.post("/datacenters", &bad).await.assert_error(422, "entities.gadgets");
    assert_eq!(api.get("/datacenters").await.body["items"], json!([]));
    assert_eq!(api.get("/requests").await.body["items"], json!([]));
    api.stop().await;
}

#[tokio::test]
async fn a_server_with_nested_and_existing_volumes_is_one_request() {
    let api = Api::start(30).await;
    let dc = api.datacenter("de/fra").await;
    let existing = api
        .done(api.post(&format!("{dc}/volumes"), &json!({"properties": {"size": 3, "licenceType": "OTHER"}})).await)
        .await;
    let iso = api.image("de/fra", "debian-12").await;
    let body = json!({
        "properties": {"name": "app", "cores": 1, "ram": 1024, "bootCdrom": {"id": iso}},
        "entities": {
            "volumes": {"items": [{"properties": {"size": 4, "licenceType": "LINUX"}}, {"id": existing.id()}]},
            "nics": {"items": [{"properties": {"lan": 7}}]},
        }
    });
    let accepted = api.post(&format!("{dc}/servers"), &body).await;
    let status = api.wait(&accepted).await;
    let kinds: Vec<&str> = status["metadata"]["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["target"]["type"].as_str())
        .collect();
    assert_eq!(kinds, ["server", "volume", "lan", "nic"], "{status}");
    let server = format!("{dc}/servers/{}", accepted.id());
    let volumes = api.get(&format!("{server}/volumes?depth=1")).await.body;
    let numbers: Vec<&Value> =
        volumes["items"].as_array().into_iter().flatten().map(|v| &v["properties"]["deviceNumber"]).collect();
    assert_eq!(numbers, [&json!(1), &json!(2)]);
    assert_eq!(api.get(&format!("{server}/cdroms")).await.body["items"][0]["id"], iso.as_str());
    assert_eq!(api.get(&format!("{dc}/lans/7")).await.body["properties"]["public"], false);
    api.stop().await;
}

#[tokio::test]
async fn a_request_on_a_busy_server_is_queued() {
    let api = Api::start(200).await;
    let dc = api.datacenter("de/fra").await;
    let created =
        api.post(&format!("{dc}/servers"), &json!({"properties": {"name": "q", "cores": 1, "ram": 1024}})).await;
    let server = format!("{dc}/servers/{}", created.id());
    let stop = api.post(&format!("{server}/stop"), &Value::Null).await;
    assert_eq!(api.get(&stop.location()).await.body["metadata"]["status"], "QUEUED");
    assert_eq!(api.get(&server).await.body["metadata"]["state"], "BUSY");
    let first = api.wait(&created).await;
    assert_eq!(first["metadata"]["status"], "DONE");
    assert_ne!(api.get(&stop.location()).await.body["metadata"]["status"], "DONE");
    api.done(stop).await;
    assert_eq!(api.get(&server).await.body["metadata"]["state"], "AVAILABLE");
    api.stop().await;
}

#[tokio::test]
async fn every_new_route_answers_errors_in_the_api_shape() {
    let api = Api::start(30).await;
    let dc = api.datacenter("de/fra").await;
    let nothing = "00000000-0000-0000-0000-000000000000";
    let missing = [
        format!("{dc}/servers/{nothing}"),
        format!("{dc}/servers/{nothing}/volumes"),
        format!("{dc}/servers/{nothing}/volumes/{nothing}"),
        format!("{dc}/servers/{nothing}/cdroms"),
        format!("{dc}/servers/{nothing}/nics"),
        format!("{dc}/servers/{nothing}/nics/{nothing}/firewallrules"),
        format!("{dc}/volumes/{nothing}"),
        format!("{dc}/lans/99"),
        format!("{dc}/lans/99/nics"),
        format!("{dc}/loadbalancers/{nothing}"),
        format!("{dc}/loadbalancers/{nothing}/balancednics"),
        format!("/datacenters/{nothing}/servers"),
        format!("/datacenters/{nothing}/volumes"),
        format!("/datacenters/{nothing}/lans"),
        format!("/datacenters/{nothing}/loadbalancers"),
        format!("/images/{nothing}"),
        format!("/snapshots/{nothing}"),
        format!("/ipblocks/{nothing}"),
    ];
    for path in &missing {
        api.get(path).await.assert_error(404, "Resource does not exist");
    }
    for path in [format!("{dc}/servers/{nothing}"), format!("{dc}/volumes/{nothing}"), format!("/snapshots/{nothing}")]
    {
        api.delete(&path).await.assert_error(404, "Resource does not exist");
        api.patch(&path, &json!({"name": "x"})).await.assert_error(404, "Resource does not exist");
    }
    for path in [format!("{dc}/servers/{nothing}/start"), format!("{dc}/volumes/{nothing}/create-snapshot")] {
        api.post(&path, &Value::Null).await.assert_error(404, "Resource does not exist");
    }
    for (method, path) in [
        (Method::POST, "/images".to_string()),
        (Method::POST, "/snapshots".to_string()),
        (Method::DELETE, format!("{dc}/servers")),
        (Method::PUT, format!("{dc}/lans")),
        (Method::GET, format!("{dc}/servers/{nothing}/start")),
        (Method::PATCH, format!("{dc}/servers/{nothing}/volumes/{nothing}")),
    ] {
        api.call(method, &path, &Value::Null).await.assert_error(405, "");
    }
    for (path, body, needle) in [
        (format!("{dc}/servers"), json!({"properties": {"cores": 1}}), "'ram'"),
        (format!("{dc}/servers"), json!({"properties": {"cores": 1, "ram": 1024, "colour": "red"}}), "'colour'"),
        (format!("{dc}/volumes"), json!({"properties": {"size": "big", "licenceType": "LINUX"}}), "'size'"),
        (format!("{dc}/lans"), json!({"properties": {"public": "maybe"}}), "'public'"),
        (format!("{dc}/loadbalancers"), json!({"name": "no properties"}), "'properties'"),
        ("/ipblocks".to_string(), json!({"properties": {"location": "de/fra"}}), "'size'"),
        (
            format!("{dc}/servers"),
            json!({"properties": {"cores": 1, "ram": 1024}, "entities": {"volumes": {"items": [{"id": nothing}]}}}),
            "'entities.volumes.items[0].id'",
        ),
    ] {
        api.post(&path, &body).await.assert_error(422, needle);
    }
    let text = api.raw(Method::POST, &format!("{dc}/volumes"), "{nope", None).await;
    text.assert_error(400, "JSON");
    api.stop().await;
}

#[test]
fn a_script_builds_a_server_with_its_volume_and_nic() {
    let world = crate::world::World::start(20);
    let out = world.json(
        r#"
        let dc = create_datacenter(Datacenter(#{ name: "scripted", location: "de/fra" }));
        wait_for_completion(dc);
        let server = create_server(dc.id, Server(#{
            name: "web", cores: 1, ram: 1024,
            create_volumes: [#{ name: "root", size: 10, image_alias: "ubuntu:latest", ssh_keys: ["ssh-ed25519 AAAA k"] }],
            nics: [#{ lan: 1, name: "eth0" }],
        }));
        wait_for_completion(server);
        let got = get_server(dc.id, server.id, #{ depth: 2 });
        #{ state: got.properties.vmState, volumes: got.entities.volumes.items.len(), nics: got.entities.nics.items.len(),
           lan: list_lans(dc.id).items.len() }
        "#,
    );
    assert_eq!(out, json!({"state": "RUNNING", "volumes": 1, "nics": 1, "lan": 1}));
}

#[tokio::test]
async fn a_failed_composite_request_takes_everything_it_made_back() {
    let api = Api::start(30).await;
    let dc = api.datacenter("de/fra").await;
    let fail = format!("{}/_sim/fail-next", api.sim.base_url());
    let told =
        reqwest::Client::new().post(fail).json(&json!({"message": "no capacity"})).send().await.expect("control");
    assert!(told.status().is_success());
    let body = json!({"properties": {"name": "doomed", "cores": 1, "ram": 1024},
        "entities": {"volumes": {"items": [{"properties": {"size": 3, "licenceType": "LINUX"}}]},
                     "nics": {"items": [{"properties": {"lan": 5}}]}}});
    let accepted = api.post(&format!("{dc}/servers"), &body).await;
    let status = api.wait(&accepted).await;
    assert_eq!(status["metadata"]["status"], "FAILED");
    assert_eq!(status["metadata"]["message"], "no capacity");
    for collection in ["servers", "volumes", "lans"] {
        assert_eq!(api.get(&format!("{dc}/{collection}")).await.body["items"], json!([]), "{collection}");
    }
    api.stop().await;
}
