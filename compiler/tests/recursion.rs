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

/// A long chain of required records declared against name order: every link is finite. (The
/// former whole-model passes needed one pass per link here.)
#[test]
fn a_long_chain_of_required_records_is_finite() {
    let dir = std::env::temp_dir().join(format!("accord-recursion-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("package chain;\n");
    let links = 300;
    for i in 0..links {
        if i + 1 < links {
            text.push_str(&format!("record R{i:04} {{ next: R{:04}; }}\n", i + 1));
        } else {
            text.push_str(&format!("record R{i:04} {{ v: int; }}\n"));
        }
    }
    std::fs::write(dir.join("chain.accord"), text).unwrap();
    let compilation = accord_compiler::compile(&dir).expect("load");
    assert!(
        compilation.diagnostics.is_empty(),
        "{:?}",
        compilation.diagnostics
    );
    assert_eq!(compilation.model.types.len(), links);
}
