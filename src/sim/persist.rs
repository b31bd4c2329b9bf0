//! Opening the emulator's state, and moving it in and out as JSON: an old JSON state file is
//! imported into the database on first start (nobody's state is lost by upgrading); `ionosh
//! sim export` and `import` write and read the same JSON, for sharing fixtures; `reset`
//! empties the state. A file that is neither a database nor such JSON is refused, never
//! overwritten.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::db::{Db, SQLITE_HEADER};
use super::jobs::RequestRecord;
use super::store::{self, StoredObject};
use super::SimError;

/// The whole state as JSON: the format of the old state files and of exports.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Snapshot {
    /// The stored objects.
    pub store: StoreSnapshot,
    /// The accepted requests, oldest first.
    pub jobs: JobsSnapshot,
    /// The failure the next accepted mutation ends with.
    #[serde(default)]
    pub fail_next: Option<String>,
}

/// The stored objects of a [`Snapshot`], keyed by path.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoreSnapshot {
    /// Every object and link.
    pub objects: BTreeMap<String, StoredObject>,
    /// The next insertion number.
    #[serde(default)]
    pub next_seq: i64,
}

/// The requests of a [`Snapshot`].
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct JobsSnapshot {
    /// Every request, oldest first.
    pub requests: Vec<RequestRecord>,
}

/// What a state file holds.
enum FileContent {
    Missing,
    Database,
    Json(Snapshot),
}

fn read(path: &Path) -> Result<FileContent, SimError> {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileContent::Missing),
        Err(source) => return Err(SimError::ReadState { path: path.to_path_buf(), source }),
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|source| SimError::ReadState { path: path.to_path_buf(), source })?;
    if bytes.is_empty() {
        return Ok(FileContent::Missing);
    }
    if bytes.starts_with(SQLITE_HEADER) {
        return Ok(FileContent::Database);
    }
    serde_json::from_slice(&bytes)
        .map(FileContent::Json)
        .map_err(|e| SimError::CorruptState { path: path.to_path_buf(), reason: e.to_string() })
}

/// Opens the state at `path`. A database is used as it is; an old JSON state file is
/// imported into a new database at the same place, the JSON kept beside it as
/// `<name>.json-backup`; a missing or empty file starts empty. When `path` is missing and the
/// JSON file it replaces (the same name with a `.json` extension) exists, that one is
/// imported and left as it is.
pub fn open(path: &Path) -> Result<Db, SimError> {
    let legacy = Some(path.with_extension("json")).filter(|l| l != path);
    let legacy = legacy.as_deref();
    let imported = match read(path)? {
        FileContent::Database => None,
        FileContent::Json(snapshot) => {
            let backup = backup_name(path);
            fs::rename(path, &backup).map_err(|source| SimError::SaveState { path: backup.clone(), source })?;
            Some(snapshot)
        }
        FileContent::Missing => match legacy.filter(|l| l.exists()).map(read).transpose()? {
            Some(FileContent::Json(snapshot)) => Some(snapshot),
            _ => None,
        },
    };
    let db = Db::open_file(path).map_err(|e| storage(path, e))?;
    if let Some(snapshot) = imported {
        import(&db, &snapshot).map_err(|e| storage(path, e))?;
    }
    Ok(db)
}

/// `state.json` → `state.json-backup`.
fn backup_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".json-backup");
    path.with_file_name(name)
}

fn storage(path: &Path, error: rusqlite::Error) -> SimError {
    SimError::SaveState { path: path.to_path_buf(), source: std::io::Error::other(error) }
}

/// Replaces the state in `db` with `snapshot`, in one transaction.
pub fn import(db: &Db, snapshot: &Snapshot) -> rusqlite::Result<()> {
    let conn = db.checkout()?;
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let done = fill(&conn, snapshot).and_then(|()| conn.execute_batch("COMMIT"));
    if done.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    done
}

fn fill(conn: &Connection, snapshot: &Snapshot) -> rusqlite::Result<()> {
    clear(conn)?;
    let mut add = conn.prepare(
        "INSERT INTO objects (path, parent, kind, id, seq, meta, properties, link) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut last = snapshot.store.next_seq;
    for (path, entry) in &snapshot.store.objects {
        let meta = serde_json::to_string(&entry.meta).unwrap_or_default();
        let properties = serde_json::Value::Object(entry.properties.clone()).to_string();
        add.execute(params![path, store::parent(path), entry.kind, entry.id, entry.seq, meta, properties, entry.link])?;
        last = last.max(entry.seq);
    }
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('next_seq', ?1)", [last.to_string()])?;
    if let Some(message) = &snapshot.fail_next {
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('fail_next', ?1)", [message])?;
    }
    let mut request =
        conn.prepare("INSERT INTO requests (id, end_ms, effect, record) VALUES (?1, ?2, ?3, ?4) RETURNING seq")?;
    let mut target = conn.prepare("INSERT INTO targets (request, path, end_ms) VALUES (?1, ?2, ?3)")?;
    for record in &snapshot.jobs.requests {
        let text = serde_json::to_string(record).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let seq: i64 = request.query_row(
            params![record.id.to_ascii_lowercase(), record.end_ms, !record.settled && record.has_effect(), text],
            |row| row.get(0),
        )?;
        for t in record.targets() {
            target.execute(params![seq, t.path, record.end_ms])?;
        }
    }
    Ok(())
}

/// The whole state in `db` as a snapshot, read in one transaction.
pub fn export(db: &Db) -> rusqlite::Result<Snapshot> {
    let conn = db.checkout()?;
    conn.execute_batch("BEGIN")?;
    let snapshot = snapshot(&conn);
    let _ = conn.execute_batch("COMMIT");
    snapshot
}

fn snapshot(conn: &Connection) -> rusqlite::Result<Snapshot> {
    let cache = elsa::FrozenMap::new();
    let objects = store::Store::new(conn, &cache)
        .all()
        .into_iter()
        .map(|(path, entry)| (path.to_string(), entry.clone()))
        .collect();
    let setting = |key: &str| -> rusqlite::Result<Option<String>> {
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0)).optional()
    };
    let next_seq = setting("next_seq")?.and_then(|v| v.parse().ok()).unwrap_or(0);
    let fail_next = setting("fail_next")?;
    let mut requests = super::jobs::Jobs::new(conn, &super::jobs::Unfinished::new()).newest_first();
    requests.reverse();
    Ok(Snapshot { store: StoreSnapshot { objects, next_seq }, jobs: JobsSnapshot { requests }, fail_next })
}

/// Empties the state in `db`: no objects, no requests (the seed returns at the next start).
pub fn reset(db: &Db) -> rusqlite::Result<()> {
    import(db, &Snapshot::default())
}

fn clear(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("DELETE FROM targets; DELETE FROM requests; DELETE FROM objects; DELETE FROM settings;")
}
