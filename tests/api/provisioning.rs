//! What the API answers while it provisions: a create's 202 carries what was sent and `null`
//! for what provisioning fills in, which a later read shows filled; and what a security group
//! is set on shows at depth.

#[test]
fn a_creates_answer_holds_what_was_sent_and_null_for_what_provisioning_fills_in() {
    let world = crate::world::World::start(20);
    let out = world.json(
        r#"
        let dc = wait_for_completion(create_datacenter(Datacenter(#{ name: "p", location: "de/fra" })));
        let server = create_server(dc.id, Server(#{ name: "web", cores: 1, ram: 1024 }));
        let volume = create_volume(dc.id, Volume(#{ name: "data", size: 10, type: "HDD", licence_type: "OTHER" }));
        let answered = #{ vm_state: server.properties.vmState, cores: server.properties.cores, bus: volume.properties.bus, size: volume.properties.size };
        let server = wait_for_completion(server);
        wait_for_completion(volume);
        #{ answered: answered, vm_state: server.properties.vmState, bus: get_volume(dc.id, volume.id).properties.bus }
        "#,
    );
    assert_eq!(out["answered"], serde_json::json!({ "vm_state": null, "cores": 1, "bus": null, "size": 10 }), "{out}");
    assert_eq!(out["vm_state"], "RUNNING");
    assert_eq!(out["bus"], "VIRTIO");
}

#[test]
fn a_security_group_shows_the_servers_and_nics_it_is_set_on_at_depth() {
    let world = crate::world::World::start(5);
    let out = world.json(
        r#"
        let dc = wait_for_completion(create_datacenter(Datacenter(#{ name: "sg", location: "de/fra" })));
        let lan = wait_for_completion(create_lan(dc.id, LAN(#{ name: "public", public: true })));
        let server = wait_for_completion(create_server(dc.id, Server(#{ name: "web", cores: 1, ram: 1024 })));
        let nic = wait_for_completion(create_nic(dc.id, server.id, NIC(#{ name: "eth0", lan: parse_int(lan.id) })));
        let group = wait_for_completion(create_securitygroup(dc.id, SecurityGroup(#{ name: "web" })));
        wait_for_completion(set_server_securitygroups(dc.id, server.id, [group.id]));
        wait_for_completion(set_nic_securitygroups(dc.id, server.id, nic.id, [group.id]));
        let deep = get_securitygroup(dc.id, group.id, #{ depth: 2 });
        let shallow = get_securitygroup(dc.id, group.id, #{ depth: 0 });
        #{
            servers: deep.entities.servers.items.map(|s| s.id == server.id),
            server_name: deep.entities.servers.items[0].properties.name,
            nics: deep.entities.nics.items.map(|n| n.id == nic.id),
            shallow: "entities" in shallow,
        }
        "#,
    );
    assert_eq!(out["servers"], serde_json::json!([true]), "{out}");
    assert_eq!(out["server_name"], "web");
    assert_eq!(out["nics"], serde_json::json!([true]), "{out}");
    assert_eq!(out["shallow"], false);
}
