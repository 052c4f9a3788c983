//! The Avro target: one self-contained schema per type version, as the wire facts hold it
//! ([`crate::avro::from_model`] projects it), with an `accord.generated` attribute naming the
//! accord version and the source.

use super::{file_stem, package_dir, type_ref, GeneratedFile, Input};
use crate::ir::{TypeDef, TypeVersion};
use crate::output::FileSink;
use serde_json::{json, Map, Value as Json};

/// One `avro/<package>/<Type>[.vN].avsc` per type version, pretty-printed, into `sink`. A schema that is a
/// JSON object carries the `accord.generated` notice; one that is a union (a JSON array) cannot
/// carry attributes in Avro and is written as it is (the manifest traces it); a primitive becomes
/// `{"type": ...}` with the notice.
pub fn files(input: Input, sink: &dyn FileSink) {
    super::map_versions(input, |def, version| {
        if let Some(file) = schema_file(input, def, version) {
            sink.put(file);
        }
    });
}

/// The schema file of one type version (none for a version without wire facts).
fn schema_file(input: Input, def: &TypeDef, version: &TypeVersion) -> Option<GeneratedFile> {
    let reference = type_ref(def, version);
    let facts = input.facts_of(&reference)?;
    let path = format!(
        "avro/{}/{}.avsc",
        package_dir(&def.name.package),
        file_stem(def, version)
    );
    #[allow(
        clippy::expect_used,
        reason = "the text is serde_json's own serialization of a schema that `check` \
                      bounds at 128 JSON levels (V020), serde_json's parsing limit"
    )]
    let json: Json = serde_json::from_str(&facts.json).expect("the facts' JSON parses");
    let schema = with_notice(input.header(def, version), json);
    Some(GeneratedFile::new(path, pretty(&schema)).for_type(reference))
}

/// A schema with the generated notice as its first attribute, where Avro allows attributes.
fn with_notice(notice: String, schema: Json) -> Json {
    if let Json::Array(_) = schema {
        return schema;
    }
    let mut object = Map::new();
    object.insert("accord.generated".into(), json!(notice));
    match schema {
        Json::Object(fields) => object.extend(fields),
        other => {
            object.insert("type".into(), other);
        }
    }
    Json::Object(object)
}

/// JSON pretty-printed with two spaces and a final newline.
pub fn pretty(value: &Json) -> String {
    #[allow(
        clippy::expect_used,
        reason = "a `serde_json::Value` (string keys only) always serializes"
    )]
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialize");
    text.push('\n');
    text
}
