//! The `avro` CLI adapter: exit codes, text and JSON findings, fingerprints.

use std::path::PathBuf;

use accord_compiler::cli::avro::{run_with, AvroArgs};
use clap::Parser;
use serde_json::{json, Value};

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    avro: AvroArgs,
}

/// Writes `schema` to a file named `name` in a per-test directory.
fn file(test: &str, name: &str, schema: Value) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("avro_cli")
        .join(test);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, schema.to_string()).unwrap();
    path.display().to_string()
}

/// Runs `accord avro <args>`; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let cli = Cli::try_parse_from(std::iter::once("avro").chain(args.iter().copied()))
        .expect("valid arguments");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run_with(&cli.avro, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn user(extra: Value, at: &str) -> Value {
    let mut fields = vec![
        json!({"name": "id", "type": "int"}),
        json!({"name": "at", "type": {"type": "long", "logicalType": at}}),
    ];
    if !extra.is_null() {
        fields.push(extra);
    }
    json!({"type": "record", "name": "User", "fields": fields})
}

#[test]
fn compatible_history_exits_zero() {
    let v1 = file("ok", "v1.avsc", user(Value::Null, "timestamp-millis"));
    let v2 = file(
        "ok",
        "v2.avsc",
        user(
            json!({"name": "email", "type": "string", "default": ""}),
            "timestamp-millis",
        ),
    );
    let (code, out, _) = run(&["compat", "--mode", "full_transitive", &v1, &v2]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("compatible under full_transitive (2 checks, 0 errors"),
        "{out}"
    );
}

#[test]
fn missing_default_is_explained_in_text() {
    let v1 = file("text", "v1.avsc", user(Value::Null, "timestamp-millis"));
    let v2 = file(
        "text",
        "v2.avsc",
        user(
            json!({"name": "email", "type": "string"}),
            "timestamp-millis",
        ),
    );
    let (code, out, _) = run(&["compat", &v1, &v2]);
    assert_eq!(code, 1);
    assert!(out.contains("error[AVRO004]"), "{out}");
    assert!(
        out.contains("(backward: new reads old) at /fields/2"),
        "{out}"
    );
    assert!(
        out.contains("hint: add a default to the reader field"),
        "{out}"
    );
    let (code, _, _) = run(&["compat", "--mode", "forward", &v1, &v2]);
    assert_eq!(code, 0, "old readers ignore the new field");
}

#[test]
fn logical_type_change_depends_on_semantics() {
    let v1 = file("logical", "v1.avsc", user(Value::Null, "timestamp-millis"));
    let v2 = file("logical", "v2.avsc", user(Value::Null, "timestamp-micros"));
    assert_eq!(run(&["compat", "--semantics", "avro", &v1, &v2]).0, 0);
    let (code, out, _) = run(&["compat", "--format", "json", &v1, &v2]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(finding["code"], "AVRO101");
    assert_eq!(finding["category"], "semantic");
    assert_eq!(finding["direction"], "backward");
    assert_eq!(finding["mode"], "backward");
    assert_eq!(finding["location"], "/fields/1/type");
    assert_eq!(report["compatible"], false);
}

#[test]
fn union_findings_carry_their_causes_in_json() {
    let v1 = file(
        "union",
        "v1.avsc",
        json!({"type": "record", "name": "R", "fields": [{"name": "f", "type": ["null", {"type": "array", "items": "long"}]}]}),
    );
    let v2 = file(
        "union",
        "v2.avsc",
        json!({"type": "record", "name": "R", "fields": [{"name": "f", "type": ["null", {"type": "array", "items": "int"}]}]}),
    );
    let (code, out, _) = run(&["compat", "--format", "json", &v1, &v2]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["findings"][0]["code"], "AVRO006");
    assert_eq!(
        report["findings"][0]["causes"][0]["type"],
        "MISSING_UNION_BRANCH"
    );
}

#[test]
fn ambiguous_alias_is_its_own_code() {
    let v1 = file(
        "ambiguous",
        "v1.avsc",
        json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}]}),
    );
    let v2 = file(
        "ambiguous",
        "v2.avsc",
        json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "aliases": ["b"]}]}),
    );
    let (code, out, _) = run(&["compat", &v1, &v2]);
    assert_eq!(code, 1);
    assert!(out.contains("error[AVRO007]"), "{out}");
}

#[test]
fn parse_errors_exit_two() {
    let bad = file(
        "bad",
        "bad.avsc",
        json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "Nope"}]}),
    );
    let good = file("bad", "good.avsc", json!("int"));
    let (code, _, err) = run(&["compat", &good, &bad]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Undefined schema: Nope") && err.contains("/fields/0/type"),
        "{err}"
    );
    assert!(Cli::try_parse_from(["avro", "compat", "--mode", "sideways", "a", "b"]).is_err());
    assert!(Cli::try_parse_from(["avro", "compat", "only-one.avsc"]).is_err());
}

#[test]
fn fingerprint_prints_canonical_form_and_crc() {
    let schema = file("fingerprint", "int.avsc", json!({"type": "int"}));
    let (code, out, _) = run(&["fingerprint", &schema]);
    assert_eq!(
        (code, out.as_str()),
        (0, "\"int\"\nCRC-64-AVRO 7275d51a3f395c8f\n")
    );
    let (_, all, _) = run(&["fingerprint", &schema, "--all"]);
    assert!(
        all.contains("MD5 ef524ea1b91e73173d938ade36c1db32"),
        "{all}"
    );
    assert!(
        all.contains("SHA-256 3f2b87a9fe7cc9b13835598c3981cd45e3e355309e5090aa0933d7becb6fba45"),
        "{all}"
    );
}
