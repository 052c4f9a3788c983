//! Compile-pass and compile-fail tests of `#[derive(accord::Contract)]` and
//! `accord::include_contracts!` (trybuild; `.stderr` snapshots beside the fail cases). One
//! trybuild run, so the cases share one build of the dependencies.
//!
//! trybuild compiles the cases in a crate under the target directory, outside this repository,
//! so `ACCORD_PROJECT_DIR` points the macros at the repository's `accord.toml`.

#[test]
fn ui() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf();
    std::env::set_var("ACCORD_PROJECT_DIR", root);
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
