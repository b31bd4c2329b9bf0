"""The official ionoscloud SDK (v6) against the ionosh emulator, unchanged: the component
build, snapshots, IP blocks and load balancers. Prints one line per step; exits non-zero at
the first step that fails."""

import sys

import ionoscloud as ic

URL = sys.argv[1]
client = ic.ApiClient(ic.Configuration(host=URL, username="sdk@example.com", password="secret"))
passed = 0


def step(name):
    global passed
    passed += 1
    print(f"ok {passed}: {name}", flush=True)


def wait(headers):
    request_id = headers["Location"].split("/requests/")[1].split("/")[0]
    client.wait_for_completion(request_id, timeout=60, initial_wait=0.02, scaleup=2)


def created(result):
    body, status, headers = result
    assert status == 202, status
    wait(headers)
    return body


dcs = ic.DataCentersApi(client)
dc = created(dcs.datacenters_post_with_http_info(datacenter=ic.Datacenter(properties=ic.DatacenterProperties(name="sdk", location="de/fra"))))
step("datacenter created and awaited")

lan = created(ic.LANsApi(client).datacenters_lans_post_with_http_info(dc.id, lan=ic.Lan(properties=ic.LanProperties(name="public", public=True))))
assert ic.LANsApi(client).datacenters_lans_find_by_id(dc.id, lan.id).properties.public is True
step("public LAN")

servers = ic.ServersApi(client)
server = created(servers.datacenters_servers_post_with_http_info(dc.id, server=ic.Server(properties=ic.ServerProperties(name="web", cores=2, ram=2048))))
step("server")

nics = ic.NetworkInterfacesApi(client)
nic = created(nics.datacenters_servers_nics_post_with_http_info(dc.id, server.id, nic=ic.Nic(properties=ic.NicProperties(name="eth0", lan=int(lan.id), dhcp=True))))
got = nics.datacenters_servers_nics_find_by_id(dc.id, server.id, nic.id)
assert got.properties.mac and got.properties.ips, got.properties
step("NIC with MAC and address")

rule = ic.FirewallRule(properties=ic.FirewallruleProperties(name="ssh", protocol="TCP", port_range_start=22, port_range_end=22))
created(ic.FirewallRulesApi(client).datacenters_servers_nics_firewallrules_post_with_http_info(dc.id, server.id, nic.id, firewallrule=rule))
step("firewall rule")

volumes = ic.VolumesApi(client)
volume = created(volumes.datacenters_volumes_post_with_http_info(dc.id, volume=ic.Volume(properties=ic.VolumeProperties(name="system", size=20, image_alias="ubuntu:latest", image_password="Secr3tPass2rdX"))))
assert volumes.datacenters_volumes_find_by_id(dc.id, volume.id).properties.licence_type == "LINUX"
step("volume from an image alias")

_, status, headers = servers.datacenters_servers_volumes_post_with_http_info(dc.id, server.id, volume=ic.Volume(id=volume.id))
wait(headers)
assert [v.id for v in servers.datacenters_servers_volumes_get(dc.id, server.id).items] == [volume.id]
step("volume attached")

for action in (servers.datacenters_servers_stop_post_with_http_info, servers.datacenters_servers_start_post_with_http_info):
    _, status, headers = action(dc.id, server.id)
    assert status == 202
    wait(headers)
assert servers.datacenters_servers_find_by_id(dc.id, server.id).properties.vm_state == "RUNNING"
step("stop and start")

request = ic.CreateSnapshot(properties=ic.CreateSnapshotProperties(name="nightly", description="sdk"))
snapshot = created(volumes.datacenters_volumes_create_snapshot_post_with_http_info(dc.id, volume.id, snapshot=request))
assert ic.SnapshotsApi(client).snapshots_find_by_id(snapshot.id).properties.location == "de/fra"
restore = ic.RestoreSnapshot(properties=ic.RestoreSnapshotProperties(snapshot_id=snapshot.id))
_, status, headers = volumes.datacenters_volumes_restore_snapshot_post_with_http_info(dc.id, volume.id, restore_snapshot=restore)
wait(headers)
step("snapshot taken and restored")

block = created(ic.IPBlocksApi(client).ipblocks_post_with_http_info(ipblock=ic.IpBlock(properties=ic.IpBlockProperties(location="de/fra", size=2))))
ip = ic.IPBlocksApi(client).ipblocks_find_by_id(block.id).properties.ips[0]
step("IP block")

lbs = ic.LoadBalancersApi(client)
lb = created(lbs.datacenters_loadbalancers_post_with_http_info(dc.id, loadbalancer=ic.Loadbalancer(properties=ic.LoadbalancerProperties(name="lb", ip=ip))))
_, status, headers = lbs.datacenters_loadbalancers_balancednics_post_with_http_info(dc.id, lb.id, nic=ic.Nic(id=nic.id))
wait(headers)
assert ip in nics.datacenters_servers_nics_find_by_id(dc.id, server.id, nic.id).properties.ips
step("load balancer shares its IP")

try:
    servers.datacenters_servers_find_by_id(dc.id, "00000000-0000-0000-0000-000000000000")
    raise AssertionError("expected a 404")
except ic.ApiException as error:
    assert error.status == 404, error.status
step("404 as ApiException")

tree = dcs.datacenters_find_by_id(dc.id, depth=5)
assert tree.entities.servers.items[0].entities.nics.items[0].properties.name == "eth0"
_, status, headers = dcs.datacenters_delete_with_http_info(dc.id)
wait(headers)
step("depth 5 read and datacenter deleted")
print(f"ionoscloud: {passed} passed", flush=True)
