//! The Avro schema of a record type version as Iceberg reads Avro files: the schema of the wire
//! facts (what the Avro target writes) with Iceberg's ids from the table schema: `field-id` on
//! every record field, `element-id` on arrays, `key-id` and `value-id` on maps (string-keyed,
//! so they stay Avro maps). The binary encoding is the facts' own.
//!
//! Avro defines a named type once and refers to it by name after; Iceberg gives each place of a
//! record its own ids. So a record met again at another path (not inside itself) is written out
//! again as `<Name>_<id>`, `id` being the field id of the column holding it, without aliases;
//! enums and fixed types stay references. A record met inside itself (recursion) stays a
//! reference: its column holds the value's JSON in the table, and nothing inside it has ids.
//! Timestamps carry Iceberg's `adjust-to-utc`. A union's branches are matched to the members of its column ([`wire_members`]); a member
//! has no place for its own id in Avro, the fields inside it have theirs.
//!
//! The walk follows the model alongside the JSON, in the order the Avro projection
//! ([`crate::avro::from_model`]) wrote it, to know each node's path, the union branches' members
//! and where a named type was first defined.

use crate::codegen::tables::{union_members, wire_members};
use crate::codegen::Input;
use crate::ir::*;
use crate::table::TableSchema;
use serde_json::{json, Map, Value as Json};
use std::collections::{HashMap, HashSet};

/// The Avro schema of `reference` with Iceberg's ids (`None` without wire facts).
pub fn schema(input: Input, reference: &TypeRef, table: &TableSchema) -> Option<Json> {
    let facts = input.facts_of(reference)?;
    let raw: Json = serde_json::from_str(&facts.json).ok()?;
    let (def, version) = input.model.resolve(reference)?;
    let Body::Record(fields) = &version.body else {
        return None;
    };
    let columns = table.all_columns();
    let mut walk = IdWalk {
        model: input.model,
        ids: columns.iter().map(|c| (c.path.as_str(), c.id)).collect(),
        stack: vec![reference.clone()],
        emitted: HashSet::new(),
        definitions: HashMap::new(),
    };
    Some(walk.record(def, fields, raw, ""))
}

/// A timestamp's schema with Iceberg's `adjust-to-utc` (`true` for instants, `false` for local
/// date-times): Iceberg's Avro readers tell `timestamptz` from `timestamp` by it, and differ on
/// what its absence means.
fn adjusted_to_utc(scalar: Scalar, avro: Json) -> Json {
    let utc = match scalar {
        Scalar::TimestampMs | Scalar::TimestampUs => true,
        Scalar::LocalTimestampMs | Scalar::LocalTimestampUs => false,
        _ => return avro,
    };
    match avro {
        Json::Object(mut object) => {
            object.insert("adjust-to-utc".into(), json!(utc));
            Json::Object(object)
        }
        other => other,
    }
}

/// One schema being given ids.
struct IdWalk<'m, 't> {
    model: &'m Model,
    /// The field id of every column path.
    ids: HashMap<&'t str, u32>,
    /// The named types being expanded, outermost first (as the table projection keeps them).
    stack: Vec<TypeRef>,
    /// The named types written out so far under their own name.
    emitted: HashSet<FullName>,
    /// The definitions of the records met so far, as the facts wrote them.
    definitions: HashMap<FullName, Map<String, Json>>,
}

impl IdWalk<'_, '_> {
    /// The field id of the column at `path` (JSON null where the table has none).
    fn id(&self, path: &str) -> Json {
        self.ids.get(path).map_or(Json::Null, |id| json!(id))
    }

    /// The schema `avro` of a column of type `ty` at `path`, with ids. `default` is the field's
    /// default (none below a field), which decides the order of a union's branches.
    fn ty(&mut self, ty: &Type, default: Option<&Value>, avro: Json, path: &str) -> Json {
        if let (Some(members), Some(order)) =
            (union_members(ty), wire_members(self.model, ty, default))
        {
            return self.union(&members, &order, avro, path);
        }
        match ty {
            Type::Optional(inner, _) => self.optional(inner, avro, path),
            Type::List(item) => {
                let element = format!("{path}.element");
                let id = self.id(&element);
                self.container(
                    avro,
                    "items",
                    |walk, items| walk.ty(item, None, items, &element),
                    &[("element-id", id)],
                )
            }
            Type::Map(value) => {
                let value_path = format!("{path}.value");
                let ids = [
                    ("key-id", self.id(&format!("{path}.key"))),
                    ("value-id", self.id(&value_path)),
                ];
                self.container(
                    avro,
                    "values",
                    |walk, values| walk.ty(value, None, values, &value_path),
                    &ids,
                )
            }
            Type::Named(reference) => self.named(reference, avro, path),
            Type::Scalar(scalar) => adjusted_to_utc(*scalar, avro),
            Type::Decimal(_) | Type::Union(_) => avro,
        }
    }

    /// A union whose column holds its members: each value branch is its member's column.
    fn union(
        &mut self,
        members: &[&Type],
        order: &[Option<usize>],
        avro: Json,
        path: &str,
    ) -> Json {
        let Json::Array(branches) = avro else {
            return avro;
        };
        let branches = branches
            .into_iter()
            .zip(order)
            .map(|(branch, member)| match member {
                Some(index) => self.ty(
                    members[*index],
                    None,
                    branch,
                    &format!("{path}.member{index}"),
                ),
                None => branch,
            });
        Json::Array(branches.collect())
    }

    /// A plain optional `T?`: its value branch is the column itself.
    fn optional(&mut self, inner: &Type, avro: Json, path: &str) -> Json {
        let Json::Array(branches) = avro else {
            return avro;
        };
        let branches = branches.into_iter().map(|branch| match branch {
            Json::String(name) if name == "null" => Json::String(name),
            other => self.ty(inner, None, other, path),
        });
        Json::Array(branches.collect())
    }

    /// An array or map schema: its `child` schema walked by `walk`, then the ids added.
    fn container(
        &mut self,
        avro: Json,
        child: &str,
        walk: impl FnOnce(&mut Self, Json) -> Json,
        ids: &[(&str, Json)],
    ) -> Json {
        let Json::Object(mut object) = avro else {
            return avro;
        };
        if let Some(schema) = object.get_mut(child) {
            *schema = walk(self, schema.take());
        }
        for (key, id) in ids {
            object.insert((*key).into(), id.clone());
        }
        Json::Object(object)
    }

    /// A named type's schema (its definition, or a reference to it) at `path`.
    fn named(&mut self, reference: &TypeRef, avro: Json, path: &str) -> Json {
        if self.stack.contains(reference) {
            return avro; // recursion: a reference, nothing inside has ids
        }
        let Some((def, version)) = self.model.resolve(reference) else {
            return avro;
        };
        self.stack.push(reference.clone());
        let schema = match &version.body {
            Body::Newtype(inner) => self.ty(inner, None, avro, path),
            Body::Record(fields) => self.record(def, fields, avro, path),
            Body::Enum(_) | Body::Fixed(_) => match avro {
                Json::Object(_) if !self.emitted.insert(def.name.clone()) => {
                    Json::String(def.avro_name())
                }
                other => other,
            },
        };
        self.stack.pop();
        schema
    }

    /// A record at `path` (`""` for the root): its first definition keeps its name, any other
    /// place gets a copy named after the column's id; every field gets its `field-id`.
    fn record(&mut self, def: &TypeDef, fields: &[Field], avro: Json, path: &str) -> Json {
        let mut definition = match avro {
            Json::Object(object) => {
                self.definitions
                    .entry(def.name.clone())
                    .or_insert_with(|| object.clone());
                object
            }
            Json::String(_) => match self.definitions.get(&def.name) {
                Some(object) => object.clone(),
                None => return avro,
            },
            other => return other,
        };
        if !self.emitted.insert(def.name.clone()) {
            let id = self.id(path);
            definition.insert("name".into(), json!(format!("{}_{id}", def.name.name)));
            definition.shift_remove("aliases");
        }
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}.")
        };
        if let Some(Json::Array(schemas)) = definition.get_mut("fields") {
            for (schema, field) in schemas.iter_mut().zip(fields) {
                *schema = self.field(schema.take(), field, &format!("{prefix}{}", field.name));
            }
        }
        Json::Object(definition)
    }

    /// A record field's schema with ids, and its `field-id`.
    fn field(&mut self, schema: Json, field: &Field, path: &str) -> Json {
        let Json::Object(mut object) = schema else {
            return schema;
        };
        if let Some(ty) = object.get_mut("type") {
            *ty = self.ty(&field.ty, field.default.as_ref(), ty.take(), path);
        }
        object.insert("field-id".into(), self.id(path));
        Json::Object(object)
    }
}
