//! `accord-manifest.json`: lineage of every generated file. For each type version: its full name,
//! version, fingerprints (CRC-64-AVRO, MD5, SHA-256 of the Parsing Canonical Form), definition
//! hash, source file and line, its lineage stamp, and the files generated for it in each target;
//! then every layout version and every topic (with the stamps of the versions it allows).
//!
//! A **stamp** is what data written under a contract carries (Kafka headers, file and object
//! metadata): `{"contract", "version", "fingerprint", "definition", "accord_version"}`; see
//! `docs/topics.md` for the header and metadata names.

use super::{GeneratedFile, Input, ACCORD_VERSION};
use crate::ir::TypeRef;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Map, Value as Json};
use std::collections::{HashMap, HashSet};

/// The manifest's path in the output directory.
pub const MANIFEST: &str = "accord-manifest.json";

/// Builds the manifest for the files generated so far. The entries of the type versions are
/// made one at a time as the text is written, so that only the text is held, not a JSON tree of
/// every type version.
pub fn manifest(input: Input, files: &[Produced]) -> GeneratedFile {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let document = Document {
        input,
        by_origin: files_by_origin(files),
        layouts: layouts(input, &paths),
        topics: topics(input),
    };
    let mut text = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut text, formatter);
    #[allow(
        clippy::expect_used,
        reason = "JSON values and string-keyed maps always serialize into a vector"
    )]
    document
        .serialize(&mut serializer)
        .expect("the manifest always serializes");
    text.push(b'\n');
    GeneratedFile::new(MANIFEST, text)
}

/// The manifest's top-level object, its `types` made as they are written.
struct Document<'a> {
    input: Input<'a>,
    by_origin: HashMap<&'a TypeRef, Vec<&'a str>>,
    layouts: Json,
    topics: Json,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("generated_by", &format!("accord {ACCORD_VERSION}"))?;
        map.serialize_entry("accord_version", ACCORD_VERSION)?;
        map.serialize_entry("types", &Types(self))?;
        map.serialize_entry("layouts", &self.layouts)?;
        map.serialize_entry("topics", &self.topics)?;
        map.end()
    }
}

/// The `types` array: one entry per type version with wire facts, made when it is written.
struct Types<'d, 'a>(&'d Document<'a>);

impl Serialize for Types<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let document = self.0;
        let entries = document
            .input
            .model
            .type_versions()
            .filter_map(|(def, version)| {
                let reference = super::type_ref(def, version);
                type_entry(
                    document.input,
                    &reference,
                    version.span,
                    &document.by_origin,
                )
            });
        serializer.collect_seq(entries)
    }
}

/// The manifest entry of one type version, `None` without wire facts.
fn type_entry(
    input: Input,
    reference: &TypeRef,
    span: crate::source::Span,
    by_origin: &HashMap<&TypeRef, Vec<&str>>,
) -> Option<Json> {
    let facts = input.facts_of(reference)?;
    let (file, line, _) = input.sources.location(span);
    Some(json!({
        "name": reference.name.to_string(),
        "version": reference.version,
        "stamp": stamp(input, reference),
        "fingerprint": {
            "crc64": facts.fingerprint_hex(),
            "md5": facts.fingerprints.md5,
            "sha256": facts.fingerprints.sha256,
        },
        "definition": facts.definition,
        "source": {"file": file, "line": line},
        "files": files_by_target(by_origin.get(reference).map_or(&[], Vec::as_slice)),
    }))
}

/// What the manifest needs of a generated file: its path and the type version it is for.
#[derive(Debug, Clone)]
pub struct Produced {
    /// Where the file goes, relative to the output directory.
    pub path: String,
    /// The type version it was generated for, if one.
    pub origin: Option<TypeRef>,
}

impl Produced {
    /// The path and origin of `file`.
    pub fn of(file: &GeneratedFile) -> Produced {
        Produced {
            path: file.path.clone(),
            origin: file.origin.clone(),
        }
    }
}

/// The files generated for each type version, sorted by path (targets hand in their files from
/// several threads).
fn files_by_origin(files: &[Produced]) -> HashMap<&TypeRef, Vec<&str>> {
    let mut grouped: HashMap<&TypeRef, Vec<&str>> = HashMap::new();
    for file in files {
        if let Some(origin) = &file.origin {
            grouped.entry(origin).or_default().push(file.path.as_str());
        }
    }
    for paths in grouped.values_mut() {
        paths.sort_unstable();
    }
    grouped
}

/// Paths (sorted) grouped by target, their first path segment.
fn files_by_target(paths: &[&str]) -> Json {
    let mut by_target = Map::new();
    for path in paths {
        let target = path.split('/').next().unwrap_or_default().to_string();
        let entry = by_target
            .entry(target)
            .or_insert_with(|| Json::Array(Vec::new()));
        if let Json::Array(list) = entry {
            list.push(json!(path));
        }
    }
    Json::Object(by_target)
}

/// The lineage stamp of a type version: contract full name, version, fingerprint (CRC-64-AVRO,
/// 16 hex digits), definition hash and accord version. Fingerprint and definition are `null`
/// for a reference without wire facts (none, in a model that passed `check`).
pub fn stamp(input: Input, reference: &TypeRef) -> Json {
    let facts = input.facts_of(reference);
    json!({
        "contract": reference.name.to_string(),
        "version": reference.version,
        "fingerprint": facts.map(|f| f.fingerprint_hex()),
        "definition": facts.map(|f| f.definition.clone()),
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

fn layouts(input: Input, paths: &HashSet<&str>) -> Json {
    let mut out = Vec::new();
    for def in input.model.layouts.values() {
        for version in &def.versions {
            let (file, line, _) = input.sources.location(version.span);
            let vectors = super::layout_vectors::path(def, version);
            let generated: Vec<&str> = paths.get(vectors.as_str()).into_iter().copied().collect();
            out.push(json!({
                "name": def.name.to_string(),
                "version": version.number,
                "template": version.template,
                "stores": version.stores.as_ref().map(|r| stamp(input, r)),
                "format": version.format,
                "definition": crate::lock::layout_definition(version),
                "source": {"file": file, "line": line},
                "files": generated,
            }));
        }
    }
    Json::Array(out)
}

fn topics(input: Input) -> Json {
    let contract = |contract: &crate::ir::TopicContract| -> Vec<Json> {
        contract
            .types
            .iter()
            .map(|ty| match ty {
                crate::ir::Type::Named(reference) => stamp(input, reference),
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
