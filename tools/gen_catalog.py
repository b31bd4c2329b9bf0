#!/usr/bin/env python3
"""Writes the catalog files of the CloudAPI v6 families beyond the classic SDK (NAT gateways,
network and application load balancers, target groups, flow logs, labels, templates) from
the spec in tests/data/: each resource's fields (types, enums, required, read-only, ranges)
and each operation's method, path, parameters and summary come from the spec; only the
names (the rule below), the resource docs and the id parameters are written here.

Naming rule: `<verb>_<owner>_<object>`. The verb is list (GET of a collection), get (GET of
one), create (POST), update (PATCH), replace (PUT) or delete (DELETE); labels are added
(`add_…_label`). `<owner>` is the object the thing belongs to (a NAT gateway's rules, a
NIC's flow logs, a server's labels); what simply lives in a data center or at the top level
(NAT gateways, load balancers, target groups, templates) has none.

They go to src/provider/ionos/generated/ (see its mod.rs); .ci/run generates them again and
fails on any difference. Run from the repository root:

    python3 tools/gen_catalog.py && python3 tools/gen_shapes.py > src/provider/ionos/generated/envelopes.rs && cargo fmt
"""
import re

import yaml

SPEC = "tests/data/cloudapi-v6.openapi.yaml"
# What the official SDKs send that the spec lacks, in the spec's form (see the file's header).
ADDITIONS = "tests/data/cloudapi-v6-additions.openapi.yaml"
OUT = "src/provider/ionos/generated/"

# Resources: constant, constructor, spec schema of its properties, its `type`, help line.
RESOURCES = {
    "NATGATEWAY": ("NatGateway", "NatGatewayProperties", "natgateway",
                   "A NAT gateway: private servers reach the internet through its public IPs"),
    "NATGATEWAY_RULE": ("NatGatewayRule", "NatGatewayRuleProperties", "natgateway-rule",
                        "A NAT gateway's source NAT rule: a private subnet leaving through one public IP"),
    "FLOWLOG": ("FlowLog", "FlowLogProperties", "flow-log",
                "A flow log: the traffic of a NIC, NAT gateway or load balancer, written to an S3 bucket"),
    "NETWORKLOADBALANCER": ("NetworkLoadBalancer", "NetworkLoadBalancerProperties", "networkloadbalancer",
                            "A network load balancer: spreads TCP traffic from a listener LAN to targets in another LAN"),
    "NETWORKLOADBALANCER_RULE": ("NetworkLoadBalancerForwardingRule", "NetworkLoadBalancerForwardingRuleProperties",
                                 "forwarding-rule",
                                 "A network load balancer's forwarding rule: a listener IP and port, its targets and health check"),
    "APPLICATIONLOADBALANCER": ("ApplicationLoadBalancer", "ApplicationLoadBalancerProperties", "applicationloadbalancer",
                                "An application load balancer: routes HTTP traffic from a listener LAN to target groups"),
    "APPLICATIONLOADBALANCER_RULE": ("ApplicationLoadBalancerForwardingRule",
                                     "ApplicationLoadBalancerForwardingRuleProperties", "forwarding-rule",
                                     "An application load balancer's forwarding rule: a listener IP and port and its HTTP rules"),
    "TARGETGROUP": ("TargetGroup", "TargetGroupProperties", "target-group",
                    "A target group: the servers (IP and port) an application load balancer forwards to, with health checks"),
    "LABEL": ("Label", "LabelProperties", "label",
              "A label: a key and a value attached to a data center, server, volume, IP block, snapshot or image"),
    "TEMPLATE": ("Template", "TemplateProperties", "template",
                 "A Cube server template: its cores, RAM and storage size (read-only)"),
    "SECURITYGROUP": ("SecurityGroup", "SecurityGroupProperties", "security-group",
                      "A security group: firewall rules kept once and attached to servers and NICs"),
}

# Resources the hand-written catalog defines, which families here use: constant -> its module.
EXTERNAL = {"FIREWALL_RULE": "crate::provider::ionos::catalog::nics"}

# Fields the API computes though the spec does not mark them read-only.
COMPUTED = {"LabelProperties": {"resourceId", "resourceType", "resourceHref"},
            "TemplateProperties": {"name", "cores", "ram", "storageSize"}}

# Help lines for fields whose spec description says little.
DOCS = {
    ("NatGatewayProperties", "lans"): "the LANs it serves: [#{ id, gatewayIps }]",
    ("NatGatewayRuleProperties", "targetPortRange"): "the ports it applies to: #{ start, end }",
    ("NetworkLoadBalancerForwardingRuleProperties", "healthCheck"):
        "the health check: #{ clientTimeout, connectTimeout, targetTimeout, retries }",
    ("NetworkLoadBalancerForwardingRuleProperties", "targets"):
        "where traffic goes: [#{ ip, port, weight, healthCheck }]",
    ("ApplicationLoadBalancerForwardingRuleProperties", "serverCertificates"): "ids of the certificates served for HTTPS",
    ("ApplicationLoadBalancerForwardingRuleProperties", "httpRules"):
        "HTTP rules: [#{ name, type: FORWARD|STATIC|REDIRECT, targetGroup, conditions, … }]",
    ("TargetGroupProperties", "targets"): "its servers: [#{ ip, port, weight, healthCheckEnabled, maintenanceEnabled }]",
    ("TargetGroupProperties", "healthCheck"): "the health check: #{ checkTimeout, checkInterval, retries }",
    ("TargetGroupProperties", "httpHealthCheck"):
        "the HTTP health check: #{ path, method, matchType, response, regex, negate }",
    ("FlowLogProperties", "name"): "the flow log's name",
    ("TemplateProperties", "name"): "the template's name",
    ("LabelProperties", "key"): "the label's key",
    ("LabelProperties", "value"): "the label's value",
}

# Id parameters not in params.rs yet: name in the path, Rhai name, doc.
NEW_PARAMS = {
    "natGatewayId": ("NATGATEWAY_ID", "natgateway_id", "the NAT gateway's id"),
    "natGatewayRuleId": ("NATGATEWAY_RULE_ID", "rule_id", "the rule's id"),
    "flowLogId": ("FLOWLOG_ID", "flowlog_id", "the flow log's id"),
    "flowlogId": ("FLOWLOG_ID", "flowlog_id", "the flow log's id"),
    "networkLoadBalancerId": ("NETWORKLOADBALANCER_ID", "networkloadbalancer_id", "the network load balancer's id"),
    "applicationLoadBalancerId": ("APPLICATIONLOADBALANCER_ID", "applicationloadbalancer_id",
                                  "the application load balancer's id"),
    "forwardingRuleId": ("FORWARDINGRULE_ID", "forwardingrule_id", "the forwarding rule's id"),
    "targetGroupId": ("TARGETGROUP_ID", "targetgroup_id", "the target group's id"),
    "key": ("LABEL_KEY", "key", "the label's key"),
    "labelurn": ("LABEL_URN", "urn", "the label's URN, urn:label:<resource type>:<resource id>:<key>"),
    "templateId": ("TEMPLATE_ID", "template_id", "the template's id"),
    "securityGroupId": ("SECURITYGROUP_ID", "securitygroup_id", "the security group's id"),
    "ruleId": ("SECURITYGROUP_RULE_ID", "rule_id", "the rule's id"),
}
# Id parameters params.rs already has.
KNOWN_PARAMS = {
    "datacenterId": "DATACENTER_ID", "serverId": "SERVER_ID", "nicId": "NIC_ID", "volumeId": "VOLUME_ID",
    "ipblockId": "IPBLOCK_ID", "snapshotId": "SNAPSHOT_ID", "imageId": "IMAGE_ID", "serverId": "SERVER_ID",
}

# Families: file, module doc, [(path prefix of its collection, owner name or "", object name
# (singular), resource constant)].
FAMILIES = [
    ("natgateways", "NAT gateways: private servers reaching the internet through public IPs, with their SNAT rules and flow logs.", [
        ("/datacenters/{datacenterId}/natgateways", "", "natgateway", "NATGATEWAY"),
        ("/datacenters/{datacenterId}/natgateways/{natGatewayId}/rules", "natgateway", "rule", "NATGATEWAY_RULE"),
        ("/datacenters/{datacenterId}/natgateways/{natGatewayId}/flowlogs", "natgateway", "flowlog", "FLOWLOG"),
    ]),
    ("networkloadbalancers", "Network load balancers with their forwarding rules and flow logs.", [
        ("/datacenters/{datacenterId}/networkloadbalancers", "", "networkloadbalancer", "NETWORKLOADBALANCER"),
        ("/datacenters/{datacenterId}/networkloadbalancers/{networkLoadBalancerId}/forwardingrules",
         "networkloadbalancer", "forwardingrule", "NETWORKLOADBALANCER_RULE"),
        ("/datacenters/{datacenterId}/networkloadbalancers/{networkLoadBalancerId}/flowlogs",
         "networkloadbalancer", "flowlog", "FLOWLOG"),
    ]),
    ("applicationloadbalancers", "Application load balancers with their forwarding rules and flow logs.", [
        ("/datacenters/{datacenterId}/applicationloadbalancers", "", "applicationloadbalancer", "APPLICATIONLOADBALANCER"),
        ("/datacenters/{datacenterId}/applicationloadbalancers/{applicationLoadBalancerId}/forwardingrules",
         "applicationloadbalancer", "forwardingrule", "APPLICATIONLOADBALANCER_RULE"),
        ("/datacenters/{datacenterId}/applicationloadbalancers/{applicationLoadBalancerId}/flowlogs",
         "applicationloadbalancer", "flowlog", "FLOWLOG"),
    ]),
    ("targetgroups", "Target groups: the servers application load balancers forward to.", [
        ("/targetgroups", "", "targetgroup", "TARGETGROUP"),
    ]),
    ("flowlogs", "Flow logs of NICs (those of NAT gateways and load balancers are with them).", [
        ("/datacenters/{datacenterId}/servers/{serverId}/nics/{nicId}/flowlogs", "nic", "flowlog", "FLOWLOG"),
    ]),
    ("labels", "Labels: keys and values on data centers, servers, volumes, IP blocks, snapshots and images, and the queries across them.", [
        ("/labels", "", "label", "LABEL"),
        ("/datacenters/{datacenterId}/labels", "datacenter", "label", "LABEL"),
        ("/datacenters/{datacenterId}/servers/{serverId}/labels", "server", "label", "LABEL"),
        ("/datacenters/{datacenterId}/volumes/{volumeId}/labels", "volume", "label", "LABEL"),
        ("/ipblocks/{ipblockId}/labels", "ipblock", "label", "LABEL"),
        ("/snapshots/{snapshotId}/labels", "snapshot", "label", "LABEL"),
        ("/images/{imageId}/labels", "image", "label", "LABEL"),
    ]),
    ("templates", "Cube server templates (read-only).", [
        ("/templates", "", "template", "TEMPLATE"),
    ]),
    ("securitygroups", "Security groups: firewall rules kept once per data center, with the servers and NICs they apply to.", [
        ("/datacenters/{datacenterId}/securitygroups", "", "securitygroup", "SECURITYGROUP"),
        ("/datacenters/{datacenterId}/securitygroups/{securityGroupId}/rules", "securitygroup", "rule", "FIREWALL_RULE"),
        ("/datacenters/{datacenterId}/servers/{serverId}/securitygroups", "server", "securitygroup", "SECURITYGROUP"),
        ("/datacenters/{datacenterId}/servers/{serverId}/nics/{nicId}/securitygroups", "nic", "securitygroup",
         "SECURITYGROUP"),
    ]),
]

VERBS = {("get", False): "list", ("get", True): "get", ("post", False): "create", ("patch", True): "update",
         ("put", True): "replace", ("delete", True): "delete", ("put", False): "set"}


def snake(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def plural(word):
    return word + "s"


def rust_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def first_sentence(text, limit=110):
    text = " ".join((text or "").split())
    text = re.split(r"(?<=[a-z0-9)])\. ", text)[0].rstrip(".")
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


# How help names the objects.
HUMAN = {"natgateway": "NAT gateway", "flowlog": "flow log", "networkloadbalancer": "network load balancer",
         "applicationloadbalancer": "application load balancer", "forwardingrule": "forwarding rule",
         "targetgroup": "target group", "datacenter": "data center", "ipblock": "IP block", "nic": "NIC",
         "securitygroup": "security group"}


def describe(verb, obj, owner):
    """The operation's help line, from what it does to what."""
    thing = HUMAN.get(obj, obj)
    whose = f" of a {HUMAN.get(owner, owner)}" if owner else ""
    if verb == "set":
        return f"Sets the {thing}s of a {HUMAN.get(owner, owner)}: those listed, replacing those it had."
    if verb == "add":
        return f"Adds a label (a key and its value) to a {HUMAN.get(owner, owner)}; keys are unique per object."
    if obj == "label" and not owner:
        return {"list": "Lists every label on every object, each with its resource's type, id and href.",
                "get": "Gets one label by its URN (urn:label:<resource type>:<resource id>:<key>)."}[verb]
    return {
        "list": f"Lists the {thing}s{whose}.",
        "create": f"Creates a {thing}{whose}.",
        "get": f"Gets one {thing}{whose}.",
        "update": f"Changes some properties of a {thing}{whose}.",
        "replace": f"Replaces all properties of a {thing}{whose} (a full PUT).",
        "delete": f"Deletes a {thing}{whose}.",
    }[verb].replace("a NAT gateway rule", "a NAT gateway's rule")


def resolve(schemas, schema):
    """The schema itself, following `$ref` and a single-element `allOf`."""
    while True:
        if "$ref" in schema:
            schema = schemas[schema["$ref"].split("/")[-1]]
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            merged = dict(schema["allOf"][0])
            schema = {**{k: v for k, v in schema.items() if k not in ("allOf", "type")}, **resolve(schemas, merged)}
            if "$ref" not in schema and "allOf" not in schema:
                return schema
        else:
            return schema


def field(schemas, api, raw, required, computed, doc):
    prop = resolve(schemas, raw)
    kind = prop.get("type")
    doc = doc or first_sentence(raw.get("description") or prop.get("description") or api)
    rule = None
    if kind == "string" and prop.get("enum"):
        ty = "FieldType::Enum(&[" + ", ".join(rust_str(v) for v in prop["enum"]) + "])"
    elif kind == "string":
        ty = "FieldType::Str"
    elif kind in ("integer", "number"):
        ty = "FieldType::NumericId" if api.endswith("Lan") else "FieldType::Int"
        lo, hi = prop.get("minimum"), prop.get("maximum")
        if lo is not None or hi is not None:
            rule = f"Rule::Range({int(lo) if lo is not None else 'i64::MIN'}, {int(hi) if hi is not None else 'i64::MAX'})"
    elif kind == "boolean":
        ty = "FieldType::Bool"
    elif kind == "array":
        item = resolve(schemas, prop.get("items", {}))
        ty = "FieldType::StrList" if item.get("type") == "string" else "FieldType::Maps"
    else:
        ty = "FieldType::Map"
    text = f"Field::new({rust_str(api)}, {rust_str(snake(api))}, {ty}, {rust_str(doc)})"
    if required:
        text += ".required()"
    if computed or raw.get("readOnly") or prop.get("readOnly"):
        text += ".read_only()"
    if rule:
        text += f".rule({rule})"
    return text


# The nested collections an envelope's `entities` lists, by envelope: collection -> constructor
# of its items. They are read-only: the API shows them at depth 1 and more, but creates them
# only through their own operations.
ENTITIES = {
    "NatGateway": {"rules": "NatGatewayRule", "flowlogs": "FlowLog"},
    "NetworkLoadBalancer": {"flowlogs": "FlowLog", "forwardingrules": "NetworkLoadBalancerForwardingRule"},
    "ApplicationLoadBalancer": {"forwardingrules": "ApplicationLoadBalancerForwardingRule"},
    "SecurityGroup": {"rules": "FirewallRule", "nics": "NIC", "servers": "Server"},
}


def entity_fields(schemas, envelope):
    """Read-only fields for the collections the envelope's `entities` schema lists."""
    entities = schemas.get(envelope, {}).get("properties", {}).get("entities")
    if not entities:
        return []
    names = resolve(schemas, entities).get("properties", {}).keys()
    return [f"Field::new({rust_str(n)}, {rust_str(n)}, FieldType::Children({rust_str(ENTITIES[envelope][n])}), "
            f"{rust_str('its ' + HUMAN.get(n.rstrip('s'), n.rstrip('s')) + 's, shown from depth 1')}).read_only()"
            for n in names]


def resource(schemas, const):
    name, schema_name, api_type, doc = RESOURCES[const]
    schema = schemas[schema_name]
    required = set(schema.get("required", []))
    computed = COMPUTED.get(schema_name, set())
    fields = [field(schemas, api, raw, api in required and api not in computed, api in computed,
                    DOCS.get((schema_name, api))) for api, raw in schema.get("properties", {}).items()]
    fields += entity_fields(schemas, schema_name.removesuffix("Properties"))
    body = "\n".join(f"        {f}," for f in fields)
    return (f"/// `{name}(#{{…}})`.\npub static {const}: Resource = Resource {{\n    name: {rust_str(name)},\n"
            f"    api_type: {rust_str(api_type)},\n    doc: {rust_str(doc)},\n    fields: &[\n{body}\n    ],\n"
            f"    checks: &[],\n}};\n")


def param_const(spec_name):
    if spec_name in KNOWN_PARAMS:
        return KNOWN_PARAMS[spec_name]
    return NEW_PARAMS[spec_name][0]


def operation(paths, collection, owner, obj, res_const, method, one, used_params):
    """The Rust static of one operation, or None when the spec has no such operation."""
    spec_path = collection
    if one:
        item = [p for p in paths if p.startswith(collection + "/{") and p.count("/") == collection.count("/") + 1]
        if not item:
            return None
        spec_path = item[0]
    op = paths.get(spec_path, {}).get(method)
    if op is None:
        return None
    verb = VERBS[(method, one)]
    label = obj == "label" and owner
    if label and method == "post":
        verb = "add"
    stem = f"{owner}_{obj}" if owner else obj
    name = f"{verb}_{plural(stem) if verb in ('list', 'set') else stem}"
    if obj == "label" and not owner:
        name = {"list": "list_labels", "get": "get_label"}[verb]
    spec_params = re.findall(r"\{(\w+)\}", spec_path)
    path = spec_path
    params, args = [], []
    for p in spec_params:
        used_params.add(p)
        rhai = NEW_PARAMS[p][1] if p in NEW_PARAMS else snake(p)
        path = path.replace("{" + p + "}", "{" + rhai + "}")
        params.append(param_const(p))
        args.append(rhai)
    arg = "rule" if obj.endswith("rule") else obj
    options = "Options::None"
    if method == "get":
        paged = any(isinstance(x, dict) and x.get("name") == "limit" for x in op.get("parameters", []))
        options = "Options::Query(options::LIST)" if paged else "Options::Query(options::GET)"
    elif label and method in ("post", "put"):
        if method == "post":
            params.append('Param::Field { name: "key", doc: "the label\'s key" }')
            args.append("key")
        params.append('Param::Field { name: "value", doc: "the label\'s value" }')
        args.append("value")
        options = f"Options::Fields(&{res_const})"
    elif verb == "set":
        doc = f"the {HUMAN.get(obj, obj)}s it is to have: their ids, or the objects"
        params.append(f'Param::Ids {{ name: "{obj}_ids", doc: {rust_str(doc)} }}')
        args.append(f"{obj}_ids")
    elif method in ("post", "put"):
        params.append(f'Param::Body {{ name: {rust_str(arg)}, resource: &{res_const} }}')
        args.append(arg)
    elif method == "patch":
        options = f"Options::Update(&{res_const})"
    creates = "true" if method == "post" else "false"
    if verb == "set":
        options = "Options::None"
    signature_args = ", ".join(args)
    doc = describe(verb, obj, owner)
    const = name.upper()
    return const, (f"/// `{name}({signature_args})`.\npub static {const}: Operation = Operation {{\n"
                   f"    name: {rust_str(name)},\n    doc: {rust_str(doc)},\n"
                   f"    method: Method::{method.capitalize()},\n    path: {rust_str(path)},\n"
                   f"    params: &[{', '.join(params)}],\n    options: {options},\n    creates: {creates},\n}};\n")


def load():
    """The spec with its additions: their paths and schemas beside the spec's own."""
    spec = yaml.safe_load(open(SPEC))
    additions = yaml.safe_load(open(ADDITIONS))
    spec["paths"].update(additions.get("paths", {}))
    spec["components"]["schemas"].update(additions.get("components", {}).get("schemas", {}))
    return spec


def main():
    spec = load()
    schemas = spec["components"]["schemas"]
    paths = spec["paths"]
    defined = {}
    all_ops = []
    used_params = set()
    for file, doc, collections in FAMILIES:
        parts = []
        consts = []
        resources_here = []
        for collection, owner, obj, res_const in collections:
            if res_const in EXTERNAL:
                pass
            elif res_const not in defined:
                defined[res_const] = file
                resources_here.append(res_const)
                parts.append(resource(schemas, res_const))
            for method, one in [("get", False), ("post", False), ("put", False), ("get", True), ("patch", True),
                                ("put", True), ("delete", True)]:
                made = operation(paths, collection, owner, obj, res_const, method, one, used_params)
                if made:
                    const, text = made
                    consts.append(const)
                    parts.append(text)
        imports = sorted({c for c in (r for _, _, _, r in collections) if c not in EXTERNAL and defined[c] != file})
        header = f"//! {doc}\n//!\n//! Generated by `tools/gen_catalog.py` from the CloudAPI v6 spec: do not edit by hand.\n\n"
        body = "\n".join(parts) + (
            f"\n/// The resources this family defines.\npub static RESOURCES: &[&Resource] = &[{', '.join('&' + r for r in resources_here)}];\n"
            f"\n/// The family's operations, each one Rhai function.\npub static OPERATIONS: &[&Operation] = &[{', '.join('&' + c for c in consts)}];\n")
        uses = []
        if "options::" in body:
            uses.append("use crate::provider::ionos::catalog::options;")
        known = sorted({c for c in list(KNOWN_PARAMS.values()) + [v[0] for v in NEW_PARAMS.values()]
                        if re.search(r"\b" + c + r"\b", body)})
        if known:
            uses.append(f"use crate::provider::ionos::catalog::params::{{{', '.join(known)}}};")
        for c in imports:
            uses.append(f"use super::{defined[c]}::{c};")
        for c in sorted({r for _, _, _, r in collections if r in EXTERNAL}):
            uses.append(f"use {EXTERNAL[c]}::{c};")
        names = [n for n in ("Field", "FieldType", "Method", "Operation", "Options", "Param", "Resource", "Rule")
                 if re.search(r"\b" + n + r"\b(::|\s*\{|\s*=|\()", body) or f": {n}" in body or f"&{n}" in body]
        uses.append(f"use crate::catalog::{{{', '.join(names)}}};")
        text = header + "\n".join(uses) + "\n\n" + body
        open(OUT + file + ".rs", "w").write(text)
        all_ops += consts
    # The id parameters the families need, in generated/params.rs (the catalog's params.rs
    # shows them beside its own).
    lines = ["//! The id parameters of the catalog families generated beside this file.\n//!\n"
             "//! Generated by `tools/gen_catalog.py` from the CloudAPI v6 spec: do not edit by hand.\n\n"
             "use crate::catalog::Param;\n"]
    written = set()
    for p in sorted(used_params):
        if p in NEW_PARAMS and NEW_PARAMS[p][0] not in written:
            written.add(NEW_PARAMS[p][0])
            const, rhai, doc = NEW_PARAMS[p]
            lines.append(f"/// `{{{rhai}}}`.\npub const {const}: Param = Param::Path {{ name: {rust_str(rhai)}, doc: {rust_str(doc)} }};")
    open(OUT + "params.rs", "w").write("\n".join(lines) + "\n")
    print(f"{len(all_ops)} operations in {len(FAMILIES)} families")


if __name__ == "__main__":
    main()
