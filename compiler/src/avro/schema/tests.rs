use super::parser::is_java_double;
use super::*;
use serde_json::json;

fn error_of(value: Value) -> ParseError {
    Schema::parse(&value).expect_err("should not parse")
}

#[test]
fn primitives_parse_as_strings_and_objects() {
    let schema =
        Schema::parse(&json!({"type": "long", "logicalType": "timestamp-millis"})).unwrap();
    let root = schema.node(schema.root());
    assert_eq!(root.kind(), SchemaKind::Long);
    assert_eq!(root.logical_type(), Some("timestamp-millis"));
    assert_eq!(
        Schema::parse(&json!("null"))
            .unwrap()
            .node(NodeId(0))
            .kind(),
        SchemaKind::Null
    );
}

#[test]
fn namespaces_are_inherited_and_reset() {
    let schema = Schema::parse(
        &json!({"type": "record", "name": "R", "namespace": "a.b", "fields": [
            {"name": "x", "type": {"type": "fixed", "name": "F", "size": 2}},
            {"name": "y", "type": {"type": "enum", "name": "E", "namespace": "", "symbols": ["A"]}},
            {"name": "z", "type": {"type": "record", "name": "c.S", "fields": []}},
            {"name": "w", "type": "F"}
        ]}),
    )
    .unwrap();
    let names: Vec<String> = schema
        .nodes()
        .iter()
        .filter_map(|n| n.named())
        .map(|n| n.name.full_name())
        .collect();
    assert_eq!(
        names,
        ["a.b.F", "E", "c.S", "a.b.R"],
        "a record is complete after its fields"
    );
    let Node::Record { fields, .. } = schema.node(schema.root()) else {
        panic!()
    };
    assert_eq!(
        fields[3].ty, fields[0].ty,
        "a reference is the defined node itself"
    );
}

#[test]
fn recursive_references_point_back_to_the_record() {
    let schema = Schema::parse(&json!({"type": "record", "name": "Node", "fields": [
        {"name": "next", "type": ["null", "Node"], "default": null}
    ]}))
    .unwrap();
    let Node::Record { fields, .. } = schema.node(schema.root()) else {
        panic!()
    };
    let Node::Union { branches } = schema.node(fields[0].ty) else {
        panic!()
    };
    assert_eq!(branches[1], schema.root());
}

#[test]
fn references_to_incomplete_types_resolve_by_qualified_name_only() {
    let forward = json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "E"},
        {"name": "b", "type": {"type": "enum", "name": "E", "symbols": ["A"]}}]});
    let schema = Schema::parse(&forward).unwrap();
    let Node::Record { fields, .. } = schema.node(schema.root()) else {
        panic!()
    };
    assert_eq!(
        fields[0].ty, fields[1].ty,
        "a forward reference is the later definition"
    );
    let open_fallback = json!({"type": "record", "name": "R", "fields": [{"name": "s", "type":
        {"type": "record", "name": "S", "namespace": "x", "fields": [{"name": "r", "type": "R"}]}}]});
    assert_eq!(error_of(open_fallback).message, "Undefined schema: x.R");
    let forward_default = json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "E", "default": "A"},
        {"name": "b", "type": {"type": "enum", "name": "E", "symbols": ["A"]}}]});
    assert!(error_of(forward_default)
        .message
        .starts_with("Invalid default"));
}

#[test]
fn invalid_names_are_rejected_with_their_location() {
    let err =
        error_of(json!({"type": "record", "name": "R", "fields": [{"name": "1a", "type": "int"}]}));
    assert_eq!(err.location, "/fields/0/name");
    assert!(err.message.contains("Illegal initial character"));
    let err = error_of(json!({"type": "record", "name": "A", "namespace": "a..b", "fields": []}));
    assert!(err.message.contains("Namespace part"));
    assert!(
        error_of(json!({"type": "enum", "name": "E", "symbols": ["A-B"]}))
            .message
            .contains("Illegal character")
    );
    assert!(
        error_of(json!({"type": "record", "name": "int", "fields": []}))
            .message
            .contains("primitives")
    );
}

#[test]
fn duplicates_and_unknown_names_are_rejected() {
    let dup = json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]});
    assert_eq!(error_of(dup).location, "/fields/1");
    let redefined = json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": {"type": "record", "name": "R", "fields": []}}]});
    assert!(error_of(redefined).message.contains("Can't redefine"));
    let unknown =
        error_of(json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "X"}]}));
    assert_eq!(
        (unknown.message.as_str(), unknown.location.as_str()),
        ("Undefined schema: X", "/fields/0/type")
    );
    assert!(
        error_of(json!({"type": "enum", "name": "E", "symbols": ["A", "A"]}))
            .message
            .contains("Duplicate")
    );
}

#[test]
fn union_rules() {
    assert_eq!(error_of(json!(["int", ["null"]])).message, "Nested union");
    assert_eq!(error_of(json!(["int", {"type": "int"}])).location, "/1");
    assert!(error_of(
        json!([{"type": "array", "items": "int"}, {"type": "array", "items": "long"}])
    )
    .message
    .contains("Duplicate"));
    assert!(Schema::parse(&json!([{"type": "fixed", "name": "a.F", "size": 1}, {"type": "fixed", "name": "b.F", "size": 1}])).is_ok());
}

#[test]
fn defaults_are_validated_like_java() {
    let field = |ty: Value, default: Value| json!({"type": "record", "name": "R", "fields": [{"name": "f", "type": ty, "default": default}]});
    assert!(Schema::parse(&field(json!("int"), json!(1))).is_ok());
    assert!(Schema::parse(&field(json!("int"), json!(1.0))).is_err());
    assert!(Schema::parse(&field(json!("int"), json!(3_000_000_000u64))).is_err());
    assert!(Schema::parse(&field(json!("long"), json!(3_000_000_000u64))).is_ok());
    assert!(Schema::parse(&field(json!("float"), json!("NaN"))).is_ok());
    assert!(Schema::parse(&field(json!("float"), json!("nan"))).is_err());
    assert!(
        Schema::parse(&field(json!(["null", "int"]), json!(1))).is_ok(),
        "any branch"
    );
    assert!(Schema::parse(&field(json!(["null", "float"]), json!("NaN"))).is_err());
    assert!(Schema::parse(&field(json!("int"), json!(null))).is_err());
    let open = json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": ["null", "R"], "default": {}}]});
    assert_eq!(error_of(open).message, "Schema fields not set yet");
}

#[test]
fn enum_default_must_be_a_symbol() {
    let err = error_of(json!({"type": "enum", "name": "E", "symbols": ["A"], "default": "B"}));
    assert!(err.message.contains("not in the enum symbol set"));
    assert!(
        Schema::parse(&json!({"type": "enum", "name": "E", "symbols": ["A"], "default": 1}))
            .is_ok()
    );
}

#[test]
fn malformed_documents_are_errors_not_panics() {
    for bad in [
        json!(5),
        json!({"type": 5}),
        json!({"type": "record", "name": "R"}),
        json!({"type": "array"}),
        json!({"type": "fixed", "name": "F", "size": -1}),
        json!({"type": "fixed", "name": "F", "size": 1.5}),
        json!({"type": "record", "name": "R", "fields": [5]}),
        json!({"type": "record", "name": "R", "aliases": "x", "fields": []}),
    ] {
        assert!(Schema::parse(&bad).is_err(), "{bad}");
    }
    let mut deep = json!("int");
    for _ in 0..1000 {
        deep = json!({"type": "array", "items": deep});
    }
    assert!(Schema::parse(&deep).unwrap_err().message.contains("deeper"));
}

#[test]
fn java_doubles() {
    for ok in [
        "1", "1.5", "-1e3", ".5", "5.", "1.5f", " 2 ", "Infinity", "-NaN",
    ] {
        assert!(is_java_double(ok), "{ok}");
    }
    for bad in ["x", "inf", "", ".", "1e", "nan"] {
        assert!(!is_java_double(bad), "{bad}");
    }
}
