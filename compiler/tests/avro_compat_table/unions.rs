//! Cases of unions: branches added and removed, and unions against non-unions.

use super::*;

pub(super) fn unions() -> Vec<Case> {
    vec![
        case(
            "non-union to nullable",
            one(json!("string")),
            one(json!(["null", "string"])),
            Fine,
        ),
        case(
            "nullable to non-union",
            one(json!(["null", "string"])),
            one(json!("string")),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type/0")]),
        ),
        case(
            "union to wider union",
            one(json!(["null", "int"])),
            one(json!(["null", "int", "string"])),
            Fine,
        ),
        case(
            "union to narrower union",
            one(json!(["null", "int", "string"])),
            one(json!(["null", "int"])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type/2")]),
        ),
        case(
            "union branches reordered",
            one(json!(["null", "int", "string"])),
            one(json!(["string", "null", "int"])),
            Fine,
        ),
        case(
            "union branch promoted",
            one(json!(["null", "int"])),
            one(json!(["null", "long"])),
            Fine,
        ),
        case(
            "union branch demoted",
            one(json!(["null", "long"])),
            one(json!(["null", "int"])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type/1")]),
        ),
        case(
            "int written, reader union of long",
            one(json!("int")),
            one(json!(["null", "long"])),
            Fine,
        ),
        case(
            "long written, reader union of int",
            one(json!("long")),
            one(json!(["null", "int"])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type")]),
        ),
        case(
            "writer union, reader single type reads all branches",
            one(json!(["int", "long"])),
            one(json!("long")),
            Fine,
        ),
        case(
            "writer union, reader single type reads some branches",
            one(json!(["int", "string"])),
            one(json!("long")),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type/1")]),
        ),
        case(
            "writer union, reader single type reads no branch",
            one(json!(["null", "boolean"])),
            one(json!("long")),
            Bad(&[
                ("TYPE_MISMATCH", "/fields/0/type/0"),
                ("TYPE_MISMATCH", "/fields/0/type/1"),
            ]),
        ),
        case(
            "single-branch writer union read as that type",
            one(json!(["string"])),
            one(json!("string")),
            Fine,
        ),
        case(
            "writer type read as single-branch union",
            one(json!("string")),
            one(json!(["string"])),
            Fine,
        ),
        case(
            "union of records, record added",
            one(json!([rec("A", json!([])), rec("B", json!([]))])),
            one(json!([
                rec("A", json!([])),
                rec("B", json!([])),
                rec("C", json!([]))
            ])),
            Fine,
        ),
        case(
            "union of records, record removed",
            one(json!([rec("A", json!([])), rec("B", json!([]))])),
            one(json!([rec("A", json!([]))])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type/1")]),
        ),
        case(
            "record written, union with that record",
            one(rec("A", json!([]))),
            one(json!(["null", rec("A", json!([]))])),
            Fine,
        ),
        case(
            "record written, union without it",
            one(rec("A", json!([]))),
            one(json!(["null", rec("B", json!([]))])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type")]),
        ),
        case(
            "array in union items promoted",
            one(json!(["null", arr(json!("int"))])),
            one(json!(["null", arr(json!("long"))])),
            Fine,
        ),
        case(
            "array in union items demoted",
            one(json!(["null", arr(json!("long"))])),
            one(json!(["null", arr(json!("int"))])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type/1")]),
        ),
        case(
            "map in union values changed",
            one(json!(["null", map(json!("string"))])),
            one(json!(["null", map(json!("int"))])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type/1")]),
        ),
        case(
            "union field default null kept",
            rec(
                "R",
                json!([{"name": "f", "type": ["null", "int"], "default": null}]),
            ),
            rec(
                "R",
                json!([{"name": "f", "type": ["null", "int"], "default": null}]),
            ),
            Fine,
        ),
        case(
            "new union field with default of a later branch",
            one(json!("int")),
            rec(
                "R",
                json!([{"name": "f", "type": "int"}, {"name": "g", "type": ["null", "string"], "default": "x"}]),
            ),
            Fine,
        ),
        case(
            "new union field without default",
            one(json!("int")),
            rec(
                "R",
                json!([{"name": "f", "type": "int"}, {"name": "g", "type": ["null", "string"]}]),
            ),
            Bad(&[("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1")]),
        ),
        case(
            "top-level unions",
            json!(["null", "string"]),
            json!(["string", "null"]),
            Fine,
        ),
        case(
            "top-level union loses null",
            json!(["null", "string"]),
            json!(["string"]),
            Bad(&[("MISSING_UNION_BRANCH", "/0")]),
        ),
        case(
            "top-level union read as non-union",
            json!(["null", "string"]),
            json!("string"),
            Bad(&[("TYPE_MISMATCH", "/0")]),
        ),
        case("empty writer union", json!([]), json!("string"), Fine),
        case(
            "empty reader union",
            json!("string"),
            json!([]),
            Bad(&[("MISSING_UNION_BRANCH", "/")]),
        ),
        case(
            "string written, union of bytes",
            one(json!("string")),
            one(json!(["null", "bytes"])),
            Fine,
        ),
        case(
            "writer union of string and bytes, reader bytes",
            one(json!(["string", "bytes"])),
            one(json!("bytes")),
            Fine,
        ),
        case(
            "nested union in array items",
            one(arr(json!(["null", "int"]))),
            one(arr(json!("int"))),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type/items/0")]),
        ),
        case(
            "union with enum gaining symbol",
            one(json!(["null", enm("E", &["A"])])),
            one(json!(["null", enm("E", &["A", "B"])])),
            Fine,
        ),
    ]
}
