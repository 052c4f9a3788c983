//! `gen --check`: which files a write would create, change or remove, found by comparing each
//! generated file with the one on disk as it is made (nothing is kept in memory but the paths).

use super::{listing_text, obsolete_files, previous_listing, FileSink, GeneratedFile, LISTING};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// A file `--check` found out of date.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stale {
    /// Should exist and does not.
    Missing(String),
    /// Exists with other content.
    Changed(String),
    /// Was generated earlier and is no longer produced.
    Obsolete(String),
}

/// Compares generated files with an output directory (see the module documentation).
#[derive(Debug)]
pub struct StaleCheck {
    out_dir: PathBuf,
    state: Mutex<Compared>,
}

/// What the comparisons found so far.
#[derive(Debug, Default)]
struct Compared {
    paths: Vec<String>,
    stale: Vec<Stale>,
}

impl StaleCheck {
    /// A check of the files under `out_dir`.
    pub fn new(out_dir: &Path) -> StaleCheck {
        StaleCheck {
            out_dir: out_dir.to_path_buf(),
            state: Mutex::default(),
        }
    }

    /// Compares one generated file with the file on disk.
    pub fn compare(&self, path: &str, contents: &[u8]) {
        let stale = stale(&self.out_dir, path, contents);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.paths.push(path.to_owned());
        state.stale.extend(stale);
    }

    /// Every file out of date, the listing included: missing and changed files by path, then
    /// the files no longer produced.
    pub fn finish(self) -> Vec<Stale> {
        let Compared { paths, mut stale } = self
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let paths: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
        let listing = listing_text(paths.iter().copied());
        stale.extend(self::stale(&self.out_dir, LISTING, listing.as_bytes()));
        stale.sort_unstable();
        let previous = previous_listing(&self.out_dir);
        stale.extend(
            obsolete_files(&self.out_dir, &previous, &paths)
                .into_iter()
                .map(Stale::Obsolete),
        );
        stale
    }
}

impl FileSink for StaleCheck {
    fn put(&self, file: GeneratedFile) {
        self.compare(&file.path, &file.contents);
    }
}

fn stale(out_dir: &Path, path: &str, contents: &[u8]) -> Option<Stale> {
    match std::fs::read(out_dir.join(path)) {
        Err(_) => Some(Stale::Missing(path.to_owned())),
        Ok(current) if current != contents => Some(Stale::Changed(path.to_owned())),
        Ok(_) => None,
    }
}
