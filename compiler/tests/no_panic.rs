//! Never-panic tests: a deterministic mutation fuzzer over the example schemas and every input
//! of the diagnostic catalogue. Each mutant is compiled in memory; the compiler must not panic,
//! and every diagnostic must point inside its file, on character boundaries, at a line and
//! column >= 1. Rendering (human, JSON, GitHub workflow commands and SARIF) must not panic
//! either.

mod common;

use accord_compiler::config::ProjectConfig;
use accord_compiler::diagnostic::{
    render_github, render_human, render_json, render_sarif, ColorChoice, SarifRun,
};
use accord_compiler::source::Span;
use accord_compiler::{compile_sources, Compilation};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Mutants per input project; the total stays within a few seconds in debug builds.
const MUTANTS_PER_PROJECT: usize = 150;
/// A fixed seed: every run tests the same mutants (`ACCORD_FUZZ_SEED` explores others).
const SEED: u64 = 0x00ac_c02d_5eed;

fn seed() -> u64 {
    std::env::var("ACCORD_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEED)
}

/// A tiny PRNG (splitmix64): deterministic, no dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A range `a..b` of `0..=len`.
    fn range(&mut self, len: usize) -> (usize, usize) {
        let a = self.below(len + 1);
        let b = self.below(len + 1);
        (a.min(b), a.max(b))
    }
}

#[path = "support/contract_tokens.rs"]
mod contract_tokens;
use contract_tokens::CONTRACT_TOKENS as TOKENS;

fn mutate(rng: &mut SplitMix64, bytes: &mut Vec<u8>) {
    let len = bytes.len();
    match rng.below(8) {
        0 => {
            let (a, b) = rng.range(len);
            bytes.drain(a..b.min(a + 64));
        }
        1 => {
            let (a, b) = rng.range(len);
            let piece = bytes[a..b.min(a + 64)].to_vec();
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, piece);
        }
        2 => {
            let (a, b) = rng.range(len);
            let (c, d) = rng.range(len);
            if b <= c || d <= a {
                let (first, second) = if b <= c {
                    ((a, b), (c, d))
                } else {
                    ((c, d), (a, b))
                };
                let mut out = bytes[..first.0].to_vec();
                out.extend_from_slice(&bytes[second.0..second.1]);
                out.extend_from_slice(&bytes[first.1..second.0]);
                out.extend_from_slice(&bytes[first.0..first.1]);
                out.extend_from_slice(&bytes[second.1..]);
                *bytes = out;
            }
        }
        3 | 4 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let at = rng.below(len + 1);
            bytes.splice(at..at, token.iter().copied());
        }
        5 => {
            let at = rng.below(len + 1);
            let random: Vec<u8> = (0..1 + rng.below(6)).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, random);
        }
        6 => {
            let at = rng.below(len + 1);
            bytes.truncate(at);
        }
        _ => {
            // Replace one byte: flips a character, a digit or a bracket.
            if len > 0 {
                let at = rng.below(len);
                bytes[at] = TOKENS[rng.below(TOKENS.len())]
                    .as_bytes()
                    .first()
                    .copied()
                    .unwrap_or(b'x');
            }
        }
    }
}

fn check_span(compilation: &Compilation, span: Span, what: &str) -> Result<(), String> {
    let files: Vec<_> = compilation.sources.files().collect();
    let Some((_, file)) = files.iter().find(|(id, _)| *id == span.file) else {
        return Err(format!("{what}: unknown file {:?}", span.file));
    };
    let (start, end) = (span.start as usize, span.end as usize);
    if start > end || end > file.text.len() {
        return Err(format!(
            "{what}: span {start}..{end} outside {} ({} bytes)",
            file.name,
            file.text.len()
        ));
    }
    if !file.text.is_char_boundary(start) || !file.text.is_char_boundary(end) {
        return Err(format!(
            "{what}: span {start}..{end} not on character boundaries in {}",
            file.name
        ));
    }
    let (_, line, column) = compilation.sources.location(span);
    if line < 1 || column < 1 {
        return Err(format!("{what}: line {line}, column {column}"));
    }
    Ok(())
}

/// Compiles one input; `Err` says what went wrong.
fn check(files: &[(String, String)]) -> Result<(), String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let compilation = compile_sources(files.to_vec(), ProjectConfig::default());
        let human = render_human(
            &compilation.sources,
            &compilation.diagnostics,
            ColorChoice::Never,
        );
        let json = render_json(&compilation.sources, &compilation.diagnostics);
        render_github(&compilation.sources, &compilation.diagnostics);
        render_sarif(
            &compilation.sources,
            &compilation.diagnostics,
            SarifRun::default(),
        );
        (compilation, human, json)
    }));
    let (compilation, human, _json) = outcome.map_err(|_| "the compiler panicked".to_string())?;
    for diagnostic in &compilation.diagnostics {
        let what = format!("{} {:?}", diagnostic.code, diagnostic.message);
        check_span(&compilation, diagnostic.primary.span, &what)?;
        for label in &diagnostic.secondary {
            check_span(&compilation, label.span, &what)?;
        }
        if !human.contains(diagnostic.code.as_str()) {
            return Err(format!("{what} is missing from the human rendering"));
        }
    }
    Ok(())
}

fn accord_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = accord_compiler::project::contract_files(dir)
        .expect("readable directory")
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("readable file");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

/// The inputs: the example schemas as one project, then every catalogue case.
fn projects() -> Vec<(String, Vec<(String, String)>)> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let mut projects = vec![("schemas".to_string(), accord_files(&examples))];
    for dir in common::cases() {
        let files = accord_files(&dir);
        if !files.is_empty() {
            projects.push((common::case_name(&dir), files));
        }
    }
    projects
}

#[test]
fn unmutated_inputs_never_panic() {
    for (name, files) in projects() {
        if let Err(problem) = check(&files) {
            panic!("{name}: {problem}");
        }
    }
}

#[test]
fn mutated_inputs_never_panic_and_report_valid_positions() {
    let mut rng = SplitMix64(seed());
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, files) in projects() {
        // The examples are the richest input: they get more mutants.
        let mutants = if name == "schemas" {
            MUTANTS_PER_PROJECT * 40
        } else {
            MUTANTS_PER_PROJECT
        };
        for _ in 0..mutants {
            let mut mutant = files.clone();
            let which = rng.below(mutant.len());
            let mut bytes = mutant[which].1.clone().into_bytes();
            for _ in 0..1 + rng.below(4) {
                mutate(&mut rng, &mut bytes);
            }
            mutant[which].1 = String::from_utf8_lossy(&bytes).into_owned();
            count += 1;
            if let Err(problem) = check(&mutant) {
                failures.push(format!(
                    "{name}, mutant of {}: {problem}\n--- text ---\n{}\n------------",
                    mutant[which].0, mutant[which].1
                ));
                if failures.len() >= 5 {
                    break;
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures over {count} mutants:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn pathological_inputs_never_panic() {
    let deep_types = format!(
        "package t;\nrecord A {{ a: {}int{}; }}\n",
        "list<".repeat(5000),
        ">".repeat(5000)
    );
    let deep_values = format!(
        "package t;\nrecord A {{ a: int = {}{}; }}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let deep_braces = format!("package t;\nrecord A {{ {} }}\n", "{".repeat(5000));
    let inputs = [
        String::new(),
        "\u{feff}".to_string(),
        "package".to_string(),
        "package t;\nrecord".to_string(),
        "package t;\nrecord A { a: int = \"\\u{".to_string(),
        "package t;\nrecord A { a: int = \"\\".to_string(),
        "package t;\nenum E { version 1 {".to_string(),
        "package t;\nrecord A { a: A@4294967296; }".to_string(),
        "package t;\nrecord A { version 4294967296 { a: int; } }".to_string(),
        "package t;\nrecord A { version 18446744073709551615 { a: int; } }".to_string(),
        "package t;\nfixed F(18446744073709551615) decimal(18446744073709551615, 18446744073709551615);".to_string(),
        "package t;\nrecord A { a: decimal(18446744073709551615, 1) = \"1\"; }".to_string(),
        "package t;\nrecord A { a: int = -99999999999999999999; }".to_string(),
        "package t;\n@meta(a = {b: [1, 2, {c: null}]}) record A { a: int; }".to_string(),
        "\r\n\r\npackage t;\r\nrecord A {\r\n a: Nope;\r\n}\r\n".to_string(),
        "package t;\nrecord A { a: string = \"é\u{0}\"; b: Nope; }".to_string(),
        "package t;\nnewtype L = L;\nrecord R { u: union<L, int>; k: L @key; d: L = 1; }".to_string(),
        "package t;\nnewtype A = B;\nnewtype B = A?;\nrecord R { a: A?; b: union<B, A>; }".to_string(),
        deep_types,
        deep_values,
        deep_braces,
    ];
    for text in inputs {
        let files = vec![("a.accord".to_string(), text.clone())];
        if let Err(problem) = check(&files) {
            panic!(
                "{problem}\n--- text ---\n{}",
                text.chars().take(300).collect::<String>()
            );
        }
    }
}
