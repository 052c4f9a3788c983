//! The Delta target: per record type version, what a Delta table holding it needs in its log:
//! `delta/<package>/<Type>.vN.json` with
//!
//! - `schemaString`: the table schema, the Spark `StructType` JSON ([`super::spark`]) as a
//!   string, with column mapping metadata on every field (`delta.columnMapping.id`, the field
//!   id, and `delta.columnMapping.physicalName`, `col-<id>`) when the history needs column
//!   mapping;
//! - `properties`: the table properties the history up to this version requires, from Delta's
//!   verdicts on each change ([`crate::compat::engines`]): a rename, a drop or a reused name
//!   requires column mapping (`delta.columnMapping.mode = name`, reader version 2, writer
//!   version 5), a widened type requires type widening (`delta.enableTypeWidening`, the
//!   `typeWidening` table feature: reader version 3, writer version 7);
//! - `protocol`: the protocol action those need (`minReaderVersion`, `minWriterVersion`, and
//!   `readerFeatures` / `writerFeatures` as PROTOCOL.md names them, with table features).
//!
//! The file is accord's own, so the generated notice is its key `generated`.

use super::avro::pretty;
use super::spark::struct_type;
use super::tables::{map_tables, table_path, with_tables};
use super::{type_ref, GeneratedFile, Input};
use crate::compat::engines::{assess, Engine};
use crate::ir::{FullName, TypeDef, TypeVersion};
use crate::output::FileSink;
use crate::table::TableSchema;
use serde_json::{json, Map, Value as Json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The table features Delta names that a history of changes requires.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features {
    /// `columnMapping`: renames, drops and reused names.
    pub column_mapping: bool,
    /// `typeWidening`: widened column types.
    pub type_widening: bool,
}

/// One `delta/<package>/<Type>.vN.json` per record type version with a table schema.
pub fn files(input: Input, sink: &dyn FileSink) {
    with_tables(input, |input| {
        let history = required_features(input);
        map_tables(input, |def, version, table| {
            let features = features_up_to(&history, def, version);
            let json = table_json(input.header(def, version), table, features);
            let path = table_path("delta", def, version, ".json");
            sink.put(GeneratedFile::new(path, pretty(&json)).for_type(type_ref(def, version)));
        });
    });
}

/// Per versioned record type, the features each newer version of a consecutive pair requires.
fn required_features(input: Input) -> HashMap<FullName, Vec<(u32, Features)>> {
    let mut history: HashMap<FullName, Vec<(u32, Features)>> = HashMap::new();
    let Some(tables) = input.tables else {
        return history;
    };
    for assessment in assess(input.model, input.facts, tables, &[Engine::Delta]) {
        let mut features = Features::default();
        let judgements = assessment.changes.iter().flat_map(|c| &c.judgements);
        for (_, judgement) in judgements.filter(|(engine, _)| *engine == Engine::Delta) {
            match judgement.requires {
                Some("columnMapping") => features.column_mapping = true,
                Some("typeWidening") => features.type_widening = true,
                _ => {}
            }
        }
        history
            .entry(assessment.def.name.clone())
            .or_default()
            .push((assessment.to, features));
    }
    history
}

/// The features the changes up to `version` require.
fn features_up_to(
    history: &HashMap<FullName, Vec<(u32, Features)>>,
    def: &TypeDef,
    version: &TypeVersion,
) -> Features {
    let pairs = history.get(&def.name).map_or(&[][..], Vec::as_slice);
    pairs
        .iter()
        .filter(|(to, _)| *to <= version.number)
        .fold(Features::default(), |all, (_, f)| Features {
            column_mapping: all.column_mapping || f.column_mapping,
            type_widening: all.type_widening || f.type_widening,
        })
}

/// The file of one version: notice, schema string, properties and protocol.
fn table_json(notice: String, table: &TableSchema, features: Features) -> Json {
    let schema = struct_type(&table.columns, features.column_mapping);
    json!({
        "generated": notice,
        "schemaString": schema.to_string(),
        "properties": properties(table, features),
        "protocol": protocol(features),
    })
}

/// The table properties `features` need, sorted by key.
pub fn properties(table: &TableSchema, features: Features) -> Json {
    let mut properties: BTreeMap<String, String> = BTreeMap::new();
    let mut set = |key: &str, value: String| properties.insert(key.to_owned(), value);
    if features.column_mapping {
        set("delta.columnMapping.mode", "name".to_owned());
        set("delta.columnMapping.maxColumnId", table.last_id.to_string());
    }
    if features.type_widening {
        set("delta.enableTypeWidening", "true".to_owned());
    }
    if features.column_mapping || features.type_widening {
        let (reader, writer, names) = versions(features);
        set("delta.minReaderVersion", reader.to_string());
        set("delta.minWriterVersion", writer.to_string());
        for name in names {
            set(&format!("delta.feature.{name}"), "supported".to_owned());
        }
    }
    json!(properties)
}

/// The protocol action `features` need.
pub fn protocol(features: Features) -> Json {
    let (reader, writer, names) = versions(features);
    let mut protocol = Map::new();
    protocol.insert("minReaderVersion".into(), json!(reader));
    protocol.insert("minWriterVersion".into(), json!(writer));
    if !names.is_empty() {
        protocol.insert("readerFeatures".into(), json!(names));
        protocol.insert("writerFeatures".into(), json!(names));
    }
    Json::Object(protocol)
}

/// Reader and writer versions, and the table features listed (only with table features, reader
/// version 3 and writer version 7: type widening exists only as a table feature, and column
/// mapping alone is reader version 2 and writer version 5).
fn versions(features: Features) -> (u32, u32, BTreeSet<&'static str>) {
    if features.type_widening {
        let mut names = BTreeSet::from(["typeWidening"]);
        if features.column_mapping {
            names.insert("columnMapping");
        }
        (3, 7, names)
    } else if features.column_mapping {
        (2, 5, BTreeSet::new())
    } else {
        (1, 2, BTreeSet::new())
    }
}
