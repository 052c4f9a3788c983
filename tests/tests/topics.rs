//! The generated topic helpers of the shop contracts: every allowed value version's test vectors
//! decode through the topic's value enum and re-encode byte for byte, versions the topic does not
//! allow are refused, and a producer record carries the key bytes, the single-object value and
//! the stamp headers of `docs/topics.md` (stamps equal to the manifest's).
//!
//! Keys: every topic key vector (`vectors/topics/`, shared with the Python suite) of the shop
//! and of the `boundary` fixture (a record key of two versions, one version of it, a newtype of
//! uuid, an enum): the generated code writes exactly the vector's key bytes and `accord.key.*`
//! headers, reads the bytes back with those headers to the same key, and refuses every invalid
//! key (not UTF-8, a trailing byte, an unknown or contradicting version, missing headers).

use accord::topic::Record;
use accord::Contract;
use accord_compiler::codegen::{generate, Input, Target};
use accord_tests::boundary::bank::accounts::{
    AccountId, AccountKeyV1, AccountKeyV2, Accounts, AccountsById, AccountsKey, AccountsV2, Ledger,
    Region, RegionTotals,
};
use accord_tests::shop_contracts::shop::customers::CustomerId;
use accord_tests::shop_contracts::shop::orders::{OrderV1, OrderV2, OrderV3};
use accord_tests::shop_contracts::shop::streams::{
    Customers, Events, Orders, OrdersValue, Payments,
};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::Path;

#[path = "support/vectors.rs"]
mod vector_files;

fn generated() -> (HashMap<String, Vec<u8>>, Json) {
    generated_in("..")
}

fn generated_in(project: &str) -> (HashMap<String, Vec<u8>>, Json) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(project);
    let compilation = accord_compiler::compile(&path).expect("project loads");
    let model = compilation.valid_model().expect("contracts are valid");
    let files: HashMap<String, Vec<u8>> = generate(
        Input::new(model, &compilation.facts, &compilation.sources),
        &[Target::Vectors],
    )
    .into_iter()
    .map(|f| (f.path, f.contents))
    .collect();
    let manifest = serde_json::from_slice(&files["accord-manifest.json"]).expect("manifest");
    (files, manifest)
}

/// The single-object bytes of every vector of `name@version`, sorted.
fn avro_cases(files: &HashMap<String, Vec<u8>>, name: &str, version: u32) -> Vec<Vec<u8>> {
    let vectors = vector_files::read(files);
    let mut cases: Vec<Vec<u8>> = vector_files::find(&vectors, name, version)
        .cases
        .iter()
        .map(|case| case.avro.clone())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no vectors of {name}@{version}");
    cases
}

#[test]
fn values_of_every_allowed_version_decode_and_others_are_refused() {
    let (files, _) = generated();
    assert_eq!(Orders::NAME, "shop.orders");
    assert_eq!(Orders::VALUE_VERSIONS, &[2, 3]);
    for version in [2, 3] {
        for bytes in avro_cases(&files, "shop.orders.Order", version) {
            let value = Orders::decode_value(&bytes).expect("an allowed version decodes");
            assert_eq!(value.stamp().version, version);
            assert!(matches!(
                (&value, version),
                (OrdersValue::V2(_), 2) | (OrdersValue::V3(_), 3)
            ));
            assert_eq!(value.encode().unwrap(), bytes);
        }
    }
    for bytes in avro_cases(&files, "shop.orders.Order", 1) {
        let error = Orders::decode_value(&bytes).unwrap_err();
        assert!(error.message().contains("not a version allowed"), "{error}");
        assert!(OrderV1::from_single_object(&bytes).is_ok());
    }
}

#[test]
fn records_carry_key_value_and_stamp_headers() {
    let (files, manifest) = generated();
    let bytes = &avro_cases(&files, "shop.orders.Order", 3)[0];
    let value = OrderV3::from_single_object(bytes).unwrap();
    let key = CustomerId("c-42".into());
    let record = Orders::record(&key, value.clone()).unwrap();
    // A newtype of `string` is a text key: its UTF-8 bytes, like a `string` key.
    assert_eq!(record.key, b"c-42");
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
        OrderV2::from_single_object(&avro_cases(&files, "shop.orders.Order", 2)[0])
            .unwrap()
            .into();
}

const BOUNDARY_FIXTURE: &str = "../compiler/tests/fixtures/boundary";

fn headers(json: &Json) -> Vec<(String, Vec<u8>)> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|h| (h[0].as_str().unwrap().into(), h[1].as_str().unwrap().into()))
        .collect()
}

fn key_headers(record: &Record) -> Vec<(String, Vec<u8>)> {
    record
        .headers
        .iter()
        .filter(|(name, _)| name.starts_with("accord.key."))
        .map(|(name, value)| (name.to_string(), value.clone().into_bytes()))
        .collect()
}

/// Record headers as a Kafka client hands them over.
type Headers = [(String, Vec<u8>)];

/// How the test drives one generated topic's key helpers.
struct KeyHelpers<K> {
    /// The key of a vector case (its version, its canonical JSON).
    from_json: fn(Option<u64>, &str) -> K,
    key_bytes: fn(&K) -> accord::Result<Vec<u8>>,
    /// A producer record with this key (and any allowed value).
    record: Box<dyn Fn(&K) -> Record>,
    decode: fn(&[u8], &Headers) -> accord::Result<K>,
}

/// Replays a topic's key vectors; returns how many keys were checked.
fn replay<K: PartialEq + std::fmt::Debug>(
    files: &HashMap<String, Vec<u8>>,
    topic: &str,
    helpers: KeyHelpers<K>,
) -> usize {
    let file = files
        .iter()
        .find(|(p, _)| {
            p.starts_with("vectors/topics/") && p.ends_with(&format!("/{topic}.keys.json"))
        })
        .unwrap_or_else(|| panic!("no key vectors for {topic}"));
    let doc: Json = serde_json::from_slice(file.1).unwrap();
    let mut checked = 0;
    for case in doc["cases"].as_array().unwrap() {
        let at = format!("{topic} {}", case["name"]);
        let key = (helpers.from_json)(case["version"].as_u64(), case["json"].as_str().unwrap());
        let bytes = vector_files::unhex(case["key"].as_str().unwrap());
        let headers = headers(&case["headers"]);
        assert_eq!((helpers.key_bytes)(&key).unwrap(), bytes, "{at}");
        let record = (helpers.record)(&key);
        assert_eq!(record.key, bytes, "{at}");
        if !headers.is_empty() {
            assert_eq!(key_headers(&record), headers, "{at}");
        }
        assert_eq!(
            (helpers.decode)(&bytes, &headers).as_ref(),
            Ok(&key),
            "{at}"
        );
        checked += 1;
    }
    for case in doc["invalid"].as_array().unwrap() {
        let bytes = vector_files::unhex(case["key"].as_str().unwrap());
        let decoded = (helpers.decode)(&bytes, &headers(&case["headers"]));
        assert!(decoded.is_err(), "{topic} {}: {decoded:?}", case["name"]);
        checked += 1;
    }
    assert!(checked > 2, "{topic}");
    checked
}

fn parse<T: accord::serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).expect("the vector's JSON")
}

/// The first value vector of a type version, for producer records.
fn first_value<T: Contract>(files: &HashMap<String, Vec<u8>>, name: &str, version: u32) -> T {
    T::from_single_object(&avro_cases(files, name, version)[0]).expect("a value vector")
}

#[test]
fn shop_keys_replay_the_key_vectors() {
    let (files, _) = generated();
    let customer = first_value::<accord_tests::shop_contracts::shop::customers::CustomerV3>(
        &files,
        "shop.customers.Customer",
        3,
    );
    let order = first_value::<OrderV3>(&files, "shop.orders.Order", 3);
    let payment = first_value::<accord_tests::shop_contracts::shop::payments::PaymentV3>(
        &files,
        "shop.payments.Payment",
        3,
    );
    let envelope = first_value::<accord_tests::shop_contracts::shop::events::EnvelopeV3>(
        &files,
        "shop.events.Envelope",
        3,
    );
    let mut checked = replay(
        &files,
        "Customers",
        KeyHelpers {
            from_json: |_, j| parse::<CustomerId>(j),
            key_bytes: Customers::key_bytes,
            record: Box::new(move |k| Customers::record(k, customer.clone()).unwrap()),
            decode: Customers::decode_key,
        },
    );
    checked += replay(
        &files,
        "Orders",
        KeyHelpers {
            from_json: |_, j| parse::<CustomerId>(j),
            key_bytes: Orders::key_bytes,
            record: Box::new(move |k| Orders::record(k, order.clone()).unwrap()),
            decode: Orders::decode_key,
        },
    );
    checked += replay(
        &files,
        "Payments",
        KeyHelpers {
            from_json: |_, j| parse::<String>(j),
            key_bytes: |k| Payments::key_bytes(k),
            record: Box::new(move |k| Payments::record(k, payment.clone()).unwrap()),
            decode: Payments::decode_key,
        },
    );
    checked += replay(
        &files,
        "Events",
        KeyHelpers {
            from_json: |_, j| parse::<String>(j),
            key_bytes: |k| Events::key_bytes(k),
            record: Box::new(move |k| Events::record(k, envelope.clone()).unwrap()),
            decode: Events::decode_key,
        },
    );
    println!("{checked} shop keys");
}

#[test]
fn contract_keys_replay_the_key_vectors() {
    use accord_tests::boundary::bank::accounts::{AccountV2, RegionTotal};
    let (files, _) = generated_in(BOUNDARY_FIXTURE);
    let account = first_value::<AccountV2>(&files, "bank.accounts.Account", 2);
    let (a, b, c) = (account.clone(), account.clone(), account);
    let total = first_value::<RegionTotal>(&files, "bank.accounts.RegionTotal", 1);
    let mut checked = replay(
        &files,
        "Accounts",
        KeyHelpers {
            from_json: |version, j| match version {
                Some(1) => AccountsKey::V1(parse(j)),
                Some(2) => AccountsKey::V2(parse(j)),
                other => panic!("no key version {other:?}"),
            },
            key_bytes: Accounts::key_bytes,
            record: Box::new(move |k| Accounts::record(k, a.clone()).unwrap()),
            decode: Accounts::decode_key,
        },
    );
    checked += replay(
        &files,
        "AccountsV2",
        KeyHelpers {
            from_json: |_, j| parse::<AccountKeyV2>(j),
            key_bytes: AccountsV2::key_bytes,
            record: Box::new(move |k| AccountsV2::record(k, b.clone()).unwrap()),
            decode: AccountsV2::decode_key,
        },
    );
    checked += replay(
        &files,
        "AccountsById",
        KeyHelpers {
            from_json: |_, j| parse::<AccountId>(j),
            key_bytes: AccountsById::key_bytes,
            record: Box::new(move |k| AccountsById::record(k, c.clone()).unwrap()),
            decode: AccountsById::decode_key,
        },
    );
    checked += replay(
        &files,
        "RegionTotals",
        KeyHelpers {
            from_json: |_, j| parse::<Region>(j),
            key_bytes: RegionTotals::key_bytes,
            record: Box::new(move |k| RegionTotals::record(k, total.clone()).unwrap()),
            decode: RegionTotals::decode_key,
        },
    );
    println!("{checked} contract keys");
}

#[test]
fn versioned_keys_carry_their_version_and_text_keys_are_text() {
    let key = AccountKeyV1 {
        tenant: "t/1".into(),
        number: 7,
    };
    let datum = key.to_avro_datum().unwrap();
    let wrapped: AccountsKey = key.clone().into();
    assert_eq!(Accounts::key_bytes(&wrapped).unwrap(), datum);
    assert_eq!(wrapped.stamp().version, 1);
    assert_eq!(Accounts::KEY_VERSIONS, &[1, 2]);
    // The same bytes read as version 2 need the headers of version 2; these are version 1's.
    let v1_headers = [
        (
            "accord.key.fingerprint",
            Accounts::KEY_STAMPS[0].fingerprint,
        ),
        ("accord.key.version", "1"),
    ];
    assert_eq!(Accounts::decode_key(&datum, &v1_headers), Ok(wrapped));
    let error = Accounts::decode_key(&datum, &[] as &[(&str, &str)]).unwrap_err();
    assert!(
        error.message().contains("accord.key.fingerprint"),
        "{error}"
    );
    assert_eq!(AccountsV2::KEY_STAMPS.len(), 1);
    assert!(AccountsById::KEY_STAMPS.is_empty());
    let id = AccountId(accord::uuid::Uuid::from_u128(
        0x0123_4567_89ab_cdef_0123_4567_89ab_cdef,
    ));
    assert_eq!(
        AccountsById::key_bytes(&id).unwrap(),
        b"01234567-89ab-cdef-0123-456789abcdef"
    );
    let error = AccountsById::decode_key(b"not a uuid", &[] as &[(&str, &str)]).unwrap_err();
    assert!(!error.message().is_empty());
    // A `long` key has no helpers: the bytes are the producer's, as they are.
    assert!(Ledger::KEY_STAMPS.is_empty());
    assert_eq!(Ledger::key_bytes(&[0, 1, 0xff]).unwrap(), [0, 1, 0xff]);
    assert_eq!(
        Ledger::decode_key(&[0, 1, 0xff], &[] as &[(&str, &str)]).unwrap(),
        [0, 1, 0xff]
    );
}
