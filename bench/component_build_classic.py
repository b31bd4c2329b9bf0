"""The seed reference's Component Build with the classic ionosenterprise SDK (v5 paths), its
own wait_for_completion with its defaults (first poll at once, then every 5 s, doubling)."""

import sys

from ionosenterprise.client import IonosEnterpriseService, Datacenter, LAN, NIC, FirewallRule, Server, Volume

client = IonosEnterpriseService(username="bench@example.com", password="bench", host_base=sys.argv[1])
timeout = 1800

image = [i for i in client.list_images()['items']
         if i['properties']['location'] == 'us/las' and i['properties']['imageType'] == 'HDD'
         and 'ubuntu' in i['properties']['name'].lower()][0]['id']

response = client.create_datacenter(datacenter=Datacenter(
    name='Python SDK Datacenter', description='Component Build', location='us/las'))
client.wait_for_completion(response, timeout)
datacenter_id = response['id']
response = client.create_lan(datacenter_id, lan=LAN(name="Public LAN", public=True))
client.wait_for_completion(response, timeout)
lan_id = response['id']
response = client.create_server(datacenter_id=datacenter_id, server=Server(
    name='Python SDK Server', ram=4096, cores=4, cpu_family='INTEL_XEON'))
client.wait_for_completion(response, timeout)
server_id = response['id']
response = client.create_nic(datacenter_id=datacenter_id, server_id=server_id, nic=NIC(
    name='Public NIC', dhcp=True, lan=lan_id, firewall_active=True, nat=False))
client.wait_for_completion(response, timeout)
nic_id = response['id']
response = client.create_firewall_rule(datacenter_id=datacenter_id, server_id=server_id, nic_id=nic_id,
    firewall_rule=FirewallRule(name='Allow SSH', protocol='TCP', source_ip='0.0.0.0',
                               port_range_start=22, port_range_end=22, icmp_type=None))
client.wait_for_completion(response, timeout)
response = client.create_volume(datacenter_id=datacenter_id, volume=Volume(
    name='System Volume', size=20, image=image, bus='VIRTIO', type='HDD',
    ssh_keys=['ssh-rsa AAAAB3NzaC1yc2EAAAADAQ...'], image_password='s3cr3tpass0rd', availability_zone='ZONE_3'))
client.wait_for_completion(response, timeout)
volume1_id = response['id']
response = client.attach_volume(datacenter_id=datacenter_id, server_id=server_id, volume_id=volume1_id)
client.wait_for_completion(response, timeout)
response = client.create_volume(datacenter_id=datacenter_id, volume=Volume(
    name='Data Volume', size=100, type='SSD', bus='VIRTIO', license_type='OTHER'))
client.wait_for_completion(response, timeout)
volume2_id = response['id']
response = client.attach_volume(datacenter_id=datacenter_id, server_id=server_id, volume_id=volume2_id)
client.wait_for_completion(response, timeout)
client.get_datacenter(datacenter_id=datacenter_id, depth=5)
