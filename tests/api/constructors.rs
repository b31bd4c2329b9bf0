//! Resource constructors check fields and allowed values before any request is sent, and
//! build the API's body shape (snake_case in scripts, camelCase on the wire).

use serde_json::json;

use crate::world::World;

#[test]
fn bad_resources_are_refused_with_the_rule_they_break() {
    let world = World::start(10);
    let cases = [
        r#"Server(#{ name: "s", cores: 2 })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 1000 })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 128 })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 512, create_volumes: [#{ size: 10, licence_type: "LINUX", ram_hot_plug: true }] })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 1024, availability_zone: "ZONE_3" })"#,
        r#"Server(#{ name: "s", cores: 2, ram: 1024, boot_volume_id: "v", boot_cdrom: "c" })"#,
        r#"Volume(#{ name: "v" })"#,
        r#"Volume(#{ size: 10, licence_type: "BSD" })"#,
        r#"Volume(#{ size: 10, licence_type: "LINUX", bus: "SATA" })"#,
        r#"Volume(#{ size: 10, licence_type: "LINUX", type: "NVME" })"#,
        r#"Volume(#{ size: 10, image_alias: "ubuntu:latest", image_password: "with spaces and 0s" })"#,
        r#"Volume(#{ size: 10, licence_type: "LINUX", ssh_keys: ["ssh-ed25519 AAAA"] })"#,
        r#"Volume(#{ size: 10, image: "x", ssh_keys: "ssh-ed25519 AAAA" })"#,
        r#"NIC(#{ name: "n" })"#,
        r#"NIC(#{ lan: 1, firewall_rules: [#{ protocol: "SSH" }] })"#,
        r#"FirewallRule(#{ protocol: "TCP", port_range_start: 0 })"#,
        r#"FirewallRule(#{ protocol: "TCP", port_range_start: 80, port_range_end: 70000 })"#,
        r#"FirewallRule(#{ protocol: "TCP", port_range_start: 90, port_range_end: 80 })"#,
        r#"FirewallRule(#{ protocol: "UDP", icmp_type: 8 })"#,
        r#"FirewallRule(#{ protocol: "ICMP", icmp_code: 255 })"#,
        r#"FirewallRule(#{ protocol: "ICMP", port_range_start: 22 })"#,
        r#"FirewallRule(#{ protocol: "TCP", source_mac: "01:23:45:67:89" })"#,
        r#"FirewallRule(#{ protocol: "TCP", source_ip: "1.2.3" })"#,
        r#"LAN(#{ public: "sometimes" })"#,
        r#"LoadBalancer(#{ name: "lb", ip: "ten" })"#,
        r#"IPBlock(#{ location: "us/las" })"#,
        r#"update_volume("d", "v", #{ type: "SSD" })"#,
        r#"update_firewall_rule("d", "s", "n", "f", #{ protocol: "UDP" })"#,
        r#"create_snapshot("d", "v", #{ label: "x" })"#,
    ];
    let report: Vec<String> =
        cases.iter().map(|case| format!("{case}\n  => {}", world.eval(case).expect_err("refused"))).collect();
    insta::assert_snapshot!(report.join("\n"));
    assert_eq!(world.json("list_requests().items.len()"), json!(0), "nothing may reach the API");
}

#[test]
fn constructors_build_the_wire_shape_with_nested_entities() {
    let world = World::start(10);
    let body = world.json(
        r#"
        Server(#{
            name: "web",
            cores: 2,
            ram: "2048",
            boot_volume_id: "vol-1",
            attach_volumes: ["vol-1"],
            create_volumes: [Volume(#{ name: "data", size: 10, licence_type: "other" })],
            nics: [#{ lan: 1, firewall_rules: [FirewallRule(#{ protocol: "tcp", port_range_start: 22, port_range_end: 22 })] }],
        })
        "#,
    );
    assert_eq!(
        body,
        json!({
            "properties": { "name": "web", "cores": 2, "ram": 2048, "bootVolume": { "id": "vol-1" } },
            "entities": {
                "volumes": { "items": [
                    { "id": "vol-1" },
                    { "properties": { "name": "data", "size": 10, "licenceType": "OTHER" } }
                ] },
                "nics": { "items": [
                    { "properties": { "lan": 1 }, "entities": { "firewallrules": { "items": [
                        { "properties": { "protocol": "TCP", "portRangeStart": 22, "portRangeEnd": 22 } }
                    ] } } }
                ] }
            }
        })
    );
}

#[test]
fn public_is_usable_as_a_key_and_a_property() {
    let world = World::start(10);
    let out = world.json(r#"let lan = LAN(#{ name: "edge", public: true }); #{ flag: lan.properties.public }"#);
    assert_eq!(out, json!({ "flag": true }));
}
