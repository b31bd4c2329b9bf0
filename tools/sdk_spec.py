#!/usr/bin/env python3
"""Writes the OpenAPI description an official IONOS product SDK was generated from, rebuilt
from the SDK itself: the product specs (DNS, PostgreSQL, Certificate Manager) are published
only behind api.ionos.com/docs, which this workplace cannot reach, while the SDKs generated
from them are on PyPI, and openapi-generator keeps in them everything the catalog needs:
each operation's method, path, parameters, body, answers and summary, each model's fields
with their JSON names, types, enums, ranges, lengths and patterns. What the Python SDK
lost (which fields are required) is read from the Go SDK of the same product, whose
`NewX(required…)` constructors list them.

Run with the SDK installed (tests/sdk/check.sh installs them into target/sdk-venv):

    target/sdk-venv/bin/python tools/sdk_spec.py ionoscloud_dns GO_DIR > tests/data/products/dns.openapi.yaml

GO_DIR is the product's folder of ionos-cloud/sdk-go-bundle (e.g. products/dns), checked out.
"""
import datetime
import enum
import importlib
import inspect
import os
import pkgutil
import re
import sys
import typing

import yaml


def unwrap(annotation):
    """The annotation without Optional/Annotated, with the constraints Annotated carried."""
    constraints = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation = args[0]
            constraints += list(args[1:])
        elif origin is typing.Union:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, constraints
            annotation = args[0]
        else:
            return annotation, constraints


def constraint_fields(constraints, schema):
    """Copies pydantic's ge/le/min_length/max_length/pattern into `schema`."""
    for c in constraints:
        items = getattr(c, "metadata", None) or [c]
        for item in items:
            for attr, key in (("ge", "minimum"), ("le", "maximum"), ("min_length", "minLength"),
                              ("max_length", "maxLength"), ("pattern", "pattern")):
                value = getattr(item, attr, None)
                if value is not None:
                    schema[key] = value
    if schema.get("type") == "array":
        if "minLength" in schema:
            schema["minItems"] = schema.pop("minLength")
        if "maxLength" in schema:
            schema["maxItems"] = schema.pop("maxLength")
    return schema


def schema_of(annotation, models):
    """The OpenAPI schema of a Python annotation."""
    annotation, constraints = unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, typing.List):
        item = typing.get_args(annotation)[0]
        schema = {"type": "array", "items": schema_of(item, models)}
    elif origin in (dict, typing.Dict):
        schema = {"type": "object"}
    elif inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        models.add(annotation)
        return {"$ref": f"#/components/schemas/{annotation.__name__}"}
    elif inspect.isclass(annotation) and hasattr(annotation, "model_fields"):
        models.add(annotation)
        return {"$ref": f"#/components/schemas/{annotation.__name__}"}
    elif annotation in (datetime.datetime,):
        schema = {"type": "string", "format": "date-time"}
    elif annotation in (datetime.date,):
        schema = {"type": "string", "format": "date"}
    else:
        name = getattr(annotation, "__name__", str(annotation))
        kind = {"StrictStr": "string", "str": "string", "StrictInt": "integer", "int": "integer",
                "StrictFloat": "number", "float": "number", "StrictBool": "boolean", "bool": "boolean",
                "StrictBytes": "string", "bytearray": "string", "bytes": "string"}.get(name)
        if kind is None and "Union" in str(annotation) and "int" in str(annotation) and "float" in str(annotation):
            kind = "number"
        schema = {"type": kind or "object"}
    return constraint_fields(constraints, schema)


def go_required(go_dir):
    """Required JSON fields per model, from the Go SDK's `NewX(a T, …)` constructors."""
    required = {}
    if not go_dir:
        return required
    for name in os.listdir(go_dir):
        if not name.startswith("model_") or not name.endswith(".go"):
            continue
        text = open(os.path.join(go_dir, name)).read()
        for model, args in re.findall(r"^func New(\w+)\(([^)]*)\) \*\1 \{", text, re.M):
            params = [a.strip().split(" ")[0].rstrip("_") for a in args.split(",") if a.strip()]
            fields = dict(re.findall(r"^\t(\w+)\s+\*?[\w\[\]\.\*]+\s+`json:\"([\w\-]+)", text, re.M))
            by_lower = {k.lower(): v for k, v in fields.items()}
            required[model] = [by_lower[p.lower()] for p in params if p.lower() in by_lower]
    return required


def inline_validators(cls):
    """Patterns and enums the model checks in `field_validator`s: field name -> additions."""
    extra = {}
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return extra
    for field, body in re.findall(r"@field_validator\('(\w+)'\)\s*def \w+\(cls, value\):(.*?)return value", source, re.S):
        pattern = re.search(r're\.match\(r"(.*?)", value', body)
        if pattern:
            extra.setdefault(field, {})["pattern"] = pattern.group(1)
        allowed = re.search(r"not in set\(\[(.*?)\]\)", body)
        if allowed:
            extra.setdefault(field, {})["enum"] = re.findall(r"'([^']*)'", allowed.group(1))
    return extra


def model_schema(cls, models, required):
    if issubclass(cls, enum.Enum):
        values = [m.value for m in cls]
        kind = "integer" if all(isinstance(v, int) for v in values) else "string"
        return {"type": kind, "enum": values, "description": (cls.__doc__ or "").strip()}
    props = {}
    extra = inline_validators(cls)
    for name, info in cls.model_fields.items():
        schema = schema_of(info.annotation, models)
        if info.description:
            schema = {"allOf": [schema], "description": info.description} if "$ref" in schema else {**schema, "description": info.description}
        if name in extra:
            target = schema["items"] if schema.get("type") == "array" and "enum" in extra[name] else schema
            target.update(extra[name])
        props[info.alias or name] = schema
    out = {"type": "object", "properties": props}
    if cls.__doc__ and cls.__doc__.strip() != cls.__name__:
        out["description"] = " ".join(cls.__doc__.split())
    if required.get(cls.__name__):
        out["required"] = required[cls.__name__]
    return out


def operations(pkg, models):
    """paths: {path: {method: operation}} from the SDK's API classes."""
    paths = {}
    api = importlib.import_module(pkg + ".api")
    for mod in pkgutil.iter_modules(api.__path__):
        module = importlib.import_module(f"{pkg}.api.{mod.name}")
        for cls in [c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__]:
            tag = cls.__name__.removesuffix("Api")
            for name, fn in inspect.getmembers(cls, inspect.isfunction):
                if name.startswith("_") or name.endswith(("_with_http_info", "_without_preload_content")):
                    continue
                serialize = inspect.getsource(getattr(cls, f"_{name}_serialize"))
                method = re.search(r"method='(\w+)'", serialize).group(1).lower()
                path = re.search(r"resource_path='([^']+)'", serialize).group(1)
                source = inspect.getsource(fn)
                doc = inspect.getdoc(fn) or ""
                summary = doc.splitlines()[0] if doc else name
                description = " ".join(doc.split("\n\n")[0].splitlines()[1:]).strip()
                sig = inspect.signature(fn)
                hints = typing.get_type_hints(fn, include_extras=True)
                params, body = [], None
                query = dict(re.findall(r"if (\w+) is not None:\s*\n\s*\n?\s*_query_params\.append\(\('([^']+)'", serialize))
                path_params = dict(re.findall(r"_path_params\['(\w+)'\] = (\w+)", serialize))
                body_param = re.search(r"_body_params = (\w+)", serialize)
                files = re.findall(r"_files\['(\w+)'\] = (\w+)", serialize)
                forms = re.findall(r"_form_params\.append\(\('(\w+)', (\w+)\)\)", serialize)
                for pname in sig.parameters:
                    if pname in ("self", "query_params") or pname.startswith("_"):
                        continue
                    hint = hints.get(pname)
                    _, meta = unwrap(hint)
                    desc = next((m.description for m in meta if getattr(m, "description", None)), None)
                    schema = schema_of(hint, models)
                    required = sig.parameters[pname].default is inspect.Parameter.empty
                    wire = {v: k for k, v in path_params.items()}.get(pname)
                    if wire:
                        params.append({"name": wire, "in": "path", "required": True, "schema": schema,
                                       **({"description": desc} if desc else {})})
                    elif pname in query:
                        params.append({"name": query[pname], "in": "query", "required": required, "schema": schema,
                                       **({"description": desc} if desc else {})})
                    elif body_param and body_param.group(1) == pname:
                        body = {"required": required, "content": {"application/json": {"schema": schema}}}
                    elif any(v == pname for _, v in files + forms):
                        body = body or {"required": True, "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {}}}}}
                        wire_name = next(k for k, v in files + forms if v == pname)
                        body["content"]["multipart/form-data"]["schema"]["properties"][wire_name] = schema
                accept = re.findall(r"'([\w/+.-]+)'", serialize.split("select_header_accept(")[1].split(")")[0]) if "select_header_accept(" in serialize else []
                answers = dict(re.findall(r"'(\d{3})': \"?'?(\w+|None)\"?'?", source.split("_response_types_map")[1].split("}")[0]))
                responses = {}
                for code, model in answers.items():
                    entry = {"description": code}
                    if model == "None" and code.startswith("2") and accept[:1] == ["text/plain"]:
                        entry["content"] = {"text/plain": {"schema": {"type": "string"}}}
                    elif model not in ("None",):
                        if model in ("str", "bytearray", "object"):
                            kind = "text/plain" if model != "object" else "application/json"
                            entry["content"] = {kind: {"schema": {"type": "string" if model != "object" else "object"}}}
                        else:
                            entry["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}}
                            models.add(getattr(importlib.import_module(pkg + ".models"), model))
                    responses[code] = entry
                op = {"operationId": re.sub(r"_(\w)", lambda m: m.group(1).upper(), name), "tags": [tag],
                      "summary": summary, "parameters": params, "responses": responses}
                if description:
                    op["description"] = description
                if body:
                    op["requestBody"] = body
                paths.setdefault(path, {})[method] = op
    return paths


def main():
    pkg, go_dir = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    module = importlib.import_module(pkg)
    models = set()
    paths = operations(pkg, models)
    required = go_required(go_dir)
    schemas, done = {}, set()
    while models - done:
        cls = sorted(models - done, key=lambda c: c.__name__)[0]
        done.add(cls)
        schemas[cls.__name__] = model_schema(cls, models, required)
    config = importlib.import_module(pkg + ".configuration").Configuration()
    servers = [{"url": s["url"], "description": s.get("description", "")} for s in config.get_host_settings()]
    header = re.search(r"The version of the OpenAPI document: ([\w.\-]+)", inspect.getsource(module.configuration))
    version = header.group(1) if header else "unknown"
    title = re.search(r'"""\s*\n\s*(.+?)\n', inspect.getsource(module.configuration)).group(1).strip()
    spec = {"openapi": "3.0.3",
            "info": {"title": title, "version": version,
                     "x-rebuilt-from": f"{pkg.replace('_', '-')} {getattr(module, '__version__', '')} (tools/sdk_spec.py)"},
            "servers": servers, "paths": dict(sorted(paths.items())),
            "components": {"schemas": dict(sorted(schemas.items()))}}
    yaml.safe_dump(spec, sys.stdout, sort_keys=False, allow_unicode=True, width=120)


if __name__ == "__main__":
    main()
