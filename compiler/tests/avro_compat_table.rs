//! Hand-written evolution cases with their expected reader/writer verdicts, following the Avro
//! specification's resolution rules as Java 1.12's `SchemaCompatibility` applies them. Each case
//! is asserted against our engine and, when the oracle runs, re-asserted against Java so the table
//! cannot drift from the reference.

mod support;

#[path = "avro_compat_table/containers.rs"]
mod containers;
#[path = "avro_compat_table/records.rs"]
mod records;
#[path = "avro_compat_table/scalars.rs"]
mod scalars;
#[path = "avro_compat_table/unions.rs"]
mod unions;

use accord_compiler::avro::{check_compatibility, CompatError, Schema};
use serde_json::{json, Value};
use support::oracle;

/// The expected outcome of one case.
enum Expect {
    /// Compatible.
    Ok,
    /// Incompatible with exactly these (kind, location) pairs, in order.
    Bad(&'static [(&'static str, &'static str)]),
    /// Java throws: a reader field matches several writer fields.
    Throws,
}
use Expect::{Bad, Ok as Fine, Throws};

struct Case {
    name: &'static str,
    writer: Value,
    reader: Value,
    expect: Expect,
}

fn case(name: &'static str, writer: Value, reader: Value, expect: Expect) -> Case {
    Case {
        name,
        writer,
        reader,
        expect,
    }
}

/// A record named `name` with `fields`.
fn rec(name: &str, fields: Value) -> Value {
    json!({"type": "record", "name": name, "fields": fields})
}

/// A one-field record `R` whose field `f` has type `ty`.
fn one(ty: Value) -> Value {
    rec("R", json!([{"name": "f", "type": ty}]))
}

fn enm(name: &str, symbols: &[&str]) -> Value {
    json!({"type": "enum", "name": name, "symbols": symbols})
}

fn enm_default(name: &str, symbols: &[&str], default: &str) -> Value {
    json!({"type": "enum", "name": name, "symbols": symbols, "default": default})
}

fn fixed(name: &str, size: u32) -> Value {
    json!({"type": "fixed", "name": name, "size": size})
}

fn arr(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

fn map(values: Value) -> Value {
    json!({"type": "map", "values": values})
}

fn all_cases() -> Vec<Case> {
    [
        scalars::primitives(),
        records::records(),
        records::namespaces(),
        scalars::enums(),
        scalars::fixed_and_decimal(),
        unions::unions(),
        containers::containers(),
        containers::recursion(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Our outcome in the table's terms.
fn ours(case: &Case) -> Result<Vec<(String, String)>, CompatError> {
    let writer =
        Schema::parse(&case.writer).unwrap_or_else(|e| panic!("{}: writer: {e}", case.name));
    let reader =
        Schema::parse(&case.reader).unwrap_or_else(|e| panic!("{}: reader: {e}", case.name));
    check_compatibility(&reader, &writer).map(|c| {
        c.incompatibilities
            .into_iter()
            .map(|i| (i.kind.java_name().to_string(), i.location))
            .collect()
    })
}

fn expected(expect: &Expect) -> Option<Vec<(String, String)>> {
    match expect {
        Fine => Some(Vec::new()),
        Bad(list) => Some(
            list.iter()
                .map(|(k, l)| (k.to_string(), l.to_string()))
                .collect(),
        ),
        Throws => None,
    }
}

#[test]
fn table_has_enough_cases() {
    assert!(all_cases().len() >= 150, "{} cases", all_cases().len());
}

#[test]
fn engine_matches_the_table() {
    let mut failures = Vec::new();
    for case in all_cases() {
        let got = ours(&case);
        let ok = match (&got, expected(&case.expect)) {
            (Ok(found), Some(want)) => *found == want,
            (Err(_), None) => true,
            _ => false,
        };
        if !ok {
            failures.push(format!("{}: got {got:?}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn java_matches_the_table() {
    if oracle::skipped() {
        return;
    }
    let cases = all_cases();
    let requests: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| json!({"id": i, "writer": c.writer, "reader": c.reader}))
        .collect();
    let answers = oracle::run("compat", &requests);
    let mut failures = Vec::new();
    for (case, answer) in cases.iter().zip(&answers) {
        let theirs = oracle::normalise_oracle(answer);
        let ok = match expected(&case.expect) {
            None => theirs["error"] == "check",
            Some(want) => {
                let found: Vec<(String, String)> = theirs["incompatibilities"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|i| {
                        (
                            i["type"].as_str().unwrap_or("").to_string(),
                            i["location"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect();
                theirs["error"].is_null() && found == want
            }
        };
        if !ok {
            failures.push(format!("{}: oracle says {theirs}", case.name));
        }
    }
    println!(
        "avro compat table: {} cases checked against Java, {} disagree",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
