//! V008 (a record that contains itself with nothing optional in between): the least fixed point
//! of finite record versions, on cycles, chains and unions.

const CONTRACTS: &str = r#"package rec;

record Itself { me: Itself; v: int; }
record Tree { parent: Tree? = null; kids: list<Tree> = []; }
record A { b: B; }
record B { a: A; }
record Z0 { next: Z1; }
record Z1 { next: Z2; }
record Z2 { back: Z1; }
record UsesCycle { z: Z0; }
record Escape { x: union<Escape, string>; }
record NoEscape { x: union<NoEscape, A>; }
record C9 { v: int; }
record C8 { n: C9; }
record C7 { n: C8; }
record C1 { n: C7; }
record C0 { n: C1; }
"#;

#[test]
fn records_on_required_cycles_are_reported_once_each() {
    let dir = std::env::temp_dir().join(format!("accord-recursion-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rec.accord"), CONTRACTS).unwrap();
    let compilation = accord_compiler::compile(&dir).expect("load");
    let mut reported: Vec<String> = compilation
        .diagnostics
        .iter()
        .map(|d| {
            let name = d.message.split('`').nth(1).unwrap_or_default();
            format!("{} {name}", d.code)
        })
        .collect();
    reported.sort();
    assert_eq!(
        reported,
        [
            "V008 rec.A",
            "V008 rec.B",
            "V008 rec.Itself",
            "V008 rec.NoEscape",
            "V008 rec.Z1",
            "V008 rec.Z2",
        ]
    );
}

/// A chain of `links` required records, each holding the next, declared against name order.
fn chain(test: &str, links: usize) -> accord_compiler::Compilation {
    let dir = std::env::temp_dir().join(format!("accord-recursion-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("package chain;\n");
    for i in 0..links {
        if i + 1 < links {
            text.push_str(&format!("record R{i:04} {{ next: R{:04}; }}\n", i + 1));
        } else {
            text.push_str(&format!("record R{i:04} {{ v: int; }}\n"));
        }
    }
    std::fs::write(dir.join("chain.accord"), text).unwrap();
    let compilation = accord_compiler::compile(&dir).expect("load");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(compilation.model.types.len(), links);
    compilation
}

fn codes(compilation: &accord_compiler::Compilation) -> Vec<String> {
    compilation
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

/// Each record of a chain costs three JSON levels of its root's Avro schema (the record, its
/// `fields`, the field): 42 links reach 126 levels, within the 128 every consumer parses.
#[test]
fn a_chain_of_required_records_within_the_depth_limit_is_clean() {
    let compilation = chain("within", 42);
    assert!(
        compilation.diagnostics.is_empty(),
        "{:?}",
        codes(&compilation)
    );
}

/// One more link and the root's schema is 129 levels deep: only the root is reported.
#[test]
fn one_link_past_the_depth_limit_reports_the_root_only() {
    let compilation = chain("past", 43);
    assert_eq!(
        codes(&compilation),
        ["V020 the Avro schema of `chain.R0000` version 1 nests deeper than 128 levels"]
    );
}

/// A chain of thousands of links (which once took every pass one link at a time, then made
/// `accord gen` project quadratic schemas) is refused link by link, each projection stopping at
/// the limit.
#[test]
fn a_long_chain_of_required_records_is_refused_with_one_diagnostic_per_deep_root() {
    let links = 3_000;
    let compilation = chain("long", links);
    let reported: Vec<&str> = compilation
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(reported.len(), links - 42, "{:?}", &reported[..3]);
    assert!(reported.iter().all(|code| *code == "V020"));
}
