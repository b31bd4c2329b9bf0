#!/usr/bin/env python3
"""Writes the catalogs of the IONOS product APIs (DNS, PostgreSQL, Certificate Manager, Auth)
from their specs in tests/data/products/ (see tools/sdk_spec.py for where those come from):
each resource's fields (types, enums, required, read-only, ranges) and each operation's
method, path, query options and summary come from the spec; only the function names, the
resource docs and the id parameters' Rhai names are written here.

Naming rule, as the CloudAPI's (tools/gen_catalog.py): `<verb>_<object>`, the verb list
(GET of a collection), get (GET of one), create (POST), update (PATCH), replace (PUT) or
delete (DELETE); what lives in another object (a zone's records) takes its id first and no
owner in its name, as the CloudAPI's servers take their data center's. Names that read
better otherwise are given in NAMES.

Each product's catalog goes to src/provider/ionos/products/<product>/catalog.rs; .ci/run
generates them again and fails on any difference. Run from the repository root:

    python3 tools/gen_products.py && cargo fmt
"""
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(__file__))
from gen_catalog import first_sentence, resolve, rust_str, snake

PRODUCTS = {
    "dns": {
        "title": "the IONOS Cloud DNS API",
        "resources": {
            "Zone": ("ZONE", "Zone", "zone", "A DNS zone: the records of one domain, served by IONOS' name servers"),
            "Record": ("RECORD", "Record", "record",
                       "A DNS record of a zone: its name (relative to the zone), type, content and TTL"),
            "SecondaryZone": ("SECONDARY_ZONE", "SecondaryZone", "secondaryzone",
                              "A secondary zone: a copy IONOS serves of a zone another name server holds"),
            "ReverseRecord": ("REVERSE_RECORD", "ReverseRecord", "reverserecord",
                              "A reverse DNS record: the name an IP address of the contract resolves to"),
            "DnssecKeyParameters": ("DNSSEC_KEYS", "DnssecKeys", "dnsseckeys",
                                    "The DNSSEC keys of a zone: their algorithm, sizes and validity"),
        },
        "names": {
            ("get", "/quota"): "get_quota",
            ("get", "/records"): "list_all_records",
            ("get", "/zones/{zoneId}/keys"): "get_dnssec_keys",
            ("post", "/zones/{zoneId}/keys"): "create_dnssec_keys",
            ("delete", "/zones/{zoneId}/keys"): "delete_dnssec_keys",
            ("get", "/zones/{zoneId}/zonefile"): "get_zonefile",
            ("put", "/zones/{zoneId}/zonefile"): "import_zonefile",
            ("get", "/secondaryzones/{secondaryZoneId}/axfr"): "get_zone_transfer",
            ("put", "/secondaryzones/{secondaryZoneId}/axfr"): "start_zone_transfer",
            ("get", "/secondaryzones/{secondaryZoneId}/records"): "list_secondaryzone_records",
        },
        "params": {"zoneId": ("zone_id", "the zone's id"), "recordId": ("record_id", "the record's id"),
                   "secondaryZoneId": ("secondaryzone_id", "the secondary zone's id"),
                   "reverserecordId": ("reverserecord_id", "the reverse record's id")},
        "text_bodies": {("put", "/zones/{zoneId}/zonefile"): ("zonefile", "the zone file, in BIND format")},
    },
    "postgres": {
        "title": "the IONOS DBaaS PostgreSQL API",
        "resources": {
            "ClusterCreateProperties": ("CLUSTER", "PostgresCluster", "cluster",
                                        "A managed PostgreSQL cluster: its instances, version, credentials and the LAN it serves"),
        },
        "names": {},
        "params": {"clusterId": ("cluster_id", "the cluster's id"), "backupId": ("backup_id", "the backup's id"),
                   "backupLocationId": ("backuplocation_id", "the backup location's id"),
                   "versionId": ("version_id", "the version's id")},
        # What a create must carry: the Python SDK lost `required`, and the Go SDK describes
        # the API's version 1 (tools/sdk_spec.py); these are the v2 API's own documented
        # musts, the fields its create cannot go without.
        "required": {"ClusterCreateProperties": ["name", "version", "instances", "connection", "credentials"]},
        # The ensure (PUT) body carries the same properties as the create.
        "same_as": {"ClusterEnsure": "ClusterCreateProperties", "Cluster": "ClusterCreateProperties"},
    },
    "certmanager": {
        "title": "the IONOS Certificate Manager API",
        "resources": {
            "Certificate": ("CERTIFICATE", "Certificate",
                            "certificate", "A TLS certificate uploaded as PEM: the certificate, its chain and its private key"),
            "AutoCertificate": ("AUTO_CERTIFICATE", "AutoCertificate", "auto-certificate",
                                "An auto-certificate: one IONOS obtains and renews from an ACME provider for a name"),
            "Provider": ("PROVIDER", "AcmeProvider", "provider",
                         "An ACME provider auto-certificates are obtained from (Let's Encrypt …)"),
        },
        "names": {},
        "params": {"certificateId": ("certificate_id", "the certificate's id"),
                   "autoCertificateId": ("autocertificate_id", "the auto-certificate's id"),
                   "providerId": ("provider_id", "the provider's id")},
        "patches": {"CertificatePatch": "Certificate", "AutoCertificatePatch": "AutoCertificate",
                    "ProviderPatch": "Provider"},
    },
    "auth": {
        "title": "the IONOS Auth API",
        "resources": {},
        "names": {
            ("get", "/tokens"): "list_tokens",
            ("get", "/tokens/generate"): "generate_token",
            ("get", "/tokens/{tokenId}"): "get_token",
            ("delete", "/tokens/{tokenId}"): "delete_token",
            ("delete", "/tokens"): "delete_tokens",
        },
        "params": {"tokenId": ("token_id", "the token's id")},
    },
}

# Values help's examples show where a field's type says too little (Rhai source): what the
# emulator and the API accept, stand-ins (`"<datacenter_id>"`) for what only the user knows.
EXAMPLES = {
    ("Zone", "zoneName"): '"example.com"',
    ("SecondaryZone", "zoneName"): '"example.org"',
    ("SecondaryZone", "primaryIps"): '["192.0.2.53"]',
    ("Record", "name"): '"www"',
    ("Record", "content"): '"203.0.113.10"',
    ("ReverseRecord", "name"): '"www.example.com"',
    ("ReverseRecord", "ip"): '"<public_ip>"',
    ("ClusterCreateProperties", "version"): '"16"',
    ("ClusterCreateProperties", "instances"): '#{ count: 1, cores: 2, ram: 4, storageSize: 20 }',
    ("ClusterCreateProperties", "connection"):
        '#{ datacenterId: "<datacenter_id>", lanId: "<lan_id>", primaryInstanceAddress: "10.7.222.100/24" }',
    ("ClusterCreateProperties", "credentials"): '#{ username: "dbadmin", password: "<password>", database: "app" }',
    ("Certificate", "certificate"): '"<certificate_pem>"',
    ("Certificate", "certificateChain"): '"<chain_pem>"',
    ("Certificate", "privateKey"): '"<private_key_pem>"',
    ("AutoCertificate", "provider"): '"<provider_id>"',
    ("AutoCertificate", "commonName"): '"www.example.com"',
    ("AutoCertificate", "keyAlgorithm"): '"rsa4096"',
    ("Provider", "email"): '"ops@example.com"',
    ("Provider", "server"): '"https://acme-v02.api.letsencrypt.org/directory"',
}

# Help lines for fields whose spec description says little or nothing.
DOCS = {
    ("Record", "name"): "the record's name relative to the zone: www, or empty (or @) for the zone itself",
    ("Record", "type"): "the record type",
    ("Record", "content"): "what the record holds: an address for A and AAAA, a name for CNAME, MX, NS, the text of a TXT",
    ("Record", "priority"): "the priority of an MX, SRV or URI record (required for those), 0..65535",
    ("Record", "enabled"): "whether the record is served",
    ("Zone", "description"): "what the zone is for",
    ("Zone", "enabled"): "whether the zone is served",
    ("SecondaryZone", "description"): "what the zone is for",
    ("ClusterCreateProperties", "connection"): "where it serves: #{ datacenterId, lanId, primaryInstanceAddress }",
    ("ClusterCreateProperties", "instances"): "its size: #{ count, cores, ram (GB), storageSize (GB) }",
    ("ClusterCreateProperties", "credentials"): "its first user and database: #{ username, password, database }",
    ("ClusterCreateProperties", "backup"): "where backups go and for how long: #{ location, retentionDays }",
    ("ClusterCreateProperties", "maintenanceWindow"): "when it may be maintained: #{ dayOfTheWeek, time }",
    ("Certificate", "name"): "the certificate's name",
    ("Certificate", "certificate"): "the certificate, PEM",
    ("Certificate", "certificateChain"): "the certificates that issued it, PEM, its issuer first",
    ("Certificate", "privateKey"): "its private key, PEM (never shown again)",
    ("AutoCertificate", "provider"): "the id of the ACME provider it is obtained from",
    ("AutoCertificate", "keyAlgorithm"): "the key algorithm, e.g. rsa4096",
}

VERBS = {("get", False): "list", ("get", True): "get", ("post", False): "create", ("patch", True): "update",
         ("put", True): "replace", ("delete", True): "delete"}


def singular(word):
    word = word.replace("-", "")
    return word[:-1] if word.endswith("s") else word


def op_name(product, method, path):
    given = PRODUCTS[product]["names"].get((method, path))
    if given:
        return given
    parts = [p for p in path.strip("/").split("/")]
    one = parts[-1].startswith("{")
    collection = parts[-2] if one else parts[-1]
    obj = singular(collection)
    verb = VERBS[(method, one)]
    return f"{verb}_{obj}s" if verb == "list" else f"{verb}_{obj}"


def field(schemas, api, raw, required, read_only, doc=None, rhai=None, example=None):
    prop = resolve(schemas, raw)
    kind = prop.get("type")
    doc = doc or first_sentence(raw.get("description") or prop.get("description") or api)
    rule = None
    if kind == "string" and prop.get("enum"):
        ty = "FieldType::Enum(&[" + ", ".join(rust_str(v) for v in prop["enum"]) + "])"
    elif kind == "string":
        ty = "FieldType::Str"
    elif kind in ("integer", "number"):
        ty = "FieldType::Int"
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
    text = f"Field::new({rust_str(api)}, {rust_str(rhai or snake(api))}, {ty}, {rust_str(doc)})"
    if required:
        text += ".required()"
    if read_only == "read":
        text += ".read_only()"
    elif read_only == "create":
        text += ".create_only()"
    if rule:
        text += f".rule({rule})"
    if example:
        text += f".example({rust_str(example)})"
    return text


def resource(product, schemas, schema_name, mutable):
    conf = PRODUCTS[product]
    const, name, api_type, doc = conf["resources"][schema_name]
    schema = schemas[schema_name]
    required = set(conf.get("required", {}).get(schema_name, schema.get("required", [])))
    fields = []
    for api, raw in schema.get("properties", {}).items():
        access = None if mutable is None or api in mutable else "create"
        if raw.get("readOnly"):
            access = "read"
        fields.append(field(schemas, api, raw, api in required, access, DOCS.get((schema_name, api)),
                            example=EXAMPLES.get((schema_name, api))))
    body = "\n".join(f"        {f}," for f in fields)
    return const, (f"/// `{name}(#{{…}})`.\npub static {const}: Resource = Resource {{\n    name: {rust_str(name)},\n"
                   f"    api_type: {rust_str(api_type)},\n    doc: {rust_str(doc)},\n    fields: &[\n{body}\n    ],\n"
                   f"    checks: &[],\n}};\n")


def body_schema(schemas, op):
    """The body's schema name and that of the properties it carries (`{properties: X}`)."""
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not content or "$ref" not in content["schema"]:
        return None, None
    envelope = content["schema"]["$ref"].split("/")[-1]
    props = schemas[envelope].get("properties", {}).get("properties")
    if props is None:
        return envelope, envelope
    ref = props.get("$ref") or (props.get("allOf") or [{}])[0].get("$ref")
    return envelope, (ref.split("/")[-1] if ref else None)


def query_options(product, schemas, name, op):
    fields = []
    for p in op.get("parameters", []):
        if p["in"] != "query":
            continue
        api = p["name"]
        rhai = snake(api.removeprefix("filter.")).replace(".", "_")
        fields.append(field(schemas, api, {**p.get("schema", {}), "description": p.get("description")}, False, None,
                            rhai=rhai))
    if not fields:
        return None, ""
    const = name.upper() + "_OPTIONS"
    body = "\n".join(f"    {f}," for f in fields)
    return const, f"/// The options of `{name}`.\nstatic {const}: &[Field] = &[\n{body}\n];\n"


def generate(product):
    conf = PRODUCTS[product]
    spec = yaml.safe_load(open(f"tests/data/products/{product}.openapi.yaml"))
    schemas = spec["components"]["schemas"]
    patches = {}
    for patch, target in conf.get("patches", {}).items():
        props = resolve(schemas, schemas[patch]["properties"]["properties"])
        patches[target] = set(props.get("properties", {}).keys())
    parts, resources, ops, params = [], [], [], {}
    for schema_name in conf["resources"]:
        const, text = resource(product, schemas, schema_name, patches.get(schema_name))
        resources.append(const)
        parts.append(text)
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            name = op_name(product, method, path)
            rust_path = path
            args, sig = [], []
            for p in re.findall(r"\{(\w+)\}", path):
                rhai, doc = conf["params"][p]
                params[rhai] = doc
                rust_path = rust_path.replace("{" + p + "}", "{" + rhai + "}")
                args.append(rhai.upper())
                sig.append(rhai)
            options = "Options::None"
            envelope, schema = body_schema(schemas, op)
            schema = conf.get("same_as", {}).get(envelope, conf.get("same_as", {}).get(schema, schema))
            text_body = conf.get("text_bodies", {}).get((method, path))
            if text_body:
                args.append(f"Param::Text {{ name: {rust_str(text_body[0])}, doc: {rust_str(text_body[1])} }}")
                sig.append(text_body[0])
            elif envelope in conf.get("patches", {}):
                options = f"Options::Update(&{conf['resources'][conf['patches'][envelope]][0]})"
            elif schema and schema in conf["resources"]:
                res = conf["resources"][schema][0]
                arg = snake(conf["resources"][schema][1]).split("_")[-1] if schema != "DnssecKeyParameters" else "keys"
                args.append(f"Param::Body {{ name: {rust_str(arg)}, resource: &{res} }}")
                sig.append(arg)
            elif schema:
                raise SystemExit(f"{product}: no resource for {schema} ({method} {path})")
            if method == "get":
                const, text = query_options(product, schemas, name, op)
                if const:
                    parts.append(text)
                    options = f"Options::Query({const})"
            elif method == "delete" and path == "/tokens":
                const, text = query_options(product, schemas, name, op)
                parts.append(text)
                options = f"Options::Query({const})"
            summary = op.get("summary", name).rstrip(".")
            doc = summary[0].upper() + summary[1:] + "."
            creates = "true" if method == "post" or name == "generate_token" else "false"
            const = name.upper()
            ops.append(const)
            parts.append(f"/// `{name}({', '.join(sig)})`.\npub static {const}: Operation = Operation {{\n"
                         f"    name: {rust_str(name)},\n    doc: {rust_str(doc)},\n"
                         f"    method: Method::{method.capitalize()},\n    path: {rust_str(rust_path)},\n"
                         f"    params: &[{', '.join(args)}],\n    options: {options},\n    creates: {creates},\n}};\n")
    param_lines = [f"/// `{{{rhai}}}`.\npub const {rhai.upper()}: Param = Param::Path {{ name: {rust_str(rhai)}, doc: {rust_str(doc)} }};\n"
                   for rhai, doc in sorted(params.items())]
    info = spec["info"]
    header = (f"//! The catalog of {conf['title']} ({info['title']} {info['version']}).\n//!\n"
              f"//! Generated by `tools/gen_products.py` from tests/data/products/{product}.openapi.yaml: do not edit\n"
              f"//! by hand.\n\n")
    body = "\n".join(param_lines + parts) + (
        f"\n/// Every resource and operation of {conf['title']}.\npub static CATALOG: Catalog = Catalog {{\n"
        f"    resources: &[&[{', '.join('&' + r for r in resources)}]],\n"
        f"    operations: &[&[{', '.join('&' + o for o in ops)}]],\n}};\n")
    names = [n for n in ("Catalog", "Field", "FieldType", "Method", "Operation", "Options", "Param", "Resource", "Rule")
             if re.search(r"\b" + n + r"\b(::|\s*\{|\s*=|\()", body) or f": {n}" in body or f"&{n}" in body
             or f"[{n}]" in body]
    text = header + f"use crate::catalog::{{{', '.join(names)}}};\n\n" + body
    open(f"src/provider/ionos/products/{product}/catalog.rs", "w").write(text)
    return len(ops)


def main():
    for product in PRODUCTS:
        print(f"{product}: {generate(product)} operations")


if __name__ == "__main__":
    main()
