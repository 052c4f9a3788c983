//! Publication rules of the generated layout structs (`docs/layouts.md#publication`) on a real
//! directory tree, with concurrent writers and readers (threads): readers never see a file that
//! is partially written or a group that is not committed; an immutable path is never rewritten
//! (the first write wins, the others are refused and the content stays intact); a committed
//! group of an immutable layout is sealed; the manifest says what `docs/layouts.md` says.
//!
//! `LedgerBatches` (boundary fixture) is `immutable` with `commit`, `Drops` is `immutable`
//! alone, the shop's `OrderExportV3` has `commit` alone, and `Parts` has `commit` with a data
//! path without `/` (the whole root is one group).

use accord::chrono::NaiveDate;
use accord::publish::{digest, PublishError, TEMP_PREFIX};
use accord_tests::boundary::bank::storage::{Drops, LedgerBatches, Parts};
use accord_tests::shop_contracts::shop::customers::CustomerId;
use accord_tests::shop_contracts::shop::storage::OrderExportV3;
use serde_json::Value as Json;
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
