//! Files only their owner can read: everything ionosh writes that may hold a secret (the
//! emulator's state and exports, the REPL's history) is created with mode 0600, and the
//! directories made for them with 0700.

use std::io::Write;
use std::path::Path;

/// Creates the directory (and its parents) if missing, the last one private to its owner.
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates the file readable and writable by its owner only, if it does not exist yet; an
/// existing file is left as it is.
pub fn create_file(path: &Path) -> std::io::Result<()> {
    options(false).open(path).map(drop)
}

/// Writes `text` to the file, created or truncated, readable by its owner only.
pub fn write(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = options(true).open(path)?;
    restrict(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Replaces the file with `text` as a whole, readable by its owner only, creating its
/// directory (private) if missing: written aside and renamed over the old one, so a run
/// reading it at the same time never sees half a file.
pub fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        create_dir(dir)?;
    }
    let aside = path.with_extension(format!("tmp{}", std::process::id()));
    write(&aside, text)?;
    std::fs::rename(&aside, path)
}

/// Makes an existing file readable and writable by its owner only.
pub fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Opens a file for reading, refusing a symlink in its place (one planted after the path was
/// checked).
pub fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    options.open(path)
}

/// Why something found where ionosh keeps secrets (a token cache and its directory) is not
/// to be trusted: a symbolic link, owned by another user, or writable by others. `None` when
/// it can be trusted. `meta` is the link's own metadata (`symlink_metadata`).
pub fn untrusted(meta: &std::fs::Metadata) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.file_type().is_symlink() {
            return Some("it is a symbolic link".to_string());
        }
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Some(format!("it belongs to another user (uid {})", meta.uid()));
        }
        if meta.mode() & 0o022 != 0 {
            return Some(format!("others can write to it (mode {:o})", meta.mode() & 0o777));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    None
}

/// What is wrong with a file that holds credentials: readable by other users, or owned by
/// another user (who could change what it says). `None` when nothing is.
pub fn exposure(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return Some(format!(
                "{} belongs to another user (uid {}), who can change the credentials it holds",
                path.display(),
                meta.uid()
            ));
        }
        if meta.mode() & 0o077 != 0 {
            return Some(format!(
                "{} can be read by other users (mode {:o}); it holds credentials: chmod 600 {}",
                path.display(),
                meta.mode() & 0o777,
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}

/// Writing a private file never follows a symlink in its place: one planted there would make
/// ionosh write where it points.
fn options(truncate: bool) -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(truncate);
    #[cfg(unix)]
    {
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    }
    options
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_and_directories_are_private_to_their_owner() {
        let dir = tempfile::tempdir().expect("temp dir");
        let nested = dir.path().join("a").join("b");
        create_dir(&nested).expect("dir");
        assert_eq!(std::fs::metadata(&nested).expect("meta").permissions().mode() & 0o777, 0o700);
        let file = nested.join("f");
        std::fs::write(&file, "old").expect("plain write");
        restrict(&file).expect("restrict");
        write(&file, "new").expect("write");
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "new");
        assert_eq!(std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777, 0o600);
        let fresh = nested.join("g");
        create_file(&fresh).expect("create");
        assert_eq!(std::fs::metadata(&fresh).expect("meta").permissions().mode() & 0o777, 0o600);
    }
}
