//! The emulator's LANs, NICs, firewall rules, IP blocks and load balancers over real HTTP.

use serde_json::{json, Value};

use crate::http::Api;

async fn server(api: &Api, dc: &str) -> String {
    let body = json!({"properties": {"name": "s", "cores": 1, "ram": 1024}});
    format!("{dc}/servers/{}", api.done(api.post(&format!("{dc}/servers"), &body).await).await.id())
}

fn ips(object: &Value) -> Vec<String> {
    object["properties"]["ips"].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect()
}

#[tokio::test]
async fn a_nic_on_a_missing_lan_creates_it_and_gets_a_mac_and_an_address() {
    let api = Api::start(30).await;
    let dc = api.datacenter("de/fra").await;
    let server = server(&api, &dc).await;
    let nic =
        api.done(api.post(&format!("{server}/nics"), &json!({"properties": {"lan": "3", "name": "eth0"}})).await).await;
    let props = &nic.body["properties"];
    assert_eq!(props["lan"], 3);
    assert_eq!(props["dhcp"], true);
    assert!(props["mac"].as_str().is_some_and(|m| m.starts_with("02:01:") && m.len() == 17), "{props}");
    assert_eq!(ips(&nic.body), ["10.7.3.11"]);
    let lan = api.get(&format!("{dc}/lans/3")).await.body;
    assert_eq!(lan["properties"]["public"], false);
    let members = api.get(&format!("{dc}/lans/3/nics")).await.body;
    assert_eq!(members["items"][0]["id"], nic.id().as_str());
    api.get(&format!("{dc}/lans/3/nics/{}", nic.id())).await;
    api.delete(&format!("{dc}/lans/3")).await.assert_error(422, "still has NICs");

    let lan = api
        .done(api.post(&format!("{dc}/lans"), &json!({"properties": {"name": "net", "public": "true"}})).await)
        .await;
    assert_eq!(lan.id(), "4");
    let public = api.done(api.post(&format!("{server}/nics"), &json!({"properties": {"lan": 4}})).await).await;
    let address = &ips(&public.body)[0];
    assert!(!address.starts_with("10."), "{address}");

    let moved = api.done(api.patch(&format!("{server}/nics/{}", nic.id()), &json!({"lan": 4})).await).await;
    assert_eq!(moved.body["properties"]["lan"], 4);
    assert_eq!(api.get(&format!("{dc}/lans/3/nics")).await.body["items"], json!([]));
    assert_eq!(api.get(&format!("{dc}/lans/4/nics")).await.body["items"].as_array().map(Vec::len), Some(2));
    api.done(api.delete(&format!("{dc}/lans/3")).await).await;
    api.stop().await;
}

#[tokio::test]
async fn reserved_addresses_are_checked_and_show_their_consumers() {
    let api = Api::start(30).await;
    let block = api
        .done(api.post("/ipblocks", &json!({"properties": {"location": "de/fra", "size": "2", "name": "b"}})).await)
        .await;
    let reserved = ips(&block.body);
    assert_eq!(reserved.len(), 2);
    assert_eq!(block.body["properties"]["size"], 2);
    let other = api.done(api.post("/ipblocks", &json!({"properties": {"location": "de/fra", "size": 1}})).await).await;
    assert!(!reserved.contains(&ips(&other.body)[0]));
    api.post("/ipblocks", &json!({"properties": {"location": "xx/yyy", "size": 1}}))
        .await
        .assert_error(422, "location");
    api.patch(&format!("/ipblocks/{}", block.id()), &json!({"size": 3})).await.assert_error(422, "'size'");

    let dc = api.datacenter("de/fra").await;
    let server = server(&api, &dc).await;
    api.done(api.post(&format!("{dc}/lans"), &json!({"properties": {"public": true}})).await).await;
    api.post(&format!("{server}/nics"), &json!({"properties": {"lan": 1, "ips": ["1.2.3.4"]}}))
        .await
        .assert_error(422, "'ips'");
    let nic = api
        .done(api.post(&format!("{server}/nics"), &json!({"properties": {"lan": 1, "ips": [reserved[0]]}})).await)
        .await;
    api.post(&format!("{server}/nics"), &json!({"properties": {"lan": 1, "ips": [reserved[0]]}}))
        .await
        .assert_error(422, "already uses");
    let consumers = api.get(&format!("/ipblocks/{}", block.id())).await.body["properties"]["ipConsumers"].clone();
    assert_eq!(consumers[0]["ip"], reserved[0].as_str());
    assert_eq!(consumers[0]["nicId"], nic.id().as_str());
    assert_eq!(consumers[0]["mac"], nic.body["properties"]["mac"]);
    assert_eq!(consumers[0]["serverId"], server.rsplit('/').next().unwrap_or_default());
    assert_eq!(consumers[0]["datacenterName"], "test");
    api.delete(&format!("/ipblocks/{}", block.id())).await.assert_error(422, "in use");

    let lan = format!("{dc}/lans/1");
    let failover = json!({"ipFailover": [{"ip": reserved[0], "nicUuid": nic.id()}]});
    api.done(api.patch(&lan, &failover).await).await;
    api.patch(&lan, &json!({"ipFailover": [{"ip": reserved[1], "nicUuid": nic.id()}]}))
        .await
        .assert_error(422, "ipFailover");
    api.patch(&lan, &json!({"ipFailover": [{"ip": reserved[0], "nicUuid": "nope"}]}))
        .await
        .assert_error(422, "not connected");
    api.stop().await;
}

#[tokio::test]
async fn firewall_rules_keep_their_protocol() {
    let api = Api::start(30).await;
    let dc = api.datacenter("de/fra").await;
    let server = server(&api, &dc).await;
    let body = json!({"properties": {"lan": 1, "firewallActive": true},
        "entities": {"firewallrules": {"items": [{"properties": {"protocol": "TCP", "portRangeStart": 22, "portRangeEnd": 22}}]}}});
    let nic = api.done(api.post(&format!("{server}/nics"), &body).await).await;
    let rules = format!("{server}/nics/{}/firewallrules", nic.id());
    let listed = api.get(&format!("{rules}?depth=1")).await.body;
    assert_eq!(listed["items"][0]["properties"]["protocol"], "TCP");
    assert_eq!(listed["items"][0]["properties"]["type"], "INGRESS");
    let rule = format!("{rules}/{}", listed["items"][0]["id"].as_str().unwrap_or_default());
    api.patch(&rule, &json!({"protocol": "UDP"})).await.assert_error(422, "'protocol'");
    api.done(api.patch(&rule, &json!({"portRangeEnd": 80})).await).await;
    let icmp = api.done(api.post(&rules, &json!({"properties": {"protocol": "ICMP", "icmpType": 8}})).await).await;
    api.patch(&format!("{rules}/{}", icmp.id()), &json!({"portRangeStart": 1})).await.assert_error(422, "TCP and UDP");
    api.post(&rules, &json!({"properties": {"protocol": "ANY", "icmpType": 8}})).await.assert_error(422, "icmpType");
    api.done(api.delete(&rule).await).await;
    assert_eq!(api.get(&rules).await.body["items"].as_array().map(Vec::len), Some(1));
    api.stop().await;
}

#[tokio::test]
async fn balanced_nics_inherit_the_load_balancer_ip() {
    let api = Api::start(30).await;
    let dc = api.datacenter("de/fra").await;
    let server = server(&api, &dc).await;
    let nic = api.done(api.post(&format!("{server}/nics"), &json!({"properties": {"lan": 1}})).await).await;
    let own = ips(&nic.body);
    let lb = api
        .done(api.post(&format!("{dc}/loadbalancers"), &json!({"properties": {"name": "lb", "dhcp": "true"}})).await)
        .await;
    let lb_ip = lb.body["properties"]["ip"].as_str().expect("an ip").to_string();
    let lb = format!("{dc}/loadbalancers/{}", lb.id());

    let add = api
        .raw(reqwest::Method::POST, &format!("{lb}/balancednics"), &format!("{{ \"id\": \"{}\" }}", nic.id()), None)
        .await;
    api.done(add).await;
    let members = api.get(&format!("{lb}/balancednics?depth=1")).await.body;
    assert_eq!(members["items"][0]["id"], nic.id().as_str());
    let balanced = api.get(&format!("{server}/nics/{}", nic.id())).await.body;
    assert!(ips(&balanced).contains(&lb_ip), "{balanced}");
    api.post(&format!("{lb}/balancednics"), &json!({"id": "nope"})).await.assert_error(422, "'id'");

    api.done(api.delete(&format!("{lb}/balancednics/{}", nic.id())).await).await;
    assert_eq!(ips(&api.get(&format!("{server}/nics/{}", nic.id())).await.body), own);
    assert_eq!(api.get(&format!("{lb}/balancednics")).await.body["items"], json!([]));
    api.stop().await;
}
