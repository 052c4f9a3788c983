//! Topic classes (`docs/topics.md#generated-code`): the Kafka name, the allowed key and value
//! versions with their stamps, and the helpers writing and reading keys, values and headers.

use super::classes::Ctx;
use super::literal::{docstring, py_str};
use super::views::{ModuleView, TopicKeyView, TopicView};
use crate::codegen::ACCORD_VERSION;
use crate::ir::*;
use crate::topic::KeyEncoding;

impl Ctx<'_> {
    /// The topic classes of the package (`docs/topics.md`).
    pub(super) fn topics(&self, view: &mut ModuleView) {
        let model = self.model();
        for def in model.topics_in(self.package) {
            let refs = def.value.refs();
            if refs.is_empty() || refs.len() != def.value.types.len() {
                continue;
            }
            let classes: Vec<String> = refs.iter().map(|r| self.reference(r).0.clone()).collect();
            let classes: Vec<String> = refs
                .iter()
                .zip(classes)
                .map(|(r, c)| {
                    if r.name.package == self.package {
                        c
                    } else {
                        self.annotation(&Type::Named((*r).clone()), None)
                    }
                })
                .collect();
            let stamps = refs
                .iter()
                .map(|r| {
                    let definition = self.input.definition(r);
                    format!(
                        "{}: {{\"accord.contract\": {}, \"accord.version\": \"{}\", \"accord.fingerprint\": \"{}\", \"accord.definition\": {}, \"accord.accord_version\": {}}}",
                        r.version,
                        py_str(&r.name.to_string()),
                        r.version,
                        self.input.fingerprint_hex(r),
                        py_str(&definition),
                        py_str(ACCORD_VERSION)
                    )
                })
                .collect();
            let key = self.topic_key(def);
            let mut doc: Vec<String> = def.doc.iter().cloned().collect();
            doc.push(format!("The Kafka topic `{}` (`{}`).", def.topic, def.name));
            view.topics.push(TopicView {
                name: self.naming.topics[&def.name].clone(),
                doc: docstring(&doc, 4),
                kafka: py_str(&def.topic),
                topic: py_str(&def.name.to_string()),
                versions: refs
                    .iter()
                    .map(|r| format!("{}, ", r.version))
                    .collect::<String>(),
                value_annotation: classes.join(" | "),
                value_classes: classes,
                stamps,
                key,
            });
        }
    }

    /// The key of a topic: its annotation, encoding, classes and the stamps of its versions.
    fn topic_key(&self, def: &TopicDef) -> TopicKeyView {
        let model = self.model();
        let refs = def.key.refs();
        let versioned = refs
            .first()
            .is_some_and(|r| model.types.get(&r.name).is_some_and(|d| d.versioned));
        let kind = match (crate::topic::key_encoding(model, def), refs.is_empty()) {
            (Some(KeyEncoding::Text), true) => "string",
            (Some(KeyEncoding::Text), false) => "text",
            (Some(KeyEncoding::Datum), _) => "datum",
            (None, _) => "bytes",
        };
        let annotation = match kind {
            "string" => "str".to_string(),
            "bytes" => "bytes".to_string(),
            _ => refs
                .iter()
                .map(|r| self.annotation(&Type::Named((*r).clone()), None))
                .collect::<Vec<_>>()
                .join(" | "),
        };
        let classes = match kind {
            "text" | "datum" => refs.iter().map(|r| self.class_or_codec(r)).collect(),
            _ => Vec::new(),
        };
        let stamped: Vec<&&TypeRef> = refs.iter().filter(|_| versioned).collect();
        TopicKeyView {
            annotation,
            bytes_doc: key_bytes_doc(kind).to_string(),
            kind: kind.to_string(),
            classes,
            versions: stamped.iter().map(|r| format!("{}, ", r.version)).collect(),
            stamps: stamped
                .iter()
                .map(|r| {
                    format!(
                        "{}: {{\"accord.key.contract\": {}, \"accord.key.version\": \"{}\", \"accord.key.fingerprint\": \"{}\"}}",
                        r.version,
                        py_str(&r.name.to_string()),
                        r.version,
                        self.input.fingerprint_hex(r)
                    )
                })
                .collect(),
        }
    }

    /// The class of a record or enum version, or the codec class of a newtype or fixed type,
    /// qualified by its module alias when it is in another package.
    fn class_or_codec(&self, reference: &TypeRef) -> String {
        let names = self.names(reference);
        let class = names.codec.as_ref().unwrap_or(&names.class);
        if reference.name.package == self.package {
            class.clone()
        } else {
            format!("{}.{class}", self.module().imports[&reference.name.package])
        }
    }
}

/// What the key bytes of a key of `kind` are (`docs/topics.md#keys`).
fn key_bytes_doc(kind: &str) -> &'static str {
    match kind {
        "string" | "text" => "The key bytes: the key's text in UTF-8.",
        "datum" => "The key bytes: the key's Avro binary datum (its version goes in the `accord.key.*` headers).",
        _ => "The key bytes, as given: accord has no helpers for this key type.",
    }
}
