//! The baseline of `scripts/bench-check.sh`: reads every `.avsc` file under a directory and
//! parses it with `serde_json` into a `Value`, i.e. the least work any tool must do to load the
//! Avro form of the same contracts (what `accord gen --target avro` writes: one self-contained
//! schema per type version).
//!
//! `cargo run --release -p accord-compiler --example json_baseline -- DIR`

use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: json_baseline DIR");
        std::process::exit(2);
    };
    let start = Instant::now();
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    let (mut bytes, mut values) = (0usize, 0usize);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable file");
        bytes += text.len();
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        values += usize::from(value.is_object());
    }
    println!(
        "parsed {values} of {} schemas, {bytes} bytes, in {:.3} s",
        files.len(),
        start.elapsed().as_secs_f64()
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "avsc") {
            out.push(path);
        }
    }
}
