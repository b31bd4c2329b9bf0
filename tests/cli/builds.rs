//! The classic SDK's examples as scripts, run end to end with `ionosh run --sim`, and the
//! proof that a composite build and the equivalent component build make the same tree.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

use crate::world::World;

fn run_script(dir: &Path, script: &str, args: &[&str]) -> Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(script);
    let mut command = Command::new(env!("CARGO_BIN_EXE_ionosh"));
    command.args(["run", "--sim", "--sim-state", "state.json", "--sim-delay-ms", "10"]).arg(path);
    if !args.is_empty() {
        command.arg("--").args(args);
    }
    command.current_dir(dir).env("HOME", dir).output().expect("ionosh runs")
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The JSON object printed last (the scripts end by printing a data center).
fn last_json(text: &str) -> Value {
    let start = text.find("\n{").map_or(0, |i| i + 1);
    serde_json::from_str(&text[start..]).expect("the script ends with a JSON object")
}

#[test]
fn search_images_lists_matching_hdd_images() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = stdout(&run_script(dir.path(), "search_images.rhai", &["name=ubuntu", "location=de/fkb"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "{line}");
        assert!(fields[1].to_lowercase().contains("ubuntu") && fields[2] == "de/fkb", "{line}");
    }
}

#[test]
fn reserve_ipblock_prints_the_block_with_its_addresses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = stdout(&run_script(dir.path(), "reserve_ipblock.rhai", &["location=us/las", "size=5"]));
    let block = last_json(&text);
    assert_eq!(block["properties"]["size"], 5);
    assert_eq!(block["properties"]["ips"].as_array().map(Vec::len), Some(5));
    assert_eq!(block["metadata"]["state"], "AVAILABLE");
}

#[test]
fn component_build_makes_the_reference_tree() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = stdout(&run_script(dir.path(), "component_build.rhai", &[]));
    let dc = last_json(&text);
    let server = &dc["entities"]["servers"]["items"][0];
    assert_eq!(server["properties"]["name"], "ionosh server");
    assert_eq!(server["entities"]["volumes"]["items"].as_array().map(Vec::len), Some(2));
    let nic = &server["entities"]["nics"]["items"][0];
    // At depth 5 the NIC's firewall rules are references (each level of nesting takes two).
    assert_eq!(nic["entities"]["firewallrules"]["items"][0]["type"], "firewall-rule");
    assert_eq!(dc["entities"]["lans"]["items"][0]["properties"]["public"], true);
}

#[test]
fn composite_build_then_teardown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = stdout(&run_script(dir.path(), "composite_build.rhai", &[]));
    let dc = last_json(&text);
    let server = &dc["entities"]["servers"]["items"][0];
    assert_eq!(server["entities"]["nics"]["items"].as_array().map(Vec::len), Some(2));
    let lans = dc["entities"]["lans"]["items"].as_array().expect("LANs");
    let public: Vec<&Value> = lans.iter().filter(|l| l["properties"]["public"] == true).collect();
    assert_eq!(public.len(), 1);
    assert_eq!(public[0]["id"], "1");

    let text = stdout(&run_script(dir.path(), "teardown.rhai", &["datacenter=ionosh composite build"]));
    assert!(text.starts_with("deleted data center ionosh composite build ("), "{text}");
    let out = run_script(dir.path(), "teardown.rhai", &["datacenter=ionosh composite build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no data center named or with id 'ionosh composite build'"));
}

/// Keeps what a build decides (names, sizes, types, relations), drops what the API assigns
/// (ids, hrefs, dates, addresses, states), and orders lists so the trees compare.
fn shape(value: &Value) -> Value {
    const ASSIGNED: &[&str] =
        &["id", "href", "metadata", "mac", "ips", "deviceNumber", "pciSlot", "bootServer", "image", "version"];
    match value {
        Value::Object(map) => Value::Object(
            map.iter().filter(|(k, _)| !ASSIGNED.contains(&k.as_str())).map(|(k, v)| (k.clone(), shape(v))).collect(),
        ),
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(shape).collect();
            items.sort_by_key(|v| v.to_string());
            Value::Array(items)
        }
        other => other.clone(),
    }
}

#[test]
fn a_composite_build_makes_the_same_tree_as_the_component_build() {
    let world = World::start(5);
    let parts = r#"
        let rule = FirewallRule(#{ name: "Allow SSH", protocol: "TCP", source_ip: "0.0.0.0", port_range_start: 22, port_range_end: 22 });
        let public_nic = #{ name: "Public NIC", dhcp: true, lan: 1, firewall_active: true };
        let private_nic = #{ name: "Private NIC", dhcp: true, lan: 2 };
        let system = #{ name: "System Volume", size: 20, image_alias: "ubuntu:latest", type: "HDD", ssh_keys: ["ssh-ed25519 AAAA k"] };
        let data = #{ name: "Data Volume", size: 100, type: "SSD", licence_type: "OTHER" };
        let server = #{ name: "web", ram: 4096, cores: 4 };
    "#;
    let composite = world.json(&format!(
        r#"{parts}
        let nic1 = public_nic; nic1.firewall_rules = [rule];
        let s = server; s.nics = [NIC(nic1), NIC(private_nic)]; s.create_volumes = [Volume(system), Volume(data)];
        let r = create_datacenter(Datacenter(#{{ name: "same", location: "de/fra", servers: [Server(s)] }}));
        wait_for_completion(r);
        get_datacenter(r.id, #{{ depth: 5 }})
        "#
    ));
    let component = world.json(&format!(
        r#"{parts}
        let r = create_datacenter(Datacenter(#{{ name: "same", location: "de/fra" }}));
        wait_for_completion(r);
        let dc = r.id;
        let s = create_server(dc, Server(server)); wait_for_completion(s);
        let n1 = create_nic(dc, s.id, NIC(public_nic)); wait_for_completion(n1);
        wait_for_completion(create_firewall_rule(dc, s.id, n1.id, rule));
        wait_for_completion(create_nic(dc, s.id, NIC(private_nic)));
        for v in [system, data] {{
            let created = create_volume(dc, Volume(v)); wait_for_completion(created);
            wait_for_completion(attach_volume(dc, s.id, created.id));
        }}
        get_datacenter(dc, #{{ depth: 5 }})
        "#
    ));
    assert_eq!(shape(&composite), shape(&component));
    assert_eq!(
        composite["entities"]["servers"]["items"][0]["entities"]["volumes"]["items"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(json!(shape(&composite)["properties"]["name"]), json!("same"));
}

#[test]
fn private_servers_go_out_through_a_nat_gateway_and_teardown_takes_it_along() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = stdout(&run_script(dir.path(), "nat_gateway.rhai", &["count=3", "datacenter=nat"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    for line in &lines[..3] {
        let fields: Vec<&str> = line.split('\t').collect();
        assert!(
            fields[0].starts_with("private-") && fields[1].starts_with("10.") && fields[2].starts_with("out through "),
            "{line}"
        );
    }
    assert!(lines[3].starts_with("NAT gateway ") && lines[3].contains(".0/24 -> "), "{text}");
    let text = stdout(&run_script(dir.path(), "teardown.rhai", &["datacenter=nat"]));
    assert!(text.starts_with("deleted data center nat ("), "{text}");
}

#[test]
fn an_application_load_balancer_fronts_two_servers_and_labels_find_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = stdout(&run_script(dir.path(), "app_load_balancer.rhai", &["datacenter=web", "port=8080"]));
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("http://") && first.matches(":8080").count() == 2, "{text}");
    assert!(text.contains("application load balancer "), "{text}");
    let tagged = stdout(&run_script(dir.path(), "labels.rhai", &["datacenter=web", "key=tier", "value=front"]));
    let types: Vec<&str> = tagged.lines().filter_map(|l| l.split('\t').next()).collect();
    assert_eq!(types, ["datacenter", "server", "server"], "{tagged}");
    // Tagging again changes nothing; a different value moves the objects.
    let again = stdout(&run_script(dir.path(), "labels.rhai", &["datacenter=web", "key=tier", "value=front"]));
    assert_eq!(again, tagged);
    stdout(&run_script(dir.path(), "labels.rhai", &["datacenter=web", "key=tier", "value=back"]));
    let left = stdout(&run_script(dir.path(), "labels.rhai", &["key=tier", "value=front"]));
    assert_eq!(left, "", "every object now says back");
    let out = run_script(dir.path(), "labels.rhai", &["key=tier"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("say which label"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
