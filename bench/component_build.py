"""scripts/component_build.rhai with the official ionoscloud SDK: each component created and
awaited in turn, then the data center read at depth 5."""

import ionoscloud as ic

from sdk_common import client, created

location, image_name = "us/las", "ubuntu"
ssh_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIonoshExampleKeyOnly ionosh@example"

dc = created(ic.DataCentersApi(client).datacenters_post_with_http_info(datacenter=ic.Datacenter(
    properties=ic.DatacenterProperties(name="sdk component build", description="built component by component", location=location))))
lan = created(ic.LANsApi(client).datacenters_lans_post_with_http_info(dc.id, lan=ic.Lan(
    properties=ic.LanProperties(name="Public LAN", public=True))))
servers = ic.ServersApi(client)
server = created(servers.datacenters_servers_post_with_http_info(dc.id, server=ic.Server(
    properties=ic.ServerProperties(name="sdk server", ram=4096, cores=4, cpu_family="INTEL_XEON"))))
nic = created(ic.NetworkInterfacesApi(client).datacenters_servers_nics_post_with_http_info(dc.id, server.id, nic=ic.Nic(
    properties=ic.NicProperties(name="Public NIC", dhcp=True, lan=int(lan.id), firewall_active=True))))
created(ic.FirewallRulesApi(client).datacenters_servers_nics_firewallrules_post_with_http_info(dc.id, server.id, nic.id, firewallrule=ic.FirewallRule(
    properties=ic.FirewallruleProperties(name="Allow SSH", protocol="TCP", source_ip="0.0.0.0", port_range_start=22, port_range_end=22))))
images = [i for i in ic.ImagesApi(client).images_get(depth=1).items
          if i.properties.location == location and i.properties.image_type == "HDD" and image_name in i.properties.name.lower()]
image = sorted(images, key=lambda i: i.properties.name, reverse=True)[0]
volumes = ic.VolumesApi(client)
system = created(volumes.datacenters_volumes_post_with_http_info(dc.id, volume=ic.Volume(properties=ic.VolumeProperties(
    name="System Volume", size=20, image=image.id, bus="VIRTIO", type="HDD", ssh_keys=[ssh_key], availability_zone="ZONE_3"))))
created(servers.datacenters_servers_volumes_post_with_http_info(dc.id, server.id, volume=ic.Volume(id=system.id)))
data = created(volumes.datacenters_volumes_post_with_http_info(dc.id, volume=ic.Volume(properties=ic.VolumeProperties(
    name="Data Volume", size=100, type="SSD", bus="VIRTIO", licence_type="OTHER"))))
created(servers.datacenters_servers_volumes_post_with_http_info(dc.id, server.id, volume=ic.Volume(id=data.id)))
ic.DataCentersApi(client).datacenters_find_by_id(dc.id, depth=5)
