//! Drives the project's Avro 1.12.1 reference oracle (`tests/oracle/avro-oracle`, see
//! `tests/oracle/README.md`) and turns our own results into its answer shape, so answers can be
//! compared field by field.

#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

use accord_compiler::avro::{check_compatibility, CompatError, Schema};
use serde_json::{json, Value};

/// The oracle runner, inside the checkout (it builds itself into a cache on first use).
pub fn runner() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/oracle/avro-oracle").to_string()
}

/// Whether the oracle checks are switched off (`ACCORD_SKIP_ORACLE=1`); if so, says so on stderr.
pub fn skipped() -> bool {
    let skip = std::env::var("ACCORD_SKIP_ORACLE").is_ok_and(|v| v == "1");
    if skip {
        super::notice("skipped: ACCORD_SKIP_ORACLE=1");
    }
    skip
}

/// Runs one batch through the oracle (`mode`: "compat", "--parse" or "--fingerprint") and returns
/// its answers in request order. Panics loudly when the oracle cannot run.
pub fn run(mode: &str, requests: &[Value]) -> Vec<Value> {
    let lines: Vec<String> = requests.iter().map(Value::to_string).collect();
    run_lines(mode, &lines)
}

/// Runs one batch of requests already written as JSON Lines (each one JSON object on one line),
/// so that a schema reaches Java as the exact text a file holds.
pub fn run_lines(mode: &str, requests: &[String]) -> Vec<Value> {
    let mut child = Command::new(runner())
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}); set ACCORD_SKIP_ORACLE=1 to skip oracle checks",
                runner()
            )
        });
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input: String = requests.iter().map(|r| format!("{r}\n")).collect();
    // The oracle answers while it reads: write on another thread so neither pipe fills up.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("read avro-oracle output");
    writer
        .join()
        .expect("writer thread")
        .expect("write requests");
    assert!(
        output.status.success(),
        "avro-oracle exited with {}",
        output.status
    );
    let answers: Vec<Value> = output
        .stdout
        .split(|b| *b == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_slice(line).expect("one JSON object per line"))
        .collect();
    assert_eq!(answers.len(), requests.len(), "one answer per request");
    answers
}

/// Our compat answer in the oracle's shape, `error` reduced to its kind: `writer`, `reader` or
/// `check` (the ambiguous-field exception).
pub fn our_compat(writer: &Value, reader: &Value) -> Value {
    let writer = match Schema::parse(writer) {
        Ok(s) => s,
        Err(_) => return json!({"compatible": null, "incompatibilities": [], "error": "writer"}),
    };
    let reader = match Schema::parse(reader) {
        Ok(s) => s,
        Err(_) => return json!({"compatible": null, "incompatibilities": [], "error": "reader"}),
    };
    match check_compatibility(&reader, &writer) {
        Ok(result) => json!({
            "compatible": result.is_compatible(),
            "incompatibilities": result.incompatibilities.iter().map(|i| json!({
                "type": i.kind.java_name(), "location": i.location, "message": i.message,
            })).collect::<Vec<_>>(),
            "error": null,
        }),
        Err(CompatError::AmbiguousField { .. }) => {
            json!({"compatible": null, "incompatibilities": [], "error": "check"})
        }
    }
}

/// The oracle's compat answer with `error` reduced to its kind; an exception other than the
/// ambiguous-field one keeps its text so that it shows up as a disagreement.
pub fn normalise_oracle(answer: &Value) -> Value {
    let error = answer["error"].as_str().map(|e| {
        if e.starts_with("writer:") {
            "writer".to_string()
        } else if e.starts_with("reader:") {
            "reader".to_string()
        } else if e.starts_with("check: AvroRuntimeException: Reader record field") {
            "check".to_string()
        } else {
            e.to_string()
        }
    });
    json!({"compatible": answer["compatible"], "incompatibilities": answer["incompatibilities"], "error": error})
}
