//! Path vectors: for every layout version, sample segment values (hostile strings included) with
//! the exact path the reference formatter gives, the prefix and glob of partial values, and
//! paths that must not parse with the segment the parser names. Targets that generate layout
//! code prove with them that they produce and parse the same paths. Written under
//! `vectors/layouts/`, with an index at `vectors/layouts/index.json`.

use super::{package_dir, GeneratedFile, Input, ACCORD_VERSION};
use crate::ir::{LayoutDef, LayoutVersion};
use crate::layout::resolve;
use crate::layout::samples::{sample, SplitMix64};
use crate::layout::template::{
    format_path, format_value, glob, parse_path, prefix, Kind, Part, Template, Values,
};
use serde_json::{json, Map, Value as Json};

/// How many valid cases each layout version gets.
pub const CASES: usize = 12;

/// The file of one layout version's path vectors.
pub fn path(def: &LayoutDef, version: &LayoutVersion) -> String {
    let stem = if def.versioned {
        format!("{}.v{}", def.name.name, version.number)
    } else {
        def.name.name.clone()
    };
    format!(
        "vectors/layouts/{}/{stem}.paths.json",
        package_dir(&def.name.package)
    )
}

/// Every path vector file, and the index.
pub fn files(input: Input) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    let mut index = Vec::new();
    for def in input.model.layouts.values() {
        for version in &def.versions {
            let Some(template) = resolve(input.model, version) else {
                continue;
            };
            let file = path(def, version);
            let doc = vectors(def, version, &template);
            files.push(GeneratedFile::new(file.clone(), super::avro::pretty(&doc)));
            index.push(json!({
                "layout": def.name.to_string(),
                "version": version.number,
                "file": file,
            }));
        }
    }
    if !index.is_empty() {
        let index = json!({
            "generated_by": format!("accord {ACCORD_VERSION}"),
            "layouts": index,
        });
        files.push(GeneratedFile::new(
            "vectors/layouts/index.json",
            super::avro::pretty(&index),
        ));
    }
    files
}

/// A seed that depends on the layout version only (FNV-1a of its name and number).
fn seed(def: &LayoutDef, version: &LayoutVersion) -> u64 {
    format!("{}@{}", def.name, version.number)
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

fn values_json(values: &Values) -> Json {
    Json::Object(
        values
            .iter()
            .map(|(name, value)| (name.clone(), value.to_json()))
            .collect::<Map<String, Json>>(),
    )
}

/// The vectors of one layout version.
pub fn vectors(def: &LayoutDef, version: &LayoutVersion, template: &Template) -> Json {
    let mut rng = SplitMix64::new(seed(def, version));
    let mut cases = Vec::new();
    let mut first = None;
    while cases.len() < CASES {
        let values: Values = template
            .segments()
            .map(|s| (s.name.clone(), sample(&s.kind, &mut rng)))
            .collect();
        let Ok(path) = format_path(template, &values) else {
            continue;
        };
        debug_assert_eq!(parse_path(template, &path).as_ref(), Ok(&values));
        // Partial values: the first half of the segments.
        let given: Values = values
            .iter()
            .filter(|(name, _)| {
                let position = template.segments().position(|s| &s.name == *name);
                position.is_some_and(|p| p < template.segments().count().div_ceil(2))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        cases.push(json!({
            "name": format!("case_{}", cases.len()),
            "segments": values_json(&values),
            "path": path,
            "partial": {
                "segments": values_json(&given),
                "prefix": prefix(template, &given).unwrap_or_default(),
                "glob": glob(template, &given).unwrap_or_default(),
            },
        }));
        first.get_or_insert(values);
    }
    let invalid = first.map_or_else(Vec::new, |values| invalid_paths(template, &values));
    let segments: Vec<Json> = template
        .segments()
        .map(|s| json!({"name": s.name, "kind": s.kind.describe()}))
        .collect();
    json!({
        "generated_by": format!("accord {ACCORD_VERSION}"),
        "layout": def.name.to_string(),
        "version": version.number,
        "template": version.template,
        "segments": segments,
        "cases": cases,
        "invalid": invalid,
    })
}

/// A text that no value of `kind` has (so parsing it fails at that segment).
fn bad_text(kind: &Kind) -> &'static str {
    match kind {
        Kind::String => "%2f",
        Kind::Int { .. } => "-0",
        Kind::Uuid => "0",
        Kind::Date => "2023-02-29",
        Kind::Bool => "yes",
        Kind::Enum(_) => "NOT_A_SYMBOL_0",
    }
}

/// Paths that must not parse: each segment in turn replaced by a bad text, and a path with
/// trailing text. Each with the segment the parser names (or null).
fn invalid_paths(template: &Template, values: &Values) -> Vec<Json> {
    let mut out = Vec::new();
    for (index, part) in template.parts.iter().enumerate() {
        let Part::Segment(bad) = part else { continue };
        let mut path = String::new();
        for (other_index, other) in template.parts.iter().enumerate() {
            match other {
                Part::Literal(text) => path.push_str(text),
                Part::Segment(_) if other_index == index => path.push_str(bad_text(&bad.kind)),
                Part::Segment(segment) => match format_value(segment, &values[&segment.name]) {
                    Ok(text) => path.push_str(&text),
                    Err(_) => return out,
                },
            }
        }
        if let Err(error) = parse_path(template, &path) {
            out.push(json!({"path": path, "segment": error.segment, "error": error.message}));
        }
    }
    if let Ok(valid) = format_path(template, values) {
        let path = format!("{valid}/extra");
        if let Err(error) = parse_path(template, &path) {
            out.push(json!({"path": path, "segment": error.segment, "error": error.message}));
        }
    }
    out
}
