"""The classic ionosenterprise SDK (5.4.0, CloudAPI v5) against the ionosh emulator,
unchanged, with its wire quirks: no Content-Type on POST/PUT, string booleans and numbers,
form-encoded actions, raw `{ "id": ... }` bodies. Prints one line per step; exits non-zero at
the first step that fails."""

import sys

from ionosenterprise.client import (
    IonosEnterpriseService, Datacenter, FirewallRule, IPBlock, LAN, LoadBalancer, NIC, Server, Volume,
)

client = IonosEnterpriseService(username="classic@example.com", password="secret", host_base=sys.argv[1])
passed = 0


def step(name):
    global passed
    passed += 1
    print(f"ok {passed}: {name}", flush=True)


def wait(response):
    client.wait_for_completion(response, timeout=60, initial_wait=0.02, scaleup=2)


response = client.create_datacenter(Datacenter(name="classic", description="sdk", location="us/las"))
wait(response)
dc = response["id"]
step("datacenter")

response = client.create_lan(dc, LAN(name="Public LAN", public=True))
wait(response)
lan = response["id"]
assert client.get_lan(dc, lan)["properties"]["public"] is True
step("public LAN (public sent as a string)")

response = client.create_server(dc, Server(name="classic server", ram=2048, cores=2))
wait(response)
server = response["id"]
step("server")

response = client.create_nic(dc, server, NIC(name="Public NIC", dhcp=True, lan=int(lan), firewall_active=True))
wait(response)
nic = response["id"]
step("NIC")

response = client.create_firewall_rule(dc, server, nic, FirewallRule(name="Allow SSH", protocol="TCP", source_ip="0.0.0.0", port_range_start=22, port_range_end=22))
wait(response)
step("firewall rule")

response = client.create_volume(dc, Volume(name="System Volume", size=20, image_alias="ubuntu:latest", ssh_keys=["ssh-ed25519 AAAA classic"]))
wait(response)
system = response["id"]
response = client.create_volume(dc, Volume(name="Data Volume", size=10, disk_type="SSD", licence_type="OTHER"))
wait(response)
data = response["id"]
step("volumes")

for volume in (system, data):
    wait(client.attach_volume(dc, server, volume))
assert len(client.get_attached_volumes(dc, server)["items"]) == 2
step("volumes attached (raw id bodies)")

assert client.stop_server(dc, server) is True and client.start_server(dc, server) is True
assert client.reboot_server(dc, server) is True
step("power actions (form-encoded, 202)")

response = client.create_snapshot(dc, data, name="nightly")
wait(response)
assert client.get_snapshot(response["id"])["properties"]["description"] in (None, "None", "")
assert client.restore_snapshot(dc, data, response["id"]) is True
step("snapshot with description=None, restored")

response = client.reserve_ipblock(IPBlock(name="classic ips", location="us/las", size=2))
wait(response)
block = client.get_ipblock(response["id"])
assert block["properties"]["size"] == 2 and len(block["properties"]["ips"]) == 2
step("IP block (size sent as a string)")

response = client.create_loadbalancer(dc, LoadBalancer(name="lb", dhcp=True))
wait(response)
wait(client.add_loadbalanced_nics(dc, response["id"], nic))
assert len(client.get_loadbalancer_members(dc, response["id"])["items"]) == 1
step("load balancer (dhcp sent as a string)")

tree = client.get_datacenter(dc, depth=5)
assert tree["entities"]["servers"]["items"][0]["properties"]["name"] == "classic server"
wait(client.delete_datacenter(dc))
step("datacenter read at depth 5 and deleted")
print(f"ionosenterprise: {passed} passed", flush=True)
