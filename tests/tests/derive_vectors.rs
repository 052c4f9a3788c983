//! Hand-written types deriving `accord::Contract` (`tests/src/derived.rs`) write exactly the
//! bytes of the generated types of the same contract versions, on every test vector of those
//! versions: canonical JSON, Avro single-object and plain datum, both directions, and they carry
//! the same identity (name, version, fingerprint, schemas).

use accord::Contract;
use accord_tests::derived;
use accord_tests::shop_contracts::shop;
use vector_files::TypeVectors;

#[path = "support/vectors.rs"]
mod vector_files;

fn vectors() -> Vec<TypeVectors> {
    vector_files::of_project("..")
}

/// Checks derived type `D` against generated type `G` on every vector of their contract
/// version; returns the number of vectors.
fn same_bytes<D: Contract, G: Contract>(vectors: &[TypeVectors]) -> usize {
    let name = format!("{}@{}", D::full_name(), D::version());
    assert_eq!(D::INFO, G::INFO, "{name}: identity and schemas");
    let cases = &vector_files::find(vectors, D::full_name(), D::version()).cases;
    assert!(!cases.is_empty(), "{name} has vectors");
    for case in cases {
        let label = format!("{name} {:?}", case.name);
        let json = case.json.as_str();
        let avro = &case.avro;
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
    let avro = &vector_files::find(&v, "shop.orders.Order", 3).cases[0].avro;
    let mut order = derived::Order::from_single_object(avro).unwrap();
    assert_eq!(order.seen, 0);
    order.seen = 9;
    assert_eq!(
        order.to_single_object().unwrap(),
        *avro,
        "skipped fields are not written"
    );
}
