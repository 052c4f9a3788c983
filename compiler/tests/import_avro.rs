//! `accord import avro`: every corpus schema Java accepts is imported losslessly (canonical form,
//! fingerprint and full JSON, by our parser and by Java's), and a history import of generated
//! evolutions reproduces each version and agrees with Java about compatibility under the
//! suggested mode.
//! Set `ACCORD_SKIP_ORACLE=1` to skip the parts that need the Java oracle. The corpus test reads
//! `../shared/corpus/avro/` and skips itself, with a notice, without it.

mod support;

use accord_compiler::avro::from_model::schema_json;
use accord_compiler::avro::{canonical_form, crc64_avro, CompatMode, Schema};
use accord_compiler::compile_sources;
use accord_compiler::config::ProjectConfig;
use accord_compiler::diagnostic::Code;
use accord_compiler::import::{import_avro, AvroFile, Import, ImportOptions};
use serde_json::{json, Value};
use std::path::PathBuf;
use support::gen::{evolve, Generator, Rng};
use support::oracle;

/// Full JSON with keys sorted, without the attributes accord adds.
fn normal(json: &Value) -> Value {
    match json {
        Value::Object(o) => {
            let mut keys: Vec<&String> = o
                .keys()
                .filter(|k| !matches!(k.as_str(), "accord.version" | "accord.generated"))
                .collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), normal(&o[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(normal).collect()),
        other => other.clone(),
    }
}

fn import(files: &[(String, String)], history: bool) -> Import {
    let inputs = files
        .iter()
        .map(|(name, text)| AvroFile {
            name: name.clone(),
            path: PathBuf::from(name),
            text: text.clone(),
        })
        .collect();
    import_avro(
        inputs,
        &ImportOptions {
            history,
            package: None,
        },
    )
}

fn contract_texts(import: &Import) -> Vec<(String, String)> {
    import
        .files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                String::from_utf8(f.contents.clone()).expect("contract files are UTF-8"),
            )
        })
        .collect()
}

/// Asserts that generating `root` from the imported contracts gives back `original` exactly.
fn assert_reproduces(
    model: &accord_compiler::ir::Model,
    root: &accord_compiler::ir::TypeRef,
    original: &Value,
    label: &str,
) {
    let back = schema_json(model, root).expect("the imported contract projects");
    let original = Schema::parse(original).expect("original parses");
    let back = Schema::parse(&back)
        .unwrap_or_else(|e| panic!("{label}: generated schema does not parse: {e}"));
    assert_eq!(
        canonical_form(&back),
        canonical_form(&original),
        "{label}: canonical form"
    );
    assert_eq!(
        crc64_avro(canonical_form(&back).as_bytes()),
        crc64_avro(canonical_form(&original).as_bytes()),
        "{label}: fingerprint"
    );
    assert_eq!(
        normal(&back.to_json()),
        normal(&original.to_json()),
        "{label}: full JSON"
    );
}

#[test]
fn every_corpus_schema_java_accepts_imports_losslessly() {
    if oracle::skipped() {
        return;
    }
    let Some(paths) = support::corpus::avsc_files() else {
        return;
    };
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(p).expect("read corpus file"))
        })
        .collect();
    let requests: Vec<Value> = texts
        .iter()
        .map(|(name, text)| json!({"id": name, "schema": serde_json::from_str::<Value>(text).unwrap()}))
        .collect();
    let answers = oracle::run("--parse", &requests);
    let mut failures = Vec::new();
    // Per imported schema: the original and what `accord gen` writes back, for Java to fingerprint.
    let mut round_trips: Vec<(String, Value, Value)> = Vec::new();
    for ((name, text), answer) in texts.iter().zip(&answers) {
        if answer["valid"] != true {
            continue;
        }
        let result = import(&[(name.clone(), text.clone())], false);
        if result.has_errors() {
            let summary: Vec<String> = result
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| format!("{} {}", d.code, d.message))
                .collect();
            failures.push(format!("{name}: reported {}", summary.join("; ")));
            continue;
        }
        let compilation = compile_sources(contract_texts(&result), ProjectConfig::default());
        if compilation.has_errors() {
            failures.push(format!(
                "{name}: the imported contracts have errors: {:?}",
                compilation.diagnostics
            ));
            continue;
        }
        let original: Value = serde_json::from_str(text).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            assert_reproduces(&compilation.model, &result.roots[0], &original, name)
        }));
        match outcome {
            Ok(()) => round_trips.push((
                name.clone(),
                original,
                schema_json(&compilation.model, &result.roots[0]).expect("projects"),
            )),
            Err(_) => failures.push(format!("{name}: not reproduced exactly")),
        }
    }
    failures.extend(java_fingerprint_differences(&round_trips));
    println!(
        "avro import corpus: {} schemas, {} valid in Java, {} imported losslessly",
        texts.len(),
        answers.iter().filter(|a| a["valid"] == true).count(),
        round_trips.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Java's own verdict on each round trip: the generated schema parses, and its Parsing
/// Canonical Form fingerprint (Java `SchemaNormalization`) equals the original's.
fn java_fingerprint_differences(round_trips: &[(String, Value, Value)]) -> Vec<String> {
    let requests: Vec<Value> = round_trips
        .iter()
        .flat_map(|(name, original, back)| {
            [
                json!({"id": format!("{name} original"), "schema": original}),
                json!({"id": format!("{name} generated"), "schema": back}),
            ]
        })
        .collect();
    let answers = oracle::run("--fingerprint", &requests);
    round_trips
        .iter()
        .zip(answers.chunks(2))
        .filter_map(|((name, _, _), pair)| {
            let (original, back) = (&pair[0], &pair[1]);
            let same = back["error"].is_null()
                && original["canonical"] == back["canonical"]
                && original["crc64"] == back["crc64"];
            (!same).then(|| format!("{name}: Java fingerprints differ: {original} vs {back}"))
        })
        .collect()
}

/// The project settings for checking an imported history: semantic rules reported, not failing (the import
/// reports them as `I014`; wire compatibility is what is compared with Java here).
fn lenient_config() -> ProjectConfig {
    let rules: String = Code::ALL
        .iter()
        .filter(|c| c.as_str().starts_with('S') || c.as_str().starts_with('M'))
        .map(|c| format!("{c} = \"warn\"\n"))
        .collect();
    ProjectConfig::parse(
        &format!("[rules]\n{rules}"),
        accord_compiler::source::FileId(0),
    )
    .expect("valid config")
}

/// The subject's `compat` line replaced by `mode`.
fn with_mode(files: &[(String, String)], subject: &str, mode: CompatMode) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(name, text)| {
            let header = format!("\nrecord {subject} {{\n  compat ");
            let mut text = text.clone();
            for keyword in ["record", "enum"] {
                let header = header.replace("record", keyword);
                if let Some(at) = text.find(&header) {
                    let start = at + header.len();
                    let end = start + text[start..].find(';').expect("compat line");
                    text.replace_range(start..end, mode.name());
                }
            }
            (name.clone(), text)
        })
        .collect()
}

/// The (new, old) version pairs a mode checks.
fn pairs(count: usize, mode: CompatMode) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for new in 1..count {
        let olds: Vec<usize> = if mode.is_transitive() {
            (0..new).collect()
        } else {
            vec![new - 1]
        };
        out.extend(olds.into_iter().map(|old| (new, old)));
    }
    out
}

#[test]
fn history_import_reproduces_every_version_and_agrees_with_java() {
    if oracle::skipped() {
        return;
    }
    // Generated histories of three or four versions that Java accepts.
    let mut histories: Vec<Vec<Value>> = Vec::new();
    for seed in 0..2000u64 {
        let mut rng = Rng::new(seed);
        let mut versions = vec![Generator::new(&mut rng).schema()];
        for _ in 0..2 + rng.below(2) {
            let next = evolve(versions.last().unwrap(), &mut rng);
            versions.push(next);
        }
        histories.push(versions);
    }
    let parse_requests: Vec<Value> = histories
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, schema)| json!({"id": i, "schema": schema}))
        .collect();
    let parse_answers = oracle::run("--parse", &parse_requests);
    let mut valid = parse_answers.iter().map(|a| a["valid"] == true);
    let histories: Vec<Vec<Value>> = histories
        .into_iter()
        .filter(|h| h.iter().fold(true, |ok, _| valid.next().unwrap() && ok))
        .collect();

    struct Case {
        versions: Vec<Value>,
        files: Vec<(String, String)>,
        subject: String,
        suggested: CompatMode,
        /// Per mode: whether accord check reports a wire incompatibility.
        accord: Vec<(CompatMode, bool)>,
    }
    let mut cases = Vec::new();
    // Histories refused, counted by the first error's code.
    let mut reported: std::collections::BTreeMap<String, usize> = Default::default();
    let mut reported_count = 0;
    let mut failures = Vec::new();
    for (n, versions) in histories.iter().enumerate() {
        let files: Vec<(String, String)> = versions
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    format!("h{n}_v{}.avsc", i + 1),
                    serde_json::to_string_pretty(v).unwrap(),
                )
            })
            .collect();
        let result = import(&files, true);
        if result.has_errors() {
            reported_count += 1;
            if let Some(first) = result.diagnostics.iter().find(|d| d.is_error()) {
                *reported.entry(first.code.to_string()).or_default() += 1;
            }
            assert!(
                !result.diagnostics.iter().any(|d| d.code == Code::I012),
                "history {n}: the import is not lossless: {:?}",
                result.diagnostics
            );
            continue;
        }
        let texts = contract_texts(&result);
        let compilation = compile_sources(texts.clone(), lenient_config());
        if compilation.has_errors() {
            failures.push(format!(
                "history {n}: imported contracts have errors: {:?}\n{}",
                compilation.diagnostics,
                texts.iter().map(|(_, t)| t.as_str()).collect::<String>()
            ));
            continue;
        }
        for (i, (root, original)) in result.roots.iter().zip(versions).enumerate() {
            assert_reproduces(
                &compilation.model,
                root,
                original,
                &format!("history {n} version {}", i + 1),
            );
        }
        let subject = result.roots[0].name.name.clone();
        let suggested = result.compat.expect("a history import suggests a mode");
        let mut accord = Vec::new();
        for mode in CompatMode::ALL {
            let compiled = compile_sources(with_mode(&texts, &subject, mode), lenient_config());
            let wire = compiled
                .diagnostics
                .iter()
                .any(|d| d.code.as_str().starts_with('W'));
            let other: Vec<_> = compiled
                .diagnostics
                .iter()
                .filter(|d| d.is_error() && !d.code.as_str().starts_with('W'))
                .collect();
            assert!(other.is_empty(), "history {n} under {mode}: {other:?}");
            accord.push((mode, wire));
        }
        cases.push(Case {
            versions: versions.clone(),
            files: texts,
            subject,
            suggested,
            accord,
        });
    }
    // Ask Java about every pair each mode checks.
    let mut requests = Vec::new();
    for (c, case) in cases.iter().enumerate() {
        for (new, old) in pairs(case.versions.len(), CompatMode::BackwardTransitive) {
            for (direction, (writer, reader)) in [("b", (old, new)), ("f", (new, old))] {
                requests.push(json!({"id": format!("{c}/{new}/{old}/{direction}"),
                    "writer": case.versions[writer], "reader": case.versions[reader]}));
            }
        }
    }
    let answers = oracle::run("compat", &requests);
    let by_id: std::collections::HashMap<String, bool> = requests
        .iter()
        .zip(&answers)
        .map(|(r, a)| {
            (
                r["id"].as_str().unwrap_or("").to_string(),
                a["compatible"] == true,
            )
        })
        .collect();
    let java_ok = |c: usize, new: usize, old: usize, direction: &str| {
        by_id[&format!("{c}/{new}/{old}/{direction}")]
    };
    let mut disagreements = Vec::new();
    let mut incompatible_steps = 0;
    for (c, case) in cases.iter().enumerate() {
        for (mode, accord_incompatible) in &case.accord {
            let java_incompatible = pairs(case.versions.len(), *mode).iter().any(|(new, old)| {
                mode.directions().iter().any(|d| {
                    let direction = if matches!(d, accord_compiler::avro::Direction::Backward) {
                        "b"
                    } else {
                        "f"
                    };
                    !java_ok(c, *new, *old, direction)
                })
            });
            incompatible_steps += usize::from(java_incompatible);
            if java_incompatible != *accord_incompatible {
                disagreements.push(format!("{} under {mode}: accord incompatible {accord_incompatible}, java {java_incompatible}", case.subject));
            }
            if *mode == case.suggested && java_incompatible {
                disagreements.push(format!(
                    "{}: the suggested mode {mode} does not hold in Java\n{}",
                    case.subject,
                    case.files
                        .iter()
                        .map(|(_, t)| t.as_str())
                        .collect::<String>()
                ));
            }
        }
    }
    let mut modes: Vec<String> = cases.iter().map(|c| c.suggested.to_string()).collect();
    modes.sort();
    modes.dedup();
    println!(
        "avro history import: {} histories, {} imported and reproduced, {reported_count} reported ({}), suggested modes {modes:?}, {incompatible_steps} (history, mode) pairs incompatible in Java",
        histories.len(),
        cases.len(),
        reported
            .iter()
            .map(|(code, n)| format!("{code}: {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(
        cases.len() >= 60,
        "too few histories imported: {}",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Registry histories often reword a record's doc between versions: each version keeps its own
/// doc (`///` before `version N`), and every version is reproduced exactly, docs included.
#[test]
fn a_history_that_rewords_docs_keeps_a_doc_per_version() {
    let version = |doc: Option<&str>, status_doc: &str, extra: bool| {
        let mut fields = vec![json!({"name": "status", "type": {
            "type": "enum", "name": "Status", "doc": status_doc, "symbols": ["NEW", "DONE"]}})];
        if extra {
            fields.push(json!({"name": "note", "type": ["null", "string"], "default": null}));
        }
        let mut schema =
            json!({"type": "record", "name": "Ticket", "namespace": "desk", "fields": fields});
        if let Some(doc) = doc {
            schema["doc"] = json!(doc);
        }
        schema
    };
    let versions = [
        version(Some("A support ticket."), "Where it is.", false),
        version(None, "Where it is.", true),
        version(
            Some("A support ticket, as\nthe desk sees it."),
            "Its state.",
            true,
        ),
    ];
    let files: Vec<(String, String)> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("ticket_v{}.avsc", i + 1), v.to_string()))
        .collect();
    let result = import(&files, true);
    assert!(!result.has_errors(), "{:?}", result.diagnostics);
    let texts = contract_texts(&result);
    let text: String = texts.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        text.contains("  /// A support ticket, as\n  /// the desk sees it.\n  version 3"),
        "{text}"
    );
    let compilation = compile_sources(texts, lenient_config());
    assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
    for (i, (root, original)) in result.roots.iter().zip(&versions).enumerate() {
        assert_reproduces(
            &compilation.model,
            root,
            original,
            &format!("version {}", i + 1),
        );
    }
}
