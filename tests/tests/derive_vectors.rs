//! Hand-written types deriving `accord::Contract` (`tests/src/derived.rs`) write exactly the
//! bytes of the generated types of the same contract versions, on every test vector of those
//! versions: canonical JSON, Avro single-object and plain datum, both directions, and they carry
//! the same identity (name, version, fingerprint, schemas).

use accord::Contract;
use accord_compiler::codegen::{generate, Input, Target};
use accord_tests::derived;
use accord_tests::shop_contracts::shop;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::Path;

struct Vectors {
    files: HashMap<String, Vec<u8>>,
    index: Json,
}

fn vectors() -> Vectors {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let compilation = accord_compiler::compile(&path).expect("project loads");
    let model = compilation.valid_model().expect("contracts are valid");
    let files = generate(
        Input::new(model, &compilation.facts, &compilation.sources),
        &[Target::Vectors],
    );
    let files: HashMap<String, Vec<u8>> = files.into_iter().map(|f| (f.path, f.contents)).collect();
    let index = serde_json::from_slice(&files["vectors/index.json"]).expect("index is JSON");
    Vectors { files, index }
}

/// Checks derived type `D` against generated type `G` on every vector of their contract
/// version; returns the number of vectors.
fn same_bytes<D: Contract, G: Contract>(vectors: &Vectors) -> usize {
    let name = format!("{}@{}", D::full_name(), D::version());
    assert_eq!(D::INFO, G::INFO, "{name}: identity and schemas");
    let entry = vectors.index["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == D::full_name() && t["version"] == D::version())
        .unwrap_or_else(|| panic!("no vectors for {name}"));
    let cases = entry["cases"].as_array().unwrap();
    assert!(!cases.is_empty(), "{name} has vectors");
    for case in cases {
        let label = format!("{name} {}", case["name"]);
        let json = std::str::from_utf8(&vectors.files[case["json"].as_str().unwrap()]).unwrap();
        let avro = &vectors.files[case["avro"].as_str().unwrap()];
        let derived = D::from_json(json).unwrap_or_else(|e| panic!("{label}: from_json: {e}"));
        let generated = G::from_json(json).unwrap();
        assert_eq!(derived.to_json().unwrap(), json, "{label}: JSON");
        assert_eq!(
            derived.to_json().unwrap(),
            generated.to_json().unwrap(),
            "{label}: JSON"
        );
        assert_eq!(
            derived.to_single_object().unwrap(),
            *avro,
            "{label}: Avro from JSON"
        );
        assert_eq!(
            derived.to_avro_datum().unwrap(),
            generated.to_avro_datum().unwrap(),
            "{label}: Avro datum"
        );
        let from_avro = D::from_single_object(avro).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(
            from_avro.to_single_object().unwrap(),
            *avro,
            "{label}: Avro"
        );
        assert_eq!(
            from_avro.to_json().unwrap(),
            json,
            "{label}: JSON from Avro"
        );
        let wire = from_avro.to_registry_wire(7).unwrap();
        let (id, back) = D::from_registry_wire(&wire).unwrap();
        assert_eq!(
            (id, back.to_json().unwrap()),
            (7, json.to_owned()),
            "{label}"
        );
    }
    cases.len()
}

#[test]
fn derived_types_write_the_bytes_of_generated_types() {
    let v = vectors();
    let counts = [
        same_bytes::<derived::Order, shop::orders::OrderV3>(&v),
        same_bytes::<derived::OrderV2, shop::orders::OrderV2>(&v),
        same_bytes::<derived::OrderLine, shop::orders::OrderLineV2>(&v),
        same_bytes::<derived::Currency, shop::common::CurrencyV3>(&v),
        same_bytes::<derived::CurrencyV2, shop::common::CurrencyV2>(&v),
        same_bytes::<derived::OrderStatus, shop::orders::OrderStatusV2>(&v),
        same_bytes::<derived::OrderStatusV1, shop::orders::OrderStatusV1>(&v),
        same_bytes::<derived::Address, shop::common::PostalAddress>(&v),
        same_bytes::<derived::WebChannel, shop::orders::WebChannel>(&v),
        same_bytes::<derived::StoreChannel, shop::orders::StoreChannel>(&v),
        same_bytes::<derived::Digest, shop::common::Sha256>(&v),
        same_bytes::<derived::CustomerId, shop::customers::CustomerId>(&v),
        same_bytes::<derived::Category, shop::catalog::Category>(&v),
        same_bytes::<derived::ExactAmount, shop::common::ExactAmount>(&v),
    ];
    let total: usize = counts.iter().sum();
    eprintln!(
        "{} derived types, {total} vectors byte for byte",
        counts.len()
    );
    assert!(total >= 40, "{total} vectors");
}

#[test]
fn skipped_fields_take_their_default_when_decoding() {
    let v = vectors();
    let entry = v.index["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == "shop.orders.Order" && t["version"] == 3)
        .unwrap();
    let avro = &v.files[entry["cases"][0]["avro"].as_str().unwrap()];
    let mut order = derived::Order::from_single_object(avro).unwrap();
    assert_eq!(order.seen, 0);
    order.seen = 9;
    assert_eq!(
        order.to_single_object().unwrap(),
        *avro,
        "skipped fields are not written"
    );
}
