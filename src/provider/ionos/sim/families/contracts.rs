//! `/contracts`: the account's one contract, with its resource limits and what is provisioned
//! against them (counted from the stored servers, volumes, IP blocks and Kubernetes clusters
//! whenever asked, so it never goes stale). v6 answers a collection of contracts, v5 the
//! contract object itself, as the two API versions do.
//!
//! The limits are enforced: a server, volume, IP block or cluster create or update that
//! would go over one answers 422 naming the limit ([`check`], called by those families).
//! Tests lower them with `POST /_sim/contract` (see [`contract_control`](crate::provider::ionos::sim::controls::contract_limits)).

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::family::Request;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::derived;
use crate::provider::ionos::sim::shape::render::collection;
use crate::sim::{ErrorReply, Reply, Store};

/// The emulated contract's number.
pub const NUMBER: i64 = 31_612_345;

/// Where the limit overrides set by `POST /_sim/contract` are stored.
pub const OVERRIDES: &str = "contracts/31612345";

/// The limits of a fresh contract, in the order the API lists them; RAM in MB, storage in GB.
pub const DEFAULTS: &[(&str, i64)] = &[
    ("coresPerServer", 62),
    ("coresPerContract", 200),
    ("ramPerServer", 245_760),
    ("ramPerContract", 512_000),
    ("hddLimitPerVolume", 4096),
    ("hddLimitPerContract", 20_480),
    ("ssdLimitPerVolume", 4096),
    ("ssdLimitPerContract", 20_480),
    ("reservableIps", 50),
    ("k8sClusterLimitTotal", 5),
    ("nlbLimitTotal", 5),
    ("natGatewayLimitTotal", 5),
];

/// The limit `name` as it stands (default or overridden).
fn limit(store: Store, name: &str) -> i64 {
    let overridden = store.get(OVERRIDES).and_then(|e| e.properties.get(name)).and_then(Value::as_i64);
    overridden.or_else(|| DEFAULTS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)).unwrap_or(i64::MAX)
}

/// The kinds of objects counted against the contract's limits.
const COUNTED: [&str; 4] = ["server", "volume", "ipblock", "k8s"];

/// What the account has provisioned.
#[derive(Debug, Default)]
struct Usage {
    cores: i64,
    ram: i64,
    hdd: i64,
    ssd: i64,
    das: i64,
    ips: i64,
    ips_in_use: i64,
    k8s: i64,
}

/// The storage class a volume type counts against.
fn storage_class(properties: &Map<String, Value>) -> &'static str {
    match properties.get("type").and_then(Value::as_str).unwrap_or("HDD") {
        "DAS" => "das",
        t if t.starts_with("SSD") => "ssd",
        _ => "hdd",
    }
}

fn int(properties: &Map<String, Value>, name: &str) -> i64 {
    properties.get(name).and_then(Value::as_i64).unwrap_or(0)
}

/// Counts what is provisioned, with the object at `path` (of `kind`) counted with
/// `properties` instead of its stored ones (or in addition, if it is not stored yet).
fn usage(store: Store, changed: Option<(&str, &str, &Map<String, Value>)>) -> Usage {
    let mut usage = Usage::default();
    let mut add = |kind: &str, path: &str, properties: &Map<String, Value>| match kind {
        "server" => {
            usage.cores += int(properties, "cores");
            usage.ram += int(properties, "ram");
        }
        "volume" => {
            let size = int(properties, "size");
            match storage_class(properties) {
                "das" => usage.das += size,
                "ssd" => usage.ssd += size,
                _ => usage.hdd += size,
            }
        }
        "ipblock" => {
            usage.ips += int(properties, "size");
            if let Some(entry) = store.get(path) {
                let mut shown = properties.clone();
                derived::apply(store, path, entry, &mut shown);
                usage.ips_in_use += shown.get("ipConsumers").and_then(Value::as_array).map_or(0, Vec::len) as i64;
            }
        }
        "k8s" => usage.k8s += 1,
        _ => {}
    };
    let mut seen = false;
    for (path, entry) in COUNTED.iter().flat_map(|kind| store.of_kind(kind)) {
        match changed {
            Some((at, kind, properties)) if at == path => {
                seen = true;
                add(kind, path, properties);
            }
            _ => add(&entry.kind, path, &entry.properties),
        }
    }
    if let (Some((at, kind, properties)), false) = (changed, seen) {
        add(kind, at, properties);
    }
    usage
}

/// The contract's `resourceLimits`: every limit and what is provisioned against it.
fn resource_limits(store: Store, v6: bool) -> Value {
    let used = usage(store, None);
    let l = |name: &str| limit(store, name);
    let mut limits = json!({
        "coresPerServer": l("coresPerServer"),
        "coresPerContract": l("coresPerContract"),
        "coresProvisioned": used.cores,
        "ramPerServer": l("ramPerServer"),
        "ramPerContract": l("ramPerContract"),
        "ramProvisioned": used.ram,
        "hddLimitPerVolume": l("hddLimitPerVolume"),
        "hddLimitPerContract": l("hddLimitPerContract"),
        "hddVolumeProvisioned": used.hdd,
        "ssdLimitPerVolume": l("ssdLimitPerVolume"),
        "ssdLimitPerContract": l("ssdLimitPerContract"),
        "ssdVolumeProvisioned": used.ssd,
        "dasVolumeProvisioned": used.das,
        "reservableIps": l("reservableIps"),
        "reservedIpsOnContract": used.ips,
        "reservedIpsInUse": used.ips_in_use,
        "k8sClusterLimitTotal": l("k8sClusterLimitTotal"),
        "k8sClustersProvisioned": used.k8s,
        "nlbLimitTotal": l("nlbLimitTotal"),
        "nlbProvisioned": 0,
        "natGatewayLimitTotal": l("natGatewayLimitTotal"),
        "natGatewayProvisioned": 0,
    });
    if !v6 {
        // v5 counts neither DAS volumes nor network load balancers and NAT gateways.
        if let Some(limits) = limits.as_object_mut() {
            for name in V6_ONLY_LIMITS {
                limits.remove(*name);
            }
        }
    }
    limits
}

/// The resource limits v6 added to the contract.
const V6_ONLY_LIMITS: &[&str] =
    &["dasVolumeProvisioned", "nlbLimitTotal", "nlbProvisioned", "natGatewayLimitTotal", "natGatewayProvisioned"];

/// The contract object.
fn contract(call: &CloudApiCall, store: Store) -> Value {
    json!({
        "type": "contract",
        "properties": {
            "contractNumber": NUMBER,
            "owner": call.author.name,
            "status": "BILLABLE",
            "regDomain": "ionos.de",
            "resourceLimits": resource_limits(store, call.v6),
        }
    })
}

/// `GET /contracts`.
pub fn list(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let body = request.sim.read(|world, _| {
        let one = contract(call, world.store());
        if call.v6 {
            collection(call, "contracts", "contracts", vec![one])
        } else {
            one
        }
    })?;
    Ok(call.ok(body))
}

fn over(name: &str, limit: i64, what: String) -> ErrorReply {
    ErrorReply::validation(format!("The contract's resource limit {name} ({limit}) would be exceeded: {what}"))
}

/// Refuses (422, naming the limit) a server, volume, IP block or Kubernetes cluster at
/// `path` whose properties would become `properties` if that takes the account over one of
/// the contract's limits; other kinds pass.
pub fn check(store: Store, path: &str, kind: &str, properties: &Map<String, Value>) -> Result<(), ErrorReply> {
    let used = usage(store, Some((path, kind, properties)));
    let within = |name: &str, value: i64, what: &dyn Fn(i64) -> String| {
        let limit = limit(store, name);
        if value > limit {
            Err(over(name, limit, what(value)))
        } else {
            Ok(())
        }
    };
    match kind {
        "server" => {
            within("coresPerServer", int(properties, "cores"), &|v| format!("the server would have {v} cores"))?;
            within("ramPerServer", int(properties, "ram"), &|v| format!("the server would have {v} MB of RAM"))?;
            within("coresPerContract", used.cores, &|v| format!("{v} cores would be provisioned"))?;
            within("ramPerContract", used.ram, &|v| format!("{v} MB of RAM would be provisioned"))
        }
        "volume" => {
            let size = int(properties, "size");
            let class = storage_class(properties);
            let (per_volume, per_contract, total) = match class {
                "ssd" => ("ssdLimitPerVolume", "ssdLimitPerContract", used.ssd),
                "das" => return Ok(()),
                _ => ("hddLimitPerVolume", "hddLimitPerContract", used.hdd),
            };
            within(per_volume, size, &|v| format!("the volume would have {v} GB"))?;
            within(per_contract, total, &|v| format!("{v} GB of {} storage would be provisioned", class.to_uppercase()))
        }
        "ipblock" => within("reservableIps", used.ips, &|v| format!("{v} IP addresses would be reserved")),
        "k8s" => within("k8sClusterLimitTotal", used.k8s, &|v| format!("there would be {v} Kubernetes clusters")),
        _ => Ok(()),
    }
}
