//! Cases of primitives, enums, fixed and decimals.

use super::*;

pub(super) fn primitives() -> Vec<Case> {
    // Every writer/reader pair of primitives: the specification's promotions resolve, nothing else.
    const NAMES: [&str; 8] = [
        "null", "boolean", "int", "long", "float", "double", "bytes", "string",
    ];
    const PROMOTES: [(&str, &str); 8] = [
        ("int", "long"),
        ("int", "float"),
        ("int", "double"),
        ("long", "float"),
        ("long", "double"),
        ("float", "double"),
        ("string", "bytes"),
        ("bytes", "string"),
    ];
    let mut cases = Vec::new();
    for w in NAMES {
        for r in NAMES {
            let name: &'static str =
                Box::leak(format!("primitive {w} read as {r}").into_boxed_str());
            let ok = w == r || PROMOTES.contains(&(w, r));
            cases.push(case(
                name,
                json!(w),
                json!(r),
                if ok {
                    Fine
                } else {
                    Bad(&[("TYPE_MISMATCH", "/")])
                },
            ));
        }
    }
    cases
}

pub(super) fn enums() -> Vec<Case> {
    vec![
        case(
            "same enum",
            one(enm("E", &["A", "B"])),
            one(enm("E", &["A", "B"])),
            Fine,
        ),
        case(
            "symbol added in reader",
            one(enm("E", &["A", "B"])),
            one(enm("E", &["A", "B", "C"])),
            Fine,
        ),
        case(
            "symbol removed in reader",
            one(enm("E", &["A", "B", "C"])),
            one(enm("E", &["A", "B"])),
            Bad(&[("MISSING_ENUM_SYMBOLS", "/fields/0/type/symbols")]),
        ),
        case(
            "symbols removed, reader default",
            one(enm("E", &["A", "B", "C"])),
            one(enm_default("E", &["A", "B"], "A")),
            Fine,
        ),
        case(
            "symbols removed, writer default only",
            one(enm_default("E", &["A", "B", "C"], "A")),
            one(enm("E", &["A", "B"])),
            Bad(&[("MISSING_ENUM_SYMBOLS", "/fields/0/type/symbols")]),
        ),
        case(
            "symbols reordered",
            one(enm("E", &["A", "B"])),
            one(enm("E", &["B", "A"])),
            Fine,
        ),
        case(
            "disjoint symbols",
            one(enm("E", &["A"])),
            one(enm("E", &["Z"])),
            Bad(&[("MISSING_ENUM_SYMBOLS", "/fields/0/type/symbols")]),
        ),
        case(
            "enum renamed",
            one(enm("E", &["A"])),
            one(enm("G", &["A"])),
            Bad(&[("NAME_MISMATCH", "/fields/0/type/name")]),
        ),
        case(
            "enum renamed and symbol missing",
            one(enm("E", &["A", "B"])),
            one(enm("G", &["A"])),
            Bad(&[
                ("NAME_MISMATCH", "/fields/0/type/name"),
                ("MISSING_ENUM_SYMBOLS", "/fields/0/type/symbols"),
            ]),
        ),
        case(
            "enum renamed with alias",
            one(enm("E", &["A"])),
            one(json!({"type": "enum", "name": "G", "aliases": ["E"], "symbols": ["A"]})),
            Fine,
        ),
        case(
            "enum read as string",
            one(enm("E", &["A"])),
            one(json!("string")),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "string read as enum",
            one(json!("string")),
            one(enm("E", &["A"])),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "enum in array loses a symbol",
            one(arr(enm("E", &["A", "B"]))),
            one(arr(enm("E", &["A"]))),
            Bad(&[("MISSING_ENUM_SYMBOLS", "/fields/0/type/items/symbols")]),
        ),
        case(
            "enum in map loses a symbol with default",
            one(map(enm("E", &["A", "B"]))),
            one(map(enm_default("E", &["A"], "A"))),
            Fine,
        ),
        case(
            "enum in union loses a symbol",
            one(json!(["null", enm("E", &["A", "B"])])),
            one(json!(["null", enm("E", &["A"])])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type/1")]),
        ),
        case(
            "new enum field with enum default but no field default",
            rec("R", json!([{"name": "x", "type": "int"}])),
            rec(
                "R",
                json!([{"name": "x", "type": "int"}, {"name": "e", "type": enm_default("E", &["A"], "A")}]),
            ),
            Bad(&[("TYPE_MISMATCH", "/fields/1/type")]),
        ),
        case(
            "new enum field without any default",
            rec("R", json!([{"name": "x", "type": "int"}])),
            rec(
                "R",
                json!([{"name": "x", "type": "int"}, {"name": "e", "type": enm("E", &["A"])}]),
            ),
            Bad(&[("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1")]),
        ),
        case(
            "new enum field with field default",
            rec("R", json!([{"name": "x", "type": "int"}])),
            rec(
                "R",
                json!([{"name": "x", "type": "int"}, {"name": "e", "type": enm("E", &["A"]), "default": "A"}]),
            ),
            Fine,
        ),
        case(
            "empty writer enum",
            one(enm("E", &[])),
            one(enm("E", &["A"])),
            Fine,
        ),
        case(
            "missing symbols listed sorted",
            one(enm("E", &["D", "C", "B", "A"])),
            one(enm("E", &["B"])),
            Bad(&[("MISSING_ENUM_SYMBOLS", "/fields/0/type/symbols")]),
        ),
    ]
}

pub(super) fn fixed_and_decimal() -> Vec<Case> {
    let dec_bytes = |p: u32, s: u32| json!({"type": "bytes", "logicalType": "decimal", "precision": p, "scale": s});
    let dec_fixed = |size: u32, p: u32| json!({"type": "fixed", "name": "D", "size": size, "logicalType": "decimal", "precision": p, "scale": 2});
    vec![
        case("same fixed", one(fixed("F", 4)), one(fixed("F", 4)), Fine),
        case(
            "fixed grew",
            one(fixed("F", 4)),
            one(fixed("F", 8)),
            Bad(&[("FIXED_SIZE_MISMATCH", "/fields/0/type/size")]),
        ),
        case(
            "fixed shrank",
            one(fixed("F", 8)),
            one(fixed("F", 4)),
            Bad(&[("FIXED_SIZE_MISMATCH", "/fields/0/type/size")]),
        ),
        case(
            "fixed renamed",
            one(fixed("F", 4)),
            one(fixed("G", 4)),
            Bad(&[("NAME_MISMATCH", "/fields/0/type/name")]),
        ),
        case(
            "fixed renamed and resized",
            one(fixed("F", 4)),
            one(fixed("G", 5)),
            Bad(&[
                ("NAME_MISMATCH", "/fields/0/type/name"),
                ("FIXED_SIZE_MISMATCH", "/fields/0/type/size"),
            ]),
        ),
        case(
            "fixed renamed with alias",
            one(fixed("F", 4)),
            one(json!({"type": "fixed", "name": "G", "aliases": ["F"], "size": 4})),
            Fine,
        ),
        case(
            "fixed read as bytes",
            one(fixed("F", 4)),
            one(json!("bytes")),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "bytes read as fixed",
            one(json!("bytes")),
            one(fixed("F", 4)),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "fixed in union grew",
            one(json!(["null", fixed("F", 4)])),
            one(json!(["null", fixed("F", 5)])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type/1")]),
        ),
        case(
            "decimal precision changed (wire-compatible)",
            one(dec_bytes(10, 2)),
            one(dec_bytes(12, 2)),
            Fine,
        ),
        case(
            "decimal scale changed (wire-compatible)",
            one(dec_bytes(10, 2)),
            one(dec_bytes(10, 4)),
            Fine,
        ),
        case(
            "decimal added to bytes",
            one(json!("bytes")),
            one(dec_bytes(10, 2)),
            Fine,
        ),
        case(
            "decimal bytes to decimal fixed",
            one(dec_bytes(10, 2)),
            one(dec_fixed(8, 10)),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "decimal fixed size changed",
            one(dec_fixed(8, 10)),
            one(dec_fixed(16, 10)),
            Bad(&[("FIXED_SIZE_MISMATCH", "/fields/0/type/size")]),
        ),
        case(
            "timestamp-millis to micros (wire-compatible)",
            one(json!({"type": "long", "logicalType": "timestamp-millis"})),
            one(json!({"type": "long", "logicalType": "timestamp-micros"})),
            Fine,
        ),
        case(
            "date (int) read as timestamp (long)",
            one(json!({"type": "int", "logicalType": "date"})),
            one(json!({"type": "long", "logicalType": "timestamp-millis"})),
            Fine,
        ),
        case(
            "timestamp read as date",
            one(json!({"type": "long", "logicalType": "timestamp-millis"})),
            one(json!({"type": "int", "logicalType": "date"})),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "uuid string read as string",
            one(json!({"type": "string", "logicalType": "uuid"})),
            one(json!("string")),
            Fine,
        ),
        case(
            "uuid string read as bytes",
            one(json!({"type": "string", "logicalType": "uuid"})),
            one(json!("bytes")),
            Fine,
        ),
        case(
            "duration fixed read as fixed of another size",
            one(json!({"type": "fixed", "name": "Dur", "size": 12, "logicalType": "duration"})),
            one(fixed("Dur", 16)),
            Bad(&[("FIXED_SIZE_MISMATCH", "/fields/0/type/size")]),
        ),
    ]
}
