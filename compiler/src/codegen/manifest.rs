//! `accord-manifest.json`: lineage of every generated file. For each type version: its full name,
//! version, fingerprints (CRC-64-AVRO, MD5, SHA-256 of the Parsing Canonical Form), definition
//! hash, source file and line, and the files generated for it in each target.

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
