//! Cases of records: fields added, removed, renamed and promoted, and namespaces.

use super::*;

pub(super) fn records() -> Vec<Case> {
    let id = json!({"name": "id", "type": "int"});
    vec![
        case(
            "same record",
            rec("R", json!([id])),
            rec("R", json!([id])),
            Fine,
        ),
        case(
            "field added with default",
            rec("R", json!([id])),
            rec(
                "R",
                json!([id, {"name": "e", "type": "string", "default": ""}]),
            ),
            Fine,
        ),
        case(
            "field added without default",
            rec("R", json!([id])),
            rec("R", json!([id, {"name": "e", "type": "string"}])),
            Bad(&[("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1")]),
        ),
        case(
            "field added with null default",
            rec("R", json!([id])),
            rec(
                "R",
                json!([id, {"name": "e", "type": ["null", "string"], "default": null}]),
            ),
            Fine,
        ),
        case(
            "field removed",
            rec("R", json!([id, {"name": "e", "type": "string"}])),
            rec("R", json!([id])),
            Fine,
        ),
        case(
            "two fields added without default",
            rec("R", json!([id])),
            rec(
                "R",
                json!([{"name": "a", "type": "int"}, id, {"name": "b", "type": "int"}]),
            ),
            Bad(&[
                ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0"),
                ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2"),
            ]),
        ),
        case(
            "field order changed",
            rec(
                "R",
                json!([{"name": "a", "type": "int"}, {"name": "b", "type": "string"}]),
            ),
            rec(
                "R",
                json!([{"name": "b", "type": "string"}, {"name": "a", "type": "int"}]),
            ),
            Fine,
        ),
        case(
            "field order changed and a type narrowed",
            rec(
                "R",
                json!([{"name": "a", "type": "long"}, {"name": "b", "type": "string"}]),
            ),
            rec(
                "R",
                json!([{"name": "b", "type": "string"}, {"name": "a", "type": "int"}]),
            ),
            Bad(&[("TYPE_MISMATCH", "/fields/1/type")]),
        ),
        case(
            "field promoted",
            one(json!("int")),
            one(json!("long")),
            Fine,
        ),
        case(
            "field demoted",
            one(json!("long")),
            one(json!("int")),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "field string to bytes",
            one(json!("string")),
            one(json!("bytes")),
            Fine,
        ),
        case(
            "field bytes to string",
            one(json!("bytes")),
            one(json!("string")),
            Fine,
        ),
        case(
            "field string to int",
            one(json!("string")),
            one(json!("int")),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "field renamed without alias",
            rec("R", json!([{"name": "old", "type": "int"}])),
            rec("R", json!([{"name": "new", "type": "int"}])),
            Bad(&[("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0")]),
        ),
        case(
            "field renamed with alias",
            rec("R", json!([{"name": "old", "type": "int"}])),
            rec(
                "R",
                json!([{"name": "new", "type": "int", "aliases": ["old"]}]),
            ),
            Fine,
        ),
        case(
            "field renamed with alias, type narrowed",
            rec("R", json!([{"name": "old", "type": "long"}])),
            rec(
                "R",
                json!([{"name": "new", "type": "int", "aliases": ["old"]}]),
            ),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "field alias on the writer side is ignored",
            rec(
                "R",
                json!([{"name": "new", "type": "int", "aliases": ["old"]}]),
            ),
            rec("R", json!([{"name": "old", "type": "int"}])),
            Bad(&[("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0")]),
        ),
        case(
            "renamed with default",
            rec("R", json!([{"name": "old", "type": "int"}])),
            rec("R", json!([{"name": "new", "type": "int", "default": 0}])),
            Fine,
        ),
        case(
            "alias and old name both present in writer",
            rec(
                "R",
                json!([{"name": "a", "type": "int"}, {"name": "b", "type": "int"}]),
            ),
            rec("R", json!([{"name": "a", "type": "int", "aliases": ["b"]}])),
            Throws,
        ),
        case(
            "renamed field and new field taking the old name",
            rec(
                "R",
                json!([{"name": "x_new", "type": "int", "aliases": ["x"]}, {"name": "x", "type": "string", "default": ""}]),
            ),
            rec(
                "R",
                json!([{"name": "x_new", "type": "int", "aliases": ["x"]}, {"name": "x", "type": "string", "default": ""}]),
            ),
            Throws,
        ),
        case(
            "two aliases match two writer fields",
            rec(
                "R",
                json!([{"name": "a", "type": "int"}, {"name": "b", "type": "int"}]),
            ),
            rec(
                "R",
                json!([{"name": "c", "type": "int", "aliases": ["a", "b"]}]),
            ),
            Throws,
        ),
        case(
            "alias equal to own name",
            one(json!("int")),
            rec("R", json!([{"name": "f", "type": "int", "aliases": ["f"]}])),
            Throws,
        ),
        case(
            "alias matching nothing",
            one(json!("int")),
            rec(
                "R",
                json!([{"name": "f", "type": "int", "aliases": ["zz"]}]),
            ),
            Fine,
        ),
        case(
            "record renamed",
            rec("A", json!([id])),
            rec("B", json!([id])),
            Bad(&[("NAME_MISMATCH", "/name")]),
        ),
        case(
            "record renamed with alias",
            rec("A", json!([id])),
            json!({"type": "record", "name": "B", "aliases": ["A"], "fields": [id]}),
            Fine,
        ),
        case(
            "record renamed, alias on writer only",
            json!({"type": "record", "name": "A", "aliases": ["B"], "fields": [id]}),
            rec("B", json!([id])),
            Bad(&[("NAME_MISMATCH", "/name")]),
        ),
        case(
            "record renamed and field missing",
            rec("A", json!([id])),
            rec("B", json!([{"name": "x", "type": "int"}])),
            Bad(&[
                ("NAME_MISMATCH", "/name"),
                ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0"),
            ]),
        ),
        case(
            "empty records",
            rec("R", json!([])),
            rec("R", json!([])),
            Fine,
        ),
        case(
            "error type read as record",
            json!({"type": "error", "name": "R", "fields": [id]}),
            rec("R", json!([id])),
            Fine,
        ),
        case(
            "nested record field added without default",
            one(rec("S", json!([id]))),
            one(rec("S", json!([id, {"name": "y", "type": "int"}]))),
            Bad(&[(
                "READER_FIELD_MISSING_DEFAULT_VALUE",
                "/fields/0/type/fields/1",
            )]),
        ),
        case(
            "nested record field narrowed",
            one(rec("S", json!([{"name": "v", "type": "double"}]))),
            one(rec("S", json!([{"name": "v", "type": "float"}]))),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type/fields/0/type")]),
        ),
        case(
            "record read as map",
            one(rec("S", json!([id]))),
            one(map(json!("int"))),
            Bad(&[("TYPE_MISMATCH", "/fields/0/type")]),
        ),
        case(
            "many problems reported together",
            rec(
                "R",
                json!([{"name": "a", "type": "long"}, {"name": "b", "type": "string"}]),
            ),
            rec(
                "R",
                json!([{"name": "a", "type": "int"}, {"name": "b", "type": "boolean"}, {"name": "c", "type": "int"}]),
            ),
            Bad(&[
                ("TYPE_MISMATCH", "/fields/0/type"),
                ("TYPE_MISMATCH", "/fields/1/type"),
                ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2"),
            ]),
        ),
        case(
            "default of a record-typed field",
            one(json!("int")),
            rec(
                "R",
                json!([{"name": "f", "type": "int"}, {"name": "g", "type": rec("S", json!([id])), "default": {"id": 1}}]),
            ),
            Fine,
        ),
        case(
            "default of an array field",
            one(json!("int")),
            rec(
                "R",
                json!([{"name": "f", "type": "int"}, {"name": "g", "type": arr(json!("int")), "default": []}]),
            ),
            Fine,
        ),
        case(
            "field order attribute is irrelevant",
            one(json!("int")),
            rec(
                "R",
                json!([{"name": "f", "type": "int", "order": "descending"}]),
            ),
            Fine,
        ),
    ]
}

pub(super) fn namespaces() -> Vec<Case> {
    let id = json!({"name": "id", "type": "int"});
    let in_ns = |ns: &str, name: &str| json!({"type": "record", "name": name, "namespace": ns, "fields": [{"name": "id", "type": "int"}]});
    vec![
        case(
            "namespace changed (names compare unqualified)",
            in_ns("a", "R"),
            in_ns("b", "R"),
            Fine,
        ),
        case(
            "namespace added",
            rec("R", json!([id])),
            in_ns("x", "R"),
            Fine,
        ),
        case(
            "namespace removed",
            in_ns("x", "R"),
            rec("R", json!([id])),
            Fine,
        ),
        case(
            "dotted name versus namespace",
            rec("a.b.R", json!([id])),
            in_ns("a.b", "R"),
            Fine,
        ),
        case(
            "namespace changed and renamed",
            in_ns("a", "R"),
            in_ns("b", "S"),
            Bad(&[("NAME_MISMATCH", "/name")]),
        ),
        case(
            "renamed with unqualified alias resolves in reader namespace",
            in_ns("a", "R"),
            json!({"type": "record", "name": "S", "namespace": "a", "aliases": ["R"], "fields": [id]}),
            Fine,
        ),
        case(
            "unqualified alias in another namespace does not match",
            in_ns("a", "R"),
            json!({"type": "record", "name": "S", "namespace": "b", "aliases": ["R"], "fields": [id]}),
            Bad(&[("NAME_MISMATCH", "/name")]),
        ),
        case(
            "qualified alias matches",
            in_ns("a", "R"),
            json!({"type": "record", "name": "S", "namespace": "b", "aliases": ["a.R"], "fields": [id]}),
            Fine,
        ),
        case(
            "qualified alias with wrong namespace",
            in_ns("a", "R"),
            json!({"type": "record", "name": "S", "namespace": "b", "aliases": ["c.R"], "fields": [id]}),
            Bad(&[("NAME_MISMATCH", "/name")]),
        ),
        case(
            "enum namespace changed",
            one(json!({"type": "enum", "name": "E", "namespace": "a", "symbols": ["X"]})),
            one(json!({"type": "enum", "name": "E", "namespace": "b", "symbols": ["X"]})),
            Fine,
        ),
        case(
            "fixed namespace changed",
            one(json!({"type": "fixed", "name": "F", "namespace": "a", "size": 2})),
            one(json!({"type": "fixed", "name": "F", "namespace": "b", "size": 2})),
            Fine,
        ),
        case(
            "nested type inherits namespace",
            json!({"type": "record", "name": "R", "namespace": "a", "fields": [{"name": "f", "type": enm("E", &["X"])}]}),
            json!({"type": "record", "name": "R", "namespace": "b", "fields": [{"name": "f", "type": enm("E", &["X"])}]}),
            Fine,
        ),
        case(
            "alias with the old nested namespace",
            json!({"type": "record", "name": "R", "namespace": "a", "fields": [{"name": "f", "type": enm("E", &["X"])}]}),
            json!({"type": "record", "name": "R", "namespace": "a", "fields": [{"name": "f", "type": {"type": "enum", "name": "G", "aliases": ["a.E"], "symbols": ["X"]}}]}),
            Fine,
        ),
        case(
            "union branch matched by unqualified name",
            one(json!(["null", in_ns("a", "S")])),
            one(json!(["null", in_ns("b", "S")])),
            Fine,
        ),
        case(
            "union branch renamed",
            one(json!(["null", in_ns("a", "S")])),
            one(json!(["null", in_ns("a", "T")])),
            Bad(&[("MISSING_UNION_BRANCH", "/fields/0/type/1")]),
        ),
    ]
}
