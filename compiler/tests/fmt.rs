//! `accord fmt` tested: golden layouts (`tests/fmt/NAME.input` formats to `tests/fmt/NAME.accord`),
//! the repository's contracts kept formatted (by the library and by the binary), the diagnostic
//! catalogue formatted without a change to what `accord check` reports (at positions moved with
//! their tokens), and a property test: every contract of the tests, mutated (whitespace and line
//! breaks inserted or removed between tokens, comments and doc comments inserted), formats
//! idempotently to a text whose compiled model is the same: Avro schemas, fingerprints and
//! definition hashes, field ids, printed versions, the lock and layout definitions, and the
//! diagnostics. `ACCORD_FMT_MUTANTS` sets the mutants per project (default 6),
//! `ACCORD_FMT_SEED` the seed.

#[path = "support/gen.rs"]
mod gen;

mod common;

#[path = "support/fmt_model.rs"]
mod fmt_model;

use accord_compiler::codegen::{generate, Input, Target};
use accord_compiler::fmt::{format_source, FormatError};
use fmt_model::{compile_and_describe, moved_locations, PositionMap};
use gen::Rng;
use std::path::{Path, PathBuf};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir` whose name ends with `suffix`, sorted.
fn files_under(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The first line where two texts differ, both versions shown.
fn first_difference(expected: &str, actual: &str) -> String {
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for line in 1.. {
        match (e.next(), a.next()) {
            (None, None) => return "(only the line ends differ)".to_string(),
            (x, y) if x == y => continue,
            (x, y) => return format!("line {line}:\n  expected: {x:?}\n  actual:   {y:?}"),
        }
    }
    unreachable!()
}

#[test]
fn golden_layouts() {
    let inputs = files_under(&manifest().join("tests/fmt"), ".input");
    assert!(inputs.len() >= 7, "only {} golden cases", inputs.len());
    let mut failures = Vec::new();
    for input in inputs {
        let expected_path = input.with_extension("accord");
        let expected = read(&expected_path);
        match format_source(&read(&input)) {
            Ok(actual) if actual == expected => {}
            Ok(actual) => failures.push(format!(
                "{}: {}",
                input.display(),
                first_difference(&expected, &actual)
            )),
            Err(error) => failures.push(format!("{}: {error}", input.display())),
        }
        match format_source(&expected) {
            Ok(again) if again == expected => {}
            other => failures.push(format!(
                "{} is not a fixed point: {other:?}",
                expected_path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The contract files of the repository that are kept formatted: every `.accord` file except
/// the diagnostic catalogue's (`compiler/tests/diagnostics/`). Those are deliberately malformed
/// or compact inputs whose `expected.txt` and snapshots pin line:column positions; the test
/// below checks that formatting them changes nothing `check` reports but their positions.
fn repository_contracts() -> Vec<PathBuf> {
    let root = manifest().join("..");
    let mut files = Vec::new();
    for dir in [
        "schemas",
        "compiler/tests",
        "tests",
        "docs",
        "runtime",
        "macros",
    ] {
        files.extend(
            files_under(&root.join(dir), ".accord")
                .into_iter()
                .filter(|p| !p.to_string_lossy().contains("tests/diagnostics/")),
        );
    }
    files
}

#[test]
fn the_repository_contracts_are_formatted() {
    let files = repository_contracts();
    assert!(
        files.len() >= 25,
        "only {} contract files found",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let text = read(path);
        match format_source(&text) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => failures.push(format!(
                "{}: {}",
                path.display(),
                first_difference(&text, &formatted)
            )),
            Err(error) => failures.push(format!("{}: {error}", path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "not formatted (run `cargo run -q -- fmt PATH` on each):\n{}",
        failures.join("\n")
    );
}

#[test]
fn accord_fmt_check_passes_on_the_repository_projects() {
    let root = manifest().join("..");
    let mut projects = vec![root.clone()];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(manifest().join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("accord.toml").is_file())
        .collect();
    fixtures.sort();
    projects.extend(fixtures);
    for project in projects {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(["fmt", "--check"])
            .arg(&project)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "accord fmt --check {}:\n{}",
            project.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Copies a catalogue case to `to`, every contract file formatted when it parses; returns the
/// position map of each file (by its path relative to the case).
fn formatted_copy(case: &Path, to: &Path) -> Vec<(String, PositionMap)> {
    let mut maps = Vec::new();
    for path in files_under(case, "") {
        let relative = path.strip_prefix(case).unwrap();
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let text = read(&path);
        let is_contract = path.extension().is_some_and(|e| e == "accord");
        match format_source(&text) {
            Ok(formatted) if is_contract => {
                std::fs::write(&target, &formatted).unwrap();
                let name = relative.to_string_lossy().replace('\\', "/");
                maps.push((name, PositionMap::new(&text, &formatted)));
            }
            _ => std::fs::write(&target, &text).unwrap(),
        }
    }
    maps
}

#[test]
fn formatting_the_catalogue_changes_only_positions() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fmt-catalogue");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut failures = Vec::new();
    for case in common::cases() {
        let name = common::case_name(&case);
        let before = common::compile_case(&case);
        let copy = scratch.join(&name);
        let maps = formatted_copy(&case, &copy);
        let after = common::compile_case(&copy);
        let expected = moved_locations(&before.sources, &before.diagnostics, &maps);
        let actual = moved_locations(&after.sources, &after.diagnostics, &[]);
        if expected != actual {
            failures.push(format!(
                "{name}:\n  before (moved):\n    {}\n  after formatting:\n    {}",
                expected.join("\n    "),
                actual.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_file_with_syntax_errors_is_refused_with_the_errors_check_reports() {
    let mut refused = 0;
    for case in common::cases() {
        let outcome = common::compile_case(&case);
        let reported: Vec<String> = outcome
            .diagnostics
            .iter()
            .map(|d| common::locate(&outcome.sources, d))
            .collect();
        for path in files_under(&case, ".accord") {
            let text = read(&path);
            let Err(FormatError::Syntax(diagnostics)) = format_source(&text) else {
                continue;
            };
            refused += 1;
            assert!(
                diagnostics.iter().any(|d| d.is_error()),
                "{}",
                path.display()
            );
            let name = path
                .strip_prefix(&case)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let mut sources = accord_compiler::source::SourceMap::new();
            sources.add(name, &path, text);
            for diagnostic in &diagnostics {
                let at = common::locate(&sources, diagnostic);
                assert!(
                    reported.contains(&at),
                    "{}: fmt reports {at}, check does not: {reported:?}",
                    path.display()
                );
            }
        }
    }
    assert!(refused >= 20, "only {refused} files with syntax errors");
}

/// Every project of the tests, as (name, text) files: `schemas/`, each fixture project, each
/// catalogue case, and the golden layouts (one project each).
fn seed_projects() -> Vec<Vec<(String, String)>> {
    let mut roots = vec![manifest().join("../schemas")];
    for parent in ["tests/fixtures", "tests/diagnostics"] {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(manifest().join(parent))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        roots.extend(dirs);
    }
    let mut projects: Vec<Vec<(String, String)>> = roots
        .iter()
        .map(|root| {
            files_under(root, ".accord")
                .into_iter()
                .map(|p| {
                    (
                        p.strip_prefix(root).unwrap().display().to_string(),
                        read(&p),
                    )
                })
                .collect()
        })
        .collect();
    for golden in files_under(&manifest().join("tests/fmt"), ".input") {
        projects.push(vec![("golden.accord".to_string(), read(&golden))]);
    }
    projects.retain(|files| !files.is_empty());
    projects
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_contracts_format_idempotently_to_the_same_model() {
    let mutants = setting("ACCORD_FMT_MUTANTS", 6);
    let mut rng = Rng::new(setting("ACCORD_FMT_SEED", 0x000f_0018));
    let (mut checked, mut failures) = (0, Vec::new());
    for project in seed_projects() {
        for round in 0..=mutants {
            let mutated: Vec<(String, String)> = match round {
                0 => project.clone(),
                _ => project
                    .iter()
                    .map(|(name, text)| (name.clone(), fmt_model::mutate(text, &mut rng)))
                    .collect(),
            };
            match check_mutant(&mutated) {
                Ok(true) => checked += 1,
                Ok(false) => {}
                Err(failure) => failures.push(failure),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        checked >= 300,
        "only {checked} projects formatted and compared"
    );
}

/// Formats every file of a project and compares the compilations. `Ok(false)`: a file does not
/// parse (nothing to compare).
fn check_mutant(files: &[(String, String)]) -> Result<bool, String> {
    let mut formatted = Vec::new();
    let mut maps = Vec::new();
    for (name, text) in files {
        let output = match format_source(text) {
            Ok(output) => output,
            Err(FormatError::Syntax(_)) => return Ok(false),
            Err(error) => return Err(format!("{name}: {error}\n--- input:\n{text}")),
        };
        match format_source(&output) {
            Ok(again) if again == output => {}
            other => {
                return Err(format!(
                "{name}: not idempotent: {other:?}\n--- input:\n{text}\n--- formatted:\n{output}"
            ))
            }
        }
        maps.push((name.clone(), PositionMap::new(text, &output)));
        formatted.push((name.clone(), output));
    }
    let before = compile_and_describe(files.to_vec(), &maps);
    let after = compile_and_describe(formatted.clone(), &[]);
    if before != after {
        let differing = before
            .iter()
            .zip(&after)
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("before: {a}\nafter:  {b}"))
            .unwrap_or_else(|| format!("{} facts became {}", before.len(), after.len()));
        let inputs: Vec<String> = files.iter().map(|(n, t)| format!("=== {n}\n{t}")).collect();
        return Err(format!(
            "the model changed:\n{differing}\n--- inputs:\n{}",
            inputs.join("\n")
        ));
    }
    Ok(true)
}

/// The fenced block of `text` that follows the first line equal to `after`.
fn block_after<'a>(text: &'a str, after: &str) -> &'a str {
    let rest = &text[text.find(after).unwrap_or_else(|| panic!("no {after:?}"))..];
    let open = rest.find("```").unwrap();
    let body = &rest[open..];
    let body = &body[body.find('\n').unwrap() + 1..];
    &body[..body.find("```").unwrap()]
}

#[test]
fn the_example_of_the_editor_docs_is_what_fmt_writes() {
    let doc = read(&manifest().join("../docs/editor.md"));
    let before = block_after(&doc, "\nThis file\n");
    let after = block_after(&doc, "\nis formatted as\n");
    assert_eq!(format_source(before).unwrap(), after);
}

/// Every file `accord gen` writes for `files` (all targets), the manifest without its source
/// lines (they follow the text).
fn generated(files: Vec<(String, String)>, config: &Path) -> Vec<(String, String)> {
    let config = accord_compiler::config::ProjectConfig::parse(
        &read(config),
        accord_compiler::source::FileId(0),
    )
    .unwrap();
    let compilation = accord_compiler::compile_sources(files, config);
    let errors: Vec<String> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let model = &compilation.model;
    let input = Input::new(model, &compilation.facts, &compilation.sources);
    generate(input, Target::ALL)
        .into_iter()
        .map(|file| {
            let mut text = String::from_utf8(file.contents).unwrap();
            if file.path.ends_with("accord-manifest.json") {
                let mut manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
                drop_lines(&mut manifest);
                text = manifest.to_string();
            }
            (file.path, text)
        })
        .collect()
}

fn drop_lines(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("line");
            map.values_mut().for_each(drop_lines);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_lines),
        _ => {}
    }
}

#[test]
fn every_generated_file_is_the_same_after_formatting() {
    let mut rng = Rng::new(18);
    let mut projects = vec![manifest().join("..")];
    projects.extend(
        ["kitchen", "hooks", "boundary", "evolution"]
            .map(|p| manifest().join("tests/fixtures").join(p)),
    );
    for project in projects {
        let root = project.join("schemas");
        let config = project.join("accord.toml");
        let laid_out: Vec<(String, String)> = files_under(&root, ".accord")
            .into_iter()
            .map(|p| {
                let name = p.strip_prefix(&root).unwrap().display().to_string();
                (name, fmt_model::spread(&read(&p), 40, &mut rng))
            })
            .collect();
        let formatted: Vec<(String, String)> = laid_out
            .iter()
            .map(|(name, text)| (name.clone(), format_source(text).unwrap()))
            .collect();
        assert_ne!(laid_out, formatted);
        let (before, after) = (generated(laid_out, &config), generated(formatted, &config));
        assert_eq!(before.len(), after.len(), "{}", root.display());
        for (a, b) in before.iter().zip(&after) {
            assert!(
                a == b,
                "{}: {} differs after formatting",
                root.display(),
                a.0
            );
        }
    }
}

#[test]
fn spaces_and_tabs_between_tokens_do_not_change_the_layout() {
    let mut rng = Rng::new(setting("ACCORD_FMT_SEED", 0x000f_0018));
    let mut compared = 0;
    for (name, text) in seed_projects().into_iter().flatten() {
        let Ok(expected) = format_source(&text) else {
            continue;
        };
        for _ in 0..3 {
            let mut spaced = text.clone();
            for _ in 0..8 {
                let tokens = accord_compiler::syntax::lexer::lex(
                    accord_compiler::source::FileId(0),
                    &spaced,
                    &mut accord_compiler::diagnostic::Diagnostics::new(),
                );
                let at = tokens[rng.below(tokens.len())].span.start as usize;
                spaced.insert_str(at, [" ", "\t", "   "][rng.below(3)]);
            }
            let actual = format_source(&spaced).unwrap();
            assert!(
                actual == expected,
                "{name}: {}\n--- input:\n{spaced}",
                first_difference(&expected, &actual)
            );
            compared += 1;
        }
    }
    assert!(compared >= 300, "only {compared} files compared");
}

#[test]
fn what_accord_import_writes_is_formatted() {
    use accord_compiler::import::{import_avro, AvroFile, ImportOptions};
    let mut rng = Rng::new(setting("ACCORD_FMT_SEED", 0x000f_0018));
    let mut imported = 0;
    for index in 0..60 {
        let schema = gen::Generator::new(&mut rng).schema();
        let file = AvroFile {
            name: format!("s{index}.avsc"),
            path: PathBuf::from(format!("s{index}.avsc")),
            text: schema.to_string(),
        };
        let import = import_avro(vec![file], &ImportOptions::default());
        for file in import.files.iter().filter(|f| f.path.ends_with(".accord")) {
            let text = String::from_utf8(file.contents.clone()).unwrap();
            let formatted = format_source(&text).unwrap();
            assert!(
                formatted == text,
                "{}: {}\n{text}",
                file.path,
                first_difference(&text, &formatted)
            );
            imported += 1;
        }
    }
    assert!(imported >= 40, "only {imported} files imported");
}
