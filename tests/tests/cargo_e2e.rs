//! End-to-end tests that run cargo itself, in crates generated under the workspace's target
//! directory (one shared target directory, so dependencies build once):
//!
//! * the crate written by `accord gen --target rust --crate NAME` builds on its own without a
//!   warning, and clippy (`-D warnings`) is clean on it;
//! * a crate whose build script uses `accord_compiler::Config` re-runs it when a contract
//!   changes, and not when nothing changed.

use accord_compiler::cli::{run, Cli};
use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `<target>/accord-e2e`: where the generated crates and their shared target directory live.
fn scratch() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        workspace().join(target)
    };
    target.join("accord-e2e")
}

fn cargo(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", scratch().join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn standalone_crate_builds_without_warnings_and_passes_clippy() {
    let dir = scratch().join("shop-contracts");
    let runtime = workspace().join("runtime");
    let code = run(Cli::parse_from([
        "accord",
        "gen",
        workspace().to_str().unwrap(),
        "--crate",
        "shop-contracts",
        "--runtime-path",
        runtime.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]));
    assert_eq!(code, 0);
    assert!(dir.join("Cargo.toml").is_file() && dir.join("src/shop/orders.rs").is_file());
    let (ok, output) = cargo(&dir, &["build", "--quiet"]);
    assert!(ok, "{output}");
    assert!(!output.contains("warning"), "{output}");
    let (ok, output) = cargo(
        &dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    assert!(ok, "{output}");
}

#[test]
fn build_script_reruns_only_when_a_contract_changes() {
    let dir = scratch().join("rerun");
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(&schemas).unwrap();
    let compiler = workspace().join("compiler");
    let runtime = workspace().join("runtime");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rerun\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\naccord = {{ path = {runtime:?} }}\n\n[build-dependencies]\naccord-compiler = {{ path = {compiler:?} }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("accord.toml"),
        "[project]\nschemas = \"schemas\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("build.rs"),
        "fn main() { accord_compiler::Config::new().compile().unwrap(); }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "include!(concat!(env!(\"OUT_DIR\"), \"/accord/mod.rs\"));\n",
    )
    .unwrap();
    let contract = |fields: &str| {
        std::fs::write(
            schemas.join("a.accord"),
            format!("package demo;\n\nrecord Point {{\n{fields}}}\n"),
        )
        .unwrap()
    };
    contract("  x: int;\n");
    std::fs::write(
        schemas.join("b.accord"),
        "package demo;\n\nenum Colour { RED, GREEN }\n",
    )
    .unwrap();

    let reran = |label: &str| {
        let (ok, output) = cargo(&dir, &["build", "-v"]);
        assert!(ok, "{label}: {output}");
        output
            .lines()
            .any(|l| l.contains("Running") && l.contains("build-script-build"))
    };
    reran("first build");
    assert!(
        !reran("no change"),
        "nothing changed, yet the build script ran"
    );
    contract("  x: int;\n  y: int;\n");
    assert!(
        reran("contract edited"),
        "an edited contract must re-run the build script"
    );
    assert!(!reran("no change again"));
    std::fs::write(
        dir.join("accord.toml"),
        "[project]\nschemas = \"schemas\"\n# edited\n",
    )
    .unwrap();
    assert!(reran("accord.toml edited"));
}

/// The exact `rerun-if-changed` lines this crate's own build script printed.
#[test]
fn this_crates_build_script_watches_every_input() {
    let output = Path::new(env!("OUT_DIR")).parent().unwrap().join("output");
    let printed = std::fs::read_to_string(output).expect("cargo keeps the build script output");
    let lines: Vec<&str> = printed
        .lines()
        .filter(|l| l.starts_with("cargo:rerun-if-changed="))
        .collect();
    let root = workspace().canonicalize().unwrap();
    for input in [
        "schemas",
        "accord.toml",
        "accord.lock",
        "schemas/shop/orders.accord",
        "schemas/shop/common.accord",
    ] {
        let expected = format!("cargo:rerun-if-changed={}", root.join(input).display());
        assert!(
            lines.contains(&expected.as_str()),
            "missing {expected} in:\n{printed}"
        );
    }
    let contracts = std::fs::read_dir(root.join("schemas/shop"))
        .unwrap()
        .count();
    let shop_lines = lines
        .iter()
        .filter(|l| l.contains("/schemas/shop/"))
        .count();
    assert_eq!(shop_lines, contracts, "one line per contract file");
}
