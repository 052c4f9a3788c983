//! Snapshots of the Python target's templates rendered for example packages: the bundled
//! `shop.common` (enum versions, fixed, fixed decimal, newtype, record) and `shop.orders`
//! (versioned records, cross-module references, defaults, unions), and the hostile-names
//! fixture's keyword package (a union newtype with colliding branches); `shop.storage` (layout
//! classes) and `shop.streams` (topic classes with string and text keys), and the boundary
//! fixture's `bank.accounts` (keys of a record's versions, a uuid newtype and an enum).
//! The generated code itself is type-checked and tested by `scripts/test.sh` (mypy, pytest).

use accord_compiler::codegen::python::{module_text, PythonOptions};
use accord_compiler::codegen::Input;
use std::path::Path;

fn module(project: &str, package: &str, root: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(project);
    let compilation = accord_compiler::compile(&path).expect("project loads");
    assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
    let options = PythonOptions {
        package: root.to_string(),
        ..PythonOptions::default()
    };
    let input = Input {
        python: &options,
        ..Input::new(&compilation.model, &compilation.facts, &compilation.sources)
    };
    module_text(input, package).expect("the package exists")
}

#[test]
fn shop_common() {
    insta::assert_snapshot!(module("..", "shop.common", "accord_shop"));
}

#[test]
fn shop_orders() {
    insta::assert_snapshot!(module("..", "shop.orders", "accord_shop"));
}

#[test]
fn hostile_keyword_package() {
    insta::assert_snapshot!(module(
        "tests/fixtures/hostile_python",
        "hostile.class",
        "hostile_py"
    ));
}

#[test]
fn shop_storage_layouts() {
    insta::assert_snapshot!(module("..", "shop.storage", "accord_shop"));
}

#[test]
fn shop_streams_topics() {
    insta::assert_snapshot!(module("..", "shop.streams", "accord_shop"));
}

#[test]
fn contract_keyed_topics() {
    insta::assert_snapshot!(module(
        "tests/fixtures/boundary",
        "bank.accounts",
        "accord_boundary"
    ));
}
