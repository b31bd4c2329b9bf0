"""The seed reference's Composite Build with the classic ionosenterprise SDK (v5 paths): one
request, its own wait_for_completion with its defaults, then LAN 1 made public."""

import sys

from ionosenterprise.client import IonosEnterpriseService, Datacenter, LAN, NIC, FirewallRule, Server, Volume

client = IonosEnterpriseService(username="bench@example.com", password="bench", host_base=sys.argv[1])
timeout = 1800

image = [i for i in client.list_images()['items']
         if i['properties']['location'] == 'us/las' and i['properties']['imageType'] == 'HDD'
         and 'ubuntu' in i['properties']['name'].lower()][0]['id']
fwrule1 = FirewallRule(name='Allow SSH', protocol='TCP', source_ip='0.0.0.0', port_range_start=22,
                       port_range_end=22, icmp_type=None)
nic1 = NIC(name='Public NIC', dhcp=True, lan=1, firewall_active=True, firewall_rules=[fwrule1], nat=False)
nic2 = NIC(name='Private NIC', dhcp=True, lan=2)
volume1 = Volume(name='System Volume', size=20, image=image, bus='VIRTIO', type='HDD',
                 ssh_keys=['ssh-rsa AAAAB3NzaC1yc2EAAAADAQ...'], image_password='s3cr3tpass0rd',
                 availability_zone='ZONE_3')
volume2 = Volume(name='Data Volume', size=100, type='SSD', bus='VIRTIO', license_type='OTHER')
server1 = Server(name='My New Server', ram=4096, cores=4, nics=[nic1, nic2],
                 create_volumes=[volume1, volume2], cpu_family='INTEL_XEON')
datacenter = Datacenter(name='My New Datacenter', description='Composite Build', location='us/las',
                        servers=[server1])
response = client.create_datacenter(datacenter=datacenter)
client.wait_for_completion(response, timeout)
datacenter_id = response['id']
response = client.update_lan(datacenter_id=datacenter_id, lan_id=1, name='Public LAN', public=True)
client.wait_for_completion(response, timeout)
client.get_datacenter(datacenter_id=datacenter_id, depth=5)
