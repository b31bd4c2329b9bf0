//! The CloudAPI v6 families beyond the classic SDK, used from Rhai against the emulator: each
//! family's happy path and the error its main rule gives.

use serde_json::json;

use crate::world::World;

/// A data center in de/fra with a public LAN 1 and a private LAN 2, and a reserved block of
/// three addresses; binds `dc`, `inner` (LAN 2) and `ips` for the script after it.
const SETUP: &str = r#"
    let dc = create_datacenter(Datacenter(#{ name: "families", location: "de/fra" })); wait_for_completion(dc);
    wait_for_completion(create_lan(dc.id, LAN(#{ name: "public", public: true })));
    let inner = create_lan(dc.id, LAN(#{ name: "private", public: false })); wait_for_completion(inner);
    let block = reserve_ipblock(IPBlock(#{ location: "de/fra", size: 3 })); wait_for_completion(block);
    let ips = get_ipblock(block.id).properties.ips;
"#;

fn run(world: &World, script: &str) -> serde_json::Value {
    world.json(&format!("{SETUP}\n{script}"))
}

fn error(world: &World, script: &str) -> String {
    match world.eval(&format!("{SETUP}\n{script}")) {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(message) => message,
    }
}

#[test]
fn a_nat_gateway_takes_reserved_addresses_and_rules_leave_through_them() {
    let world = World::start(5);
    let out = run(
        &world,
        r#"
        let gw = create_natgateway(dc.id, NatGateway(#{ name: "gw", public_ips: [ips[0]], lans: [#{ id: parse_int(inner.id) }] }));
        wait_for_completion(gw);
        let rule = create_natgateway_rule(dc.id, gw.id, NatGatewayRule(#{ name: "out", public_ip: ips[0], source_subnet: "10.7.2.0/24" }));
        wait_for_completion(rule);
        wait_for_completion(update_natgateway(dc.id, gw.id, #{ name: "renamed" }));
        let got = get_natgateway(dc.id, gw.id);
        #{ name: got.properties.name, gateway: got.properties.lans[0].gatewayIps.len(),
           rule: get_natgateway_rule(dc.id, gw.id, rule.id).properties, rules: list_natgateway_rules(dc.id, gw.id).items.len() }
        "#,
    );
    assert_eq!(out["name"], "renamed");
    assert_eq!(out["gateway"], 1, "a LAN without gateway IPs gets one");
    assert_eq!(out["rule"]["type"], "SNAT");
    assert_eq!(out["rule"]["protocol"], "ALL");
    assert_eq!(out["rules"], 1);

    let message = error(&world, r#"create_natgateway(dc.id, NatGateway(#{ name: "bad", public_ips: ["1.2.3.4"] }))"#);
    assert!(
        message.contains("publicIps[0]' must be an address of an IP block reserved in de/fra (got '1.2.3.4')"),
        "{message}"
    );
    let message = error(
        &world,
        r#"let gw = create_natgateway(dc.id, NatGateway(#{ name: "gw2", public_ips: [ips[1]] })); wait_for_completion(gw);
           create_natgateway_rule(dc.id, gw.id, NatGatewayRule(#{ name: "x", public_ip: ips[2], source_subnet: "10.0.0.0/24" }))"#,
    );
    assert!(message.contains("'publicIp' must be one of the gateway's public IPs"), "{message}");
    let message = error(
        &world,
        r#"NatGatewayRule(#{ name: "x", public_ip: "1.1.1.1", source_subnet: "10.0.0.0/24", protocol: "SCTP" })"#,
    );
    assert!(message.contains("TCP, UDP, ICMP, ALL"), "constructors check the spec's enums: {message}");
}

#[test]
fn a_network_load_balancer_forwards_from_its_listener_ips() {
    let world = World::start(5);
    let out = run(
        &world,
        r#"
        let nlb = create_networkloadbalancer(dc.id, NetworkLoadBalancer(#{ name: "nlb", listener_lan: 1, target_lan: parse_int(inner.id), ips: [ips[0]] }));
        wait_for_completion(nlb);
        let rule = create_networkloadbalancer_forwardingrule(dc.id, nlb.id, NetworkLoadBalancerForwardingRule(#{
            name: "tcp", algorithm: "ROUND_ROBIN", protocol: "TCP", listener_ip: ips[0], listener_port: 443,
            targets: [#{ ip: "10.7.2.11", port: 443, weight: 1 }] }));
        wait_for_completion(rule);
        let log = create_networkloadbalancer_flowlog(dc.id, nlb.id, FlowLog(#{ name: "log", action: "ALL", direction: "INGRESS", bucket: "logs" }));
        wait_for_completion(log);
        // A private balancer (its listener LAN is private) listens on private addresses.
        let private_nlb = create_networkloadbalancer(dc.id, NetworkLoadBalancer(#{ name: "inner", listener_lan: parse_int(inner.id), target_lan: parse_int(inner.id), ips: ["10.7.2.100"] }));
        wait_for_completion(private_nlb);
        #{ rules: list_networkloadbalancer_forwardingrules(dc.id, nlb.id).items.map(|r| r.properties.listenerPort),
           logs: list_networkloadbalancer_flowlogs(dc.id, nlb.id).items.map(|l| l.properties.bucket),
           balancers: list_networkloadbalancers(dc.id).items.len(),
           private_ips: get_networkloadbalancer(dc.id, nlb.id).properties.lbPrivateIps.len(),
           in_datacenter: get_datacenter(dc.id, #{ depth: 1 }).entities.networkloadbalancers.items.len(),
           rules_inside: get_networkloadbalancer(dc.id, nlb.id, #{ depth: 1 }).entities.forwardingrules.items.len() }
        "#,
    );
    assert_eq!(
        out,
        json!({"rules": [443], "logs": ["logs"], "balancers": 2, "private_ips": 1, "in_datacenter": 2, "rules_inside": 1})
    );
    let message = error(
        &world,
        r#"let nlb = create_networkloadbalancer(dc.id, NetworkLoadBalancer(#{ name: "n", listener_lan: 1, target_lan: 2, ips: [ips[1]] }));
           wait_for_completion(nlb);
           create_networkloadbalancer_forwardingrule(dc.id, nlb.id, NetworkLoadBalancerForwardingRule(#{ name: "x", algorithm: "RANDOM",
               protocol: "TCP", listener_ip: "10.0.0.1", listener_port: 80, targets: [#{ ip: "10.7.2.11", port: 80, weight: 1 }] }))"#,
    );
    assert!(message.contains("'listenerIp' must be one of the load balancer's IPs"), "{message}");
    let message = error(
        &world,
        r#"create_networkloadbalancer(dc.id, NetworkLoadBalancer(#{ name: "n", listener_lan: 9, target_lan: 2 }))"#,
    );
    assert!(message.contains("'listenerLan' must name a LAN of this data center (got 9)"), "{message}");
}

#[test]
fn an_application_load_balancer_forwards_to_a_target_group_that_stays_while_used() {
    let world = World::start(5);
    let out = run(
        &world,
        r#"
        let group = create_targetgroup(TargetGroup(#{ name: "web", algorithm: "ROUND_ROBIN", protocol: "HTTP",
            targets: [#{ ip: "10.7.2.11", port: 80, weight: 1 }, #{ ip: "10.7.2.12", port: 80, weight: 1 }] }));
        wait_for_completion(group);
        let alb = create_applicationloadbalancer(dc.id, ApplicationLoadBalancer(#{ name: "alb", listener_lan: 1, target_lan: parse_int(inner.id), ips: [ips[0]] }));
        wait_for_completion(alb);
        let rule = create_applicationloadbalancer_forwardingrule(dc.id, alb.id, ApplicationLoadBalancerForwardingRule(#{
            name: "http", protocol: "HTTP", listener_ip: ips[0], listener_port: 80,
            http_rules: [#{ name: "all", type: "FORWARD", targetGroup: group.id }] }));
        wait_for_completion(rule);
        let refused = (); try { delete_targetgroup(group.id); refused = "deleted"; } catch (e) { refused = e.message; }
        #{ targets: get_targetgroup(group.id).properties.targets.len(), refused: refused,
           forwards: get_applicationloadbalancer_forwardingrule(dc.id, alb.id, rule.id).properties.httpRules[0].targetGroup == group.id }
        "#,
    );
    assert_eq!(out["targets"], 2);
    assert_eq!(out["forwards"], true);
    assert!(out["refused"].as_str().is_some_and(|m| m.contains("is in use by forwarding rule")), "{out}");
    let message = error(
        &world,
        r#"let alb = create_applicationloadbalancer(dc.id, ApplicationLoadBalancer(#{ name: "a", listener_lan: 1, target_lan: 2, ips: [ips[1]] }));
           wait_for_completion(alb);
           create_applicationloadbalancer_forwardingrule(dc.id, alb.id, ApplicationLoadBalancerForwardingRule(#{ name: "x",
               protocol: "HTTP", listener_ip: ips[1], listener_port: 80, http_rules: [#{ name: "r", type: "FORWARD", targetGroup: "no-such-group" }] }))"#,
    );
    assert!(message.contains("'httpRules[0].targetGroup' must name a target group of the account"), "{message}");
}

#[test]
fn labels_are_unique_per_object_and_found_across_objects() {
    let world = World::start(5);
    let out = run(
        &world,
        r#"
        let server = create_server(dc.id, Server(#{ name: "s", cores: 1, ram: 1024 })); wait_for_completion(server);
        add_datacenter_label(dc.id, "env", "prod");
        add_server_label(dc.id, server.id, "env", "prod");
        add_ipblock_label(block.id, "team", "ops");
        replace_server_label(dc.id, server.id, "env", "staging");
        let again = (); try { add_datacenter_label(dc.id, "env", "dev"); again = "added"; } catch (e) { again = e.status; }
        let prod = list_labels().items.filter(|l| l.properties.value == "prod").map(|l| l.properties.resourceType);
        let urn = `urn:label:server:${server.id}:env`;
        let one = get_label(urn);
        delete_ipblock_label(block.id, "team");
        #{ again: again, prod: prod, one: one.properties.value, server: list_server_labels(dc.id, server.id).items.map(|l| l.properties),
           ipblock: list_ipblock_labels(block.id).items.len(), requests: list_requests(#{ url: "labels" }).items.len() }
        "#,
    );
    assert_eq!(out["again"], 422);
    assert_eq!(out["prod"], json!(["datacenter"]));
    assert_eq!(out["one"], "staging");
    assert_eq!(out["server"], json!([{"key": "env", "value": "staging"}]));
    assert_eq!(out["ipblock"], 0);
    assert_eq!(out["requests"], 0, "labels change at once, with no request to wait for");
}

/// A label is named by its key in a path: a key that cannot be one segment is refused, with
/// nothing created, and a key with other punctuation is created and reachable.
#[test]
fn a_label_key_that_cannot_be_a_path_segment_is_refused() {
    let world = World::start(5);
    let out = run(
        &world,
        r#"
        let refused = [];
        for key in ["a/b", "..", "tab\tkey"] {
            try { add_datacenter_label(dc.id, key, "v"); refused.push("added " + key); }
            catch (e) { refused.push(e.status + " " + e.message); }
        }
        add_datacenter_label(dc.id, "app.kubernetes:io-name_1?", "v");
        #{ refused: refused, keys: list_datacenter_labels(dc.id).items.map(|l| l.properties.key),
           read: get_datacenter_label(dc.id, "app.kubernetes:io-name_1?").properties.value }
        "#,
    );
    let refused = out["refused"].as_array().expect("refusals");
    assert_eq!(refused.len(), 3, "{out}");
    for refusal in refused {
        let text = refusal.as_str().expect("text");
        assert!(text.starts_with("422 ") && text.contains("cannot name a label"), "{text}");
    }
    assert_eq!(out["keys"], json!(["app.kubernetes:io-name_1?"]));
    assert_eq!(out["read"], "v");
}

#[test]
fn templates_are_read_only_and_cube_servers_suspend_and_resume() {
    let world = World::start(5);
    let out = run(
        &world,
        r#"
        let t = list_templates().items.filter(|t| t.properties.name == "CUBES S")[0];
        let cube = create_server(dc.id, Server(#{ name: "cube", type: "CUBE", template_uuid: t.id, cores: 1, ram: 2048,
            create_volumes: [Volume(#{ name: "das", type: "DAS", size: 50, image_alias: "ubuntu:latest", ssh_keys: ["ssh-ed25519 AAAA k"] })] }));
        wait_for_completion(cube);
        wait_for_completion(suspend_server(dc.id, cube.id));
        let suspended = get_server(dc.id, cube.id).properties.vmState;
        wait_for_completion(resume_server(dc.id, cube.id));
        let plain = create_server(dc.id, Server(#{ name: "plain", cores: 1, ram: 1024 })); wait_for_completion(plain);
        let refused = (); try { suspend_server(dc.id, plain.id); refused = "suspended"; } catch (e) { refused = e.message; }
        wait_for_completion(upgrade_server(dc.id, plain.id));
        #{ template: get_template(t.id).properties, suspended: suspended, resumed: get_server(dc.id, cube.id).properties.vmState,
           refused: refused, token: get_server_token(dc.id, cube.id).token.split(".").len(),
           console: get_server_remote_console(dc.id, cube.id).url.starts_with("https://") }
        "#,
    );
    assert_eq!(out["template"], json!({"name": "CUBES S", "cores": 1, "ram": 2048, "storageSize": 50}));
    assert_eq!(out["suspended"], "SUSPENDED");
    assert_eq!(out["resumed"], "RUNNING");
    assert_eq!(out["refused"], "Only Cube servers can be suspended; this server is of type ENTERPRISE");
    assert_eq!(out["token"], 3, "a JWT: header, claims, signature");
    assert_eq!(out["console"], true);
    let message = error(
        &world,
        r#"create_server(dc.id, Server(#{ name: "c", type: "CUBE", template_uuid: "nope", cores: 1, ram: 1024 }))"#,
    );
    assert!(message.contains("'templateUuid' must name a Cube template"), "{message}");
}

#[test]
fn flow_logs_nic_moves_and_full_replacements() {
    let world = World::start(5);
    let out = run(
        &world,
        r#"
        let server = create_server(dc.id, Server(#{ name: "s", cores: 1, ram: 1024 })); wait_for_completion(server);
        let nic = create_nic(dc.id, server.id, NIC(#{ name: "eth0", lan: 1 })); wait_for_completion(nic);
        let log = create_nic_flowlog(dc.id, server.id, nic.id, FlowLog(#{ name: "log", action: "REJECTED", direction: "EGRESS", bucket: "b" }));
        wait_for_completion(log);
        wait_for_completion(add_lan_member(dc.id, parse_int(inner.id), nic.id));
        wait_for_completion(replace_lan(dc.id, 1, LAN(#{ name: "front", public: true })));
        wait_for_completion(replace_nic_flowlog(dc.id, server.id, nic.id, log.id, FlowLog(#{ name: "log2", action: "ALL", direction: "EGRESS", bucket: "b" })));
        #{ lan: get_nic(dc.id, server.id, nic.id).properties.lan, members: get_lan_members(dc.id, parse_int(inner.id)).items.len(),
           front: get_lan(dc.id, 1).properties.name, log: get_nic_flowlog(dc.id, server.id, nic.id, log.id).properties }
        "#,
    );
    assert_eq!(out["lan"], 2);
    assert_eq!(out["members"], 1);
    assert_eq!(out["front"], "front");
    assert_eq!(out["log"], json!({"name": "log2", "action": "ALL", "direction": "EGRESS", "bucket": "b"}));
    let message = error(&world, r#"FlowLog(#{ name: "l", action: "SOME", direction: "EGRESS", bucket: "b" })"#);
    assert!(message.contains("ACCEPTED, REJECTED, ALL"), "{message}");
}

#[test]
fn a_public_address_has_one_holder_and_keeps_its_block_and_rules() {
    let world = World::start(5);
    let out = run(
        &world,
        r#"
        let gw = create_natgateway(dc.id, NatGateway(#{ name: "gw", public_ips: [ips[0], ips[1]], lans: [#{ id: parse_int(inner.id) }] }));
        wait_for_completion(gw);
        wait_for_completion(create_natgateway_rule(dc.id, gw.id, NatGatewayRule(#{ name: "out", public_ip: ips[1], source_subnet: "10.7.2.0/24" })));
        let server = create_server(dc.id, Server(#{ name: "s", cores: 1, ram: 1024 })); wait_for_completion(server);
        let nic = create_nic(dc.id, server.id, NIC(#{ name: "n", lan: parse_int(inner.id) })); wait_for_completion(nic);
        let refusals = [];
        for attempt in [
            || create_natgateway(dc.id, NatGateway(#{ name: "again", public_ips: [ips[0]] })),
            || create_nic(dc.id, server.id, NIC(#{ name: "pub", lan: 1, ips: [ips[0]] })),
            || delete_ipblock(block.id),
            || update_natgateway(dc.id, gw.id, #{ public_ips: [ips[0]] }),
        ] {
            try { attempt.call(); refusals.push("accepted"); } catch (e) { refusals.push(e.message); }
        }
        let gateway_ip = get_natgateway(dc.id, gw.id).properties.lans[0].gatewayIps[0];
        #{ refusals: refusals, consumers: get_ipblock(block.id).properties.ipConsumers.map(|c| c.ip),
           gateway_ip: gateway_ip.split("/")[0], nic_ip: get_nic(dc.id, server.id, nic.id).properties.ips[0],
           renamed: update_natgateway(dc.id, gw.id, #{ name: "kept", public_ips: [ips[1], ips[0]] }).properties.name }
        "#,
    );
    let refusals: Vec<&str> = out["refusals"].as_array().expect("list").iter().filter_map(|v| v.as_str()).collect();
    assert!(refusals[0].contains("'publicIps[0]' holds") && refusals[0].contains("which NAT gateway"), "{refusals:?}");
    assert!(refusals[1].contains("'ips' holds") && refusals[1].contains("which NAT gateway"), "{refusals:?}");
    assert!(refusals[2].contains("is in use") && refusals[2].contains("NAT gateways"), "{refusals:?}");
    assert!(refusals[3].contains("'publicIps' must keep") && refusals[3].contains("as its publicIp"), "{refusals:?}");
    assert_eq!(out["consumers"].as_array().map(Vec::len), Some(2), "{out}");
    assert_ne!(out["gateway_ip"], out["nic_ip"], "DHCP never hands out the gateway's address: {out}");
    assert_eq!(out["renamed"], "kept");
}

#[test]
fn list_items_are_named_by_their_place() {
    let world = World::start(5);
    let message = error(
        &world,
        r#"create_targetgroup(TargetGroup(#{ name: "g", algorithm: "RANDOM", protocol: "HTTP", targets: [#{ ip: "10.0.0.1", weight: 1 }] }))"#,
    );
    assert!(message.contains("Attribute 'targets[0].port' is required"), "{message}");
}

/// Images take labels as the other objects do (the SDKs send `/images/{id}/labels`, which the
/// stored spec lacks): added, read, listed across objects by URN, replaced, deleted.
#[test]
fn images_take_labels() {
    let world = World::start(10);
    world.control("/_sim/images", json!({ "name": "golden", "location": "de/fra", "size": 10 }));
    let out = world.json(
        r#"
        let image = list_images().items.filter(|i| i.properties.name == "golden")[0];
        let added = add_image_label(image.id, "tier", "web");
        let one = get_image_label(image.id, "tier");
        let urn = `urn:label:image:${image.id}:tier`;
        let across = get_label(urn);
        replace_image_label(image.id, "tier", "db");
        let listed = list_image_labels(image.id).items.map(|l| `${l.properties.key}=${l.properties.value}`);
        delete_image_label(image.id, "tier");
        #{ added: added.properties.value, one: one.properties.key, type: across.properties.resourceType,
           listed: listed, left: list_image_labels(image.id).items.len() }
        "#,
    );
    assert_eq!(out, json!({ "added": "web", "one": "tier", "type": "image", "listed": ["tier=db"], "left": 0 }));
}

/// Security groups (the SDKs send them; the stored spec lacks them): rules checked as a NIC's
/// firewall rules are, a group set on a server and a NIC (each then lists it at depth), the
/// list replacing what the object had, a group of another data center refused, a group in use
/// refused deletion until taken off, its rules going with it.
#[test]
fn security_groups_are_set_on_servers_and_nics_and_kept_while_in_use() {
    let world = World::start(10);
    let out = world.json(
        r#"
        let dc = create_datacenter(Datacenter(#{ name: "sg", location: "de/fra" }));
        let other = create_datacenter(Datacenter(#{ name: "other", location: "de/fra" }));
        wait_all([dc, other]);
        let server = wait_for_completion(create_server(dc, Server(#{ name: "web", cores: 1, ram: 1024,
            nics: [NIC(#{ name: "public", lan: 1 })] })));
        let nic = list_nics(dc, server).items[0];
        let web = wait_for_completion(create_securitygroup(dc, SecurityGroup(#{ name: "web", description: "web tier" })));
        let ssh = wait_for_completion(create_securitygroup(dc, #{ name: "ssh" }));
        let theirs = wait_for_completion(create_securitygroup(other, #{ name: "theirs" }));
        wait_for_completion(create_securitygroup_rule(dc, web, FirewallRule(#{ name: "https", protocol: "TCP",
            port_range_start: 443, port_range_end: 443 })));
        let bad_rule = "";
        try { create_securitygroup_rule(dc, web, #{ protocol: "ICMP", port_range_start: 22 }); } catch (e) { bad_rule = e.kind; }
        wait_for_completion(set_server_securitygroups(dc, server, [web, ssh.id]));
        let replaced = wait_for_completion(set_server_securitygroups(dc, server, [web]));
        wait_for_completion(set_nic_securitygroups(dc, server, nic, [ssh]));
        let foreign = 0;
        try { set_server_securitygroups(dc, server, [theirs]); } catch (e) { foreign = e.status; }
        let shown = get_server(dc, server, #{ depth: 4 });
        let in_use = 0;
        try { delete_securitygroup(dc, web); } catch (e) { in_use = e.status; }
        wait_for_completion(set_server_securitygroups(dc, server, []));
        wait_for_completion(delete_securitygroup(dc, web));
        #{
            rules: list_securitygroup_rules(dc, ssh).items.len(),
            bad_rule: bad_rule,
            replaced: replaced.items.map(|g| g.id == web.id),
            foreign: foreign,
            on_server: shown.entities.securitygroups.items.map(|g| g.properties.name),
            on_nic: shown.entities.nics.items[0].entities.securitygroups.items.map(|g| g.properties.name),
            in_use: in_use,
            left: list_securitygroups(dc).items.map(|g| g.properties.name),
        }
        "#,
    );
    assert_eq!(
        out,
        json!({ "rules": 0, "bad_rule": "validation", "replaced": [true], "foreign": 422, "on_server": ["web"],
                "on_nic": ["ssh"], "in_use": 422, "left": ["ssh"] })
    );
}
