//! The synthetic Avro monorepo of `scripts/bench-scale.sh` (`examples/avro_monorepo.rs`) must stay
//! valid Avro that `accord import avro` takes whole and `accord check` passes, so the benchmark
//! built on it cannot rot. Counts only: timings belong to the benchmark.

#[path = "support/avro_monorepo.rs"]
mod avro_monorepo;

use accord_compiler::import::{import_avro, AvroFile, Import, ImportOptions};
use std::path::PathBuf;

fn import(files: &[(String, String)]) -> Import {
    let inputs = files
        .iter()
        .map(|(path, text)| AvroFile {
            name: path.clone(),
            path: PathBuf::from(path),
            text: text.clone(),
        })
        .collect();
    import_avro(inputs, &ImportOptions::default())
}

fn errors(import: &Import) -> Vec<String> {
    import
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

/// Writes the imported contracts as a project and compiles it.
fn check(test: &str, import: &Import) -> accord_compiler::Compilation {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("avro_monorepo")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::write(
        dir.join("accord.toml"),
        "[project]\nschemas = \"schemas\"\n",
    )
    .unwrap();
    for file in &import.files {
        std::fs::write(dir.join("schemas").join(&file.path), &file.contents).unwrap();
    }
    accord_compiler::compile(&dir).expect("load the imported project")
}

#[test]
fn the_generator_is_deterministic_and_has_the_shape_of_a_monorepo() {
    let params = avro_monorepo::Params {
        records: 60,
        seed: 3,
    };
    let (files, stats) = avro_monorepo::render(&params);
    let (again, _) = avro_monorepo::render(&params);
    assert!(files.iter().zip(&again).all(|(a, b)| a.text == b.text));
    let (other, _) = avro_monorepo::render(&avro_monorepo::Params { seed: 4, ..params });
    assert!(files.iter().zip(&other).any(|(a, b)| a.text != b.text));

    assert_eq!((stats.files, stats.namespaces), (60, 5));
    assert_eq!(files.len(), 60);
    assert!(stats.fields >= 60 * 5, "{stats:?}");
    for (what, count) in [
        ("nested records", stats.nested_records),
        ("enums", stats.enums),
        ("optionals", stats.optionals),
        ("arrays", stats.arrays),
        ("maps", stats.maps),
        ("logical types", stats.logical),
        ("references", stats.references),
        (
            "cross-namespace references",
            stats.cross_namespace_references,
        ),
        ("defaults", stats.defaults),
    ] {
        assert!(count > 0, "no {what}: {stats:?}");
    }
    assert!(files
        .iter()
        .all(|f| f.path.starts_with("acme/") && f.path.ends_with(".avsc")));

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("avro_monorepo/written");
    let _ = std::fs::remove_dir_all(&dir);
    let written = avro_monorepo::generate(&params, &dir).expect("write the monorepo");
    assert_eq!(written, stats);
    for file in &files {
        let text = std::fs::read_to_string(dir.join(&file.path)).expect("a file per record");
        assert_eq!(text, file.text);
    }
}

#[test]
fn every_generated_file_is_a_valid_avro_schema_on_its_own() {
    let (files, _) = avro_monorepo::render(&avro_monorepo::Params {
        records: 60,
        seed: 1,
    });
    for file in &files {
        if let Err(e) = apache_avro::Schema::parse_str(&file.text) {
            panic!("{} is not valid Avro: {e}\n{}", file.path, file.text);
        }
    }
}

#[test]
fn a_small_monorepo_imports_in_one_call_and_checks_cleanly() {
    let (files, stats) = avro_monorepo::render(&avro_monorepo::Params {
        records: 36,
        seed: 1,
    });
    let inputs: Vec<(String, String)> = files.into_iter().map(|f| (f.path, f.text)).collect();
    let imported = import(&inputs);
    assert!(!imported.has_errors(), "{:#?}", errors(&imported));
    assert_eq!(imported.roots.len(), stats.files);

    let compilation = check("small", &imported);
    let messages: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(!compilation.has_errors(), "{messages:#?}");
    assert_eq!(compilation.model.types.len(), stats.named_types);
}

#[test]
fn the_pathological_inputs_are_valid_and_import_at_small_sizes() {
    for (name, text) in [
        ("Link0.avsc", avro_monorepo::deep_chain_avsc(12)),
        ("Wide.avsc", avro_monorepo::wide_avsc(250)),
    ] {
        apache_avro::Schema::parse_str(&text).expect("valid Avro");
        let imported = import(&[(name.to_string(), text)]);
        assert!(!imported.has_errors(), "{:#?}", errors(&imported));
        let compilation = check(name, &imported);
        assert!(!compilation.has_errors());
        let expected = if name == "Wide.avsc" { 1 } else { 12 };
        assert_eq!(compilation.model.types.len(), expected);
    }

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("avro_monorepo/chain_contract");
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::write(
        dir.join("accord.toml"),
        "[project]\nschemas = \"schemas\"\n",
    )
    .unwrap();
    let chain = avro_monorepo::deep_chain_contract(12);
    std::fs::write(dir.join("schemas/chain.accord"), chain).unwrap();
    let compilation = accord_compiler::compile(&dir).expect("load the chain");
    let messages: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(messages.is_empty(), "{messages:#?}");
    assert_eq!(compilation.model.types.len(), 12);
}

/// Every named type is defined once per file at the benchmark's largest size (seed 1, 10,000
/// records): generated names once collided (`label_1` + counter 3 and `label` + counter 13).
#[test]
fn no_file_defines_a_name_twice_at_ten_thousand_records() {
    fn walk(
        schema: &serde_json::Value,
        namespace: &str,
        seen: &mut std::collections::HashSet<String>,
    ) -> Result<(), String> {
        match schema {
            serde_json::Value::Array(branches) => {
                for branch in branches {
                    walk(branch, namespace, seen)?;
                }
            }
            serde_json::Value::Object(object) => {
                let kind = object.get("type").and_then(|t| t.as_str());
                let mut inner = namespace.to_string();
                if let (Some("record" | "enum" | "fixed"), Some(name)) =
                    (kind, object.get("name").and_then(|n| n.as_str()))
                {
                    if let Some(ns) = object.get("namespace").and_then(|n| n.as_str()) {
                        inner = ns.to_string();
                    }
                    let full = format!("{inner}.{name}");
                    if !seen.insert(full.clone()) {
                        return Err(full);
                    }
                }
                for field in object
                    .get("fields")
                    .and_then(|f| f.as_array())
                    .into_iter()
                    .flatten()
                {
                    walk(&field["type"], &inner, seen)?;
                }
                for key in ["items", "values"] {
                    if let Some(nested) = object.get(key) {
                        walk(nested, &inner, seen)?;
                    }
                }
                if kind.is_some_and(|k| !matches!(k, "record" | "enum" | "fixed" | "array" | "map"))
                {
                    walk(&object["type"], &inner, seen)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
    let (files, _) = avro_monorepo::render(&avro_monorepo::Params {
        records: 10_000,
        seed: 1,
    });
    for file in &files {
        let schema: serde_json::Value = serde_json::from_str(&file.text).unwrap();
        let mut seen = std::collections::HashSet::new();
        if let Err(name) = walk(&schema, "", &mut seen) {
            panic!("{} defines {name} twice", file.path);
        }
    }
}
