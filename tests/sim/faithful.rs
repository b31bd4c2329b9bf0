//! Never stricter than the published API: what the CloudAPI spec allows is accepted, on the
//! wire and by the constructors, and the few rules it does document are kept.

use serde_json::{json, Value};

use crate::http::Api;
use crate::world::World;

#[tokio::test]
async fn what_the_spec_allows_is_accepted_on_the_wire() {
    let api = Api::start(5).await;
    let dc = api.datacenter("de/fra").await;
    let dc_id = dc.trim_start_matches("/datacenters/").to_string();
    let volumes = format!("{dc}/volumes");
    // The seed's password and the spec's own example: a-z, A-Z and 0-9, any length.
    for password in ["s3cr3tpass0rd", "mypass123", "x"] {
        let body = json!({"properties": {"size": 10, "imageAlias": "ubuntu:latest", "imagePassword": password}});
        api.done(api.post(&volumes, &body).await).await;
    }
    let refused = json!({"properties": {"size": 10, "imageAlias": "ubuntu:latest", "imagePassword": "pass word!"}});
    api.post(&volumes, &refused).await.assert_error(422, "imagePassword");

    // A user password with a space, and no name or e-mail rules beyond the spec's.
    let user = json!({"properties": {"firstname": "A", "lastname": "B", "email": "spaces@example.com", "password": "with a space"}});
    api.done(api.post("/um/users", &user).await).await;
    api.done(api.post("/um/users", &json!({"properties": {"email": "only-mail@example.com"}})).await).await;
    api.done(api.post("/um/groups", &json!({"properties": {}, "entities": {"users": {"items": []}}})).await).await;

    // Fields and collections the spec defines, modelled or not.
    let server =
        json!({"properties": {"cores": 1, "ram": 1024, "name": "any/name 'quoted'", "placementGroupId": "pg-1"}});
    let server = api.done(api.post(&format!("{dc}/servers"), &server).await).await.id();
    let nic = json!({"properties": {"lan": 1, "vnet": "1"}, "entities": {"flowlogs": {"items": []}}});
    let nic = api.done(api.post(&format!("{dc}/servers/{server}/nics"), &nic).await).await.id();
    let rule = json!({"properties": {"protocol": "TCP", "sourceMac": "01-23-45-67-89-ab"}});
    api.done(api.post(&format!("{dc}/servers/{server}/nics/{nic}/firewallrules"), &rule).await).await;
    let v5_nic = json!({"properties": {"lan": 1, "nat": true}});
    let v5_nics = format!("{}/cloudapi/v5{dc}/servers/{server}/nics", api.sim.base_url());
    let v5_nic = api.done(api.post(&v5_nics, &v5_nic).await).await;
    assert_eq!(v5_nic.body["properties"]["nat"], true);
    let lb = json!({"properties": {"ip": "9.9.9.9"}});
    api.done(api.post(&format!("{dc}/loadbalancers"), &lb).await).await;
    let cluster = json!({"properties": {"name": "k.8_s-1"}, "entities": {"nodepools": {"items": []}}});
    let cluster = api.done(api.post("/k8s", &cluster).await).await.id();
    let pool = json!({"properties": {"name": "pool", "datacenterId": dc_id, "nodeCount": 1, "cpuFamily": "INTEL_SKYLAKE",
        "coresCount": 2, "ramSize": 2048, "availabilityZone": "AUTO", "storageType": "HDD", "storageSize": 11,
        "gatewayIp": "1.2.3.4"}});
    let pool = api.done(api.post(&format!("/k8s/{cluster}/nodepools"), &pool).await).await.id();
    let renamed = json!({"properties": {"name": "renamed", "nodeCount": 1}});
    api.done(api.put(&format!("/k8s/{cluster}/nodepools/{pool}"), &renamed).await).await;

    // Rules the spec documents stay.
    api.post("/k8s", &json!({"properties": {"name": "k.8_s-1"}})).await.assert_error(422, "already exists");
    api.post("/k8s", &json!({"properties": {"name": "-leading"}})).await.assert_error(422, "'name'");
    api.post(&format!("{dc}/servers"), &json!({"properties": {"cores": 1, "ram": 1000}}))
        .await
        .assert_error(422, "'ram'");
    let family = json!({"properties": {"cores": 1, "ram": 1024, "cpuFamily": "INTEL_XEON"}});
    let txl = api.datacenter("de/txl").await;
    api.post(&format!("{txl}/servers"), &family)
        .await
        .assert_error(422, "must be a CPU family offered in the data center's location: AMD_OPTERON, INTEL_SKYLAKE");
    api.stop().await;
}

#[test]
fn constructors_accept_what_the_spec_allows() {
    let world = World::start(5);
    let built = world.json(
        r#"
        [
            Volume(#{ size: 10, image_alias: "ubuntu:latest", image_password: "s3cr3tpass0rd" }),
            Volume(#{ size: 10 }),
            Datacenter(#{ location: "de/fra" }),
            Server(#{ name: "a/b@c", cores: 1, ram: 1024, cpu_family: "SOME_NEW_FAMILY", placement_group_id: "pg" }),
            NIC(#{ lan: 1, ips: ["10.0.0.300"], vnet: "1" }),
            FirewallRule(#{ protocol: "TCP", source_mac: "01-23-45-67-89-ab" }),
            LAN(#{}),
            IPBlock(#{ location: "us/las", size: 300 }),
        ].len()
        "#,
    );
    assert_eq!(built, Value::from(8));
    let refused = world.eval(r#"Volume(#{ size: 10, image_alias: "ubuntu:latest", image_password: "with space" })"#);
    assert!(refused.is_err_and(|e| e.contains("image_password")));
}
