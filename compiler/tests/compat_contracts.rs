//! Contract-level evolution cases: small `.accord` projects whose versions evolve, each with the
//! exact multiset of diagnostic codes `accord check` must report (and, for many, where).
//!
//! Expectations follow the Avro specification's resolution rules (as Java 1.12's
//! `SchemaCompatibility` applies them) and the meaning of accord's semantic rules. The wire
//! codes (`W…`) of every case are re-derived from the Java oracle (`tests/oracle/avro-oracle`)
//! on the generated Avro schemas, so the table cannot drift from the reference.
//!
//! An expectation is `CODE`, optionally followed by `(warn)`/`(error)` when the reported severity
//! differs from the code's default, and optionally by `@` and the primary label's position:
//! `@LINE:COL` in the first file, `@FILE:LINE:COL`, or an anchor resolved in the source text:
//! `@vN` (the `version N` block), `@vN.word` (the first `word` inside it), `@Type.vN.word`
//! (the same inside the declaration of `Type`).

mod support;

#[path = "compat_contracts/names.rs"]
mod names;
#[path = "compat_contracts/nested.rs"]
mod nested;
#[path = "compat_contracts/schema.rs"]
mod schema;
#[path = "compat_contracts/semantics.rs"]
mod semantics;

use std::collections::BTreeMap;
use std::path::PathBuf;

use accord_compiler::avro::from_model::schema_json;
use accord_compiler::compat::effective_mode;
use accord_compiler::diagnostic::Severity;
use accord_compiler::ir::{CompatMode, Model, TypeRef};
use serde_json::{json, Value};

// ---- cases ------------------------------------------------------------------------------------

struct Case {
    name: String,
    files: Vec<(String, String)>,
    mode: Option<&'static str>,
    rules: Vec<&'static str>,
    expect: Vec<&'static str>,
}

impl Case {
    fn new(name: impl Into<String>, source: impl Into<String>) -> Case {
        Case {
            name: name.into(),
            files: vec![("t.accord".to_string(), source.into())],
            mode: None,
            rules: Vec::new(),
            expect: Vec::new(),
        }
    }

    /// `default_compat` in `accord.toml`.
    fn mode(mut self, mode: &'static str) -> Case {
        self.mode = Some(mode);
        self
    }

    /// A line of `[rules]`.
    fn rule(mut self, rule: &'static str) -> Case {
        self.rules.push(rule);
        self
    }

    fn file(mut self, name: &str, source: impl Into<String>) -> Case {
        self.files.push((name.to_string(), source.into()));
        self
    }

    fn expect(mut self, codes: &[&'static str]) -> Case {
        self.expect = codes.to_vec();
        self
    }

    fn toml(&self) -> String {
        let mut text = format!(
            "[project]\nschemas = \"schemas\"\ndefault_compat = \"{}\"\n",
            self.mode.unwrap_or("backward")
        );
        if !self.rules.is_empty() {
            text.push_str("\n[rules]\n");
            for rule in &self.rules {
                text.push_str(rule);
                text.push('\n');
            }
        }
        text
    }
}

/// `record R` with `compat mode` (none when empty) and one `version` block per entry; an entry
/// is its fields separated by `;`, each written on its own line. `extra` follows the record.
fn record_in(mode: &str, versions: &[&str], extra: &str) -> String {
    let mut text = String::from("package t;\n\nrecord R {\n");
    if !mode.is_empty() {
        text.push_str(&format!("  compat {mode};\n"));
    }
    for (index, fields) in versions.iter().enumerate() {
        text.push_str(&format!("  version {} {{\n", index + 1));
        for field in fields.split(';').map(str::trim).filter(|f| !f.is_empty()) {
            text.push_str(&format!("    {field};\n"));
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    if !extra.is_empty() {
        text.push('\n');
        text.push_str(extra);
        text.push('\n');
    }
    text
}

fn record(mode: &str, versions: &[&str]) -> String {
    record_in(mode, versions, "")
}

/// `enum E` with one `version N { symbols }` line per entry.
fn enumeration(mode: &str, versions: &[&str]) -> String {
    let mut text = String::from("package t;\n\nenum E {\n");
    if !mode.is_empty() {
        text.push_str(&format!("  compat {mode};\n"));
    }
    for (index, symbols) in versions.iter().enumerate() {
        text.push_str(&format!("  version {} {{ {symbols} }}\n", index + 1));
    }
    text.push_str("}\n");
    text
}

/// One case per mode: the same evolution, with the codes each mode reports.
fn per_mode(
    name: &str,
    versions: &[&str],
    expected: &[(&'static str, &[&'static str])],
) -> Vec<Case> {
    expected
        .iter()
        .map(|(mode, codes)| {
            Case::new(format!("{name} [{mode}]"), record(mode, versions)).expect(codes)
        })
        .collect()
}

const NONE: &[&str] = &[];

// ---- the harness ------------------------------------------------------------------------------

/// A diagnostic as the table writes it: code, severity note, and position.
#[derive(Debug, Clone)]
struct Found {
    code: String,
    file: String,
    line: usize,
    column: usize,
}

impl Found {
    fn show(&self) -> String {
        format!("{}@{}:{}:{}", self.code, self.file, self.line, self.column)
    }
}

struct Outcome {
    found: Vec<Found>,
    model: Option<Model>,
    default_mode: CompatMode,
    compat_ran: bool,
}

fn unique_dir(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(40)
        .collect();
    std::env::temp_dir().join(format!(
        "accord-compat-contracts-{}-{}-{slug}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

fn run(case: &Case) -> Outcome {
    let dir = unique_dir(&case.name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::write(dir.join("accord.toml"), case.toml()).unwrap();
    for (name, text) in &case.files {
        std::fs::write(dir.join("schemas").join(name), text).unwrap();
    }
    let outcome = match accord_compiler::compile(&dir) {
        Ok(compilation) => {
            let found = compilation
                .diagnostics
                .iter()
                .map(|d| {
                    let (file, line, column) = compilation.sources.location(d.primary.span);
                    let mut code = d.code.as_str().to_string();
                    if d.severity != d.code.default_severity() {
                        code.push_str(match d.severity {
                            Severity::Warning => "(warn)",
                            _ => "(error)",
                        });
                    }
                    Found {
                        code,
                        file: file.trim_start_matches("schemas/").to_string(),
                        line,
                        column,
                    }
                })
                .collect::<Vec<_>>();
            let compat_ran = !compilation.diagnostics.iter().any(|d| {
                d.is_error() && matches!(d.code.as_str().as_bytes()[0], b'P' | b'N' | b'V' | b'C')
            });
            Outcome {
                found,
                default_mode: compilation.project.config.default_compat,
                model: Some(compilation.model),
                compat_ran,
            }
        }
        Err(accord_compiler::LoadError::Config(sources, diagnostic)) => {
            let (_, line, column) = sources.location(diagnostic.primary.span);
            Outcome {
                found: vec![Found {
                    code: diagnostic.code.as_str().to_string(),
                    file: "accord.toml".into(),
                    line,
                    column,
                }],
                model: None,
                default_mode: CompatMode::Backward,
                compat_ran: false,
            }
        }
        Err(error) => panic!("{}: {error}", case.name),
    };
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

/// Resolves the position part of an expectation to (file, line, column).
fn resolve(case: &Case, at: &str) -> Result<(String, usize, usize), String> {
    let (first_name, first_text) = &case.files[0];
    let numbers: Vec<&str> = at.split(':').collect();
    match numbers.as_slice() {
        [line, column] if line.parse::<usize>().is_ok() => {
            return Ok((
                first_name.clone(),
                line.parse().unwrap(),
                column.parse().map_err(|_| format!("bad column in {at}"))?,
            ))
        }
        [file, line, column] => {
            return Ok((
                file.to_string(),
                line.parse().map_err(|_| format!("bad line in {at}"))?,
                column.parse().map_err(|_| format!("bad column in {at}"))?,
            ))
        }
        _ => {}
    }
    let mut parts: Vec<&str> = at.split('.').collect();
    let mut offset = 0;
    if !parts[0].starts_with('v') || parts[0][1..].parse::<u32>().is_err() {
        let ty = parts.remove(0);
        offset = ["record ", "enum ", "fixed ", "newtype "]
            .iter()
            .find_map(|kw| first_text.find(&format!("{kw}{ty} ")))
            .ok_or_else(|| format!("no type {ty} for anchor {at}"))?;
    }
    let version = parts
        .first()
        .and_then(|p| p.strip_prefix('v'))
        .ok_or_else(|| format!("bad anchor {at}"))?;
    let block = format!("version {version} ");
    offset += first_text[offset..]
        .find(&block)
        .ok_or_else(|| format!("no block for anchor {at}"))?;
    if let Some(word) = parts.get(1) {
        offset += find_word(&first_text[offset..], word)
            .ok_or_else(|| format!("no `{word}` for anchor {at}"))?;
    }
    let before = &first_text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    Ok((first_name.clone(), line, column))
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// The differences between expected and found, or `None` when they agree.
fn compare(case: &Case, found: &[Found]) -> Option<String> {
    let mut left: Vec<Option<&Found>> = found.iter().map(Some).collect();
    let mut missing = Vec::new();
    let mut loose = Vec::new();
    for expected in &case.expect {
        let (code, at) = match expected.split_once('@') {
            Some((code, at)) => (code, Some(at)),
            None => (*expected, None),
        };
        match at {
            Some(at) => {
                let (file, line, column) = match resolve(case, at) {
                    Ok(position) => position,
                    Err(error) => return Some(error),
                };
                let hit = left.iter_mut().find(|f| {
                    f.is_some_and(|f| {
                        f.code == code && f.file == file && f.line == line && f.column == column
                    })
                });
                match hit {
                    Some(slot) => *slot = None,
                    None => missing.push(format!("{code}@{file}:{line}:{column} ({expected})")),
                }
            }
            None => loose.push(code),
        }
    }
    for code in loose {
        match left.iter_mut().find(|f| f.is_some_and(|f| f.code == code)) {
            Some(slot) => *slot = None,
            None => missing.push(code.to_string()),
        }
    }
    let unexpected: Vec<String> = left.into_iter().flatten().map(Found::show).collect();
    if missing.is_empty() && unexpected.is_empty() {
        None
    } else {
        Some(format!(
            "missing {missing:?}, unexpected {unexpected:?}; all found: {:?}",
            found.iter().map(Found::show).collect::<Vec<_>>()
        ))
    }
}

fn all_cases() -> Vec<Case> {
    let groups: Vec<fn() -> Vec<Case>> = vec![
        schema::modes,
        schema::fields,
        schema::promotions,
        schema::unions,
        names::enums,
        names::fixed_and_names,
        names::renames,
        nested::nested,
        semantics::semantics,
    ];
    let cases: Vec<Case> = groups.into_iter().flat_map(|g| g()).collect();
    let mut names = std::collections::HashSet::new();
    for case in &cases {
        assert!(
            names.insert(case.name.clone()),
            "duplicate case {}",
            case.name
        );
    }
    cases
}

#[test]
fn contract_cases() {
    let cases = all_cases();
    let mut failures = Vec::new();
    for case in &cases {
        let outcome = run(case);
        if let Some(problem) = compare(case, &outcome.found) {
            failures.push(format!("{}: {problem}", case.name));
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
fn enough_cases() {
    let cases = all_cases();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let positioned = cases
        .iter()
        .filter(|c| c.expect.iter().any(|e| e.contains('@')))
        .count();
    assert!(positioned >= 50, "only {positioned} cases check positions");
    eprintln!("{} cases, {positioned} with positions", cases.len());
}

// ---- the oracle cross-check -------------------------------------------------------------------

/// The wire codes Java's `SchemaCompatibility` gives for every pair a mode checks.
fn oracle_requests(model: &Model, default_mode: CompatMode, tag: usize) -> Vec<Value> {
    let mut requests = Vec::new();
    for def in model.types.values().filter(|d| d.versioned) {
        let mode = effective_mode(def, default_mode);
        let schemas: Vec<Value> = def
            .versions
            .iter()
            .map(|v| {
                schema_json(
                    model,
                    &TypeRef {
                        name: def.name.clone(),
                        version: v.number,
                    },
                )
                .expect("every version projects")
            })
            .collect();
        let (backward, forward, transitive) = match mode {
            CompatMode::Backward => (true, false, false),
            CompatMode::BackwardTransitive => (true, false, true),
            CompatMode::Forward => (false, true, false),
            CompatMode::ForwardTransitive => (false, true, true),
            CompatMode::Full => (true, true, false),
            CompatMode::FullTransitive => (true, true, true),
            CompatMode::None => (false, false, false),
        };
        for new in 1..schemas.len() {
            let olds = if transitive { 0..new } else { new - 1..new };
            for old in olds {
                if backward {
                    requests
                        .push(json!({"id": tag, "writer": schemas[old], "reader": schemas[new]}));
                }
                if forward {
                    requests
                        .push(json!({"id": tag, "writer": schemas[new], "reader": schemas[old]}));
                }
            }
        }
    }
    requests
}

fn wire_code(java: &str) -> &'static str {
    match java {
        "NAME_MISMATCH" => "W001",
        "FIXED_SIZE_MISMATCH" => "W002",
        "MISSING_ENUM_SYMBOLS" => "W003",
        "READER_FIELD_MISSING_DEFAULT_VALUE" => "W004",
        "TYPE_MISMATCH" => "W005",
        "MISSING_UNION_BRANCH" => "W006",
        other => panic!("unknown incompatibility {other}"),
    }
}

#[test]
fn wire_codes_agree_with_the_java_oracle() {
    if support::oracle::skipped() {
        return;
    }
    let cases = all_cases();
    let mut requests = Vec::new();
    let mut checked = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let outcome = run(case);
        if !outcome.compat_ran {
            continue;
        }
        let model = outcome.model.as_ref().expect("a model");
        requests.extend(oracle_requests(model, outcome.default_mode, index));
        checked.push(index);
    }
    let answers = support::oracle::run("compat", &requests);
    let mut java: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
    for answer in &answers {
        let id = answer["id"].as_u64().unwrap() as usize;
        let codes = java.entry(id).or_default();
        match answer["error"].as_str() {
            Some(e) if e.starts_with("check: AvroRuntimeException: Reader record field") => {
                codes.push("W007")
            }
            Some(e) => panic!("{}: oracle error {e}", cases[id].name),
            None => {
                for incompatibility in answer["incompatibilities"].as_array().unwrap() {
                    codes.push(wire_code(incompatibility["type"].as_str().unwrap()));
                }
            }
        }
    }
    let mut failures = Vec::new();
    for index in checked {
        let case = &cases[index];
        let mut expected: Vec<&str> = case
            .expect
            .iter()
            .map(|e| e.split('@').next().unwrap())
            .filter(|c| c.starts_with('W'))
            .collect();
        let mut from_java = java.remove(&index).unwrap_or_default();
        expected.sort();
        from_java.sort();
        if expected != from_java {
            failures.push(format!(
                "{}: table {expected:?}, Java {from_java:?}",
                case.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "the table disagrees with Java on {} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
