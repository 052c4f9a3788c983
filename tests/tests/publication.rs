//! Publication rules of the generated layout structs (`docs/layouts.md#publication`) on a real
//! directory tree, with concurrent writers and readers (threads): readers never see a file that
//! is partially written or a group that is not committed; an immutable path is never rewritten
//! (the first write wins, the others are refused and the content stays intact); a committed
//! group of an immutable layout is sealed; the manifest says what `docs/layouts.md` says.
//!
//! `LedgerBatches` (boundary fixture) is `immutable` with `commit`, `Drops` is `immutable`
//! alone, the shop's `OrderExportV3` has `commit` alone, and `Parts` has `commit` with a data
//! path without `/` (the whole root is one group).
//!
//! Across languages: `tests/fixtures/publication/` holds a golden tree of committed groups
//! (`cases.json` says what was written; its README how the tree is regenerated). The Rust writer
//! must write it byte for byte and the Rust reader list exactly its committed files;
//! `tests/python/test_publication.py` checks the same of the Python writer and reader, so the
//! two languages write the same manifests and read each other's.

use accord::chrono::NaiveDate;
use accord::publish::{digest, PublishError, TEMP_PREFIX};
use accord_tests::boundary::bank::storage::{Drops, LedgerBatches, Parts};
use accord_tests::shop_contracts::shop::customers::CustomerId;
use accord_tests::shop_contracts::shop::storage::OrderExportV3;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// A fresh directory under the target's tmp dir.
fn root(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("publication-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Reads its bytes in chunks of 512, sleeping before each: a writer that takes its time.
struct Slow {
    data: Vec<u8>,
    at: usize,
}

impl Read for Slow {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        thread::sleep(Duration::from_micros(300));
        let n = buf.len().min(512).min(self.data.len() - self.at);
        buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The content of a data file: its name, filler, and a trailer that only a complete file has.
fn content(label: &str) -> Vec<u8> {
    let mut data = format!("BEGIN {label}\n").into_bytes();
    data.extend(std::iter::repeat_n(b'x', 6_000));
    data.extend_from_slice(format!("\nEND {label}\n").as_bytes());
    data
}

fn complete(path: &Path, label: &str) {
    let data = std::fs::read(path).unwrap();
    assert_eq!(data, content(label), "{} is complete", path.display());
}

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 5, 1).unwrap() + accord::chrono::Duration::days(n.into())
}

const PARTS: i32 = 3;

#[test]
fn readers_see_only_committed_groups_of_complete_files() {
    let root = Arc::new(root("ledger"));
    let done = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let root = Arc::clone(&root);
            thread::spawn(move || {
                for d in 0..4 {
                    let tenant = format!("t/{w}");
                    for part in 0..PARTS {
                        let batch = LedgerBatches {
                            tenant: tenant.clone(),
                            day: day(d),
                            part,
                        };
                        let data = content(&batch.path());
                        batch.write(&*root, Slow { data, at: 0 }).unwrap();
                    }
                    LedgerBatches::commit(&*root, tenant, day(d)).unwrap();
                }
            })
        })
        .collect();
    let seen = Arc::new(AtomicUsize::new(0));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (root, done, seen) = (Arc::clone(&root), Arc::clone(&done), Arc::clone(&seen));
            thread::spawn(move || loop {
                let finished = done.load(Ordering::SeqCst);
                let listed = LedgerBatches::list(&*root).unwrap();
                assert_eq!(listed.len() % PARTS as usize, 0, "whole groups only");
                for (batch, path) in &listed {
                    complete(path, &batch.path());
                    assert!(path.with_file_name("_MANIFEST.json").is_file());
                }
                seen.fetch_max(listed.len(), Ordering::SeqCst);
                if finished {
                    return listed.len();
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    done.store(true, Ordering::SeqCst);
    for reader in readers {
        assert_eq!(reader.join().unwrap(), 3 * 4 * PARTS as usize);
    }
    assert!(seen.load(Ordering::SeqCst) > 0);
}

#[test]
fn a_group_is_invisible_until_committed_and_sealed_after() {
    let root = root("sealed");
    let batch = |part| LedgerBatches {
        tenant: "acme".into(),
        day: day(0),
        part,
    };
    batch(0).write(&root, &content("0")[..]).unwrap();
    batch(1).write(&root, &content("1")[..]).unwrap();
    // A temporary file left by a writer that died is never listed nor committed.
    let dir = root.join("ledger/acme/day=2024-05-01");
    std::fs::write(
        dir.join(format!("{TEMP_PREFIX}1-1-part-00002.json")),
        b"partial",
    )
    .unwrap();
    assert!(LedgerBatches::list(&root).unwrap().is_empty());
    let manifest = LedgerBatches::commit(&root, "acme".into(), day(0)).unwrap();
    assert_eq!(manifest, dir.join("_MANIFEST.json"));
    let listed = LedgerBatches::list(&root).unwrap();
    assert_eq!(
        listed.iter().map(|(b, _)| b.part).collect::<Vec<_>>(),
        [0, 1]
    );
    match batch(2).write(&root, &b"late"[..]) {
        Err(PublishError::Immutable { sealed: true, .. }) => {}
        other => panic!("a sealed group refuses writes: {other:?}"),
    }
    assert!(!dir.join("part-00002.json").exists());
    match LedgerBatches::commit(&root, "acme".into(), day(0)) {
        Err(PublishError::Immutable { sealed: true, .. }) => {}
        other => panic!("a sealed group is committed once: {other:?}"),
    }
    let document: Json = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    assert_eq!(document["layout"], "bank.storage.LedgerBatches");
    assert_eq!(document["version"], 1);
    assert_eq!(document["accord"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        document["group"],
        serde_json::json!({"tenant": "acme", "day": "2024-05-01"})
    );
    let files = document["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for (file, label) in files.iter().zip(["0", "1"]) {
        let data = content(label);
        let (size, sha) = digest(&data[..]).unwrap();
        assert_eq!(file["name"], format!("part-0000{label}.json"));
        assert_eq!(file["size"], size);
        assert_eq!(file["sha256"], sha);
    }
}

#[test]
fn an_immutable_path_is_written_once_whoever_races_for_it() {
    let root = Arc::new(root("drops"));
    let drop = Drops {
        tenant: "acme".into(),
        seq: 7,
    };
    let racers: Vec<_> = (0..6)
        .map(|i| {
            let (root, drop) = (Arc::clone(&root), drop.clone());
            thread::spawn(move || {
                let data = content(&format!("writer {i}"));
                match drop.write(&*root, Slow { data, at: 0 }) {
                    Ok(_) => Some(i),
                    Err(PublishError::Immutable { sealed: false, .. }) => None,
                    Err(other) => panic!("{other}"),
                }
            })
        })
        .collect();
    let winners: Vec<usize> = racers
        .into_iter()
        .filter_map(|r| r.join().unwrap())
        .collect();
    assert_eq!(winners.len(), 1, "one write wins: {winners:?}");
    let path = root.join(drop.path());
    complete(&path, &format!("writer {}", winners[0]));
    match drop.write(&*root, &b"rewrite"[..]) {
        Err(PublishError::Immutable { path: refused, .. }) => assert_eq!(refused, path),
        other => panic!("an immutable path is refused: {other:?}"),
    }
    complete(&path, &format!("writer {}", winners[0]));
    let names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["7.json"], "no temporary file is left");
}

#[test]
fn readers_without_commit_never_see_a_partial_file() {
    let root = Arc::new(root("drops-stream"));
    let done = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let root = Arc::clone(&root);
            thread::spawn(move || {
                for seq in 0..8 {
                    let drop = Drops {
                        tenant: format!("w{w}"),
                        seq,
                    };
                    let data = content(&drop.path());
                    drop.write(&*root, Slow { data, at: 0 }).unwrap();
                }
            })
        })
        .collect();
    let reader = {
        let (root, done) = (Arc::clone(&root), Arc::clone(&done));
        thread::spawn(move || loop {
            let finished = done.load(Ordering::SeqCst);
            let listed = Drops::list(&*root).unwrap();
            for (drop, path) in &listed {
                complete(path, &drop.path());
            }
            if finished {
                return listed.len();
            }
        })
    };
    for writer in writers {
        writer.join().unwrap();
    }
    done.store(true, Ordering::SeqCst);
    assert_eq!(reader.join().unwrap(), 24);
}

#[test]
fn a_mutable_layout_replaces_a_path_at_once_and_checks_manifest_sizes() {
    let root = root("exports");
    let export = |part| OrderExportV3 {
        customer_id: CustomerId("c/42".into()),
        day: day(0),
        part,
    };
    export(1).write(&root, &b"first"[..]).unwrap();
    export(1).write(&root, &b"second"[..]).unwrap();
    assert!(OrderExportV3::list(&root).unwrap().is_empty());
    OrderExportV3::commit(&root, CustomerId("c/42".into()), day(0)).unwrap();
    let listed = OrderExportV3::list(&root).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(std::fs::read(&listed[0].1).unwrap(), b"second");
    // A file rewritten after its group was committed no longer has the manifest's size.
    export(1).write(&root, &b"third, longer"[..]).unwrap();
    match OrderExportV3::list(&root) {
        Err(PublishError::Manifest { message, .. }) => assert!(message.contains("bytes")),
        other => panic!("the size is checked: {other:?}"),
    }
}

#[test]
fn a_path_without_directory_makes_the_root_one_group() {
    let root = root("parts");
    Parts { part: 0 }.write(&root, &b"zero"[..]).unwrap();
    Parts { part: 1 }.write(&root, &b"one"[..]).unwrap();
    assert!(Parts::list(&root).unwrap().is_empty());
    let manifest = Parts::commit(&root).unwrap();
    assert_eq!(manifest, root.join("_MANIFEST.json"));
    let parts: Vec<i32> = Parts::list(&root)
        .unwrap()
        .iter()
        .map(|(p, _)| p.part)
        .collect();
    assert_eq!(parts, [0, 1]);
    let document: Json = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    assert_eq!(document["group"], serde_json::json!({}));
}

// The golden tree of `tests/fixtures/publication/` (see its README.md), shared with
// `tests/python/test_publication.py`.

/// The fixture directory: `cases.json`, and `trees/<struct>/` per layout.
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/publication")
}

fn cases() -> Json {
    let path = fixture().join("cases.json");
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// The case of the layout struct named `name` in `cases.json`.
fn case(cases: &Json, name: &str) -> Json {
    let layouts = cases["layouts"].as_array().unwrap();
    let found: Vec<&Json> = layouts.iter().filter(|l| l["struct"] == name).collect();
    assert_eq!(found.len(), 1, "one case of {name} in cases.json");
    found[0].clone()
}

fn list_of<'a>(json: &'a Json, key: &str) -> &'a [Json] {
    json[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is an array: {json}"))
}

fn text<'a>(json: &'a Json, key: &str) -> &'a str {
    json[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is a string: {json}"))
}

/// A file's content: its `text` (UTF-8) `repeat` times.
fn golden_data(file: &Json) -> Vec<u8> {
    let repeat = file["repeat"].as_u64().unwrap();
    text(file, "text").as_bytes().repeat(repeat as usize)
}

/// Written after its group's commit (so not in its manifest).
fn late(file: &Json) -> bool {
    file["after_commit"].as_bool().unwrap_or(false)
}

fn golden_day(segments: &Json) -> NaiveDate {
    text(segments, "day").parse().unwrap()
}

/// Every file under `root` by its path relative to `root` (with `/`), with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, relative: &str, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{relative}{name}/"), files);
            } else {
                files.insert(
                    format!("{relative}{name}"),
                    std::fs::read(entry.path()).unwrap(),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, "", &mut files);
    files
}

/// Replaces the manifest line `  "accord": "<from>",` by the one of `to`, which must be there
/// exactly once.
fn swap_version(manifest: &[u8], from: &str, to: &str, path: &str) -> Vec<u8> {
    let manifest = String::from_utf8(manifest.to_vec()).unwrap();
    let line = |v: &str| format!("\n  \"accord\": {},\n", Json::from(v));
    assert_eq!(
        manifest.matches(&line(from)).count(),
        1,
        "{path} has one line `\"accord\": {from:?}`:\n{manifest}"
    );
    manifest.replace(&line(from), &line(to)).into_bytes()
}

/// A layout of `cases.json`, by its generated Rust struct.
trait Golden: Sized + PartialEq + std::fmt::Debug {
    /// The struct's name: the case's `struct`, and the tree's directory in `trees/`.
    const STRUCT: &'static str;
    /// The layout's name and version.
    fn layout() -> (&'static str, u32);
    /// The value of a group's segments and a part number.
    fn value(segments: &Json, part: i64) -> Self;
    fn put(&self, root: &Path, data: &[u8]) -> Result<PathBuf, PublishError>;
    fn commit_group(root: &Path, segments: &Json) -> Result<PathBuf, PublishError>;
    fn listed(root: &Path) -> Result<Vec<(Self, PathBuf)>, PublishError>;
}

impl Golden for OrderExportV3 {
    const STRUCT: &'static str = "OrderExportV3";
    fn layout() -> (&'static str, u32) {
        (Self::LAYOUT, Self::VERSION)
    }
    fn value(segments: &Json, part: i64) -> Self {
        OrderExportV3 {
            customer_id: CustomerId(text(segments, "customer_id").into()),
            day: golden_day(segments),
            part,
        }
    }
    fn put(&self, root: &Path, data: &[u8]) -> Result<PathBuf, PublishError> {
        self.write(root, data)
    }
    fn commit_group(root: &Path, segments: &Json) -> Result<PathBuf, PublishError> {
        let customer_id = CustomerId(text(segments, "customer_id").into());
        OrderExportV3::commit(root, customer_id, golden_day(segments))
    }
    fn listed(root: &Path) -> Result<Vec<(Self, PathBuf)>, PublishError> {
        OrderExportV3::list(root)
    }
}

impl Golden for LedgerBatches {
    const STRUCT: &'static str = "LedgerBatches";
    fn layout() -> (&'static str, u32) {
        (Self::LAYOUT, Self::VERSION)
    }
    fn value(segments: &Json, part: i64) -> Self {
        LedgerBatches {
            tenant: text(segments, "tenant").into(),
            day: golden_day(segments),
            part: part.try_into().unwrap(),
        }
    }
    fn put(&self, root: &Path, data: &[u8]) -> Result<PathBuf, PublishError> {
        self.write(root, data)
    }
    fn commit_group(root: &Path, segments: &Json) -> Result<PathBuf, PublishError> {
        LedgerBatches::commit(root, text(segments, "tenant").into(), golden_day(segments))
    }
    fn listed(root: &Path) -> Result<Vec<(Self, PathBuf)>, PublishError> {
        LedgerBatches::list(root)
    }
}

/// The case of `T`, checked to be its layout version.
fn golden_case<T: Golden>(cases: &Json) -> Json {
    let case = case(cases, T::STRUCT);
    let (layout, version) = T::layout();
    assert_eq!(
        (text(&case, "layout"), case["version"].as_u64()),
        (layout, Some(version.into()))
    );
    case
}

/// The golden tree of `T` as the current version of accord writes it (the placeholder of the
/// `"accord"` field replaced by this version).
fn golden_tree<T: Golden>(cases: &Json, case: &Json) -> BTreeMap<String, Vec<u8>> {
    let manifest = format!("/{}", text(case, "manifest"));
    let placeholder = text(cases, "version_placeholder");
    tree(&fixture().join("trees").join(T::STRUCT))
        .into_iter()
        .map(|(path, data)| {
            let data = if path.ends_with(&manifest) {
                swap_version(&data, placeholder, env!("CARGO_PKG_VERSION"), &path)
            } else {
                data
            };
            (path, data)
        })
        .collect()
}

/// Writes the groups of `case` under `root` in order: each group's files, its commit when it is
/// committed, then its files written after the commit. Each returned path is checked.
fn write_golden<T: Golden>(case: &Json, root: &Path) {
    for group in list_of(case, "groups") {
        let segments = &group["segments"];
        let directory = root.join(text(group, "directory"));
        let write = |file: &Json| {
            let value = T::value(segments, file["part"].as_i64().unwrap());
            let path = value.put(root, &golden_data(file)).unwrap();
            assert_eq!(path, directory.join(text(file, "name")));
        };
        let files = list_of(group, "files");
        files.iter().filter(|f| !late(f)).for_each(write);
        if group["committed"].as_bool().unwrap() {
            let manifest = T::commit_group(root, segments).unwrap();
            assert_eq!(manifest, directory.join(text(case, "manifest")));
        }
        files.iter().filter(|f| late(f)).for_each(write);
    }
}

/// The Rust writer writes `T`'s golden tree byte for byte: the same files (nothing else, no
/// temporary file left) with the same bytes, manifests included.
///
/// The fixture's manifests hold `"accord": "@ACCORD_VERSION@"` (`cases.json`'s
/// `version_placeholder`) where the writer writes its version, and the comparison puts this
/// version (`CARGO_PKG_VERSION`: the workspace's, the compiler's) in its place first: the field
/// changes with every release while no other byte of the tree does, and a literal version would
/// fail this test and the Python one at each version bump, for no fault of either writer. The
/// substitution is of the whole line `  "accord": "...",` and only once per manifest, so the
/// field's place, key order and quoting are still compared byte for byte, and the writers are
/// still checked to write the version that generated them.
///
/// With `ACCORD_BLESS_PUBLICATION=1`, the written tree replaces the fixture first (the version
/// back to the placeholder): how the fixture is regenerated (its README).
fn writes_golden_tree<T: Golden>(cases: &Json) {
    let case = golden_case::<T>(cases);
    let root = root(&format!("golden-{}", T::STRUCT));
    write_golden::<T>(&case, &root);
    let written = tree(&root);
    if std::env::var_os("ACCORD_BLESS_PUBLICATION").is_some_and(|v| v == "1") {
        let golden = fixture().join("trees").join(T::STRUCT);
        let _ = std::fs::remove_dir_all(&golden);
        let manifest = format!("/{}", text(&case, "manifest"));
        for (path, data) in &written {
            let data = if path.ends_with(&manifest) {
                let placeholder = text(cases, "version_placeholder");
                swap_version(data, env!("CARGO_PKG_VERSION"), placeholder, path)
            } else {
                data.clone()
            };
            let target = golden.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, data).unwrap();
        }
    }
    let golden = golden_tree::<T>(cases, &case);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        golden.keys().collect::<Vec<_>>(),
        "{}: the files written are the golden tree's",
        T::STRUCT
    );
    for (path, data) in &written {
        assert!(
            *data == golden[path],
            "{}/{path}: the Rust writer wrote\n{}\nthe golden file is\n{}",
            T::STRUCT,
            String::from_utf8_lossy(data),
            String::from_utf8_lossy(&golden[path]),
        );
    }
}

#[test]
fn the_rust_writer_writes_the_golden_tree_byte_for_byte() {
    let cases = cases();
    let structs: Vec<&str> = list_of(&cases, "layouts")
        .iter()
        .map(|l| text(l, "struct"))
        .collect();
    assert_eq!(structs, [OrderExportV3::STRUCT, LedgerBatches::STRUCT]);
    writes_golden_tree::<OrderExportV3>(&cases);
    writes_golden_tree::<LedgerBatches>(&cases);
}

/// The Rust reader lists exactly the files of the committed groups of `T`'s golden tree that
/// their manifests name: not a group without manifest, not a file written after its group's
/// commit, never a manifest; in the order of the paths' text, the Python reader's and an object
/// store's (`customer=c%2F42%25/` before `customer=c/`: `%` sorts before `/`, while an order by
/// `Path` components would put `customer=c/` first).
fn reads_golden_tree<T: Golden>(cases: &Json) {
    let case = golden_case::<T>(cases);
    let root = fixture().join("trees").join(T::STRUCT);
    let mut expected = Vec::new();
    for group in list_of(&case, "groups") {
        if !group["committed"].as_bool().unwrap() {
            continue;
        }
        for file in list_of(group, "files").iter().filter(|f| !late(f)) {
            let value = T::value(&group["segments"], file["part"].as_i64().unwrap());
            let path = root.join(text(group, "directory")).join(text(file, "name"));
            expected.push((value, path));
        }
    }
    expected.sort_by(|a: &(T, PathBuf), b| a.1.to_str().unwrap().cmp(b.1.to_str().unwrap()));
    let listed = T::listed(&root).unwrap();
    assert_eq!(
        listed,
        expected,
        "{}: the committed files, in text order",
        T::STRUCT
    );
}

#[test]
fn the_rust_reader_lists_exactly_the_committed_files_of_the_golden_tree() {
    let cases = cases();
    reads_golden_tree::<OrderExportV3>(&cases);
    reads_golden_tree::<LedgerBatches>(&cases);
}

/// A copy of `T`'s golden tree, listed fine, with the first file of its first committed group
/// rewritten one byte longer: `list` fails with `PublishError::Manifest` naming that file.
fn rejects_a_resized_golden_file<T: Golden>(cases: &Json) {
    let case = golden_case::<T>(cases);
    let root = root(&format!("golden-resized-{}", T::STRUCT));
    for (path, data) in tree(&fixture().join("trees").join(T::STRUCT)) {
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, data).unwrap();
    }
    assert!(!T::listed(&root).unwrap().is_empty());
    let group = list_of(&case, "groups")
        .iter()
        .find(|g| g["committed"].as_bool().unwrap())
        .unwrap();
    let file = &list_of(group, "files")[0];
    let path = root.join(text(group, "directory")).join(text(file, "name"));
    let mut data = golden_data(file);
    data.push(b'!');
    std::fs::write(&path, &data).unwrap();
    match T::listed(&root) {
        Err(PublishError::Manifest {
            path: at, message, ..
        }) => {
            assert_eq!(at, path);
            assert!(message.contains("bytes"), "{message}");
        }
        other => panic!("{}: a resized file is refused: {other:?}", T::STRUCT),
    }
}

#[test]
fn a_golden_file_of_another_size_fails_the_rust_reader() {
    let cases = cases();
    rejects_a_resized_golden_file::<OrderExportV3>(&cases);
    rejects_a_resized_golden_file::<LedgerBatches>(&cases);
}
