//! Fuzz targets on the stable toolchain (no libFuzzer): the contract parser, the whole pipeline
//! (parse, resolve, validate, check, facts), the `.avsc` parser, `accord import avro`, and the
//! compatibility checker on pairs of schemas. Each runs the regressions of
//! `tests/fuzz/regressions/<target>/`, its seeds (the repository's contracts and the `.avsc`
//! accord generates for them), then seeded mutants until its share of `ACCORD_FUZZ_SECONDS`
//! (default 20 s for the five) is spent. A panic fails the test and saves the input (see
//! `fuzz/driver.rs`). Run longer by hand:
//!
//! ```sh
//! ACCORD_FUZZ_SECONDS=3600 ACCORD_FUZZ_SEED=$RANDOM \
//!   cargo test --release -p accord-compiler --test fuzz -- --nocapture
//! ```

#[path = "support/gen.rs"]
mod gen;

#[path = "fuzz/driver.rs"]
mod fuzz;

use accord_compiler::avro::{check_compatibility, check_history, CompatMode, Schema};
use accord_compiler::codegen::{generate, Input, Target};
use accord_compiler::diagnostic::Diagnostics;
use accord_compiler::import::{import_avro, AvroFile, ImportOptions};
use accord_compiler::source::SourceMap;
use accord_compiler::{compile_sources, Compilation};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "support/contract_tokens.rs"]
mod contract_tokens;
use contract_tokens::CONTRACT_TOKENS as CONTRACT_WORDS;

const AVRO_WORDS: &[&str] = &[
    "null",
    "boolean",
    "int",
    "long",
    "float",
    "double",
    "bytes",
    "string",
    "record",
    "enum",
    "array",
    "map",
    "fixed",
    "type",
    "name",
    "namespace",
    "fields",
    "items",
    "values",
    "symbols",
    "size",
    "default",
    "aliases",
    "logicalType",
    "decimal",
    "precision",
    "scale",
    "uuid",
    "timestamp-millis",
    "date",
    "order",
    "doc",
    "a.b.C",
    "C",
    "",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\u0000",
    "-0",
    "1e309",
    "\u{fffd}",
];

/// A project: its contract files (name, text), encoded as one input for the saved findings.
fn encode(files: &[(String, String)]) -> Vec<u8> {
    let mut out = String::new();
    for (name, text) in files {
        out.push_str(&format!("=== {name}\n{text}\n"));
    }
    out.into_bytes()
}

fn decode(bytes: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(bytes);
    let mut files: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        match line.strip_prefix("=== ") {
            Some(name) => files.push((name.trim().to_owned(), String::new())),
            None => match files.last_mut() {
                Some((_, body)) => body.push_str(line),
                None => files.push(("fuzz.accord".into(), line.to_owned())),
            },
        }
    }
    files
}

/// The contract projects of the repository: `schemas/`, each fixture project and each case of
/// the diagnostic catalogue.
fn projects() -> &'static Vec<Vec<(String, String)>> {
    static PROJECTS: OnceLock<Vec<Vec<(String, String)>>> = OnceLock::new();
    PROJECTS.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut roots = vec![manifest.join("../schemas")];
        for parent in ["tests/fixtures", "tests/diagnostics"] {
            let mut dirs: Vec<PathBuf> = std::fs::read_dir(manifest.join(parent))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect();
            dirs.sort();
            roots.extend(dirs);
        }
        roots
            .iter()
            .map(|root| {
                fuzz::files_under(root, &["accord"])
                    .into_iter()
                    .map(|path| {
                        let name = path.strip_prefix(root).unwrap().display().to_string();
                        (name, std::fs::read_to_string(&path).unwrap())
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|files| !files.is_empty())
            .collect()
    })
}

fn compile(files: Vec<(String, String)>) -> Compilation {
    compile_sources(files, Default::default())
}

/// The `.avsc` files accord generates for every valid project, grouped by project.
fn avro_seeds() -> &'static Vec<Vec<Vec<u8>>> {
    static SEEDS: OnceLock<Vec<Vec<Vec<u8>>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut groups = Vec::new();
        for project in projects() {
            let compilation = compile(project.clone());
            let Some(model) = compilation.valid_model() else {
                continue;
            };
            let input = Input::new(model, &compilation.facts, &compilation.sources);
            let schemas: Vec<Vec<u8>> = generate(input, &[Target::Avro])
                .into_iter()
                .filter(|f| f.path.ends_with(".avsc"))
                .map(|f| f.contents)
                .collect();
            if !schemas.is_empty() {
                groups.push(schemas);
            }
        }
        assert!(!groups.is_empty(), "no Avro seed");
        groups
    })
}

#[test]
fn contract_parser() {
    let seeds: Vec<Vec<u8>> = projects()
        .iter()
        .flatten()
        .map(|(_, text)| text.clone().into_bytes())
        .collect();
    fuzz::fuzz("contract_parser", &seeds, CONTRACT_WORDS, &mut |bytes| {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let mut sources = SourceMap::new();
        let file = sources.add("fuzz.accord", Path::new("fuzz.accord"), text.clone());
        let mut diagnostics = Diagnostics::new();
        let _ = accord_compiler::syntax::parse(file, &text, &mut diagnostics);
    });
}

#[test]
fn pipeline() {
    let seeds: Vec<Vec<u8>> = projects().iter().map(|p| encode(p)).collect();
    fuzz::fuzz("pipeline", &seeds, CONTRACT_WORDS, &mut |bytes| {
        let compilation = compile(decode(bytes));
        // What `check` accepts, every target generates (docs/reliability.md).
        if let Some(model) = compilation.valid_model() {
            let input = Input::new(model, &compilation.facts, &compilation.sources);
            let _ = generate(input, &[Target::Avro, Target::JsonSchema]);
        }
    });
}

#[test]
fn avsc_parser() {
    let seeds: Vec<Vec<u8>> = avro_seeds().iter().flatten().cloned().collect();
    fuzz::fuzz("avsc_parser", &seeds, AVRO_WORDS, &mut |bytes| {
        if let Ok(schema) = Schema::parse_str(&String::from_utf8_lossy(bytes)) {
            let _ = accord_compiler::avro::canonical_form(&schema);
            let _ = schema.to_json();
        }
    });
}

fn import_files(bytes: &[u8]) -> Vec<AvroFile> {
    String::from_utf8_lossy(bytes)
        .split("\n---\n")
        .enumerate()
        .map(|(i, text)| AvroFile {
            name: format!("v{i}.avsc"),
            path: PathBuf::from(format!("v{i}.avsc")),
            text: text.to_owned(),
        })
        .collect()
}

#[test]
fn import() {
    let mut seeds: Vec<Vec<u8>> = avro_seeds().iter().flatten().cloned().collect();
    for group in avro_seeds() {
        for pair in group.windows(2) {
            seeds.push([&pair[0][..], b"\n---\n", &pair[1][..]].concat());
        }
    }
    fuzz::fuzz("import", &seeds, AVRO_WORDS, &mut |bytes| {
        let files = import_files(bytes);
        let options = ImportOptions {
            history: files.len() > 1,
            package: None,
        };
        let import = import_avro(files, &options);
        if !import.has_errors() {
            // What import writes, the pipeline accepts.
            let contracts: Vec<(String, String)> = import
                .files
                .iter()
                .map(|f| (f.path.clone(), String::from_utf8_lossy(&f.contents).into()))
                .filter(|(path, _)| path.ends_with(".accord"))
                .collect();
            let _ = compile(contracts);
        }
    });
}

#[test]
fn compatibility() {
    let mut seeds = Vec::new();
    for group in avro_seeds() {
        for (i, a) in group.iter().enumerate() {
            let b = &group[(i * 7 + 1) % group.len()];
            let pair: Vec<serde_json::Value> = [a, b]
                .iter()
                .map(|s| serde_json::from_slice(s).unwrap())
                .collect();
            seeds.push(serde_json::to_vec(&pair).unwrap());
        }
    }
    fuzz::fuzz("compatibility", &seeds, AVRO_WORDS, &mut |bytes| {
        let Ok(serde_json::Value::Array(pair)) = serde_json::from_slice(bytes) else {
            return;
        };
        let schemas: Vec<Schema> = pair.iter().filter_map(|s| Schema::parse(s).ok()).collect();
        if let [a, b, ..] = &schemas[..] {
            let _ = check_compatibility(a, b);
            let _ = check_compatibility(b, a);
            let _ = check_history(b, std::slice::from_ref(a), CompatMode::FullTransitive);
        }
    });
}
