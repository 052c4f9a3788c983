//! Writes generated files: all-or-nothing, only when content changed, removing files an earlier
//! run generated that this run no longer produces. A listing of what accord generated is kept in
//! `.accord-generated` in the output directory.

use crate::codegen::{GeneratedFile, ACCORD_VERSION};
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

mod lock;

pub use lock::{lock_exclusive, lock_shared_if_present, OutputLock, LOCK};

/// The listing of generated files, relative to the output directory.
pub const LISTING: &str = ".accord-generated";

/// The previous listing, kept while a write that adds files is under way (see `write_journal`).
pub const LISTING_BACKUP: &str = ".accord-generated.accord-old";

/// What a file being written is called until it is complete: `<file>.accord-tmp`.
pub const TEMPORARY_SUFFIX: &str = ".accord-tmp";

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

/// A file `--check` found out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// Should exist and does not.
    Missing(String),
    /// Exists with other content.
    Changed(String),
    /// Was generated earlier and is no longer produced.
    Obsolete(String),
}

/// Writes `files` under `out_dir`, holding the directory's lock (see [`lock_exclusive`]) for the
/// whole write, so that a process killed at any moment leaves every file either complete in its
/// old version or complete in its new one:
///
/// 1. temporaries an interrupted earlier run left (`<file>.accord-tmp` of any listed file) are
///    removed;
/// 2. when this run adds files, the listing first names the old files and the new ones together
///    (a journal: whatever a kill leaves on disk is listed, so the next run can clean it up);
/// 3. every changed file is written to its temporary; a failure (read-only directory, full disk)
///    removes the temporaries and returns the error with every old file untouched;
/// 4. the temporaries are renamed over their targets (each rename atomic), the files no longer
///    produced are removed, and the listing is renamed last.
pub fn write_all(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<WriteReport> {
    let files = with_listing(files);
    check_paths(&files)?;
    let _lock = lock_exclusive(out_dir, |message| eprintln!("{message}"))?;
    check_no_symlinked_dirs(out_dir, &files)?;
    let previous = previous_listing(out_dir);
    remove_temporaries(out_dir, &previous);
    let (listing, contents) = files.split_last().expect("the listing is always there");
    let had_listing = out_dir.join(LISTING).is_file();
    let journaled = write_journal(out_dir, &previous, contents)?;
    let mut report = WriteReport::default();
    let mut pending = match write_temporaries(out_dir, &files, &mut report) {
        Ok(pending) => pending,
        Err(error) => {
            if journaled {
                restore_listing(out_dir, !had_listing);
            }
            return Err(error);
        }
    };
    let listing_pending = match pending.last() {
        Some((_, _, path)) if *path == listing.path => pending.pop(),
        _ => None,
    };
    report.written = rename_all(pending)?;
    for path in obsolete_files(out_dir, &previous, &files) {
        pause();
        remove_generated(out_dir, &path)?;
        report.removed.push(path);
    }
    report
        .written
        .extend(rename_all(listing_pending.into_iter().collect())?);
    if journaled && !report.written.iter().any(|path| path == LISTING) {
        // The journal already was the final listing.
        report.unchanged -= 1;
        report.written.push(LISTING.to_owned());
    }
    let _ = std::fs::remove_file(out_dir.join(LISTING_BACKUP));
    Ok(report)
}

/// A temporary written, waiting for its rename: (temporary, target, path in the output).
type Pending = (PathBuf, PathBuf, String);

/// Writes every changed file to its temporary; on a failure removes them all.
fn write_temporaries(
    out_dir: &Path,
    files: &[GeneratedFile],
    report: &mut WriteReport,
) -> io::Result<Vec<Pending>> {
    let mut pending = Vec::new();
    for file in files {
        let target = out_dir.join(&file.path);
        if std::fs::read(&target).is_ok_and(|current| current == file.contents.as_slice()) {
            report.unchanged += 1;
            continue;
        }
        match write_temporary(&target, file.contents.as_slice()) {
            Ok(temporary) => pending.push((temporary, target, file.path.clone())),
            Err(error) => {
                discard(&pending);
                return Err(error);
            }
        }
    }
    Ok(pending)
}

/// Lists every file that [`write_all`] would create, change or remove.
pub fn stale_files(out_dir: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    let files = with_listing(files);
    let mut stale: Vec<Stale> = files
        .iter()
        .filter_map(|file| match std::fs::read(out_dir.join(&file.path)) {
            Err(_) => Some(Stale::Missing(file.path.clone())),
            Ok(current) if current != file.contents.as_slice() => {
                Some(Stale::Changed(file.path.clone()))
            }
            Ok(_) => None,
        })
        .collect();
    stale.extend(
        obsolete_files(out_dir, &previous_listing(out_dir), &files)
            .into_iter()
            .map(Stale::Obsolete),
    );
    stale
}

/// The files plus the listing that names them.
fn with_listing(files: &[GeneratedFile]) -> Vec<GeneratedFile> {
    let mut all = files.to_vec();
    let text = listing_text(files.iter().map(|f| f.path.as_str()));
    all.push(GeneratedFile::new(LISTING, text));
    all
}

/// The listing's text: a header, then the paths sorted, one a line.
pub fn listing_text<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
    let listing: BTreeSet<&str> = paths.into_iter().collect();
    let header = format!(
        "# @generated by accord {ACCORD_VERSION}: the files it wrote here (kept in step on every run).\n"
    );
    header + &listing.iter().map(|p| format!("{p}\n")).collect::<String>()
}

/// The paths the listing on disk names (only those that stay inside the output directory).
fn previous_listing(out_dir: &Path) -> Vec<String> {
    let Ok(previous) = std::fs::read_to_string(out_dir.join(LISTING)) else {
        return Vec::new();
    };
    previous
        .lines()
        .filter(|line| !line.starts_with('#') && is_safe_path(line))
        .map(String::from)
        .collect()
}

/// Removes the temporaries a killed run may have left: `<file>.accord-tmp` of every listed file
/// and of the listing. The journal (see [`write_journal`]) makes the listing name every file an
/// interrupted run could have had a temporary for.
fn remove_temporaries(out_dir: &Path, listed: &[String]) {
    for path in listed.iter().map(String::as_str).chain([LISTING]) {
        let temporary = temporary_path(&out_dir.join(path));
        if std::fs::symlink_metadata(&temporary).is_ok() {
            let _ = std::fs::remove_file(&temporary);
        }
    }
    let _ = std::fs::remove_file(out_dir.join(LISTING_BACKUP));
}

/// Before any file is added, the listing on disk is made to name the old files and the new ones,
/// so that a kill from here on leaves only listed files behind; the old listing is kept as a hard
/// link ([`LISTING_BACKUP`]) to be put back if the write fails. Returns whether it journaled.
fn write_journal(out_dir: &Path, previous: &[String], files: &[GeneratedFile]) -> io::Result<bool> {
    let known: BTreeSet<&str> = previous.iter().map(String::as_str).collect();
    if files.iter().all(|file| known.contains(file.path.as_str())) {
        return Ok(false);
    }
    let union = known
        .iter()
        .copied()
        .chain(files.iter().map(|f| f.path.as_str()));
    let target = out_dir.join(LISTING);
    pause();
    let temporary = write_temporary(&target, listing_text(union).as_bytes())?;
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

/// Renames each temporary over its target; on a failure the temporaries not yet renamed are
/// removed (a rename that did happen is complete: the file holds its new version).
fn rename_all(pending: Vec<Pending>) -> io::Result<Vec<String>> {
    let mut written = Vec::new();
    for (index, (temporary, target, path)) in pending.iter().enumerate() {
        pause();
        if let Err(error) = std::fs::rename(temporary, target) {
            discard(&pending[index..]);
            return Err(error);
        }
        written.push(path.clone());
    }
    Ok(written)
}

/// Refuses any path that could leave the output directory.
fn check_paths(files: &[GeneratedFile]) -> io::Result<()> {
    match files.iter().find(|file| !is_safe_path(&file.path)) {
        Some(file) => {
            let message = format!(
                "refusing to write outside the output directory: {:?}",
                file.path
            );
            Err(io::Error::new(io::ErrorKind::InvalidInput, message))
        }
        None => Ok(()),
    }
}

/// A relative path of non-empty segments made of `[A-Za-z0-9_.-]`, never `.`, `..` or absolute.
fn is_safe_path(path: &str) -> bool {
    path.split('/').all(|segment| {
        !matches!(segment, "" | "." | "..")
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    })
}

/// Refuses to write through a directory of the output that is a symbolic link (it could lead out
/// of the output directory).
fn check_no_symlinked_dirs(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<()> {
    let mut checked = BTreeSet::new();
    for file in files {
        let mut dir = Path::new(&file.path).parent();
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

/// A test hook: with `ACCORD_TEST_WRITE_PAUSE_MS` set, every step of a write that changes the
/// disk is preceded by a sleep of that many milliseconds, so that the kill test
/// (`compiler/tests/gen_writes.rs`) lands between any two steps, not only in the compilation that
/// takes most of a run. Unset, it costs one environment look-up per process.
fn pause() {
    static PAUSE: std::sync::OnceLock<Option<std::time::Duration>> = std::sync::OnceLock::new();
    let pause = PAUSE.get_or_init(|| {
        let millis = std::env::var("ACCORD_TEST_WRITE_PAUSE_MS").ok()?;
        millis.parse().ok().map(std::time::Duration::from_millis)
    });
    if let Some(duration) = pause {
        std::thread::sleep(*duration);
    }
}

fn temporary_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(TEMPORARY_SUFFIX);
    target.with_file_name(name)
}

/// Writes `contents` to a new temporary beside `target` (never through an existing file or link
/// of that name: a leftover is removed and the temporary created afresh).
fn write_temporary(target: &Path, contents: &[u8]) -> io::Result<PathBuf> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let temporary = temporary_path(target);
    if std::fs::symlink_metadata(&temporary).is_ok() {
        std::fs::remove_file(&temporary)?;
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            pause();
            file.write_all(contents)
        });
    match written {
        Ok(()) => Ok(temporary),
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            Err(error)
        }
    }
}

fn discard(pending: &[Pending]) {
    for (temporary, _, _) in pending {
        let _ = std::fs::remove_file(temporary);
    }
}

/// Files named by the previous listing that this run does not produce.
fn obsolete_files(out_dir: &Path, previous: &[String], files: &[GeneratedFile]) -> Vec<String> {
    let current: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    previous
        .iter()
        .filter(|path| !current.contains(path.as_str()) && out_dir.join(path).is_file())
        .cloned()
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("accord-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn refuses_paths_that_leave_the_output_directory() {
        let dir = temp_dir("escape");
        for path in [
            "../outside.txt",
            "/etc/passwd",
            "a/../../b",
            "",
            "a//b",
            "a\\b",
        ] {
            let files = [
                GeneratedFile::new("ok.txt", "x"),
                GeneratedFile::new(path, "x"),
            ];
            assert!(write_all(&dir, &files).is_err(), "{path:?} was accepted");
        }
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            0,
            "something was written"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_write_changes_nothing() {
        let dir = temp_dir("failure");
        std::fs::write(dir.join("blocker"), "a file where a directory must go").unwrap();
        let files = [
            GeneratedFile::new("a.txt", "new"),
            GeneratedFile::new("blocker/b.txt", "cannot be written"),
        ];
        assert!(write_all(&dir, &files).is_err());
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [LOCK, "blocker"], "a partial write was left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writes_only_changed_files_and_lists_them() {
        let dir = temp_dir("changed");
        let files = [
            GeneratedFile::new("a/x.txt", "1"),
            GeneratedFile::new("b.txt", "2"),
        ];
        let first = write_all(&dir, &files).unwrap();
        assert_eq!(first.written.len(), 3, "two files and the listing");
        let again = write_all(&dir, &files).unwrap();
        assert!(again.written.is_empty());
        let listing = std::fs::read_to_string(dir.join(LISTING)).unwrap();
        assert!(listing.starts_with("# @generated by accord"), "{listing}");
        assert!(listing.ends_with("\na/x.txt\nb.txt\n"), "{listing}");
        let fewer = write_all(&dir, &files[1..]).unwrap();
        assert_eq!(fewer.removed, ["a/x.txt"]);
        assert!(!dir.join("a").exists(), "the emptied directory is removed");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
