//! Every example `:help` shows (and `ionosh functions NAME` prints) runs as written against the
//! emulator, both providers', once its stand-in ids (`"<datacenter_id>"`, `"<network>"`) are
//! those of objects the earlier examples created: the creates run first, parents before
//! children, then every read, change and action, then the deletes, children before parents.

use std::collections::BTreeMap;

use ionosh::catalog::{Method, Operation};
use ionosh::provider::{self, Provider};
use ionosh::repl::help;

use crate::world::World;

/// One operation's example, as help shows it, with what it needs and what it makes.
struct Example {
    /// The function, as a script calls it (`create_server`, `nf::create_endpoint`).
    function: String,
    method: Method,
    /// Its path template.
    path: String,
    /// The collection its create makes an object in and the stand-in naming that object
    /// (`server_id`), if it creates one others name.
    makes: Option<(String, String)>,
    /// The example's code, stand-ins still in it.
    code: String,
}

/// The code under `Example:` in a function's help.
fn example_code(text: &str) -> String {
    let (_, example) = text.split_once("\nExample:\n").unwrap_or_else(|| panic!("no example in:\n{text}"));
    example.lines().map(|line| line.strip_prefix("  ").unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

/// The stand-ins an example names, such as `datacenter_id` for `"<datacenter_id>"`.
fn stand_ins(code: &str) -> Vec<String> {
    code.split("\"<").skip(1).filter_map(|rest| rest.split_once(">\"").map(|(name, _)| name.to_string())).collect()
}

/// The collection a create at `op`'s path makes an object in, and the path parameter naming
/// it: `server_id` for `POST /datacenters/{datacenter_id}/servers`, read back at
/// `…/servers/{server_id}`.
fn made_by(op: &Operation, provider: &Provider) -> Option<(String, String)> {
    if op.method != Method::Post || !op.creates {
        return None;
    }
    if let Some((_, collection, name)) = MADE_ELSEWHERE.iter().find(|(function, ..)| *function == op.name) {
        return Some((collection.to_string(), name.to_string()));
    }
    let one = format!("{}/{{", op.path);
    provider.catalog.operations().find_map(|get| {
        let rest = get.path.strip_prefix(&one)?;
        let name = rest.strip_suffix('}')?;
        (get.method == Method::Get && !name.contains('/')).then(|| (op.path.to_string(), name.to_string()))
    })
}

fn examples() -> Vec<Example> {
    let functions = ionosh::engine::functions(provider::ALL);
    let mut all = Vec::new();
    for provider in provider::ALL {
        for op in provider.catalog.operations() {
            let function =
                if provider.global { op.name.to_string() } else { format!("{}::{}", provider.name, op.name) };
            let text = help::named(&functions, &function, provider::ALL).expect("help of every operation");
            let mut code = example_code(&text);
            for (_, stand_in, particular) in PARTICULAR.iter().filter(|(name, ..)| *name == op.name) {
                code = code.replace(&format!("\"<{stand_in}>\""), &format!("\"<{particular}>\""));
            }
            all.push(Example {
                function,
                method: op.method,
                path: op.path.to_string(),
                makes: made_by(op, provider),
                code,
            });
        }
        // A constructor's example builds a body and sends nothing.
        let qualifier = if provider.global { String::new() } else { format!("{}::", provider.name) };
        let constructors = provider.catalog.resources().map(|r| format!("{qualifier}{}", r.name));
        for function in constructors.filter(|name| functions.iter().any(|f| &f.name == name)) {
            let text = help::named(&functions, &function, provider::ALL).expect("help of every constructor");
            let code = format!("{}\nlet result = body;", example_code(&text));
            all.push(Example { function, method: Method::Get, path: String::new(), makes: None, code });
        }
    }
    all
}

/// Stand-ins no example creates, read from the emulator once what they need is known: a
/// script each, itself with stand-ins.
const READ: &[(&str, &str)] = &[
    ("location_id", r#""de/fra""#),
    ("region_id", r#""de""#),
    ("resource_type", r#""datacenter""#),
    ("resource_id", r#""<datacenter_id>""#),
    ("image_id", "list_images().items.filter(|i| !i.properties.public)[0].id"),
    ("cdrom_id", r#"list_images().items.filter(|i| i.properties.imageType == "CDROM")[0].id"#),
    ("request_id", "list_requests().items[0].id"),
    ("public_ip", r#"get_ipblock("<ipblock_id>").properties.ips[0]"#),
    ("node_id", r#"list_k8s_nodes("<k8s_cluster_id>", "<nodepool_id>").items[0].id"#),
    ("template_id", "list_templates().items[0].id"),
    ("password", r#""Secret-pass-123!""#),
    ("version_id", "postgres::list_versions().items[0].id"),
    ("backuplocation_id", "postgres::list_backuplocations().items[0].id"),
    ("backup_id", "postgres::list_backups().items[0].id"),
    ("token_id", "auth::list_tokens().tokens[0].id"),
    // The record the examples make, kept (with its id) by the import.
    ("zonefile", r#""www 3600 IN A 203.0.113.10""#),
    ("urn", "list_labels().items[0].id"),
    ("organization_id", "nf::organizations()[0].id"),
    ("identity_id", "nf::identities()[0].id"),
    ("role_id", "nf::roles()[0].id"),
    ("network_group", "nf::network_groups()[0].id"),
    ("execution_id", r#"nf::executions("<network>")[0].id"#),
    ("provider", "nf::regions()[0].provider"),
    ("location_code", "nf::regions()[0].locationCode"),
    (
        "cube_server_id",
        r#"let server = create_server("<datacenter_id>", Server(#{ name: "cube", type: "CUBE", template_uuid: "<template_id>", cores: 1, ram: 1024 }));
        wait_for_completion(server);
        server.id"#,
    ),
];

/// Examples whose stand-in must be a particular object: only a Cube server is suspended.
const PARTICULAR: &[(&str, &str, &str)] =
    &[("suspend_server", "server_id", "cube_server_id"), ("resume_server", "server_id", "cube_server_id")];

/// Creates whose object is read back elsewhere than under their own path.
const MADE_ELSEWHERE: &[(&str, &str, &str)] = &[("create_snapshot", "/snapshots", "snapshot_id")];

/// What is known of the objects made so far.
#[derive(Default)]
struct Known {
    /// Ids by the collection the object was made in (`/datacenters/{datacenter_id}/servers`).
    made: BTreeMap<String, String>,
    /// The collections in the order they were made in: deletes go the other way.
    order: Vec<String>,
    /// Ids by stand-in, the latest of each (a NIC to balance, an image to boot from).
    latest: BTreeMap<String, String>,
    /// Every collection some create makes objects in.
    creatable: Vec<String>,
}

impl Known {
    /// The id standing in for `name` in an example of `path`: the object made in that
    /// collection, or else the latest of that name.
    fn id(&self, path: &str, name: &str) -> Option<&String> {
        match path.find(&format!("/{{{name}}}")).map(|at| &path[..at]) {
            Some(collection) if self.creatable.iter().any(|c| c == collection) => self.made.get(collection),
            _ => self.latest.get(name),
        }
    }

    /// The example's code with its stand-ins filled in, if all are known.
    fn fill(&self, path: &str, code: &str) -> Option<String> {
        stand_ins(code).iter().try_fold(code.to_string(), |code, name| {
            let id = self.id(path, name)?;
            Some(code.replace(&format!("\"<{name}>\""), &format!("{id:?}")))
        })
    }

    fn record(&mut self, collection: String, name: &str, id: String) {
        self.latest.insert(name.to_string(), id.clone());
        self.order.push(collection.clone());
        self.made.insert(collection, id);
    }

    /// Reads the stand-ins no example makes, those it can so far; a stand-in never read leaves
    /// the examples naming it unrun, which fails the test.
    fn read(&mut self, world: &World) {
        for (name, script) in READ {
            if self.latest.contains_key(*name) {
                continue;
            }
            let Some(script) = self.fill("", script) else { continue };
            // Nothing to read yet (no request made so far): again after the next example.
            if let Ok(Ok(value)) = world.eval_all(&script).map(|value| value.into_string()) {
                self.latest.insert(name.to_string(), value);
            }
        }
    }
}

/// Runs the examples that can run with the stand-ins known so far, again while that makes
/// more known; answers what is left.
fn run_round<'a>(
    world: &World,
    waiting: Vec<&'a Example>,
    known: &mut Known,
    failures: &mut Vec<String>,
) -> Vec<&'a Example> {
    let mut waiting = waiting;
    loop {
        let before = waiting.len();
        let mut left = Vec::new();
        for example in waiting {
            known.read(world);
            let Some(code) = known.fill(&example.path, &example.code) else {
                left.push(example);
                continue;
            };
            let script = format!("{code}\n{}", if code.contains("let response") { "response" } else { "result" });
            match world.eval_all(&script) {
                Ok(value) => {
                    if let Some((collection, made)) = &example.makes {
                        let id = value.try_cast::<rhai::Map>().and_then(|m| m.get("id").cloned());
                        match id.and_then(|id| id.into_string().ok()) {
                            Some(id) => known.record(collection.clone(), made, id),
                            None => failures.push(format!("{}: its answer has no id", example.function)),
                        }
                    }
                }
                Err(error) => {
                    failures.push(format!("{}:\n  {}\n  -> {error}", example.function, code.replace('\n', "\n  ")))
                }
            }
        }
        if left.len() == before || left.is_empty() {
            return left;
        }
        waiting = left;
    }
}

#[test]
fn every_help_example_runs_against_the_emulator() {
    let world = World::start(5);
    // A private image (uploaded, on the real API): only such an image is changed or deleted.
    world.control("/_sim/images", serde_json::json!({ "name": "golden", "location": "de/fra", "size": 10 }));
    let all = examples();
    let mut known = Known {
        creatable: all.iter().filter_map(|e| e.makes.as_ref().map(|(collection, _)| collection.clone())).collect(),
        ..Known::default()
    };
    // What only a user has: a certificate, the chain that issued it and its key (openssl's).
    let (certificate, chain, key) = crate::certificates::issued();
    known.latest.extend([
        ("certificate_pem".into(), certificate),
        ("chain_pem".into(), chain),
        ("private_key_pem".into(), key),
    ]);
    let mut failures = Vec::new();

    // Creates, parents first; then attachments and actions; then reads and changes.
    let creates: Vec<&Example> = all.iter().filter(|e| e.makes.is_some()).collect();
    let mut rest = run_round(&world, creates, &mut known, &mut failures);
    let others = |post: bool| -> Vec<&Example> {
        all.iter()
            .filter(|e| e.makes.is_none() && e.method != Method::Delete && (e.method == Method::Post) == post)
            .collect()
    };
    rest.extend(run_round(&world, others(true), &mut known, &mut failures));
    rest.extend(run_round(&world, others(false), &mut known, &mut failures));
    // What the `set_*` examples set is taken off again (an empty list), as a user does before
    // deleting a security group in use.
    let unset: Vec<Example> = all
        .iter()
        .filter(|e| e.function.starts_with("set_"))
        .map(|e| Example {
            function: format!("{} (to [])", e.function),
            method: e.method,
            path: e.path.clone(),
            makes: None,
            code: e.code.replace(r#"["<securitygroup_id>"]"#, "[]"),
        })
        .collect();
    rest.extend(run_round(&world, unset.iter().collect(), &mut known, &mut failures));
    // Deletes: detaching first, then the objects, the latest made first, then what no example
    // made (a top-level object such as the uploaded image).
    let mut deletes: Vec<&Example> = all.iter().filter(|e| e.method == Method::Delete).collect();
    let made_at = |e: &&Example| {
        // A delete of a whole collection (a zone's DNSSEC keys) goes with what it deletes.
        let collection = match e.path.rsplit_once("/{") {
            Some((collection, _)) if e.path.ends_with('}') => collection,
            _ => e.path.as_str(),
        };
        match known.order.iter().position(|c| c == collection) {
            Some(at) => known.order.len() - at,
            None if collection.matches('/').count() <= 1 => usize::MAX,
            None => 0,
        }
    };
    // One object before all of a kind (a token before every token).
    deletes.sort_by_key(|e| (made_at(e), !e.path.ends_with('}')));
    for delete in deletes {
        rest.extend(run_round(&world, vec![delete], &mut known, &mut failures));
    }

    let unrun: Vec<String> = rest.iter().map(|e| format!("{} (needs {:?})", e.function, stand_ins(&e.code))).collect();
    assert!(
        failures.is_empty() && unrun.is_empty(),
        "{} of {} examples failed:\n{}\n\nnot run, a stand-in unknown:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n"),
        unrun.join("\n")
    );
}
