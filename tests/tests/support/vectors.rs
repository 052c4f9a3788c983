//! The test vectors of `accord gen --target vectors` (docs/json-encoding.md, section 8), read
//! as a consumer reads them: `vectors/index.json`, then the `.vectors.json` file of each type
//! version it names. Each file is checked against the index (type, version, fingerprint, case
//! names), every type version's file is listed, each case's JSON is a string and its Avro bytes
//! lowercase hex of a single-object encoding carrying the type version's fingerprint.

#![allow(dead_code, reason = "each test binary uses some of these")]

use accord_compiler::codegen::{generate, Input, Target};
use serde_json::Value as Json;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// One vector: its name, canonical JSON text and Avro single-object bytes.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub json: String,
    pub avro: Vec<u8>,
}

/// The vectors of one type version.
#[derive(Debug, Clone)]
pub struct TypeVectors {
    /// The type's full name.
    pub name: String,
    pub version: u32,
    /// CRC-64-AVRO, 16 lowercase hex digits.
    pub fingerprint: String,
    pub cases: Vec<Case>,
}

/// The files `accord gen --target vectors` makes for the project at `project` (relative to the
/// tests crate), by path.
pub fn generated(project: &str) -> HashMap<String, Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(project);
    let compilation = accord_compiler::compile(&path).expect("project loads");
    let model = compilation.valid_model().expect("contracts are valid");
    generate(
        Input::new(model, &compilation.facts, &compilation.sources),
        &[Target::Vectors],
    )
    .into_iter()
    .map(|f| (f.path, f.contents))
    .collect()
}

/// The vectors of every type version of the project at `project`, in the index's order.
pub fn of_project(project: &str) -> Vec<TypeVectors> {
    read(&generated(project))
}

/// The vectors of every type version in generated `files`, in the index's order.
pub fn read(files: &HashMap<String, Vec<u8>>) -> Vec<TypeVectors> {
    let index: Json = serde_json::from_slice(&files["vectors/index.json"]).expect("index is JSON");
    let mut listed = BTreeSet::new();
    let all: Vec<TypeVectors> = index["types"]
        .as_array()
        .expect("index types")
        .iter()
        .map(|entry| {
            let path = entry["file"].as_str().expect("file");
            assert!(listed.insert(path), "{path} listed twice");
            let doc: Json = serde_json::from_slice(
                files
                    .get(path)
                    .unwrap_or_else(|| panic!("{path} is listed, not generated")),
            )
            .unwrap_or_else(|e| panic!("{path}: {e}"));
            type_vectors(path, entry, &doc)
        })
        .collect();
    let generated: BTreeSet<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with(".vectors.json"))
        .collect();
    assert_eq!(generated, listed, "every vectors file is in the index");
    all
}

fn type_vectors(path: &str, entry: &Json, doc: &Json) -> TypeVectors {
    for key in ["type", "version", "fingerprint"] {
        assert_eq!(doc[key], entry[key], "{path}: {key} differs from the index");
    }
    let fingerprint = doc["fingerprint"].as_str().expect("fingerprint").to_owned();
    let crc = u64::from_str_radix(&fingerprint, 16).expect("hex fingerprint");
    assert_eq!(
        fingerprint,
        format!("{crc:016x}"),
        "{path}: fingerprint form"
    );
    let cases: Vec<Case> = doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| {
            let name = case["name"].as_str().expect("case name").to_owned();
            let avro = unhex(case["avro"].as_str().expect("avro hex"));
            assert!(
                avro.len() >= 10 && avro[..2] == [0xc3, 0x01] && avro[2..10] == crc.to_le_bytes(),
                "{path} {name}: not a single object of this fingerprint"
            );
            let json = case["json"].as_str().expect("JSON text").to_owned();
            Case { name, json, avro }
        })
        .collect();
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    let index_names: Vec<&str> = entry["cases"]
        .as_array()
        .expect("index case names")
        .iter()
        .map(|n| n.as_str().expect("case name"))
        .collect();
    assert_eq!(names, index_names, "{path}: cases differ from the index");
    TypeVectors {
        name: doc["type"].as_str().expect("type").to_owned(),
        version: doc["version"].as_u64().expect("version") as u32,
        fingerprint,
        cases,
    }
}

/// The vectors of `name@version`.
pub fn find<'a>(all: &'a [TypeVectors], name: &str, version: u32) -> &'a TypeVectors {
    all.iter()
        .find(|t| t.name == name && t.version == version)
        .unwrap_or_else(|| panic!("no vectors for {name}@{version}"))
}

/// Lowercase hex, two digits a byte.
pub fn unhex(text: &str) -> Vec<u8> {
    assert!(
        text.len().is_multiple_of(2)
            && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "not lowercase hex: {text}"
    );
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}
