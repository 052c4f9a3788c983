//! Times each stage of `accord check` through the public API, to find where time goes.
//!
//! `cargo run --release -p accord-compiler --example check_stages -- DIR [--repeat N]`
//!
//! Prints one line per stage (best of N runs, default 3): read, parse (`syntax::parse`),
//! lower (`ir::lower`), validate (`validate::validate`) and compat (`compat::check`), then the
//! totals, the type versions per second, and the peak resident set size (`VmHWM`); apart, the
//! facts built again from the table just built (`Facts::build` with `earlier`: what the language
//! server pays for the versions an edit did not change); with
//! `--memory`, the resident set size after each stage of the last run (what each stage keeps).

use accord_compiler::diagnostic::Diagnostics;
use accord_compiler::facts::Facts;
use accord_compiler::ir::{self, ParsedFile};
use accord_compiler::project::{contract_files, find_project};
use accord_compiler::source::SourceMap;
use accord_compiler::{compat, syntax, validate};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const STAGES: [&str; 6] = ["read", "parse", "lower", "validate", "facts", "compat"];

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut repeat = 3;
    let mut memory = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--memory" => memory = true,
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(3),
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: check_stages DIR [--repeat N] [--memory]");
        std::process::exit(2);
    };
    let mut best = [Duration::MAX; 6];
    let mut best_reuse = Duration::MAX;
    let mut versions = 0;
    let mut resident = [0; 6];
    for _ in 0..repeat.max(1) {
        let (times, count, reuse) = run(&dir, &mut resident);
        versions = count;
        best_reuse = best_reuse.min(reuse);
        for (best, time) in best.iter_mut().zip(times) {
            *best = (*best).min(time);
        }
    }
    let total: Duration = best.iter().sum();
    for (stage, time) in STAGES.iter().zip(best) {
        println!(
            "{stage:>9}: {:>9.2} ms  {:>5.1}%  {:>7.2} us/version",
            time.as_secs_f64() * 1e3,
            100.0 * time.as_secs_f64() / total.as_secs_f64(),
            time.as_secs_f64() * 1e6 / versions as f64
        );
    }
    println!(
        "    total: {:>9.2} ms for {versions} type versions: {:.0} versions/s",
        total.as_secs_f64() * 1e3,
        versions as f64 / total.as_secs_f64()
    );
    println!(
        "    facts from an unchanged earlier table: {:>9.2} ms",
        best_reuse.as_secs_f64() * 1e3
    );
    if memory {
        for (stage, kb) in STAGES.iter().zip(resident) {
            println!(
                "{stage:>9}: {:>9.1} MiB resident after it",
                kb as f64 / 1024.0
            );
        }
    }
    if let Some(peak) = peak_rss_kb() {
        println!(" peak RSS: {peak} KB");
    }
}

/// The process's peak resident set size, from `/proc/self/status` (Linux only).
fn peak_rss_kb() -> Option<u64> {
    status_kb("VmHWM:")
}

/// A size field of `/proc/self/status` in KB (Linux only).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One pass over the project: the time of each stage, the number of type versions, and the time
/// of the facts built again from the first; the resident set size after each stage goes into
/// `resident`.
fn run(dir: &std::path::Path, resident: &mut [u64; 6]) -> ([Duration; 6], usize, Duration) {
    let mut times = [Duration::ZERO; 6];
    let mut sources = SourceMap::new();
    let project = find_project(dir, &mut sources).expect("a project");
    let mut diagnostics = Diagnostics::new();

    let start = Instant::now();
    let files = contract_files(&project.schemas_dir).expect("contract files");
    let ids: Vec<_> = files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("readable file");
            sources.add(path.display().to_string(), path, text)
        })
        .collect();
    times[0] = start.elapsed();
    resident[0] = status_kb("VmRSS:").unwrap_or(0);

    let start = Instant::now();
    let parsed: Vec<ParsedFile> = ids
        .iter()
        .map(|&file| ParsedFile {
            file,
            ast: syntax::parse(file, &sources.file(file).text, &mut diagnostics),
        })
        .collect();
    times[1] = start.elapsed();
    resident[1] = status_kb("VmRSS:").unwrap_or(0);

    let start = Instant::now();
    let model = ir::lower(&parsed, &mut diagnostics);
    times[2] = start.elapsed();
    resident[2] = status_kb("VmRSS:").unwrap_or(0);

    let start = Instant::now();
    validate::validate(&model, &mut diagnostics);
    times[3] = start.elapsed();
    resident[3] = status_kb("VmRSS:").unwrap_or(0);

    let start = Instant::now();
    let facts = Facts::build(&model, &mut diagnostics, None);
    times[4] = start.elapsed();
    resident[4] = status_kb("VmRSS:").unwrap_or(0);
    let start = Instant::now();
    drop(Facts::build(&model, &mut Diagnostics::new(), Some(&facts)));
    let reuse = start.elapsed();

    let start = Instant::now();
    compat::check(
        &model,
        &facts,
        project.config.default_compat,
        &mut diagnostics,
    );
    times[5] = start.elapsed();
    resident[5] = status_kb("VmRSS:").unwrap_or(0);

    assert!(
        !diagnostics.has_errors(),
        "the project has errors: run `accord check` on it"
    );
    (times, model.type_versions().count(), reuse)
}
