//! The catalogue of bad inputs: every folder of `tests/diagnostics/` holds contracts and an
//! `expected.txt` listing the diagnostics `accord check` must report, one `CODE file:line:col`
//! per line (`#` starts a comment). The test asserts the exact multiset, that compiling never
//! panics, and that every diagnostic explains itself (a message, and a hint unless its code
//! has none).

mod common;

use accord_compiler::diagnostic::Code;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Codes whose diagnostics carry no hint: a syntax error says what was expected instead.
const CODES_WITHOUT_HINT: &[Code] = &[Code::P005];

/// Why the import codes are not in the catalogue.
const IMPORT: &str = "reported by `accord import` about .avsc input, never by contract files: see tests/import_avro.rs and the transcripts in docs/diagnostics.md";

/// Codes the catalogue does not need to exercise, with the reason.
const NOT_IN_CATALOGUE: &[(Code, &str)] = &[
    (Code::I001, IMPORT),
    (Code::I003, IMPORT),
    (Code::I005, IMPORT),
    (Code::I006, IMPORT),
    (Code::I007, IMPORT),
    (Code::I008, IMPORT),
    (Code::I009, IMPORT),
    (Code::I010, IMPORT),
    (Code::I011, IMPORT),
    (Code::I012, IMPORT),
    (Code::I013, IMPORT),
    (Code::I014, IMPORT),
    (Code::I015, IMPORT),
    (
        Code::V021,
        "a safety net for a defect of accord (a projection Avro refuses that no rule explains): no input is known to raise it",
    ),
    (
        Code::L003,
        "needs a second tree (`accord check --against`): see tests/compat_examples.rs",
    ),
    (
        Code::L004,
        "needs a second tree (`accord check --against`): see tests/compat_examples.rs",
    ),
];

fn expected_lines(dir: &std::path::Path) -> Vec<String> {
    let path = dir.join("expected.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines: Vec<String> = text
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim().to_string())
        .filter(|line| !line.is_empty())
        .collect();
    lines.sort();
    lines
}

#[test]
fn catalogue_reports_exactly_the_expected_diagnostics() {
    let cases = common::cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for dir in &cases {
        let name = common::case_name(dir);
        let outcome = match catch_unwind(AssertUnwindSafe(|| common::compile_case(dir))) {
            Ok(outcome) => outcome,
            Err(_) => {
                failures.push(format!("{name}: the compiler panicked"));
                continue;
            }
        };
        let mut actual: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(|d| common::locate(&outcome.sources, d))
            .collect();
        actual.sort();
        let expected = expected_lines(dir);
        if actual != expected {
            failures.push(format!(
                "{name}:\n  expected:\n    {}\n  actual:\n    {}",
                expected.join("\n    "),
                actual.join("\n    ")
            ));
        }
        for diagnostic in &outcome.diagnostics {
            let at = common::locate(&outcome.sources, diagnostic);
            if diagnostic.message.trim().is_empty() {
                failures.push(format!("{name}: {at} has an empty message"));
            }
            let has_hint = diagnostic
                .hint
                .as_deref()
                .is_some_and(|h| !h.trim().is_empty());
            if !has_hint && !CODES_WITHOUT_HINT.contains(&diagnostic.code) {
                failures.push(format!("{name}: {at} has no hint"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_code_is_exercised_by_the_catalogue() {
    let mut seen = BTreeSet::new();
    for dir in common::cases() {
        for line in expected_lines(&dir) {
            seen.insert(line.split(' ').next().unwrap_or("").to_string());
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| !NOT_IN_CATALOGUE.iter().any(|(c, _)| c == *code))
        .map(|code| code.as_str())
        .filter(|code| !seen.contains(*code))
        .collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
    let unknown: Vec<&String> = seen
        .iter()
        .filter(|code| !Code::ALL.iter().any(|c| c.as_str() == code.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "expected.txt names unknown codes: {unknown:?}"
    );
}
