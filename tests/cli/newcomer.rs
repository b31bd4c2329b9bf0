//! The scripts a new user writes first, run as they would run them: a web tier with ensure,
//! IP blocks and firewall rules (`scripts/web_tier.rhai`), a zero-trust network with three
//! endpoints (`scripts/nf_network.rhai`), and an edge VM across both providers
//! (`scripts/zero_trust_vm.rhai`). Each is planned with `--dry-run` (nothing made), then run
//! for real twice against one emulator: the second run finds everything and changes nothing.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::json;

fn ionosh(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["run", "--sim", "--sim-state", "state.db", "--sim-delay-ms", "10"])
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .expect("ionosh runs")
}

fn script(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(name).display().to_string()
}

/// Runs a bundled script; its stdout and stderr, once it succeeded.
fn run(dir: &Path, name: &str, extra: &[&str]) -> (String, String) {
    let path = script(name);
    let mut args: Vec<&str> = extra.to_vec();
    args.push(&path);
    args.extend(["--", "dir=."]);
    let out = ionosh(dir, &args);
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(out.status.success(), "{name} {extra:?} failed:\n{stderr}");
    (stdout, stderr)
}

/// What the emulator holds, in both APIs: names of data centers, servers, IP blocks, networks
/// and endpoints, each sorted.
fn holdings(dir: &Path) -> serde_json::Value {
    let out = ionosh(
        dir,
        &[
            "-e",
            r#"let dcs = list_datacenters().items;
            let names = |items| { let n = items.map(|i| if "properties" in i { i.properties.name } else { i.name }); n.sort(); n };
            let servers = [];
            for dc in dcs { servers += list_servers(dc).items; }
            let nets = nf::networks();
            let endpoints = [];
            for net in nets { endpoints += nf::endpoints(net); }
            print(to_json(#{ datacenters: names.call(dcs), servers: names.call(servers), ipblocks: names.call(list_ipblocks().items),
                networks: names.call(nets), endpoints: names.call(endpoints) }, false));"#,
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn the_newcomer_scripts_plan_then_build_once_and_change_nothing_the_second_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nothing = holdings(dir.path());
    assert_eq!(nothing, json!({ "datacenters": [], "servers": [], "ipblocks": [], "networks": [], "endpoints": [] }));

    let plans = [
        (
            "web_tier.rhai",
            "Plan: create 1 datacenter, 6 firewall-rules, 1 ipblock, 1 lan, 2 nics, 2 servers, 2 volumes;",
        ),
        (
            "nf_network.rhai",
            "Plan: create 1 app-wan, 1 edge-router, 1 edge-router-policy, 3 endpoints, 1 network, 1 service;",
        ),
        ("zero_trust_vm.rhai", "Plan: create 1 datacenter, 1 lan, 1 nic, 1 server, 1 volume;"),
    ];
    for (name, plan) in plans {
        let (stdout, stderr) = run(dir.path(), name, &["--dry-run"]);
        assert!(stderr.contains(plan), "{name}: {plan} missing from:\n{stderr}");
        assert!(!stdout.is_empty(), "{name} printed what it would have made");
        assert_eq!(holdings(dir.path()), nothing, "{name}'s dry run made nothing");
    }

    for (name, _) in plans {
        let (first, stderr) = run(dir.path(), name, &[]);
        assert!(stderr.contains("' created"), "{name}:\n{stderr}");
        let (second, stderr) = run(dir.path(), name, &[]);
        for changed in ["' created", "' updated", "' reserved"] {
            assert!(!stderr.contains(changed), "{name}'s second run: {changed}:\n{stderr}");
        }
        assert!(stderr.contains("exists, unchanged"), "{name}:\n{stderr}");
        assert_eq!(second, first, "{name} reports the same objects");
    }
    assert_eq!(
        holdings(dir.path()),
        json!({
            "datacenters": ["web-tier", "zero trust vm"],
            "servers": ["ionos-router", "web-1", "web-2"],
            "ipblocks": ["web-tier"],
            "networks": ["ionosh-demo", "ionosh-zero-trust"],
            "endpoints": ["laptop", "phone", "server"],
        })
    );
}
