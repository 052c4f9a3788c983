//! Snapshots of the Python target's templates rendered for example packages: the bundled
//! `shop.common` (enum versions, fixed, fixed decimal, newtype, record) and `shop.orders`
//! (versioned records, cross-module references, defaults, unions), and the hostile-names
//! fixture's keyword package (a union newtype with colliding branches); `shop.storage` (layout
//! classes) and `shop.streams` (topic classes with string and text keys), and the boundary
//! fixture's `bank.accounts` (keys of a record's versions, a uuid newtype and an enum);
//! `shop.exports` (the reducers of a versioned machine) and the hostile-names fixture's
//! `hostile.machine` (a machine named like a reducer member, states and events named `State`
//! and `Event`, a list as idempotency key); each optional module of the runtime package
//! (`_runtime/layout.py`, `machine`, `migrate`, `publish`, `topic`) only in packages that use it.
//! The package root of the hooks fixture (lazy registry, typed overloads), and that no generated
//! file imports another generated module at run time (docs/python.md, "Import cost").
//! The generated code itself is type-checked and tested by `scripts/test.sh` (mypy, pytest).

use accord_compiler::codegen::python::{files, module_text, PythonOptions};
use accord_compiler::codegen::Input;
use std::path::Path;

fn compile(project: &str) -> accord_compiler::Compilation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(project);
    let compilation = accord_compiler::compile(&path).expect("project loads");
    assert!(!compilation.has_errors(), "{:?}", compilation.diagnostics);
    compilation
}

fn options(root: &str) -> PythonOptions {
    PythonOptions {
        package: root.to_string(),
        ..PythonOptions::default()
    }
}

fn module(project: &str, package: &str, root: &str) -> String {
    let compilation = compile(project);
    let options = options(root);
    let input = Input {
        python: &options,
        ..Input::new(&compilation.model, &compilation.facts, &compilation.sources)
    };
    module_text(input, package).expect("the package exists")
}

/// Every file of the Python package of a project, by path.
fn package(project: &str, root: &str) -> Vec<(String, String)> {
    let compilation = compile(project);
    let options = options(root);
    let input = Input {
        python: &options,
        ..Input::new(&compilation.model, &compilation.facts, &compilation.sources)
    };
    files(input)
        .into_iter()
        .map(|f| (f.path, String::from_utf8(f.contents).expect("UTF-8")))
        .collect()
}

#[test]
fn hooks_root() {
    let files = package("tests/fixtures/hooks", "accord_hooks");
    let (_, root) = files
        .iter()
        .find(|(path, _)| path == "python/accord_hooks/__init__.py")
        .expect("the root exists");
    insta::assert_snapshot!(root);
}

#[test]
fn no_generated_file_imports_another_at_run_time() {
    let files = package("..", "accord_shop");
    let mut checked = 0;
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".py")) {
        // Imports at the top level run at import time; those indented sit under
        // `if TYPE_CHECKING:` (or, for `_runtime`, inside functions). The runtime package's
        // modules are no generated contracts: importing them is fine.
        for line in text.lines() {
            assert!(
                !line.starts_with("import accord_shop")
                    && (!line.starts_with("from accord_shop.")
                        || line.starts_with("from accord_shop._runtime import ")),
                "{path} imports at run time: {line}"
            );
        }
        checked += 1;
    }
    assert!(checked > 10, "{checked} files");
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

#[test]
fn shop_exports_machines() {
    insta::assert_snapshot!(module("..", "shop.exports", "accord_shop"));
}

#[test]
fn hostile_machine() {
    insta::assert_snapshot!(module(
        "tests/fixtures/hostile_python",
        "hostile.machine",
        "hostile_py"
    ));
}

#[test]
fn each_optional_runtime_module_comes_only_with_what_it_serves() {
    let modules = |project: &str, root: &str| -> Vec<String> {
        let prefix = format!("python/{root}/_runtime/");
        let mut names: Vec<String> = package(project, root)
            .iter()
            .filter_map(|(path, _)| path.strip_prefix(&prefix))
            .map(|name| name.trim_end_matches(".py").to_string())
            .collect();
        names.sort();
        names
    };
    // The shop has migrations, layouts with publication rules, topics and machines.
    assert_eq!(
        modules("..", "accord_shop"),
        [
            "__init__", "compound", "layout", "machine", "migrate", "publish", "scalars", "topic",
            "wire"
        ]
    );
    // The kitchen has migrations only; the machines fixture has machines but one version each.
    assert_eq!(
        modules("tests/fixtures/kitchen", "accord_kitchen"),
        ["__init__", "compound", "migrate", "scalars", "wire"]
    );
    assert_eq!(
        modules("tests/fixtures/machines", "accord_machines"),
        ["__init__", "compound", "machine", "scalars", "wire"]
    );
}
