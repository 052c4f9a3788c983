//! The Iceberg target: per record type version, three files under `iceberg/<package>/`:
//!
//! - `<Type>.vN.json`: the Iceberg schema (spec, Appendix C), with the version's field ids and
//!   its `@key` fields as identifier fields;
//! - `<Type>.vN.name-mapping.json`: the default name mapping (`schema.name-mapping.default`),
//!   which maps the columns of files written without field ids to ids by name; a renamed column
//!   lists its current name and every name it had in earlier versions;
//! - `<Type>.vN.avsc`: the version's Avro schema with Iceberg's ids ([`avro`]).
//!
//! The schema and the Avro schema carry the generated notice as `accord.generated` (readers
//! ignore unknown keys); the name mapping is a JSON array, which cannot carry it, and is written
//! as it is (`accord-manifest.json` traces it).

pub mod avro;

use super::avro::pretty;
use super::tables::{map_tables, table_of, table_path, with_tables};
use super::{type_ref, GeneratedFile, Input};
use crate::ir::{TypeDef, TypeVersion};
use crate::output::FileSink;
use crate::table::{Column, ColumnType, Primitive, TableSchema};
use serde_json::{json, Map, Value as Json};
use std::collections::{HashMap, HashSet};

/// The three files of every record type version with a table schema.
pub fn files(input: Input, sink: &dyn FileSink) {
    with_tables(input, |input| {
        map_tables(input, |def, version, table| {
            let reference = type_ref(def, version);
            let header = input.header(def, version);
            let file = |suffix: &str, json: &Json| {
                let path = table_path("iceberg", def, version, suffix);
                GeneratedFile::new(path, pretty(json)).for_type(reference.clone())
            };
            sink.put(file(".json", &with_notice(&header, schema(table))));
            let earlier = earlier_names(input, def, version);
            sink.put(file(".name-mapping.json", &name_mapping(table, &earlier)));
            if let Some(avsc) = avro::schema(input, &reference, table) {
                sink.put(file(".avsc", &with_notice(&header, avsc)));
            }
        });
    });
}

/// A JSON object with the generated notice as its first key.
fn with_notice(notice: &str, json: Json) -> Json {
    let mut object = Map::new();
    object.insert("accord.generated".into(), json!(notice));
    if let Json::Object(fields) = json {
        object.extend(fields);
    }
    Json::Object(object)
}

/// The Iceberg schema of a table (schema id 0: each file holds one schema).
pub fn schema(table: &TableSchema) -> Json {
    let fields: Vec<Json> = table.columns.iter().map(nested_field).collect();
    json!({
        "type": "struct",
        "schema-id": 0,
        "identifier-field-ids": table.identifier_ids,
        "fields": fields,
    })
}

/// A struct field: id, name, required, type, and doc when documented.
fn nested_field(column: &Column) -> Json {
    let mut field = Map::new();
    field.insert("id".into(), json!(column.id));
    field.insert("name".into(), json!(column.name));
    field.insert("required".into(), json!(column.required));
    field.insert("type".into(), iceberg_type(&column.ty));
    if let Some(doc) = &column.doc {
        field.insert("doc".into(), json!(doc));
    }
    Json::Object(field)
}

/// The Iceberg type of a column type.
fn iceberg_type(ty: &ColumnType) -> Json {
    match ty {
        ColumnType::Primitive(primitive) => json!(primitive_name(*primitive)),
        ColumnType::Struct(fields) => {
            let fields: Vec<Json> = fields.iter().map(nested_field).collect();
            json!({"type": "struct", "fields": fields})
        }
        ColumnType::List(element) => json!({
            "type": "list",
            "element-id": element.id,
            "element": iceberg_type(&element.ty),
            "element-required": element.required,
        }),
        ColumnType::Map(key, value) => json!({
            "type": "map",
            "key-id": key.id,
            "key": iceberg_type(&key.ty),
            "value-id": value.id,
            "value": iceberg_type(&value.ty),
            "value-required": value.required,
        }),
    }
}

/// The Iceberg name of a leaf type. Iceberg times and timestamps are microseconds (format v2):
/// a `_ms` value is stored in microseconds.
pub fn primitive_name(primitive: Primitive) -> String {
    match primitive {
        Primitive::Boolean => "boolean".into(),
        Primitive::Int => "int".into(),
        Primitive::Long => "long".into(),
        Primitive::Float => "float".into(),
        Primitive::Double => "double".into(),
        Primitive::Decimal { precision, scale } => format!("decimal({precision}, {scale})"),
        Primitive::Date => "date".into(),
        Primitive::Time(_) => "time".into(),
        Primitive::Timestamp { utc: true, .. } => "timestamptz".into(),
        Primitive::Timestamp { utc: false, .. } => "timestamp".into(),
        Primitive::String => "string".into(),
        Primitive::Binary => "binary".into(),
        Primitive::Fixed(size) => format!("fixed[{size}]"),
    }
}

/// Every name each field id had in the versions of `def` before `version`, newest first.
fn earlier_names(input: Input, def: &TypeDef, version: &TypeVersion) -> HashMap<u32, Vec<String>> {
    let mut names: HashMap<u32, Vec<String>> = HashMap::new();
    let earlier = def
        .versions
        .iter()
        .rev()
        .filter(|v| v.number < version.number);
    for table in earlier.filter_map(|v| table_of(input, &type_ref(def, v))) {
        for column in table.all_columns() {
            let known = names.entry(column.id).or_default();
            if !known.contains(&column.name) {
                known.push(column.name.clone());
            }
        }
    }
    names
}

/// The default name mapping of a table: every column's id and names, nested like the schema.
pub fn name_mapping(table: &TableSchema, earlier: &HashMap<u32, Vec<String>>) -> Json {
    mapped_fields(&table.columns.iter().collect::<Vec<_>>(), earlier)
}

/// The mapped fields of the columns of one struct (or of a list's element, a map's key and
/// value). A column's names are its own, then its `@renamed` names, then the names its id had
/// in earlier versions; a name another column of the same struct has now is left out, so that
/// every name maps to one id.
fn mapped_fields(columns: &[&Column], earlier: &HashMap<u32, Vec<String>>) -> Json {
    let current: HashSet<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let fields = columns.iter().map(|column| {
        let mut names = vec![column.name.clone()];
        let others = column
            .renamed_from
            .iter()
            .chain(earlier.get(&column.id).into_iter().flatten());
        for name in others {
            if !names.contains(name) && !current.contains(name.as_str()) {
                names.push(name.clone());
            }
        }
        let mut field = Map::new();
        field.insert("field-id".into(), json!(column.id));
        field.insert("names".into(), json!(names));
        let children = column.children();
        if !children.is_empty() {
            field.insert("fields".into(), mapped_fields(&children, earlier));
        }
        Json::Object(field)
    });
    Json::Array(fields.collect())
}
