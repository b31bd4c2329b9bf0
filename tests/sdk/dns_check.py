"""The official ionoscloud-dns SDK (2.0.0) against the ionosh emulator's DNS API, unchanged:
a zone and its records made, read, updated, waited for (the object's own state) and deleted,
a zone file exported and imported, and the API's main errors (a record unlike its type, a
CNAME beside another record, an unknown zone). Prints one line per step; exits non-zero at the
first step that fails."""

import sys
import time

import ionoscloud_dns as dns

URL = sys.argv[1]
client = dns.ApiClient(dns.Configuration(host=URL, token="sdk-token"))
passed = 0


def step(name):
    global passed
    passed += 1
    print(f"ok {passed}: {name}", flush=True)


def available(read, timeout=60):
    """Reads until the object is AVAILABLE, as a user of the SDK polls."""
    deadline = time.time() + timeout
    while True:
        got = read()
        if got.metadata.state == "AVAILABLE":
            return got
        assert got.metadata.state in ("PROVISIONING",), got.metadata.state
        assert time.time() < deadline, "timed out"
        time.sleep(0.02)


def refused(call, status):
    try:
        call()
    except dns.ApiException as e:
        assert e.status == status, (e.status, e.body)
        return e
    raise AssertionError(f"expected {status}")


zones = dns.ZonesApi(client)
zone = zones.zones_post(dns.ZoneCreate(properties=dns.Zone(zone_name="sdk.example", description="from the SDK")))
assert zone.metadata.state == "PROVISIONING", zone.metadata
zone = available(lambda: zones.zones_find_by_id(zone.id))
assert len(zone.metadata.nameservers) == 4
step("zone created and awaited")

listed = zones.zones_get(filter_zone_name="sdk")
assert [z.id for z in listed.items] == [zone.id], listed
step("zones listed by name")

records = dns.RecordsApi(client)
www = records.zones_records_post(zone.id, dns.RecordCreate(properties=dns.Record(name="www", type="A", content="203.0.113.10", ttl=300)))
www = available(lambda: records.zones_records_find_by_id(zone.id, www.id))
assert www.metadata.fqdn == "www.sdk.example" and www.metadata.zone_id == zone.id, www.metadata
step("A record with its fqdn")

mx = records.zones_records_post(zone.id, dns.RecordCreate(properties=dns.Record(name="", type="MX", content="mx.sdk.example", priority=10)))
available(lambda: records.zones_records_find_by_id(zone.id, mx.id))
step("MX record at the apex")

changed = records.zones_records_put(zone.id, www.id, dns.RecordEnsure(properties=dns.Record(name="www", type="A", content="203.0.113.11", ttl=600)))
changed = available(lambda: records.zones_records_find_by_id(zone.id, www.id))
assert changed.properties.content == "203.0.113.11" and changed.properties.ttl == 600, changed.properties
step("record replaced")

e = refused(lambda: records.zones_records_post(zone.id, dns.RecordCreate(properties=dns.Record(name="bad", type="A", content="not-an-ip"))), 422)
assert "IPv4" in e.body, e.body
refused(lambda: records.zones_records_post(zone.id, dns.RecordCreate(properties=dns.Record(name="www", type="CNAME", content="x.example.org"))), 409)
refused(lambda: zones.zones_find_by_id("00000000-0000-0000-0000-000000000000"), 404)
step("errors: a record unlike its type, a CNAME beside another, an unknown zone")

files = dns.ZoneFilesApi(client)
# The SDK types no answer for the file: it is read raw, as its users do.
text = files.zones_zonefile_get_with_http_info(zone.id).raw_data.decode()
assert "www\t600\tIN\tA\t203.0.113.11" in text and "MX\t10 mx.sdk.example" in text, text
step("zone file exported")

files.zones_zonefile_put(zone.id, text + "api 300 IN AAAA 2001:db8::1\n")
names = sorted(r.properties.name for r in records.zones_records_get(zone.id).items)
assert names == ["", "api", "www"], names
assert records.zones_records_find_by_id(zone.id, www.id).properties.content == "203.0.113.11"
step("zone file imported (kept records keep their ids)")

all_records = records.records_get(filter_zone_id=zone.id)
assert len(all_records.items) == 3, all_records
quota = dns.QuotaApi(client).quota_get()
assert quota.quota_usage.records >= 3 and quota.quota_limits.zones >= 1, quota
step("records across zones and the quota")

zones.zones_delete(zone.id)
deadline = time.time() + 60
while True:
    try:
        zones.zones_find_by_id(zone.id)
    except dns.ApiException as e:
        assert e.status == 404
        break
    assert time.time() < deadline
    time.sleep(0.02)
refused(lambda: records.zones_records_find_by_id(zone.id, www.id), 404)
step("zone deleted with its records")
print(f"ionoscloud-dns: {passed} steps passed")
