//! Every test vector of every type version (`accord gen --target vectors`: canonical JSON and
//! Avro single-object bytes, one file per type version) decodes into the generated Rust type and re-encodes byte for byte:
//! canonical JSON, Avro single-object, plain Avro datum and the schema-registry framing; the
//! JSON and the Avro file of a vector decode to the same value; and every JSON value the
//! generated code writes is valid against the generated type's JSON Schema (python-jsonschema).

use accord::{Contract, Visitor};
use serde_json::{json, Value as Json};
use std::process::Command;
use vector_files::TypeVectors;

#[path = "support/vectors.rs"]
mod vector_files;

/// Checks each visited type version against its vectors.
struct Check<'a> {
    vectors: &'a [TypeVectors],
    types: usize,
    cases: usize,
    failures: Vec<String>,
    /// (JSON Schema, JSON written by the generated code) pairs to validate.
    schema_cases: Vec<Json>,
}

impl Visitor for Check<'_> {
    fn visit<C: Contract>(&mut self) {
        let entry = vector_files::find(self.vectors, C::full_name(), C::version());
        self.types += 1;
        let name = format!("{}@{}", C::full_name(), C::version());
        if entry.fingerprint != format!("{:016x}", C::fingerprint()) {
            self.failures.push(format!(
                "{name}: fingerprint {:016x} is not {}",
                C::fingerprint(),
                entry.fingerprint
            ));
        }
        for case in &entry.cases {
            self.cases += 1;
            let label = format!("{name} {:?}", case.name);
            if let Err(message) = round_trip::<C>(case.json.as_bytes(), &case.avro) {
                self.failures.push(format!("{label}: {message}"));
            }
            let json: Json = serde_json::from_str(&case.json).unwrap();
            let schema: Json = serde_json::from_str(C::json_schema()).unwrap();
            self.schema_cases
                .push(json!({"label": label, "schema": schema, "value": json}));
        }
    }
}

fn round_trip<C: Contract>(json: &[u8], avro: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(json).map_err(|e| e.to_string())?;
    let from_json = C::from_json(text).map_err(|e| format!("from_json: {e}"))?;
    let written = from_json.to_json().map_err(|e| format!("to_json: {e}"))?;
    if written != text {
        return Err(format!(
            "JSON differs:\n  vector: {text}\n  rust:   {written}"
        ));
    }
    let from_avro = C::from_single_object(avro).map_err(|e| format!("from_single_object: {e}"))?;
    let framed = from_avro
        .to_single_object()
        .map_err(|e| format!("to_single_object: {e}"))?;
    if framed != avro {
        return Err(format!(
            "single object differs:\n  vector: {avro:02x?}\n  rust:   {framed:02x?}"
        ));
    }
    let datum = &avro[10..];
    let plain = C::from_avro_datum(datum).map_err(|e| format!("from_avro_datum: {e}"))?;
    if plain.to_avro_datum().map_err(|e| e.to_string())? != datum {
        return Err("plain datum differs".into());
    }
    // The JSON and the Avro file hold the same value.
    if from_json.to_single_object().map_err(|e| e.to_string())? != avro {
        return Err("the JSON vector encodes to other Avro bytes than the Avro vector".into());
    }
    if from_avro.to_json().map_err(|e| e.to_string())? != text {
        return Err("the Avro vector writes other JSON than the JSON vector".into());
    }
    let wire = from_avro.to_registry_wire(42).map_err(|e| e.to_string())?;
    let (id, back) = C::from_registry_wire(&wire).map_err(|e| e.to_string())?;
    if id != 42 || back.to_avro_datum().map_err(|e| e.to_string())? != datum {
        return Err("schema-registry framing does not round-trip".into());
    }
    Ok(())
}

fn check(project: &str, visit: fn(&mut Check)) -> (usize, usize) {
    let vectors = vector_files::of_project(project);
    let mut check = Check {
        vectors: &vectors,
        types: 0,
        cases: 0,
        failures: Vec::new(),
        schema_cases: Vec::new(),
    };
    visit(&mut check);
    assert!(
        check.failures.is_empty(),
        "{} failures:\n{}",
        check.failures.len(),
        check.failures.join("\n")
    );
    let listed = vectors.len();
    assert_eq!(
        check.types, listed,
        "every type version with vectors has a generated type"
    );
    validate_json_schemas(project, &check.schema_cases);
    eprintln!(
        "{project}: {} type versions, {} vectors round-trip",
        check.types, check.cases
    );
    (check.types, check.cases)
}

/// Validates every value against its schema with python-jsonschema (draft 2020-12, formats
/// asserted).
fn validate_json_schemas(project: &str, cases: &[Json]) {
    let dir = std::env::temp_dir().join(format!(
        "accord-tests-{}-{}",
        project.replace(['/', '.'], "_"),
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("cases.json");
    std::fs::write(&input, serde_json::to_vec(cases).unwrap()).unwrap();
    let script = r#"
import json, sys
from jsonschema import Draft202012Validator, FormatChecker
failures = 0
for case in json.load(open(sys.argv[1])):
    validator = Draft202012Validator(case["schema"], format_checker=FormatChecker())
    for error in validator.iter_errors(case["value"]):
        failures += 1
        print(case["label"], error.message)
sys.exit(1 if failures else 0)
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&input)
        .output()
        .expect("python3 runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "JSON Schema validation failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn shop_vectors_round_trip() {
    let (types, cases) = check("..", |c| accord_tests::shop_contracts::visit_contracts(c));
    assert!(types >= 36 && cases > 100, "{types} types, {cases} cases");
}

#[test]
fn kitchen_vectors_round_trip() {
    check("../compiler/tests/fixtures/kitchen", |c| {
        accord_tests::kitchen::visit_contracts(c)
    });
}

#[test]
fn hostile_vectors_round_trip() {
    check("../compiler/tests/fixtures/hostile", |c| {
        accord_tests::hostile::visit_contracts(c)
    });
}
