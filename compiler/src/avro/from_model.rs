//! The projection of the model onto Avro: the self-contained Avro schema (as JSON) of one type
//! version. Named types are defined at their first use and referenced by full name afterwards;
//! annotations become `accord.*` attributes, `@meta` entries become attributes of their own name,
//! and `@renamed` becomes `aliases`. Every stage that needs a version's wire schema gets it from
//! here, through [`crate::facts`], which parses each projection once.

use super::decimal::unscaled_bytes;
use crate::ir::*;
use serde_json::{json, Map, Value as Json};
use std::collections::HashSet;

/// The deepest Avro schema accord emits, in nested JSON objects and arrays. `serde_json` (and so
/// apache-avro and the Rust runtime) refuses deeper documents by default; Java's parser and
/// fastavro accept more. `accord check` reports a type version past it (`V020`).
pub const MAX_SCHEMA_DEPTH: usize = 128;

/// Why a type version has no Avro schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectionError {
    /// Its schema would nest deeper than [`MAX_SCHEMA_DEPTH`] JSON levels.
    TooDeep,
}

/// The Avro schema of one type version and the type versions it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// The schema, as JSON.
    pub json: Json,
    /// Every type version the schema holds, the root first, each once.
    pub parts: Vec<TypeRef>,
}

/// The Avro schema of one type version, as JSON, at most [`MAX_SCHEMA_DEPTH`] levels deep.
pub fn schema_json(model: &Model, root: &TypeRef) -> Result<Json, ProjectionError> {
    project(model, root).map(|projection| projection.json)
}

/// The Avro schema of one type version and its parts. The walk stops as soon as
/// [`MAX_SCHEMA_DEPTH`] is passed, so a long chain of nested records costs no more than the
/// limit.
pub fn project(model: &Model, root: &TypeRef) -> Result<Projection, ProjectionError> {
    let mut writer = Writer {
        model,
        defined: HashSet::new(),
        type_meta: None,
        path: Vec::new(),
        depth: 0,
        too_deep: false,
        parts: Vec::new(),
    };
    let json = writer.named(root);
    if writer.too_deep || json_depth(&json) > MAX_SCHEMA_DEPTH {
        return Err(ProjectionError::TooDeep);
    }
    Ok(Projection {
        json,
        parts: writer.parts,
    })
}

/// The number of nested JSON objects and arrays in `value`.
pub fn json_depth(value: &Json) -> usize {
    match value {
        Json::Object(map) => 1 + map.values().map(json_depth).max().unwrap_or(0),
        Json::Array(items) => 1 + items.iter().map(json_depth).max().unwrap_or(0),
        _ => 0,
    }
}

struct Writer<'m> {
    model: &'m Model,
    defined: HashSet<FullName>,
    /// The attributes of type schemas in the field being written.
    type_meta: Option<&'m TypeMeta>,
    /// Where the type being written is inside that field's type.
    path: Vec<TypeStep>,
    /// How many types deep the writer is (each level is at least one JSON level).
    depth: usize,
    /// Whether the walk passed [`MAX_SCHEMA_DEPTH`] and stopped.
    too_deep: bool,
    /// The type versions written so far (newtypes each time they are met, named types once).
    parts: Vec<TypeRef>,
}

impl<'m> Writer<'m> {
    fn named(&mut self, reference: &TypeRef) -> Json {
        let Some((def, version)) = self.model.resolve(reference) else {
            return Json::String(reference.name.to_string());
        };
        if let Body::Newtype(inner) = &version.body {
            self.parts.push(reference.clone());
            return self.newtype(def, inner);
        }
        if !self.defined.insert(def.name.clone()) {
            return Json::String(def.avro_name());
        }
        self.parts.push(reference.clone());
        let mut object = Map::new();
        object.insert("type".into(), json!(def.kind_name()));
        object.insert("name".into(), json!(def.name.name));
        object.insert("namespace".into(), json!(def.avro_namespace()));
        if let Some(doc) = def.doc_of(version) {
            object.insert("doc".into(), json!(doc));
        }
        if !def.annotations.renamed_from.is_empty() {
            object.insert("aliases".into(), json!(def.annotations.renamed_from));
        }
        match &version.body {
            Body::Record(fields) => {
                let fields: Vec<Json> = fields.iter().map(|f| self.field(f)).collect();
                object.insert("fields".into(), Json::Array(fields));
            }
            Body::Enum(e) => {
                let symbols: Vec<&str> = e.symbols.iter().map(|s| s.name.as_str()).collect();
                object.insert("symbols".into(), json!(symbols));
                if let Some(default) = &e.default {
                    object.insert("default".into(), json!(default));
                }
            }
            Body::Fixed(fixed) => {
                object.insert("size".into(), json!(fixed.size));
                if let Some(d) = fixed.decimal {
                    insert_decimal(&mut object, d);
                }
            }
            // Returned above: a newtype is the type it wraps.
            Body::Newtype(_) => {}
        }
        if def.versioned {
            object.insert("accord.version".into(), json!(version.number));
        }
        annotation_attributes(&mut object, &def.annotations);
        Json::Object(object)
    }

    /// Newtypes are their inner type on the wire, tagged with `accord.newtype` where Avro allows
    /// attributes (on a primitive or complex schema object; not on a union or name reference).
    fn newtype(&mut self, def: &TypeDef, inner: &'m Type) -> Json {
        let mut schema = self.ty(inner, None);
        if let Json::String(primitive) = &schema {
            if is_primitive(primitive) {
                schema = json!({ "type": primitive });
            }
        }
        if def.annotations.plain {
            return schema;
        }
        if let Json::Object(object) = &mut schema {
            if !object.contains_key("name") {
                object.insert("accord.newtype".into(), json!(def.name.to_string()));
                if let Some(doc) = &def.doc {
                    object.insert("accord.doc".into(), json!(doc));
                }
            }
        }
        schema
    }

    fn field(&mut self, field: &'m Field) -> Json {
        let mut object = Map::new();
        object.insert("name".into(), json!(field.name));
        // Records defined inside the type write their own fields in between.
        let outer = (
            self.type_meta.replace(&field.type_meta),
            std::mem::take(&mut self.path),
        );
        let schema = self.ty(&field.ty, field.default.as_ref());
        (self.type_meta, self.path) = outer;
        object.insert("type".into(), schema);
        if let Some(doc) = &field.doc {
            object.insert("doc".into(), json!(doc));
        }
        if let Some(default) = &field.default {
            object.insert(
                "default".into(),
                default_json(self.model, &field.ty, default),
            );
        }
        if !field.annotations.renamed_from.is_empty() {
            object.insert("aliases".into(), json!(field.annotations.renamed_from));
        }
        annotation_attributes(&mut object, &field.annotations);
        Json::Object(object)
    }

    /// The schema of a type; `default` decides which union branch comes first. Past
    /// [`MAX_SCHEMA_DEPTH`] it writes `null` and marks the projection too deep.
    fn ty(&mut self, ty: &'m Type, default: Option<&Value>) -> Json {
        if self.depth >= MAX_SCHEMA_DEPTH {
            self.too_deep = true;
            return Json::Null;
        }
        self.depth += 1;
        let schema = self.ty_within_limit(ty, default);
        self.depth -= 1;
        schema
    }

    fn ty_within_limit(&mut self, ty: &'m Type, default: Option<&Value>) -> Json {
        let schema = match ty {
            Type::Scalar(scalar) => scalar_schema(*scalar),
            Type::Decimal(d) => {
                let mut object = Map::new();
                object.insert("type".into(), json!("bytes"));
                insert_decimal(&mut object, *d);
                Json::Object(object)
            }
            Type::List(item) => {
                json!({"type": "array", "items": self.below(&[TypeStep::Item], item)})
            }
            Type::Map(value) => {
                json!({"type": "map", "values": self.below(&[TypeStep::Value], value)})
            }
            Type::Optional(..) | Type::Union(_) => {
                let branches = union_branches(self.model, ty, default);
                let schemas = branches.iter().map(|branch| match branch {
                    Branch::Null => json!("null"),
                    Branch::Value(t) => self.below(&branch_steps(ty, t), t),
                });
                return Json::Array(schemas.collect());
            }
            Type::Named(reference) => return self.named(reference),
        };
        self.with_type_meta(schema)
    }

    /// The schema of `ty`, `steps` below the current place.
    fn below(&mut self, steps: &[TypeStep], ty: &'m Type) -> Json {
        let depth = self.path.len();
        self.path.extend_from_slice(steps);
        let schema = self.ty(ty, None);
        self.path.truncate(depth);
        schema
    }

    /// A type schema with the attributes written before its type (`@meta(...) T`).
    fn with_type_meta(&self, schema: Json) -> Json {
        let Some(entries) = self.type_meta.and_then(|meta| meta.get(&self.path)) else {
            return schema;
        };
        let mut object = match schema {
            Json::Object(object) => object,
            other => Map::from_iter([("type".to_string(), other)]),
        };
        for (key, value) in entries {
            object.insert(key.clone(), plain_json(value));
        }
        Json::Object(object)
    }
}

/// The steps from an optional or union type to one of its value branches.
fn branch_steps(ty: &Type, branch: &Type) -> Vec<TypeStep> {
    let index_in = |values: &[Type]| values.iter().position(|v| std::ptr::eq(v, branch));
    match ty {
        Type::Optional(inner, _) => match &**inner {
            Type::Union(values) => {
                vec![
                    TypeStep::Inner,
                    TypeStep::Branch(index_in(values).unwrap_or(0)),
                ]
            }
            _ => vec![TypeStep::Inner],
        },
        Type::Union(values) => vec![TypeStep::Branch(index_in(values).unwrap_or(0))],
        _ => Vec::new(),
    }
}

impl TypeDef {
    fn kind_name(&self) -> &'static str {
        match self.kind {
            TypeKind::Record if self.annotations.error => "error",
            TypeKind::Record => "record",
            TypeKind::Enum => "enum",
            TypeKind::Fixed => "fixed",
            TypeKind::Newtype => "newtype",
        }
    }
}

fn is_primitive(name: &str) -> bool {
    matches!(
        name,
        "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string"
    )
}

fn insert_decimal(object: &mut Map<String, Json>, decimal: Decimal) {
    object.insert("logicalType".into(), json!("decimal"));
    object.insert("precision".into(), json!(decimal.precision));
    if !decimal.scale_omitted {
        object.insert("scale".into(), json!(decimal.scale));
    }
}

fn scalar_schema(scalar: Scalar) -> Json {
    match scalar.avro_logical_type() {
        Some(logical) => json!({"type": scalar.avro_primitive(), "logicalType": logical}),
        None => json!(scalar.avro_primitive()),
    }
}

fn annotation_attributes(object: &mut Map<String, Json>, annotations: &Annotations) {
    if annotations.key {
        object.insert("accord.key".into(), json!(true));
    }
    if let Some(r) = &annotations.reference {
        let target = format!("{}@{}.{}", r.target.name, r.target.version, r.field);
        object.insert("accord.ref".into(), json!(target));
    }
    if let Some(unit) = &annotations.unit {
        object.insert("accord.unit".into(), json!(unit));
    }
    if let Some(deprecated) = &annotations.deprecated {
        object.insert(
            "accord.deprecated".into(),
            json!(deprecated.as_deref().unwrap_or("")),
        );
    }
    if let Some(c) = &annotations.classification {
        object.insert("accord.classification".into(), json!(c));
    }
    for (key, value) in &annotations.meta {
        object.insert(key.clone(), plain_json(value));
    }
}

/// A value as plain JSON (for `@meta`): symbols become strings.
pub fn plain_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => int_json(*i),
        Value::Float(f) => json!(f),
        Value::String(s) | Value::Symbol(s) => json!(s),
        Value::List(items) => Json::Array(items.iter().map(plain_json).collect()),
        Value::Object(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), plain_json(v)))
                .collect(),
        ),
    }
}

fn int_json(i: i128) -> Json {
    i64::try_from(i).map_or_else(|_| json!(i as f64), |i| json!(i))
}

/// A (validated) default value in Avro's JSON encoding of defaults for `ty`.
/// Newtypes are followed to what they wrap ([`wire_type`]), so a newtype defined in terms of
/// itself (reported as `V009`) ends the walk instead of recursing.
pub fn default_json(model: &Model, ty: &Type, value: &Value) -> Json {
    let ty = wire_type(model, ty);
    match (ty, value) {
        (_, Value::Null) => Json::Null,
        (Type::Decimal(d), Value::String(text)) => {
            latin1(&unscaled_bytes(text, d.scale, None).unwrap_or_default())
        }
        (Type::List(item), Value::List(items)) => {
            Json::Array(items.iter().map(|v| default_json(model, item, v)).collect())
        }
        (Type::Map(item), Value::Object(entries)) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), default_json(model, item, v)))
                .collect(),
        ),
        (Type::Optional(..) | Type::Union(_), _) => {
            match union_branches(model, ty, Some(value)).first() {
                Some(Branch::Value(branch)) => default_json(model, branch, value),
                _ => plain_json(value),
            }
        }
        (Type::Named(reference), _) => match model.resolve(reference) {
            Some((_, version)) => named_default(model, &version.body, value),
            None => plain_json(value),
        },
        _ => plain_json(value),
    }
}

fn named_default(model: &Model, body: &Body, value: &Value) -> Json {
    match (body, value) {
        // Only a newtype cycle ends on a newtype (see `default_json`): no wire type to follow.
        (Body::Newtype(_), _) => plain_json(value),
        (
            Body::Fixed(FixedDef {
                decimal: Some(d),
                size,
                ..
            }),
            Value::String(text),
        ) => latin1(&unscaled_bytes(text, d.scale, Some(*size as usize)).unwrap_or_default()),
        (Body::Record(fields), Value::Object(entries)) => {
            let object = fields
                .iter()
                .filter_map(|field| {
                    let (_, value) = entries.iter().find(|(k, _)| *k == field.name)?;
                    Some((field.name.clone(), default_json(model, &field.ty, value)))
                })
                .collect();
            Json::Object(object)
        }
        _ => plain_json(value),
    }
}

/// Bytes as Avro writes them in JSON: one char U+0000..U+00FF per byte.
fn latin1(bytes: &[u8]) -> Json {
    Json::String(bytes.iter().map(|b| char::from(*b)).collect())
}
