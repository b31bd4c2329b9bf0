"""One data center created and awaited with the classic SDK's own wait_for_completion."""

import sys

from ionosenterprise.client import IonosEnterpriseService, Datacenter

client = IonosEnterpriseService(username="bench@example.com", password="bench", host_base=sys.argv[1])
response = client.create_datacenter(datacenter=Datacenter(name='bench one wait', location='de/fra'))
client.wait_for_completion(response, 3600)
