"""One data center created and awaited with ionoscloud's own wait_for_completion."""

import ionoscloud as ic

from sdk_common import client, created

created(ic.DataCentersApi(client).datacenters_post_with_http_info(datacenter=ic.Datacenter(
    properties=ic.DatacenterProperties(name="bench one wait", location="de/fra"))))
