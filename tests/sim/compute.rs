//! The emulator's images, volumes, snapshots and servers over real HTTP.

use serde_json::{json, Value};

use crate::http::Api;

const SSH_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB test@example";

#[tokio::test]
async fn every_location_has_the_catalogue_and_public_images_are_read_only() {
    let api = Api::start(30).await;
    let images = api.get("/images?depth=1").await.body;
    let items = images["items"].as_array().expect("items");
    let locations = api.get("/locations?depth=1").await.body;
    for location in locations["items"].as_array().expect("locations") {
        let here: Vec<&Value> = items.iter().filter(|i| i["properties"]["location"] == location["id"]).collect();
        for kind in ["HDD", "CDROM"] {
            assert!(here.iter().any(|i| i["properties"]["imageType"] == kind), "{kind} in {}", location["id"]);
        }
        let offered: Vec<&Value> =
            here.iter().flat_map(|i| i["properties"]["imageAliases"].as_array().into_iter().flatten()).collect();
        for alias in location["properties"]["imageAliases"].as_array().expect("aliases") {
            assert!(offered.contains(&alias), "{alias} resolves in {}", location["id"]);
        }
    }
    let ubuntu = api.image("de/fra", "Ubuntu-22.04").await;
    let image = api.get(&format!("/images/{ubuntu}")).await.body;
    assert_eq!(image["properties"]["public"], true);
    assert_eq!(image["properties"]["licenceType"], "LINUX");
    assert_eq!(image["properties"]["cloudInit"], "V1");
    assert!(image["properties"]["imageAliases"].as_array().is_some_and(|a| a.contains(&json!("ubuntu:22.04"))));
    let windows = api.image("us/las", "Windows-2022").await;
    assert_eq!(api.get(&format!("/images/{windows}")).await.body["properties"]["licenceType"], "WINDOWS2022");

    api.patch(&format!("/images/{ubuntu}"), &json!({"name": "mine"})).await.assert_error(403, "public image");
    api.put(&format!("/images/{ubuntu}"), &json!({"properties": {"name": "mine"}}))
        .await
        .assert_error(403, "public image");
    api.delete(&format!("/images/{ubuntu}")).await.assert_error(403, "public image");
    api.delete("/images/00000000-0000-0000-0000-000000000000").await.assert_error(404, "Resource does not exist");

    let again = Api::start(30).await;
    assert_eq!(again.image("de/fra", "Ubuntu-22.04").await, ubuntu, "image ids are stable");
    again.stop().await;
    api.stop().await;
}

#[tokio::test]
async fn volumes_come_from_images_aliases_or_nothing_and_only_grow() {
    let api = Api::start(30).await;
    let dc = api.datacenter("de/fra").await;
    let volumes = format!("{dc}/volumes");

    let from_alias =
        json!({"properties": {"size": 10, "imageAlias": "ubuntu:latest", "imagePassword": "secretpass23"}});
    let created = api.done(api.post(&volumes, &from_alias).await).await;
    let props = &created.body["properties"];
    assert_eq!(props["licenceType"], "LINUX");
    assert_eq!(props["type"], "HDD");
    assert_eq!(props["bus"], "VIRTIO");
    assert_eq!(props["availabilityZone"], "AUTO");
    assert!(props.get("imagePassword").is_none_or(Value::is_null), "{props}");
    assert!(props["image"].is_string());
    let logged = api.get("/requests?depth=1&limit=1").await.body;
    let body = logged["items"][0]["properties"]["body"].as_str().expect("a logged body");
    assert!(body.contains("***") && !body.contains("secretpass23"), "{body}");

    let debian = api.image("de/fra", "Debian-12").await;
    let with_key = json!({"properties": {"size": 5, "image": debian, "sshKeys": [SSH_KEY], "type": "SSD"}});
    let keyed = api.done(api.post(&volumes, &with_key).await).await;
    assert_eq!(keyed.body["properties"]["image"], debian.as_str());

    // The spec documents no password-or-key rule for public images, nor a licence for blank volumes.
    let bare = api.done(api.post(&volumes, &json!({"properties": {"size": 5, "image": debian}})).await).await;
    assert_eq!(bare.body["properties"]["image"], debian.as_str());
    let unlicensed = api.done(api.post(&volumes, &json!({"properties": {"size": 5}})).await).await;
    assert_eq!(unlicensed.body["properties"]["size"], 5);
    api.post(
        &volumes,
        &json!({"properties": {"size": 5, "imageAlias": "plan9:latest", "imagePassword": "secretpass23"}}),
    )
    .await
    .assert_error(422, "ubuntu:latest");
    let elsewhere = api.image("us/las", "Debian-12").await;
    api.post(&volumes, &json!({"properties": {"size": 5, "image": elsewhere, "imagePassword": "secretpass23"}}))
        .await
        .assert_error(422, "'image'");

    let blank = api
        .done(api.post(&volumes, &json!({"properties": {"size": 20, "licenceType": "OTHER", "name": "data"}})).await)
        .await;
    let blank = format!("{volumes}/{}", blank.id());
    let grown = api.done(api.patch(&blank, &json!({"size": 30})).await).await;
    assert_eq!(grown.body["properties"]["size"], 30);
    api.patch(&blank, &json!({"size": 10})).await.assert_error(422, "'size' can only be increased");
    api.patch(&blank, &json!({"type": "SSD"})).await.assert_error(422, "'type'");
    let listed = api.get(&format!("{volumes}?depth=1")).await.body;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(5));
    api.stop().await;
}

#[tokio::test]
async fn snapshots_are_taken_from_form_or_json_and_restored() {
    let api = Api::start(30).await;
    let dc = api.datacenter("de/fra").await;
    let volume = api
        .done(
            api.post(&format!("{dc}/volumes"), &json!({"properties": {"size": 12, "licenceType": "WINDOWS2022"}}))
                .await,
        )
        .await;
    let volume = format!("{dc}/volumes/{}", volume.id());

    let form = api
        .form(
            &format!("{volume}/create-snapshot"),
            "name=nightly&description=None&secAuthProtection=False&licenceType=None",
        )
        .await;
    let snapshot = api.done(form).await;
    let props = &snapshot.body["properties"];
    assert_eq!(props["name"], "nightly");
    assert_eq!(props["description"], "");
    assert_eq!(props["licenceType"], "WINDOWS2022");
    assert_eq!(props["location"], "de/fra");
    assert_eq!(props["size"], 12);
    assert_eq!(snapshot.body["type"], "snapshot");

    let json_snapshot =
        api.done(api.post(&format!("{volume}/create-snapshot"), &json!({"properties": {"name": "json"}})).await).await;
    let listed = api.get("/snapshots?depth=1").await.body;
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));

    let restore = api.form(&format!("{volume}/restore-snapshot"), &format!("snapshotId={}", snapshot.id())).await;
    assert!(restore.text.is_empty(), "{}", restore.text);
    api.done(restore).await;
    let json_restore = api
        .post(&format!("{volume}/restore-snapshot"), &json!({"properties": {"snapshotId": json_snapshot.id()}}))
        .await;
    api.done(json_restore).await;
    assert_eq!(api.get(&volume).await.body["properties"]["image"], json_snapshot.id().as_str());

    let far = api.datacenter("us/las").await;
    let far_volume = api
        .done(api.post(&format!("{far}/volumes"), &json!({"properties": {"size": 12, "licenceType": "LINUX"}})).await)
        .await;
    api.form(&format!("{far}/volumes/{}/restore-snapshot", far_volume.id()), &format!("snapshotId={}", snapshot.id()))
        .await
        .assert_error(422, "location");
    api.form(&format!("{volume}/restore-snapshot"), "snapshotId=nope").await.assert_error(422, "snapshotId");

    let renamed = api.done(api.patch(&format!("/snapshots/{}", snapshot.id()), &json!({"name": "weekly"})).await).await;
    assert_eq!(renamed.body["properties"]["name"], "weekly");
    api.done(api.delete(&format!("/snapshots/{}", snapshot.id())).await).await;
    api.get(&format!("/snapshots/{}", snapshot.id())).await.assert_error(404, "Resource does not exist");
    api.stop().await;
}

#[tokio::test]
async fn servers_power_cycle_and_attach_volumes_and_cdroms() {
    let api = Api::start(30).await;
    let dc = api.datacenter("us/las").await;
    let created = api
        .post(
            &format!("{dc}/servers"),
            &json!({"properties": {"name": "web", "cores": "2", "ram": 2048, "cpuFamily": "INTEL_XEON"}}),
        )
        .await;
    assert_eq!(created.body["metadata"]["state"], "BUSY");
    let server = format!("{dc}/servers/{}", api.done(created).await.id());
    assert_eq!(api.get(&server).await.body["properties"]["vmState"], "RUNNING");
    assert_eq!(api.get(&server).await.body["properties"]["cores"], 2);

    for (action, state) in [("stop", "SHUTOFF"), ("start", "RUNNING"), ("stop", "SHUTOFF"), ("reboot", "RUNNING")] {
        let answer = api.form(&format!("{server}/{action}"), "").await;
        assert!(answer.text.is_empty());
        api.done(answer).await;
        assert_eq!(api.get(&server).await.body["properties"]["vmState"], state, "after {action}");
    }

    let volume = api
        .done(api.post(&format!("{dc}/volumes"), &json!({"properties": {"size": 5, "licenceType": "LINUX"}})).await)
        .await;
    let attach = api
        .raw(reqwest::Method::POST, &format!("{server}/volumes"), &format!("{{ \"id\": \"{}\" }}", volume.id()), None)
        .await;
    api.done(attach).await;
    let attached = api.get(&format!("{server}/volumes?depth=1")).await.body;
    assert_eq!(attached["items"][0]["id"], volume.id().as_str());
    assert_eq!(attached["items"][0]["properties"]["deviceNumber"], 1);
    api.post(&format!("{server}/volumes"), &json!({"id": volume.id()})).await.assert_error(422, "already attached");
    api.post(&format!("{server}/volumes"), &json!({"id": "nope"})).await.assert_error(422, "'id'");

    let iso = api.image("us/las", "ubuntu-24.04").await;
    api.done(api.post(&format!("{server}/cdroms"), &json!({"id": iso})).await).await;
    assert_eq!(api.get(&format!("{server}/cdroms/{iso}")).await.body["properties"]["imageType"], "CDROM");
    let foreign = api.image("de/fra", "ubuntu-24.04").await;
    api.post(&format!("{server}/cdroms"), &json!({"id": foreign})).await.assert_error(422, "us/las");
    api.done(api.delete(&format!("{server}/cdroms/{iso}")).await).await;
    assert_eq!(api.get(&format!("{server}/cdroms")).await.body["items"], json!([]));

    api.patch(&server, &json!({"bootVolume": {"id": "not-attached"}})).await.assert_error(422, "bootVolume");
    api.done(api.patch(&server, &json!({"bootVolume": {"id": volume.id()}})).await).await;
    assert_eq!(
        api.get(&format!("{dc}/volumes/{}", volume.id())).await.body["properties"]["bootServer"],
        server.rsplit('/').next().unwrap_or_default()
    );
    api.patch(&server, &json!({"cpuFamily": "INTEL_ICELAKE"})).await.assert_error(422, "cpuFamily");

    api.done(api.delete(&format!("{server}/volumes/{}", volume.id())).await).await;
    assert_eq!(api.get(&format!("{server}/volumes")).await.body["items"], json!([]));
    assert!(api.get(&format!("{dc}/volumes/{}", volume.id())).await.body["properties"]["deviceNumber"].is_null());
    api.stop().await;
}

#[tokio::test]
async fn deleting_a_server_keeps_its_volumes_unless_asked() {
    let api = Api::start(30).await;
    let dc = api.datacenter("de/fra").await;
    let server_body = |name: &str| {
        json!({"properties": {"name": name, "cores": 1, "ram": 1024},
               "entities": {"volumes": {"items": [{"properties": {"size": 5, "licenceType": "LINUX"}}]}}})
    };
    let keep = api.done(api.post(&format!("{dc}/servers"), &server_body("keep")).await).await;
    let drop = api.done(api.post(&format!("{dc}/servers"), &server_body("drop")).await).await;
    assert_eq!(api.get(&format!("{dc}/volumes")).await.body["items"].as_array().map(Vec::len), Some(2));
    let booted = api.get(&format!("{dc}/servers/{}", keep.id())).await.body;
    assert!(booted["properties"]["bootVolume"]["id"].is_string(), "{booted}");

    api.done(api.delete(&format!("{dc}/servers/{}", keep.id())).await).await;
    let left = api.get(&format!("{dc}/volumes?depth=1")).await.body;
    assert_eq!(left["items"].as_array().map(Vec::len), Some(2));
    api.done(api.delete(&format!("{dc}/servers/{}?deleteVolumes=true", drop.id())).await).await;
    let left = api.get(&format!("{dc}/volumes")).await.body;
    assert_eq!(left["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(api.get(&format!("{dc}/servers")).await.body["items"], json!([]));
    api.stop().await;
}
