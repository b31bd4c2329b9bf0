"""scripts/composite_build.rhai with the official ionoscloud SDK: the server nested in the
data center in one request, awaited, then LAN 1 made public, then the data center at depth 5."""

import ionoscloud as ic

from sdk_common import client, created

ssh_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIonoshExampleKeyOnly ionosh@example"
rule = ic.FirewallRule(properties=ic.FirewallruleProperties(name="Allow SSH", protocol="TCP", source_ip="0.0.0.0", port_range_start=22, port_range_end=22))
nic1 = ic.Nic(properties=ic.NicProperties(name="Public NIC", dhcp=True, lan=1, firewall_active=True), entities=ic.NicEntities(firewallrules=ic.FirewallRules(items=[rule])))
nic2 = ic.Nic(properties=ic.NicProperties(name="Private NIC", dhcp=True, lan=2))
volume1 = ic.Volume(properties=ic.VolumeProperties(name="System Volume", size=20, image_alias="ubuntu:latest", bus="VIRTIO", type="HDD", ssh_keys=[ssh_key], availability_zone="ZONE_3"))
volume2 = ic.Volume(properties=ic.VolumeProperties(name="Data Volume", size=100, type="SSD", bus="VIRTIO", licence_type="OTHER"))
server = ic.Server(properties=ic.ServerProperties(name="sdk server", ram=4096, cores=4, cpu_family="INTEL_XEON"),
                   entities=ic.ServerEntities(nics=ic.Nics(items=[nic1, nic2]), volumes=ic.AttachedVolumes(items=[volume1, volume2])))
datacenter = ic.Datacenter(properties=ic.DatacenterProperties(name="sdk composite build", description="built in one request", location="us/las"),
                           entities=ic.DataCenterEntities(servers=ic.Servers(items=[server])))
dc = created(ic.DataCentersApi(client).datacenters_post_with_http_info(datacenter=datacenter))
created(ic.LANsApi(client).datacenters_lans_patch_with_http_info(dc.id, "1", lan=ic.LanProperties(name="Public LAN", public=True)))
ic.DataCentersApi(client).datacenters_find_by_id(dc.id, depth=5)
