//! Keeping the emulator's state in a file: loaded once at start, saved after every accepted
//! mutation by writing a temporary file next to it, syncing it and renaming it over the old
//! one, so a crash never leaves half a file. A file that cannot be read as state is refused,
//! never overwritten.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::world::World;
use super::SimError;

/// Loads the state from `path`; a missing file is an empty state.
pub fn load(path: &Path) -> Result<World, SimError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(World::default()),
        Err(source) => return Err(SimError::ReadState { path: path.to_path_buf(), source }),
    };
    serde_json::from_str(&text).map_err(|e| SimError::CorruptState { path: path.to_path_buf(), reason: e.to_string() })
}

/// Saves `world` to `path` atomically, creating the parent folders if needed.
pub fn save(path: &Path, world: &World) -> Result<(), SimError> {
    let fail = |source| SimError::SaveState { path: path.to_path_buf(), source };
    let text = serde_json::to_vec_pretty(world).map_err(|e| fail(std::io::Error::other(e)))?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(fail)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "state".into());
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = fs::File::create(&temp)?;
        file.write_all(&text)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&temp);
        fail(e)
    })
}
