//! Kafka topics as contracts: a topic names its Kafka topic, its key and value contracts with the
//! versions allowed on it, its compatibility mode and its partitioning key. Checks (`T` codes):
//! the topic name, duplicates, the partitioning key, and that the allowed versions of the key
//! and of the value are compatible with each other under the topic's mode (Avro's resolution
//! rules, through [`crate::avro::check_history`] on the generated Avro schemas).

use crate::avro::{check_history, CompatMode, Direction, Schema};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Evolution};
use crate::facts::Facts;
use crate::ir::*;
use std::collections::BTreeMap;

/// The longest Kafka topic name.
pub const MAX_TOPIC_NAME: usize = 249;

/// The mode a topic's versions are checked under.
pub fn effective_mode(def: &TopicDef, default_mode: CompatMode) -> CompatMode {
    def.compat.unwrap_or(default_mode)
}

/// Why `name` is not a valid Kafka topic name, if it is not.
pub fn invalid_topic_name(name: &str) -> Option<String> {
    if name.is_empty() || name == "." || name == ".." {
        return Some(format!("`{name}` is not a topic name"));
    }
    if name.len() > MAX_TOPIC_NAME {
        return Some(format!(
            "the name has {} characters; Kafka allows {MAX_TOPIC_NAME}",
            name.len()
        ));
    }
    name.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .map(|c| format!("{c:?} cannot be in a Kafka topic name"))
}

/// Checks every topic of the model (names and partitioning keys).
pub fn validate(model: &Model, diagnostics: &mut Diagnostics) {
    let mut by_kafka_name: BTreeMap<&str, &TopicDef> = BTreeMap::new();
    for def in model.topics.values() {
        if let Some(problem) = invalid_topic_name(&def.topic) {
            diagnostics.push(
                Diagnostic::new(
                    Code::T001,
                    def.topic_span,
                    format!("invalid Kafka topic name: {problem}"),
                )
                .with_hint(
                    "Kafka topic names are 1 to 249 of `a-z A-Z 0-9 . _ -`, not `.` or `..`",
                ),
            );
        }
        if let Some(first) = by_kafka_name.insert(&def.topic, def) {
            diagnostics.push(
                Diagnostic::new(
                    Code::T002,
                    def.topic_span,
                    format!(
                        "`{}` and `{}` both declare the Kafka topic `{}`",
                        first.name, def.name, def.topic
                    ),
                )
                .with_secondary(first.topic_span, "declared here first")
                .with_hint("declare each Kafka topic once, with every version allowed on it"),
            );
            by_kafka_name.insert(&def.topic, first);
        }
        if let Some((field, at)) = &def.partition_by {
            if partition_field(model, def, field).is_none() {
                diagnostics.push(
                    Diagnostic::new(
                        Code::T005,
                        *at,
                        format!(
                            "`{field}` is not a field, of one type, of every allowed version of the key or of the value"
                        ),
                    )
                    .with_secondary(def.key.span, "the key")
                    .with_secondary(def.value.span, "the value")
                    .with_hint("partition by a field that every allowed key version (or value version) has with the same type"),
                );
            }
        }
    }
}

/// How a topic's key travels as the bytes of the Kafka record key (`docs/topics.md#keys`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEncoding {
    /// The key's text in UTF-8, the bytes every Kafka client's string serializer writes: a
    /// `string`, or a contract whose Avro schema is a string (newtypes of `string` or `uuid`).
    Text,
    /// The key's Avro binary datum (no header; the version travels in the `accord.key.*`
    /// headers): every other contract type.
    Datum,
}

/// How the key of `def` is encoded, or `None` when targets generate no key helpers: a scalar
/// other than `string`, or a type written in place (`list<string>`, `string?`).
pub fn key_encoding(model: &Model, def: &TopicDef) -> Option<KeyEncoding> {
    match def.key.types.as_slice() {
        [Type::Scalar(Scalar::String)] => Some(KeyEncoding::Text),
        [] => None,
        types if types.iter().all(|t| is_text(model, t)) => Some(KeyEncoding::Text),
        types if types.iter().all(|t| matches!(t, Type::Named(_))) => Some(KeyEncoding::Datum),
        _ => None,
    }
}

/// Whether `ty` is a contract whose Avro schema is a string: a newtype of `string` or `uuid`
/// (through other newtypes; newtype cycles are refused before, the depth guard is a backstop).
fn is_text(model: &Model, ty: &Type) -> bool {
    fn newtype_of_text(model: &Model, ty: &Type, depth: usize) -> bool {
        let Type::Named(reference) = ty else {
            return false;
        };
        match model.resolve(reference).map(|(_, v)| &v.body) {
            Some(Body::Newtype(Type::Scalar(Scalar::String | Scalar::Uuid))) => true,
            Some(Body::Newtype(inner)) if depth < 32 => newtype_of_text(model, inner, depth + 1),
            _ => false,
        }
    }
    newtype_of_text(model, ty, 0)
}

/// Which side (`"key"` or `"value"`) holds the partitioning field, and its type: the key when
/// every allowed key version is a record with the field, of one type; else the value likewise.
pub fn partition_field(model: &Model, def: &TopicDef, field: &str) -> Option<(&'static str, Type)> {
    let side = |contract: &TopicContract| -> Option<Type> {
        let mut found: Option<Type> = None;
        for ty in &contract.types {
            let Type::Named(reference) = ty else {
                return None;
            };
            let Body::Record(fields) = &model.resolve(reference)?.1.body else {
                return None;
            };
            let ty = &fields.iter().find(|f| f.name == field)?.ty;
            match &found {
                Some(previous) if previous != ty => return None,
                _ => found = Some(ty.clone()),
            }
        }
        found
    };
    side(&def.key)
        .map(|t| ("key", t))
        .or_else(|| side(&def.value).map(|t| ("value", t)))
}

/// Checks the allowed versions of every topic's key and value against each other.
pub fn check_compat(
    model: &Model,
    facts: &Facts,
    default_mode: CompatMode,
    diagnostics: &mut Diagnostics,
) {
    for def in model.topics.values() {
        let mode = effective_mode(def, default_mode);
        if mode == CompatMode::None {
            continue;
        }
        for (side, contract) in [("key", &def.key), ("value", &def.value)] {
            check_side(facts, def, side, contract, mode, diagnostics);
        }
    }
}

fn check_side(
    facts: &Facts,
    def: &TopicDef,
    side: &str,
    contract: &TopicContract,
    mode: CompatMode,
    diagnostics: &mut Diagnostics,
) {
    let refs = contract.refs();
    let schemas: Vec<&Schema> = refs
        .iter()
        .filter_map(|r| facts.get(r).map(|f| f.schema()))
        .collect();
    if schemas.len() != refs.len() || refs.len() < 2 {
        return;
    }
    for index in 1..schemas.len() {
        for pair in check_history(schemas[index], &schemas[..index], mode) {
            let (new, old) = (refs[index], refs[pair.old_index]);
            let (reader, writer) = match pair.direction {
                Direction::Backward => (new, old),
                Direction::Forward => (old, new),
            };
            let problems: Vec<String> = match &pair.outcome {
                Ok(result) => result
                    .incompatibilities
                    .iter()
                    .map(|i| format!("{} ({} at {})", i.message, i.kind, i.location))
                    .collect(),
                Err(error) => vec![format!("{error:?}")],
            };
            if problems.is_empty() {
                continue;
            }
            diagnostics.push(
                Diagnostic::new(
                    Code::T006,
                    contract.span,
                    format!(
                        "topic `{}` allows {side} `{}` versions {} and {}, but version {} cannot read data written with version {} (topic mode {mode}, {} check): {}",
                        def.name.name,
                        new.name,
                        old.version,
                        new.version,
                        reader.version,
                        writer.version,
                        pair.direction,
                        problems.join("; ")
                    ),
                )
                .with_hint("narrow the versions allowed on the topic, relax its `compat`, or publish the new version on a new topic")
                .with_evolution(Evolution {
                    category: "topic",
                    mode: Some(mode.name().to_string()),
                    old_version: old.version,
                    new_version: new.version,
                    direction: Some(pair.direction.name()),
                    location: None,
                }),
            );
        }
    }
}
