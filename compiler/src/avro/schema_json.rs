//! Writes a [`Schema`] back out as JSON (see [`Schema::to_json`]).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::schema::{Attributes, Field, Name, Named, Node, NodeId, Schema};

/// The full-form JSON of `schema`.
pub(crate) fn write(schema: &Schema) -> Value {
    let mut writer = Writer {
        schema,
        defined: HashSet::new(),
    };
    writer.node(schema.root(), None)
}

/// The full-form JSON of the type at `id`, as a standalone schema.
pub(crate) fn write_from(schema: &Schema, id: NodeId) -> Value {
    let mut writer = Writer {
        schema,
        defined: HashSet::new(),
    };
    writer.node(id, None)
}

struct Writer<'s> {
    schema: &'s Schema,
    defined: HashSet<NodeId>,
}

impl Writer<'_> {
    fn node(&mut self, id: NodeId, space: Option<&str>) -> Value {
        let node = self.schema.node(id);
        if let Some(named) = node.named() {
            if !self.defined.insert(id) {
                return Value::String(named.name.full_name());
            }
        }
        match node {
            Node::Primitive { kind, attributes } if attributes.is_empty() => {
                Value::String(kind.name().into())
            }
            Node::Primitive { kind, attributes } => with_type(kind.name(), attributes),
            Node::Array { items, attributes } => {
                self.container("array", "items", *items, attributes, space)
            }
            Node::Map { values, attributes } => {
                self.container("map", "values", *values, attributes, space)
            }
            Node::Union { branches } => {
                Value::Array(branches.iter().map(|b| self.node(*b, space)).collect())
            }
            Node::Record {
                named,
                fields,
                is_error,
            } => {
                let mut object =
                    named_head(if *is_error { "error" } else { "record" }, named, space);
                let inner = named.name.namespace.as_deref();
                let fields = fields.iter().map(|f| self.field(f, inner)).collect();
                object.insert("fields".into(), Value::Array(fields));
                finish(object, &named.attributes)
            }
            Node::Enum {
                named,
                symbols,
                default,
            } => {
                let mut object = named_head("enum", named, space);
                object.insert(
                    "symbols".into(),
                    symbols.iter().map(|s| Value::String(s.clone())).collect(),
                );
                if let Some(default) = default {
                    object.insert("default".into(), Value::String(default.clone()));
                }
                finish(object, &named.attributes)
            }
            Node::Fixed { named, size } => {
                let mut object = named_head("fixed", named, space);
                object.insert("size".into(), Value::from(*size));
                finish(object, &named.attributes)
            }
        }
    }

    fn container(
        &mut self,
        ty: &str,
        key: &str,
        inner: NodeId,
        attributes: &Attributes,
        space: Option<&str>,
    ) -> Value {
        let mut object = Map::new();
        object.insert("type".into(), Value::String(ty.into()));
        object.insert(key.into(), self.node(inner, space));
        finish(object, attributes)
    }

    fn field(&mut self, field: &Field, space: Option<&str>) -> Value {
        let mut object = Map::new();
        object.insert("name".into(), Value::String(field.name.clone()));
        object.insert("type".into(), self.node(field.ty, space));
        if let Some(doc) = &field.doc {
            object.insert("doc".into(), Value::String(doc.clone()));
        }
        if let Some(default) = &field.default {
            object.insert("default".into(), default.clone());
        }
        if let Some(order) = field.order {
            object.insert("order".into(), Value::String(order.name().into()));
        }
        if !field.aliases.is_empty() {
            object.insert(
                "aliases".into(),
                field
                    .aliases
                    .iter()
                    .map(|a| Value::String(a.clone()))
                    .collect(),
            );
        }
        finish(object, &field.attributes)
    }
}

fn with_type(ty: &str, attributes: &Attributes) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), Value::String(ty.into()));
    finish(object, attributes)
}

fn finish(mut object: Map<String, Value>, attributes: &Attributes) -> Value {
    for (key, value) in attributes {
        object.entry(key.clone()).or_insert_with(|| value.clone());
    }
    Value::Object(object)
}

/// `type`, `name`, `namespace` (when it differs from the enclosing one), `doc` and `aliases`.
fn named_head(ty: &str, named: &Named, space: Option<&str>) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("type".into(), Value::String(ty.into()));
    object.insert("name".into(), Value::String(named.name.name.clone()));
    let own = named.name.namespace.as_deref();
    if own != space {
        object.insert("namespace".into(), Value::String(own.unwrap_or("").into()));
    }
    if let Some(doc) = &named.doc {
        object.insert("doc".into(), Value::String(doc.clone()));
    }
    if !named.aliases.is_empty() {
        let aliases = named
            .aliases
            .iter()
            .map(|a| Value::String(alias_text(a, own)))
            .collect();
        object.insert("aliases".into(), aliases);
    }
    object
}

/// An alias written so that it parses back to the same full name under the type's namespace.
fn alias_text(alias: &Name, own: Option<&str>) -> String {
    match (&alias.namespace, own) {
        (None, Some(_)) => format!(".{}", alias.name),
        _ => alias.full_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip_keeps_attributes_and_references() {
        let input = json!({"type": "record", "name": "R", "namespace": "n", "doc": "d", "aliases": ["Old", "o.Older"], "x-custom": [1], "fields": [
            {"name": "a", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 0, "order": "descending", "aliases": ["b"], "x": true},
            {"name": "e", "type": {"type": "enum", "name": "E", "namespace": "", "symbols": ["A", "B"], "default": "A"}},
            {"name": "f", "type": ["null", {"type": "fixed", "name": "F", "size": 4}, "E", "R"]}
        ]});
        let schema = Schema::parse(&input).unwrap();
        let out = schema.to_json();
        assert_eq!(Schema::parse(&out).unwrap(), schema, "{out}");
        assert_eq!(out["fields"][2]["type"][2], json!("E"));
        assert_eq!(out["fields"][1]["type"]["namespace"], json!(""));
        assert_eq!(out["x-custom"], json!([1]));
    }
}
