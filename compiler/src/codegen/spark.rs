//! The Spark target: per record type version, its table schema as the JSON of a Spark
//! `StructType`, exactly as `df.schema.json()` prints it in PySpark (keys sorted), pretty-printed.
//! `StructType.fromJson` (PySpark) and `DataType.fromJson` (Scala) read it back.
//!
//! The file carries no generated notice: Scala's `DataType.fromJson` refuses any key it does not
//! know, so the file is written as it is and `accord-manifest.json` traces it (as the Avro target
//! does for union schemas). The Delta target reuses [`struct_type`] with column mapping metadata.

use super::avro::pretty;
use super::tables::{map_tables, table_path, with_tables};
use super::{type_ref, GeneratedFile, Input};
use crate::output::FileSink;
use crate::table::{Column, ColumnType, Primitive, Unit};
use serde_json::{json, Map, Value as Json};

/// One `spark/<package>/<Type>.vN.json` per record type version with a table schema.
pub fn files(input: Input, sink: &dyn FileSink) {
    with_tables(input, |input| {
        map_tables(input, |def, version, table| {
            let path = table_path("spark", def, version, ".json");
            let schema = struct_type(&table.columns, false);
            sink.put(GeneratedFile::new(path, pretty(&schema)).for_type(type_ref(def, version)));
        });
    });
}

/// The `StructType` JSON of `columns`. With `column_mapping`, every field's metadata also holds
/// Delta's `delta.columnMapping.id` (the field id) and `delta.columnMapping.physicalName`
/// (`col-<id>`).
pub fn struct_type(columns: &[Column], column_mapping: bool) -> Json {
    let fields: Vec<Json> = columns
        .iter()
        .map(|column| struct_field(column, column_mapping))
        .collect();
    json!({"fields": fields, "type": "struct"})
}

/// One `StructField`: metadata, name, nullable, type (PySpark's key order).
fn struct_field(column: &Column, column_mapping: bool) -> Json {
    let mut metadata = Map::new();
    if let Some(doc) = &column.doc {
        metadata.insert("comment".into(), json!(doc));
    }
    if column_mapping {
        metadata.insert("delta.columnMapping.id".into(), json!(column.id));
        metadata.insert(
            "delta.columnMapping.physicalName".into(),
            json!(physical_name(column.id)),
        );
    }
    json!({
        "metadata": metadata,
        "name": column.name,
        "nullable": !column.required,
        "type": data_type(&column.ty, column_mapping),
    })
}

/// The physical name of a column under Delta's column mapping: `col-<field id>`.
pub fn physical_name(id: u32) -> String {
    format!("col-{id}")
}

/// The Spark data type of a column type.
fn data_type(ty: &ColumnType, column_mapping: bool) -> Json {
    match ty {
        ColumnType::Primitive(primitive) => json!(primitive_name(*primitive)),
        ColumnType::Struct(fields) => struct_type(fields, column_mapping),
        ColumnType::List(element) => json!({
            "containsNull": !element.required,
            "elementType": data_type(&element.ty, column_mapping),
            "type": "array",
        }),
        ColumnType::Map(key, value) => json!({
            "keyType": data_type(&key.ty, column_mapping),
            "type": "map",
            "valueContainsNull": !value.required,
            "valueType": data_type(&value.ty, column_mapping),
        }),
    }
}

/// The Spark name of a leaf type. Spark 3.5 has no time of day: `time_ms` is an `integer` of
/// milliseconds since midnight and `time_us` a `long` of microseconds; a fixed is `binary`. Spark timestamps are microseconds: a UTC one is `timestamp`,
/// a local one `timestamp_ntz`.
pub fn primitive_name(primitive: Primitive) -> String {
    match primitive {
        Primitive::Boolean => "boolean".into(),
        Primitive::Int | Primitive::Time(Unit::Millis) => "integer".into(),
        Primitive::Long | Primitive::Time(Unit::Micros) => "long".into(),
        Primitive::Float => "float".into(),
        Primitive::Double => "double".into(),
        Primitive::Decimal { precision, scale } => format!("decimal({precision},{scale})"),
        Primitive::Date => "date".into(),
        Primitive::Timestamp { utc: true, .. } => "timestamp".into(),
        Primitive::Timestamp { utc: false, .. } => "timestamp_ntz".into(),
        Primitive::String => "string".into(),
        Primitive::Binary | Primitive::Fixed(_) => "binary".into(),
    }
}
