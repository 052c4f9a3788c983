//! The corpus of real-world Avro schemas in `../shared/corpus/avro/`, beside the checkout. It is not
//! the project's to ship, so a bare clone lacks it: the tests that read it skip themselves then, with
//! a notice on stderr, and run whenever it is there.

use std::path::{Path, PathBuf};

/// The corpus folder, beside the checkout.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/avro")
}

/// Every `.avsc` file of the corpus, sorted by path; `None`, after a notice on stderr, when the
/// corpus is not there.
pub fn avsc_files() -> Option<Vec<PathBuf>> {
    let dir = dir();
    if !dir.is_dir() {
        super::notice("skipped: ../shared/corpus/avro not found (the corpus is not shipped)");
        return None;
    }
    let mut files = Vec::new();
    collect(&dir, &mut files);
    assert!(
        files.len() >= 100,
        "expected the Avro corpus at {}, found {} schemas",
        dir.display(),
        files.len()
    );
    Some(files)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "avsc") {
            out.push(path);
        }
    }
}
