"""The official netfoundry Python module (5.11.3, unchanged) against the ionosh emulator's
NetFoundry API, which the emulator serves at the root of its listener (argv[1] is
http://127.0.0.1:PORT). The module has no base-URL option, so a transport shim rewrites the
production gateway and a Cognito-style token URL onto the emulator and refuses every other host;
everything else is the module's own code: its OAuth2 login and token cache, HAL paging,
execution following, wait_for_status, patch_resource and delete_resource. Covers a network,
endpoints, customer- and NetFoundry-hosted edge routers, an edge-router policy, a posture check,
services of three models, a service policy, a service edge-router policy, an app-WAN, a
registration key rotation, enrollment, a PATCH, an injected failure and the deletes. Prints one
line per step; at the first step that fails, prints the step, the exception and the last
requests, and exits non-zero. Leaves nothing behind: the network is deleted and the temporary
directory removed."""

import contextlib
import collections
import json
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
import traceback
from importlib import metadata, util
from urllib.parse import parse_qs, urlparse

BASE = sys.argv[1].rstrip("/") + "/"
# The module derives its API base ("audience") from the token URL: https://netfoundry-<env>-…
# gives <env>, and the audience is then https://gateway.<env>.netfoundry.io/.
GATEWAY = "https://gateway.production.netfoundry.io/"
AUTH = "https://netfoundry-production-emu.auth.us-east-1.amazoncognito.com/"
NET = "sdk-check"
WAIT = 30      # seconds any one wait may take; the emulator runs with --delay-ms 20
SLEEP = 0.25   # the module's polling interval (its defaults are 2 to 20 s)
FAILURE = "sdk check: injected failure"

# Before anything imports netfoundry.utility: it opens its requests-cache sqlite file under
# the user cache directory at import time, and the module looks for credentials and writes
# its token cache under the user config and cache directories.
tmp = tempfile.mkdtemp(prefix="netfoundry-check-")
os.environ["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
os.environ["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
for name in list(os.environ):
    if name.startswith("NETFOUNDRY_") or name.lower() in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        del os.environ[name]
os.environ["NO_PROXY"] = "127.0.0.1,localhost"

import jwt  # noqa: E402  (PyJWT, a dependency of the module)
import requests  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402

passed = 0
wire = collections.deque(maxlen=400)  # (method, url, status, request body, response text)
module_log = os.path.join(tmp, "module.log")


def fail(name, error):
    print(f"FAILED {passed + 1}: {name}: {type(error).__name__}: {error}", flush=True)
    traceback.print_exc()
    if wire:
        lines = []  # [line, repeats], polls of one URL folded into one line
        for method, url, status, _, text in wire:
            line = f"{method} {url} -> {status}" + (f" {text[:300]}" if status >= 400 else "")
            if lines and lines[-1][0] == line:
                lines[-1][1] += 1
            else:
                lines.append([line, 1])
        print("last requests:", file=sys.stderr)
        for line, repeats in lines[-20:]:
            print(f"  {line}" + (f" (x{repeats})" if repeats > 1 else ""), file=sys.stderr)
    if os.path.exists(module_log):
        with open(module_log, encoding="utf-8", errors="replace") as log:
            lines = log.readlines()[-15:]
        print("last lines of the module's debug log:", file=sys.stderr)
        sys.stderr.writelines("  " + line[:400] + ("\n" if not line.endswith("\n") else "") for line in lines)
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1)


@contextlib.contextmanager
def step(name):
    """One printed line: 'ok N: name', with any notes the body appends in parentheses."""
    global passed
    notes = []
    try:
        yield notes
    except BaseException as error:  # the module calls exit(1) on some errors
        fail(name, error)
    passed += 1
    print(f"ok {passed}: {name}" + (f" ({'; '.join(notes)})" if notes else ""), flush=True)


def on_timeout(signum, frame):
    raise TimeoutError("the whole check took longer than 300 s")


signal.signal(signal.SIGALRM, on_timeout)
signal.alarm(300)


def record(response, *args, **kwargs):
    """A session hook: remembers what the module sent and what the emulator answered."""
    request = response.request
    body = request.body.decode() if isinstance(request.body, bytes) else request.body
    wire.append((request.method, request.url, response.status_code, body, response.text))


def answered(method, path):
    """The HTTP status of the latest `method` request to BASE + `path` (no query)."""
    for m, url, status, _, _ in reversed(wire):
        if m == method and urlparse(url).path == "/" + path:
            return status
    raise AssertionError(f"the module sent no {method} /{path}")


def sent(method, path):
    """The JSON body of the latest `method` request to BASE + `path`."""
    for m, url, _, body, _ in reversed(wire):
        if m == method and urlparse(url).path == "/" + path:
            return json.loads(body)
    raise AssertionError(f"the module sent no {method} /{path}")


def latest(method, path):
    """The status and response text of the latest `method` request whose path starts with BASE + `path`."""
    for m, url, status, _, text in reversed(wire):
        if m == method and urlparse(url).path.startswith("/" + path):
            return status, text
    raise AssertionError(f"the module sent no {method} /{path}")


def count(method, path):
    return sum(1 for m, url, *_ in wire if m == method and urlparse(url).path == "/" + path)


def raises(kind, call):
    """The exception `call` raises; it must be a `kind`."""
    try:
        result = call()
    except kind as error:
        return error
    raise AssertionError(f"expected {kind.__name__}, the call returned {result!r}")


def sim(path, body=None):
    """A control of the emulator (no credentials): POST /_sim/netfoundry/<path>."""
    response = requests.post(f"{BASE}_sim/netfoundry/{path}", json=body, timeout=10)
    assert response.status_code == 200, (path, response.status_code, response.text)
    return response


def accepted(resource, kind, network_id=None):
    """A create answer as create_generic_resource returns it: 202, NEW, absolute links."""
    assert answered("POST", f"core/v2/{kind}") == 202, answered("POST", f"core/v2/{kind}")
    assert resource["status"] == "NEW", resource["status"]
    links = resource["_links"]
    assert links["self"]["href"] == f"{BASE}core/v2/{kind}/{resource['id']}", links["self"]
    assert links["execution"]["href"].startswith(f"{BASE}core/v2/executions/"), links["execution"]
    if network_id:
        assert resource["networkId"] == network_id, resource["networkId"]
    return resource


class Refuse(HTTPAdapter):
    """Mounted on http:// and https:// so nothing the module sends can leave the emulator."""

    def send(self, request, **kwargs):
        raise requests.exceptions.ConnectionError(f"the shim refuses to leave the emulator: {request.method} {request.url}")


with step("netfoundry 5.11.3 imported behind the shim: gateway and token URL rewritten to the emulator, requests-cache off") as notes:
    assert metadata.version("netfoundry") == "5.11.3", metadata.version("netfoundry")
    import netfoundry.utility as u

    class Rewrite(u.TimeoutHTTPAdapter):  # keeps the module's timeout and Retry policy
        def __init__(self, prefix, **kwargs):
            self.prefix = prefix
            super().__init__(**kwargs)

        def send(self, request, **kwargs):
            request.url = BASE + request.url[len(self.prefix):]
            return super().send(request, **kwargs)

    for session in (u.http, u.http_cache):
        session.mount("https://", Refuse())
        session.mount("http://", Refuse())
        # The emulator's own links (self, execution) are absolute http://127.0.0.1:PORT/… URLs.
        session.mount(BASE, u.TimeoutHTTPAdapter(timeout=u.DEFAULT_TIMEOUT, max_retries=u.RETRY_STRATEGY))
        for prefix in (GATEWAY, AUTH):
            session.mount(prefix, Rewrite(prefix, timeout=u.DEFAULT_TIMEOUT, max_retries=u.RETRY_STRATEGY))
    # utility.py reads the global http_cache at call time: without this, lists read again within
    # 33 s would come from the sqlite cache.
    u.http_cache = u.http
    u.http.hooks["response"].append(record)
    for url, adapter in ((GATEWAY + "core/v2/networks", Rewrite), (AUTH + "oauth2/token", Rewrite),
                         (BASE + "core/v2/executions/x", u.TimeoutHTTPAdapter), ("https://example.com/", Refuse)):
        assert type(u.http.get_adapter(url)) is adapter, (url, u.http.get_adapter(url))

    from netfoundry.network import Network
    from netfoundry.network_group import NetworkGroup
    from netfoundry.organization import Organization
    from netfoundry.utility import plural

    credentials = os.path.join(tmp, "credentials.json")
    with open(credentials, "w") as file:
        json.dump({"clientId": "sdk-check", "password": "sdk-check-secret", "authenticationUrl": AUTH + "oauth2/token"}, file)
    notes.append(f"emulator at {BASE}")

with step("login: client credentials at the Cognito-style token URL, production audience derived, token cached 0600"):
    org = Organization(credentials=credentials, log_file=module_log, debug=True)
    assert answered("POST", "oauth2/token") == 200, answered("POST", "oauth2/token")
    form = parse_qs(next(body for m, url, _, body, _ in reversed(wire) if m == "POST" and urlparse(url).path == "/oauth2/token"))
    assert form == {"grant_type": ["client_credentials"], "scope": ["https://gateway.production.netfoundry.io//ignore-scope"]}, form
    assert (org.environment, org.audience) == ("production", GATEWAY), (org.environment, org.audience)
    claims = jwt.decode(org.token, options={"verify_signature": False})
    assert claims["iss"].startswith("https://cognito-"), claims
    assert claims["scope"].startswith("https://gateway.production.netfoundry.io/"), claims
    assert claims["exp"] > time.time() + 600, claims
    cache = os.path.join(tmp, "cache", "netfoundry", "default.json")
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o600, oct(os.stat(cache).st_mode)
    with open(cache) as file:
        cached = json.load(file)
    assert (cached["token"], cached["audience"]) == (org.token, GATEWAY), cached
    assert abs(cached["expiry"] - (time.time() + 3600)) < 120, cached

with step("the token reused (token=): environment from its Cognito iss and scope claims, no new login"):
    logins = count("POST", "oauth2/token")
    again = Organization(token=org.token, credentials=credentials, profile="reuse")
    assert (again.environment, again.audience, again.id) == ("production", GATEWAY, org.id), (again.environment, again.audience)
    assert count("POST", "oauth2/token") == logins, "the module logged in again"

with step("refusal: a renewal with an empty secret gets 401 invalid_client, and the module raises"):
    refused = os.path.join(tmp, "refused.json")
    with open(refused, "w") as file:
        json.dump({"clientId": "sdk-check", "password": "", "authenticationUrl": AUTH + "oauth2/token"}, file)
    error = raises(RuntimeError, lambda: Organization(credentials=refused, profile="refused"))
    assert "(401)" in str(error), error
    assert json.loads(latest("POST", "oauth2/token")[1])["error"] == "invalid_client", latest("POST", "oauth2/token")

with step("caller, organization, identities and roles (identity/v1 plain arrays, auth/v1 Spring page)") as notes:
    caller = org.caller
    assert caller["type"] == "ApiAccountIdentity", caller
    assert org.id == caller["organizationId"] and org.label and org.name, org.describe
    organizations = org.get_organizations()
    assert [o["id"] for o in organizations] == [org.id], organizations
    assert org.get_identity(caller["id"])["id"] == caller["id"]
    identities = org.find_identities()
    assert caller["id"] in [i["id"] for i in identities], identities
    roles = org.find_roles()
    for role in roles[:1]:
        assert org.get_role(role["id"])["id"] == role["id"], role
    notes.append(f"organization {org.label!r}, {len(roles)} roles")

with step("network group, regions filtered by providers=OCI&providers=AWS, active network versions") as notes:
    ng = NetworkGroup(org)
    assert len(org.network_groups) == 1 and ng.id == org.network_groups[0]["id"], org.network_groups
    assert ng.describe["id"] == ng.id, ng.describe
    assert NetworkGroup(org, group=ng.describe["shortName"]).id == ng.id, ng.describe
    regions = ng.map_region_name_by_provider_and_location_code()
    for code, provider in (("eu-amsterdam-1", "OCI"), ("us-ashburn-1", "OCI"), ("us-east-1", "AWS"),
                           ("us-west-1", "AWS"), ("us-west-2", "AWS"), ("eu-central-1", "AWS")):
        assert regions.get(code) == provider, (code, regions)
    assert set(regions.values()) <= {"OCI", "AWS"}, regions
    versions = ng.find_network_versions()
    assert {"7.3.90", "8.1.0"} <= {v["networkVersion"] for v in versions}, versions
    assert all(v.get("active", True) is True for v in versions), versions
    if util.find_spec("distutils") is None:  # find_latest_network_version imports it (gone in Python 3.12)
        notes.append("find_latest_network_version skipped: this Python has no distutils")
    else:
        assert ng.find_latest_network_version() == "8.1.0", versions
    notes.append(f"{len(regions)} OCI and AWS regions, versions {', '.join(sorted(v['networkVersion'] for v in versions))}")

with step("create_network follows its execution (OCI eu-amsterdam-1, medium, default version)"):
    created = accepted(ng.create_network(name=NET, wait=WAIT, sleep=SLEEP), "networks")
    assert sent("POST", "core/v2/networks") == {"name": NET, "provider": "OCI", "region": "eu-amsterdam-1",
                                                  "size": "medium", "networkGroupId": ng.id}

with step("Network(network_name=) (its findBy* filters leak into every later list), wait_for_status PROVISIONED"):
    network = Network(ng, network_name=NET)
    assert network.id == created["id"], network.describe
    network.wait_for_status(expect="PROVISIONED", wait=WAIT, sleep=SLEEP)
    described = org.get_network(network.id)
    assert described["status"] == "PROVISIONED", described["status"]
    assert (described["productVersion"], described["size"]) == ("8.1.0", "medium"), described
    assert described["networkGroupId"] == ng.id, described
    assert "eu-amsterdam-1" in (described.get("region"), described.get("locationCode")), described
    assert org.network_exists(NET), "Organization.network_exists (findByName) misses the network"
    assert NetworkGroup(org).network_exists(NET), "a new NetworkGroup does not list the network (findByNetworkGroupId)"

with step("endpoints: create_endpoint follows the execution and reads back a one-time JWT; zitiId defined"):
    ep1 = network.create_endpoint(name="ep1", attributes=["#clients"], session_identity=caller["id"], wait=WAIT, sleep=SLEEP)
    assert answered("POST", "core/v2/endpoints") == 202, answered("POST", "core/v2/endpoints")
    assert ep1["status"] == "PROVISIONED" and ep1["jwt"], ep1
    assert (ep1["networkId"], ep1["attributes"], ep1["sessionIdentityId"]) == (network.id, ["#clients"], caller["id"]), ep1
    assert ep1["_links"]["self"]["href"] == f"{BASE}core/v2/endpoints/{ep1['id']}", ep1["_links"]
    exit1 = network.create_endpoint(name="exit1", attributes=["#exits"], wait=WAIT, sleep=SLEEP)
    assert exit1["status"] == "PROVISIONED" and exit1["jwt"], exit1
    network.wait_for_property_defined(property_name="zitiId", entity_type="endpoint", id=ep1["id"], wait=WAIT, sleep=SLEEP)

with step("endpoint lists: typeId=Device (leaks into every later list), exists ignoring case, 409 for a duplicate name"):
    devices = network.endpoints(typeId="Device")
    assert sorted(e["name"] for e in devices) == ["ep1", "exit1"], devices
    assert network.endpoint_exists("EP1"), "a name=EP1 list misses ep1 (names match ignoring case)"
    assert not network.endpoint_exists("ep2"), "a name=ep2 list is not empty"
    error = raises(requests.exceptions.HTTPError, lambda: network.create_endpoint(name="EP1", wait=WAIT, sleep=SLEEP))
    assert error.response.status_code == 409, (error.response.status_code, error.response.text)

with step("edge routers: customer-hosted and NetFoundry-hosted (AWS us-east-1), both PROVISIONED"):
    er1 = accepted(network.create_edge_router(name="er1", attributes=["#routers"], wait=WAIT, sleep=SLEEP), "edge-routers", network.id)
    assert sent("POST", "core/v2/edge-routers") == {"networkId": network.id, "name": "er1", "attributes": ["#routers"],
                                                     "linkListener": False, "tunnelerEnabled": False}
    hosted = accepted(network.create_edge_router(name="er-aws", attributes=["#routers", "#hosted"], provider="AWS",
                                                 location_code="us-east-1", wait=WAIT, sleep=SLEEP), "edge-routers", network.id)
    assert (hosted["provider"], hosted["locationCode"], hosted["linkListener"]) == ("AWS", "us-east-1", True), hosted
    for router in (er1, hosted):
        network.wait_for_status(expect="PROVISIONED", type="edge-router", id=router["id"], wait=WAIT, sleep=SLEEP)
    routers = network.edge_routers()
    assert sorted(r["name"] for r in routers) == ["er-aws", "er1"], ("a list must ignore parameters naming no field of its kind (typeId)", routers)
    assert [r["name"] for r in network.edge_routers(only_customer=True)] == ["er1"], routers
    assert [r["name"] for r in network.edge_routers(only_hosted=True)] == ["er-aws"], routers
    assert network.edge_router_exists("ER1"), "a name=ER1 list misses er1"

with step("registration key of the customer-hosted router rotated twice (200, a new key each time)"):
    first = network.rotate_edge_router_registration(er1["id"])
    second = network.rotate_edge_router_registration(er1["id"])
    assert first["registrationKey"] and second["registrationKey"] != first["registrationKey"], (first, second)
    assert second["expiresAt"], second

with step("enrollment (emulator controls): the endpoint's and the router's JWTs are spent"):
    sim(f"endpoints/{ep1['id']}/enroll")
    endpoint = network.get_resource(type="endpoint", id=ep1["id"], use_cache=False)
    assert endpoint["jwt"] is None, endpoint
    sim(f"edge-routers/{er1['id']}/enroll")
    router = network.get_resource(type="edge-router", id=er1["id"], use_cache=False)
    assert router["jwt"] is None and router["verified"] is True, router

with step("edge-router policy (#clients to #routers)"):
    erp = accepted(network.create_edge_router_policy(name="erp-clients", endpoint_attributes=["#clients"],
                                                     edge_router_attributes=["#routers"], wait=WAIT, sleep=SLEEP),
                   "edge-router-policies", network.id)
    assert (erp["endpointAttributes"], erp["edgeRouterAttributes"]) == (["#clients"], ["#routers"]), erp
    assert network.edge_router_policy_exists("erp-clients"), "a name=erp-clients list misses the policy"

with step("posture check via create_resource (networkId added by the module), wait_for_status PROVISIONED"):
    pc = accepted(network.create_resource(type="posture-check", post={"name": "pc-linux", "type": "OS", "attributes": ["#os"]},
                                          wait=WAIT, sleep=SLEEP), "posture-checks", network.id)
    assert sent("POST", "core/v2/posture-checks") == {"name": "pc-linux", "type": "OS", "attributes": ["#os"], "networkId": network.id}
    network.wait_for_status(expect="PROVISIONED", type="posture-check", id=pc["id"], wait=WAIT, sleep=SLEEP)
    assert network.posture_check_exists("pc-linux"), "a name=pc-linux list misses the posture check"

with step("services: create_service_simple hosted by an endpoint (@exit1), by a router named er1, and by an SDK"):
    ssh = accepted(network.create_service_simple(name="ssh", client_host_name="ssh.sdk.netfoundry", client_port=22,
                                                 server_host_name="10.0.0.1", server_port=22, server_protocol="tcp",
                                                 attributes=["#svc"], endpoints=["@exit1", "#exits"], wait=WAIT, sleep=SLEEP),
                   "services", network.id)
    assert ssh["modelType"] == "TunnelerToEndpoint", ssh
    assert ssh["model"]["serverEgress"] == {"protocol": "tcp", "host": "10.0.0.1", "port": 22}, ssh["model"]
    assert ssh["model"]["bindEndpointAttributes"] == ["@exit1", "#exits"], ssh["model"]
    web = accepted(network.create_service_simple(name="web", client_host_name="web.sdk.netfoundry", client_port=80,
                                                 server_host_name="10.0.0.2", server_port=8080, egress_router_id="er1",
                                                 attributes=["#svc"], wait=WAIT, sleep=SLEEP), "services", network.id)
    assert web["modelType"] == "TunnelerToEdgeRouter", web
    assert web["model"]["edgeRouterHosts"] == [{"edgeRouterId": er1["id"], "serverEgress": {"protocol": "tcp", "host": "10.0.0.2", "port": 8080}}], web["model"]
    app = accepted(network.create_service(name="sdk-app", client_host_name="app.sdk.netfoundry", client_port=443,
                                          attributes=["#svc"], edge_router_attributes=["#routers"], wait=WAIT, sleep=SLEEP),
                   "services", network.id)
    assert app["modelType"] == "TunnelerToSdk", app
    network.wait_for_statuses(expected_statuses=["PROVISIONED"], type="service", id=web["id"], wait=WAIT, sleep=SLEEP)
    services = network.services()
    assert sorted(s["name"] for s in services) == ["sdk-app", "ssh", "web"], services
    found = network.wait_for_entity_name_exists(entity_name="ssh", entity_type="services", wait=WAIT, sleep=SLEEP)
    assert found["id"] == ssh["id"], found

with step("service policy (Dial @ssh for #clients and @ep1, posture @pc-linux) and service edge-router policy"):
    sp = accepted(network.create_service_policy(name="dial-ssh", services=["@ssh"], endpoints=["#clients", "@ep1"], type="Dial",
                                                posture_checks=["@pc-linux"], wait=WAIT, sleep=SLEEP), "service-policies", network.id)
    assert (sp["type"], sp["semantic"], sp["serviceAttributes"], sp["endpointAttributes"], sp["postureCheckAttributes"]) == (
        "Dial", "AnyOf", ["@ssh"], ["#clients", "@ep1"], ["@pc-linux"]), sp
    serp = accepted(network.create_service_edge_router_policy(name="serp-web", services=["@web"], edge_routers=["#routers"],
                                                              wait=WAIT, sleep=SLEEP), "service-edge-router-policies", network.id)
    assert (serp["serviceAttributes"], serp["edgeRouterAttributes"]) == (["@web"], ["#routers"]), serp
    # name=None: find_resources' params default keeps the last name it was given (here "web").
    policies = network.get_resources(type="service-policies", name=None)
    assert "dial-ssh" in [p["name"] for p in policies], policies

with step("app-WAN (#clients, #svc, #os)"):
    aw = accepted(network.create_app_wan(name="aw-clients", endpoint_attributes=["#clients"], service_attributes=["#svc"],
                                         posture_check_attributes=["#os"], wait=WAIT, sleep=SLEEP), "app-wans", network.id)
    app_wans = network.app_wans()
    assert [a["name"] for a in app_wans] == ["aw-clients"], app_wans
    assert network.app_wan_exists("AW-CLIENTS"), "a name=AW-CLIENTS list misses aw-clients"

with step("patch_resource: only the changed attributes plus the name are sent; UPDATING back to PROVISIONED"):
    patched = network.patch_resource(patch={"attributes": ["#clients", "#patched"]}, type="endpoint", id=ep1["id"])
    path = f"core/v2/endpoints/{ep1['id']}"
    assert answered("PATCH", path) in (200, 202), answered("PATCH", path)
    body = sent("PATCH", path)
    assert body.keys() == {"attributes", "name"} and body["name"] == "ep1", body
    assert sorted(body["attributes"]) == ["#clients", "#patched"], body
    assert patched["_links"]["execution"]["href"].startswith(f"{BASE}core/v2/executions/"), patched["_links"]
    network.wait_for_status(expect="PROVISIONED", type="endpoint", id=ep1["id"], wait=WAIT, sleep=SLEEP)
    got = network.get_resource(type="endpoint", id=ep1["id"], use_cache=False)
    assert sorted(got["attributes"]) == ["#clients", "#patched"], got

with step("ERROR path: after fail-next, create_endpoint raises on the FAILED execution and wait_for_status on ERROR"):
    fail_next = requests.post(f"{BASE}_sim/fail-next", json={"message": FAILURE}, timeout=10)
    assert fail_next.status_code == 200, (fail_next.status_code, fail_next.text)
    error = raises(RuntimeError, lambda: network.create_endpoint(name="doomed", attributes=["#clients"], wait=WAIT, sleep=SLEEP))
    assert "FAILED" in str(error), error
    [doomed] = network.endpoints(name="doomed")
    error = raises(RuntimeError, lambda: network.wait_for_status(expect="PROVISIONED", type="endpoint", id=doomed["id"], wait=WAIT, sleep=SLEEP))
    assert "ERROR" in str(error), error
    status = network.get_resource_status(type="endpoint", id=doomed["id"])
    assert status["status"] == "ERROR", status
    # The execution poll that made create_endpoint raise, as the emulator answered it.
    execution = json.loads(latest("GET", "core/v2/executions/")[1])
    assert execution["status"] == "FAILED" and FAILURE in json.dumps(execution), execution

with step("delete_resource follows each delete's execution (202); every entity reads DELETED by id") as notes:
    order = [("app-wan", aw), ("service-policy", sp), ("service-edge-router-policy", serp), ("service", ssh),
             ("service", web), ("service", app), ("edge-router-policy", erp), ("posture-check", pc),
             ("endpoint", doomed), ("endpoint", ep1), ("endpoint", exit1), ("edge-router", er1), ("edge-router", hosted)]
    for kind, entity in order:
        assert network.delete_resource(type=kind, id=entity["id"], wait=WAIT, sleep=SLEEP) is True, (kind, "no execution link")
        status = answered("DELETE", f"core/v2/{plural(kind)}/{entity['id']}")
        assert status == 202, (kind, status)
        network.wait_for_status(expect="DELETED", type=kind, id=entity["id"], wait=WAIT, sleep=SLEEP)
    names = {e["name"] for _, e in order}
    for listing in (network.endpoints, network.edge_routers, network.edge_router_policies, network.services,
                    network.app_wans, network.posture_checks):
        assert not names & {e["name"] for e in listing()}, (listing.__name__, listing())
    for kind in ("service-policies", "service-edge-router-policies"):
        assert not names & {e["name"] for e in network.get_resources(type=kind, name=None)}, kind
    # status=DELETED sticks to every later list of this module (a leaking default), so it comes last.
    assert network.resource_exists_in_network(name="ep1", type="endpoints", deleted=True), "a status=DELETED list misses ep1"
    notes.append(f"{len(order)} deleted")

with step("network deleted (202, execution followed, DELETED by id); nothing left behind"):
    assert network.delete_resource(type="network", wait=WAIT, sleep=SLEEP) is True, "no execution link"
    assert answered("DELETE", f"core/v2/networks/{network.id}") == 202, answered("DELETE", f"core/v2/networks/{network.id}")
    network.wait_for_status(expect="DELETED", wait=WAIT, sleep=SLEEP)
    assert not org.network_exists(NET), "a findByName list still shows the deleted network"
    assert org.network_exists(NET, deleted=True), "a status=DELETED list misses the deleted network"
    networks = org.get_networks_by_organization()
    assert NET not in [n["name"] for n in networks], networks
    signal.alarm(0)
    shutil.rmtree(tmp)

print(f"netfoundry: {passed} passed", flush=True)
