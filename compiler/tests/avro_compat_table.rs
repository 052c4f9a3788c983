//! Hand-written evolution cases with their expected reader/writer verdicts, following the Avro
//! specification's resolution rules as Java 1.12's `SchemaCompatibility` applies them. Each case
//! is asserted against our engine and, when the oracle runs, re-asserted against Java so the table
//! cannot drift from the reference.

mod support;

use accord_compiler::avro::{check_compatibility, CompatError, Schema};
use serde_json::{json, Value};
use support::oracle;

/// The expected outcome of one case.
enum Expect {
    /// Compatible.
    Ok,
    /// Incompatible with exactly these (kind, location) pairs, in order.
    Bad(&'static [(&'static str, &'static str)]),
    /// Java throws: a reader field matches several writer fields.
    Throws,
}
use Expect::{Bad, Ok as Fine, Throws};

struct Case {
    name: &'static str,
    writer: Value,
    reader: Value,
    expect: Expect,
}

fn case(name: &'static str, writer: Value, reader: Value, expect: Expect) -> Case {
    Case {
        name,
        writer,
        reader,
        expect,
    }
}

/// A record named `name` with `fields`.
fn rec(name: &str, fields: Value) -> Value {
    json!({"type": "record", "name": name, "fields": fields})
}

/// A one-field record `R` whose field `f` has type `ty`.
fn one(ty: Value) -> Value {
    rec("R", json!([{"name": "f", "type": ty}]))
}

fn enm(name: &str, symbols: &[&str]) -> Value {
    json!({"type": "enum", "name": name, "symbols": symbols})
}

fn enm_default(name: &str, symbols: &[&str], default: &str) -> Value {
    json!({"type": "enum", "name": name, "symbols": symbols, "default": default})
}

fn fixed(name: &str, size: u32) -> Value {
    json!({"type": "fixed", "name": name, "size": size})
}

fn arr(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

fn map(values: Value) -> Value {
    json!({"type": "map", "values": values})
}

fn primitives() -> Vec<Case> {
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

fn records() -> Vec<Case> {
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

fn namespaces() -> Vec<Case> {
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

fn enums() -> Vec<Case> {
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

fn fixed_and_decimal() -> Vec<Case> {
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

fn unions() -> Vec<Case> {
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

fn containers() -> Vec<Case> {
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

fn recursion() -> Vec<Case> {
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

fn all_cases() -> Vec<Case> {
    [
        primitives(),
        records(),
        namespaces(),
        enums(),
        fixed_and_decimal(),
        unions(),
        containers(),
        recursion(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Our outcome in the table's terms.
fn ours(case: &Case) -> Result<Vec<(String, String)>, CompatError> {
    let writer =
        Schema::parse(&case.writer).unwrap_or_else(|e| panic!("{}: writer: {e}", case.name));
    let reader =
        Schema::parse(&case.reader).unwrap_or_else(|e| panic!("{}: reader: {e}", case.name));
    check_compatibility(&reader, &writer).map(|c| {
        c.incompatibilities
            .into_iter()
            .map(|i| (i.kind.java_name().to_string(), i.location))
            .collect()
    })
}

fn expected(expect: &Expect) -> Option<Vec<(String, String)>> {
    match expect {
        Fine => Some(Vec::new()),
        Bad(list) => Some(
            list.iter()
                .map(|(k, l)| (k.to_string(), l.to_string()))
                .collect(),
        ),
        Throws => None,
    }
}

#[test]
fn table_has_enough_cases() {
    assert!(all_cases().len() >= 150, "{} cases", all_cases().len());
}

#[test]
fn engine_matches_the_table() {
    let mut failures = Vec::new();
    for case in all_cases() {
        let got = ours(&case);
        let ok = match (&got, expected(&case.expect)) {
            (Ok(found), Some(want)) => *found == want,
            (Err(_), None) => true,
            _ => false,
        };
        if !ok {
            failures.push(format!("{}: got {got:?}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn java_matches_the_table() {
    if oracle::skipped() {
        return;
    }
    let cases = all_cases();
    let requests: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| json!({"id": i, "writer": c.writer, "reader": c.reader}))
        .collect();
    let answers = oracle::run("compat", &requests);
    let mut failures = Vec::new();
    for (case, answer) in cases.iter().zip(&answers) {
        let theirs = oracle::normalise_oracle(answer);
        let ok = match expected(&case.expect) {
            None => theirs["error"] == "check",
            Some(want) => {
                let found: Vec<(String, String)> = theirs["incompatibilities"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|i| {
                        (
                            i["type"].as_str().unwrap_or("").to_string(),
                            i["location"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect();
                theirs["error"].is_null() && found == want
            }
        };
        if !ok {
            failures.push(format!("{}: oracle says {theirs}", case.name));
        }
    }
    println!(
        "avro compat table: {} cases checked against Java, {} disagree",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
