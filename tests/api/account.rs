//! Users, groups, shares, resources, contracts, requests, cross-connects, S3 keys, backup
//! units and Kubernetes from Rhai against the emulator: every operation's happy path and its
//! main error, the Kubernetes lifecycle, the contract's limits, secrets kept out of the
//! request log, and `scripts/k8s_cluster.rhai` run by the binary.

use std::process::Command;

use serde_json::json;

use crate::world::World;

#[test]
fn users_groups_members_and_shares() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let u = create_user(User(#{ firstname: "Ada", lastname: "L", email: "ada@example.com", password: "secret123" }));
        wait_for_completion(u);
        let dup = 0;
        try { create_user(User(#{ firstname: "A", lastname: "B", email: "ada@example.com", password: "secret123" })); }
        catch (e) { dup = e.status; }
        wait_for_completion(update_user(u.id, #{ administrator: true }));
        let user = get_user(u.id);
        let listed = list_users().items.map(|x| x.id).contains(u.id);

        let g = create_group(Group(#{ name: "ops", create_datacenter: true }));
        wait_for_completion(g);
        wait_for_completion(update_group(g.id, #{ name: "ops2", reserve_ip: true }));
        let group = get_group(g.id);
        let groups = list_groups().items.map(|x| x.id);
        wait_for_completion(add_group_user(g.id, u.id));
        let members = list_group_users(g.id).items.map(|x| x.id);
        let not_a_user = 0;
        try { add_group_user(g.id, "00000000-0000-0000-0000-000000000000"); } catch (e) { not_a_user = e.status; }

        let dc = create_datacenter(Datacenter(#{ name: "shared", location: "de/fra" }));
        wait_for_completion(dc);
        let s = add_share(g.id, dc.id, #{ edit_privilege: true });
        wait_for_completion(s);
        wait_for_completion(update_share(g.id, dc.id, #{ share_privilege: true }));
        let share = get_share(g.id, dc.id);
        let shares = list_shares(g.id).items.map(|x| x.id);
        let missing = 0;
        try { add_share(g.id, "00000000-0000-0000-0000-000000000000"); } catch (e) { missing = e.status; }

        let all = list_resources().items.map(|x| x.id);
        let dcs = list_resources("datacenter").items.map(|x| x.type);
        let one = get_resource("datacenter", dc.id);
        let bad_type = 0;
        try { list_resources("widget"); } catch (e) { bad_type = e.status; }

        wait_for_completion(delete_share(g.id, dc.id));
        let after_share = list_shares(g.id).items.len();
        wait_for_completion(remove_group_user(g.id, u.id));
        let after_member = list_group_users(g.id).items.len();
        wait_for_completion(delete_group(g.id));
        wait_for_completion(delete_user(u.id));
        let gone = 0;
        try { get_user(u.id); } catch (e) { gone = e.status; }
        #{ dup: dup, admin: user.properties.administrator, password: "password" in user.properties, listed: listed,
           group: group.properties.name, create_dc: group.properties.createDataCenter, reserve: group.properties.reserveIp,
           in_groups: groups.contains(g.id), members: members == [u.id], not_a_user: not_a_user,
           share: share.properties, shares: shares == [dc.id], missing: missing,
           all: all.contains(dc.id), dcs: dcs, one: one.properties.name, bad_type: bad_type,
           after_share: after_share, after_member: after_member, gone: gone }
        "#,
    );
    assert_eq!(
        out,
        json!({ "dup": 422, "admin": true, "password": false, "listed": true, "group": "ops2", "create_dc": true,
                "reserve": true, "in_groups": true, "members": true, "not_a_user": 422,
                "share": { "editPrivilege": true, "sharePrivilege": true }, "shares": true, "missing": 404,
                "all": true, "dcs": ["datacenter"], "one": "shared", "bad_type": 422,
                "after_share": 0, "after_member": 0, "gone": 404 })
    );
}

#[test]
fn contracts_requests_and_the_limits_they_enforce() {
    let world = World::start(10);
    world.control("/_sim/contract", json!({ "coresPerContract": 4 }));
    let out = world.json(
        r#"
        let dc = create_datacenter(Datacenter(#{ name: "limits", location: "de/fra" }));
        wait_for_completion(dc);
        wait_for_completion(create_server(dc.id, Server(#{ name: "a", cores: 3, ram: 1024 })));
        let over = "";
        try { create_server(dc.id, Server(#{ name: "b", cores: 2, ram: 1024 })); } catch (e) { over = `${e.status} ${e.message}`; }
        let limits = list_contracts().items[0].properties.resourceLimits;
        let posts = list_requests(#{ method: "POST", status: "DONE" }).items.len();
        let deletes = list_requests(#{ method: "DELETE" }).items.len();
        #{ over: over, limit: limits.coresPerContract, used: limits.coresProvisioned, posts: posts, deletes: deletes }
        "#,
    );
    assert!(out["over"].as_str().is_some_and(|m| m.starts_with("422") && m.contains("coresPerContract")), "{out}");
    assert_eq!(out["limit"], 4);
    assert_eq!(out["used"], 3);
    assert_eq!((out["posts"].clone(), out["deletes"].clone()), (json!(2), json!(0)));
}

#[test]
fn cross_connects_s3_keys_and_backup_units_keep_their_secrets() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let p = create_pcc(PCC(#{ name: "x", description: "joins" }));
        wait_for_completion(p);
        wait_for_completion(update_pcc(p.id, #{ description: "changed" }));
        let pcc = get_pcc(p.id);
        let pccs = list_pccs().items.map(|x| x.id);
        let dc = create_datacenter(Datacenter(#{ name: "peer", location: "de/fra" }));
        wait_for_completion(dc);
        let lan = create_lan(dc.id, LAN(#{ name: "l", public: false }));
        wait_for_completion(lan);
        let bad_pcc = 0;
        try { update_lan(dc.id, lan.id, #{ pcc: "00000000-0000-0000-0000-000000000000" }); } catch (e) { bad_pcc = e.status; }
        wait_for_completion(update_lan(dc.id, lan.id, #{ pcc: p.id }));
        let peers = get_pcc(p.id).properties.peers.map(|x| x.id);

        let u = create_user(User(#{ firstname: "S", lastname: "3", email: "s3@example.com", password: "secret123" }));
        wait_for_completion(u);
        let k = create_s3key(u.id);
        wait_for_completion(k);
        let secret = k.properties.secretKey;
        for i in 0..4 { create_s3key(u.id); }
        let sixth = 0;
        try { create_s3key(u.id); } catch (e) { sixth = e.status; }
        wait_for_completion(update_s3key(u.id, k.id, #{ active: false }));
        let key = get_s3key(u.id, k.id);
        let keys = list_s3keys(u.id).items.len();
        wait_for_completion(delete_s3key(u.id, k.id));
        let sso = get_s3ssourl(u.id).ssoUrl;

        // Free text, as the API takes it (the classic SDK's own example is `bkp_name`).
        let b = create_backupunit(Backupunit(#{ name: "team backups_1", password: "bu-secret-1", email: "a@b.example" }));
        wait_for_completion(b);
        let twice = 0;
        try { create_backupunit(Backupunit(#{ name: "Team Backups_1", password: "bu-secret-1", email: "a@b.example" })); }
        catch (e) { twice = e.status; }
        wait_for_completion(update_backupunit(b.id, #{ email: "c@d.example", password: "bu-secret-2" }));
        let unit = get_backupunit(b.id);
        let units = list_backupunits().items.map(|x| x.id);
        let bu_sso = get_ssourl(b.id).ssoUrl;
        wait_for_completion(delete_backupunit(b.id));
        wait_for_completion(update_lan(dc.id, lan.id, #{ pcc: "" }));
        wait_for_completion(delete_pcc(p.id));
        let pcc_gone = 0;
        try { get_pcc(p.id); } catch (e) { pcc_gone = e.status; }

        let bodies = list_requests().items.map(|r| r.properties.body).reduce(|sum, b| sum + b, "");
        #{ pcc: pcc.properties.description, pccs: pccs.contains(p.id), bad_pcc: bad_pcc, peers: peers == [lan.id],
           secret: secret.len(), sixth: sixth, active: key.properties.active, keys: keys, sso: sso.starts_with("https://"),
           twice: twice, email: unit.properties.email, password: unit.properties.password != (),
           units: units.contains(b.id), bu_sso: bu_sso.starts_with("https://"), pcc_gone: pcc_gone,
           leaked: bodies.contains(secret) || bodies.contains("bu-secret"), masked: bodies.contains("***") }
        "#,
    );
    assert_eq!(
        out,
        json!({ "pcc": "changed", "pccs": true, "bad_pcc": 422, "peers": true, "secret": 40, "sixth": 422,
                "active": false, "keys": 5, "sso": true, "twice": 422, "email": "c@d.example", "password": false,
                "units": true, "bu_sso": true, "pcc_gone": 404, "leaked": false, "masked": true })
    );
}

#[test]
fn k8s_clusters_and_node_pools_deploy_resize_and_go() {
    let world = World::start(800);
    let out = world.json(
        r#"
        let c = create_k8s_cluster("kube", #{ k8s_version: "1.29.5" });
        let first = get_k8s_cluster(c.id).metadata.state;
        let cluster = wait_for(|| get_k8s_cluster(c.id), |x| x.metadata.state == "ACTIVE", #{ interval: 0.02, timeout: 30 });
        let clusters = list_k8s_clusters().items.map(|x| x.id);
        let bad_version = 0;
        try { create_k8s_cluster("old", #{ k8s_version: "1.0.0" }); } catch (e) { bad_version = e.status; }
        let config = get_k8s_config(c.id);

        let dc = create_datacenter(Datacenter(#{ name: "nodes", location: "de/fra" }));
        wait_for_completion(dc);
        let lan = create_lan(dc.id, LAN(#{ name: "k8s", public: false }));
        wait_for_completion(lan);
        let p = create_k8s_cluster_nodepool(c.id, "pool", dc.id, 2, "INTEL_SKYLAKE", 2, 2048, "AUTO", "HDD", 20,
            #{ lan_ids: [1], labels: #{ a: "b" }, auto_scaling: #{ minNodeCount: 2, maxNodeCount: 3 } });
        let deploying = get_k8s_cluster_nodepool(c.id, p.id).metadata.state;
        wait_for(|| get_k8s_cluster_nodepool(c.id, p.id), |x| x.metadata.state == "ACTIVE", #{ interval: 0.02, timeout: 30 });
        let no_dc = 0;
        try { create_k8s_cluster_nodepool(c.id, "p2", "00000000-0000-0000-0000-000000000000", 1, "INTEL_SKYLAKE", 2, 2048, "AUTO", "HDD", 20); }
        catch (e) { no_dc = e.status; }
        update_k8s_cluster_nodepool(c.id, p.id, 3);
        let updating = get_k8s_cluster_nodepool(c.id, p.id).metadata.state;
        let pool = wait_for(|| get_k8s_cluster_nodepool(c.id, p.id), |x| x.metadata.state == "ACTIVE", #{ interval: 0.02, timeout: 30 });
        let pools = list_k8s_cluster_nodepools(c.id).items.map(|x| x.id);
        let too_many = 0;
        try { update_k8s_cluster_nodepool(c.id, p.id, 3, #{ auto_scaling: #{ minNodeCount: 4, maxNodeCount: 3 } }); } catch (e) { too_many = e.status; }
        let busy_delete = 0;
        try { delete_k8s_cluster(c.id); } catch (e) { busy_delete = e.status; }
        wait_for_completion(delete_k8s_cluster_nodepool(c.id, p.id));
        delete_k8s_cluster(c.id);
        let destroying = get_k8s_cluster(c.id).metadata.state;
        wait_for(|| list_k8s_clusters(), |r| !r.items.map(|x| x.id).contains(c.id), #{ interval: 0.02, timeout: 30 });
        let gone = 0;
        try { get_k8s_cluster(c.id); } catch (e) { gone = e.status; }
        #{ first: first, versions: cluster.properties.viableNodePoolVersions.contains("1.29.5"), listed: clusters.contains(c.id),
           bad_version: bad_version, config: config.split("\n")[0], names: config.contains("name: kube"),
           deploying: deploying, no_dc: no_dc, updating: updating, count: pool.properties.nodeCount,
           labels: pool.properties.labels, lans: pool.properties.lans, pools: pools == [p.id], too_many: too_many,
           busy_delete: busy_delete, destroying: destroying, gone: gone }
        "#,
    );
    assert_eq!(
        out,
        json!({ "first": "DEPLOYING", "versions": true, "listed": true, "bad_version": 422, "config": "apiVersion: v1",
                "names": true, "deploying": "DEPLOYING", "no_dc": 422, "updating": "UPDATING", "count": 3,
                "labels": { "a": "b" }, "lans": [{ "id": 1 }], "pools": true, "too_many": 422, "busy_delete": 422,
                "destroying": "DESTROYING", "gone": 404 })
    );
}

#[test]
fn the_k8s_script_deploys_a_cluster_and_prints_its_kubeconfig() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/k8s_cluster.rhai");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim", "--sim-state"])
        .arg(dir.path().join("state.json"))
        .args(["--sim-delay-ms", "20", script, "--", "name=demo"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output()
        .expect("ionosh runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("cluster demo (") && stdout.contains("node pool demo-pool is ACTIVE"), "{stdout}");
    assert!(stdout.trim_end().ends_with("apiVersion: v1"), "{stdout}");
}
