//! Every example of `docs/json-encoding.md` is produced here by the encoder, and must appear in the
//! document verbatim (as a code span).

use super::*;
use crate::codegen::datum::Datum;
use std::path::Path;

const DOC: &str = include_str!("../../../../docs/json-encoding.md");

fn shop() -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let compilation = crate::compile(&path).expect("shop loads");
    assert!(!compilation.has_errors());
    compilation.model
}

fn named(package: &str, name: &str, version: u32) -> Type {
    Type::Named(TypeRef {
        name: FullName::new(package, name),
        version,
    })
}

fn scalar(s: Scalar) -> Type {
    Type::Scalar(s)
}

fn decimal(precision: u64, scale: u64) -> Type {
    Type::Decimal(Decimal::new(precision, scale))
}

fn dec(text: &str, scale: u64) -> Datum {
    Datum::decimal(text, scale).expect("decimal")
}

fn text(s: &str) -> Datum {
    Datum::String(s.to_string())
}

fn union(index: usize, datum: Datum) -> Datum {
    Datum::Union(index, Box::new(datum))
}

fn record(fields: Vec<(&str, Datum)>) -> Datum {
    Datum::Record(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// (type, datum, canonical JSON) of every example in the document.
fn examples() -> Vec<(Type, Datum, &'static str)> {
    use Scalar::*;
    let optional = |t: Type| Type::Optional(Box::new(t), NullAt::Derived);
    let string_or_long = Type::Union(vec![scalar(String), scalar(Long)]);
    let list_or_map = Type::Union(vec![
        Type::List(Box::new(scalar(Int))),
        Type::Map(Box::new(scalar(String))),
    ]);
    let channel = optional(Type::Union(vec![
        named("shop.orders", "WebChannel", 1),
        named("shop.orders", "StoreChannel", 1),
    ]));
    vec![
        (scalar(Bool), Datum::Bool(true), "true"),
        (scalar(Int), Datum::Int(42), "42"),
        (scalar(Int), Datum::Int(i32::MIN), "-2147483648"),
        (scalar(Long), Datum::Long(i64::MAX), "9223372036854775807"),
        (scalar(Float), Datum::Float(1.5), "1.5"),
        (scalar(Float), Datum::Float(0.1), "0.1"),
        (scalar(Float), Datum::Float(f32::MAX), "3.4028235e+38"),
        (scalar(Float), Datum::Float(f32::from_bits(1)), "1e-45"),
        (scalar(Float), Datum::Float(-0.0), "-0.0"),
        (scalar(Double), Datum::Double(100.0), "100.0"),
        (scalar(Double), Datum::Double(0.00001), "0.00001"),
        (scalar(Double), Datum::Double(1e-7), "1e-7"),
        (scalar(Double), Datum::Double(1e16), "1e+16"),
        (
            scalar(Double),
            Datum::Double(f64::MAX),
            "1.7976931348623157e+308",
        ),
        (scalar(Double), Datum::Double(f64::from_bits(1)), "5e-324"),
        (scalar(Double), Datum::Double(f64::NAN), "\"NaN\""),
        (scalar(Double), Datum::Double(f64::INFINITY), "\"Infinity\""),
        (
            scalar(Double),
            Datum::Double(f64::NEG_INFINITY),
            "\"-Infinity\"",
        ),
        (scalar(String), text("Grüße 🎉"), "\"Grüße 🎉\""),
        (
            scalar(String),
            text("a\0\"\\\n\u{1f}"),
            r#""a\u0000\"\\\n\u001f""#,
        ),
        (scalar(Bytes), Datum::Bytes(vec![]), "\"\""),
        (scalar(Bytes), Datum::Bytes(vec![0x61]), "\"YQ==\""),
        (
            scalar(Bytes),
            Datum::Bytes(vec![0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF]),
            "\"AAF/gP7/\"",
        ),
        (
            scalar(Uuid),
            text("123E4567-E89B-12D3-A456-426614174000"),
            "\"123e4567-e89b-12d3-a456-426614174000\"",
        ),
        (scalar(Date), Datum::Int(0), "\"1970-01-01\""),
        (scalar(Date), Datum::Int(19_723), "\"2024-01-01\""),
        (scalar(Date), Datum::Int(-719_162), "\"0001-01-01\""),
        (scalar(Date), Datum::Int(2_932_896), "\"9999-12-31\""),
        (scalar(TimeMs), Datum::Int(45_296_789), "\"12:34:56.789\""),
        (
            scalar(TimeUs),
            Datum::Long(45_296_789_012),
            "\"12:34:56.789012\"",
        ),
        (
            scalar(TimestampMs),
            Datum::Long(0),
            "\"1970-01-01T00:00:00.000Z\"",
        ),
        (
            scalar(TimestampMs),
            Datum::Long(-1),
            "\"1969-12-31T23:59:59.999Z\"",
        ),
        (
            scalar(TimestampMs),
            Datum::Long(1_704_067_200_123),
            "\"2024-01-01T00:00:00.123Z\"",
        ),
        (
            scalar(TimestampUs),
            Datum::Long(1_704_067_200_123_456),
            "\"2024-01-01T00:00:00.123456Z\"",
        ),
        (
            scalar(TimestampUs),
            Datum::Long(-62_135_596_800_000_000),
            "\"0001-01-01T00:00:00.000000Z\"",
        ),
        (
            scalar(LocalTimestampMs),
            Datum::Long(1_704_067_200_123),
            "\"2024-01-01T00:00:00.123\"",
        ),
        (
            scalar(LocalTimestampUs),
            Datum::Long(253_402_300_799_999_999),
            "\"9999-12-31T23:59:59.999999\"",
        ),
        (decimal(12, 2), dec("12.5", 2), "\"12.50\""),
        (decimal(12, 2), dec("-0.05", 2), "\"-0.05\""),
        (decimal(12, 2), dec("0", 2), "\"0.00\""),
        (decimal(5, 0), dec("-42", 0), "\"-42\""),
        (decimal(3, 3), dec("0.999", 3), "\"0.999\""),
        (
            named("shop.common", "ExactAmount", 1),
            dec("-1.5", 4),
            "\"-1.5000\"",
        ),
        (
            named("shop.common", "Sha256", 1),
            Datum::Fixed(vec![0xFF; 32]),
            "\"//////////////////////////////////////////8=\"",
        ),
        (
            named("shop.common", "Currency", 3),
            Datum::Enum(2, "GBP".into()),
            "\"GBP\"",
        ),
        (
            named("shop.customers", "CustomerId", 1),
            text("c-42"),
            "\"c-42\"",
        ),
        (
            Type::List(Box::new(scalar(Int))),
            Datum::Array(vec![Datum::Int(1), Datum::Int(2)]),
            "[1,2]",
        ),
        (
            Type::Map(Box::new(scalar(Long))),
            Datum::Map(vec![
                ("b".into(), Datum::Long(1)),
                ("a".into(), Datum::Long(2)),
            ]),
            "{\"b\":1,\"a\":2}",
        ),
        (optional(scalar(String)), Datum::Null, "null"),
        (optional(scalar(String)), text("Mozilla"), "\"Mozilla\""),
        (
            optional(scalar(TimestampMs)),
            union(1, Datum::Long(0)),
            "\"1970-01-01T00:00:00.000Z\"",
        ),
        (
            string_or_long.clone(),
            union(1, Datum::Long(5)),
            "{\"long\":5}",
        ),
        (
            string_or_long,
            union(0, text("five")),
            "{\"string\":\"five\"}",
        ),
        (
            list_or_map.clone(),
            union(0, Datum::Array(vec![Datum::Int(1)])),
            "{\"array\":[1]}",
        ),
        (
            list_or_map,
            union(1, Datum::Map(vec![("k".into(), text("v"))])),
            "{\"map\":{\"k\":\"v\"}}",
        ),
        (
            Type::Union(vec![
                named("shop.customers", "CustomerId", 1),
                decimal(4, 1),
            ]),
            union(1, dec("1.5", 1)),
            "{\"bytes\":\"1.5\"}",
        ),
        (
            Type::Union(vec![scalar(TimestampMs), scalar(String)]),
            union(0, Datum::Long(0)),
            "{\"long\":\"1970-01-01T00:00:00.000Z\"}",
        ),
        (channel.clone(), union(0, Datum::Null), "null"),
        (
            channel,
            union(
                2,
                record(vec![("store_id", Datum::Int(7)), ("till", Datum::Int(2))]),
            ),
            "{\"shop.orders.StoreChannel\":{\"store_id\":7,\"till\":2}}",
        ),
        (
            named("shop.orders", "WebChannel", 1),
            record(vec![
                ("user_agent", Datum::Null),
                ("session_id", text("s-1")),
            ]),
            "{\"session_id\":\"s-1\",\"user_agent\":null}",
        ),
        (
            named("shop.orders", "OrderLine", 2),
            record(vec![
                ("sku", text("SKU-1")),
                ("quantity", Datum::Int(3)),
                ("unit_price", dec("12.5", 2)),
                ("discount", dec("0", 2)),
            ]),
            "{\"sku\":\"SKU-1\",\"quantity\":3,\"unit_price\":\"12.50\",\"discount\":\"0.00\"}",
        ),
    ]
}

#[test]
fn every_example_of_the_document_is_what_the_encoder_writes() {
    let model = shop();
    for (ty, datum, expected) in examples() {
        let json = to_json(&model, &ty, &datum).unwrap_or_else(|e| panic!("{ty}: {e}"));
        assert_eq!(canonical(&json), expected, "{ty} {datum:?}");
        assert!(
            DOC.contains(&format!("`{expected}`")),
            "docs/json-encoding.md lacks the example `{expected}` ({ty})"
        );
    }
}

#[test]
fn the_whole_order_example_of_the_document_is_exact() {
    let model = shop();
    let order = named("shop.orders", "Order", 3);
    let line = record(vec![
        ("sku", text("SKU-1")),
        ("quantity", Datum::Int(3)),
        ("unit_price", dec("12.5", 2)),
        ("discount", dec("0", 2)),
    ]);
    let datum = record(vec![
        ("id", text("123e4567-e89b-12d3-a456-426614174000")),
        ("customer_id", text("c-42")),
        ("total_cents", Datum::Long(3750)),
        ("currency", Datum::Enum(0, "EUR".into())),
        ("placed_at", Datum::Long(1_704_067_200_123)),
        ("lines", Datum::Array(vec![line])),
        ("note", Datum::Null),
        ("status", Datum::Enum(1, "PAID".into())),
        ("shipping_address", Datum::Null),
        ("tags", Datum::Map(vec![("gift".into(), text("yes"))])),
        (
            "channel",
            union(
                1,
                record(vec![
                    ("session_id", text("s-1")),
                    ("user_agent", Datum::Null),
                ]),
            ),
        ),
        ("receipt_digest", Datum::Null),
    ]);
    let json = canonical(&to_json(&model, &order, &datum).expect("encodes"));
    let start = DOC.find("<!-- order-example -->").expect("marker") + 22;
    let block = DOC[start..].split("```").nth(1).expect("code block");
    let documented: serde_json::Value =
        serde_json::from_str(block.trim_start_matches("json")).expect("the example is JSON");
    assert_eq!(json, canonical(&documented));
}

#[test]
fn out_of_range_values_are_encode_errors() {
    let model = Model::default();
    let cases = [
        (
            scalar(Scalar::TimestampMs),
            Datum::Long(-62_135_596_800_001),
        ),
        (
            scalar(Scalar::TimestampUs),
            Datum::Long(253_402_300_800_000_000),
        ),
        (scalar(Scalar::LocalTimestampMs), Datum::Long(i64::MIN)),
        (scalar(Scalar::Date), Datum::Int(-719_163)),
        (scalar(Scalar::Date), Datum::Int(2_932_897)),
        (scalar(Scalar::TimeMs), Datum::Int(86_400_000)),
        (scalar(Scalar::TimeUs), Datum::Long(-1)),
        (scalar(Scalar::Uuid), text("not-a-uuid")),
        (decimal(3, 2), dec("10.00", 2)),
        (decimal(12, 2), dec("1.5", 1)),
        (scalar(Scalar::Int), Datum::Long(1)),
    ];
    for (ty, datum) in cases {
        assert!(to_json(&model, &ty, &datum).is_err(), "{ty} {datum:?}");
    }
}

#[test]
fn records_need_every_field_once() {
    let model = shop();
    let web = named("shop.orders", "WebChannel", 1);
    let missing = record(vec![("session_id", text("s"))]);
    let error = to_json(&model, &web, &missing).unwrap_err();
    assert_eq!(error.message, "field `user_agent` is missing");
    let unknown = record(vec![
        ("session_id", text("s")),
        ("user_agent", Datum::Null),
        ("x", Datum::Null),
    ]);
    assert!(to_json(&model, &web, &unknown).is_err());
    let twice = record(vec![("session_id", text("s")), ("session_id", text("t"))]);
    let error = to_json(&model, &web, &twice).unwrap_err();
    assert_eq!(error.message, "field `session_id` is given twice");
    let in_order = record(vec![("session_id", text("s")), ("user_agent", Datum::Null)]);
    let reordered = record(vec![("user_agent", Datum::Null), ("session_id", text("s"))]);
    assert_eq!(
        to_json(&model, &web, &reordered).unwrap(),
        to_json(&model, &web, &in_order).unwrap(),
        "entries are matched by name, in any order"
    );
}

#[test]
fn errors_say_where() {
    let model = shop();
    let line = named("shop.orders", "OrderLine", 1);
    let datum = record(vec![
        ("sku", text("S")),
        ("quantity", Datum::Int(1)),
        ("unit_price", dec("1", 3)),
    ]);
    let error = to_json(&model, &line, &datum).unwrap_err();
    assert_eq!(error.path, "unit_price");
    let list = Type::List(Box::new(line));
    let error = to_json(&model, &list, &Datum::Array(vec![datum])).unwrap_err();
    assert_eq!(
        error.to_string(),
        "at `[0].unit_price`: decimal of scale 3 given for scale 2"
    );
}

#[test]
fn defaults_convert_to_json() {
    let model = shop();
    let (_, version) = model
        .resolve(&TypeRef {
            name: FullName::new("shop.orders", "OrderLine"),
            version: 2,
        })
        .expect("OrderLine@2");
    let Body::Record(fields) = &version.body else {
        panic!("a record")
    };
    let discount = fields.iter().find(|f| f.name == "discount").expect("field");
    assert_eq!(
        default_json(&model, discount).unwrap().unwrap(),
        serde_json::json!("0.00")
    );
}
