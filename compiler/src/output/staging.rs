//! An all-or-nothing write of generated files that never holds them in memory: each file is
//! compared with the one on disk as it arrives and, when it differs, written under the staging
//! directory `<out>/.accord-staging`; when every file is made, the staged files are renamed over
//! their targets (each rename atomic), the files no longer produced are removed, and the listing
//! is renamed last. The output directory's lock is held throughout.
//!
//! Only files the previous listing names are read for the comparison (a file accord did not
//! generate is replaced, as a changed one is), and a directory missing from the output is renamed
//! in whole from the staging directory, so a first run into an empty directory costs one write per
//! file and one rename per top-level directory.
//!
//! A process killed at any moment leaves every file complete in its old version or in its new
//! one: before anything is renamed in, the listing names the old files and the new ones together
//! (a journal), so the next run knows every file a kill could leave, and it removes the staging
//! directory. A failure (read-only directory, full disk) removes the staging directory and
//! returns the error with every old file untouched.

use super::{
    check_paths, is_safe_path, listing_text, lock_exclusive, obsolete_files, pause,
    previous_listing, unsafe_path, FileSink, GeneratedFile, OutputLock, LISTING, LISTING_BACKUP,
    TEMPORARY_SUFFIX,
};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The directory, inside the output directory, that holds files until the write commits.
pub const STAGING: &str = ".accord-staging";

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or rewritten.
    pub written: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Files removed because no contract produces them any more.
    pub removed: Vec<String>,
}

impl WriteReport {
    /// How many files the run generated (written or unchanged), the listing not counted.
    pub fn generated_files(&self) -> usize {
        (self.written.len() + self.unchanged).saturating_sub(1)
    }
}

/// A write under way (see the module documentation). Files come in through [`Staging::stage`]
/// or the [`FileSink`] implementation, from any thread; [`Staging::commit`] swaps them in.
#[derive(Debug)]
pub struct Staging {
    out_dir: PathBuf,
    staging: PathBuf,
    previous: BTreeSet<String>,
    state: Mutex<State>,
    /// The directories made under the staging directory so far.
    staged_dirs: Mutex<HashSet<PathBuf>>,
    _lock: OutputLock,
}

/// What the files staged so far came to.
#[derive(Debug, Default)]
struct State {
    /// Every path produced, and whether its content differs from the file on disk (staged).
    files: Vec<(String, bool)>,
    /// The first failure; later files are ignored.
    error: Option<io::Error>,
}

impl Staging {
    /// Takes the output directory's lock (calling `waiting` when another process holds it),
    /// removes what an interrupted earlier write left, and makes an empty staging directory.
    pub fn begin(out_dir: &Path, waiting: impl FnOnce(&str)) -> io::Result<Staging> {
        let lock = lock_exclusive(out_dir, waiting)?;
        let previous = previous_listing(out_dir);
        let staging = out_dir.join(STAGING);
        remove_leftovers(out_dir, &staging)?;
        std::fs::create_dir(&staging)?;
        Ok(Staging {
            out_dir: out_dir.to_path_buf(),
            staging,
            previous,
            state: Mutex::default(),
            staged_dirs: Mutex::default(),
            _lock: lock,
        })
    }

    /// Stages one file: compared with the file on disk, and written under the staging directory
    /// when it differs. A failure is kept for [`Staging::commit`] to report.
    pub fn stage(&self, path: &str, contents: &[u8]) {
        if self.lock_state().error.is_some() {
            return;
        }
        let result = self.stage_file(path, contents);
        let mut state = self.lock_state();
        match result {
            Ok(changed) => state.files.push((path.to_owned(), changed)),
            Err(error) => {
                state.error.get_or_insert(error);
            }
        }
    }

    fn stage_file(&self, path: &str, contents: &[u8]) -> io::Result<bool> {
        if !is_safe_path(path) {
            return Err(unsafe_path(path));
        }
        if path == LISTING || self.previous.contains(path) {
            let current = std::fs::read(self.out_dir.join(path));
            if current.is_ok_and(|current| current == contents) {
                return Ok(false);
            }
        }
        pause();
        let target = self.staging.join(path);
        if let Some(parent) = target.parent() {
            self.make_staged_dir(parent)?;
        }
        write_new(&target, contents)?;
        Ok(true)
    }

    /// Makes a directory under the staging directory, once per run.
    fn make_staged_dir(&self, dir: &Path) -> io::Result<()> {
        let dirs = || {
            self.staged_dirs
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if !dirs().contains(dir) {
            std::fs::create_dir_all(dir)?;
            dirs().insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Swaps the staged files in, removes the files no longer produced, and writes the listing;
    /// on a failure before the first rename, nothing in the output directory has changed.
    pub fn commit(self) -> io::Result<WriteReport> {
        let state = std::mem::take(&mut *self.lock_state());
        let result = match state.error {
            Some(error) => Err(error),
            None => self.swap_in(state.files),
        };
        let _ = std::fs::remove_dir_all(&self.staging);
        let _ = std::fs::remove_file(self.out_dir.join(LISTING_BACKUP));
        result
    }

    fn swap_in(&self, mut files: Vec<(String, bool)>) -> io::Result<WriteReport> {
        files.sort_unstable();
        if let Some(pair) = files.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            let message = format!("two generated files have the same path: {}", pair[0].0);
            return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
        }
        let paths: BTreeSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
        check_paths(paths.iter().copied())?;
        check_no_symlinked_dirs(&self.out_dir, &paths)?;
        let listing = listing_text(paths.iter().copied());
        let listing_changed = self.stage_file(LISTING, listing.as_bytes())?;
        let changed_paths = files.iter().filter(|(_, changed)| *changed);
        let moves = plan_moves(&self.out_dir, changed_paths.map(|(path, _)| path.as_str()))?;
        let had_listing = self.out_dir.join(LISTING).is_file();
        let journaled = write_journal(&self.out_dir, &self.previous, &paths)?;
        let mut report = WriteReport {
            unchanged: files.len() - moves.iter().map(|m| m.files.len()).sum::<usize>(),
            ..WriteReport::default()
        };
        if let Err(error) = self.move_in(&moves, &mut report) {
            if journaled && report.written.is_empty() {
                restore_listing(&self.out_dir, !had_listing);
            }
            return Err(error);
        }
        for path in obsolete_files(&self.out_dir, &self.previous, &paths) {
            pause();
            remove_generated(&self.out_dir, &path)?;
            report.removed.push(path);
        }
        if listing_changed {
            let listing = Move {
                path: LISTING,
                files: vec![LISTING],
            };
            self.move_in(&[listing], &mut report)?;
        } else {
            report.unchanged += 1;
        }
        Ok(report)
    }

    /// Renames staged files and directories over their targets, in order, recording each file
    /// in `report`.
    fn move_in(&self, moves: &[Move<'_>], report: &mut WriteReport) -> io::Result<()> {
        for one in moves {
            pause();
            std::fs::rename(self.staging.join(one.path), self.out_dir.join(one.path))?;
            report
                .written
                .extend(one.files.iter().map(|file| (*file).to_owned()));
        }
        Ok(())
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl FileSink for Staging {
    fn put(&self, file: GeneratedFile) {
        self.stage(&file.path, &file.contents);
    }
}

/// One rename of the commit: a staged file over its target, or a staged directory to a place
/// of the output where nothing is yet (bringing every file under it).
#[derive(Debug)]
struct Move<'a> {
    /// The file or directory, relative to both the staging and the output directory.
    path: &'a str,
    /// The generated files it brings, in path order.
    files: Vec<&'a str>,
}

/// The renames that bring the changed files (in path order) in: a file whose directory is
/// missing from the output comes with the highest missing directory, renamed whole. A directory
/// of the path that exists as anything but a directory fails the write before anything is
/// renamed.
fn plan_moves<'a>(
    out_dir: &Path,
    changed: impl Iterator<Item = &'a str>,
) -> io::Result<Vec<Move<'a>>> {
    let mut missing: HashMap<&'a str, bool> = HashMap::new();
    let mut moves: Vec<Move<'a>> = Vec::new();
    for file in changed {
        let mut unit = file;
        for (end, _) in file.match_indices('/') {
            let dir = &file[..end];
            let absent = match missing.get(dir) {
                Some(absent) => *absent,
                None => {
                    let absent = is_missing_dir(out_dir, dir)?;
                    missing.insert(dir, absent);
                    absent
                }
            };
            if absent {
                unit = dir;
                break;
            }
        }
        match moves.last_mut() {
            Some(last) if last.path == unit && unit != file => last.files.push(file),
            _ => moves.push(Move {
                path: unit,
                files: vec![file],
            }),
        }
    }
    Ok(moves)
}

/// Whether nothing is at `dir` in the output; an error when something other than a directory is.
fn is_missing_dir(out_dir: &Path, dir: &str) -> io::Result<bool> {
    match std::fs::symlink_metadata(out_dir.join(dir)) {
        Ok(meta) if meta.is_dir() => Ok(false),
        Ok(_) => {
            let message = format!("cannot make the directory {dir}: a file is in the way");
            Err(io::Error::new(io::ErrorKind::AlreadyExists, message))
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(error) => Err(error),
    }
}

/// Removes what a killed write may have left: its staging directory, the listing's temporary and
/// backup.
fn remove_leftovers(out_dir: &Path, staging: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(staging) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(staging)?,
        Ok(_) => std::fs::remove_file(staging)?,
        Err(_) => {}
    }
    let _ = std::fs::remove_file(temporary_path(&out_dir.join(LISTING)));
    let _ = std::fs::remove_file(out_dir.join(LISTING_BACKUP));
    Ok(())
}

/// Before any file is renamed in, the listing on disk is made to name the old files and the new
/// ones, so that a kill from here on leaves only listed files behind; the old listing is kept as
/// a hard link ([`LISTING_BACKUP`]) to be put back if the write fails. Returns whether it
/// journaled.
fn write_journal(
    out_dir: &Path,
    previous: &BTreeSet<String>,
    paths: &BTreeSet<&str>,
) -> io::Result<bool> {
    if paths.iter().all(|path| previous.contains(*path)) {
        return Ok(false);
    }
    let union = previous
        .iter()
        .map(String::as_str)
        .chain(paths.iter().copied());
    let target = out_dir.join(LISTING);
    pause();
    let temporary = temporary_path(&target);
    write_new(&temporary, listing_text(union).as_bytes())?;
    pause();
    let backup = out_dir.join(LISTING_BACKUP);
    let _ = std::fs::remove_file(&backup);
    let _ = std::fs::hard_link(&target, &backup);
    std::fs::rename(&temporary, &target).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })?;
    Ok(true)
}

/// Undoes the journal after a failed write: the old listing back (no data written: a rename of
/// its hard link), or no listing if there was none.
fn restore_listing(out_dir: &Path, had_none: bool) {
    let backup = out_dir.join(LISTING_BACKUP);
    if std::fs::rename(&backup, out_dir.join(LISTING)).is_err() && had_none {
        let _ = std::fs::remove_file(out_dir.join(LISTING));
    }
}

/// Refuses to write through a directory of the output that is a symbolic link (it could lead out
/// of the output directory).
fn check_no_symlinked_dirs(out_dir: &Path, paths: &BTreeSet<&str>) -> io::Result<()> {
    let mut checked = BTreeSet::new();
    for path in paths {
        let mut dir = Path::new(path).parent();
        while let Some(relative) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if !checked.insert(relative.to_path_buf()) {
                break;
            }
            let is_link = std::fs::symlink_metadata(out_dir.join(relative))
                .is_ok_and(|meta| meta.file_type().is_symlink());
            if is_link {
                let message = format!(
                    "refusing to write through a symbolic link in the output directory: {}",
                    relative.display()
                );
                return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
            }
            dir = relative.parent();
        }
    }
    Ok(())
}

fn temporary_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(TEMPORARY_SUFFIX);
    target.with_file_name(name)
}

/// Writes `contents` to a new file at `path`, in an existing directory (never through an existing
/// file or link: a leftover is removed first); on a failure nothing is left at `path`.
fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let file = match create() {
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            create()
        }
        other => other,
    };
    let written = file.and_then(|mut file| {
        pause();
        file.write_all(contents)
    });
    written.inspect_err(|_| {
        let _ = std::fs::remove_file(path);
    })
}

/// Removes a file and the directories it leaves empty (up to the output directory).
fn remove_generated(out_dir: &Path, path: &str) -> io::Result<()> {
    let target = out_dir.join(path);
    std::fs::remove_file(&target)?;
    let mut dir = target.parent();
    while let Some(current) = dir {
        if current == out_dir || std::fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
    Ok(())
}
