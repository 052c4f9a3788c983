//! `accord-manifest.json`: lineage of every generated file. For each type version: its full name,
//! version, fingerprints (CRC-64-AVRO, MD5, SHA-256 of the Parsing Canonical Form), definition
//! hash, source file and line, its lineage stamp, and the files generated for it in each target;
//! then every layout version and every topic (with the stamps of the versions it allows).
//!
//! A **stamp** is what data written under a contract carries (Kafka headers, file and object
//! metadata): `{"contract", "version", "fingerprint", "definition", "accord_version"}`; see
//! `docs/topics.md` for the header and metadata names.

use super::{GeneratedFile, Input, ACCORD_VERSION};
use crate::avro::{Fingerprints, Schema};
use crate::ir::TypeRef;
use crate::lock::releases;
use serde_json::{json, Map, Value as Json};

/// The manifest's path in the output directory.
pub const MANIFEST: &str = "accord-manifest.json";

/// Builds the manifest for the files generated so far.
pub fn manifest(input: Input, files: &[GeneratedFile]) -> GeneratedFile {
    let definitions = releases(input.model);
    let types: Vec<Json> = input
        .model
        .type_versions()
        .map(|(def, version)| {
            let reference = TypeRef {
                name: def.name.clone(),
                version: version.number,
            };
            let prints = fingerprints(input, &reference);
            let (file, line, _) = input.sources.location(version.span);
            let definition = definitions
                .get(&(def.name.to_string(), version.number))
                .map(|r| r.definition.clone());
            json!({
                "name": def.name.to_string(),
                "version": version.number,
                "stamp": stamp_with(input, &reference, &definitions),
                "fingerprint": {
                    "crc64": format!("{:016x}", prints.crc64),
                    "md5": prints.md5,
                    "sha256": prints.sha256,
                },
                "definition": definition,
                "source": {"file": file, "line": line},
                "files": files_by_target(files, &reference),
            })
        })
        .collect();
    let manifest = json!({
        "generated_by": format!("accord {ACCORD_VERSION}"),
        "accord_version": ACCORD_VERSION,
        "types": types,
        "layouts": layouts(input, files, &definitions),
        "topics": topics(input, &definitions),
    });
    GeneratedFile::new(MANIFEST, super::avro::pretty(&manifest))
}

/// The spec-exact fingerprints of a type version's Avro schema.
pub fn fingerprints(input: Input, reference: &TypeRef) -> Fingerprints {
    let schema = super::avro::schema(input.model, reference);
    let parsed = Schema::parse(&schema).expect("the Avro target emits schemas Avro parses");
    Fingerprints::of(&parsed)
}

/// The files generated for one type version, grouped by target (their first path segment).
fn files_by_target(files: &[GeneratedFile], reference: &TypeRef) -> Json {
    let mut by_target: Map<String, Json> = Map::new();
    for file in files
        .iter()
        .filter(|f| f.origin.as_ref() == Some(reference))
    {
        let target = file.path.split('/').next().unwrap_or_default().to_string();
        let entry = by_target
            .entry(target)
            .or_insert_with(|| Json::Array(Vec::new()));
        if let Json::Array(paths) = entry {
            paths.push(json!(file.path));
        }
    }
    Json::Object(by_target)
}

/// The lineage stamp of a type version: contract full name, version, fingerprint (CRC-64-AVRO,
/// 16 hex digits), definition hash and accord version.
pub fn stamp(input: Input, reference: &TypeRef) -> Json {
    stamp_with(input, reference, &releases(input.model))
}

fn stamp_with(input: Input, reference: &TypeRef, definitions: &crate::lock::Releases) -> Json {
    let definition = definitions
        .get(&(reference.name.to_string(), reference.version))
        .map(|r| r.definition.clone());
    json!({
        "contract": reference.name.to_string(),
        "version": reference.version,
        "fingerprint": format!("{:016x}", fingerprints(input, reference).crc64),
        "definition": definition,
        "accord_version": ACCORD_VERSION,
    })
}

/// Header (and file metadata) names of the stamp fields, in stamp order.
pub const STAMP_HEADERS: &[(&str, &str)] = &[
    ("contract", "accord.contract"),
    ("version", "accord.version"),
    ("fingerprint", "accord.fingerprint"),
    ("definition", "accord.definition"),
    ("accord_version", "accord.accord_version"),
];

fn layouts(input: Input, files: &[GeneratedFile], definitions: &crate::lock::Releases) -> Json {
    let mut out = Vec::new();
    for def in input.model.layouts.values() {
        for version in &def.versions {
            let (file, line, _) = input.sources.location(version.span);
            let vectors = super::layout_vectors::path(def, version);
            let generated: Vec<&str> = files
                .iter()
                .filter(|f| f.path == vectors)
                .map(|f| f.path.as_str())
                .collect();
            out.push(json!({
                "name": def.name.to_string(),
                "version": version.number,
                "template": version.template,
                "stores": version.stores.as_ref().map(|r| stamp_with(input, r, definitions)),
                "format": version.format,
                "definition": crate::lock::layout_definition(version),
                "source": {"file": file, "line": line},
                "files": generated,
            }));
        }
    }
    Json::Array(out)
}

fn topics(input: Input, definitions: &crate::lock::Releases) -> Json {
    let contract = |contract: &crate::ir::TopicContract| -> Vec<Json> {
        contract
            .types
            .iter()
            .map(|ty| match ty {
                crate::ir::Type::Named(reference) => stamp_with(input, reference, definitions),
                other => json!({"type": other.to_string()}),
            })
            .collect()
    };
    Json::Array(
        input
            .model
            .topics
            .values()
            .map(|def| {
                let (file, line, _) = input.sources.location(def.span);
                json!({
                    "name": def.name.to_string(),
                    "topic": def.topic,
                    "compat": def.compat.map(|m| m.name()),
                    "partition_by": def.partition_by.as_ref().map(|(f, _)| f),
                    "key": contract(&def.key),
                    "value": contract(&def.value),
                    "source": {"file": file, "line": line},
                })
            })
            .collect(),
    )
}
