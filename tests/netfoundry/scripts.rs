//! The NetFoundry scripts run end to end: `scripts/nf_network.rhai` with `ionosh run --sim`
//! (twice, then deleting), and `scripts/zero_trust_vm.rhai`, which uses both providers in one
//! run, checked against what each API then holds, and its cleanup when a step fails.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::json;

use crate::world::World;

fn run_script(dir: &Path, script: &str, args: &[&str]) -> Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(script);
    let mut command = Command::new(env!("CARGO_BIN_EXE_ionosh"));
    command.args(["run", "--sim", "--sim-state", "state.db", "--sim-delay-ms", "10"]).arg(path);
    if !args.is_empty() {
        command.arg("--").args(args);
    }
    command
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .expect("ionosh runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn succeeded(out: &Output) -> (String, String) {
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    (text(&out.stdout), text(&out.stderr))
}

#[test]
fn nf_network_builds_once_writes_private_tokens_and_deletes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (stdout, stderr) = succeeded(&run_script(dir.path(), "nf_network.rhai", &["network=lab"]));
    for made in [
        "ensure_network: 'lab' created",
        "ensure_edge_router: 'router-1' created",
        "ensure_endpoint: 'laptop' created",
        "ensure_endpoint: 'phone' created",
        "ensure_endpoint: 'server' created",
        "ensure_edge_router_policy: 'all-endpoints' created",
        "ensure_service: 'web' created",
        "ensure_app_wan: 'clients-to-web' created",
    ] {
        assert!(stderr.contains(made), "{made} missing from:\n{stderr}");
    }
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("network 'lab' (") && first.ends_with(") in OCI eu-amsterdam-1 is PROVISIONED"),
        "{stdout}"
    );
    let rows: Vec<&str> = stdout.lines().filter(|l| l.contains("PROVISIONED") && !l.starts_with("network")).collect();
    let names: Vec<&str> = rows.iter().filter_map(|r| r.split_whitespace().next()).collect();
    assert_eq!(names, ["router-1", "laptop", "phone", "server", "web", "clients-to-web"], "{stdout}");
    for endpoint in ["laptop", "phone", "server"] {
        let file = dir.path().join(format!("lab-{endpoint}.jwt"));
        let token = std::fs::read_to_string(&file).expect("token written");
        assert_eq!(token.split('.').count(), 3, "a JWT: {token}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{endpoint}'s token is readable by its owner only");
        }
    }

    // A second run finds everything as it should be and changes nothing.
    let (again, stderr) = succeeded(&run_script(dir.path(), "nf_network.rhai", &["network=lab"]));
    assert!(!stderr.contains("created") && !stderr.contains("updated"), "{stderr}");
    assert_eq!(stderr.matches("exists, unchanged").count(), 8, "{stderr}");
    assert_eq!(again, stdout);

    let (deleted, _) = succeeded(&run_script(dir.path(), "nf_network.rhai", &["network=lab", "delete=true"]));
    assert_eq!(deleted, "network 'lab' deleted with everything in it\n");
    let (nothing, _) = succeeded(&run_script(dir.path(), "nf_network.rhai", &["network=lab", "delete=true"]));
    assert_eq!(nothing, "no network 'lab': nothing to delete\n");
}

#[test]
fn zero_trust_vm_registers_a_netfoundry_router_from_an_ionos_server() {
    let world = World::start(20);
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/zero_trust_vm.rhai"))
        .expect("script");
    world.eval_all(&script).map(drop).unwrap_or_else(|e| panic!("script failed: {e}"));
    let found = world.json_all(
        r#"
        let net = nf::network("ionosh-zero-trust");
        let router = nf::edge_router(net, "ionos-router");
        let dc = list_datacenters().items.filter(|d| d.properties.name == "zero trust vm")[0];
        let server = list_servers(dc.id, #{ depth: 3 }).items[0];
        let volume = get_volume(dc.id, server.entities.volumes.items[0].id);
        let service = nf::service(net, "app");
        #{
            key: router.registration.registrationKey,
            tunneler: router.tunnelerEnabled,
            cloud_init: from_base64(volume.properties.userData),
            host: service.model.edgeRouterHosts[0].edgeRouterId == router.id,
            granted: nf::app_wan(net, "clients-to-app").serviceAttributes,
        }
        "#,
    );
    let key = found["key"].as_str().expect("a registration key");
    let cloud_init = found["cloud_init"].as_str().expect("user data");
    assert!(cloud_init.starts_with("#cloud-config\n"), "{cloud_init}");
    assert!(cloud_init.contains(&format!("router-registration, \"{key}\"")), "the current key: {cloud_init}");
    assert_eq!(found["tunneler"], json!(true));
    assert_eq!(found["host"], json!(true));
    assert_eq!(found["granted"], json!(["#app"]));
}

#[test]
fn zero_trust_vm_deletes_its_data_center_when_a_step_fails() {
    let world = World::start(20);
    // The contract allows one core per server: the two-core server is refused after the data
    // center and its LAN exist.
    world.control("/_sim/contract", json!({ "coresPerServer": 1 }));
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/zero_trust_vm.rhai"))
        .expect("script");
    let error = world.eval_all(&script).expect_err("the server is refused");
    assert!(error.contains("cores"), "{error}");
    let left = world.json_all(
        r#"list_datacenters(#{ depth: 1 }).items.filter(|d| d.properties.name == "zero trust vm" && d.metadata.state != "DELETED").len()"#,
    );
    assert_eq!(left, json!(0), "the data center went again");
}

// ---------------------------------------------------------------------------------------------
// The recipes of `import "netfoundry"` run by `ionosh run` against an emulator the test holds,
// so that what the user sees (stdout, stderr) and the requests the emulator was sent can both
// be checked.
// ---------------------------------------------------------------------------------------------

/// Runs `ionosh run <args>` against `world`'s NetFoundry API over HTTP (logging in with client
/// credentials at its token endpoint), with `home` as the home, config and cache directory and
/// nothing else from the environment (no IONOSH_PATH: the embedded stdlib).
fn run_at(world: &World, home: &Path, args: &[&str]) -> Output {
    let base = world.base_url();
    Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .arg("run")
        .args(args)
        .current_dir(home)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("NETFOUNDRY_API_URL", &base)
        .env("NETFOUNDRY_CLIENT_ID", "recipes")
        .env("NETFOUNDRY_PASSWORD", "secret")
        .env("NETFOUNDRY_OAUTH_URL", format!("{base}/oauth2/token"))
        .output()
        .expect("ionosh runs")
}

/// The path of a script of `scripts/`.
fn script_path(script: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(script).display().to_string()
}

/// The API requests the emulator was sent since the last reset, oldest first, as `METHOD
/// /route/{template}` (logins left out: a token may or may not have been cached).
fn requests(world: &World) -> Vec<String> {
    let log = world.sim(reqwest::Method::GET, "/_sim/stats/log");
    log["items"]
        .as_array()
        .expect("log items")
        .iter()
        .filter(|e| !e["template"].as_str().unwrap_or_default().starts_with("/oauth"))
        .map(|e| format!("{} {}", e["method"].as_str().unwrap_or_default(), e["template"].as_str().unwrap_or_default()))
        .collect()
}

/// The requests of `sent` that change something (all but GETs).
fn changes(sent: &[String]) -> Vec<&str> {
    sent.iter().map(String::as_str).filter(|r| !r.starts_with("GET ")).collect()
}

/// A repeat run of `scripts/nf_network.rhai` finds every object in its kind's list and reads
/// nothing again: one list per `ensure_*` (the network's once, not twice), no GET of an object
/// by id, then the four lists of the closing table. Deleting costs one list before the DELETE.
#[test]
fn a_repeat_run_of_nf_network_costs_one_list_per_recipe() {
    let world = World::start(10);
    let home = tempfile::tempdir().expect("temp dir");
    let script = script_path("nf_network.rhai");
    let dir = format!("dir={}", home.path().display());
    let (first, _) = succeeded(&run_at(&world, home.path(), &[&script, "--", "network=lab", &dir]));

    world.forget_requests();
    let (again, stderr) = succeeded(&run_at(&world, home.path(), &[&script, "--", "network=lab", &dir]));
    assert_eq!(again, first);
    assert_eq!(stderr.matches("exists, unchanged").count(), 8, "{stderr}");
    assert_eq!(
        requests(&world),
        [
            "GET /core/v2/networks",
            "GET /core/v2/edge-routers",
            "GET /core/v2/endpoints",
            "GET /core/v2/endpoints",
            "GET /core/v2/endpoints",
            "GET /core/v2/edge-router-policies",
            "GET /core/v2/services",
            "GET /core/v2/app-wans",
            // The table of what the network holds.
            "GET /core/v2/edge-routers",
            "GET /core/v2/endpoints",
            "GET /core/v2/services",
            "GET /core/v2/app-wans",
        ]
    );

    world.forget_requests();
    let (deleted, _) = succeeded(&run_at(&world, home.path(), &[&script, "--", "network=lab", "delete=true"]));
    assert_eq!(deleted, "network 'lab' deleted with everything in it\n");
    let sent = requests(&world);
    let delete = sent
        .iter()
        .position(|r| r == "DELETE /core/v2/networks/{network}")
        .unwrap_or_else(|| panic!("no DELETE: {sent:?}"));
    assert_eq!(sent[..delete], ["GET /core/v2/networks"], "{sent:?}");
    assert!(sent[delete + 1..].iter().all(|r| r == "GET /core/v2/executions/{execution_id}"), "{sent:?}");
}

/// A read of the emulator's NetFoundry API (any token is taken).
fn nf_get(world: &World, path: &str) -> serde_json::Value {
    let url = format!("{}{path}", world.base_url());
    world.runtime.block_on(async {
        let response = reqwest::Client::new().get(url).bearer_auth("t").send().await.expect("answer");
        assert!(response.status().is_success(), "{path} answered {}", response.status());
        response.json().await.expect("JSON")
    })
}

/// Every object of `network` in the emulator, as `kind name` lines: each must be there once.
fn objects_of(world: &World, network: &str) -> Vec<String> {
    let networks = nf_get(world, &format!("/core/v2/networks?findByName={network}"));
    let listed = networks["_embedded"]["networkList"].as_array().expect("networks").clone();
    assert_eq!(listed.len(), 1, "one network named {network}: {listed:?}");
    let id = listed[0]["id"].as_str().expect("id").to_string();
    let mut objects = Vec::new();
    for (collection, list) in [
        ("edge-routers", "edgeRouterList"),
        ("endpoints", "endpointList"),
        ("edge-router-policies", "edgeRouterPolicyList"),
        ("services", "serviceList"),
        ("app-wans", "appWanList"),
    ] {
        let page = nf_get(world, &format!("/core/v2/{collection}?networkId={id}&size=1000"));
        for item in page["_embedded"][list].as_array().into_iter().flatten() {
            objects.push(format!("{collection} {}", item["name"].as_str().unwrap_or_default()));
        }
    }
    objects.sort();
    objects
}

/// Creates whose answers are lost are found by name and followed, never sent twice: with
/// every create's answer dropped, then with 30 % of all answers faulted and with half the
/// changes' answers dropped (seeded, so each run meets the same faults), `nf_network.rhai`
/// builds each network whole, each object once.
#[test]
fn nf_network_survives_lost_answers_creating_each_object_once() {
    let world = World::start(0);
    let home = tempfile::tempdir().expect("temp dir");
    let script = script_path("nf_network.rhai");
    let dir = format!("dir={}", home.path().display());
    let expected = [
        "app-wans clients-to-web",
        "edge-router-policies all-endpoints",
        "edge-routers router-1",
        "endpoints laptop",
        "endpoints phone",
        "endpoints server",
        "services web",
    ];

    // Logged in first (the token is cached), so the drops meet the creates.
    succeeded(&run_at(&world, home.path(), &["-e", "nf::networks()"]));
    world.control(
        "/_sim/faults/next",
        json!({"kinds": ["drop", "drop", "drop", "drop", "drop", "drop", "drop", "drop"]}),
    );
    world.forget_requests();
    succeeded(&run_at(&world, home.path(), &[&script, "--", "network=dropped", &dir]));
    let creates: Vec<String> = requests(&world).into_iter().filter(|r| r.starts_with("POST /core")).collect();
    assert_eq!(creates.len(), 8, "each create sent once: {creates:?}");
    assert_eq!(objects_of(&world, "dropped"), expected);

    let settings = [
        json!({"rate": 0.3, "kinds": ["429", "500", "502", "503", "504", "drop"], "seed": 11, "retryAfter": 0}),
        json!({"rate": 0.5, "kinds": ["drop"], "seed": 12}),
    ];
    for (i, faults) in settings.into_iter().enumerate() {
        world.control_put("/_sim/faults", faults.clone());
        let network = format!("network=faulted{i}");
        let out = run_at(&world, home.path(), &[&script, "--", &network, &dir]);
        world.control_put("/_sim/faults", json!({"rate": 0}));
        assert!(out.status.success(), "{faults}: {}", text(&out.stderr));
        assert_eq!(objects_of(&world, &format!("faulted{i}")), expected, "{faults}");
    }
}

/// An object being deleted (DELETING, still in its list) is not the object an `ensure_*` wants:
/// it creates a new one instead of changing the one going (whose PATCH the API answers 404).
#[test]
fn ensure_right_after_a_delete_creates_anew() {
    // Slow enough that the endpoint is still DELETING when the recipe lists endpoints.
    let world = World::start(1500);
    let home = tempfile::tempdir().expect("temp dir");
    let code = r##"
        import "netfoundry" as netfoundry;
        let net = netfoundry::ensure_network("net", #{});
        let old = nf::create_endpoint(net, #{ name: "ep", attributes: ["#a"] });
        wait_for_completion(old);
        nf::delete_endpoint(net, old);
        let going = nf::endpoints(net, #{ name: "ep" }).map(|e| e.status);
        let ep = netfoundry::ensure_endpoint(net, "ep", #{ attributes: ["#b"] });
        print(#{ going: going, anew: ep.id != old.id, status: ep.status, attributes: ep.attributes });
    "##;
    world.forget_requests();
    let (stdout, stderr) = succeeded(&run_at(&world, home.path(), &["-e", code]));
    let seen: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        seen,
        json!({ "going": ["DELETING"], "anew": true, "status": "PROVISIONED", "attributes": ["#b"] }),
        "{stderr}"
    );
    assert!(stderr.contains("ensure_endpoint: 'ep' created"), "{stderr}");
    assert_eq!(
        changes(&requests(&world)),
        [
            "POST /core/v2/networks",
            "POST /core/v2/endpoints",
            "DELETE /core/v2/endpoints/{endpoint}",
            "POST /core/v2/endpoints",
        ]
    );
}

/// An object found still being created is waited for: the recipe answers it PROVISIONED, as it
/// promises, and waiting is all it does (the object as the wait last read it, no other read).
#[test]
fn ensure_waits_for_an_object_still_being_created() {
    let world = World::start(1500);
    let home = tempfile::tempdir().expect("temp dir");
    let code = r##"
        import "netfoundry" as netfoundry;
        let net = netfoundry::ensure_network("net", #{});
        let made = nf::create_endpoint(net, #{ name: "ep", attributes: ["#a"] });
        let ep = netfoundry::ensure_endpoint(net, "ep", #{ attributes: ["#a"] });
        print(#{ made: made.status, same: ep.id == made.id, status: ep.status });
    "##;
    let (stdout, stderr) = succeeded(&run_at(&world, home.path(), &["-e", code]));
    let seen: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(seen, json!({ "made": "NEW", "same": true, "status": "PROVISIONED" }), "{stderr}");
    assert!(stderr.contains("ensure_endpoint: 'ep' exists, unchanged"), "{stderr}");
}

/// Four runs ensuring a network and an endpoint at the same moment, all answered the same
/// objects (one of each named so, PROVISIONED).
fn race_once(world: &World, name: &str) -> Vec<serde_json::Value> {
    let script = format!(
        r##"
        import "netfoundry" as netfoundry;
        let net = netfoundry::ensure_network("{name}", #{{}});
        let ep = netfoundry::ensure_endpoint(net, "shared", #{{ attributes: ["#a"] }});
        [net.id, ep.id, ep.status]
    "##
    );
    let barrier = std::sync::Barrier::new(4);
    let answers: Vec<serde_json::Value> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..4)
            .map(|_| {
                let (host, barrier, script) = (world.host_all(), &barrier, &script);
                scope.spawn(move || {
                    let engine = ionosh::engine::engine(ionosh::provider::ALL, &host);
                    let ast = engine.compile(script).expect("compiles");
                    // Logged in before they start, so they start together.
                    let _ = engine.eval::<rhai::Dynamic>("nf::networks()").expect("logs in");
                    barrier.wait();
                    let value = engine.eval_ast::<rhai::Dynamic>(&ast).unwrap_or_else(|e| panic!("run failed: {e}"));
                    rhai::serde::from_dynamic::<serde_json::Value>(&value).expect("JSON")
                })
            })
            .collect();
        runs.into_iter().map(|run| run.join().expect("run")).collect()
    });
    for answer in &answers {
        assert_eq!(answer, &answers[0], "every run answers the same objects: {answers:?}");
    }
    assert_eq!(answers[0][2], "PROVISIONED");
    let networks = nf_get(world, &format!("/core/v2/networks?findByName={name}"));
    assert_eq!(networks["_embedded"]["networkList"].as_array().map(Vec::len), Some(1));
    let id = answers[0][0].as_str().expect("id");
    let endpoints = nf_get(world, &format!("/core/v2/endpoints?networkId={id}&name=shared"));
    assert_eq!(endpoints["_embedded"]["endpointList"].as_array().map(Vec::len), Some(1));
    answers
}

/// Runs ensuring the same objects at the same moment converge on one of each: the API takes
/// one create of a name and answers the others 409, whose runs use the object that was made.
/// Rounds are run until one raced (more than one create of an object was sent).
#[test]
fn concurrent_ensure_runs_converge_on_one_netfoundry_object() {
    let world = World::start(150);
    for round in 0..10 {
        world.forget_requests();
        race_once(&world, &format!("race{round}"));
        let sent = requests(&world);
        let creates = sent.iter().filter(|r| *r == "POST /core/v2/networks" || *r == "POST /core/v2/endpoints").count();
        if creates > 2 {
            return;
        }
    }
    panic!("in ten rounds the runs never raced");
}

/// `ensure_service_edge_router_policy` and `ensure_posture_check` create once, then change
/// nothing, then only what differs, like the other recipes.
#[test]
fn service_edge_router_policies_and_posture_checks_have_recipes() {
    let world = World::start(10);
    let home = tempfile::tempdir().expect("temp dir");
    let code = |attributes: &str| {
        format!(
            r##"
            import "netfoundry" as netfoundry;
            let net = netfoundry::ensure_network("net", #{{}});
            let serp = netfoundry::ensure_service_edge_router_policy(net, "web-via-routers",
                #{{ service_attributes: ["#web"], edge_router_attributes: ["#routers"] }});
            let mfa = netfoundry::ensure_posture_check(net, "mfa", #{{ type: "MFA", timeout_seconds: 300, attributes: {attributes} }});
            print(#{{
                serp: [serp.status, serp.serviceAttributes, serp.edgeRouterAttributes, serp.semantic],
                mfa: [mfa.status, mfa.type, mfa.timeoutSeconds, mfa.attributes],
                ids: [serp.id, mfa.id],
            }});
            "##
        )
    };
    let (first, stderr) = succeeded(&run_at(&world, home.path(), &["-e", &code(r##"["#mfa"]"##)]));
    let first: serde_json::Value = serde_json::from_str(&first).expect("JSON");
    assert_eq!(first["serp"], json!(["PROVISIONED", ["#web"], ["#routers"], "AnyOf"]));
    assert_eq!(first["mfa"], json!(["PROVISIONED", "MFA", 300, ["#mfa"]]));
    for line in ["ensure_service_edge_router_policy: 'web-via-routers' created", "ensure_posture_check: 'mfa' created"]
    {
        assert!(stderr.contains(line), "{line} missing from:\n{stderr}");
    }

    world.forget_requests();
    let (second, stderr) = succeeded(&run_at(&world, home.path(), &["-e", &code(r##"["#mfa"]"##)]));
    assert_eq!(serde_json::from_str::<serde_json::Value>(&second).expect("JSON"), first);
    assert_eq!(stderr.matches("exists, unchanged").count(), 3, "{stderr}");
    assert_eq!(changes(&requests(&world)), Vec::<&str>::new(), "a second run changes nothing");

    world.forget_requests();
    let (third, stderr) = succeeded(&run_at(&world, home.path(), &["-e", &code(r##"["#strict", "#mfa"]"##)]));
    let third: serde_json::Value = serde_json::from_str(&third).expect("JSON");
    assert_eq!(third["ids"], first["ids"], "nothing made anew");
    assert_eq!(third["mfa"], json!(["PROVISIONED", "MFA", 300, ["#strict", "#mfa"]]));
    assert!(stderr.contains("ensure_posture_check: 'mfa' updated (attributes)"), "{stderr}");
    assert_eq!(changes(&requests(&world)), ["PATCH /core/v2/posture-checks/{posture_check}"]);
}

/// `ionosh stdlib` shows the recipes, not the helpers behind them.
#[test]
fn the_stdlib_listing_shows_the_recipes_not_their_helpers() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .arg("stdlib")
        .current_dir(home.path())
        .env("HOME", home.path())
        .env_remove("IONOSH_PATH")
        .output()
        .expect("ionosh runs");
    let (stdout, _) = succeeded(&out);
    for shown in [
        "netfoundry::ensure_network(name, options)",
        "netfoundry::ensure_service_edge_router_policy(net, name, fields)",
        "netfoundry::ensure_posture_check(net, name, fields)",
        "netfoundry::simple_service(",
    ] {
        assert!(stdout.contains(shown), "{shown} missing from:\n{stdout}");
    }
    for hidden in ["netfoundry::differing", "netfoundry::api_names", "netfoundry::converge", "netfoundry::named"] {
        assert!(!stdout.contains(hidden), "{hidden} listed:\n{stdout}");
    }
}

#[test]
fn the_login_is_traced_with_its_credentials_and_token_masked() {
    let world = World::start(30);
    let home = tempfile::tempdir().expect("temp dir");
    let out = run_at(&world, home.path(), &["--trace", "-e", "print(nf::caller().name)"]);
    let (stdout, stderr) = succeeded(&out);
    assert_eq!(stdout, "ionosh emulator\n");
    let login = format!("> POST {}/oauth2/token\n> Authorization: Basic ***\n", world.base_url());
    assert!(stderr.contains(&login), "{stderr}");
    assert!(stderr.contains("< 200 OK"), "{stderr}");
    assert!(!stderr.contains("secret") && !stderr.contains("eyJ"), "nothing secret is shown: {stderr}");
}
