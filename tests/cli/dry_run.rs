//! `ionosh run --dry-run`: reads reach the target, mutations do not (the emulator's request
//! log proves it); each mutation is shown with its secrets masked and the script carries on.

use std::path::Path;
use std::process::{Command, Output};

fn ionosh(dir: &Path, extra: &[&str], script: &str) -> Output {
    std::fs::write(dir.join("script.rhai"), script).expect("script written");
    let mut args = vec!["run", "--sim", "--sim-state", "state.json", "--sim-delay-ms", "10"];
    args.extend_from_slice(extra);
    args.push("script.rhai");
    Command::new(env!("CARGO_BIN_EXE_ionosh")).args(&args).current_dir(dir).env("HOME", dir).output().expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const PLAN: &str = r#"
let real = list_datacenters().items.filter(|dc| dc.properties.name == "real")[0];
wait_for_completion(update_datacenter(real.id, #{ description: "changed" }));
let dc = create_datacenter(Datacenter(#{ name: "planned", location: "de/fra" }));
wait_for_completion(dc);
let server = create_server(dc.id, Server(#{ name: "web-1", cores: 2, ram: 2048,
    create_volumes: [Volume(#{ name: "root", size: 20, image_alias: "ubuntu:latest", image_password: "hunter2secret" })] }));
let lan = create_lan(dc.id, LAN(#{ name: "public", public: true }));
wait_all([server, lan]);
print(`planned: ${get_datacenter(dc.id).properties.name} (${dc.metadata.state}), servers listed: ${list_servers(dc.id).items.len()}`);
print(`real description: ${get_datacenter(real.id).properties.description}`);
wait_for_completion(delete_datacenter(real.id));
"#;

#[test]
fn a_dry_run_sends_reads_but_no_mutation_and_shows_each_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let setup =
        r#"wait_for_completion(create_datacenter(#{ name: "real", location: "de/txl", description: "as it was" }));"#;
    let out = ionosh(dir.path(), &[], setup);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = ionosh(dir.path(), &["--dry-run"], PLAN);
    assert!(out.status.success(), "{}", text(&out.stderr));
    insta::with_settings!({ filters => vec![(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[UUID]")] }, {
        insta::assert_snapshot!(format!("stdout:\n{}\nstderr:\n{}", text(&out.stdout), text(&out.stderr)));
    });
    assert!(!text(&out.stderr).contains("hunter2secret"));

    let check = r#"
        let log = list_requests(#{ depth: 2 }).items.map(|r| `${r.properties.method} ${r.properties.url}`);
        let dcs = list_datacenters().items.map(|dc| `${dc.properties.name}: ${dc.properties.description}`);
        print(log.len()); print(log[0]); print(dcs);
    "#;
    let out = ionosh(dir.path(), &[], check);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "1", "only the setup's mutation reached the emulator: {stdout}");
    assert!(lines[1].starts_with("POST ") && lines[1].ends_with("/datacenters"), "{stdout}");
    assert!(stdout.contains("\"real: as it was\""), "{stdout}");
}

#[test]
fn a_plan_the_api_would_refuse_fails_as_it_would_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out =
        ionosh(dir.path(), &["--dry-run"], "create_server(\"nope\", Server(#{ name: \"s\", cores: 1, ram: 1024 }));");
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("script.rhai:1:1: 404 Not Found on GET /datacenters/nope"), "{stderr}");
    assert!(!stderr.contains("DRY-RUN POST"), "nothing planned: {stderr}");
    assert!(!stderr.contains("may still exist"), "a dry run created nothing: {stderr}");
    assert!(stderr.ends_with("Plan: create nothing; change nothing; delete nothing.\n"), "{stderr}");
}

#[test]
fn planned_objects_have_the_apis_types_ids_and_shapes_and_the_plan_sums_them_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = r#"
        let dc = create_datacenter(Datacenter(#{ name: "p", location: "de/fra" }));
        let lan = create_lan(dc.id, LAN(#{ name: "l", public: false }));
        let nic_lan = parse_int(lan.id);
        let user = create_user(User(#{ firstname: "a", lastname: "b", email: "a@b.c", password: "secretpw12" }));
        let key = create_s3key(user.id);
        update_datacenter(dc.id, #{ description: "d" });
        delete_lan(dc.id, lan.id);
        #{ dc: dc.type, lan: lan.type, lan_is_number: nic_lan > 0, user: user.type, key: key.type, key_id: type_of(key.id) }
    "#;
    let out = ionosh(dir.path(), &["--dry-run", "--output", "json"], script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        value,
        serde_json::json!({"dc": "datacenter", "lan": "lan", "lan_is_number": true, "user": "user", "key": "s3key", "key_id": "string"})
    );
    assert!(
        text(&out.stderr)
            .ends_with("Plan: create 1 datacenter, 1 lan, 1 s3key, 1 user; change 1 datacenter; delete 1 lan.\n"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_component_build_plans_against_the_emulator() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/component_build.rhai");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim-ephemeral", "--dry-run", script.to_str().expect("utf-8")])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Plan: create 1 datacenter, 1 firewall-rule, 1 lan, 1 nic, 1 server, 2 volume"));
}

#[test]
fn a_dry_run_does_not_wait_for_statuses_its_changes_would_bring() {
    // Neither the made-up network nor the empty answer of a planned delete is polled: the plan
    // assumes the changes succeed.
    let dir = tempfile::tempdir().expect("temp dir");
    let script = r#"
        let net = nf::wait_for_status(nf::create_network(#{ name: "planned" }), "PROVISIONED", #{ timeout: 5 });
        print(`planned: ${net.name}`);
        nf::wait_for_status(nf::delete_network(net), "DELETED", #{ timeout: 5 });
        print("deleted");
    "#;
    let started = std::time::Instant::now();
    let out = ionosh(dir.path(), &["--dry-run"], script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "planned: planned\ndeleted\n");
    assert!(text(&out.stderr).contains("DRY-RUN wait_for_status PROVISIONED: not waited for"), "{}", text(&out.stderr));
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "no wait ran to its timeout");
}

#[test]
fn a_dry_run_writes_no_file_and_never_shows_what_it_would_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = ionosh(dir.path(), &["--dry-run"], r#"print(write_file("token.jwt", "eyJsecret"));"#);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "token.jwt\n");
    assert!(text(&out.stderr).contains("DRY-RUN write_file token.jwt (9 bytes)"), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("eyJsecret"));
    assert!(!dir.path().join("token.jwt").exists(), "nothing written");
    let out = ionosh(dir.path(), &[], r#"write_file("token.jwt", "eyJsecret");"#);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("token.jwt").exists(), "written when not dry");
}

#[test]
fn a_netfoundry_dry_run_plans_from_each_operation_and_needs_what_it_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let setup = r##"let net = nf::create_network(#{ name: "real" }); wait_for_completion(net);
        let er = nf::create_edge_router(net, #{ name: "er", attributes: ["#r"] }); wait_for_completion(er);"##;
    let out = ionosh(dir.path(), &[], setup);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = r##"
        let net = nf::network("real");
        let ep = nf::create_endpoint(net, #{ name: "laptop", attributes: ["#clients"] });
        nf::update_endpoint(net, ep, #{ attributes: ["#all"] });
        let key = nf::edge_router_registration(net, "er");
        nf::delete_network(net);
        #{ ep_status: ep.status, made_up_link: ep._links.self.href.contains("/core/v2/endpoints/"), key: type_of(key) }
    "##;
    let out = ionosh(dir.path(), &["--dry-run", "--output", "json"], script);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(value, serde_json::json!({ "ep_status": "NEW", "made_up_link": true, "key": "map" }));
    for sent in
        ["DRY-RUN POST /core/v2/endpoints", "DRY-RUN PATCH /core/v2/endpoints/", "DRY-RUN DELETE /core/v2/networks/"]
    {
        assert!(stderr.contains(sent), "{sent}: {stderr}");
    }
    assert!(
        stderr.ends_with("Plan: create 1 endpoint; change 1 endpoint; delete 1 network; act on 1 edge-router.\n"),
        "{stderr}"
    );
    // A change needs what it changes: an endpoint no one made is a 404 before anything is planned.
    let missing = r##"nf::update_endpoint(nf::network("real"), "00000000-0000-4000-8000-000000000000", #{ attributes: ["#x"] })"##;
    let out = ionosh(dir.path(), &["--dry-run"], missing);
    assert!(!out.status.success() && text(&out.stderr).contains("404"), "{}", text(&out.stderr));
}

/// A dry run plans a web tier: what the API fills in and a script goes on to use is made up
/// for planned objects (an IP block's addresses, as many as its size; a NIC's address; a new
/// endpoint's enrollment token), and planned objects say so.
#[test]
fn planned_objects_carry_what_the_api_would_fill_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = r##"
        import "ipblocks" as ipblocks;
        let block = ipblocks::reserve_or_reuse("de/fra", 3, "web ips");
        let dc = create_datacenter(Datacenter(#{ name: "w", location: "de/fra" }));
        let s = create_server(dc.id, Server(#{ name: "s", cores: 1, ram: 1024 }));
        let nic = create_nic(dc.id, s.id, NIC(#{ name: "n", lan: 1 }));
        let ep = nf::create_endpoint(nf::create_network(#{ name: "n" }), #{ name: "e" });
        print(to_json(#{ ips: block.properties.ips, nic: nic.properties.ips, planned: dc.metadata.planned,
                        jwt: ep.jwt.starts_with("eyJ"), ep_planned: ep.planned }, false));
    "##;
    let out = ionosh(dir.path(), &["--dry-run"], script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let seen: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).expect("JSON");
    assert_eq!(seen["ips"].as_array().map(Vec::len), Some(3), "{seen}");
    assert!(seen["ips"][2].as_str().is_some_and(|ip| ip.starts_with("203.0.113.")), "{seen}");
    assert_eq!(seen["nic"].as_array().map(Vec::len), Some(1), "{seen}");
    assert_eq!((&seen["planned"], &seen["jwt"], &seen["ep_planned"]), (&true.into(), &true.into(), &true.into()));
    assert!(text(&out.stderr).contains("'web ips' reserved (203.0.113."), "{}", text(&out.stderr));
}

/// The plan counts what a run does: the volumes, NICs and firewall rules created inside a
/// server, detaches as changes of attachments (the volumes stay until deleted), and says
/// `1 server` but `2 volumes`.
#[test]
fn the_plan_counts_nested_creates_and_detaches_truthfully() {
    let dir = tempfile::tempdir().expect("temp dir");
    let build = r#"
        let dc = create_datacenter(Datacenter(#{ name: "t", location: "de/fra" }));
        wait_for_completion(dc);
        let s = create_server(dc.id, Server(#{ name: "s", cores: 1, ram: 1024,
            create_volumes: [Volume(#{ name: "v1", size: 10, type: "HDD", licence_type: "OTHER" }),
                             Volume(#{ name: "v2", size: 10, type: "HDD", licence_type: "OTHER" })],
            nics: [NIC(#{ name: "n", lan: 1, firewall_rules: [FirewallRule(#{ protocol: "TCP", port_range_start: 22, port_range_end: 22 })] })] }));
        wait_for_completion(s);
    "#;
    let planned = ionosh(dir.path(), &["--dry-run"], build);
    assert!(planned.status.success(), "{}", text(&planned.stderr));
    assert!(
        text(&planned.stderr).contains(
            "Plan: create 1 datacenter, 1 firewall-rule, 1 nic, 1 server, 2 volumes; change nothing; delete nothing."
        ),
        "{}",
        text(&planned.stderr)
    );
    let built = ionosh(dir.path(), &[], build);
    assert!(built.status.success(), "{}", text(&built.stderr));
    let teardown = r#"import "teardown" as teardown; teardown::empty(list_datacenters().items.filter(|d| d.properties.name == "t")[0]);"#;
    let planned = ionosh(dir.path(), &["--dry-run"], teardown);
    assert!(planned.status.success(), "{}", text(&planned.stderr));
    assert!(
        text(&planned.stderr)
            .contains("Plan: create nothing; change 2 volume attachments; delete 1 lan, 1 server, 2 volumes."),
        "{}",
        text(&planned.stderr)
    );
}
