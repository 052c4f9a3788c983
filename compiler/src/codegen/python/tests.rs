//! Snapshots of the Python target's output for example types.

use super::*;
use crate::codegen::Input;
use std::path::Path;

fn shop() -> crate::Compilation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let compilation = crate::compile(&path).expect("shop loads");
    assert!(!compilation.has_errors());
    compilation
}

#[test]
fn the_package_has_its_fixed_files() {
    let compilation = shop();
    let files = files(Input::new(
        &compilation.model,
        &compilation.facts,
        &compilation.sources,
    ));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for expected in [
        "python/pyproject.toml",
        "python/accord_generated/__init__.py",
        "python/accord_generated/_runtime/__init__.py",
        "python/accord_generated/py.typed",
        "python/accord_generated/shop/__init__.py",
        "python/accord_generated/shop/orders.py",
    ] {
        assert!(paths.contains(&expected), "{expected} in {paths:?}");
    }
}
