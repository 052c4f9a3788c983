//! Generates Rust for the bundled contracts with the real build API, and for the fixtures that
//! exercise every construct (`kitchen`), hostile names (`hostile`), migration hooks (`hooks`),
//! layouts and topics beyond the shop (`boundary`), every conversion of the migration plans
//! (`evolution`), and state machines beyond the shop's (`machines`).

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("run by cargo"));
    // The project of the repository's accord.toml, found from CARGO_MANIFEST_DIR upward.
    accord_compiler::Config::new()
        .compile()
        .expect("the shop contracts compile");
    for fixture in [
        "kitchen",
        "hostile",
        "hooks",
        "boundary",
        "evolution",
        "machines",
    ] {
        accord_compiler::Config::new()
            .project(format!("../compiler/tests/fixtures/{fixture}"))
            .out_dir(out.join(fixture))
            .compile()
            .unwrap_or_else(|e| panic!("{fixture}: {e}"));
    }
}
