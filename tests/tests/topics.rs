//! The generated topic helpers of the shop contracts: every allowed value version's test vectors
//! decode through the topic's value enum and re-encode byte for byte, versions the topic does not
//! allow are refused, and a producer record carries the key bytes, the single-object value and
//! the stamp headers of `docs/topics.md` (stamps equal to the manifest's).

use accord::Contract;
use accord_compiler::codegen::{generate, Input, Target};
use accord_tests::shop_contracts::shop::customers::CustomerId;
use accord_tests::shop_contracts::shop::orders::{OrderV1, OrderV2, OrderV3};
use accord_tests::shop_contracts::shop::streams::{Orders, OrdersValue, Payments};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::Path;

fn generated() -> (HashMap<String, Vec<u8>>, Json) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let compilation = accord_compiler::compile(&path).expect("project loads");
    let model = compilation.valid_model().expect("contracts are valid");
    let files: HashMap<String, Vec<u8>> =
        generate(Input::new(model, &compilation.sources), &[Target::Vectors])
            .into_iter()
            .map(|f| (f.path, f.contents))
            .collect();
    let manifest = serde_json::from_slice(&files["accord-manifest.json"]).expect("manifest");
    (files, manifest)
}

fn avro_cases(files: &HashMap<String, Vec<u8>>, stem: &str) -> Vec<Vec<u8>> {
    let mut cases: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.starts_with(stem) && p.ends_with(".avro"))
        .map(|(_, b)| b.clone())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no vectors under {stem}");
    cases
}

#[test]
fn values_of_every_allowed_version_decode_and_others_are_refused() {
    let (files, _) = generated();
    assert_eq!(Orders::NAME, "shop.orders");
    assert_eq!(Orders::VALUE_VERSIONS, &[2, 3]);
    for (stem, version) in [
        ("vectors/shop/orders/Order.v2/", 2),
        ("vectors/shop/orders/Order.v3/", 3),
    ] {
        for bytes in avro_cases(&files, stem) {
            let value = Orders::decode_value(&bytes).expect("an allowed version decodes");
            assert_eq!(value.stamp().version, version);
            assert!(matches!(
                (&value, version),
                (OrdersValue::V2(_), 2) | (OrdersValue::V3(_), 3)
            ));
            assert_eq!(value.encode().unwrap(), bytes);
        }
    }
    for bytes in avro_cases(&files, "vectors/shop/orders/Order.v1/") {
        let error = Orders::decode_value(&bytes).unwrap_err();
        assert!(error.message().contains("not a version allowed"), "{error}");
        assert!(OrderV1::from_single_object(&bytes).is_ok());
    }
}

#[test]
fn records_carry_key_value_and_stamp_headers() {
    let (files, manifest) = generated();
    let bytes = &avro_cases(&files, "vectors/shop/orders/Order.v3/")[0];
    let value = OrderV3::from_single_object(bytes).unwrap();
    let key = CustomerId("c-42".into());
    let record = Orders::record(&key, value.clone()).unwrap();
    assert_eq!(record.key, key.to_avro_datum().unwrap());
    assert_eq!(&record.value, bytes);
    let headers: HashMap<&str, &str> = record
        .headers
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let stamp = manifest["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["stamp"]["contract"] == "shop.orders.Order" && t["stamp"]["version"] == 3)
        .map(|t| &t["stamp"])
        .expect("the manifest stamps Order@3");
    assert_eq!(headers["accord.contract"], stamp["contract"]);
    assert_eq!(headers["accord.version"], "3");
    assert_eq!(headers["accord.fingerprint"], stamp["fingerprint"]);
    assert_eq!(headers["accord.definition"], stamp["definition"]);
    assert_eq!(headers["accord.accord_version"], stamp["accord_version"]);
    assert_eq!(headers["accord.topic"], "shop.streams.Orders");
    assert!(!headers.contains_key("accord.key.contract"));
    assert_eq!(
        format!("{:016x}", OrderV3::fingerprint()),
        headers["accord.fingerprint"]
    );
    // A `string` key is its UTF-8 bytes.
    assert_eq!(Payments::key_bytes("p-1").unwrap(), b"p-1");
    let _: OrdersValue =
        OrderV2::from_single_object(&avro_cases(&files, "vectors/shop/orders/Order.v2/")[0])
            .unwrap()
            .into();
}
