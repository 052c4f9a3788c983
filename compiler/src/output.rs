//! Writes generated files: all-or-nothing, only when content changed, removing files an earlier
//! run generated that this run no longer produces. A listing of what accord generated is kept in
//! `.accord-generated` in the output directory.

use crate::codegen::GeneratedFile;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// The listing of generated files, relative to the output directory.
pub const LISTING: &str = ".accord-generated";

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

/// Writes `files` under `out_dir`: every changed file is first written to a temporary file, and
/// only when all of them are written are they renamed into place.
pub fn write_all(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<WriteReport> {
    let files = with_listing(files);
    check_paths(&files)?;
    let mut report = WriteReport::default();
    let mut pending = Vec::new();
    for file in &files {
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
    let obsolete = obsolete_files(out_dir, &files);
    for (temporary, target, path) in pending {
        std::fs::rename(&temporary, &target)?;
        report.written.push(path);
    }
    for path in obsolete {
        remove_generated(out_dir, &path)?;
        report.removed.push(path);
    }
    Ok(report)
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
        obsolete_files(out_dir, &files)
            .into_iter()
            .map(Stale::Obsolete),
    );
    stale
}

/// The files plus the listing that names them.
fn with_listing(files: &[GeneratedFile]) -> Vec<GeneratedFile> {
    let mut all = files.to_vec();
    let mut listing: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    listing.sort_unstable();
    let text = listing.iter().map(|p| format!("{p}\n")).collect::<String>();
    all.push(GeneratedFile::new(LISTING, text));
    all
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

fn write_temporary(target: &Path, contents: &[u8]) -> io::Result<PathBuf> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".accord-tmp");
    let temporary = target.with_file_name(name);
    std::fs::write(&temporary, contents)?;
    Ok(temporary)
}

fn discard(pending: &[(PathBuf, PathBuf, String)]) {
    for (temporary, _, _) in pending {
        let _ = std::fs::remove_file(temporary);
    }
}

/// Files named by the previous listing that this run does not produce.
fn obsolete_files(out_dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let Ok(previous) = std::fs::read_to_string(out_dir.join(LISTING)) else {
        return Vec::new();
    };
    let current: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    previous
        .lines()
        .filter(|path| {
            is_safe_path(path) && !current.contains(path) && out_dir.join(path).is_file()
        })
        .map(String::from)
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
        assert_eq!(names, ["blocker"], "a partial write was left behind");
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
        assert_eq!(
            std::fs::read_to_string(dir.join(LISTING)).unwrap(),
            "a/x.txt\nb.txt\n"
        );
        let fewer = write_all(&dir, &files[1..]).unwrap();
        assert_eq!(fewer.removed, ["a/x.txt"]);
        assert!(!dir.join("a").exists(), "the emptied directory is removed");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
