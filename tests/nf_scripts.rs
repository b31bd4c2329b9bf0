//! The NetFoundry scripts run end to end: `scripts/nf_network.rhai` with `ionosh run --sim`
//! (twice, then deleting), and `scripts/zero_trust_vm.rhai`, which uses both providers in one
//! run, checked against what each API then holds, and its cleanup when a step fails.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::World;
use serde_json::json;

fn run_script(dir: &Path, script: &str, args: &[&str]) -> Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(script);
    let mut command = Command::new(env!("CARGO_BIN_EXE_ionosh"));
    command.args(["run", "--sim", "--sim-state", "state.db", "--sim-delay-ms", "10"]).arg(path);
    if !args.is_empty() {
        command.arg("--").args(args);
    }
    command
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .expect("ionosh runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn succeeded(out: &Output) -> (String, String) {
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    (text(&out.stdout), text(&out.stderr))
}

#[test]
fn nf_network_builds_once_writes_private_tokens_and_deletes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (stdout, stderr) = succeeded(&run_script(dir.path(), "nf_network.rhai", &["network=lab"]));
    for made in [
        "ensure_network: 'lab' created",
        "ensure_edge_router: 'router-1' created",
        "ensure_endpoint: 'laptop' created",
        "ensure_endpoint: 'server' created",
        "ensure_edge_router_policy: 'all-endpoints' created",
        "ensure_service: 'web' created",
        "ensure_app_wan: 'clients-to-web' created",
    ] {
        assert!(stderr.contains(made), "{made} missing from:\n{stderr}");
    }
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("network 'lab' (") && first.ends_with(") in OCI eu-amsterdam-1 is PROVISIONED"),
        "{stdout}"
    );
    let rows: Vec<&str> = stdout.lines().filter(|l| l.contains("PROVISIONED") && !l.starts_with("network")).collect();
    let names: Vec<&str> = rows.iter().filter_map(|r| r.split_whitespace().next()).collect();
    assert_eq!(names, ["router-1", "laptop", "server", "web", "clients-to-web"], "{stdout}");
    for endpoint in ["laptop", "server"] {
        let file = dir.path().join(format!("lab-{endpoint}.jwt"));
        let token = std::fs::read_to_string(&file).expect("token written");
        assert_eq!(token.split('.').count(), 3, "a JWT: {token}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{endpoint}'s token is readable by its owner only");
        }
    }

    // A second run finds everything as it should be and changes nothing.
    let (again, stderr) = succeeded(&run_script(dir.path(), "nf_network.rhai", &["network=lab"]));
    assert!(!stderr.contains("created") && !stderr.contains("updated"), "{stderr}");
    assert_eq!(stderr.matches("exists, unchanged").count(), 7, "{stderr}");
    assert_eq!(again, stdout);

    let (deleted, _) = succeeded(&run_script(dir.path(), "nf_network.rhai", &["network=lab", "delete=true"]));
    assert_eq!(deleted, "network 'lab' deleted with everything in it\n");
    let (nothing, _) = succeeded(&run_script(dir.path(), "nf_network.rhai", &["network=lab", "delete=true"]));
    assert_eq!(nothing, "no network 'lab': nothing to delete\n");
}

#[test]
fn zero_trust_vm_registers_a_netfoundry_router_from_an_ionos_server() {
    let world = World::start(20);
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/zero_trust_vm.rhai"))
        .expect("script");
    world.eval_all(&script).map(drop).unwrap_or_else(|e| panic!("script failed: {e}"));
    let found = world.json_all(
        r#"
        let net = nf::network("ionosh-zero-trust");
        let router = nf::edge_router(net, "ionos-router");
        let dc = list_datacenters().items.filter(|d| d.properties.name == "zero trust vm")[0];
        let server = list_servers(dc.id, #{ depth: 3 }).items[0];
        let volume = get_volume(dc.id, server.entities.volumes.items[0].id);
        let service = nf::service(net, "app");
        #{
            key: router.registration.registrationKey,
            tunneler: router.tunnelerEnabled,
            cloud_init: from_base64(volume.properties.userData),
            host: service.model.edgeRouterHosts[0].edgeRouterId == router.id,
            granted: nf::app_wan(net, "clients-to-app").serviceAttributes,
        }
        "#,
    );
    let key = found["key"].as_str().expect("a registration key");
    let cloud_init = found["cloud_init"].as_str().expect("user data");
    assert!(cloud_init.starts_with("#cloud-config\n"), "{cloud_init}");
    assert!(cloud_init.contains(&format!("router-registration, \"{key}\"")), "the current key: {cloud_init}");
    assert_eq!(found["tunneler"], json!(true));
    assert_eq!(found["host"], json!(true));
    assert_eq!(found["granted"], json!(["#app"]));
}

#[test]
fn zero_trust_vm_deletes_its_data_center_when_a_step_fails() {
    let world = World::start(20);
    // The contract allows one core per server: the two-core server is refused after the data
    // center and its LAN exist.
    world.control("/_sim/contract", json!({ "coresPerServer": 1 }));
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/zero_trust_vm.rhai"))
        .expect("script");
    let error = world.eval_all(&script).expect_err("the server is refused");
    assert!(error.contains("cores"), "{error}");
    let left = world.json_all(
        r#"list_datacenters(#{ depth: 1 }).items.filter(|d| d.properties.name == "zero trust vm" && d.metadata.state != "DELETED").len()"#,
    );
    assert_eq!(left, json!(0), "the data center went again");
}
