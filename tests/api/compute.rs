//! Servers, volumes, images and snapshots from Rhai against the emulator: every operation's
//! happy path and its main error.

use serde_json::json;

use crate::world::World;

/// A data center to work in, created and awaited; scripts get it as `dc`.
const SETUP: &str = r#"
    let dc = create_datacenter(Datacenter(#{ name: "compute", location: "de/fra" }));
    wait_for_completion(dc);
    let dc = dc.id;
"#;

fn run(world: &World, script: &str) -> serde_json::Value {
    world.json(&format!("{SETUP}\n{script}"))
}

#[test]
fn servers_are_created_listed_updated_and_deleted() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let s = create_server(dc, Server(#{ name: "web", cores: 2, ram: 2048 }));
        wait_for_completion(s);
        let got = get_server(dc, s.id);
        let listed = list_servers(dc).items.map(|x| x.id);
        wait_for_completion(update_server(dc, s.id, #{ name: "web-2", cores: 4, ram: 4096 }));
        let updated = get_server(dc, s.id).properties;
        wait_for_completion(delete_server(dc, s.id));
        let status = 0;
        try { get_server(dc, s.id); } catch (e) { status = e.status; }
        #{
            name: got.properties.name, state: got.metadata.state, vm: got.properties.vmState,
            listed: listed == [s.id], updated: [updated.name, updated.cores, updated.ram], gone: status,
        }
        "#,
    );
    assert_eq!(
        out,
        json!({ "name": "web", "state": "AVAILABLE", "vm": "RUNNING", "listed": true, "updated": ["web-2", 4, 4096], "gone": 404 })
    );
}

#[test]
fn power_actions_move_the_vm_state() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let s = create_server(dc, Server(#{ name: "power", cores: 1, ram: 1024 }));
        wait_for_completion(s);
        wait_for_completion(stop_server(dc, s.id));
        let stopped = get_server(dc, s.id).properties.vmState;
        wait_for_completion(start_server(dc, s.id));
        let started = get_server(dc, s.id).properties.vmState;
        wait_for_completion(reboot_server(dc, s.id));
        let rebooted = get_server(dc, s.id).properties.vmState;
        let status = 0;
        try { start_server(dc, "no-such-server"); } catch (e) { status = e.status; }
        [stopped, started, rebooted, status]
        "#,
    );
    assert_eq!(out, json!(["SHUTOFF", "RUNNING", "RUNNING", 404]));
}

#[test]
fn volumes_from_images_and_blank_ones_grow_but_never_shrink() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let image = list_images().items.filter(|i| i.properties.location == "de/fra" && i.properties.imageType == "HDD" && i.properties.licenceType == "LINUX")[0];
        let sys = create_volume(dc, Volume(#{ name: "sys", size: 20, image: image.id, ssh_keys: ["ssh-ed25519 AAAA k"] }));
        let alias = create_volume(dc, Volume(#{ name: "alias", size: 20, image_alias: "ubuntu:latest", image_password: "Secr3tPass2rdX" }));
        let blank = create_volume(dc, Volume(#{ name: "data", size: 10, licence_type: "OTHER", type: "SSD" }));
        wait_for_completion(sys); wait_for_completion(alias); wait_for_completion(blank);
        wait_for_completion(update_volume(dc, blank.id, #{ size: 50, name: "data-2" }));
        let grown = get_volume(dc, blank.id).properties;
        let shrink = 0;
        try { update_volume(dc, blank.id, #{ size: 5 }); } catch (e) { shrink = e.status; }
        // The spec documents no rule that a public image needs a password or key: accepted.
        let bare = create_volume(dc, Volume(#{ size: 20, image: image.id }));
        wait_for_completion(bare);
        let no_credentials = get_volume(dc, bare.id).properties.image;
        wait_for_completion(delete_volume(dc, bare.id));
        let listed = list_volumes(dc).items.len();
        wait_for_completion(delete_volume(dc, alias.id));
        #{
            licence: get_volume(dc, sys.id).properties.licenceType,
            alias_licence: alias.properties.licenceType,
            grown: [grown.size, grown.name, grown.type],
            shrink: shrink, no_credentials: no_credentials, image: image.id, listed: listed,
            left: list_volumes(dc).items.len(),
        }
        "#,
    );
    assert_eq!(out["licence"], "LINUX");
    assert_eq!(out["grown"], json!([50, "data-2", "SSD"]));
    assert_eq!(out["shrink"], 422);
    assert_eq!(out["no_credentials"], out["image"]);
    assert_eq!(out["listed"], 3);
    assert_eq!(out["left"], 2);
}

#[test]
fn image_passwords_are_never_echoed() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let v = create_volume(dc, Volume(#{ size: 20, image_alias: "debian:latest", image_password: "Secr3tPass2rdX" }));
        wait_for_completion(v);
        to_json([v, get_volume(dc, v.id), get_request(v.requestId, false)])
        "#,
    );
    let text = out.as_str().expect("JSON text");
    assert!(!text.contains("Secr3tPass2rdX"), "{text}");
}

#[test]
fn volumes_and_cdroms_attach_and_detach() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let s = create_server(dc, Server(#{ name: "att", cores: 1, ram: 1024 }));
        let v = create_volume(dc, Volume(#{ name: "disk", size: 10, licence_type: "LINUX" }));
        wait_for_completion(s); wait_for_completion(v);
        wait_for_completion(attach_volume(dc, s.id, v.id));
        let attached = get_attached_volumes(dc, s.id).items.map(|x| x.id);
        let one = get_attached_volume(dc, s.id, v.id).properties.name;
        let cd = list_images().items.filter(|i| i.properties.location == "de/fra" && i.properties.imageType == "CDROM")[0];
        wait_for_completion(attach_cdrom(dc, s.id, cd.id));
        let cdroms = get_attached_cdroms(dc, s.id).items.map(|x| x.id);
        let cd_name = get_attached_cdrom(dc, s.id, cd.id).properties.name;
        wait_for_completion(detach_cdrom(dc, s.id, cd.id));
        wait_for_completion(detach_volume(dc, s.id, v.id));
        let missing = 0;
        try { attach_volume(dc, s.id, "no-such-volume"); } catch (e) { missing = e.status; }
        #{
            attached: attached == [v.id], one: one, cdroms: cdroms == [cd.id], cd_named: cd_name == cd.properties.name,
            after: [get_attached_volumes(dc, s.id).items.len(), get_attached_cdroms(dc, s.id).items.len()],
            volume_kept: get_volume(dc, v.id).id == v.id, missing: missing >= 400,
        }
        "#,
    );
    assert_eq!(
        out,
        json!({ "attached": true, "one": "disk", "cdroms": true, "cd_named": true, "after": [0, 0], "volume_kept": true, "missing": true })
    );
}

#[test]
fn deleting_a_server_keeps_its_volumes_unless_asked() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let s1 = create_server(dc, Server(#{ name: "keep", cores: 1, ram: 1024, create_volumes: [Volume(#{ size: 10, licence_type: "LINUX" })] }));
        let s2 = create_server(dc, Server(#{ name: "drop", cores: 1, ram: 1024, create_volumes: [Volume(#{ size: 10, licence_type: "LINUX" })] }));
        wait_for_completion(s1); wait_for_completion(s2);
        wait_for_completion(delete_server(dc, s1.id));
        let after_keep = list_volumes(dc).items.len();
        wait_for_completion(delete_server(dc, s2.id, #{ delete_volumes: true }));
        [after_keep, list_volumes(dc).items.len()]
        "#,
    );
    assert_eq!(out, json!([2, 1]));
}

#[test]
fn public_images_are_read_only_and_listed_per_location() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let images = list_images().items;
        let locations = images.map(|i| i.properties.location);
        let public = images.filter(|i| i.properties.public)[0];
        let got = get_image(public.id);
        let update = 0; let delete = 0;
        try { update_image(public.id, #{ name: "mine" }); } catch (e) { update = e.status; }
        try { delete_image(public.id); } catch (e) { delete = e.status; }
        let missing = 0;
        try { get_image("no-such-image"); } catch (e) { missing = e.status; }
        #{
            every_location: ["de/fra", "de/fkb", "de/txl", "gb/lhr", "us/las", "us/ewr", "es/vit", "fr/par"].all(|l| locations.contains(l)),
            kinds: ["HDD", "CDROM"].all(|k| images.some(|i| i.properties.imageType == k)),
            same: got.id == public.id, update: update, delete: delete, missing: missing,
        }
        "#,
    );
    assert_eq!(out["every_location"], true);
    assert_eq!(out["kinds"], true);
    assert_eq!(out["same"], true);
    assert!(matches!(out["update"].as_i64(), Some(403 | 422)), "{out}");
    assert!(matches!(out["delete"].as_i64(), Some(403 | 422)), "{out}");
    assert_eq!(out["missing"], 404);
}

#[test]
fn snapshots_are_taken_updated_restored_and_deleted() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let v = create_volume(dc, Volume(#{ name: "src", size: 12, licence_type: "LINUX" }));
        wait_for_completion(v);
        let snap = create_snapshot(dc, v.id, #{ name: "nightly", description: "before upgrade" });
        wait_for_completion(snap);
        let got = get_snapshot(snap.id).properties;
        wait_for_completion(update_snapshot(snap.id, #{ name: "nightly-1", description: "kept" }));
        let renamed = get_snapshot(snap.id).properties.name;
        let listed = list_snapshots().items.map(|s| s.id).contains(snap.id);
        wait_for_completion(restore_snapshot(dc, v.id, snap.id));
        let bad_restore = 0;
        try { restore_snapshot(dc, v.id, "no-such-snapshot"); } catch (e) { bad_restore = e.status; }
        wait_for_completion(delete_snapshot(snap.id));
        let gone = 0;
        try { get_snapshot(snap.id); } catch (e) { gone = e.status; }
        #{ licence: got.licenceType, location: got.location, size: got.size, name: got.name, renamed: renamed,
           listed: listed, bad_restore: bad_restore >= 400, gone: gone }
        "#,
    );
    assert_eq!(
        out,
        json!({ "licence": "LINUX", "location": "de/fra", "size": 12, "name": "nightly", "renamed": "nightly-1",
                "listed": true, "bad_restore": true, "gone": 404 })
    );
}

#[test]
fn private_images_are_updated_and_deleted() {
    let world = World::start(10);
    world.control(
        "/_sim/images",
        json!({ "name": "golden-web", "location": "de/fra", "licenceType": "LINUX", "size": 12 }),
    );
    let out = world.json(
        r#"
        let mine = list_images().items.filter(|i| !i.properties.public);
        let id = mine[0].id;
        wait_for_completion(update_image(id, #{ name: "golden-web-2", description: "patched", cpu_hot_plug: true }));
        let updated = get_image(id).properties;
        wait_for_completion(delete_image(id));
        let gone = 0;
        try { get_image(id); } catch (e) { gone = e.status; }
        #{ count: mine.len(), name: updated.name, description: updated.description, hot: updated.cpuHotPlug, gone: gone }
        "#,
    );
    assert_eq!(out, json!({ "count": 1, "name": "golden-web-2", "description": "patched", "hot": true, "gone": 404 }));
}
