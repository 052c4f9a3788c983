//! The Parquet target: per record type version, the Arrow schema its Parquet files are written
//! with, in the JSON of Arrow's integration-test format (Arrow's own cross-language description
//! of a schema: `{"fields": [...], "metadata": [...]}`). Every column, list elements and map keys
//! and values included, carries its field id as the field metadata `PARQUET:field_id`, which
//! Arrow's Parquet writer stores as the Parquet `field_id`; the schema metadata holds the
//! version's lineage stamp (`accord.stamp`, and one key per stamp field as
//! `docs/topics.md` names them), which the writer stores in the file's key-value metadata.
//!
//! The generated notice is the top-level key `accord.generated`, beside `fields` and
//! `metadata` (readers of the format read those two only). The Python package embeds the
//! schema without it ([`arrow_schema`]).

use super::avro::pretty;
use super::manifest::{stamp, STAMP_HEADERS};
use super::tables::{map_tables, table_path, with_tables};
use super::{type_ref, GeneratedFile, Input};
use crate::ir::TypeRef;
use crate::output::FileSink;
use crate::table::{Column, ColumnType, Primitive, TableSchema, Unit};
use serde_json::{json, Map, Value as Json};

/// The schema metadata key of the whole stamp (its JSON text).
pub const STAMP_KEY: &str = "accord.stamp";

/// The field metadata key of a column's field id.
pub const FIELD_ID_KEY: &str = "PARQUET:field_id";

/// One `parquet/<package>/<Type>.vN.json` per record type version with a table schema.
pub fn files(input: Input, sink: &dyn FileSink) {
    with_tables(input, |input| {
        map_tables(input, |def, version, table| {
            let reference = type_ref(def, version);
            let mut object = Map::new();
            object.insert("accord.generated".into(), json!(input.header(def, version)));
            if let Json::Object(schema) = arrow_schema(input, &reference, table) {
                object.extend(schema);
            }
            let path = table_path("parquet", def, version, ".json");
            sink.put(GeneratedFile::new(path, pretty(&Json::Object(object))).for_type(reference));
        });
    });
}

/// The Arrow schema of a record type version's table: its fields and the stamp metadata.
pub fn arrow_schema(input: Input, reference: &TypeRef, table: &TableSchema) -> Json {
    let fields: Vec<Json> = table.columns.iter().map(field).collect();
    json!({"fields": fields, "metadata": stamp_metadata(&stamp(input, reference))})
}

/// The schema metadata of a stamp: the whole stamp as JSON text, then each of its fields.
fn stamp_metadata(stamp: &Json) -> Json {
    let mut entries = vec![entry(STAMP_KEY, &stamp.to_string())];
    for (field, key) in STAMP_HEADERS {
        let value = match stamp.get(*field) {
            Some(Json::String(text)) => text.clone(),
            Some(Json::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        entries.push(entry(key, &value));
    }
    Json::Array(entries)
}

/// One key-value metadata entry.
fn entry(key: &str, value: &str) -> Json {
    json!({"key": key, "value": value})
}

/// The Arrow field of a column, with its field id.
fn field(column: &Column) -> Json {
    json!({
        "name": column.name,
        "nullable": !column.required,
        "type": arrow_type(&column.ty),
        "children": children(&column.ty),
        "metadata": [entry(FIELD_ID_KEY, &column.id.to_string())],
    })
}

/// The child fields of a column type: struct fields, a list's `element`, a map's entries
/// (the struct `key_value` of `key` and `value`, as Parquet names them).
fn children(ty: &ColumnType) -> Vec<Json> {
    match ty {
        ColumnType::Primitive(_) => Vec::new(),
        ColumnType::Struct(fields) => fields.iter().map(field).collect(),
        ColumnType::List(element) => vec![field(element)],
        ColumnType::Map(key, value) => vec![json!({
            "name": "key_value",
            "nullable": false,
            "type": {"name": "struct"},
            "children": [field(key), field(value)],
        })],
    }
}

/// The Arrow type of a column type, as the integration-test JSON writes it.
fn arrow_type(ty: &ColumnType) -> Json {
    match ty {
        ColumnType::Primitive(primitive) => primitive_type(*primitive),
        ColumnType::Struct(_) => json!({"name": "struct"}),
        ColumnType::List(_) => json!({"name": "list"}),
        ColumnType::Map(..) => json!({"name": "map", "keysSorted": false}),
    }
}

/// The Arrow type of a leaf: `bool`, `int32`, `int64`, `float32`, `float64`, `decimal128`,
/// `date32`, `time32[ms]` / `time64[us]`, `timestamp` (`UTC` for instants, no time zone for
/// local date-times), `utf8`, `binary`, `fixed_size_binary`.
fn primitive_type(primitive: Primitive) -> Json {
    let unit = |unit: Unit| match unit {
        Unit::Millis => "MILLISECOND",
        Unit::Micros => "MICROSECOND",
    };
    match primitive {
        Primitive::Boolean => json!({"name": "bool"}),
        Primitive::Int => json!({"name": "int", "bitWidth": 32, "isSigned": true}),
        Primitive::Long => json!({"name": "int", "bitWidth": 64, "isSigned": true}),
        Primitive::Float => json!({"name": "floatingpoint", "precision": "SINGLE"}),
        Primitive::Double => json!({"name": "floatingpoint", "precision": "DOUBLE"}),
        Primitive::Decimal { precision, scale } => {
            json!({"name": "decimal", "precision": precision, "scale": scale, "bitWidth": 128})
        }
        Primitive::Date => json!({"name": "date", "unit": "DAY"}),
        Primitive::Time(Unit::Millis) => {
            json!({"name": "time", "unit": "MILLISECOND", "bitWidth": 32})
        }
        Primitive::Time(Unit::Micros) => {
            json!({"name": "time", "unit": "MICROSECOND", "bitWidth": 64})
        }
        Primitive::Timestamp { unit: u, utc: true } => {
            json!({"name": "timestamp", "unit": unit(u), "timezone": "UTC"})
        }
        Primitive::Timestamp {
            unit: u,
            utc: false,
        } => {
            json!({"name": "timestamp", "unit": unit(u)})
        }
        Primitive::String => json!({"name": "utf8"}),
        Primitive::Binary => json!({"name": "binary"}),
        Primitive::Fixed(size) => json!({"name": "fixedsizebinary", "byteWidth": size}),
    }
}
