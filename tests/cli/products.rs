//! The IONOS product APIs (`auth::`, `dns::`, `postgres::`, `certmanager::`) as a user runs
//! them: a script against the embedded emulator over real HTTP, each API at its own prefix
//! with the CloudAPI's credentials; waits follow the object's own state; the emulator refuses
//! what the API refuses (a record's content unlike its type, a CNAME beside another record,
//! a second zone of one name, a cluster in a LAN that does not exist).

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// `ionosh` run in `dir`, which is its home and holds its caches and state.
fn ionosh(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ionosh"));
    command
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_STATE_HOME", dir.join("state"));
    command
}

/// Runs `code` with `-e` against a throw-away emulator; its JSON output.
fn run(dir: &Path, code: &str) -> Value {
    let out = ionosh(dir)
        .args(["run", "--sim-ephemeral", "--sim-delay-ms", "30", "--output", "json", "-e", code])
        .output()
        .expect("ionosh runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "failed:\n{stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn a_zone_and_its_records_are_made_waited_for_and_checked() {
    let dir = dir();
    let out = run(
        dir.path(),
        r#"
        fn refused(f) { try { f.call(); return "accepted"; } catch (e) { return `${e.status} ${e.message}`; } }
        let zone = wait_for_completion(dns::create_zone(#{ zone_name: "example.com" }));
        let www = wait_for_completion(dns::create_record(zone.id, #{ name: "www", type: "A", content: "203.0.113.10" }));
        #{
            zone: zone.metadata.state, nameservers: zone.metadata.nameservers.len(),
            www: www.metadata.state, fqdn: www.metadata.fqdn, ttl: www.properties.ttl,
            not_an_ip: refused(|| dns::create_record(zone.id, #{ name: "x", type: "A", content: "nope" })),
            cname: refused(|| dns::create_record(zone.id, #{ name: "www", type: "CNAME", content: "a.example.org" })),
            mx: refused(|| dns::create_record(zone.id, #{ name: "@", type: "MX", content: "mx.example.com" })),
            twice: refused(|| dns::create_zone(#{ zone_name: "EXAMPLE.com" })),
            found: dns::list_zones(#{ zone_name: "example" }).items.len(),
        }
        "#,
    );
    assert_eq!(out["zone"], "AVAILABLE", "{out}");
    assert_eq!(out["nameservers"], 4);
    assert_eq!(out["www"], "AVAILABLE");
    assert_eq!(out["fqdn"], "www.example.com");
    assert_eq!(out["ttl"], 3600, "the API's default TTL");
    assert!(out["not_an_ip"].as_str().is_some_and(|m| m.starts_with("422") && m.contains("IPv4")), "{out}");
    assert!(out["cname"].as_str().is_some_and(|m| m.starts_with("409") && m.contains("CNAME")), "{out}");
    assert!(out["mx"].as_str().is_some_and(|m| m.starts_with("422") && m.contains("priority")), "{out}");
    assert!(out["twice"].as_str().is_some_and(|m| m.starts_with("409") && m.contains("already exists")), "{out}");
    assert_eq!(out["found"], 1);
}

#[test]
fn a_record_too_short_lived_is_refused_before_sending() {
    let dir = dir();
    let out = run(
        dir.path(),
        r#"
        fn refused(f) { try { f.call(); return "sent"; } catch (e) { return e.message; } }
        let zone = dns::create_zone(#{ zone_name: "short.example" });
        refused(|| dns::create_record(zone.id, #{ name: "y", type: "A", content: "203.0.113.1", ttl: 5 }))
        "#,
    );
    assert!(out.as_str().is_some_and(|m| m.contains("ttl") && m.contains("60")), "{out}");
}

#[test]
fn a_postgres_cluster_needs_a_lan_that_exists_and_waits_until_available() {
    let dir = dir();
    let out = run(
        dir.path(),
        r#"
        let dc = wait_for_completion(create_datacenter(Datacenter(#{ name: "db", location: "de/txl" })));
        let lan = wait_for_completion(create_lan(dc.id, LAN(#{ name: "private", public: false })));
        let cluster = |lan_id| postgres::PostgresCluster(#{
            name: "app-db", version: "16",
            instances: #{ count: 1, cores: 2, ram: 4, storageSize: 20 },
            connection: #{ datacenterId: dc.id, lanId: lan_id, primaryInstanceAddress: "10.1.1.10/24" },
            credentials: #{ username: "app", password: "Secret-123!", database: "app" },
        });
        fn refused(f) { try { f.call(); return "accepted"; } catch (e) { return e.message; } }
        let missing = refused(|| postgres::create_cluster(cluster.call("99")));
        let made = wait_for_completion(postgres::create_cluster(cluster.call(lan.id)));
        #{ missing: missing, state: made.metadata.state, dns: made.metadata.dnsName, password: made.properties.credentials.password ?? "hidden",
           versions: postgres::list_versions().items.len() }
        "#,
    );
    assert!(out["missing"].as_str().is_some_and(|m| m.contains("no LAN '99'")), "{out}");
    assert_eq!(out["state"], "AVAILABLE", "{out}");
    assert!(out["dns"].as_str().is_some_and(|d| d.ends_with(".ionos.com")), "{out}");
    assert_eq!(out["password"], "hidden", "the password is never shown again");
    assert_eq!(out["versions"], 4);
}

#[test]
fn tokens_are_jwts_listed_without_themselves_and_deleted() {
    let dir = dir();
    let out = run(
        dir.path(),
        r#"
        let jwt = auth::generate_token(#{ ttl: 3600 }).token;
        let listed = auth::list_tokens().tokens;
        let one = auth::get_token(listed[0].id);
        auth::delete_token(one.id);
        #{ parts: jwt.split(".").len(), listed: listed.len(), shown: one.keys(), after: auth::list_tokens().tokens.len() }
        "#,
    );
    assert_eq!(out["parts"], 3, "{out}");
    assert_eq!(out["listed"], 1);
    assert_eq!(out["shown"], serde_json::json!(["createdDate", "expirationDate", "href", "id"]));
    assert_eq!(out["after"], 0);
}

#[test]
fn certificates_must_be_pem() {
    let dir = dir();
    let out = run(
        dir.path(),
        r#"
        fn refused(f) { try { f.call(); return "accepted"; } catch (e) { return e.message; } }
        refused(|| certmanager::create_certificate(#{ name: "web", certificate: "not pem", certificateChain: "x", privateKey: "y" }))
        "#,
    );
    assert!(out.as_str().is_some_and(|m| m.contains("certificate") && m.contains("PEM")), "{out}");
}

/// `ionosh run scripts/web_stack.rhai` against the emulator state kept in `dir`.
fn web_stack(dir: &Path, args: &[&str]) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/web_stack.rhai");
    let out = ionosh(dir)
        .args(["run", "--sim", "--sim-state", "state.db", "--sim-delay-ms", "10"])
        .arg(script)
        .arg("--")
        .args(args)
        .output()
        .expect("ionosh runs");
    assert!(out.status.success(), "web_stack {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    out
}

#[test]
fn the_web_stack_is_built_once_changed_by_nothing_the_second_time_and_torn_down() {
    let dir = dir();
    let first = String::from_utf8_lossy(&web_stack(dir.path(), &[]).stderr).into_owned();
    for made in [
        "ensure_server: 'web' created",
        "postgres::ensure_cluster: 'web-stack' created",
        "dns::ensure_record: 'www' A created",
        "certmanager::ensure_autocertificate: 'web-stack' created for www.example.com",
        "written to web-stack-token.json",
    ] {
        assert!(first.contains(made), "{made}:\n{first}");
    }
    let token = dir.path().join("web-stack-token.json");
    let mode = std::fs::metadata(&token).expect("the token file").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "only its owner reads the token");
    let kept: Value = serde_json::from_str(&std::fs::read_to_string(&token).expect("read")).expect("JSON");
    assert_eq!(kept["token"].as_str().map(|t| t.split('.').count()), Some(3), "a JWT");

    let second = String::from_utf8_lossy(&web_stack(dir.path(), &[]).stderr).into_owned();
    assert!(!second.contains("created") && !second.contains("updated") && !second.contains("written"), "{second}");
    assert_eq!(second.matches("unchanged").count() + second.matches("reused").count(), 11, "{second}");

    let deleted = web_stack(dir.path(), &["delete=true"]);
    assert!(String::from_utf8_lossy(&deleted.stdout).contains("1 data center(s), 1 cluster(s), 1 zone(s)"));
    let left = ionosh(dir.path())
        .args(["run", "--sim", "--sim-state", "state.db", "--output", "json", "-e"])
        .arg("[list_datacenters().items.len(), dns::list_zones().items.len(), postgres::list_clusters().items.len(), auth::list_tokens().tokens.len(), list_ipblocks().items.len()]")
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&left.stdout).split_whitespace().collect::<String>(), "[0,0,0,0,0]");
}

#[test]
fn a_failed_change_leaves_the_object_failed_and_every_wait_says_why() {
    let dir = dir();
    let sim = Command::new(env!("CARGO_BIN_EXE_ionosh"))
        .args(["sim", "--listen", "127.0.0.1:0", "--state", "state.db", "--delay-ms", "30"])
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("sim starts");
    let mut sim = sim;
    let mut url = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(sim.stdout.take().expect("stdout")), &mut url)
        .expect("URL");
    let base = url.trim().trim_end_matches("/cloudapi/v6").to_string();
    let fail = |message: &str| {
        let status = Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "content-type: application/json"])
            .args(["-d", &format!("{{\"message\": \"{message}\"}}"), &format!("{base}/_sim/fail-next")])
            .output()
            .expect("curl");
        assert_eq!(String::from_utf8_lossy(&status.stdout), "200");
    };
    let run = |code: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_ionosh"))
            .args(["run", "--output", "json", "-e", code])
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .env("IONOS_API_URL", url.trim())
            .env("IONOS_USERNAME", "ops")
            .env("IONOS_PASSWORD", "pw")
            .env_remove("IONOS_TOKEN")
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .output()
            .expect("ionosh runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON")
    };
    fail("no capacity for zones");
    let out = run(r#"
        fn caught(f) { try { f.call(); return "no error"; } catch (e) { return `${e.kind}: ${e.message}`; } }
        let zone = dns::create_zone(#{ zone_name: "failing.example" });
        #{ wait: caught(|| wait_for_completion(zone)), state: dns::get_zone(zone.id).metadata.state }
    "#);
    // DNS metadata has no place for the reason: the wait says the zone failed.
    assert!(out["wait"].as_str().is_some_and(|m| m.starts_with("failed:")), "{out}");
    assert_eq!(out["state"], "FAILED", "the object stays, FAILED, as the product APIs leave it");

    fail("storage exhausted");
    let out = run(r#"
        fn caught(f) { try { f.call(); return "no error"; } catch (e) { return `${e.kind}: ${e.message}`; } }
        let provider = certmanager::create_provider(#{ name: "acme", email: "ops@example.com", server: "https://acme.example/directory" });
        let good = certmanager::create_provider(#{ name: "acme-2", email: "ops@example.com", server: "https://acme.example/directory" });
        #{
            status: caught(|| certmanager::wait_for_status(provider, "AVAILABLE")),
            message: certmanager::get_provider(provider.id).metadata.message,
            all: caught(|| wait_all([good])),
            good: certmanager::wait_for_status(good, "AVAILABLE").metadata.state,
        }
    "#);
    assert!(
        out["status"].as_str().is_some_and(|m| m.starts_with("failed:") && m.contains("storage exhausted")),
        "{out}"
    );
    assert_eq!(out["message"], "storage exhausted");
    assert_eq!(out["all"], "no error");
    assert_eq!(out["good"], "AVAILABLE");
    sim.kill().expect("stopped");
    sim.wait().expect("ended");
}
