//! The stdlib modules against the emulator: every function, its not-found and ambiguous-name
//! errors, ensure_* changing nothing the second time (the request log proves it), teardown
//! leaving an empty data center.

use serde_json::{json, Value};

use crate::world::World;

/// Mutations the emulator has recorded so far.
fn mutations(world: &World) -> Vec<String> {
    let log = world.json("list_requests(#{ depth: 2 }).items.map(|r| `${r.properties.method} ${r.properties.url}`)");
    log.as_array().expect("log").iter().filter_map(Value::as_str).map(str::to_string).collect()
}

#[test]
fn images_are_found_by_name_location_type_licence_visibility_and_alias_newest_first() {
    let world = World::start(10);
    let out = world.json(
        r#"
        import "images" as images;
        let names = |found| found.map(|i| i.properties.name);
        #{
            ubuntu: names.call(images::find(#{ name: "UBUNTU", location: "de/fra", type: "HDD" })),
            isos: images::find(#{ name: "debian", location: "us/las", type: "cdrom" }).len(),
            windows: images::find(#{ licence: "windows2022", location: "de/fra" }).len(),
            windows_any: images::find(#{ licence: "windows2022", location: "de/fra", type: "any" }).len(),
            first_ubuntu: images::find(#{ name: "ubuntu", location: "de/fra" })[0].properties.imageType,
            not_public: images::find(#{ public: false }).len(),
            alias: names.call(images::find(#{ alias: "Ubuntu:Latest", location: "de/txl" })),
            one: images::find_one(#{ alias: "debian:12", location: "de/fra" }).properties.name,
        }
        "#,
    );
    assert_eq!(
        out["ubuntu"],
        json!([
            "Ubuntu-24.04-LTS-server-cloud-init-2024-11-01",
            "Ubuntu-22.04-LTS-server-cloud-init-2024-11-01",
            "Ubuntu-20.04-LTS-server-cloud-init-2024-11-01"
        ])
    );
    assert_eq!(out["isos"], 2);
    // A volume is made from an HDD image: that is what a filter without a type finds.
    assert_eq!(out["windows"], 1);
    assert_eq!(out["windows_any"], 2);
    assert_eq!(out["first_ubuntu"], "HDD");
    assert_eq!(out["not_public"], 0);
    assert_eq!(out["alias"], json!(["Ubuntu-24.04-LTS-server-cloud-init-2024-11-01"]));
    assert_eq!(out["one"], "Debian-12-cloud-init-2024-11-01");
}

#[test]
fn the_newest_image_of_every_location_comes_in_one_table() {
    let world = World::start(10);
    let out = world.json(
        r#"
        import "images" as images;
        let rows = images::newest_everywhere(#{ name: "ubuntu", type: "HDD" });
        let error = ();
        try { images::newest_everywhere(#{ name: "ubuntu", location: "de/fra" }) } catch (e) { error = e.message }
        #{
            rows: rows,
            locations: list_locations().items.map(|l| l.id),
            newest_fra: images::find(#{ name: "ubuntu", type: "HDD", location: "de/fra" })[0].id,
            text: table(rows),
            error: error,
        }
        "#,
    );
    let rows = out["rows"].as_array().expect("rows");
    let mut locations: Vec<&str> =
        out["locations"].as_array().expect("ids").iter().filter_map(|l| l.as_str()).collect();
    locations.sort_unstable();
    let listed: Vec<&str> = rows.iter().filter_map(|r| r["location"].as_str()).collect();
    assert_eq!(listed, locations, "one row per location, by location");
    let fra = rows.iter().find(|r| r["location"] == "de/fra").expect("de/fra");
    assert_eq!(fra["id"], out["newest_fra"]);
    assert_eq!(fra["name"], "Ubuntu-24.04-LTS-server-cloud-init-2024-11-01");
    let text = out["text"].as_str().expect("a table");
    let fra_line = text.lines().find(|l| l.ends_with("de/fra")).unwrap_or_default();
    assert!(fra_line.contains("Ubuntu-24.04-LTS-server-cloud-init-2024-11-01"), "{text}");
    assert!(out["error"].as_str().expect("refused").contains("leave 'location' out"), "{out}");
}

#[test]
fn find_one_throws_listing_the_candidates_or_saying_nothing_matched() {
    let world = World::start(10);
    let error = world
        .eval(r#"import "images" as images; images::find_one(#{ name: "ubuntu-2", location: "de/fra", type: "HDD" })"#)
        .expect_err("ambiguous");
    assert!(error.starts_with("test.rhai:1:"), "{error}");
    assert!(
        error.contains("images::find_one: 3 images match name 'ubuntu-2', in de/fra, type HDD: Ubuntu-24.04-LTS-server-cloud-init-2024-11-01 (de/fra, "),
        "{error}"
    );
    let out = world.json(
        r#"
        import "images" as images;
        let errors = [];
        for filter in [#{ name: "ubuntu-2", location: "de/fra", type: "HDD" }, #{ name: "plan9" }, #{ os: "linux" }] {
            try { images::find_one(filter); } catch (e) { errors.push(e); }
        }
        errors
        "#,
    );
    assert_eq!(out[0]["kind"], "ambiguous");
    assert_eq!(out[0]["candidates"].as_array().map(Vec::len), Some(3));
    assert_eq!(out[1], json!({ "kind": "not_found", "message": "images::find_one: no image matches name 'plan9'" }));
    assert_eq!(out[2]["kind"], "usage");
    assert!(out[2]["message"].as_str().is_some_and(|m| m.contains("unknown filter 'os'")), "{out}");
}

#[test]
fn ip_blocks_are_reserved_found_reused_listed_free_and_released() {
    let world = World::start(10);
    let out = world.json(
        r#"
        import "ipblocks" as ipblocks;
        let block = ipblocks::reserve("de/fra", 3, "web ips");
        let again = ipblocks::reserve_or_reuse("de/fra", 3, "web ips");
        let dc = create_datacenter(Datacenter(#{ name: "ips", location: "de/fra", servers: [
            Server(#{ name: "web", cores: 1, ram: 1024, nics: [NIC(#{ name: "eth0", lan: 1, ips: [block.properties.ips[0]] })] })
        ] }));
        wait_for_completion(dc);
        let free = ipblocks::free(block.id);
        let mismatch = ();
        try { ipblocks::reserve_or_reuse("de/fra", 2, "web ips"); } catch (e) { mismatch = e.kind; }
        let other = ipblocks::reserve_or_reuse("us/las", 1, "other ips");
        reserve_ipblock(IPBlock(#{ location: "de/fra", size: 1, name: "twice" }));
        wait_for_completion(reserve_ipblock(IPBlock(#{ location: "de/fra", size: 1, name: "twice" })));
        let ambiguous = ();
        try { ipblocks::find("twice"); } catch (e) { ambiguous = e; }
        ipblocks::release(other);
        #{
            state: block.metadata.state,
            ips: block.properties.ips.len(),
            reused: again.id == block.id,
            free: free,
            expected_free: block.properties.ips.extract(1),
            mismatch: mismatch,
            other: other.properties.location,
            ambiguous: ambiguous.kind,
            message: ambiguous.message,
            gone: ipblocks::find("other ips") == (),
            missing: ipblocks::find("never reserved") == (),
        }
        "#,
    );
    assert_eq!(out["state"], "AVAILABLE");
    assert_eq!(out["ips"], 3);
    assert_eq!(out["reused"], true);
    assert_eq!(out["free"], out["expected_free"]);
    assert_eq!(out["mismatch"], "mismatch");
    assert_eq!(out["other"], "us/las");
    assert_eq!(out["ambiguous"], "ambiguous");
    assert!(out["message"].as_str().is_some_and(|m| m.starts_with("ipblocks::find: 2 IP blocks are named 'twice': ")));
    assert_eq!(out["gone"], true);
    assert_eq!(out["missing"], true);
}

/// A data center with a public LAN, a server of `cores` cores (the script is given them) with
/// its NIC and root volume, and a data volume, each made by its `ensure_*` only if missing.
const ENSURE: &str = r#"
    import "ensure" as ensure;
    let dc = ensure::ensure_datacenter("web", "de/fra");
    let lan = ensure::ensure_lan(dc, "public", true);
    let web = ensure::ensure_server(dc, Server(#{ name: "web-1", cores: cores, ram: 2048, cpu_family: "INTEL_SKYLAKE",
        nics: [NIC(#{ name: "eth0", lan: 1, dhcp: true })],
        create_volumes: [Volume(#{ name: "root", size: 10, image_alias: "ubuntu:latest", image_password: "Secretpass23" })] }));
    let data = ensure::ensure_volume(dc, Volume(#{ name: "data", size: 50, type: "SSD", licence_type: "OTHER" }));
    #{ dc: dc.id, cores: web.properties.cores, public: lan.properties.public, size: data.properties.size }
"#;

/// Runs [`ENSURE`] for a server of `cores` cores; answers its ids and sizes.
fn ensure(world: &World, cores: u32) -> Value {
    world.json(&format!("let cores = {cores};\n{ENSURE}"))
}

#[test]
fn ensure_creates_what_is_missing_and_a_second_run_sends_no_mutation() {
    let world = World::start(10);
    let first = ensure(&world, 2);
    let after_first = mutations(&world);
    assert_eq!(after_first.len(), 4, "{after_first:?}");
    let second = ensure(&world, 2);
    assert_eq!(second, first);
    assert_eq!(mutations(&world), after_first, "the second run changed something");

    let third = ensure(&world, 4);
    assert_eq!(third["cores"], 4);
    let log = mutations(&world);
    assert_eq!(log.len(), 5, "{log:?}");
    assert!(log[0].starts_with("PATCH ") && log[0].contains("/servers/"), "{log:?}");
}

#[test]
fn ensure_takes_the_oldest_of_twins_and_throws_on_unchangeable_differences() {
    let world = World::start(10);
    let out = world.json(
        r#"
        import "ensure" as ensure;
        let dc = ensure::ensure_datacenter("web", "de/fra");
        wait_for_completion(create_lan(dc.id, LAN(#{ name: "twin", public: false })));
        wait_for_completion(create_lan(dc.id, LAN(#{ name: "twin", public: false })));
        let lan_off = ensure::ensure_lan(dc.id, "private", false);
        let lan_on = ensure::ensure_lan(dc.id, "private", true);
        let errors = [];
        let twins = list_lans(dc.id).items.filter(|l| l.properties.name == "twin");
        let oldest = if twins[0].metadata.createdDate < twins[1].metadata.createdDate
            || (twins[0].metadata.createdDate == twins[1].metadata.createdDate && twins[0].id < twins[1].id) { twins[0].id } else { twins[1].id };
        let twin = ensure::ensure_lan(dc, "twin", false);
        try { ensure::ensure_datacenter("web", "us/las"); } catch (e) { errors.push(e); }
        #{ errors: errors, flipped: [lan_off.properties.public, lan_on.properties.public], twin: twin.id == oldest }
        "#,
    );
    assert_eq!(out["flipped"], json!([false, true]));
    // Twins made within a minute are what racing runs leave for a moment: the oldest is the
    // one they all keep (older duplicates are "ambiguous": tests/cli/modules.rs).
    assert_eq!(out["twin"], true);
    assert_eq!(out["errors"][0]["kind"], "mismatch");
    assert_eq!(
        out["errors"][0]["message"],
        "ensure_datacenter: 'web' exists in de/fra, not us/las (a location cannot change)"
    );
}

#[test]
fn teardown_empties_a_datacenter_then_deletes_it() {
    let world = World::start(10);
    let dc = ensure(&world, 2)["dc"].clone();
    let out = world.json(&format!(
        r#"
        import "teardown" as teardown;
        import "inventory" as inventory;
        let before = inventory::servers("{dc}");
        let table = inventory::table("{dc}");
        let removed = teardown::empty("{dc}");
        let left = [list_servers("{dc}").items.len(), list_volumes("{dc}").items.len(), list_lans("{dc}").items.len(), list_loadbalancers("{dc}").items.len()];
        let deleted = teardown::datacenter("{dc}");
        #{{ before: before, table: table, removed: removed, left: left, deleted: deleted, exists: list_datacenters().items.len() }}
        "#,
        dc = dc.as_str().expect("id")
    ));
    let row = &out["before"][0];
    assert_eq!(
        (row["name"].as_str(), row["cores"].as_i64(), row["ram"].as_i64()),
        (Some("web-1"), Some(2), Some(2048))
    );
    assert_eq!(row["state"], "RUNNING");
    assert_eq!(row["volumes"], json!(["root"]));
    assert_eq!(row["ips"].as_array().map(Vec::len), Some(1));
    let table = out["table"].as_str().expect("table");
    assert!(table.starts_with("name   id   "), "{table}");
    assert!(table.contains("  2      2048  RUNNING  "), "{table}");
    assert_eq!(
        out["removed"],
        json!({ "detached": 1, "servers": 1, "volumes": 2, "lans": 1, "loadbalancers": 0,
            "natgateways": 0, "networkloadbalancers": 0, "applicationloadbalancers": 0 })
    );
    assert_eq!(out["left"], json!([0, 0, 0, 0]));
    assert_eq!(out["deleted"]["datacenters"], 1);
    assert_eq!(out["exists"], 0);
}

#[test]
fn locations_name_their_cpu_families_and_pick_one_a_location_offers() {
    let world = World::start(10);
    let out = world.json(
        r#"
        import "locations" as locations;
        let mismatch = "";
        try { locations::cpu_family("de/txl", "INTEL_XEON"); } catch (e) { mismatch = `${e.kind}: ${e.message}`; }
        let usage = "";
        try { locations::cpu_family("de/txl", 5); } catch (e) { usage = e.kind; }
        #{
            txl: locations::cpu_families("de/txl"),
            required: locations::cpu_family("de/txl", "INTEL_SKYLAKE"),
            preferred: locations::cpu_family("de/txl", ["INTEL_XEON", "INTEL_SKYLAKE"]),
            fallback: locations::cpu_family("de/txl", ["INTEL_XEON"]),
            mismatch: mismatch, usage: usage,
        }
        "#,
    );
    assert_eq!(
        out,
        json!({
            "txl": ["AMD_OPTERON", "INTEL_SKYLAKE"], "required": "INTEL_SKYLAKE", "preferred": "INTEL_SKYLAKE",
            "fallback": "AMD_OPTERON",
            "mismatch": "mismatch: de/txl offers the CPU families AMD_OPTERON, INTEL_SKYLAKE, not 'INTEL_XEON'",
            "usage": "usage",
        })
    );
}

/// Four runs ensuring the same data center and LAN at the same moment all see none and
/// create one: they converge on the oldest, each other run deleting its own, and all four
/// answer the same objects, AVAILABLE. Whether the runs really race depends on how the
/// threads are scheduled (a loaded machine may run them one after the other): each attempt
/// checks they converged, and attempts go on, under new names, until one raced.
#[test]
fn concurrent_ensure_runs_converge_on_one_object() {
    let world = World::start(150);
    let raced = (0..6).any(|attempt| race_converges(&world, &format!("race-{attempt}")));
    assert!(raced, "no attempt raced: the runs never listed before one of them had created");
}

/// One attempt of [`concurrent_ensure_runs_converge_on_one_object`] with the data center
/// `name`: checks the runs converged; answers whether they raced.
fn race_converges(world: &World, name: &str) -> bool {
    let script = format!(
        r#"
        import "ensure" as ensure;
        let dc = ensure::ensure_datacenter("{name}", "de/fra");
        let lan = ensure::ensure_lan(dc, "shared", false);
        [dc.id, lan.id, dc.metadata.state]
    "#
    );
    let before = mutations(world);
    // Each run's engine and script are ready before they all start at once.
    let barrier = std::sync::Barrier::new(4);
    let answers: Vec<Value> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4)
            .map(|_| {
                let (host, barrier, script) = (world.host(), &barrier, &script);
                scope.spawn(move || {
                    let engine = ionosh::engine::engine(ionosh::provider::ALL, &host);
                    let ast = engine.compile(script).expect("compiles");
                    barrier.wait();
                    let value = engine.eval_ast::<rhai::Dynamic>(&ast).unwrap_or_else(|e| panic!("run failed: {e}"));
                    rhai::serde::from_dynamic::<Value>(&value).expect("JSON")
                })
            })
            .collect();
        runs.into_iter().map(|run| run.join().expect("run")).collect()
    });
    for answer in &answers {
        assert_eq!(answer, &answers[0], "every run answers the same objects: {answers:?}");
    }
    assert_eq!(answers[0][2], "AVAILABLE");
    // What this attempt sent: the counts now less those before it.
    let after = mutations(world);
    let count = |wanted: &dyn Fn(&str, &str) -> bool| {
        let of = |log: &[String]| {
            log.iter().filter_map(|m| m.split_once(' ')).filter(|(method, url)| wanted(method, url)).count()
        };
        of(&after) - of(&before)
    };
    let sent = &after;
    let dc_creates = count(&|m, u| m == "POST" && u.ends_with("/datacenters"));
    let lan_creates = count(&|m, u| m == "POST" && u.ends_with("/lans"));
    let dc_deletes =
        count(&|m, u| m == "DELETE" && u.rsplit_once("/datacenters/").is_some_and(|(_, id)| !id.contains('/')));
    let lan_deletes = count(&|m, u| m == "DELETE" && u.contains("/lans/"));
    assert_eq!(dc_deletes, dc_creates - 1, "every run but the oldest's deleted its data center: {sent:?}");
    assert_eq!(lan_deletes, lan_creates - 1, "every run but the oldest's deleted its LAN: {sent:?}");
    let left = world.json(&format!(
        r#"let dcs = list_datacenters().items.filter(|d| d.properties.name == "{name}");
           #{{ dcs: dcs.len(), lans: list_lans(dcs[0].id).items.filter(|l| l.properties.name == "shared").len() }}"#
    ));
    assert_eq!(left, json!({"dcs": 1, "lans": 1}));
    dc_creates + lan_creates >= 3
}

/// The API makes a volume from an HDD image only: an ISO named as a volume's image is refused
/// with what to do instead.
#[test]
fn an_iso_is_refused_as_a_volumes_image() {
    let world = World::start(10);
    let error = world
        .eval(
            r#"
            import "images" as images;
            let iso = images::find(#{ name: "ubuntu", location: "de/fra", type: "CDROM" })[0];
            let dc = create_datacenter(Datacenter(#{ name: "iso", location: "de/fra" }));
            wait_for_completion(dc);
            create_volume(dc.id, Volume(#{ name: "boot", size: 50, image: iso.id, image_password: "SecretPassw0rd" }))
            "#,
        )
        .expect_err("refused");
    assert!(error.contains("names a CD-ROM image (ISO") && error.contains("attach_cdrom"), "{error}");
}

/// `ensure_server` never calls a server unchanged when it lacks parts asked for: a NIC (and a
/// firewall rule on it) the existing server does not have are named; once it has them, it is
/// unchanged.
#[test]
fn ensure_server_names_the_parts_an_existing_server_lacks() {
    let script = r#"
        import "ensure" as ensure;
        let dc = ensure::ensure_datacenter("parts", "de/fra");
        let plain = ensure::ensure_server(dc, Server(#{ name: "web-1", cores: 1, ram: 1024 }));
        let with_nic = Server(#{ name: "web-1", cores: 1, ram: 1024,
            nics: [NIC(#{ name: "public", lan: 1, firewall_rules: [FirewallRule(#{ name: "ssh", protocol: "TCP", port_range_start: 22, port_range_end: 22 })] })] });
        ensure::ensure_server(dc, with_nic);
        let nic = create_nic(dc.id, plain.id, NIC(#{ name: "public", lan: 1 }));
        wait_for_completion(nic);
        ensure::ensure_server(dc, with_nic);
        wait_for_completion(create_firewall_rule(dc.id, plain.id, nic.id, FirewallRule(#{ name: "ssh", protocol: "TCP", port_range_start: 22, port_range_end: 22 })));
        ensure::ensure_server(dc, with_nic);
    "#;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("parts.rhai"), script).expect("script");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim-ephemeral", "--sim-delay-ms", "0", "parts.rhai"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    let lines: Vec<&str> = said.lines().filter(|l| l.starts_with("ensure_server:")).collect();
    assert_eq!(lines[0], "ensure_server: 'web-1' created");
    assert!(lines[1].contains("it lacks NIC 'public' asked for"), "{lines:?}");
    assert!(lines[2].contains("it lacks firewall rule 'ssh' on NIC 'public' asked for"), "{lines:?}");
    assert_eq!(lines[3], "ensure_server: 'web-1' exists, unchanged");
}
