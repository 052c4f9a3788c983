//! The fuzz driver shared by the targets of `compiler/tests/fuzz.rs`: a seeded, deterministic
//! mutation engine (bytes, token splices, truncation, JSON-aware edits) over a corpus taken from
//! the repository's tests, run for a time budget on the stable toolchain, with no libFuzzer.
//!
//! A panic is a failure: the panic hook saves the input being run to a file, prints its path and
//! how to replay it, and the panic fails the test. Findings, once fixed, are copied to
//! `compiler/tests/fuzz/regressions/<target>/` and replayed before every run.

use serde_json::Value;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The seeded generator of the differential tests (`support/gen.rs`, SplitMix64).
pub use super::gen::Rng;

/// `ACCORD_FUZZ_SEED`, else a fixed seed (every CI run tests the same inputs).
pub fn seed() -> u64 {
    std::env::var("ACCORD_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x0016_f022)
}

/// This target's share of `ACCORD_FUZZ_SECONDS` (default 20 s for all five targets together).
pub fn budget(targets: u32) -> Duration {
    let total: f64 = std::env::var("ACCORD_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20.0);
    Duration::from_secs_f64(total / f64::from(targets))
}

thread_local! {
    static CURRENT: RefCell<Option<(String, Vec<u8>)>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that saves the input the panicking thread was running.
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            CURRENT.with(|current| {
                if let Some((target, bytes)) = current.borrow().as_ref() {
                    let path = save_finding(target, bytes);
                    eprintln!(
                        "fuzz target `{target}` panicked on the input saved to {}\n\
                         replay: ACCORD_FUZZ_REPLAY={} cargo test -p accord-compiler --test fuzz {target}",
                        path.display(),
                        path.display()
                    );
                }
            });
            default(info);
        }));
    });
}

fn save_finding(target: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-findings");
    let _ = std::fs::create_dir_all(&dir);
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    let path = dir.join(format!("{target}-{hash:016x}"));
    let _ = std::fs::write(&path, bytes);
    path
}

/// The longest one input may run (`ACCORD_FUZZ_INPUT_SECONDS`, default 10): past it the input is
/// saved as a finding (a hang) and the process aborts.
fn input_limit() -> Duration {
    let seconds: f64 = std::env::var("ACCORD_FUZZ_INPUT_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10.0);
    Duration::from_secs_f64(seconds)
}

type Running = std::sync::Mutex<Vec<(std::thread::ThreadId, String, Vec<u8>, Instant)>>;

/// The inputs running now, one per target thread, watched by a thread that catches hangs.
fn running() -> &'static Running {
    static RUNNING: std::sync::OnceLock<Running> = std::sync::OnceLock::new();
    RUNNING.get_or_init(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(Duration::from_millis(250));
            let running = running().lock().unwrap();
            if let Some((_, target, bytes, _)) = running
                .iter()
                .find(|(_, _, _, at)| at.elapsed() > input_limit())
            {
                let path = save_finding(target, bytes);
                eprintln!(
                    "fuzz target `{target}` ran over {:?} on the input saved to {}",
                    input_limit(),
                    path.display()
                );
                std::process::abort();
            }
        });
        std::sync::Mutex::new(Vec::new())
    })
}

/// Runs `run` on one input with the input recorded for the panic hook and the hang watchdog.
pub fn run_one(target: &str, bytes: &[u8], run: &mut dyn FnMut(&[u8])) {
    install_hook();
    let id = std::thread::current().id();
    CURRENT.with(|c| *c.borrow_mut() = Some((target.to_owned(), bytes.to_vec())));
    running()
        .lock()
        .unwrap()
        .push((id, target.to_owned(), bytes.to_vec(), Instant::now()));
    run(bytes);
    running()
        .lock()
        .unwrap()
        .retain(|(thread, ..)| *thread != id);
    CURRENT.with(|c| *c.borrow_mut() = None);
}

/// The regression inputs of a target (`compiler/tests/fuzz/regressions/<target>/*`), or the one
/// file `ACCORD_FUZZ_REPLAY` names.
pub fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    if let Ok(path) = std::env::var("ACCORD_FUZZ_REPLAY") {
        return vec![(PathBuf::from(&path), std::fs::read(&path).unwrap())];
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

/// Replays the regressions, then mutates the seeds until the budget is spent; returns the
/// number of inputs run.
pub fn fuzz(
    target: &str,
    seeds: &[Vec<u8>],
    dictionary: &[&str],
    run: &mut dyn FnMut(&[u8]),
) -> usize {
    assert!(!seeds.is_empty(), "{target}: no seed");
    for (_, bytes) in regressions(target) {
        run_one(target, &bytes, run);
    }
    if std::env::var_os("ACCORD_FUZZ_REPLAY").is_some() {
        return 1;
    }
    let mut rng = Rng::new(
        seed()
            ^ target
                .bytes()
                .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))),
    );
    let deadline = Instant::now() + budget(5);
    let mut count = 0;
    // The seeds first (as many as the budget allows), then mutants.
    for seed in seeds.iter().take_while(|_| Instant::now() < deadline) {
        run_one(target, seed, run);
        count += 1;
    }
    while Instant::now() < deadline {
        let mut input = rng.pick(seeds).clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut rng, &mut input, seeds, dictionary);
        }
        run_one(target, &input, run);
        count += 1;
    }
    eprintln!("fuzz target `{target}`: {count} inputs, seed {}", seed());
    count
}

/// One mutation: a JSON-aware edit when the input is JSON, else a byte-level one.
pub fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>, seeds: &[Vec<u8>], dictionary: &[&str]) {
    if rng.below(2) == 0 {
        if let Ok(mut json) = serde_json::from_slice::<Value>(bytes) {
            let donor = serde_json::from_slice::<Value>(rng.pick(seeds).as_slice()).ok();
            json_mutate(rng, &mut json, donor.as_ref(), dictionary);
            *bytes = serde_json::to_vec(&json).unwrap();
            return;
        }
    }
    byte_mutate(rng, bytes, seeds, dictionary);
}

fn byte_mutate(rng: &mut Rng, bytes: &mut Vec<u8>, seeds: &[Vec<u8>], dictionary: &[&str]) {
    let len = bytes.len();
    let at = rng.below(len + 1);
    match rng.below(7) {
        0 => {
            let end = (at + 1 + rng.below(64)).min(len);
            bytes.drain(at.min(end)..end);
        }
        1 | 2 => {
            let token = rng.pick(dictionary).as_bytes().to_vec();
            bytes.splice(at..at, token);
        }
        3 => bytes.truncate(at),
        4 => {
            // A splice from another seed: a piece of one contract or schema into another.
            let donor = rng.pick(seeds);
            let from = rng.below(donor.len() + 1);
            let to = (from + rng.below(128)).min(donor.len());
            bytes.splice(at..at, donor[from..to].iter().copied());
        }
        5 => {
            let random: Vec<u8> = (0..1 + rng.below(4))
                .map(|_| rng.next_u64() as u8)
                .collect();
            bytes.splice(at..at, random);
        }
        _ => {
            if len > 0 {
                let at = rng.below(len);
                bytes[at] ^= 1 << rng.below(8);
            }
        }
    }
}

/// Edits one node of a JSON document: replaced by a dictionary word, a piece of another seed or
/// a union of itself; an object member removed or added; an array element duplicated or removed.
fn json_mutate(rng: &mut Rng, json: &mut Value, donor: Option<&Value>, dictionary: &[&str]) {
    let mut count = 0;
    count_nodes(json, &mut count);
    let target = rng.below(count);
    let mut index = 0;
    let Some(node) = nth_node(json, target, &mut index) else {
        return;
    };
    match rng.below(7) {
        0 => *node = Value::String((*rng.pick(dictionary)).to_owned()),
        1 => {
            if let Some(donor) = donor {
                let mut count = 0;
                count_nodes(donor, &mut count);
                let mut piece = donor.clone();
                let mut index = 0;
                if let Some(part) = nth_node(&mut piece, rng.below(count), &mut index) {
                    *node = part.clone();
                }
            }
        }
        2 => *node = Value::Array(vec![Value::String("null".into()), node.clone()]),
        3 => match node {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(rng.below(map.len())).unwrap().clone();
                map.remove(&key);
            }
            Value::Array(items) if !items.is_empty() => {
                items.remove(rng.below(items.len()));
            }
            _ => *node = Value::Null,
        },
        4 => match node {
            Value::Object(map) => {
                let key = (*rng.pick(dictionary)).to_owned();
                map.insert(key, Value::String((*rng.pick(dictionary)).to_owned()));
            }
            Value::Array(items) if !items.is_empty() => {
                let item = items[rng.below(items.len())].clone();
                items.push(item);
            }
            _ => *node = serde_json::json!(rng.next_u64() as i64 >> rng.below(64)),
        },
        5 => *node = serde_json::json!({"type": "array", "items": node.clone()}),
        _ => *node = Value::Bool(rng.below(2) == 0),
    }
}

fn count_nodes(json: &Value, count: &mut usize) {
    *count += 1;
    match json {
        Value::Object(map) => map.values().for_each(|v| count_nodes(v, count)),
        Value::Array(items) => items.iter().for_each(|v| count_nodes(v, count)),
        _ => {}
    }
}

fn nth_node<'a>(json: &'a mut Value, target: usize, index: &mut usize) -> Option<&'a mut Value> {
    if *index == target {
        return Some(json);
    }
    *index += 1;
    match json {
        Value::Object(map) => map
            .values_mut()
            .find_map(|v| nth_node_counting(v, target, index)),
        Value::Array(items) => items
            .iter_mut()
            .find_map(|v| nth_node_counting(v, target, index)),
        _ => None,
    }
}

fn nth_node_counting<'a>(
    json: &'a mut Value,
    target: usize,
    index: &mut usize,
) -> Option<&'a mut Value> {
    let mut size = 0;
    count_nodes(json, &mut size);
    if target >= *index + size {
        *index += size;
        return None;
    }
    nth_node(json, target, index)
}

/// Every file with one of `extensions` under `dir`, recursively, sorted.
pub fn files_under(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path, extensions));
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x))
        {
            out.push(path);
        }
    }
    out.sort();
    out
}
