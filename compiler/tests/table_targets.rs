//! The table targets (`docs/targets-tables.md`): Iceberg (schema, default name mapping, Avro
//! schema with Iceberg ids), Spark (`StructType` JSON), Parquet (Arrow schema JSON) and Delta
//! (schema string, properties, protocol). Snapshots of one type version of the evolution fixture,
//! field ids kept across `@renamed` in the Iceberg schema and the name mapping (with the lock's
//! ids), Delta's properties from its verdicts, every target of every project generated, and the
//! Avro schemas parsed by apache-avro. The real consumers (pyiceberg, PySpark, pyarrow) read the
//! files in `tests/python/test_tables_*.py`.

use accord_compiler::codegen::{generate, GeneratedFile, Input, Target};
use accord_compiler::{compile_sources, Compilation};
use serde_json::{json, Value as Json};
use std::path::Path;

const TABLE_TARGETS: &[Target] = &[
    Target::Iceberg,
    Target::Spark,
    Target::Parquet,
    Target::Delta,
];

fn project(dir: &str) -> Compilation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let compilation = accord_compiler::compile(&path).expect("the project loads");
    assert!(
        compilation.valid_model().is_some(),
        "{dir}: {:?}",
        compilation.diagnostics
    );
    compilation
}

fn sources(text: &str) -> Compilation {
    let compilation = compile_sources(vec![("a.accord".into(), text.into())], Default::default());
    assert!(
        compilation.valid_model().is_some(),
        "{:?}",
        compilation.diagnostics
    );
    compilation
}

/// Every file of `targets`, generated with the lock's field ids as `accord gen` does.
fn generated(compilation: &Compilation, targets: &[Target]) -> Vec<GeneratedFile> {
    let model = compilation.valid_model().expect("valid");
    let tables = compilation.tables();
    let input = Input {
        tables: Some(&tables),
        ..Input::new(model, &compilation.facts, &compilation.sources)
    };
    generate(input, targets)
}

fn text(files: &[GeneratedFile], path: &str) -> String {
    let file = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} not generated"));
    String::from_utf8(file.contents.clone()).expect("UTF-8")
}

fn json_file(files: &[GeneratedFile], path: &str) -> Json {
    serde_json::from_str(&text(files, path)).expect("JSON")
}

#[test]
fn snapshots_of_the_evolution_fixture() {
    let files = generated(&project("tests/fixtures/evolution"), TABLE_TARGETS);
    for (name, path) in [
        ("iceberg_schema", "iceberg/evo/Widened.v2.json"),
        (
            "iceberg_name_mapping",
            "iceberg/evo/Widened.v2.name-mapping.json",
        ),
        ("iceberg_avro", "iceberg/evo/Widened.v2.avsc"),
        ("spark", "spark/evo/Widened.v2.json"),
        ("parquet", "parquet/evo/Widened.v2.json"),
        ("delta", "delta/evo/Widened.v2.json"),
    ] {
        insta::assert_snapshot!(format!("evolution_widened_v2_{name}"), text(&files, path));
    }
}

/// The ids of a schema's top-level fields by name, from the Iceberg schema JSON.
fn iceberg_ids(schema: &Json) -> Vec<(String, u64)> {
    schema["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_owned(),
                f["id"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The names of a field id in a name mapping (top level).
fn mapped_names(mapping: &Json, id: u64) -> Vec<String> {
    let field = mapping
        .as_array()
        .expect("a list")
        .iter()
        .find(|f| f["field-id"] == json!(id))
        .unwrap_or_else(|| panic!("no field {id} in {mapping}"));
    serde_json::from_value(field["names"].clone()).unwrap()
}

fn id_of(ids: &[(String, u64)], name: &str) -> u64 {
    ids.iter().find(|(n, _)| n == name).expect(name).1
}

#[test]
fn renamed_fields_keep_their_id_and_map_every_earlier_name_with_the_locks_ids() {
    // The shop's lock holds the ids of Customer and Order: the generated files use them.
    let files = generated(&project(".."), &[Target::Iceberg]);
    let customer = |v: u32| {
        json_file(
            &files,
            &format!("iceberg/shop/customers/Customer.v{v}.json"),
        )
    };
    let (v1, v2, v3) = (
        iceberg_ids(&customer(1)),
        iceberg_ids(&customer(2)),
        iceberg_ids(&customer(3)),
    );
    let name = id_of(&v1, "name");
    assert_eq!(id_of(&v2, "full_name"), name);
    assert_eq!(id_of(&v3, "full_name"), name);
    let mapping = json_file(
        &files,
        "iceberg/shop/customers/Customer.v3.name-mapping.json",
    );
    assert_eq!(mapped_names(&mapping, name), ["full_name", "name"]);
    let order = |v: u32| json_file(&files, &format!("iceberg/shop/orders/Order.v{v}.json"));
    let customer_id = id_of(&iceberg_ids(&order(2)), "customer_id");
    assert_eq!(id_of(&iceberg_ids(&order(1)), "customer"), customer_id);
    let mapping = json_file(&files, "iceberg/shop/orders/Order.v3.name-mapping.json");
    assert_eq!(
        mapped_names(&mapping, customer_id),
        ["customer_id", "customer"]
    );
    let avro = json_file(&files, "iceberg/shop/orders/Order.v2.avsc");
    let field = avro["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "customer_id")
        .unwrap();
    assert_eq!(field["field-id"], json!(customer_id));
}

#[test]
fn a_chain_of_renames_inside_a_nested_record_maps_every_name_and_keeps_the_id() {
    let c = sources(
        "package p;
        record Inner {
          version 1 { a: int; }
          version 2 { b: int @renamed(a); }
          version 3 { c: int @renamed(b); a: string = \"\"; }
        }
        record Outer {
          version 1 { inner: Inner@1; }
          version 2 { inner: Inner@2; }
          version 3 { inner: Inner@3; }
        }",
    );
    let files = generated(&c, &[Target::Iceberg]);
    let schema = json_file(&files, "iceberg/p/Outer.v3.json");
    let inner = &schema["fields"][0]["type"]["fields"];
    assert_eq!(inner[0]["name"], "c");
    assert_eq!(inner[0]["id"], json!(2), "the id of `inner.a` in version 1");
    assert_eq!(inner[1]["id"], json!(3), "a new column, a new id");
    let mapping = json_file(&files, "iceberg/p/Outer.v3.name-mapping.json");
    let nested = &mapping[0]["fields"];
    // `a` is the name of another column now: old files' `a` is not mapped to id 2.
    assert_eq!(nested[0], json!({"field-id": 2, "names": ["c", "b"]}));
    assert_eq!(nested[1], json!({"field-id": 3, "names": ["a"]}));
}

/// The Delta file of `p.T` version 2 after `old` -> `new`.
fn delta_of_change(old: &str, new: &str) -> Json {
    let c = sources(&format!(
        "package p; record T {{ compat none; version 1 {{ k: long; {old} }} version 2 {{ k: long; {new} }} }}"
    ));
    json_file(&generated(&c, &[Target::Delta]), "delta/p/T.v2.json")
}

#[test]
fn delta_properties_follow_deltas_verdicts_on_the_history() {
    let none = delta_of_change("c: int;", "c: int; d: string? = null;");
    assert_eq!(none["properties"], json!({}));
    assert_eq!(
        none["protocol"],
        json!({"minReaderVersion": 1, "minWriterVersion": 2})
    );
    let renamed = delta_of_change("c: int;", "d: int @renamed(c);");
    assert_eq!(
        renamed["properties"],
        json!({
            "delta.columnMapping.maxColumnId": "2",
            "delta.columnMapping.mode": "name",
            "delta.minReaderVersion": "2",
            "delta.minWriterVersion": "5",
        })
    );
    let schema: Json = serde_json::from_str(renamed["schemaString"].as_str().unwrap()).unwrap();
    assert_eq!(
        schema["fields"][1]["metadata"],
        json!({"delta.columnMapping.id": 2, "delta.columnMapping.physicalName": "col-2"})
    );
    let widened = delta_of_change("c: int;", "c: long;");
    assert_eq!(widened["properties"]["delta.enableTypeWidening"], "true");
    assert_eq!(
        widened["properties"]["delta.feature.typeWidening"],
        "supported"
    );
    assert_eq!(
        widened["protocol"],
        json!({"minReaderVersion": 3, "minWriterVersion": 7, "readerFeatures": ["typeWidening"], "writerFeatures": ["typeWidening"]})
    );
    let both = delta_of_change("c: int; e: int;", "c: long; f: int @renamed(e);");
    assert_eq!(
        both["protocol"]["readerFeatures"],
        json!(["columnMapping", "typeWidening"])
    );
    assert_eq!(
        both["properties"]["delta.feature.columnMapping"],
        "supported"
    );
}

#[test]
fn a_later_version_keeps_the_features_of_the_history_before_it() {
    let c = sources(
        "package p; record T { compat none;
          version 1 { a: int; }
          version 2 { b: int @renamed(a); }
          version 3 { b: int; c: string? = null; }
        }",
    );
    let files = generated(&c, &[Target::Delta]);
    let v1 = json_file(&files, "delta/p/T.v1.json");
    let v3 = json_file(&files, "delta/p/T.v3.json");
    assert_eq!(v1["properties"], json!({}));
    assert_eq!(v3["properties"]["delta.columnMapping.mode"], "name");
    assert_eq!(v3["properties"]["delta.columnMapping.maxColumnId"], "2");
}

/// Record type versions with a table schema, and the files each table target writes for them.
fn check_project(dir: &str) {
    let compilation = project(dir);
    let all = generated(&compilation, Target::ALL);
    let again = generated(&compilation, Target::ALL);
    assert!(all == again, "{dir}: generation is deterministic");
    let tables = compilation.tables();
    let model = compilation.valid_model().unwrap();
    let with_table = model
        .type_versions()
        .filter(|(def, version)| {
            tables
                .get(&accord_compiler::codegen::type_ref(def, version))
                .is_some()
        })
        .count();
    assert!(with_table > 0, "{dir}: no record type");
    for (target, per_version) in [("iceberg", 3), ("spark", 1), ("parquet", 1), ("delta", 1)] {
        let files: Vec<&GeneratedFile> = all
            .iter()
            .filter(|f| f.path.starts_with(&format!("{target}/")))
            .collect();
        assert_eq!(files.len(), with_table * per_version, "{dir}: {target}");
        for file in files {
            let parsed: Result<Json, _> = serde_json::from_slice(&file.contents);
            assert!(parsed.is_ok(), "{dir}: {} is not JSON", file.path);
            assert!(
                file.origin.is_some(),
                "{dir}: {} has no type version",
                file.path
            );
        }
    }
    let manifest: Json = serde_json::from_slice(
        &all.iter()
            .find(|f| f.path == "accord-manifest.json")
            .unwrap()
            .contents,
    )
    .unwrap();
    let listed = manifest["types"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["files"].get("iceberg").is_some())
        .count();
    assert_eq!(listed, with_table, "{dir}: the manifest lists the files");
}

#[test]
fn every_target_generates_for_the_examples_and_every_fixture() {
    check_project("..");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("accord.toml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 5);
    for dir in dirs {
        check_project(dir.to_str().unwrap());
    }
}

/// Whether a schema's record fields (at any depth) all carry a `field-id`.
fn every_field_has_an_id(schema: &Json) -> bool {
    match schema {
        Json::Object(object) => {
            let fields_ok = object
                .get("fields")
                .and_then(Json::as_array)
                .is_none_or(|fields| {
                    fields
                        .iter()
                        .all(|f| f.get("field-id").is_some_and(Json::is_u64))
                });
            fields_ok && object.values().all(every_field_has_an_id)
        }
        Json::Array(items) => items.iter().all(every_field_has_an_id),
        _ => true,
    }
}

#[test]
fn iceberg_avro_schemas_parse_and_carry_ids_on_every_field_array_and_map() {
    for dir in ["..", "tests/fixtures/kitchen", "tests/fixtures/evolution"] {
        let files = generated(&project(dir), &[Target::Iceberg]);
        for file in files.iter().filter(|f| f.path.ends_with(".avsc")) {
            let schema: Json = serde_json::from_slice(&file.contents).unwrap();
            assert!(every_field_has_an_id(&schema), "{}", file.path);
            let text = schema.to_string();
            for (container, ids) in [("\"array\"", 1), ("\"map\"", 2)] {
                let count = text.matches(&format!("\"type\":{container}")).count();
                let with_ids = match ids {
                    1 => text.matches("\"element-id\":").count(),
                    _ => text.matches("\"value-id\":").count(),
                };
                assert_eq!(count, with_ids, "{}: {container} without ids", file.path);
            }
            if let Err(error) = apache_avro::Schema::parse_str(&text) {
                // apache-avro's known refusals (see avro_target.rs): decimal defaults, `error`.
                let error = error.to_string();
                assert!(
                    error.contains("precision") || error.contains("error"),
                    "{}: {error}",
                    file.path
                );
            }
        }
    }
}

#[test]
fn a_record_met_again_is_written_again_with_its_own_ids() {
    let files = generated(&project("tests/fixtures/evolution"), &[Target::Iceberg]);
    let avro = json_file(&files, "iceberg/evo/Widened.v2.avsc");
    let items = &avro["fields"][6]["type"]["items"][0];
    assert_eq!(items["name"], "Point");
    assert_eq!(items["fields"][0]["field-id"], json!(12));
    let extra = &avro["fields"][10]["type"]["items"];
    assert_eq!(
        extra["name"], "Point_24",
        "the second Point, named after its column"
    );
    assert_eq!(extra["fields"][0]["field-id"], json!(25));
}

#[test]
fn union_branches_moved_by_a_default_keep_their_members_ids() {
    // A default of the second branch: Avro puts that branch first.
    let c = sources(
        "package p; record T { u: union<string, long> = 5; r: union<A, B>? = { y: 1 }; }
        record A { x: string; } record B { y: int; }",
    );
    let files = generated(&c, &[Target::Iceberg]);
    let schema = json_file(&files, "iceberg/p/T.json");
    let members = &schema["fields"][1]["type"]["fields"];
    let (a_x, b_y) = (
        members[0]["type"]["fields"][0]["id"].clone(),
        members[1]["type"]["fields"][0]["id"].clone(),
    );
    let avro = json_file(&files, "iceberg/p/T.avsc");
    let branches = &avro["fields"][1]["type"];
    assert_eq!(
        branches[0]["name"], "B",
        "the default's branch first on the wire"
    );
    assert_eq!(branches[0]["fields"][0]["field-id"], b_y);
    assert_eq!(branches[1]["fields"][0]["field-id"], a_x);
}

#[test]
fn all_includes_the_table_targets() {
    let names: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
    for name in ["iceberg", "spark", "parquet", "delta"] {
        assert!(names.contains(&name));
        assert_eq!(name.parse::<Target>().unwrap().name(), name);
    }
}

#[test]
fn without_tables_in_the_input_the_targets_number_the_model_alone() {
    let compilation = project("tests/fixtures/evolution");
    let model = compilation.valid_model().unwrap();
    let input = Input::new(model, &compilation.facts, &compilation.sources);
    let derived = generate(input, TABLE_TARGETS);
    // The fixture has no lock: the ids are the same either way.
    assert!(derived == generated(&compilation, TABLE_TARGETS));
}
