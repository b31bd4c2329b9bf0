//! The emulator's state in one SQLite database: several processes on one state lose and
//! duplicate nothing and see each other's changes at once; a commit that fails is answered
//! with an error and leaves no trace; old JSON state files are imported; the file is private;
//! the state moves in and out as JSON; and a throw-away emulator keeps nothing.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::{json, Value};

use crate::http;

fn ionosh(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ionosh"));
    command
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env_remove("IONOS_TOKEN")
        .env_remove("IONOS_USERNAME")
        .env_remove("IONOS_PASSWORD");
    command
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The names of the data centers a `run --sim` on `state` (the default one if `None`) lists.
fn names(dir: &Path, state: Option<&str>) -> Vec<String> {
    std::fs::write(dir.join("names.rhai"), "to_json(list_datacenters(#{ depth: 1 }).items.map(|d| d.properties.name))")
        .expect("script");
    let mut command = ionosh(dir);
    command.args(["run", "--sim", "--output", "json"]);
    if let Some(state) = state {
        command.args(["--sim-state", state]);
    }
    let out = command.arg("names.rhai").output().expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let listed: String = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut names: Vec<String> = serde_json::from_str(&listed).expect("names");
    names.sort();
    names
}

#[test]
fn four_runs_at_once_on_the_default_state_each_keep_their_ten_creates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = r#"for i in 0..10 { create_datacenter(#{ name: `${ARGS.name}-${i}`, location: "de/fra" }); }"#;
    std::fs::write(dir.path().join("create.rhai"), script).expect("script");
    let runs: Vec<Child> = (0..4)
        .map(|n| {
            ionosh(dir.path())
                .args(["run", "--sim", "--sim-delay-ms", "5", "create.rhai", "--", &format!("name=par{n}")])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("run starts")
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().expect("run ends");
        assert!(out.status.success(), "{}", text(&out));
    }
    let mut expected: Vec<String> = (0..4).flat_map(|n| (0..10).map(move |i| format!("par{n}-{i}"))).collect();
    expected.sort();
    assert_eq!(names(dir.path(), None), expected);
}

/// Starts `ionosh sim` on `state`; returns it and its API URL.
fn serve(dir: &Path, state: &str) -> (Child, String) {
    let mut child = ionosh(dir)
        .args(["sim", "--listen", "127.0.0.1:0", "--state", state, "--delay-ms", "5"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("sim starts");
    let mut url = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut url).expect("URL printed");
    (child, url.trim().to_string())
}

#[test]
fn a_served_emulator_and_a_run_on_one_state_see_each_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut served, url) = serve(dir.path(), "shared.db");
    std::fs::write(dir.path().join("create.rhai"), r#"create_datacenter(#{ name: "from-run", location: "de/fra" });"#)
        .expect("script");
    let out =
        ionosh(dir.path()).args(["run", "--sim", "--sim-state", "shared.db", "create.rhai"]).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let seen = runtime.block_on(async {
        let http = reqwest::Client::new();
        let body = json!({"properties": {"name": "from-sim", "location": "de/fra"}});
        let created = http.post(format!("{url}/datacenters")).basic_auth("u", Some("p")).json(&body).send();
        assert_eq!(created.await.expect("sent").status(), 202);
        let list = http.get(format!("{url}/datacenters?depth=1")).basic_auth("u", Some("p")).send().await;
        let list: Value = list.expect("sent").json().await.expect("JSON");
        let mut names: Vec<String> =
            list["items"].as_array().expect("items").iter().map(|d| d["properties"]["name"].to_string()).collect();
        names.sort();
        names
    });
    assert_eq!(seen, ["\"from-run\"", "\"from-sim\""]);
    assert_eq!(names(dir.path(), Some("shared.db")), ["from-run", "from-sim"]);
    served.kill().expect("stops");
    served.wait().expect("stopped");
}

#[tokio::test]
async fn a_commit_that_fails_is_answered_with_an_error_and_leaves_no_trace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("full.db");
    let api = http::Api::start_on(&state, 5).await;
    let storage = format!("{}/_sim/storage", api.sim.base_url());
    api.put(&storage, &json!({"maxBytes": 0})).await;
    let mut refused = None;
    for n in 0..200 {
        let answer =
            api.post("/datacenters", &json!({"properties": {"name": format!("dc{n}"), "location": "de/fra"}})).await;
        if answer.status != 202 {
            answer.assert_error(500, "could not store the change");
            refused = Some(format!("dc{n}"));
            break;
        }
    }
    let refused = refused.expect("the full state refused a create");
    api.put(&storage, &json!({"maxBytes": null})).await;
    let names = |list: &Value| -> Vec<String> {
        list["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|d| d["properties"]["name"].as_str().unwrap_or("").into())
            .collect()
    };
    let listed = names(&api.get("/datacenters?depth=1").await.body);
    assert!(!listed.contains(&refused), "{refused} was refused but is listed");
    let logged = api.get("/requests?depth=2").await.body.to_string();
    assert!(!logged.contains(&format!("\"{refused}\"")), "{refused} was refused but is in the request log");
    api.stop().await;
    let api = http::Api::start_on(&state, 5).await;
    assert!(!names(&api.get("/datacenters?depth=1").await.body).contains(&refused), "{refused} came back");
    assert_eq!(names(&api.get("/datacenters?depth=1").await.body), listed);
}

#[tokio::test]
async fn an_old_json_state_file_is_imported_and_kept_beside_the_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = http::Api::start_on(&dir.path().join("old.db"), 5).await;
    let created = first
        .done(first.post("/datacenters", &json!({"properties": {"name": "old", "location": "de/fra"}})).await)
        .await;
    first.stop().await;
    let exported = ionosh(dir.path()).args(["sim", "export", "old.json", "--state", "old.db"]).output().expect("runs");
    assert!(exported.status.success(), "{}", text(&exported));
    std::fs::rename(dir.path().join("old.json"), dir.path().join("state.json")).expect("renamed");

    let api = http::Api::start_on(&dir.path().join("state.json"), 5).await;
    let found = api.get(&format!("/datacenters/{}", created.id())).await;
    assert_eq!(found.body["properties"]["name"], "old", "{}", found.text);
    api.stop().await;
    let header = std::fs::read(dir.path().join("state.json")).expect("state");
    assert!(header.starts_with(b"SQLite format 3\0"), "the state is a database now");
    let backup = std::fs::read_to_string(dir.path().join("state.json.json-backup")).expect("the JSON is kept");
    assert!(backup.contains("\"old\""));
}

#[cfg(unix)]
#[tokio::test]
async fn the_state_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("private.db");
    let api = http::Api::start_on(&state, 5).await;
    api.done(api.post("/datacenters", &json!({"properties": {"name": "p", "location": "de/fra"}})).await).await;
    api.stop().await;
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let entry = entry.expect("entry");
        let mode = entry.metadata().expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} has mode {mode:o}", entry.path().display());
    }
}

#[test]
fn export_import_and_reset_move_the_state_as_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("create.rhai"), r#"create_datacenter(#{ name: "fixture", location: "de/fra" });"#)
        .expect("script");
    let run = |state: &str| ionosh(dir.path()).args(["run", "--sim", "--sim-state", state, "create.rhai"]).output();
    assert!(run("a.db").expect("runs").status.success());
    let export = ionosh(dir.path()).args(["sim", "export", "fixture.json", "--state", "a.db"]).output().expect("runs");
    assert!(export.status.success(), "{}", text(&export));
    let import = ionosh(dir.path()).args(["sim", "import", "fixture.json", "--state", "b.db"]).output().expect("runs");
    assert!(import.status.success(), "{}", text(&import));
    assert_eq!(names(dir.path(), Some("b.db")), ["fixture"]);
    let reset = ionosh(dir.path()).args(["sim", "reset", "--state", "b.db"]).output().expect("runs");
    assert!(reset.status.success(), "{}", text(&reset));
    assert!(names(dir.path(), Some("b.db")).is_empty());
    let bad = ionosh(dir.path()).args(["sim", "import", "create.rhai", "--state", "b.db"]).output().expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad).contains("not an emulator state export"), "{}", text(&bad));
}

#[test]
fn a_throw_away_emulator_keeps_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("count.rhai"),
        r#"create_datacenter(#{ name: "gone", location: "de/fra" }); print(list_datacenters().items.len());"#,
    )
    .expect("script");
    for _ in 0..2 {
        let out = ionosh(dir.path()).args(["run", "--sim-ephemeral", "count.rhai"]).output().expect("runs");
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n");
    }
    assert!(!dir.path().join("data").exists(), "nothing was written to the data directory");
}

/// The schema before objects kept their scope and name (version 1).
const SCHEMA_V1: &str = "
CREATE TABLE objects (path TEXT PRIMARY KEY, parent TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
    seq INTEGER NOT NULL, meta TEXT NOT NULL, properties TEXT NOT NULL, link TEXT) WITHOUT ROWID;
CREATE INDEX objects_by_parent ON objects(parent, seq);
CREATE INDEX objects_by_kind ON objects(kind, seq) WHERE link IS NULL;
CREATE INDEX objects_by_link ON objects(link) WHERE link IS NOT NULL;
CREATE TABLE requests (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, end_ms INTEGER NOT NULL,
    effect INTEGER NOT NULL, record TEXT NOT NULL);
CREATE INDEX requests_due ON requests(effect, end_ms);
CREATE TABLE targets (request INTEGER NOT NULL REFERENCES requests(seq) ON DELETE CASCADE, path TEXT NOT NULL,
    end_ms INTEGER NOT NULL);
CREATE INDEX targets_by_path ON targets(path, end_ms);
CREATE INDEX targets_by_end ON targets(end_ms);
CREATE INDEX targets_by_request ON targets(request);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
PRAGMA user_version = 1;
";

/// A state written before objects kept their scope and name is upgraded in place when an
/// emulator opens it: a NetFoundry network's endpoints are listed by network again, and
/// their names are still unique in it, ignoring case.
#[test]
fn a_state_from_the_previous_schema_is_upgraded_and_its_networks_still_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let network = "0b7c5e2a-1d3f-4a5b-8c9d-0e1f2a3b4c5d";
    {
        let db = rusqlite::Connection::open(dir.path().join("old.db")).expect("db");
        db.execute_batch(SCHEMA_V1).expect("old schema");
        let meta = r#"{"etag":"e","created_ms":0,"created_by":{"name":"a","id":"1"},"modified_ms":0,"modified_by":{"name":"a","id":"1"}}"#;
        let rows = [
            (
                format!("core/v2/networks/{network}"),
                "core/v2/networks",
                "networks",
                network,
                1,
                json!({"name": "legacy", "networkGroupId": "5b8e1f2a-3c4d-4e6f-8a9b-0c1d2e3f4a50", "provider": "OCI", "region": "eu-amsterdam-1", "size": "medium"}),
            ),
            (
                "core/v2/endpoints/e1".to_string(),
                "core/v2/endpoints",
                "endpoints",
                "e1",
                2,
                json!({"name": "Old-EP", "networkId": network}),
            ),
        ];
        for (path, parent, kind, id, seq, properties) in rows {
            db.execute(
                "INSERT INTO objects (path, parent, kind, id, seq, meta, properties) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![path, parent, kind, id, seq, meta, properties.to_string()],
            )
            .expect("row");
        }
    }
    let script = format!(
        r#"print(to_json(nf::endpoints("{network}").map(|e| e.name), false));
           try {{ nf::create_endpoint("{network}", #{{ name: "old-ep" }}); print("created") }} catch (e) {{ print(e.status) }}"#
    );
    let out = ionosh(dir.path()).args(["run", "--sim", "--sim-state", "old.db", "-e", &script]).output().expect("runs");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "[\"Old-EP\"]\n409\n", "{}", text(&out));
    let db = rusqlite::Connection::open(dir.path().join("old.db")).expect("db");
    let version: i64 = db.query_row("PRAGMA user_version", [], |row| row.get(0)).expect("version");
    assert_eq!(version, 2);
}
