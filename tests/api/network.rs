//! IP blocks, LANs, NICs, firewall rules and load balancers from Rhai against the emulator:
//! every operation's happy path and its main error.

use serde_json::json;

use crate::world::World;

/// A data center with one server; scripts get `dc` and `srv`.
const SETUP: &str = r#"
    let dc = create_datacenter(Datacenter(#{ name: "network", location: "us/las" }));
    wait_for_completion(dc);
    let dc = dc.id;
    let srv = create_server(dc, Server(#{ name: "net", cores: 1, ram: 1024 }));
    wait_for_completion(srv);
    let srv = srv.id;
"#;

fn run(world: &World, script: &str) -> serde_json::Value {
    world.json(&format!("{SETUP}\n{script}"))
}

#[test]
fn ip_blocks_are_reserved_per_location_and_released() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let r = reserve_ipblock(IPBlock(#{ name: "edge", location: "us/las", size: 3 }));
        wait_for_completion(r);
        let block = get_ipblock(r.id);
        let listed = list_ipblocks().items.map(|b| b.id).contains(r.id);
        let nowhere = 0;
        try { reserve_ipblock(IPBlock(#{ location: "xx/abc", size: 1 })); } catch (e) { nowhere = e.status; }
        wait_for_completion(delete_ipblock(r.id));
        let gone = 0;
        try { get_ipblock(r.id); } catch (e) { gone = e.status; }
        #{ ips: block.properties.ips.len(), distinct: block.properties.ips[0] != block.properties.ips[1],
           location: block.properties.location, listed: listed, nowhere: nowhere, gone: gone }
        "#,
    );
    assert_eq!(
        out,
        json!({ "ips": 3, "distinct": true, "location": "us/las", "listed": true, "nowhere": 422, "gone": 404 })
    );
}

#[test]
fn lans_are_created_updated_and_list_their_members() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let lan = create_lan(dc, LAN(#{ name: "front", public: true }));
        wait_for_completion(lan);
        let nic = create_nic(dc, srv, NIC(#{ name: "eth0", lan: parse_int(lan.id) }));
        wait_for_completion(nic);
        let members = get_lan_members(dc, lan.id).items.map(|n| n.id);
        let ip = get_nic(dc, srv, nic.id).properties.ips[0];
        wait_for_completion(update_lan(dc, lan.id, #{ name: "front-2", ip_failover: [#{ ip: ip, nicUuid: nic.id }] }));
        let updated = get_lan(dc, lan.id).properties;
        let bad_failover = 0;
        try { update_lan(dc, lan.id, #{ ip_failover: [#{ ip: "1.2.3.4", nicUuid: "no-such-nic" }] }); } catch (e) { bad_failover = e.status; }
        let lan2 = create_lan(dc, LAN(#{ name: "spare", public: false }));
        wait_for_completion(lan2);
        let count = list_lans(dc).items.len();
        wait_for_completion(delete_lan(dc, lan2.id));
        #{ id_is_number: parse_int(lan.id) >= 1, members: members == [nic.id], name: updated.name,
           failover: updated.ipFailover.len(), bad_failover: bad_failover, count: count, left: list_lans(dc).items.len() }
        "#,
    );
    assert_eq!(
        out,
        json!({ "id_is_number": true, "members": true, "name": "front-2", "failover": 1, "bad_failover": 422, "count": 2, "left": 1 })
    );
}

#[test]
fn a_nic_on_a_missing_lan_creates_it_and_gets_a_mac_and_an_address() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let nic = create_nic(dc, srv, NIC(#{ name: "eth1", lan: 7, dhcp: true }));
        wait_for_completion(nic);
        let got = get_nic(dc, srv, nic.id).properties;
        wait_for_completion(update_nic(dc, srv, nic.id, #{ name: "eth1-renamed", firewall_active: true }));
        let listed = list_nics(dc, srv).items.len();
        let bad = 0;
        try { create_nic(dc, "no-such-server", NIC(#{ lan: 1 })); } catch (e) { bad = e.status; }
        let lan_ids = list_lans(dc).items.map(|l| l.id);
        wait_for_completion(delete_nic(dc, srv, nic.id));
        #{ lan_created: lan_ids.contains("7"), mac: got.mac.len() == 17, has_ip: got.ips.len() == 1,
           renamed: get_lan_members(dc, 7).items.len() == 0, listed: listed, bad: bad, left: list_nics(dc, srv).items.len() }
        "#,
    );
    assert_eq!(
        out,
        json!({ "lan_created": true, "mac": true, "has_ip": true, "renamed": true, "listed": 1, "bad": 404, "left": 0 })
    );
}

#[test]
fn reserved_addresses_on_nics_show_as_ip_consumers() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let block = reserve_ipblock(IPBlock(#{ location: "us/las", size: 2 }));
        wait_for_completion(block);
        let ip = get_ipblock(block.id).properties.ips[0];
        let lan = create_lan(dc, LAN(#{ public: true }));
        wait_for_completion(lan);
        let nic = create_nic(dc, srv, NIC(#{ lan: parse_int(lan.id), ips: [ip] }));
        wait_for_completion(nic);
        let consumers = get_ipblock(block.id).properties.ipConsumers;
        let foreign = 0;
        try { create_nic(dc, srv, NIC(#{ lan: parse_int(lan.id), ips: ["8.8.8.8"] })); } catch (e) { foreign = e.status; }
        #{ nic_ips: get_nic(dc, srv, nic.id).properties.ips, consumer_ip: consumers[0].ip, consumer_nic: consumers[0].nicId == nic.id, foreign: foreign }
        "#,
    );
    assert_eq!(out["nic_ips"].as_array().map(Vec::len), Some(1));
    assert_eq!(out["consumer_ip"], out["nic_ips"][0]);
    assert_eq!(out["consumer_nic"], true);
    assert_eq!(out["foreign"], 422);
}

#[test]
fn firewall_rules_are_managed_and_their_protocol_is_fixed() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let nic = create_nic(dc, srv, NIC(#{ lan: 1, firewall_active: true }));
        wait_for_completion(nic);
        let rule = create_firewall_rule(dc, srv, nic.id, FirewallRule(#{ name: "ssh", protocol: "TCP", port_range_start: 22, port_range_end: 22 }));
        wait_for_completion(rule);
        let got = get_firewall_rule(dc, srv, nic.id, rule.id).properties;
        wait_for_completion(update_firewall_rule(dc, srv, nic.id, rule.id, #{ name: "ssh-2", port_range_end: 23 }));
        let updated = get_firewall_rule(dc, srv, nic.id, rule.id).properties;
        let listed = get_firewall_rules(dc, srv, nic.id).items.len();
        wait_for_completion(delete_firewall_rule(dc, srv, nic.id, rule.id));
        let gone = 0;
        try { get_firewall_rule(dc, srv, nic.id, rule.id); } catch (e) { gone = e.status; }
        #{ protocol: got.protocol, updated: [updated.name, updated.portRangeEnd], listed: listed, gone: gone }
        "#,
    );
    assert_eq!(out, json!({ "protocol": "TCP", "updated": ["ssh-2", 23], "listed": 1, "gone": 404 }));
}

#[test]
fn load_balancers_share_their_ip_with_balanced_nics() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let block = reserve_ipblock(IPBlock(#{ location: "us/las", size: 1 }));
        wait_for_completion(block);
        let ip = get_ipblock(block.id).properties.ips[0];
        let nic = create_nic(dc, srv, NIC(#{ lan: 1 }));
        let lb = create_loadbalancer(dc, LoadBalancer(#{ name: "lb", ip: ip }));
        wait_for_completion(nic); wait_for_completion(lb);
        wait_for_completion(add_loadbalanced_nics(dc, lb.id, nic.id));
        let members = get_loadbalancer_members(dc, lb.id).items.map(|n| n.id);
        let member = get_loadbalanced_nic(dc, lb.id, nic.id);
        let inherited = get_nic(dc, srv, nic.id).properties.ips.contains(ip);
        wait_for_completion(update_loadbalancer(dc, lb.id, #{ name: "lb-2" }));
        let name = get_loadbalancer(dc, lb.id).properties.name;
        let listed = list_loadbalancers(dc).items.len();
        wait_for_completion(remove_loadbalanced_nic(dc, lb.id, nic.id));
        let after = get_loadbalancer_members(dc, lb.id).items.len();
        let bad = 0;
        try { add_loadbalanced_nics(dc, lb.id, "no-such-nic"); } catch (e) { bad = e.status; }
        wait_for_completion(delete_loadbalancer(dc, lb.id));
        #{ members: members == [nic.id], member: member.id == nic.id, inherited: inherited, name: name,
           listed: listed, after: after, bad: bad >= 400, left: list_loadbalancers(dc).items.len() }
        "#,
    );
    assert_eq!(
        out,
        json!({ "members": true, "member": true, "inherited": true, "name": "lb-2", "listed": 1, "after": 0, "bad": true, "left": 0 })
    );
}

#[test]
fn a_lan_is_named_by_its_number_its_id_string_or_itself() {
    let world = World::start(5);
    let found = world.json(
        r#"let dc = create_datacenter(Datacenter(#{ name: "ids", location: "de/fra" }));
           wait_for_completion(dc);
           let lan = create_lan(dc.id, LAN(#{ name: "l", public: false }));
           wait_for_completion(lan);
           let nic = NIC(#{ name: "n", lan: lan });
           #{
               nic_lan: nic.properties.lan,
               by_int: get_lan(dc.id, parse_int(lan.id)).id,
               by_string: get_lan(dc.id, lan.id).id,
               by_map: get_lan(dc, lan).id,
           }"#,
    );
    assert_eq!(found, json!({"nic_lan": 1, "by_int": "1", "by_string": "1", "by_map": "1"}));
    let error = world.eval(r#"NIC(#{ lan: #{ name: "no id" } })"#).expect_err("a map without an id");
    assert!(error.contains("'lan' must be an id: an integer, or the object (a map with its id)"), "{error}");
}

#[test]
fn nic_addresses_follow_their_lan_turning_public_and_private() {
    let world = World::start(10);
    let out = run(
        &world,
        r#"
        let lan = create_lan(dc, LAN(#{ name: "flip", public: false }));
        wait_for_completion(lan);
        let nic = create_nic(dc, srv, NIC(#{ lan: parse_int(lan.id), dhcp: true }));
        wait_for_completion(nic);
        let before = get_nic(dc, srv, nic.id).properties.ips;
        wait_for_completion(update_lan(dc, lan.id, #{ public: true }));
        let opened = get_nic(dc, srv, nic.id).properties.ips;
        wait_for_completion(update_lan(dc, lan.id, #{ public: false }));
        let back = get_nic(dc, srv, nic.id).properties.ips;
        #{ before: before, opened: opened, back: back }
        "#,
    );
    let first = |key: &str| out[key][0].as_str().unwrap_or_default().to_string();
    assert!(first("before").starts_with("10.7."), "{out}");
    assert!(!first("opened").starts_with("10.") && first("opened").split('.').count() == 4, "{out}");
    assert!(first("back").starts_with("10.7."), "{out}");
}
