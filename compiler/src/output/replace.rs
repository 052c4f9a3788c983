//! Replacing one existing file atomically (`accord fmt` rewrites contract files this way): the
//! new content is written to a temporary file beside it and renamed over it, so a reader, or a
//! process killed at any moment, finds the old file or the new one, never a part of either.

use super::TEMPORARY_SUFFIX;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces the file at `path` with `contents`, keeping its permissions. On a failure the file
/// is as it was and no temporary file is left beside it.
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let temporary = temporary_beside(path);
    let permissions = std::fs::metadata(path)?.permissions();
    let written = write_temporary(&temporary, contents)
        .and_then(|()| std::fs::set_permissions(&temporary, permissions))
        .and_then(|()| std::fs::rename(&temporary, path));
    written.inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// `dir/name.accord-tmp` for `dir/name`.
fn temporary_beside(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(TEMPORARY_SUFFIX);
    path.with_file_name(name)
}

/// Writes and flushes a new file (a leftover of an interrupted run is removed first, never
/// written through).
fn write_temporary(path: &Path, contents: &[u8]) -> io::Result<()> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut file = match create() {
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            create()?
        }
        other => other?,
    };
    file.write_all(contents)?;
    file.sync_all()
}
