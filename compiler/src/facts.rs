//! Stage 4, model -> wire facts: every type version projected onto Avro once per run
//! ([`crate::avro::from_model`]), parsed by the Avro engine, and fingerprinted. The table is
//! what every later stage reads instead of projecting again: the compatibility checks compare
//! its parsed schemas (parsed again on first use: most versions never need one kept), the lock
//! records its fingerprints and definition hashes, and every target writes or embeds them.
//!
//! A projection that fails is reported once, here, with a code: `V020` for a schema nested past
//! what Avro consumers parse, `V021` for one the Avro parser refuses (a defect of accord: what
//! `check` accepts, every target must generate). Stages after this one skip the versions that
//! have no facts; they never re-project or parse on their own.

use crate::avro::canonical::hex;
use crate::avro::from_model::{self, ProjectionError, MAX_SCHEMA_DEPTH};
use crate::avro::{Fingerprints, Schema};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::{Model, TypeDef, TypeRef, TypeVersion};
use crate::source::{FileId, Span};
use rayon::prelude::*;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// What the wire sees of one type version.
#[derive(Debug, Clone)]
pub struct TypeFacts {
    /// The self-contained Avro schema as compact JSON text, as the Avro target writes it (without
    /// its header). Text rather than a `serde_json::Value`: a value costs several times its text
    /// in memory, and with every nested type inlined these schemas are the bulk of a run's memory.
    pub json: String,
    /// The same schema, parsed by the Avro engine on first use ([`TypeFacts::schema`]). Only the
    /// compatibility checks of versioned types, topics and layouts read it, so most versions
    /// never keep one: a parsed schema costs several times its text.
    schema: OnceLock<Schema>,
    /// CRC-64-AVRO, MD5 and SHA-256 of the Parsing Canonical Form.
    pub fingerprints: Fingerprints,
    /// `sha256:` + hex of the schema without its docs: the definition the lock freezes
    /// (defaults, aliases and annotations included).
    pub definition: String,
}

impl TypeFacts {
    /// The CRC-64-AVRO fingerprint as 16 lowercase hex digits (the lock's and the stamps' form).
    pub fn fingerprint_hex(&self) -> String {
        format!("{:016x}", self.fingerprints.crc64)
    }

    /// The schema parsed by the Avro engine, parsed on the first call.
    #[allow(
        clippy::expect_used,
        reason = "the text was parsed when the facts were built; parsing is deterministic"
    )]
    pub fn schema(&self) -> &Schema {
        self.schema.get_or_init(|| {
            Schema::parse_str(&self.json).expect("parsed when the facts were built")
        })
    }
}

/// The wire facts of every type version of a model whose projection succeeded.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    by_version: HashMap<TypeRef, TypeFacts>,
}

impl Facts {
    /// Projects, parses and fingerprints every type version of `model`, once each. Failures are
    /// reported into `diagnostics` only when no earlier stage reported an error: with errors, a
    /// broken projection is their consequence (a newtype defined in terms of itself nests
    /// without end), not news. With errors, a version gets facts only when none of its parts
    /// holds one (the model leaves out what did not resolve, so such a schema is not the one
    /// written); the others still do, so the lock is checked alongside the other errors.
    ///
    /// `earlier` is the table of an earlier compilation of the same project (the language
    /// server's last one, the previous round of `check --fix`), or `None`. Every version whose
    /// projected text is one `earlier` holds takes its parsed schema, fingerprints and definition
    /// hash from there instead of parsing and hashing again: they are functions of that text
    /// alone, so the table is the same as without it, only built faster after a small edit.
    pub fn build(model: &Model, diagnostics: &mut Diagnostics, earlier: Option<&Facts>) -> Facts {
        let earlier_errors = diagnostics.has_errors();
        let broken = BrokenVersions::new(model, diagnostics);
        let by_text: HashMap<&str, &TypeFacts> = earlier
            .into_iter()
            .flat_map(|facts| facts.by_version.values())
            .map(|facts| (facts.json.as_str(), facts))
            .collect();
        let versions: Vec<(&TypeDef, &TypeVersion)> = model.type_versions().collect();
        let projected: Vec<_> = versions
            .par_iter()
            .map(|(def, version)| {
                let reference = TypeRef {
                    name: def.name.clone(),
                    version: version.number,
                };
                let projection = project(model, &reference, &by_text);
                (reference, projection)
            })
            .collect();
        let mut by_version = HashMap::with_capacity(projected.len());
        for ((def, version), (reference, projection)) in versions.iter().zip(projected) {
            match projection {
                Ok((_, parts)) if parts.iter().any(|part| broken.holds(model, part)) => {}
                Ok((facts, _)) => {
                    by_version.insert(reference, facts);
                }
                Err(failure) => {
                    if let Some(diagnostic) = failure.diagnostic(def, version, earlier_errors) {
                        diagnostics.push(diagnostic);
                    }
                }
            }
        }
        Facts { by_version }
    }

    /// The facts of one type version, when its projection succeeded.
    pub fn get(&self, reference: &TypeRef) -> Option<&TypeFacts> {
        self.by_version.get(reference)
    }

    /// How many type versions have facts.
    pub fn len(&self) -> usize {
        self.by_version.len()
    }

    /// Whether no type version has facts.
    pub fn is_empty(&self) -> bool {
        self.by_version.is_empty()
    }
}

/// Why a type version has no facts.
enum Failure {
    Projection(ProjectionError),
    Parse(String),
}

impl Failure {
    fn diagnostic(
        &self,
        def: &TypeDef,
        version: &TypeVersion,
        earlier_errors: bool,
    ) -> Option<Diagnostic> {
        let what = format!("`{}` version {}", def.name, version.number);
        if earlier_errors {
            return None;
        }
        match self {
            Failure::Projection(ProjectionError::TooDeep) => Some(
                Diagnostic::new(
                    Code::V020,
                    version.span,
                    format!("the Avro schema of {what} nests deeper than {MAX_SCHEMA_DEPTH} levels"),
                )
                .with_label("nested too deep")
                .with_hint(format!(
                    "serde_json, apache-avro and the Rust runtime refuse JSON deeper than {MAX_SCHEMA_DEPTH} levels; each nested record costs about three: flatten the chain, or hold the deep part by reference (an id) instead of by value"
                )),
            ),
            Failure::Parse(reason) if no_standalone_schema(reason) => Some(
                Diagnostic::new(
                    Code::V022,
                    version.span,
                    format!("{what} has no standalone Avro schema: Avro's parser refuses it: {reason}"),
                )
                .with_label("no standalone Avro schema")
                .with_hint("a record is only complete once all its fields are written: inside it, Avro cannot look a null-namespace record up from another namespace, nor check a default that holds it; give the record a namespace, or drop the back reference or that default"),
            ),
            Failure::Parse(reason) => Some(
                Diagnostic::new(
                    Code::V021,
                    version.span,
                    format!("the Avro schema accord projects for {what} is refused by Avro's parser: {reason}"),
                )
                .with_label("no valid Avro schema")
                .with_hint("this is a defect of accord (every version `check` accepts must project onto valid Avro): please report it with this contract"),
            ),
        }
    }
}

/// Whether Avro refuses a projection because of what the version says rather than how accord
/// writes it: a reference back to an enclosing record of the null namespace from inside another
/// namespace (Java looks a dotless name up in the null namespace only among complete types), or
/// a default that holds an enclosing record (Java checks a default against a complete record
/// only). The messages are those of accord's own parser, which follows Java 1.12.
fn no_standalone_schema(reason: &str) -> bool {
    reason.starts_with("Undefined schema") || reason.starts_with("Schema fields not set yet")
}

/// The facts of one type version: projected, then parsed and hashed, or taken from `earlier`
/// (projected texts of an earlier table) when it holds the same text.
fn project(
    model: &Model,
    reference: &TypeRef,
    earlier: &HashMap<&str, &TypeFacts>,
) -> Result<(TypeFacts, Vec<TypeRef>), Failure> {
    let projection = from_model::project(model, reference).map_err(Failure::Projection)?;
    // Written into a string of its exact length: the text grows by doubling as it is written,
    // and with every nested type inlined these texts are a large part of a run's memory (a
    // shrinking reallocation may keep the block).
    let json = projection.json.to_string().as_str().to_owned();
    if let Some(same) = earlier.get(json.as_str()) {
        let facts = TypeFacts {
            json,
            schema: same.schema.clone(),
            fingerprints: same.fingerprints.clone(),
            definition: same.definition.clone(),
        };
        return Ok((facts, projection.parts));
    }
    let schema = Schema::parse(&projection.json).map_err(|e| Failure::Parse(e.to_string()))?;
    let facts = TypeFacts {
        fingerprints: Fingerprints::of(&schema),
        definition: definition_hash(&projection.json),
        json,
        schema: OnceLock::new(),
    };
    Ok((facts, projection.parts))
}

/// Where the errors of earlier stages are: in which type versions (an error inside a version's
/// source), and in which files outside any version (an import or package line: every version of
/// that file may have lost what the line gave it).
struct BrokenVersions {
    versions: HashSet<TypeRef>,
    files: HashSet<FileId>,
}

impl BrokenVersions {
    fn new(model: &Model, diagnostics: &Diagnostics) -> BrokenVersions {
        let mut broken = BrokenVersions {
            versions: HashSet::new(),
            files: HashSet::new(),
        };
        let errors: Vec<Span> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.primary.span)
            .collect();
        if errors.is_empty() {
            return broken;
        }
        let mut by_file: HashMap<FileId, Vec<(Span, TypeRef)>> = HashMap::new();
        for (def, version) in model.type_versions() {
            let reference = TypeRef {
                name: def.name.clone(),
                version: version.number,
            };
            by_file
                .entry(version.span.file)
                .or_default()
                .push((version.span, reference));
        }
        for error in errors {
            let within = by_file.get(&error.file).and_then(|spans| {
                spans
                    .iter()
                    .find(|(span, _)| span.start <= error.start && error.end <= span.end)
            });
            match within {
                Some((_, reference)) => broken.versions.insert(reference.clone()),
                None => broken.files.insert(error.file),
            };
        }
        broken
    }

    /// Whether a type version holds an error of an earlier stage.
    fn holds(&self, model: &Model, reference: &TypeRef) -> bool {
        self.versions.contains(reference)
            || model
                .resolve(reference)
                .is_some_and(|(_, version)| self.files.contains(&version.span.file))
    }
}

/// `sha256:` + hex of a schema's compact JSON without `doc` and `accord.doc` attributes,
/// serialized straight into the hash.
fn definition_hash(json: &Json) -> String {
    let mut hasher = HashWriter(Sha256::new());
    #[allow(
        clippy::expect_used,
        reason = "a JSON value always serializes and the hash writer never fails"
    )]
    serde_json::to_writer(&mut hasher, &WithoutDocs(json))
        .expect("serializing a JSON value into a hash cannot fail");
    format!("sha256:{}", hex(&hasher.0.finalize()))
}

/// A JSON value serialized without its `doc` and `accord.doc` attributes. The remaining members
/// keep the order that removing both from a `serde_json` map with `preserve_order` leaves (a swap
/// removal: the last member takes the removed one's place), the order lock files were written
/// with.
struct WithoutDocs<'a>(&'a Json);

impl Serialize for WithoutDocs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Json::Object(map) => {
                let mut members: Vec<(&String, &Json)> = map.iter().collect();
                for key in ["doc", "accord.doc"] {
                    if let Some(index) = members.iter().position(|(name, _)| *name == key) {
                        members.swap_remove(index);
                    }
                }
                let mut out = serializer.serialize_map(Some(members.len()))?;
                for (name, value) in members {
                    out.serialize_entry(name, &WithoutDocs(value))?;
                }
                out.end()
            }
            Json::Array(items) => serializer.collect_seq(items.iter().map(WithoutDocs)),
            other => other.serialize(serializer),
        }
    }
}

/// An [`std::io::Write`] that feeds a SHA-256 hash.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{definition_hash, Facts};
    use crate::config::ProjectConfig;
    use crate::diagnostic::Diagnostics;
    use crate::Compilation;
    use serde_json::json;

    fn compile(line_field: &str) -> Compilation {
        let text = format!(
            "package p;\n\
             record Line {{ version 1 {{ sku: string; {line_field} }} }}\n\
             record Order {{ compat backward; version 1 {{ id: long; lines: list<Line@1>; }}\n\
               version 2 {{ id: long; lines: list<Line@1>; note: string? = null; }} }}\n\
             enum Status {{ NEW, DONE; }}\n"
        );
        let compiled =
            crate::compile_sources(vec![("p.accord".into(), text)], ProjectConfig::default());
        assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
        compiled
    }

    /// Every version's text, fingerprint, definition hash and parsed schema, in a stable order.
    fn table(facts: &Facts) -> Vec<(String, String, String, String, String)> {
        let mut rows: Vec<_> = facts
            .by_version
            .iter()
            .map(|(reference, f)| {
                (
                    format!("{}@{}", reference.name, reference.version),
                    f.json.clone(),
                    f.fingerprint_hex(),
                    f.definition.clone(),
                    format!("{:?}", f.schema()),
                )
            })
            .collect();
        rows.sort();
        rows
    }

    #[test]
    fn facts_built_from_an_earlier_table_equal_facts_built_afresh() {
        let before = compile("qty: int;");
        // Line changes, and with it every Order version that inlines it; Status does not.
        let after = compile("qty: long;");
        let earlier = before.facts.clone();
        for facts in earlier.by_version.values() {
            facts.schema(); // parsed schemas are lent too
        }
        let reused = Facts::build(&after.model, &mut Diagnostics::new(), Some(&earlier));
        assert_eq!(table(&reused), table(&after.facts));
        assert_ne!(table(&reused), table(&before.facts));
        let changed = |name: &str| {
            let of = |facts: &Facts| {
                let rows = table(facts);
                rows.into_iter().find(|row| row.0 == name).map(|row| row.2)
            };
            of(&before.facts) != of(&after.facts)
        };
        assert!(changed("p.Line@1") && changed("p.Order@1") && changed("p.Order@2"));
        assert!(!changed("p.Status@1"));
    }

    /// The hash the lock files were written with: remove the docs from a copy, hash its text.
    fn hash_of_stripped_copy(json: &serde_json::Value) -> String {
        fn strip(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    map.remove("doc");
                    map.remove("accord.doc");
                    map.values_mut().for_each(strip);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        use sha2::{Digest, Sha256};
        let mut copy = json.clone();
        strip(&mut copy);
        let digest = Sha256::digest(copy.to_string().as_bytes());
        format!("sha256:{}", crate::avro::canonical::hex(&digest))
    }

    #[test]
    fn streamed_hash_equals_the_hash_of_a_stripped_copy() {
        let schema = json!({
            "type": "record", "doc": "first", "name": "a.R", "accord.doc": "second",
            "fields": [
                {"name": "x", "doc": "d", "type": "long", "default": 0, "accord.unit": "ms"},
                {"name": "y", "type": {"type": "enum", "name": "E", "symbols": ["A"], "doc": "last"}},
                {"accord.doc": "only", "name": "z", "type": ["null", "string"]}
            ],
            "accord.version": 2
        });
        assert_eq!(definition_hash(&schema), hash_of_stripped_copy(&schema));
        let undocumented = json!({"type": "fixed", "name": "F", "size": 16});
        assert_eq!(
            definition_hash(&undocumented),
            hash_of_stripped_copy(&undocumented)
        );
    }

    #[test]
    fn docs_do_not_change_the_definition_hash() {
        let documented = json!({"type": "record", "name": "R", "doc": "d", "fields": []});
        let plain = json!({"type": "record", "name": "R", "fields": []});
        assert_eq!(definition_hash(&documented), definition_hash(&plain));
        let other = json!({"type": "record", "name": "S", "fields": []});
        assert_ne!(definition_hash(&plain), definition_hash(&other));
    }
}
