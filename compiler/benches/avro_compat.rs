//! Throughput of the Avro reader/writer compatibility check on generated pairs, in one process.
//!
//! `cargo bench --bench avro_compat -- [PAIRS] [--jsonl FILE]`: times parse alone, parse+check
//! and check alone over PAIRS generated writer/reader pairs (default 5000), every schema text
//! parsed anew (no cache), and with `--jsonl` also writes the pairs as requests (the oracle's and
//! `accord avro compat --batch`'s pair form) so `scripts/bench-avro-compat.sh` can time the CLI
//! batch and Java on the same input.

#[path = "../tests/support/gen.rs"]
mod gen;

use std::hint::black_box;
use std::time::Instant;

use accord_compiler::avro::{check_compatibility, Schema};
use gen::{evolve, Generator, Rng};
use serde_json::{json, Value};

fn pairs(count: usize) -> Vec<(Value, Value)> {
    (0..count.div_ceil(2))
        .flat_map(|n| {
            let mut rng = Rng::new(0xbe9c_0000 + n as u64);
            let base = Generator::new(&mut rng).schema();
            let evolved = evolve(&base, &mut rng);
            [(base.clone(), evolved.clone()), (evolved, base)]
        })
        .take(count)
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let count = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5000);
    let jsonl = args
        .iter()
        .position(|a| a == "--jsonl")
        .and_then(|i| args.get(i + 1));
    let pairs = pairs(count);
    if let Some(path) = jsonl {
        let text: String = pairs
            .iter()
            .enumerate()
            .map(|(i, (w, r))| format!("{}\n", json!({"id": i, "writer": w, "reader": r})))
            .collect();
        std::fs::write(path, text).expect("write JSONL");
    }
    let texts: Vec<(String, String)> = pairs
        .iter()
        .map(|(w, r)| (w.to_string(), r.to_string()))
        .collect();

    let start = Instant::now();
    for (w, r) in &texts {
        black_box(Schema::parse_str(black_box(w)).ok());
        black_box(Schema::parse_str(black_box(r)).ok());
    }
    let parse_only = start.elapsed();
    let bytes: usize = texts.iter().map(|(w, r)| w.len() + r.len()).sum();

    let start = Instant::now();
    let mut verdicts = 0usize;
    for (w, r) in &texts {
        if let (Ok(w), Ok(r)) = (Schema::parse_str(w), Schema::parse_str(r)) {
            verdicts += usize::from(check_compatibility(&r, &w).is_ok_and(|c| c.is_compatible()));
        }
    }
    let parse_and_check = start.elapsed();

    let parsed: Vec<(Schema, Schema)> = texts
        .iter()
        .filter_map(|(w, r)| Some((Schema::parse_str(w).ok()?, Schema::parse_str(r).ok()?)))
        .collect();
    let rounds = 5;
    let start = Instant::now();
    for _ in 0..rounds {
        for (w, r) in &parsed {
            black_box(check_compatibility(black_box(r), black_box(w)).ok());
        }
    }
    let check_only = start.elapsed();

    let rate = |n: usize, secs: f64| n as f64 / secs;
    println!(
        "avro compat bench: {} pairs ({} compatible)",
        texts.len(),
        verdicts
    );
    println!(
        "parse only:  {:.3} s for {} schemas ({:.1} MiB), {:.0} schemas/s, {:.0} MiB/s",
        parse_only.as_secs_f64(),
        texts.len() * 2,
        bytes as f64 / (1 << 20) as f64,
        rate(texts.len() * 2, parse_only.as_secs_f64()),
        bytes as f64 / (1 << 20) as f64 / parse_only.as_secs_f64()
    );
    println!(
        "parse+check: {:.3} s, {:.0} pairs/s",
        parse_and_check.as_secs_f64(),
        rate(texts.len(), parse_and_check.as_secs_f64())
    );
    println!(
        "check only:  {:.3} s for {} checks, {:.0} pairs/s",
        check_only.as_secs_f64(),
        parsed.len() * rounds,
        rate(parsed.len() * rounds, check_only.as_secs_f64())
    );
}
