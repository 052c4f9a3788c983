//! Replacing one existing file atomically (`accord fmt` rewrites contract files this way): the
//! new content is written to a temporary file beside it and renamed over it, so a reader, or a
//! process killed at any moment, finds the old file or the new one, never a part of either.

use super::TEMPORARY_SUFFIX;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces the file at `path` with `contents`, keeping its permissions (a symbolic link stays
/// one: the file it points to is replaced). On a failure the file is as it was and no temporary
/// file is left beside it.
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let path = &std::fs::canonicalize(path)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("accord-replace-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_file_is_replaced_and_nothing_is_left_beside_it() {
        let dir = scratch("plain");
        let file = dir.join("a.accord");
        std::fs::write(&file, "old").unwrap();
        std::fs::write(temporary_beside(&file), "a leftover").unwrap();
        replace_file(&file, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.accord"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_file_is_an_error_and_nothing_is_written() {
        let dir = scratch("missing");
        assert!(replace_file(&dir.join("none.accord"), b"new").is_err());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_stays_a_link_to_the_replaced_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("link");
        let target = dir.join("real.accord");
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.join("link.accord");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        replace_file(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
