//! Encode and decode throughput of generated types against apache-avro's generic `Value` path
//! (Avro binary) and serde_json's generic `Value` (JSON), on the test vectors of
//! `shop.orders.Order@3` and `shop.events.Envelope@3`. Plain `std::time`, no harness:
//!
//! ```text
//! cargo bench -p accord-tests --bench throughput
//! ```

use accord::Contract;
use accord_tests::shop_contracts::shop::events::EnvelopeV3;
use accord_tests::shop_contracts::shop::orders::OrderV3;
use accord_tests::shop_contracts::shop::shipments::{AnyShipment, ShipmentV1, ShipmentV2};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../tests/support/vectors.rs"]
mod vector_files;

/// Records per second of `f` applied to each of `inputs` in turn, run for about `budget`.
fn rate<T>(inputs: &[T], budget: Duration, mut f: impl FnMut(&T)) -> f64 {
    let start = Instant::now();
    let mut records = 0u64;
    while start.elapsed() < budget {
        for input in inputs {
            f(input);
        }
        records += inputs.len() as u64;
    }
    records as f64 / start.elapsed().as_secs_f64()
}

/// The vectors of one type version: (canonical JSON, Avro datum) pairs.
fn vectors(name: &str, version: u32) -> Vec<(String, Vec<u8>)> {
    let all = vector_files::of_project("..");
    vector_files::find(&all, name, version)
        .cases
        .iter()
        .map(|case| (case.json.clone(), case.avro[10..].to_vec()))
        .collect()
}

fn row(label: &str, ours: f64, theirs: f64) {
    println!(
        "{label:<34} {:>12.0} rec/s {:>12.0} rec/s {:>7.2}x",
        ours,
        theirs,
        ours / theirs
    );
}

fn bench<C: Contract>(budget: Duration) {
    let cases = vectors(C::full_name(), C::version());
    let values: Vec<C> = cases
        .iter()
        .map(|(json, _)| C::from_json(json).unwrap())
        .collect();
    let datums: Vec<Vec<u8>> = cases.iter().map(|(_, avro)| avro.clone()).collect();
    let texts: Vec<String> = cases.iter().map(|(json, _)| json.clone()).collect();
    // apache-avro 0.21 rejects decimal defaults on bytes (`"0.00"`); defaults do not change
    // the encoding, so they are left out of the schema it gets.
    let mut json: serde_json::Value = serde_json::from_str(C::avro_schema()).unwrap();
    strip_defaults(&mut json);
    let schema = apache_avro::Schema::parse(&json).expect("apache-avro parses it");
    let generic: Vec<apache_avro::types::Value> = datums
        .iter()
        .map(|d| apache_avro::from_avro_datum(&schema, &mut d.as_slice(), None).unwrap())
        .collect();
    // apache-avro's `Value::Map` is a HashMap, so it may write map entries in another order:
    // compare sizes, not bytes.
    for (value, datum) in generic.iter().zip(&datums) {
        let written = apache_avro::to_avro_datum(&schema, value.clone()).unwrap();
        assert_eq!(written.len(), datum.len());
    }
    let json_values: Vec<serde_json::Value> = texts
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect();
    println!(
        "\n{}@{} ({} vectors, mean Avro datum {} bytes, JSON {} bytes)",
        C::full_name(),
        C::version(),
        cases.len(),
        datums.iter().map(Vec::len).sum::<usize>() / datums.len(),
        texts.iter().map(String::len).sum::<usize>() / texts.len()
    );
    println!(
        "{:<34} {:>18} {:>18} {:>8}",
        "", "generated", "generic", "ratio"
    );
    row(
        "Avro encode (vs apache-avro)",
        rate(&values, budget, |v| {
            drop(black_box(v.to_avro_datum().unwrap()))
        }),
        rate(&generic, budget, |v| {
            drop(black_box(
                apache_avro::to_avro_datum(&schema, v.clone()).unwrap(),
            ))
        }),
    );
    row(
        "Avro decode (vs apache-avro)",
        rate(&datums, budget, |d| {
            drop(black_box(C::from_avro_datum(d).unwrap()))
        }),
        rate(&datums, budget, |d| {
            drop(black_box(
                apache_avro::from_avro_datum(&schema, &mut d.as_slice(), None).unwrap(),
            ))
        }),
    );
    row(
        "JSON encode (vs serde_json Value)",
        rate(&values, budget, |v| drop(black_box(v.to_json().unwrap()))),
        rate(&json_values, budget, |v| {
            drop(black_box(serde_json::to_string(v).unwrap()))
        }),
    );
    row(
        "JSON decode (vs serde_json Value)",
        rate(&texts, budget, |t| {
            drop(black_box(C::from_json(t).unwrap()))
        }),
        rate(&texts, budget, |t| {
            drop(black_box(
                serde_json::from_str::<serde_json::Value>(t).unwrap(),
            ))
        }),
    );
}

fn strip_defaults(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(object) => {
            if object.contains_key("name") && object.contains_key("type") {
                object.remove("default");
            }
            object.values_mut().for_each(strip_defaults);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_defaults),
        _ => {}
    }
}

/// Upgrading `Shipment@1` data to the latest version: the generated shim
/// (`AnyShipment::decode_any` on single-object bytes, then `into_latest`) against apache-avro
/// decoding the same datum with schema resolution (writer `Shipment@1`, reader `Shipment@2`) into
/// its generic `Value`. (apache-avro 0.21 cannot resolve `Order`, whose reader needs a decimal
/// default it rejects, `Customer`, whose rename it does not follow through aliases, nor `Payment`,
/// whose decimals it decodes wrongly.)
fn bench_upgrade(budget: Duration) {
    let cases = vectors(ShipmentV1::full_name(), ShipmentV1::version());
    let values: Vec<ShipmentV1> = cases
        .iter()
        .map(|(json, _)| ShipmentV1::from_json(json).unwrap())
        .collect();
    let single_objects: Vec<Vec<u8>> = values
        .iter()
        .map(|v| v.to_single_object().unwrap())
        .collect();
    let datums: Vec<Vec<u8>> = cases.iter().map(|(_, avro)| avro.clone()).collect();
    let schema_of = |text: &str| {
        let mut json: serde_json::Value = serde_json::from_str(text).unwrap();
        strip_defaults(&mut json);
        json
    };
    // The writer's defaults play no part in resolution; the reader keeps its own.
    let writer = apache_avro::Schema::parse(&schema_of(ShipmentV1::avro_schema())).unwrap();
    let reader = apache_avro::Schema::parse_str(ShipmentV2::avro_schema()).unwrap();
    println!(
        "\nshop.shipments.Shipment@1 -> @2 ({} vectors)",
        cases.len()
    );
    println!(
        "{:<34} {:>18} {:>18} {:>8}",
        "", "generated", "generic", "ratio"
    );
    row(
        "upgrade (vs apache-avro resolution)",
        rate(&single_objects, budget, |bytes| {
            drop(black_box(
                AnyShipment::decode_any(bytes)
                    .unwrap()
                    .into_latest()
                    .unwrap(),
            ))
        }),
        rate(&datums, budget, |d| {
            drop(black_box(
                apache_avro::from_avro_datum(&writer, &mut d.as_slice(), Some(&reader)).unwrap(),
            ))
        }),
    );
}

fn main() {
    // `cargo test --benches` runs this with `--bench`-less arguments: keep that quick.
    let quick = !std::env::args().any(|a| a == "--bench");
    let budget = Duration::from_millis(if quick { 20 } else { 700 });
    bench::<OrderV3>(budget);
    bench::<EnvelopeV3>(budget);
    bench_upgrade(budget);
}
