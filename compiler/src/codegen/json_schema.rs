//! The JSON Schema target: one draft 2020-12 schema per type version, describing exactly the JSON
//! encoding of `docs/json-encoding.md`. Every named type reached is a `$defs` entry keyed by its
//! full name; the root refers to its own entry.

use super::json_encoding::default_json;
use super::{file_stem, package_dir, type_ref, GeneratedFile, Input};
use crate::ir::*;
use crate::output::FileSink;
use serde_json::{json, Map, Value as Json};
use std::collections::{BTreeMap, BTreeSet};

/// The JSON Schema dialect every schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Choices of the JSON Schema target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonSchemaOptions {
    /// Whether records accept properties they do not declare (`additionalProperties`). Open by
    /// default, so readers accept data of later versions that add fields.
    pub additional_properties: bool,
}

impl Default for JsonSchemaOptions {
    fn default() -> JsonSchemaOptions {
        JsonSchemaOptions {
            additional_properties: true,
        }
    }
}

/// One `jsonschema/<package>/<Type>[.vN].schema.json` per type version, into `sink`.
pub fn files(input: Input, sink: &dyn FileSink) {
    super::map_versions(input, |def, version| {
        let reference = type_ref(def, version);
        let header = input.header(def, version);
        let json = schema(input.model, &reference, &input.json_schema, &header);
        let path = format!(
            "jsonschema/{}/{}.schema.json",
            package_dir(&def.name.package),
            file_stem(def, version)
        );
        sink.put(GeneratedFile::new(path, super::avro::pretty(&json)).for_type(reference));
    });
}

/// The JSON Schema of one type version: `$schema`, `$id` (`urn:accord:<package>.<Name>:v<N>`),
/// `$comment` (the generated-by header given), `title`, `description`, a `$ref` to the root's
/// entry in `$defs`, and `$defs` holding every named type reached, sorted by full name.
pub fn schema(model: &Model, root: &TypeRef, options: &JsonSchemaOptions, comment: &str) -> Json {
    let mut writer = Writer {
        model,
        options,
        reached: BTreeSet::new(),
        defs: BTreeMap::new(),
    };
    let reference = writer.named(root);
    let mut object = Map::new();
    object.insert("$schema".into(), json!(DIALECT));
    object.insert(
        "$id".into(),
        json!(format!("urn:accord:{}:v{}", root.name, root.version)),
    );
    object.insert("$comment".into(), json!(comment));
    object.insert(
        "title".into(),
        json!(format!("{}@{}", root.name, root.version)),
    );
    if let Some(doc) = model.types.get(&root.name).and_then(|d| d.doc.as_ref()) {
        object.insert("description".into(), json!(doc));
    }
    if let Json::Object(reference) = reference {
        object.extend(reference);
    }
    let defs: Map<String, Json> = writer.defs.into_iter().collect();
    object.insert("$defs".into(), Json::Object(defs));
    Json::Object(object)
}

/// The `$ref` value pointing at a named type's entry.
pub fn def_pointer(name: &FullName) -> String {
    format!("#/$defs/{name}")
}

struct Writer<'m> {
    model: &'m Model,
    options: &'m JsonSchemaOptions,
    reached: BTreeSet<FullName>,
    defs: BTreeMap<String, Json>,
}

impl Writer<'_> {
    /// A `$ref` to the named type, defining it on first use.
    fn named(&mut self, reference: &TypeRef) -> Json {
        let pointer = json!({ "$ref": def_pointer(&reference.name) });
        if !self.reached.insert(reference.name.clone()) {
            return pointer;
        }
        if let Some((def, version)) = self.model.resolve(reference) {
            let definition = self.definition(def, version);
            self.defs.insert(def.name.to_string(), definition);
        }
        pointer
    }

    fn definition(&mut self, def: &TypeDef, version: &TypeVersion) -> Json {
        let mut object = match &version.body {
            Body::Record(fields) => self.record(fields),
            Body::Enum(e) => enum_schema(e),
            Body::Fixed(fixed) => fixed_schema(fixed),
            Body::Newtype(inner) => as_object(self.ty(inner)),
        };
        let mut head = Map::new();
        head.insert("title".into(), json!(def.name.to_string()));
        if let Some(doc) = def.doc_of(version) {
            head.insert("description".into(), json!(doc));
        }
        head.append(&mut object);
        if def.versioned {
            head.insert("x-accord-version".into(), json!(version.number));
        }
        if def.kind == TypeKind::Newtype {
            head.insert("x-accord-newtype".into(), json!(true));
        }
        annotations(&mut head, &def.annotations);
        Json::Object(head)
    }

    fn record(&mut self, fields: &[Field]) -> Map<String, Json> {
        let mut properties = Map::new();
        for field in fields {
            properties.insert(field.name.clone(), self.field(field));
        }
        let required: Vec<&str> = fields
            .iter()
            .filter(|f| f.default.is_none())
            .map(|f| f.name.as_str())
            .collect();
        let mut object = Map::new();
        object.insert("type".into(), json!("object"));
        object.insert("properties".into(), Json::Object(properties));
        object.insert("required".into(), json!(required));
        object.insert(
            "additionalProperties".into(),
            json!(self.options.additional_properties),
        );
        object
    }

    fn field(&mut self, field: &Field) -> Json {
        let mut object = as_object(self.ty(&field.ty));
        if let Some(doc) = &field.doc {
            object.insert("description".into(), json!(doc));
        }
        if let Some(Ok(default)) = default_json(self.model, field) {
            object.insert("default".into(), default);
        }
        annotations(&mut object, &field.annotations);
        Json::Object(object)
    }

    /// The schema of a type's JSON.
    fn ty(&mut self, ty: &Type) -> Json {
        match ty {
            Type::Scalar(scalar) => scalar_schema(*scalar),
            Type::Decimal(decimal) => decimal_schema(*decimal),
            Type::List(item) => json!({"type": "array", "items": self.ty(item)}),
            Type::Map(value) => json!({"type": "object", "additionalProperties": self.ty(value)}),
            Type::Optional(inner, _) => json!({"anyOf": [{"type": "null"}, self.ty(inner)]}),
            Type::Union(branches) => {
                let branches: Vec<Json> = branches.iter().map(|b| self.branch(b)).collect();
                json!({ "oneOf": branches })
            }
            Type::Named(reference) => self.named(reference),
        }
    }

    /// A union branch: an object with the branch's tag as its single key.
    fn branch(&mut self, ty: &Type) -> Json {
        let tag = super::json_encoding::branch_tag(self.model, ty);
        json!({
            "type": "object",
            "properties": { tag.clone(): self.ty(ty) },
            "required": [tag],
            "additionalProperties": false,
        })
    }
}

fn as_object(schema: Json) -> Map<String, Json> {
    match schema {
        Json::Object(object) => object,
        other => {
            let mut object = Map::new();
            object.insert("allOf".into(), json!([other]));
            object
        }
    }
}

fn enum_schema(e: &EnumDef) -> Map<String, Json> {
    let symbols: Vec<&str> = e.symbols.iter().map(|s| s.name.as_str()).collect();
    let mut object = Map::new();
    object.insert("type".into(), json!("string"));
    object.insert("enum".into(), json!(symbols));
    let docs: Map<String, Json> = e
        .symbols
        .iter()
        .filter_map(|s| Some((s.name.clone(), json!(s.doc.as_ref()?))))
        .collect();
    if !docs.is_empty() {
        object.insert("x-accord-symbol-docs".into(), Json::Object(docs));
    }
    object
}

fn fixed_schema(fixed: &FixedDef) -> Map<String, Json> {
    if let Some(decimal) = fixed.decimal {
        return as_object(decimal_schema(decimal));
    }
    let size = fixed.size as usize;
    let length = size.div_ceil(3) * 4;
    let mut object = Map::new();
    object.insert("type".into(), json!("string"));
    object.insert("contentEncoding".into(), json!("base64"));
    object.insert("minLength".into(), json!(length));
    object.insert("maxLength".into(), json!(length));
    object.insert("pattern".into(), json!(fixed_base64_pattern(size)));
    object
}

/// Characters of standard base64.
const B64: &str = "[A-Za-z0-9+/]";
/// The last character before `==`: its low 4 bits are zero.
const B64_PAD2: &str = "[AQgw]";
/// The last character before `=`: its low 2 bits are zero.
const B64_PAD1: &str = "[AEIMQUYcgkosw048]";

/// Canonical standard base64 with padding, of any length.
pub fn base64_pattern() -> String {
    format!("^(?:{B64}{{4}})*(?:{B64}{B64_PAD2}==|{B64}{{2}}{B64_PAD1}=)?$")
}

/// Canonical standard base64 with padding of exactly `size` bytes.
pub fn fixed_base64_pattern(size: usize) -> String {
    let full = size / 3 * 4;
    let tail = match size % 3 {
        1 => format!("{B64}{B64_PAD2}=="),
        2 => format!("{B64}{{2}}{B64_PAD1}="),
        _ => String::new(),
    };
    let body = if full > 0 {
        format!("{B64}{{{full}}}")
    } else {
        String::new()
    };
    format!("^{body}{tail}$")
}

/// A decimal of `precision` and `scale`: optional `-`, the whole part without leading zeros
/// (at most `precision - scale` digits), and exactly `scale` fraction digits.
pub fn decimal_pattern(decimal: Decimal) -> String {
    let whole_digits = decimal.precision.saturating_sub(decimal.scale);
    let whole = match whole_digits {
        0 => "0".to_string(),
        1 => "[0-9]".to_string(),
        n => format!("(?:0|[1-9][0-9]{{0,{}}})", n - 1),
    };
    let fraction = match decimal.scale {
        0 => String::new(),
        s => format!("\\.[0-9]{{{s}}}"),
    };
    format!("^-?{whole}{fraction}$")
}

fn decimal_schema(decimal: Decimal) -> Json {
    json!({"type": "string", "pattern": decimal_pattern(decimal)})
}

/// Years 0001..9999.
const YEAR: &str = "(?:000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})";
const MONTH_DAY: &str = "-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])";
const CLOCK: &str = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]";

/// `YYYY-MM-DD` with years 0001..9999.
pub fn date_pattern() -> String {
    format!("^{YEAR}{MONTH_DAY}$")
}

/// `HH:MM:SS` and exactly `digits` fraction digits.
pub fn time_pattern(digits: usize) -> String {
    format!("^{CLOCK}\\.[0-9]{{{digits}}}$")
}

/// A date, `T`, a time with exactly `digits` fraction digits, and `zone` (`Z` or nothing).
pub fn timestamp_pattern(digits: usize, zone: &str) -> String {
    format!("^{YEAR}{MONTH_DAY}T{CLOCK}\\.[0-9]{{{digits}}}{zone}$")
}

/// Lowercase 8-4-4-4-12 hex.
pub const UUID_PATTERN: &str = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/// The largest finite `float`, written as its shortest form reads back (so `3.4028235e38` passes).
const FLOAT_LIMIT: f64 = 3.4028235e38;

fn float_schema(limit: Option<f64>) -> Json {
    let mut number = json!({"type": "number"});
    if let Some(limit) = limit {
        number["minimum"] = json!(-limit);
        number["maximum"] = json!(limit);
    }
    json!({"anyOf": [number, {"enum": ["NaN", "Infinity", "-Infinity"]}]})
}

fn string_schema(pattern: String, format: Option<&str>) -> Json {
    let mut object = json!({"type": "string"});
    if let Some(format) = format {
        object["format"] = json!(format);
    }
    object["pattern"] = json!(pattern);
    object
}

fn scalar_schema(scalar: Scalar) -> Json {
    match scalar {
        Scalar::Null => json!({"type": "null"}),
        Scalar::Bool => json!({"type": "boolean"}),
        Scalar::Int => json!({"type": "integer", "minimum": i32::MIN, "maximum": i32::MAX}),
        Scalar::Long => json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}),
        Scalar::Float => float_schema(Some(FLOAT_LIMIT)),
        Scalar::Double => float_schema(None),
        Scalar::String => json!({"type": "string"}),
        Scalar::Bytes => {
            json!({"type": "string", "contentEncoding": "base64", "pattern": base64_pattern()})
        }
        Scalar::Uuid => string_schema(UUID_PATTERN.to_string(), Some("uuid")),
        Scalar::Date => string_schema(date_pattern(), Some("date")),
        Scalar::TimeMs => string_schema(time_pattern(3), None),
        Scalar::TimeUs => string_schema(time_pattern(6), None),
        Scalar::TimestampMs => string_schema(timestamp_pattern(3, "Z"), Some("date-time")),
        Scalar::TimestampUs => string_schema(timestamp_pattern(6, "Z"), Some("date-time")),
        Scalar::LocalTimestampMs => string_schema(timestamp_pattern(3, ""), None),
        Scalar::LocalTimestampUs => string_schema(timestamp_pattern(6, ""), None),
    }
}

/// Annotations as `x-accord-*` keywords (and `deprecated`).
fn annotations(object: &mut Map<String, Json>, annotations: &Annotations) {
    if annotations.key {
        object.insert("x-accord-key".into(), json!(true));
    }
    if let Some(r) = &annotations.reference {
        let target = format!("{}@{}.{}", r.target.name, r.target.version, r.field);
        object.insert("x-accord-ref".into(), json!(target));
    }
    if let Some(unit) = &annotations.unit {
        object.insert("x-accord-unit".into(), json!(unit));
    }
    if let Some(c) = &annotations.classification {
        object.insert("x-accord-classification".into(), json!(c));
    }
    if let Some(deprecated) = &annotations.deprecated {
        object.insert("deprecated".into(), json!(true));
        if let Some(reason) = deprecated {
            object.insert("x-accord-deprecated".into(), json!(reason));
        }
    }
    if !annotations.meta.is_empty() {
        let meta: Map<String, Json> = annotations
            .meta
            .iter()
            .map(|(k, v)| (k.clone(), literal_json(v)))
            .collect();
        object.insert("x-accord-meta".into(), Json::Object(meta));
    }
}

/// A contract literal as plain JSON (for `@meta`).
fn literal_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => i64::try_from(*i).map_or_else(|_| json!(i.to_string()), |i| json!(i)),
        Value::Float(f) => super::json_encoding::float_json(*f),
        Value::String(s) | Value::Symbol(s) => json!(s),
        Value::List(items) => Json::Array(items.iter().map(literal_json).collect()),
        Value::Object(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), literal_json(v)))
                .collect(),
        ),
    }
}
