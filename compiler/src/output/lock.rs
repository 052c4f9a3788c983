//! The lock of an output directory: an advisory lock (`flock` on Unix, `LockFileEx` on Windows)
//! on `<out>/.accord-lock`, held for the whole of a write. The kernel releases it when its holder
//! exits in any way, killed included, so a lock is never stale; the file itself stays (removing a
//! lock file races with a process about to lock it) and holds the process id of its last holder.

use fs4::{FileExt, TryLockError};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::Path;

/// The lock file, relative to the output directory.
pub const LOCK: &str = ".accord-lock";

/// A held lock on an output directory; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

/// Takes the exclusive lock of `out_dir`, creating the directory and the lock file when missing.
/// When another process holds it, `waiting` is called once with a message naming the directory
/// and that process, and the call blocks until the lock is free: two runs on one directory then
/// write one after the other, never interleaved.
pub fn lock_exclusive(out_dir: &Path, waiting: impl FnOnce(&str)) -> io::Result<OutputLock> {
    std::fs::create_dir_all(out_dir)?;
    let path = out_dir.join(LOCK);
    refuse_symlink(&path)?;
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    match FileExt::try_lock(&file) {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = match holder.trim() {
                "" => String::new(),
                pid => format!(" (process {pid})"),
            };
            waiting(&format!(
                "waiting for the lock of {}: another accord{holder} is writing there",
                out_dir.display()
            ));
            FileExt::lock(&file)?;
        }
        Err(TryLockError::Error(error)) => return Err(error),
    }
    file.set_len(0)?;
    file.rewind()?;
    writeln!(file, "{}", std::process::id())?;
    Ok(OutputLock { _file: file })
}

/// Takes a shared lock of `out_dir` when its lock file exists (for reading a consistent output,
/// as `gen --check` does); `None` when there is no lock file or it cannot be opened, e.g. the
/// directory was never written by this version of accord.
pub fn lock_shared_if_present(out_dir: &Path) -> Option<OutputLock> {
    let path = out_dir.join(LOCK);
    refuse_symlink(&path).ok()?;
    let file = File::open(&path).ok()?;
    FileExt::lock_shared(&file).ok()?;
    Some(OutputLock { _file: file })
}

fn refuse_symlink(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refusing to use a symbolic link as the lock file: {}",
                path.display()
            ),
        )),
        _ => Ok(()),
    }
}
