"""The classic ionosenterprise SDK (5.4.0, CloudAPI v5) against the ionosh emulator,
unchanged, with its wire quirks: no Content-Type on POST/PUT, string booleans and numbers,
form-encoded actions, raw `{ "id": ... }` bodies. Then every example of the seed reference
(../shared/seeds/ionos-enterprise-sdk-python-reference.md: the component and composite builds,
and one example per operation) with its values unchanged. Prints one line per step; exits non-zero
at the first step that fails."""

import json
import sys

from ionosenterprise.client import (
    IonosEnterpriseService, BackupUnit, Datacenter, FirewallRule, Group, IPBlock, LAN, LoadBalancer, NIC,
    PrivateCrossConnect, Server, User, Volume,
)
from ionosenterprise.errors import ICError

client = IonosEnterpriseService(username="classic@example.com", password="secret", host_base=sys.argv[1])
passed = 0


def step(name):
    global passed
    passed += 1
    print(f"ok {passed}: {name}", flush=True)


def wait(response, timeout=60):
    # The seed calls wait_for_completion(response, timeout); only the polling interval is ours
    # (the SDK's default first pause is 5 s, the emulator finishes in milliseconds).
    client.wait_for_completion(response, timeout, initial_wait=0.02, scaleup=2)


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
wait(client.delete_snapshot(response["id"]))
step("snapshot with description=None, restored")

response = client.reserve_ipblock(IPBlock(name="classic ips", location="us/las", size=2))
wait(response)
block = client.get_ipblock(response["id"])
assert block["properties"]["size"] == 2 and len(block["properties"]["ips"]) == 2
wait(client.delete_ipblock(block["id"]))
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

# The seed reference (ionos-enterprise-sdk-python-reference.md): its examples with their values
# unchanged. Only an image id is chosen from the emulator's catalogue (with the seed's own
# find_image), and where the document's snippet does not run on SDK 5.4.0 (a class or keyword
# that does not exist) the step proves the refusal and then makes the call the SDK accepts.
timeout = 1800


def find_image(conn, name, location):
    '''
    Find image by partial name and location
    '''
    images = []
    for item in conn.list_images()['items']:
        if (item['properties']['location'] == location and
           item['properties']['imageType'] == 'HDD' and
           name.lower() in item['properties']['name'].lower()):
            images.append(item)
    return images


def message(error):
    return error.args[1][0]['message'] if isinstance(error, ICError) else str(error)


def refused(call, error=TypeError):
    try:
        call()
    except error as e:
        return e
    raise AssertionError(f"expected {error.__name__}")


name = 'Ubuntu'
location = 'de/fkb'
found = find_image(client, name, location)
assert found and all(i['properties']['location'] == 'de/fkb' and 'ubuntu' in i['properties']['name'].lower() for i in found)
image = find_image(client, 'Ubuntu', 'us/las')[0]['id']
step(f"seed: search for images ({len(found)} Ubuntu HDD images in de/fkb)")

datacenters = client.list_datacenters()
json.dumps(datacenters, indent=4)
assert 'items' in datacenters
step("seed: list all data centers")

ipblock = IPBlock(location='us/las', size=5)
response = client.reserve_ipblock(ipblock)
json.dumps(response, indent=4)
wait(response)
got = client.get_ipblock(response['id'])['properties']
assert got['location'] == 'us/las' and got['size'] == 5 and len(got['ips']) == 5, got
wait(client.delete_ipblock(response['id']))
step("seed: reserve an IP block (us/las, 5), deleted")

# ---- Component Build, verbatim but for the image id ----
datacenter = Datacenter(
    name='Python SDK Data Center',
    description='Python SDK data center',
    location='us/las')

response = client.create_datacenter(datacenter=datacenter)
wait(response, timeout)
datacenter_id = response['id']
got = client.get_datacenter(datacenter_id)['properties']
assert (got['name'], got['description'], got['location']) == ('Python SDK Data Center', 'Python SDK data center', 'us/las'), got
step("component build: data center")

lan = LAN(name="Public LAN", public=True)

response = client.create_lan(datacenter_id, lan=lan)
wait(response, timeout)
lan_id = response['id']
got = client.get_lan(datacenter_id, lan_id)['properties']
assert got['name'] == 'Public LAN' and got['public'] is True, got
step("component build: public LAN")

server = Server(
    name='Python SDK Server',
    ram=4096,
    cores=4,
    cpu_family='INTEL_XEON')

response = client.create_server(datacenter_id=datacenter_id, server=server)
wait(response, timeout)
server_id = response['id']
got = client.get_server(datacenter_id, server_id)['properties']
assert (got['name'], got['ram'], got['cores'], got['cpuFamily']) == ('Python SDK Server', 4096, 4, 'INTEL_XEON'), got
step("component build: server (4 cores, 4096 MB, INTEL_XEON)")

nic = NIC(
    name='Public NIC',
    dhcp=True,
    lan=lan_id,
    firewall_active=True,
    nat=False)

response = client.create_nic(
    datacenter_id=datacenter_id,
    server_id=server_id,
    nic=nic)
wait(response, timeout)
nic_id = response['id']
got = client.get_nic(datacenter_id, server_id, nic_id)['properties']
# The SDK sends lan as the string it was given ("1") and leaves nat=False out of the body.
assert (got['name'], got['dhcp'], got['lan'], got['firewallActive'], got['nat']) == ('Public NIC', True, 1, True, False), got
assert got['mac'] and got['ips'], got
step("component build: public NIC (lan as a string, nat=False)")

fwrule = FirewallRule(
    name='Allow SSH',
    protocol='TCP',
    source_ip='0.0.0.0',
    port_range_start=22,
    port_range_end=22,
    icmp_type=None)

response = client.create_firewall_rule(
    datacenter_id=datacenter_id,
    server_id=server_id,
    nic_id=nic_id,
    firewall_rule=fwrule)
wait(response, timeout)
got = client.get_firewall_rule(datacenter_id, server_id, nic_id, response['id'])['properties']
# icmp_type=None is left out of the body; a property without a value may be absent from the answer.
assert (got['name'], got['protocol'], got['sourceIp'], got['portRangeStart'], got['portRangeEnd'], got.get('icmpType')) == ('Allow SSH', 'TCP', '0.0.0.0', 22, 22, None), got
step("component build: firewall rule (sourceIp 0.0.0.0, port 22)")

volume1 = Volume(
    name='System Volume',
    size=20,
    image=image,
    bus='VIRTIO',
    type='HDD',
    ssh_keys=['ssh-rsa AAAAB3NzaC1yc2EAAAADAQ...'],
    image_password='s3cr3tpass0rd',
    availability_zone='ZONE_3')

response = client.create_volume(
    datacenter_id=datacenter_id,
    volume=volume1)
wait(response, timeout)
volume1_id = response['id']
got = client.get_volume(datacenter_id, volume1_id)['properties']
assert (got['name'], got['size'], got['image'], got['bus'], got['type'], got['availabilityZone'], got['licenceType']) == ('System Volume', 20, image, 'VIRTIO', 'HDD', 'ZONE_3', 'LINUX'), got
assert got.get('imagePassword') is None, got
step("component build: system volume (image, image_password='s3cr3tpass0rd', ssh key, ZONE_3)")

response = client.attach_volume(
    datacenter_id=datacenter_id,
    server_id=server_id,
    volume_id=volume1_id)
wait(response, timeout)
step("component build: system volume attached")

volume2 = Volume(
    name='Data Volume',
    size=100,
    type='SSD',
    bus='VIRTIO',
    license_type='OTHER')

response = client.create_volume(
    datacenter_id=datacenter_id,
    volume=volume2)
wait(response, timeout)
volume2_id = response['id']
got = client.get_volume(datacenter_id, volume2_id)['properties']
# Volume() takes disk_type and licence_type: the seed's type='SSD' and license_type='OTHER' fall
# into **kwargs, so SDK 5.4.0 sends its defaults type HDD and licenceType UNKNOWN.
assert (got['name'], got['size'], got['bus'], got['type'], got['licenceType']) == ('Data Volume', 100, 'VIRTIO', 'HDD', 'UNKNOWN'), got
step("component build: data volume (the SDK drops type= and license_type=)")

response = client.attach_volume(
    datacenter_id=datacenter_id,
    server_id=server_id,
    volume_id=volume2_id)
wait(response, timeout)
step("component build: data volume attached")

live_datacenter = client.get_datacenter(datacenter_id=datacenter_id, depth=5)
json.dumps(live_datacenter, indent=4)
live = live_datacenter['entities']
[live_server] = live['servers']['items']
[live_nic] = live_server['entities']['nics']['items']
[live_rule] = live_nic['entities']['firewallrules']['items']  # a reference at depth 5
assert live_nic['properties']['nat'] is False and live_nic['properties']['lan'] == 1
assert sorted(v['properties']['name'] for v in live_server['entities']['volumes']['items']) == ['Data Volume', 'System Volume']
assert [v['properties']['image'] for v in live['volumes']['items'] if v['id'] == volume1_id] == [image]
assert [l['properties']['public'] for l in live['lans']['items']] == [True]
wait(client.delete_datacenter(datacenter_id))
step("component build: read at depth 5, deleted")

# ---- Composite Build, verbatim but for the image id ----
fwrule1 = FirewallRule(
    name='Allow SSH',
    protocol='TCP',
    source_ip='0.0.0.0',
    port_range_start=22,
    port_range_end=22,
    icmp_type=None)

nic1 = NIC(
    name='Public NIC',
    dhcp=True,
    lan=1,
    firewall_active=True,
    firewall_rules=[fwrule1],
    nat=False)

nic2 = NIC(
    name='Private NIC',
    dhcp=True,
    lan=2)

volume1 = Volume(
    name='System Volume',
    size=20,
    image=image,
    bus='VIRTIO',
    type='HDD',
    ssh_keys=['ssh-rsa AAAAB3NzaC1yc2EAAAADAQ...'],
    image_password='s3cr3tpass0rd',
    availability_zone='ZONE_3')

volume2 = Volume(
    name='Data Volume',
    size=100,
    type='SSD',
    bus='VIRTIO',
    licence_type='OTHER')

server = Server(
    name='Python SDK Server',
    ram=4096,
    cores=4,
    cpu_family='INTEL_XEON',
    nics=[nic1, nic2],
    create_volumes=[volume1, volume2])

datacenter = Datacenter(
    name='Python SDK Data Center',
    description='Python SDK data center',
    location='us/las',
    servers=[server])

response = client.create_datacenter(datacenter)
wait(response, 3600)
datacenter_id = response['id']
step("composite build: data center with a server, 2 NICs, a rule and 2 volumes in one request")

response = client.update_lan(
    datacenter_id=datacenter_id,
    lan_id=1,
    name='Public LAN',
    public=True)
wait(response, 3600)
step("composite build: first LAN (made by the NIC) set public")

response = client.get_datacenter(datacenter_id=datacenter_id, depth=5)
json.dumps(response, indent=4)
live = response['entities']
lans = {l['id']: l['properties'] for l in live['lans']['items']}
assert lans['1']['name'] == 'Public LAN' and lans['1']['public'] is True and lans['2']['public'] is False, lans
[live_server] = live['servers']['items']
got = live_server['properties']
assert (got['name'], got['ram'], got['cores'], got['cpuFamily']) == ('Python SDK Server', 4096, 4, 'INTEL_XEON'), got
nics = {n['properties']['name']: n for n in live_server['entities']['nics']['items']}
public, private = nics['Public NIC'], nics['Private NIC']
got = public['properties']
assert (got['lan'], got['dhcp'], got['firewallActive'], got['nat']) == (1, True, True, False), got
assert private['properties']['lan'] == 2 and private['properties']['nat'] is False, private['properties']
[rule] = public['entities']['firewallrules']['items']
got = client.get_firewall_rule(datacenter_id, live_server['id'], public['id'], rule['id'])['properties']
assert (got['name'], got['protocol'], got['sourceIp'], got['portRangeStart'], got['portRangeEnd']) == ('Allow SSH', 'TCP', '0.0.0.0', 22, 22), got
volumes = {v['properties']['name']: v['properties'] for v in live_server['entities']['volumes']['items']}
got = volumes['System Volume']
assert (got['size'], got['image'], got['bus'], got['type'], got['availabilityZone'], got['licenceType']) == (20, image, 'VIRTIO', 'HDD', 'ZONE_3', 'LINUX'), got
got = volumes['Data Volume']
assert (got['size'], got['bus'], got['type'], got['licenceType']) == (100, 'VIRTIO', 'HDD', 'OTHER'), got
wait(client.delete_datacenter(datacenter_id))
step("composite build: read at depth 5 (LANs 1 and 2, nat false, rule, volumes), deleted")

# ---- Reference: one example per operation, values as the document gives them ----
datacenter = Datacenter(
    name='Data Center Name',
    description='My new data center',
    location='de/fkb')

response = client.create_datacenter(datacenter=datacenter)
wait(response)
dc = response['id']
assert client.get_datacenter(datacenter_id=dc)['properties']['name'] == 'Data Center Name'
assert dc in [d['id'] for d in client.list_datacenters()['items']]
# The document's update example lacks a comma after name='New Name' (a syntax error).
response = client.update_datacenter(
    datacenter_id=dc,
    name='New Name',
    description='New description')
wait(response)
got = client.get_datacenter(datacenter_id=dc)['properties']
assert (got['name'], got['description'], got['location']) == ('New Name', 'New description', 'de/fkb'), got
step("reference: data center created, listed, updated")

assert 'us/las' in [l['id'] for l in client.list_locations()['items']]
assert client.get_location('us/las')['id'] == 'us/las'
step("reference: locations")

# Server() has no description or location parameter (nor **kwargs): the example raises TypeError.
refused(lambda: Server(name='Server Name', cores=1, ram=2048, description='My new server', location='de/fkb'))
server = Server(
    name='Server Name',
    cores=1,
    ram=2048)
response = client.create_server(
    datacenter_id=dc,
    server=server)
wait(response)
server_id = response['id']
got = client.get_server(datacenter_id=dc, server_id=server_id)['properties']
assert (got['name'], got['cores'], got['ram']) == ('Server Name', 1, 2048), got
assert server_id in [s['id'] for s in client.list_servers(datacenter_id=dc)['items']]
wait(client.update_server(datacenter_id=dc, server_id=server_id, name='New Name'))
assert client.get_server(dc, server_id)['properties']['name'] == 'New Name'
step("reference: server (Server(description=, location=) is a TypeError in SDK 5.4.0)")

assert client.stop_server(datacenter_id=dc, server_id=server_id) is True
assert client.start_server(datacenter_id=dc, server_id=server_id) is True
assert client.reboot_server(datacenter_id=dc, server_id=server_id) is True
step("reference: stop, start, reboot")

images = client.list_images()['items']
cdrom = [i for i in images if i['properties']['location'] == 'de/fkb' and i['properties']['imageType'] == 'CDROM'][0]['id']
assert client.get_image(cdrom)['properties']['imageType'] == 'CDROM'
wait(client.attach_cdrom(datacenter_id=dc, server_id=server_id, cdrom_id=cdrom))
assert [c['id'] for c in client.get_attached_cdroms(datacenter_id=dc, server_id=server_id)['items']] == [cdrom]
assert client.get_attached_cdrom(datacenter_id=dc, server_id=server_id, cdrom_id=cdrom)['id'] == cdrom
wait(client.detach_cdrom(datacenter_id=dc, server_id=server_id, cdrom_id=cdrom))
assert client.get_attached_cdroms(dc, server_id)['items'] == []
step("reference: images, CD-ROM attached, read and detached")

volume = Volume(
    name='name',
    size=20,
    bus='VIRTIO',
    type='HDD',
    licence_type='LINUX',
    availability_zone='ZONE_3')
response = client.create_volume(
    datacenter_id=dc,
    volume=volume)
wait(response)
volume_id = response['id']
got = client.get_volume(datacenter_id=dc, volume_id=volume_id)['properties']
assert (got['name'], got['size'], got['bus'], got['type'], got['licenceType'], got['availabilityZone']) == ('name', 20, 'VIRTIO', 'HDD', 'LINUX', 'ZONE_3'), got
assert volume_id in [v['id'] for v in client.list_volumes(datacenter_id=dc)['items']]
wait(client.attach_volume(datacenter_id=dc, server_id=server_id, volume_id=volume_id))
assert [v['id'] for v in client.get_attached_volumes(datacenter_id=dc, server_id=server_id)['items']] == [volume_id]
assert client.get_attached_volume(datacenter_id=dc, server_id=server_id, volume_id=volume_id)['id'] == volume_id
step("reference: volume created, listed, attached")

# The update example asks for size=6 on a volume the create example made with 20 GB: a volume
# can only grow, so the API refuses it; the rename alone goes through.
error = refused(lambda: client.update_volume(datacenter_id=dc, volume_id=volume_id, size=6, name='New Name'), ICError)
wait(client.update_volume(datacenter_id=dc, volume_id=volume_id, name='New Name'))
got = client.get_volume(dc, volume_id)['properties']
assert (got['name'], got['size']) == ('New Name', 20), got
step(f"reference: volume update size=6 refused ({message(error)}), renamed")

response = client.create_snapshot(
    datacenter_id=dc,
    volume_id=volume_id,
    name='Snapshot Name',
    description='Snapshot description')
wait(response)
snapshot_id = response['id']
got = client.get_snapshot(snapshot_id=snapshot_id)['properties']
assert (got['name'], got['description'], got['location'], got['size']) == ('Snapshot Name', 'Snapshot description', 'de/fkb', 20), got
assert snapshot_id in [s['id'] for s in client.list_snapshots()['items']]
wait(client.update_snapshot(snapshot_id=snapshot_id, name='New Name', description='New description'))
got = client.get_snapshot(snapshot_id)['properties']
assert (got['name'], got['description']) == ('New Name', 'New description'), got
assert client.restore_snapshot(datacenter_id=dc, volume_id=volume_id, snapshot_id=snapshot_id) is True
step("reference: snapshot created, updated, restored")

lan = LAN(
    name='LAN Name',
    public=True)
response = client.create_lan(
    datacenter_id=dc,
    lan=lan)
wait(response)
lan_id = response['id']
assert lan_id == '1', lan_id
got = client.get_lan(datacenter_id=dc, lan_id=1)['properties']
assert (got['name'], got['public']) == ('LAN Name', True), got
assert [l['id'] for l in client.list_lans(datacenter_id=dc)['items']] == ['1']
step("reference: LAN 1")

nic = NIC(
    name='NIC Name',
    dhcp=True,
    lan=1,
    nat=False)
response = client.create_nic(
    datacenter_id=dc,
    server_id=server_id,
    nic=nic)
wait(response)
nic_id = response['id']
got = client.get_nic(datacenter_id=dc, server_id=server_id, nic_id=nic_id)['properties']
assert (got['name'], got['dhcp'], got['lan'], got['nat']) == ('NIC Name', True, 1, False), got
assert [n['id'] for n in client.list_nics(datacenter_id=dc, server_id=server_id)['items']] == [nic_id]
wait(client.update_nic(datacenter_id=dc, server_id=server_id, nic_id=nic_id, name='New Name'))
got = client.get_nic(dc, server_id, nic_id)['properties']
assert (got['name'], got['nat']) == ('New Name', False), got
assert [n['id'] for n in client.get_lan_members(datacenter_id=dc, lan_id=1)['items']] == [nic_id]
step("reference: NIC on LAN 1 (nat=False), updated, a LAN member")

fwrule = FirewallRule(
    name='Allow SSH',
    protocol='TCP',
    source_mac='01:23:45:67:89:00',
    port_range_start=22,
    port_range_end=22)
# The document passes loadbalancer_id= where the SDK's parameter is server_id: a TypeError.
refused(lambda: client.create_firewall_rule(datacenter_id=dc, loadbalancer_id=server_id, nic_id=nic_id, firewall_rule=fwrule))
response = client.create_firewall_rule(
    datacenter_id=dc,
    server_id=server_id,
    nic_id=nic_id,
    firewall_rule=fwrule)
wait(response)
rule_id = response['id']
refused(lambda: client.get_firewall_rule(datacenter_id=dc, loadbalancer_id=server_id, nic_id=nic_id, firewall_rule_id=rule_id))
got = client.get_firewall_rule(datacenter_id=dc, server_id=server_id, nic_id=nic_id, firewall_rule_id=rule_id)['properties']
assert (got['name'], got['protocol'], got['sourceMac'], got.get('sourceIp'), got['portRangeStart'], got['portRangeEnd']) == ('Allow SSH', 'TCP', '01:23:45:67:89:00', None, 22, 22), got
assert [r['id'] for r in client.get_firewall_rules(datacenter_id=dc, server_id=server_id, nic_id=nic_id)['items']] == [rule_id]
wait(client.update_firewall_rule(datacenter_id=dc, server_id=server_id, nic_id=nic_id, firewall_rule_id=rule_id, name="Updated Name"))
got = client.get_firewall_rule(dc, server_id, nic_id, rule_id)['properties']
assert (got['name'], got['sourceMac'], got['portRangeStart']) == ('Updated Name', '01:23:45:67:89:00', 22), got
step("reference: firewall rule (sourceMac 01:23:45:67:89:00; loadbalancer_id= is a TypeError), updated")

loadbalancer = LoadBalancer(
    name='Load Balancer Name',
    dhcp=True)
response = client.create_loadbalancer(
    datacenter_id=dc,
    loadbalancer=loadbalancer)
wait(response)
lb_id = response['id']
got = client.get_loadbalancer(datacenter_id=dc, loadbalancer_id=lb_id)['properties']
assert (got['name'], got['dhcp']) == ('Load Balancer Name', True) and got['ip'], got
assert [b['id'] for b in client.list_loadbalancers(datacenter_id=dc)['items']] == [lb_id]
wait(client.update_loadbalancer(datacenter_id=dc, loadbalancer_id=lb_id, name="New Name"))
assert client.get_loadbalancer(dc, lb_id)['properties']['name'] == 'New Name'
wait(client.add_loadbalanced_nics(datacenter_id=dc, loadbalancer_id=lb_id, nic_id=nic_id))
assert [n['id'] for n in client.get_loadbalancer_members(datacenter_id=dc, loadbalancer_id=lb_id)['items']] == [nic_id]
assert client.get_loadbalanced_nic(datacenter_id=dc, loadbalancer_id=lb_id, nic_id=nic_id)['id'] == nic_id
wait(client.remove_loadbalanced_nic(datacenter_id=dc, loadbalancer_id=lb_id, nic_id=nic_id))
assert client.get_loadbalancer_members(dc, lb_id)['items'] == []
wait(client.delete_loadbalancer(datacenter_id=dc, loadbalancer_id=lb_id))
step("reference: load balancer, NIC associated, read, removed, deleted")

ipblock = IPBlock(
    name='IP Block Name',
    size=4,
    location='de/fkb')
response = client.reserve_ipblock(ipblock)
wait(response)
ipblock_id = response['id']
got = client.get_ipblock(ipblock_id)['properties']
assert (got['name'], got['size'], got['location'], len(got['ips'])) == ('IP Block Name', 4, 'de/fkb', 4), got
assert ipblock_id in [b['id'] for b in client.list_ipblocks()['items']]
step("reference: IP block (de/fkb, 4)")

# IP failover with the document's shape: an address the NIC holds, from the reserved block.
ip = got['ips'][0]
wait(client.update_nic(dc, server_id, nic_id, ips=[ip]))
ip_failover = dict()
ip_failover['ip'] = ip
ip_failover['nicUuid'] = nic_id
response = client.update_lan(
    datacenter_id=dc,
    lan_id=1,
    name='New LAN Name',
    public=True,
    ip_failover=[ip_failover])
wait(response)
got = client.get_lan(dc, 1)['properties']
assert (got['name'], got['public'], got['ipFailover']) == ('New LAN Name', True, [{'ip': ip, 'nicUuid': nic_id}]), got
wait(client.update_lan(dc, 1, ip_failover=[]))
step("reference: LAN updated with an IP failover")

wait(client.delete_firewall_rule(datacenter_id=dc, server_id=server_id, nic_id=nic_id, firewall_rule_id=rule_id))
wait(client.delete_nic(datacenter_id=dc, server_id=server_id, nic_id=nic_id))
wait(client.delete_lan(datacenter_id=dc, lan_id=1))
wait(client.detach_volume(datacenter_id=dc, server_id=server_id, volume_id=volume_id))
wait(client.delete_volume(datacenter_id=dc, volume_id=volume_id))
wait(client.delete_server(datacenter_id=dc, server_id=server_id))
wait(client.delete_snapshot(snapshot_id=snapshot_id))
wait(client.delete_ipblock(ipblock_id))
assert client.get_datacenter(dc, depth=2)['entities']['servers']['items'] == []
step("reference: rule, NIC, LAN, volume, server, snapshot, IP block deleted one by one")

# ---- User management, contracts, requests ----
group = Group(
    name='my-group',
    create_datacenter=True,
    create_snapshot=False,
    reserve_ip=True,
    access_activity_log=False)
response = client.create_group(group)
wait(response)
group_id = response['id']
got = client.get_group(group_id=group_id)['properties']
assert (got['name'], got['createDataCenter'], got['createSnapshot'], got['reserveIp'], got['accessActivityLog']) == ('my-group', True, False, True, False), got
assert group_id in [g['id'] for g in client.list_groups()['items']]
response = client.update_group(
    group_id=group_id,
    name='my-group',
    create_datacenter=False,
    create_snapshot=True,
    reserve_ip=False,
    access_activity_log=True)
wait(response)
got = client.get_group(group_id)['properties']
assert (got['name'], got['createDataCenter'], got['createSnapshot'], got['reserveIp'], got['accessActivityLog']) == ('my-group', False, True, False, True), got
step("reference: group created and its privileges flipped")

wait(client.add_share(group_id=group_id, resource_id=dc, edit_privilege=True, share_privilege=True))
got = client.get_share(group_id=group_id, resource_id=dc)['properties']
assert (got['editPrivilege'], got['sharePrivilege']) == (True, True), got
assert [s['id'] for s in client.list_shares(group_id=group_id)['items']] == [dc]
wait(client.update_share(group_id=group_id, resource_id=dc, edit_privilege=True, share_privilege=True))
wait(client.delete_share(group_id=group_id, resource_id=dc))
assert client.list_shares(group_id)['items'] == []
step("reference: share added, read, updated, deleted")

user = User(
    firstname='John',
    lastname='Doe',
    email='no-reply@example.com',
    password='secretpassword123',
    administrator=True,
    force_sec_auth=False)
response = client.create_user(user)
wait(response)
user_id = response['id']
got = client.get_user(user_id=user_id)['properties']
assert (got['firstname'], got['lastname'], got['email'], got['administrator'], got['forceSecAuth']) == ('John', 'Doe', 'no-reply@example.com', True, False), got
assert user_id in [u['id'] for u in client.list_users()['items']]
response = client.update_user(
    user_id=user_id,
    firstname='John',
    lastname='Doe',
    email='no-reply@example.com',
    administrator=True,
    force_sec_auth=False)
wait(response)
wait(client.add_group_user(group_id=group_id, user_id=user_id))
assert [u['id'] for u in client.list_group_users(group_id=group_id)['items']] == [user_id]
wait(client.remove_group_user(group_id=group_id, user_id=user_id))
assert client.list_group_users(group_id)['items'] == []
step("reference: user created, updated, added to and removed from the group")

s3key = client.create_s3key(user_id)
wait(s3key)
key_id = s3key['id']
assert [k['id'] for k in client.list_s3keys(user_id)['items']] == [key_id]
assert client.get_s3key(user_id, key_id)['properties']['active'] is True
wait(client.update_s3key(user_id, key_id, active=False))
assert client.get_s3key(user_id, key_id)['properties']['active'] is False
s3ssourl = client.get_s3ssourl(user_id)
assert s3ssourl['ssoUrl'], s3ssourl
wait(client.delete_s3key(user_id, key_id))
assert client.list_s3keys(user_id)['items'] == []
step("reference: S3 key created, deactivated, deleted; S3 SSO URL")

assert any(r['id'] == dc for r in client.list_resources()['items'])
client.list_resources(resource_type='snapshot')
# get_resource(resource_id=) alone is a TypeError: resource_type is a required parameter.
refused(lambda: client.get_resource(resource_id=dc))
assert client.get_resource(resource_type='datacenter', resource_id=dc)['id'] == dc
assert client.list_contracts()
step("reference: resources and contracts")

wait(client.delete_user(user_id=user_id))
wait(client.delete_group(group_id=group_id))
step("reference: user and group deleted")

request_items = client.list_requests()["items"]
request_id = request_items[0]["id"]
assert client.get_request(request_id=request_id, status=False)['id'] == request_id
assert client.get_request(request_id=request_id, status=True)['metadata']['status'] == 'DONE'
step("reference: requests listed, one read with and without status")

# ---- Private cross-connects, backup units, Kubernetes ----
# The document writes PCC(...) and Backupunit(...): SDK 5.4.0 names them PrivateCrossConnect and BackupUnit.
pcc = PrivateCrossConnect(
    name="PCC NAME",
    description="PCC DESCRIPTION"
)
my_pcc = client.create_pcc(pcc)
wait(my_pcc)
got = client.get_pcc(my_pcc['id'])['properties']
assert (got['name'], got['description']) == ('PCC NAME', 'PCC DESCRIPTION'), got
assert my_pcc['id'] in [p['id'] for p in client.list_pccs()['items']]
wait(client.update_pcc(my_pcc['id'], name='new name', description='new description'))
got = client.get_pcc(my_pcc['id'])['properties']
assert (got['name'], got['description']) == ('new name', 'new description'), got
wait(client.delete_pcc(my_pcc['id']))
step("reference: private cross-connect created, updated, deleted (class PrivateCrossConnect)")

# A backup unit's name is free text as the API takes it (the document's own 'bkp_name'), though
# the spec calls it alphanumeric; it is fixed once created, so the document's rename to
# 'new name' is refused.
backupunit = BackupUnit(name='bkp_name', password='bkp_pass', email='test@email.com')
my_backupunit = client.create_backupunit(backupunit)
wait(my_backupunit)
backupunit_id = my_backupunit['id']
got = client.get_backupunit(my_backupunit['id'])['properties']
assert (got['name'], got['email']) == ('bkp_name', 'test@email.com'), got
assert backupunit_id in [b['id'] for b in client.list_backupunits()['items']]
error = refused(lambda: client.update_backupunit(backupunit_id, name='new name', password='new password', email='test@email.com'), ICError)
wait(client.update_backupunit(backupunit_id, password='new password', email='test@email.com'))
ssourl = client.get_ssourl(my_backupunit['id'])
assert ssourl['ssoUrl'], ssourl
wait(client.delete_backupunit(my_backupunit['id']))
step(f"reference: backup unit 'bkp_name' created (its rename refused: {message(error)}), updated, SSO URL, deleted")

cluster_name = 'seed-cluster'
my_cluster = client.create_k8s_cluster(cluster_name)
client.wait_for(
    fn_request=lambda: client.list_k8s_clusters(),
    fn_check=lambda r: list(filter(
        lambda e: e['properties']['name'] == cluster_name,
        r['items']
    ))[0]['metadata']['state'] == 'ACTIVE',
    scaleup=10000,
    initial_wait=0.02,
)
assert client.get_k8s_cluster(my_cluster['id'])['properties']['name'] == cluster_name
assert 'apiVersion' in str(client.get_k8s_config(my_cluster['id']))
step("reference: Kubernetes cluster active, kubeconfig")

# The node pool example names INTEL_XEON, which the emulator's us/las offers (de/fkb does not).
response = client.create_datacenter(Datacenter(name='Python SDK Data Center', description='Python SDK data center', location='us/las'))
wait(response)
k8s_dc = response['id']
pool_name = 'NEW_1_INTEL_XEON_123'


def create_nodepool(k8s_version):
    return client.create_k8s_cluster_nodepool(
        my_cluster['id'],
        'NEW_1_INTEL_XEON_123',
        k8s_dc,
        2,
        'INTEL_XEON',
        1,
        2048,
        'AUTO',
        'HDD',
        11,
        k8s_version = k8s_version,
        maintenance_window={
            'dayOfTheWeek':"Monday",
            'time':'17:00:00'},
        auto_scaling={'minNodeCount': 2, 'maxNodeCount': 3},
        lan_ids=[],
        labels={'lu1':'vu1', 'lu2':'vu2'},
        annotations={'au1':'vau1', 'au2':'vau2'}
    )


# The document's k8s_version='1.17.8' is not one the cluster's version allows (the spec's
# /k8s/versions/{clusterVersion}/compatibilities): refused as the API refuses it; the pool is then
# made with the cluster's own version and every other value unchanged.
error = refused(lambda: create_nodepool('1.17.8'), ICError)
cluster_version = client.get_k8s_cluster(my_cluster['id'])['properties']['k8sVersion']
my_nodepool = create_nodepool(cluster_version)
client.wait_for(
    fn_request=lambda: client.list_k8s_cluster_nodepools(my_cluster['id']),
    fn_check=lambda r: list(filter(
        lambda e: e['properties']['name'] == pool_name,
        r['items']
    ))[0]['metadata']['state'] == 'ACTIVE',
    scaleup=10000,
    initial_wait=0.02,
)
got = client.get_k8s_cluster_nodepool(my_cluster['id'], my_nodepool['id'])['properties']
assert (got['name'], got['datacenterId'], got['nodeCount'], got['cpuFamily'], got['coresCount'], got['ramSize'], got['availabilityZone'], got['storageType'], got['storageSize']) == (
    'NEW_1_INTEL_XEON_123', k8s_dc, 2, 'INTEL_XEON', 1, 2048, 'AUTO', 'HDD', 11), got
assert got['k8sVersion'] == cluster_version and got['maintenanceWindow'] == {'dayOfTheWeek': 'Monday', 'time': '17:00:00'}, got
assert got['autoScaling'] == {'minNodeCount': 2, 'maxNodeCount': 3}, got
assert got['labels'] == {'lu1': 'vu1', 'lu2': 'vu2'} and got['annotations'] == {'au1': 'vau1', 'au2': 'vau2'}, got
step(f"reference: node pool NEW_1_INTEL_XEON_123 active with every value ('1.17.8' refused: {message(error)})")

client.update_k8s_cluster_nodepool(
    my_cluster['id'],
    my_nodepool['id'],
    2,
    maintenance_window={
        'dayOfTheWeek': "Monday",
        'time': '17:00:00'},
    auto_scaling={'minNodeCount': 2, 'maxNodeCount': 3}
)
got = client.get_k8s_cluster_nodepool(my_cluster['id'], my_nodepool['id'])['properties']
assert got['nodeCount'] == 2 and got['autoScaling'] == {'minNodeCount': 2, 'maxNodeCount': 3}, got
assert [p['id'] for p in client.list_k8s_cluster_nodepools(my_cluster['id'])['items']] == [my_nodepool['id']]
step("reference: node pool updated")

client.delete_k8s_cluster_nodepool(my_cluster['id'], my_nodepool['id'])
client.wait_for(
    fn_request=lambda: client.list_k8s_cluster_nodepools(my_cluster['id']),
    fn_check=lambda r: r['items'] == [],
    initial_wait=0.02,
)
client.delete_k8s_cluster(my_cluster['id'])
client.wait_for(
    fn_request=lambda: client.list_k8s_clusters(),
    fn_check=lambda r: my_cluster['id'] not in [c['id'] for c in r['items']],
    initial_wait=0.02,
)
wait(client.delete_datacenter(k8s_dc))
wait(client.delete_datacenter(dc))
step("reference: node pool, cluster and data centers deleted")

for listing in (client.list_datacenters, client.list_ipblocks, client.list_snapshots, client.list_groups,
                client.list_pccs, client.list_backupunits, client.list_k8s_clusters):
    assert listing()['items'] == [], (listing.__name__, listing()['items'])
assert 'no-reply@example.com' not in [u['properties']['email'] for u in client.list_users(depth=2)['items']]
step("nothing left behind")

print(f"ionosenterprise: {passed} passed", flush=True)
