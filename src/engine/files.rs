//! `write_file(path, text)` and `read_file(path)`: a script keeps what it must hand on (an
//! endpoint's one-time enrollment token, a router's registration key) in a file, and reads a
//! template back. Written files are readable by their owner only (0600), since what scripts
//! write this way is often a secret; paths are relative to the current directory, and only
//! the files the run allows are reached ([`FileAccess`]).

use std::path::PathBuf;
use std::sync::Arc;

use rhai::{Dynamic, Engine, EvalAltResult, ImmutableString};

use super::file_access::{FileAccess, FileUse};
use super::host::Host;
use super::{errors, registration};
use crate::catalog::Signature;

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// The largest file `read_file` reads: a script's template or key, not a disk image.
const LARGEST_READ: u64 = 16 * 1024 * 1024;

/// The file functions' signatures.
pub fn signatures() -> Vec<Signature> {
    vec![
        Signature::new(
            "write_file",
            &["path: string".into(), "text: string".into()],
            &[],
            "Writes text to a file (created or replaced, readable by its owner only: it may hold a secret such as an enrollment token) and returns its path. A dry run writes nothing.",
        ),
        Signature::new(
            "read_file",
            &["path: string".into()],
            &[],
            "Reads a text file (at most 16 MiB) and returns its text.",
        ),
    ]
}

/// Registers the file functions, reaching the files `host` allows. On a dry run `write_file`
/// writes nothing: it shows what it would write (its path and size, never the text: it may be
/// a secret) and returns the path.
pub fn register(engine: &mut Engine, host: &Arc<Host>) {
    let [write, read] = <[Signature; 2]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("two signatures"));
    let dry_run = host.is_dry_run();
    let writer = Arc::clone(host);
    registration(&write, 2).register_into_engine(engine, move |path: Dynamic, text: Dynamic| {
        write_file(writer.files(), &path, &text, dry_run)
    });
    let reader = Arc::clone(host);
    registration(&read, 1).register_into_engine(engine, move |path: Dynamic| read_file(reader.files(), &path));
}

/// The file a function names, as given and as it may be opened (resolved), or why not.
fn path_of(files: &FileAccess, function: &str, path: &Dynamic, what: FileUse) -> Result<(PathBuf, PathBuf)> {
    match path.clone().into_immutable_string() {
        Ok(text) if !text.trim().is_empty() => {
            let given = PathBuf::from(text.as_str());
            let allowed = files.check(&given, what).map_err(|message| errors::usage(function, message))?;
            Ok((given, allowed))
        }
        _ => {
            Err(errors::usage(function, format!("'path' must be a file name, got {}", super::convert::describe(path))))
        }
    }
}

fn write_file(files: &FileAccess, path: &Dynamic, text: &Dynamic, dry_run: bool) -> Result<ImmutableString> {
    let (file, allowed) = path_of(files, "write_file", path, FileUse::Write)?;
    let text = text.clone().into_immutable_string().map_err(|_| {
        errors::usage("write_file", format!("'text' must be a string, got {}", super::convert::describe(text)))
    })?;
    if dry_run {
        eprintln!("DRY-RUN write_file {} ({} bytes)", file.display(), text.len());
        return Ok(file.display().to_string().into());
    }
    crate::private_files::write(&allowed, &text)
        .map_err(|e| errors::usage("write_file", format!("cannot write {}: {e}", file.display())))?;
    Ok(file.display().to_string().into())
}

fn read_file(files: &FileAccess, path: &Dynamic) -> Result<ImmutableString> {
    let (file, allowed) = path_of(files, "read_file", path, FileUse::Read)?;
    use std::io::Read as _;
    let failed = |e: std::io::Error| errors::usage("read_file", format!("cannot read {}: {e}", file.display()));
    // Read up to one byte past the limit: a device or a growing file says nothing true of its
    // size beforehand.
    let mut bytes = Vec::new();
    crate::private_files::open_no_follow(&allowed)
        .map_err(failed)?
        .take(LARGEST_READ + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > LARGEST_READ {
        return Err(errors::limit(format!("read_file: {} is larger than {LARGEST_READ} bytes", file.display())));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| errors::usage("read_file", format!("{} is not UTF-8 text", file.display())))?;
    Ok(text.into())
}
