//! Cases of arrays and maps, and of recursive types.

use super::*;

pub(super) fn containers() -> Vec<Case> {
    vec![
        case(
            "array items promoted",
            one(arr(json!("int"))),
            one(arr(json!("long"))),
            Fine,
        ),
        case(
            "array items demoted",
            one(arr(json!("double"))),
            one(arr(json!("float"))),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type/items")]),
        ),
        case(
            "map values promoted",
            one(map(json!("float"))),
            one(map(json!("double"))),
            Fine,
        ),
        case(
            "map values demoted",
            one(map(json!("long"))),
            one(map(json!("int"))),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type/values")]),
        ),
        case(
            "array read as map",
            one(arr(json!("int"))),
            one(map(json!("int"))),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "map read as array",
            one(map(json!("int"))),
            one(arr(json!("int"))),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "array of arrays promoted",
            one(arr(arr(json!("int")))),
            one(arr(arr(json!("double")))),
            Fine,
        ),
        case(
            "array of arrays demoted",
            one(arr(arr(json!("long")))),
            one(arr(arr(json!("int")))),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type/items/items")]),
        ),
        case(
            "map of arrays of records",
            one(map(arr(rec("S", json!([{"name": "a", "type": "int"}]))))),
            one(map(arr(rec(
                "S",
                json!([{"name": "a", "type": "int"}, {"name": "b", "type": "int"}]),
            )))),
            Bad(&[(
                "READER_FIELD_MISSING_DEFAULT_VALUE",
                "/fields/0/type/values/items/fields/1",
            )]),
        ),
        case(
            "array of strings read as array of bytes",
            one(arr(json!("string"))),
            one(arr(json!("bytes"))),
            Fine,
        ),
        case(
            "map of bytes read as map of strings",
            one(map(json!("bytes"))),
            one(map(json!("string"))),
            Fine,
        ),
        case(
            "array items to nullable",
            one(arr(json!("int"))),
            one(arr(json!(["null", "int"]))),
            Fine,
        ),
        case(
            "top-level array",
            arr(json!("int")),
            arr(json!("long")),
            Fine,
        ),
        case(
            "top-level map demoted",
            map(json!("long")),
            map(json!("int")),
            Bad(&[("TYPE_MISMATCH", "/values")]),
        ),
        case(
            "top-level array read as int",
            arr(json!("int")),
            json!("int"),
            Bad(&[("TYPE_MISMATCH", "/")]),
        ),
        case(
            "array with logical items",
            one(arr(json!({"type": "int", "logicalType": "date"}))),
            one(arr(json!("long"))),
            Fine,
        ),
    ]
}

pub(super) fn recursion() -> Vec<Case> {
    let list = |v: &str| {
        rec(
            "L",
            json!([{"name": "v", "type": v}, {"name": "next", "type": ["null", "L"]}]),
        )
    };
    let tree = |extra: Value| {
        rec(
            "T",
            json!([{"name": "kids", "type": arr(json!("T"))}, extra]),
        )
    };
    vec![
        case("recursive list identical", list("int"), list("int"), Fine),
        case(
            "recursive list value promoted",
            list("int"),
            list("long"),
            Fine,
        ),
        case(
            "recursive list value demoted",
            list("long"),
            list("int"),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "recursive tree identical",
            tree(json!({"name": "x", "type": "int"})),
            tree(json!({"name": "x", "type": "int"})),
            Fine,
        ),
        case(
            "recursive tree field added without default",
            tree(json!({"name": "x", "type": "int"})),
            rec(
                "T",
                json!([{"name": "kids", "type": arr(json!("T"))}, {"name": "x", "type": "int"}, {"name": "y", "type": "int"}]),
            ),
            Bad(&[("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2")]),
        ),
        case(
            "recursive tree field added with default",
            tree(json!({"name": "x", "type": "int"})),
            rec(
                "T",
                json!([{"name": "kids", "type": arr(json!("T"))}, {"name": "x", "type": "int"}, {"name": "y", "type": "int", "default": 0}]),
            ),
            Fine,
        ),
        case(
            "recursion through a map",
            rec("M", json!([{"name": "m", "type": map(json!("M"))}])),
            rec("M", json!([{"name": "m", "type": map(json!("M"))}])),
            Fine,
        ),
        case(
            "mutual recursion",
            rec(
                "A",
                json!([{"name": "b", "type": ["null", rec("B", json!([{"name": "a", "type": ["null", "A"]}]))]}]),
            ),
            rec(
                "A",
                json!([{"name": "b", "type": ["null", rec("B", json!([{"name": "a", "type": ["null", "A"]}]))]}]),
            ),
            Fine,
        ),
        case(
            "mutual recursion with a renamed inner record",
            rec(
                "A",
                json!([{"name": "b", "type": ["null", rec("B", json!([{"name": "a", "type": ["null", "A"]}]))]}]),
            ),
            rec(
                "A",
                json!([{"name": "b", "type": ["null", rec("C", json!([{"name": "a", "type": ["null", "A"]}]))]}]),
            ),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type/1")]),
        ),
        // The recursive reference meets the (M, L) pair still in progress, which Java deems
        // compatible: only the root's name is reported.
        case(
            "recursive list renamed",
            list("int"),
            rec(
                "M",
                json!([{"name": "v", "type": "int"}, {"name": "next", "type": ["null", "M"]}]),
            ),
            Bad(&[("NAME_MISMATCH", "/name")]),
        ),
        case(
            "named type reused twice reports once per use",
            rec(
                "R",
                json!([{"name": "a", "type": rec("S", json!([{"name": "x", "type": "long"}]))}, {"name": "b", "type": "S"}]),
            ),
            rec(
                "R",
                json!([{"name": "a", "type": rec("S", json!([{"name": "x", "type": "int"}]))}, {"name": "b", "type": "S"}]),
            ),
            Bad(&[
                ("TYPE_MISMATCH", "/fields/0/type/fields/0/type"),
                ("TYPE_MISMATCH", "/fields/0/type/fields/0/type"),
            ]),
        ),
        case(
            "recursive record read through a union",
            list("int"),
            rec(
                "L",
                json!([{"name": "v", "type": "int"}, {"name": "next", "type": ["null", "string", "L"]}]),
            ),
            Fine,
        ),
    ]
}
