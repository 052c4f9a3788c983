//! Field ids (`docs/engines.md`, Field ids): every column of a record type version gets an id
//! that later versions keep, renames included, and that no other column ever gets.

use accord_compiler::field_ids::FieldIds;
use accord_compiler::ir::{FullName, TypeRef};
use accord_compiler::{compile_sources, Compilation};
use std::collections::{BTreeMap, BTreeSet, HashMap};

fn compile(text: &str) -> Compilation {
    let compilation = compile_sources(vec![("a.accord".into(), text.into())], Default::default());
    assert!(
        compilation.valid_model().is_some(),
        "{:?}",
        compilation.diagnostics
    );
    compilation
}

/// Version `version` of the type whose full name is `name`.
fn reference(name: &str, version: u32) -> TypeRef {
    let (package, name) = name.rsplit_once('.').unwrap();
    TypeRef {
        name: FullName {
            package: package.into(),
            name: name.into(),
        },
        version,
    }
}

/// The columns of `name` version `version`, path -> id.
fn ids(compilation: &Compilation, name: &str, version: u32) -> Option<BTreeMap<String, u32>> {
    FieldIds::build(&compilation.model, &Default::default())
        .get(&reference(name, version))
        .map(|columns| columns.iter().cloned().collect())
}

fn columns(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
    pairs.iter().map(|(p, id)| (p.to_string(), *id)).collect()
}

#[test]
fn columns_of_nested_records_lists_maps_and_unions_are_numbered_in_schema_order() {
    let c = compile(
        "package p;
        record Line { sku: string; qty: int; }
        newtype Lines = list<Line>;
        record Order {
          id: long;
          lines: Lines;
          tags: map<list<string>>;
          pay: union<Line, long>?;
          note: string?;
        }",
    );
    assert_eq!(
        ids(&c, "p.Order", 1).unwrap(),
        columns(&[
            ("id", 1),
            ("lines", 2),
            ("lines.element", 3),
            ("lines.element.sku", 4),
            ("lines.element.qty", 5),
            ("tags", 6),
            ("tags.key", 7),
            ("tags.value", 8),
            ("tags.value.element", 9),
            ("pay", 10),
            ("pay.member0", 11),
            ("pay.member0.sku", 12),
            ("pay.member0.qty", 13),
            ("pay.member1", 14),
            ("note", 15),
        ])
    );
    assert_eq!(ids(&c, "p.Lines", 1), None, "a newtype has no columns");
}

#[test]
fn later_versions_keep_ids_follow_renames_and_never_reuse_an_id() {
    let c = compile(
        "package p;
        record Address {
          compat none;
          version 1 { street: string; }
          version 2 { line1: string @renamed(street); city: string = \"\"; }
        }
        record R {
          compat none;
          version 1 { a: int; b: list<int>; gone: string; home: Address@1; }
          version 2 { a: int; c: list<int> @renamed(b); home: Address@2; }
          version 3 { a: int; c: list<int>; home: Address@2; gone: string = \"\"; }
        }",
    );
    let v1 = ids(&c, "p.R", 1).unwrap();
    let v2 = ids(&c, "p.R", 2).unwrap();
    let v3 = ids(&c, "p.R", 3).unwrap();
    assert_eq!(
        v1,
        columns(&[
            ("a", 1),
            ("b", 2),
            ("b.element", 3),
            ("gone", 4),
            ("home", 5),
            ("home.street", 6),
        ])
    );
    // `c` is `b` renamed, and `line1` is `street` renamed inside the nested record.
    assert_eq!(
        v2,
        columns(&[
            ("a", 1),
            ("c", 2),
            ("c.element", 3),
            ("home", 5),
            ("home.line1", 6),
            ("home.city", 7),
        ])
    );
    // `gone` was dropped in version 2: added again, it is a new column with a new id.
    assert_eq!(v3["gone"], 8);
    assert_eq!(v3["c"], 2);
    let all: Vec<(String, u32)> = [v1, v2, v3].into_iter().flatten().collect();
    let mut by_id: BTreeMap<u32, BTreeSet<&str>> = BTreeMap::new();
    for (path, id) in &all {
        by_id
            .entry(*id)
            .or_default()
            .insert(path.rsplit('.').next().unwrap());
    }
    // One id, one column: only a rename gives a column a second name.
    for (id, names) in by_id {
        assert!(
            names.len() == 1
                || names == BTreeSet::from(["b", "c"])
                || names == BTreeSet::from(["street", "line1"]),
            "id {id} names {names:?}"
        );
    }
}

#[test]
fn a_field_keeping_its_name_keeps_its_id_before_a_rename_takes_it() {
    let c = compile(
        "package p;
        record R {
          compat none;
          version 1 { a: int; }
          version 2 { b: int @renamed(a); a: int = 0; }
        }",
    );
    assert_eq!(ids(&c, "p.R", 2).unwrap(), columns(&[("b", 2), ("a", 1)]));
}

#[test]
fn recursion_stops_at_the_record_met_again() {
    let c = compile(
        "package p;
        record Node { label: string; children: list<Node>; next: Node?; }",
    );
    assert_eq!(
        ids(&c, "p.Node", 1).unwrap(),
        columns(&[
            ("label", 1),
            ("children", 2),
            ("children.element", 3),
            ("next", 4),
        ])
    );
}

#[test]
fn a_type_expanding_past_the_limit_has_no_ids_and_costs_no_more_than_the_limit() {
    // Each level holds the one below twice: about 2^(k+1) columns at level k, so level 20
    // is past the limit of a million.
    let mut text = String::from("package p;\nrecord L0 { x: int; }\n");
    for level in 1..=20 {
        let below = level - 1;
        text.push_str(&format!(
            "record L{level} {{ a: L{below}; b: L{below}; }}\n"
        ));
    }
    let c = compile(&text);
    assert_eq!(ids(&c, "p.L20", 1), None);
    assert_eq!(ids(&c, "p.L3", 1).unwrap().len(), 22);
    assert_eq!(
        ids(&c, "p.L18", 1).unwrap().len(),
        (1 << 19) + (1 << 18) - 2
    );
}

#[test]
fn the_lock_s_ids_are_authoritative_and_a_difference_is_reported() {
    let c = compile(
        "package p;
        record R {
          compat none;
          version 1 { a: int; b: int; }
          version 2 { a: int; b: int; c: int = 0; }
        }",
    );
    let (v1, v2) = (reference("p.R", 1), reference("p.R", 2));
    let lock = columns(&[("a", 1), ("b", 5)]);
    let recorded = HashMap::from([(v1.clone(), &lock)]);
    let ids = FieldIds::build(&c.model, &recorded);
    let get =
        |r: &TypeRef| -> BTreeMap<String, u32> { ids.get(r).unwrap().iter().cloned().collect() };
    assert_eq!(get(&v1), lock);
    assert_eq!(get(&v2), columns(&[("a", 1), ("b", 5), ("c", 6)]));
    assert_eq!(
        ids.difference(&v1),
        Some("`b`: id 5 in the lock, id 2 derived")
    );
    assert_eq!(ids.difference(&v2), None, "version 2 is not recorded");
}
