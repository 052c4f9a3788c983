//! Unit tests of the vectors and of their files.

use super::*;
use crate::codegen::json_encoding::to_json;
use crate::codegen::{generate, Target};
use crate::config::ProjectConfig;
use crate::output::Collected;
use crate::project::Compilation;
use serde_json::Value as Json;
use std::path::Path;

fn compiled_shop() -> Compilation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    crate::compile(&path).expect("shop loads")
}

fn shop() -> Model {
    compiled_shop().model
}

fn category() -> TypeRef {
    TypeRef {
        name: FullName::new("shop.catalog", "Category"),
        version: 1,
    }
}

#[test]
fn recursion_reaches_depth_two_in_the_maximal_vector_only() {
    let model = shop();
    let root = category();
    let ty = Type::Named(root.clone());
    let all = vectors(&model, &root);
    let json = |name: &str| {
        let vector = all.iter().find(|v| v.name == name).expect(name);
        to_json(&model, &ty, &vector.datum).expect("encodes")
    };
    let minimal = json("minimal");
    assert!(minimal["parent"].is_null());
    assert_eq!(minimal["children"], serde_json::json!([]));
    let maximal = json("maximal");
    assert!(maximal["parent"]["parent"].is_object());
    assert!(maximal["parent"]["parent"]["parent"].is_null());
    assert_eq!(maximal["children"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        maximal["children"][1]["children"].as_array().map(Vec::len),
        Some(1),
        "two items in the root's collections, one deeper"
    );
    assert_eq!(
        maximal["children"][1]["children"][0]["children"],
        serde_json::json!([])
    );
}

#[test]
fn every_enum_symbol_and_union_branch_appears() {
    let model = shop();
    let root = TypeRef {
        name: FullName::new("shop.events", "Envelope"),
        version: 3,
    };
    let ty = Type::Named(root.clone());
    let texts: Vec<String> = vectors(&model, &root)
        .iter()
        .map(|v| to_json(&model, &ty, &v.datum).expect("encodes").to_string())
        .collect();
    for needle in [
        "\"shop.orders.Order\"",
        "\"shop.payments.Payment\"",
        "\"shop.shipments.Shipment\"",
        "\"CHF\"",
        "\"CANCELLED\"",
        "\"shop.orders.StoreChannel\"",
        "\"shop.payments.BankTransfer\"",
        "\"AMEX\"",
    ] {
        assert!(texts.iter().any(|t| t.contains(needle)), "{needle} missing");
    }
    assert!(texts.len() <= MAX_VECTORS);
}

fn unhex(text: &str) -> Vec<u8> {
    assert!(text.len().is_multiple_of(2), "odd hex {text}");
    assert!(
        text.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "not lowercase hex: {text}"
    );
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn hex_is_lowercase_two_digits_per_byte() {
    assert_eq!(hex(&[]), "");
    assert_eq!(hex(&[0x00, 0x0f, 0xc3, 0xff]), "000fc3ff");
}

/// One file per type version, holding exactly what [`vectors`] makes (canonical JSON text as a
/// string, single-object bytes as hex), and an index naming each file and its cases.
#[test]
fn one_vectors_file_per_type_version_and_an_index() {
    let compilation = compiled_shop();
    let model = &compilation.model;
    let input = Input::new(model, &compilation.facts, &compilation.sources);
    let collected = Collected::default();
    files(input, &collected);
    let mut files: Vec<GeneratedFile> = collected.into_files();
    let last = files.pop().expect("files");
    assert_eq!(last.path, "vectors/index.json", "the index comes last");
    let versions: Vec<_> = model.type_versions().collect();
    assert_eq!(files.len(), versions.len(), "one file per type version");
    let by_path: HashMap<&str, &GeneratedFile> = files
        .iter()
        .map(|file| (file.path.as_str(), file))
        .collect();
    let index: Json = serde_json::from_slice(&last.contents).expect("index is JSON");
    let entries = index["types"].as_array().expect("types");
    assert_eq!(entries.len(), versions.len());
    let mut cases_seen = 0;
    for (entry, (def, version)) in entries.iter().zip(&versions) {
        let reference = type_ref(def, version);
        let file = by_path[path(def, version).as_str()];
        assert_eq!(entry["file"], file.path.as_str());
        assert_eq!(file.origin.as_ref(), Some(&reference), "{}", file.path);
        let doc: Json = serde_json::from_slice(&file.contents).expect("vectors file is JSON");
        for key in ["type", "version", "fingerprint"] {
            assert_eq!(doc[key], entry[key], "{}: {key}", file.path);
        }
        assert_eq!(doc["type"], def.name.to_string());
        assert_eq!(doc["version"], version.number);
        let facts = input.facts_of(&reference).expect("facts");
        assert_eq!(doc["fingerprint"], facts.fingerprint_hex());
        let ty = Type::Named(reference.clone());
        let expected = vectors(model, &reference);
        let cases = doc["cases"].as_array().expect("cases");
        assert_eq!(cases.len(), expected.len(), "{}", file.path);
        assert!(!cases.is_empty(), "{} has cases", file.path);
        let names: Vec<&Json> = cases.iter().map(|c| &c["name"]).collect();
        assert_eq!(
            entry["cases"]
                .as_array()
                .expect("names")
                .iter()
                .collect::<Vec<_>>(),
            names
        );
        for (case, vector) in cases.iter().zip(&expected) {
            assert_eq!(case["name"], vector.name.as_str());
            let json = canonical(&to_json(model, &ty, &vector.datum).expect("encodes"));
            assert_eq!(case["json"], json.as_str(), "{} {}", file.path, vector.name);
            let mut datum = Vec::new();
            encode_avro(model, &ty, &vector.datum, &mut datum).expect("encodes");
            let avro = unhex(case["avro"].as_str().expect("hex"));
            assert_eq!(avro[..2], [0xc3, 0x01]);
            assert_eq!(avro[2..10], facts.fingerprints.crc64_le_bytes());
            assert_eq!(avro[10..], datum[..], "{} {}", file.path, vector.name);
            cases_seen += 1;
        }
    }
    assert!(cases_seen > 100, "{cases_seen} cases");
}

/// No two files under `vectors/` collide, not even on a case-insensitive file system, and no
/// file is where another file's directory is: packages named `layouts` and `topics`, types
/// named `index`, `Index`, `paths`, `keys` and `vectors`, and types named like a layout and a
/// topic of another package whose files land in the same directory. (Two types of one package
/// whose names differ in case only collide there in every target: not a vectors matter.)
#[test]
fn vectors_paths_never_collide() {
    let sources = [
        (
            "layouts.accord",
            "package layouts;\n\
             record index { a: int; }\n\
             record paths { version 1 { a: int; } version 2 { a: int; b: int = 0; } }\n",
        ),
        (
            "layouts_shop.accord",
            "package layouts.shop;\nrecord index { a: int; }\nrecord vectors { a: int; }\n",
        ),
        (
            "shop.accord",
            "package shop;\n\
             record Rec { id: string; }\n\
             layout index { path \"y/{id: string}.json\"; stores Rec as json; }\n\
             topic Index { name \"shop.index\"; key string; value Rec; }\n",
        ),
        (
            "topics.accord",
            "package topics;\nrecord index { a: int; }\nrecord keys { a: int; }\n",
        ),
        (
            "topics_shop.accord",
            "package topics.shop;\nrecord Index { a: int; }\n",
        ),
    ];
    let files = sources
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    let compilation = crate::compile_sources(files, ProjectConfig::default());
    let model = compilation
        .valid_model()
        .unwrap_or_else(|| panic!("contracts are valid: {:#?}", compilation.diagnostics));
    let generated = generate(
        Input::new(model, &compilation.facts, &compilation.sources),
        &[Target::Vectors],
    );
    let paths: Vec<String> = generated.iter().map(|f| f.path.to_lowercase()).collect();
    for expected in [
        "vectors/index.json",
        "vectors/layouts/index.json",
        "vectors/topics/index.json",
        "vectors/layouts/index.vectors.json",
        "vectors/topics/index.vectors.json",
        "vectors/layouts/shop/index.paths.json",
        "vectors/layouts/shop/index.vectors.json",
        "vectors/topics/shop/index.keys.json",
        "vectors/topics/shop/index.vectors.json",
    ] {
        assert!(
            paths.iter().any(|p| p == expected),
            "{expected} in {paths:#?}"
        );
    }
    let unique: BTreeSet<&String> = paths.iter().collect();
    assert_eq!(unique.len(), paths.len(), "a path twice: {paths:#?}");
    for path in &paths {
        let mut dir = path.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            assert!(
                !unique.contains(&parent.to_string()),
                "{parent} is a file and a directory"
            );
            dir = parent;
        }
    }
}
