//! The emulator's database: SQLite (bundled), in WAL mode, shared by every emulator process
//! that opens the same file. Connections come from a small pool; a write is one `BEGIN
//! IMMEDIATE` transaction, committed before its answer is sent; a read is one snapshot. The
//! file is created readable by its owner only, since it holds emulated secrets.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// The schema, created when missing. Objects are keyed by their store path; `parent` and
/// `seq` list a collection in insertion order, `kind` and `link` find objects by type and the
/// links standing for them, `scope` lists the objects of a collection that belong to one
/// owner (a NetFoundry network's) and `name` (lower case) finds them by name. Requests keep their record as JSON, with the columns their
/// queries need (`effect`: an end effect — a delete, or the undo of a failure — is still to
/// be applied); `targets` finds the requests acting on an object.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS objects (
    path TEXT PRIMARY KEY,
    parent TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    meta TEXT NOT NULL,
    properties TEXT NOT NULL,
    link TEXT,
    scope TEXT,
    name TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_by_parent ON objects(parent, seq);
CREATE INDEX IF NOT EXISTS objects_by_kind ON objects(kind, seq) WHERE link IS NULL;
CREATE INDEX IF NOT EXISTS objects_by_link ON objects(link) WHERE link IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_by_scope ON objects(parent, scope, seq) WHERE scope IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_by_name ON objects(parent, name, seq) WHERE name IS NOT NULL;
CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    end_ms INTEGER NOT NULL,
    effect INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_due ON requests(effect, end_ms);
CREATE TABLE IF NOT EXISTS targets (
    request INTEGER NOT NULL REFERENCES requests(seq) ON DELETE CASCADE,
    path TEXT NOT NULL,
    end_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS targets_by_path ON targets(path, end_ms);
CREATE INDEX IF NOT EXISTS targets_by_end ON targets(end_ms);
CREATE INDEX IF NOT EXISTS targets_by_request ON targets(request);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
";

/// The schema's version, kept in SQLite's `user_version`.
const SCHEMA_VERSION: i64 = 2;

/// From version 1: objects gain their scope (filled in by the emulations that use it) and
/// their name (the `name` property in lower case).
const TO_VERSION_2: &str = "
ALTER TABLE objects ADD COLUMN scope TEXT;
ALTER TABLE objects ADD COLUMN name TEXT;
UPDATE objects SET name = lower(json_extract(properties, '$.name'))
    WHERE json_type(properties, '$.name') = 'text';
CREATE INDEX IF NOT EXISTS objects_by_scope ON objects(parent, scope, seq) WHERE scope IS NOT NULL;
CREATE INDEX IF NOT EXISTS objects_by_name ON objects(parent, name, seq) WHERE name IS NOT NULL;
";

/// How long a write waits for another process's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// How many prepared statements a connection keeps: every query the emulator makes, so none
/// is parsed twice.
const STATEMENTS: usize = 128;

/// Most connections a file database keeps open in one process.
const MOST_CONNECTIONS: usize = 16;

/// The first bytes of every SQLite database file.
pub const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";

/// Where the database lives.
#[derive(Debug, Clone)]
enum Storage {
    File(PathBuf),
    Memory,
}

/// A pool of connections to one database.
#[derive(Debug)]
pub struct Db {
    location: Storage,
    idle: Mutex<Pool>,
    returned: Condvar,
}

#[derive(Debug, Default)]
struct Pool {
    /// Idle connections, each with the page limit it was last given.
    idle: Vec<(Connection, Option<u64>)>,
    open: usize,
    /// The most pages the database may grow to (a full disk, simulated), if limited.
    max_pages: Option<u64>,
}

/// A connection checked out of the pool; it goes back when dropped.
#[derive(Debug)]
pub struct Pooled<'a> {
    db: &'a Db,
    conn: Option<Connection>,
    limit: Option<u64>,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn.as_ref().unwrap_or_else(|| unreachable!("a pooled connection is present until dropped"))
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut pool = self.db.lock();
            if conn.is_autocommit() {
                pool.idle.push((conn, self.limit));
            } else {
                pool.open -= 1;
            }
            self.db.returned.notify_one();
        }
    }
}

impl Db {
    /// Opens (creating if needed, mode 0600, its directory 0700) the database file at `path`.
    pub fn open_file(path: &Path) -> rusqlite::Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::private_files::create_dir(dir).map_err(io_error)?;
        }
        crate::private_files::create_file(path).map_err(io_error)?;
        let db = Db { location: Storage::File(path.to_path_buf()), idle: Mutex::default(), returned: Condvar::new() };
        let conn = db.connect()?;
        create_schema(&conn)?;
        db.lock().open += 1;
        db.lock().idle.push((conn, None));
        Ok(db)
    }

    /// A database in memory, gone when the emulator stops; one connection, used in turn.
    pub fn in_memory() -> rusqlite::Result<Db> {
        let db = Db { location: Storage::Memory, idle: Mutex::default(), returned: Condvar::new() };
        let conn = db.connect()?;
        create_schema(&conn)?;
        db.lock().open += 1;
        db.lock().idle.push((conn, None));
        Ok(db)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pool> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The file, if the database is one.
    pub fn file(&self) -> Option<&Path> {
        match &self.location {
            Storage::File(path) => Some(path),
            Storage::Memory => None,
        }
    }

    fn connect(&self) -> rusqlite::Result<Connection> {
        let conn = match &self.location {
            Storage::File(path) => {
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                let mode: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
                if !mode.eq_ignore_ascii_case("wal") {
                    patiently(|| conn.pragma_update(None, "journal_mode", "WAL"))?;
                }
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
                conn
            }
            Storage::Memory => Connection::open_in_memory()?,
        };
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS);
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(conn)
    }

    /// A connection: an idle one, a new one while fewer than the most are open, or the next
    /// one given back.
    pub fn checkout(&self) -> rusqlite::Result<Pooled<'_>> {
        let most = match self.location {
            Storage::File(_) => MOST_CONNECTIONS,
            Storage::Memory => 1,
        };
        let mut pool = self.lock();
        loop {
            let wanted = pool.max_pages;
            if let Some((conn, given)) = pool.idle.pop() {
                drop(pool);
                if given != wanted {
                    limit(&conn, wanted)?;
                }
                return Ok(Pooled { db: self, conn: Some(conn), limit: wanted });
            }
            if pool.open < most {
                pool.open += 1;
                drop(pool);
                let conn = self.connect().and_then(|conn| limit(&conn, wanted).map(|()| conn));
                return match conn {
                    Ok(conn) => Ok(Pooled { db: self, conn: Some(conn), limit: wanted }),
                    Err(e) => {
                        self.lock().open -= 1;
                        Err(e)
                    }
                };
            }
            pool = self.returned.wait(pool).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Limits how large the database may grow, to simulate a full disk: writes that need
    /// more room fail (and are answered with an error). `None` lifts the limit.
    pub fn set_max_bytes(&self, bytes: Option<u64>) -> rusqlite::Result<()> {
        let conn = self.checkout()?;
        let page_size: i64 = conn.query_row("PRAGMA page_size", [], |row| row.get(0))?;
        let pages = bytes.map(|b| b.div_ceil(u64::try_from(page_size).unwrap_or(4096).max(1)).max(1));
        self.lock().max_pages = pages;
        limit(&conn, pages)?;
        drop(conn);
        Ok(())
    }
}

/// Runs `f` again while another process holds the lock it needs (switching to WAL waits for
/// no busy handler), for as long as a write would wait.
fn patiently<T>(f: impl Fn() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let started = std::time::Instant::now();
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// Creates the schema in a new database; a database of another version is refused.
fn create_schema(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    match version {
        0 => patiently(|| {
            conn.execute_batch(&format!("BEGIN IMMEDIATE; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"))
                .inspect_err(|_| {
                    let _ = conn.execute_batch("ROLLBACK");
                })
        }),
        1 => patiently(|| {
            conn.execute_batch(&format!("BEGIN IMMEDIATE; {TO_VERSION_2} PRAGMA user_version = 2; COMMIT;"))
                .inspect_err(|_| {
                    let _ = conn.execute_batch("ROLLBACK");
                })
        }),
        SCHEMA_VERSION => Ok(()),
        other => Err(rusqlite::Error::ToSqlConversionFailure(
            format!(
                "the state was written by another version of ionosh (schema {other}, this one reads {SCHEMA_VERSION})"
            )
            .into(),
        )),
    }
}

/// Applies a page limit to a connection (the largest SQLite allows when there is none).
fn limit(conn: &Connection, max_pages: Option<u64>) -> rusqlite::Result<()> {
    let pages = max_pages.unwrap_or(4_294_967_294);
    conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
}

fn io_error(e: std::io::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e))
}
