"""The official ionoscloud-dbaas-postgres SDK (3.0.1, the v2 API) against the ionosh
emulator, unchanged: a cluster in a data center's private LAN (made with the ionoscloud SDK on
the CloudAPI, as a user does), read, waited for on its own state, replaced, listed with its
backup, and deleted; versions and backup locations; the API's main error (a LAN that does not
exist). Prints one line per step; exits non-zero at the first step that fails."""

import sys
import time

import ionoscloud as ic
import ionoscloud_dbaas_postgres as pg

URL = sys.argv[1]
CLOUD = sys.argv[2]
client = pg.ApiClient(pg.Configuration(host=URL, token="sdk-token"))
cloud = ic.ApiClient(ic.Configuration(host=CLOUD, username="sdk@example.com", password="secret"))
passed = 0


def step(name):
    global passed
    passed += 1
    print(f"ok {passed}: {name}", flush=True)


def until(read, done, timeout=60):
    deadline = time.time() + timeout
    while True:
        got = read()
        if done(got):
            return got
        assert time.time() < deadline, "timed out"
        time.sleep(0.02)


def cloud_created(result):
    body, status, headers = result
    request_id = headers["Location"].split("/requests/")[1].split("/")[0]
    cloud.wait_for_completion(request_id, timeout=60, initial_wait=0.02, scaleup=2)
    return body


dc = cloud_created(ic.DataCentersApi(cloud).datacenters_post_with_http_info(
    datacenter=ic.Datacenter(properties=ic.DatacenterProperties(name="db", location="de/txl"))))
lan = cloud_created(ic.LANsApi(cloud).datacenters_lans_post_with_http_info(
    dc.id, lan=ic.Lan(properties=ic.LanProperties(name="private", public=False))))
step("data center and private LAN (ionoscloud)")

versions = pg.VersionsApi(client).versions_get()
assert "16" in [v.properties.version for v in versions.items], versions
locations = pg.BackupLocationsApi(client).backuplocations_get()
assert locations.items, locations
step("versions and backup locations")


def properties(lan_id):
    return pg.ClusterCreateProperties(
        name="app-db", version="16",
        instances=pg.InstanceConfiguration(count=1, cores=2, ram=4, storage_size=20),
        connection=pg.PostgresClusterConnection(datacenter_id=dc.id, lan_id=lan_id, primary_instance_address="10.7.222.100/24"),
        credentials=pg.PostgresUser(username="dbadmin", password="Secret-pass-123!", database="app"),
        backup=pg.ClusterBackup(location=locations.items[0].properties.location),
    )


clusters = pg.ClustersApi(client)
try:
    clusters.clusters_post(pg.ClusterCreate(properties=properties("99")))
    raise AssertionError("a LAN that does not exist was taken")
except pg.ApiException as e:
    assert e.status == 422 and "no LAN '99'" in e.body, (e.status, e.body)
step("a cluster in a LAN that does not exist is refused")

made = clusters.clusters_post(pg.ClusterCreate(properties=properties(lan.id)))
assert made.metadata.state == "PROVISIONING", made.metadata
got = until(lambda: clusters.clusters_find_by_id(made.id), lambda c: c.metadata.state == "AVAILABLE")
assert got.metadata.dns_name and got.properties.credentials.password is None, got
step("cluster created and awaited; the password is not shown")

listed = clusters.clusters_get(filter_name="app")
assert [c.id for c in listed.items] == [made.id], listed
backups = pg.BackupsApi(client).backups_get(filter_cluster_id=made.id)
assert backups.items and backups.items[0].properties.cluster_id == made.id, backups
step("cluster listed by name, with its backup")

ensured = pg.ClusterEnsure(id=made.id, properties=pg.Cluster(
    name="app-db", description="resized", version="16",
    instances=pg.InstanceConfiguration(count=1, cores=4, ram=8, storage_size=20),
    connection=pg.PostgresClusterConnection(datacenter_id=dc.id, lan_id=lan.id, primary_instance_address="10.7.222.100/24"),
    credentials=pg.PostgresUser(username="dbadmin", password="Secret-pass-123!", database="app")))
clusters.clusters_put(made.id, ensured)
got = until(lambda: clusters.clusters_find_by_id(made.id), lambda c: c.metadata.state == "AVAILABLE")
assert got.properties.instances.cores == 4 and got.properties.description == "resized", got.properties
assert got.properties.credentials.password is None, "a replaced password is not shown either"
step("cluster replaced")

clusters.clusters_delete(made.id)
def gone():
    try:
        clusters.clusters_find_by_id(made.id)
        return False
    except pg.ApiException as e:
        assert e.status == 404
        return True
until(gone, lambda g: g)
step("cluster deleted")
print(f"ionoscloud-dbaas-postgres: {passed} steps passed")
