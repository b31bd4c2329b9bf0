//! The bundled scripts work in every location the emulator offers, run as a user runs them
//! (`ionosh run` against the API URL), and a build the API refuses halfway leaves nothing
//! behind.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::json;

use crate::world::World;

/// `ionosh run scripts/<script> -- <args>` against `world`'s emulator.
fn run(world: &World, home: &Path, script: &str, args: &[&str]) -> Output {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(script);
    Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .arg("run")
        .arg(path)
        .arg("--")
        .args(args)
        .current_dir(home)
        .env("HOME", home)
        .env("IONOS_API_URL", world.api_url())
        .env("IONOS_USERNAME", "tester@example.com")
        .env("IONOS_PASSWORD", "pw")
        .env_remove("IONOS_TOKEN")
        // NetFoundry logs in with an API account given by the three variables.
        .env("NETFOUNDRY_API_URL", world.base_url())
        .env("NETFOUNDRY_CLIENT_ID", "tester")
        .env("NETFOUNDRY_PASSWORD", "pw")
        .env("NETFOUNDRY_OAUTH_URL", format!("{}/oauth2/token", world.base_url()))
        .env_remove("NETFOUNDRY_API_TOKEN")
        .env_remove("NETFOUNDRY_API_ACCOUNT")
        .env("XDG_CACHE_HOME", home.join("cache"))
        .output()
        .expect("ionosh runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every location id the emulator lists.
fn locations(world: &World) -> Vec<String> {
    let ids = world.json("list_locations().items.map(|l| l.id)");
    ids.as_array().expect("locations").iter().filter_map(|id| id.as_str().map(str::to_string)).collect()
}

#[test]
fn every_bundled_script_runs_in_every_location() {
    let probe = World::start(5);
    let locations = locations(&probe);
    assert!(locations.len() >= 8, "{locations:?}");
    drop(probe);
    // One emulator per location, two locations at a time.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<&[String]> = locations.chunks(locations.len().div_ceil(2)).collect();
        let workers: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || chunk.iter().flat_map(|location| in_location(location)).collect::<Vec<_>>())
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a worker")).collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs every script in `location` on a fresh emulator, then tears down what they built;
/// returns what failed.
fn in_location(location: &str) -> Vec<String> {
    let world = World::start(5);
    let home = tempfile::tempdir().expect("temp dir");
    let tag = location.replace('/', "-");
    let runs: Vec<(&str, Vec<String>)> = vec![
        ("search_images.rhai", vec![format!("location={location}"), "name=ubuntu".into()]),
        ("create_datacenter.rhai", vec![format!("location={location}"), format!("name=demo-{tag}")]),
        ("component_build.rhai", vec![format!("location={location}")]),
        ("composite_build.rhai", vec![format!("location={location}")]),
        ("queued_build.rhai", vec![format!("location={location}")]),
        ("nat_gateway.rhai", vec![format!("location={location}"), format!("datacenter=nat-{tag}")]),
        ("app_load_balancer.rhai", vec![format!("location={location}"), format!("datacenter=web-{tag}")]),
        ("labels.rhai", vec![format!("datacenter=web-{tag}"), "key=env".into(), "value=prod".into()]),
        ("security_group.rhai", vec![format!("location={location}"), format!("datacenter=sg-{tag}")]),
        ("web_tier.rhai", vec![format!("location={location}"), format!("name=wt-{tag}")]),
        (
            "web_stack.rhai",
            vec![format!("location={location}"), format!("name=ws-{tag}"), format!("domain={tag}.example")],
        ),
        ("web_stack.rhai", vec![format!("name=ws-{tag}"), format!("domain={tag}.example"), "delete=true".into()]),
        (
            "parallel_servers.rhai",
            vec![format!("location={location}"), "count=2".into(), format!("datacenter=p-{tag}")],
        ),
        ("reserve_ipblock.rhai", vec![format!("location={location}"), "size=2".into()]),
        ("k8s_cluster.rhai", vec![format!("location={location}"), format!("name=k-{tag}")]),
        (
            "zero_trust_vm.rhai",
            vec![format!("location={location}"), format!("network=zt-{tag}"), format!("datacenter=zt-{tag}")],
        ),
        ("list_datacenters.rhai", vec![]),
        ("teardown.rhai", vec!["datacenter=ionosh component build".into()]),
        ("teardown.rhai", vec!["datacenter=ionosh composite build".into()]),
        ("teardown.rhai", vec!["datacenter=ionosh queued build".into()]),
        ("teardown.rhai", vec![format!("datacenter=demo-{tag}")]),
        ("teardown.rhai", vec![format!("datacenter=p-{tag}")]),
        ("teardown.rhai", vec![format!("datacenter=nat-{tag}")]),
        ("teardown.rhai", vec![format!("datacenter=web-{tag}")]),
        ("teardown.rhai", vec![format!("datacenter=zt-{tag}")]),
        ("teardown.rhai", vec![format!("datacenter=sg-{tag}")]),
        ("teardown.rhai", vec![format!("datacenter=wt-{tag}")]),
        ("nf_network.rhai", vec![format!("network=zt-{tag}"), "delete=true".into()]),
    ];
    let mut failures = Vec::new();
    for (script, args) in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&world, home.path(), script, &args);
        if !out.status.success() {
            failures.push(format!("{location}: {script} {args:?} failed: {}", stderr(&out)));
        } else if out.stdout.is_empty() {
            failures.push(format!("{location}: {script} printed nothing"));
        }
    }
    // What is left is the Kubernetes cluster's data center, and only that.
    let left = world.json("list_datacenters(#{ depth: 1 }).items.map(|d| d.properties.name)");
    if left != json!([format!("k-{tag}-nodes")]) {
        failures.push(format!("{location}: left behind {left}"));
    }
    failures
}

#[test]
fn a_build_the_api_refuses_halfway_deletes_what_it_made() {
    let world = World::start(5);
    let home = tempfile::tempdir().expect("temp dir");
    // Servers of at most 2 cores: the data center and the LAN are made, the server is refused.
    world.control("/_sim/contract", json!({ "coresPerServer": 2 }));
    let out = run(&world, home.path(), "component_build.rhai", &["location=de/fra"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the build failed: deleting data center"), "{err}");
    assert!(err.contains("coresPerServer"), "{err}");
    let out = run(&world, home.path(), "composite_build.rhai", &["location=de/fra"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("coresPerServer"), "{}", stderr(&out));
    let out = run(&world, home.path(), "queued_build.rhai", &["location=de/fra"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the build failed: deleting data center"), "{err}");
    assert!(err.contains("coresPerServer"), "{err}");
    assert_eq!(world.json("list_datacenters().items.len()"), json!(0), "nothing is left behind");

    // A CPU family the location does not offer is refused before anything is made.
    let sent = world.json("list_requests().items.len()");
    let out = run(&world, home.path(), "component_build.rhai", &["location=de/txl", "cpu_family=INTEL_XEON"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("de/txl offers the CPU families AMD_OPTERON, INTEL_SKYLAKE, not 'INTEL_XEON'"),
        "{}",
        stderr(&out)
    );
    assert_eq!(world.json("list_requests().items.len()"), sent, "no mutation was sent");
}

#[test]
fn the_k8s_script_refuses_a_taken_name_and_waits_on_its_own_cluster() {
    let world = World::start(5);
    let home = tempfile::tempdir().expect("temp dir");
    let first = run(&world, home.path(), "k8s_cluster.rhai", &["name=twice", "location=de/fra"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let again = run(&world, home.path(), "k8s_cluster.rhai", &["name=twice", "location=de/fra"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("a cluster named 'twice' already exists"), "{}", stderr(&again));
    assert_eq!(world.json("list_k8s_clusters().items.len()"), json!(1));

    // A node pool refused takes its cluster with it: a 60-character cluster name is fine, but
    // the pool's name (the cluster's + "-pool") is longer than the API allows.
    let long = "r".repeat(60);
    let refused = run(&world, home.path(), "k8s_cluster.rhai", &[&format!("name={long}"), "location=de/fra"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains(&format!("deleting cluster {long} again")), "{}", stderr(&refused));
    assert_eq!(world.json("list_k8s_clusters(#{ depth: 1 }).items.map(|c| c.properties.name)"), json!(["twice"]));
    assert_eq!(world.json("list_datacenters(#{ depth: 1 }).items.map(|d| d.properties.name)"), json!(["twice-nodes"]));
}
