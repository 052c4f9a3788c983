//! Differential tests of the plain-Avro engine against Avro 1.12.1's Java implementation (the
//! project's oracle in `tests/oracle/`). Every disagreement is a failure. Set `ACCORD_SKIP_ORACLE=1`
//! to skip when the oracle cannot run; otherwise an oracle that does not run fails the tests. The
//! corpus tests read `../shared/corpus/avro/` and skip themselves, with a notice, without it.

mod support;

use accord_compiler::avro::{Fingerprints, Schema};
use serde_json::{json, Value};
use support::gen::{evolve, Generator, Rng};
use support::oracle;

/// Every corpus schema, by file name; `None` (after a notice) without the corpus.
fn corpus() -> Option<Vec<(String, Value)>> {
    let files = support::corpus::avsc_files()?;
    let schemas = files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("read corpus file");
            let value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                value,
            )
        })
        .collect();
    Some(schemas)
}

fn our_fingerprint(schema: &Value) -> Value {
    match Schema::parse(schema) {
        Ok(parsed) => {
            let prints = Fingerprints::of(&parsed);
            let le: String = prints
                .crc64_le_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            json!({"canonical": prints.canonical, "crc64": prints.crc64_hex(), "crc64_le": le,
                "md5": prints.md5, "sha256": prints.sha256, "valid": true})
        }
        Err(_) => {
            json!({"canonical": null, "crc64": null, "crc64_le": null, "md5": null, "sha256": null, "valid": false})
        }
    }
}

fn oracle_fingerprint(answer: &Value) -> Value {
    let mut out = json!({"valid": answer["error"].is_null()});
    for key in ["canonical", "crc64", "crc64_le", "md5", "sha256"] {
        out[key] = answer[key].clone();
    }
    out
}

#[test]
fn corpus_fingerprints_and_validity_match_java() {
    if oracle::skipped() {
        return;
    }
    let Some(corpus) = corpus() else {
        return;
    };
    let requests: Vec<Value> = corpus
        .iter()
        .map(|(name, schema)| json!({"id": name, "schema": schema}))
        .collect();
    let answers = oracle::run("--fingerprint", &requests);
    let mut disagreements = Vec::new();
    let mut valid = 0;
    for ((name, schema), answer) in corpus.iter().zip(&answers) {
        let (ours, theirs) = (our_fingerprint(schema), oracle_fingerprint(answer));
        valid += usize::from(theirs["valid"] == true);
        if ours != theirs {
            disagreements.push(format!(
                "{name}:\n  ours   {ours}\n  oracle {theirs} ({})",
                answer["error"]
            ));
        }
    }
    println!(
        "avro corpus: {} schemas, {valid} valid in Java, {} disagreements",
        corpus.len(),
        disagreements.len()
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Compares our compat answers with the oracle's over `pairs` of (label, writer, reader).
fn compare_compat(pairs: &[(String, Value, Value)]) -> (Vec<String>, [usize; 4]) {
    let requests: Vec<Value> = pairs
        .iter()
        .enumerate()
        .map(|(i, (_, writer, reader))| json!({"id": i, "writer": writer, "reader": reader}))
        .collect();
    let answers = oracle::run("compat", &requests);
    let mut disagreements = Vec::new();
    // compatible, incompatible, throws, parse error
    let mut counts = [0usize; 4];
    for ((label, writer, reader), answer) in pairs.iter().zip(&answers) {
        let theirs = oracle::normalise_oracle(answer);
        let ours = oracle::our_compat(writer, reader);
        let slot = match (&theirs["compatible"], theirs["error"].as_str()) {
            (Value::Bool(true), _) => 0,
            (Value::Bool(false), _) => 1,
            (_, Some("check")) => 2,
            _ => 3,
        };
        counts[slot] += 1;
        if ours != theirs {
            disagreements.push(format!(
                "{label}\n  writer {writer}\n  reader {reader}\n  ours   {ours}\n  oracle {theirs} ({})",
                answer["error"]
            ));
        }
    }
    (disagreements, counts)
}

fn report(what: &str, pairs: usize, disagreements: &[String], counts: [usize; 4]) {
    println!(
        "avro compat {what}: {pairs} pairs ({} compatible, {} incompatible, {} Java throws, {} parse errors), {} disagreements",
        counts[0], counts[1], counts[2], counts[3], disagreements.len()
    );
    let shown: Vec<&String> = disagreements.iter().take(15).collect();
    assert!(
        disagreements.is_empty(),
        "{} disagreements, first ones:\n{}",
        disagreements.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A random evolution that still parses with our parser most of the time (a few invalid ones are
/// kept on purpose: they compare parse validity).
fn parsable_evolution(schema: &Value, rng: &mut Rng) -> Value {
    for _ in 0..8 {
        let evolved = evolve(schema, rng);
        if Schema::parse(&evolved).is_ok() || rng.chance(5) {
            return evolved;
        }
    }
    evolve(schema, rng)
}

/// Writer/reader pairs from seeded random schemas and their evolutions, in both directions.
fn generated_pairs(seed: u64, schemas: usize) -> Vec<(String, Value, Value)> {
    let mut pairs = Vec::new();
    for n in 0..schemas {
        let case_seed = seed.wrapping_mul(1_000_003).wrapping_add(n as u64);
        let mut rng = Rng::new(case_seed);
        let base = Generator::new(&mut rng).schema();
        let evolved = parsable_evolution(&base, &mut rng);
        let twice = parsable_evolution(&evolved, &mut rng);
        pairs.push((
            format!("seed {case_seed} base->evolved"),
            base.clone(),
            evolved.clone(),
        ));
        pairs.push((
            format!("seed {case_seed} evolved->base"),
            evolved.clone(),
            base.clone(),
        ));
        pairs.push((
            format!("seed {case_seed} base->twice"),
            base.clone(),
            twice.clone(),
        ));
        pairs.push((format!("seed {case_seed} twice->base"), twice, base));
        pairs.push((
            format!("seed {case_seed} evolved itself"),
            evolved.clone(),
            evolved,
        ));
    }
    pairs
}

#[test]
fn generated_evolutions_match_java() {
    if oracle::skipped() {
        return;
    }
    let pairs = generated_pairs(0x00ac_c02d, 1000);
    assert!(pairs.len() >= 3000);
    let (disagreements, counts) = compare_compat(&pairs);
    report("generated", pairs.len(), &disagreements, counts);
    assert!(
        counts[0] > 300 && counts[1] > 300 && counts[2] > 10,
        "the generator should give every outcome often: {counts:?}"
    );
}

#[test]
fn corpus_pairs_match_java() {
    if oracle::skipped() {
        return;
    }
    let Some(corpus) = corpus() else {
        return;
    };
    let mut pairs = Vec::new();
    let mut rng = Rng::new(20_240_601);
    for (name, schema) in &corpus {
        pairs.push((format!("{name} itself"), schema.clone(), schema.clone()));
        for k in 0..4 {
            let evolved = parsable_evolution(schema, &mut rng);
            pairs.push((
                format!("{name} evolved {k}"),
                schema.clone(),
                evolved.clone(),
            ));
            pairs.push((
                format!("{name} evolved {k} reversed"),
                evolved,
                schema.clone(),
            ));
        }
    }
    for (name, schema) in &corpus {
        let Some(stem) = name.strip_suffix("__schema.avsc") else {
            continue;
        };
        let evolution = format!("{stem}__evolution.avsc");
        if let Some((_, evolved)) = corpus.iter().find(|(n, _)| *n == evolution) {
            pairs.push((
                format!("{stem} schema->evolution"),
                schema.clone(),
                evolved.clone(),
            ));
            pairs.push((
                format!("{stem} evolution->schema"),
                evolved.clone(),
                schema.clone(),
            ));
        }
    }
    let (disagreements, counts) = compare_compat(&pairs);
    report("corpus", pairs.len(), &disagreements, counts);
}
