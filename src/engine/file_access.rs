//! Which files a script may read and write, as Deno grants them: scripts (and the shared
//! recipes they import) are code from others, so by default they reach only files under the
//! script's directory and the current one. `--allow-read PATH`, `--allow-write PATH` and
//! `--allow-all-files` widen that; the REPL asks before widening. Some files need an allow
//! that names them, whatever else is allowed: the credentials and settings of ionosh and of
//! the APIs (a recipe that rewrote an endpoint there would send the next run's credentials
//! elsewhere), the home directory's dot-files (`~/.ssh`, `~/.bashrc`) and `/proc`, `/sys`,
//! `/dev`. Paths are judged after symlinks and `..` are resolved, so neither escapes.

use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// What a script does with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileUse {
    /// `read_file`.
    Read,
    /// `write_file`.
    Write,
}

impl FileUse {
    /// The verb messages use.
    pub fn verb(self) -> &'static str {
        match self {
            FileUse::Read => "read",
            FileUse::Write => "write",
        }
    }

    /// The flag that allows it.
    pub fn flag(self) -> &'static str {
        match self {
            FileUse::Read => "--allow-read",
            FileUse::Write => "--allow-write",
        }
    }
}

/// Asks the user whether a script may `use` the file at the path, saying why it needs asking;
/// `true` allows it for the rest of the session.
pub type Ask = Box<dyn Fn(&Path, FileUse, &str) -> bool + Send + Sync>;

/// A file or directory (and everything in it) a script was allowed to use.
#[derive(Debug, Clone)]
struct Grant {
    path: PathBuf,
    what: FileUse,
}

/// The files a run's scripts may reach.
pub struct FileAccess {
    /// Directories whose files scripts read and write by default (resolved).
    roots: Vec<PathBuf>,
    /// Allowed by flags, or when asked.
    grants: Mutex<Vec<Grant>>,
    /// `--allow-all-files`: every file but the guarded ones.
    all: bool,
    /// Files and directories reached only through a grant naming them (resolved).
    guarded: Vec<PathBuf>,
    /// The home directory (resolved): its dot-files are guarded.
    home: Option<PathBuf>,
    /// Asks before refusing (the REPL on a terminal).
    ask: Option<Ask>,
}

impl std::fmt::Debug for FileAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileAccess")
            .field("roots", &self.roots)
            .field("all", &self.all)
            .field("guarded", &self.guarded)
            .finish_non_exhaustive()
    }
}

/// Directories no script reaches without a grant naming them.
const SYSTEM: &[&str] = &["/proc", "/sys", "/dev"];

impl FileAccess {
    /// Files under `roots` (the script's directory and the current one), but for the
    /// `guarded` ones (credentials and settings of ionosh and the APIs).
    pub fn under(roots: &[PathBuf], guarded: &[PathBuf]) -> FileAccess {
        let mut resolved: Vec<PathBuf> = Vec::new();
        for root in roots.iter().filter_map(|root| resolve(root).ok()) {
            if !resolved.contains(&root) {
                resolved.push(root);
            }
        }
        FileAccess {
            roots: resolved,
            grants: Mutex::default(),
            all: false,
            guarded: guarded.iter().filter_map(|path| resolve(path).ok()).collect(),
            home: dirs::home_dir().and_then(|home| resolve(&home).ok()),
            ask: None,
        }
    }

    /// The same, with `path` (a file, or a directory and what it holds) allowed for `what`.
    pub fn allow(self, path: &Path, what: FileUse) -> Result<FileAccess, String> {
        let path = resolve(path).map_err(|e| format!("{} {}: {e}", what.flag(), path.display()))?;
        self.lock().push(Grant { path, what });
        Ok(self)
    }

    /// The same, with every file allowed but the guarded ones (`--allow-all-files`).
    pub fn allow_all(self) -> FileAccess {
        FileAccess { all: true, ..self }
    }

    /// The same, asking `ask` before refusing.
    pub fn asking(self, ask: Ask) -> FileAccess {
        FileAccess { ask: Some(ask), ..self }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Grant>> {
        self.grants.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The file a script may `use` at `given` (relative to the current directory), resolved
    /// (symlinks followed, `..` gone): open that one, not `given`. An error says why not and
    /// which flag allows it.
    pub fn check(&self, given: &Path, what: FileUse) -> Result<PathBuf, String> {
        let shown = given.display().to_string();
        let wanted = resolve(given).map_err(|e| format!("cannot {} {shown}: {e}", what.verb()))?;
        let Err(why) = self.judge(&wanted, what) else { return Ok(wanted) };
        let allowed = self.ask.as_ref().is_some_and(|ask| ask(&wanted, what, &why));
        if allowed {
            self.lock().push(Grant { path: wanted.clone(), what });
            return Ok(wanted);
        }
        Err(format!("{shown:?} {why}; run with {} {} to allow it", what.flag(), wanted.display()))
    }

    /// Whether the file at the resolved path `wanted` may be used, or why not.
    pub fn judge(&self, wanted: &Path, what: FileUse) -> Result<(), String> {
        let guard = self.guard_of(wanted);
        let granted = self.lock().iter().any(|grant| {
            grant.what == what
                && wanted.starts_with(&grant.path)
                && guard.as_ref().is_none_or(|guard| grant.path.starts_with(guard))
        });
        if granted {
            return Ok(());
        }
        if let Some(guard) = guard {
            return Err(format!(
                "is in {}, which scripts reach only with an allow naming it ({})",
                guard.display(),
                self.guarded_reason(&guard)
            ));
        }
        if self.all || self.roots.iter().any(|root| wanted.starts_with(root)) {
            return Ok(());
        }
        let roots: Vec<String> = self.roots.iter().map(|r| r.display().to_string()).collect();
        Err(format!(
            "is outside the files a script may {} (those under {})",
            what.verb(),
            if roots.is_empty() { "no directory".to_string() } else { roots.join(" and ") }
        ))
    }

    /// Why a guarded place is guarded.
    fn guarded_reason(&self, guard: &Path) -> &'static str {
        if SYSTEM.iter().any(|s| guard == Path::new(s)) {
            "the system's process, device and kernel files"
        } else if self.guarded.iter().any(|g| g == guard) {
            "it holds credentials or settings of ionosh or an API"
        } else {
            "a dot-file of the home directory: keys, shell start-up files, other tools' settings"
        }
    }

    /// The guarded place `wanted` lies in, if any. A home dot-directory that holds a root
    /// (scripts kept in `~/.config/scripts`) is where the user works: not guarded.
    fn guard_of(&self, wanted: &Path) -> Option<PathBuf> {
        if let Some(system) = SYSTEM.iter().map(Path::new).find(|s| wanted.starts_with(s)) {
            return Some(system.to_path_buf());
        }
        if let Some(own) = self.guarded.iter().find(|g| wanted.starts_with(g)) {
            return Some(own.clone());
        }
        let home = self.home.as_ref()?;
        let first = wanted.strip_prefix(home).ok()?.components().next()?;
        let dotted = matches!(first, Component::Normal(name) if name.to_string_lossy().starts_with('.'));
        let place = home.join(first);
        (dotted && !self.roots.iter().any(|root| root.starts_with(&place))).then_some(place)
    }
}

/// `path` as an absolute path without symlinks, `.` or `..`: its deepest existing ancestor
/// resolved by the system, the rest (which does not exist yet) appended, where a `..` could
/// only be guessed at and is refused.
pub fn resolve(path: &Path) -> Result<PathBuf, String> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    loop {
        match std::fs::canonicalize(existing) {
            Ok(mut real) => {
                for name in missing.iter().rev() {
                    real.push(name);
                }
                return Ok(real);
            }
            Err(error) => {
                let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
                    return Err(error.to_string());
                };
                missing.push(name.to_os_string());
                existing = parent;
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn access(root: &Path, guarded: &[PathBuf]) -> FileAccess {
        FileAccess::under(&[root.to_path_buf()], guarded)
    }

    #[test]
    fn files_under_the_roots_are_reached_and_nothing_escapes_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("work");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&root).expect("root");
        std::fs::create_dir_all(&outside).expect("outside");
        std::fs::write(outside.join("secret"), "s").expect("secret");
        std::os::unix::fs::symlink(outside.join("secret"), root.join("link")).expect("link");
        let files = access(&root, &[]);
        assert!(files.check(&root.join("new.txt"), FileUse::Write).is_ok());
        assert!(files.check(&root.join("sub/deeper/new.txt"), FileUse::Write).is_ok());
        for escape in [root.join("link"), root.join("../outside/secret"), outside.join("secret")] {
            let error = files.check(&escape, FileUse::Read).expect_err("refused");
            assert!(error.contains("is outside") && error.contains("--allow-read"), "{error}");
        }
        assert!(files.check(&root.join("missing/../../outside/secret"), FileUse::Read).is_err());
        let files = files.allow(&outside, FileUse::Read).expect("allowed");
        assert!(files.check(&root.join("link"), FileUse::Read).is_ok(), "reading is allowed there now");
        assert!(files.check(&root.join("link"), FileUse::Write).is_err(), "writing is not");
    }

    #[test]
    fn guarded_files_need_an_allow_naming_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = dir.path().join("config");
        std::fs::create_dir_all(&config).expect("config");
        let files = access(dir.path(), std::slice::from_ref(&config)).allow_all();
        let error = files.check(&config.join("credentials.json"), FileUse::Write).expect_err("guarded");
        assert!(error.contains("credentials or settings"), "{error}");
        let error = files.check(Path::new("/proc/self/environ"), FileUse::Read).expect_err("system");
        assert!(error.contains("/proc"), "{error}");
        let files = files.allow(dir.path(), FileUse::Write).expect("allowed");
        assert!(files.check(&config.join("credentials.json"), FileUse::Write).is_err(), "a wider allow does not do");
        let files = files.allow(&config, FileUse::Write).expect("allowed");
        assert!(files.check(&config.join("credentials.json"), FileUse::Write).is_ok(), "one naming it does");
    }

    #[test]
    fn asking_grants_for_the_rest_of_the_session() {
        let dir = tempfile::tempdir().expect("temp dir");
        let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = asked.clone();
        let files = access(&dir.path().join("root"), &[]).asking(Box::new(move |_, _, _| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            true
        }));
        let file = dir.path().join("elsewhere.txt");
        assert!(files.check(&file, FileUse::Read).is_ok());
        assert!(files.check(&file, FileUse::Read).is_ok());
        assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 1, "asked once");
    }
}
