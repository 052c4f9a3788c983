//! End-to-end tests that run cargo itself, in crates generated under the workspace's target
//! directory (one shared target directory, so dependencies build once):
//!
//! * the crate written by `accord gen --target rust --crate NAME`, which depends on the runtime
//!   `accord-runtime` by its crates.io version, builds on its own with `-D warnings` when
//!   crates.io's `accord-runtime` is patched to `runtime/` (the resolution a published runtime
//!   goes through), and clippy (`-D warnings`) is clean on it;
//! * contracts cut into a workspace of part crates (`--part-size`) build without a warning,
//!   pass clippy, and the facade crate holds what the single crate does, at the same paths;
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

/// `--config` patching crates.io's `accord-runtime` to the workspace's runtime: a crate
/// depending on it by version resolves as it will once the runtime is published.
fn patched_runtime() -> String {
    let runtime = workspace().join("runtime");
    format!(
        "patch.crates-io.accord-runtime.path={:?}",
        runtime.to_str().unwrap()
    )
}

/// The dependency line of a hand-written crate on the workspace's runtime, named `accord`.
fn runtime_dependency() -> String {
    let runtime = workspace().join("runtime");
    format!("accord = {{ path = {runtime:?}, package = \"accord-runtime\" }}")
}

/// The crate a user gets from `accord gen --crate NAME` and no other option: it depends on
/// `accord-runtime` from crates.io, builds with `-D warnings` (`cargo rustc`, so that the
/// shared dependencies keep their flags) and without a warning in the runtime either, and
/// passes clippy.
#[test]
fn standalone_crate_builds_without_warnings_and_passes_clippy() {
    let dir = scratch().join("shop-contracts");
    let code = run(Cli::parse_from([
        "accord",
        "gen",
        workspace().to_str().unwrap(),
        "--crate",
        "shop-contracts",
        "--out",
        dir.to_str().unwrap(),
    ]));
    assert_eq!(code, 0);
    assert!(dir.join("Cargo.toml").is_file() && dir.join("src/shop/orders.rs").is_file());
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let expected = format!("accord = {{ package = \"accord-runtime\", version = \"{version}\" }}");
    assert!(manifest.contains(&expected), "{manifest}");
    let patch = patched_runtime();
    let (ok, output) = cargo(
        &dir,
        &[
            "rustc", "--quiet", "--lib", "--config", &patch, "--", "-D", "warnings",
        ],
    );
    assert!(ok, "{output}");
    assert!(!output.contains("warning"), "{output}");
    let (ok, output) = cargo(
        &dir,
        &[
            "clippy",
            "--quiet",
            "--all-targets",
            "--config",
            &patch,
            "--",
            "-D",
            "warnings",
        ],
    );
    assert!(ok, "{output}");
}

/// `accord gen PROJECT --crate NAME --out DIR` and more arguments.
fn gen_crate(project: &Path, name: &str, dir: &Path, more: &[&str]) {
    let mut args = vec![
        "accord",
        "gen",
        project.to_str().unwrap(),
        "--crate",
        name,
        "--out",
        dir.to_str().unwrap(),
    ];
    args.extend(more);
    assert_eq!(run(Cli::parse_from(args)), 0, "gen --crate {name}");
}

/// Each of the fixture's packages (a cycle of two shares one) in a part crate of its own: the
/// workspace builds without a warning and passes clippy, and a program using both it and the
/// single crate of the same contracts finds the same `CONTRACTS` and the same types at the
/// same paths, encoding alike. The single crate depends on the runtime by path
/// (`--runtime-path`), the workspace by its crates.io version, patched to the same path.
#[test]
fn workspace_of_parts_builds_and_matches_the_single_crate() {
    let fixture = workspace().join("compiler/tests/fixtures/parts");
    let dir = scratch().join("parts");
    let (single, split) = (dir.join("single"), dir.join("split"));
    let runtime = workspace().join("runtime");
    let runtime_path = ["--runtime-path", runtime.to_str().unwrap()];
    gen_crate(&fixture, "fx-single", &single, &runtime_path);
    gen_crate(&fixture, "fx-split", &split, &["--part-size", "1"]);
    let patch = patched_runtime();
    assert!(
        !single.join("parts").exists(),
        "8 type versions fit one crate"
    );
    let parts = std::fs::read_dir(split.join("parts")).unwrap().count();
    assert_eq!(
        parts, 4,
        "fx.type, the ring.a/ring.b cycle, fx.type.self, fx.ops"
    );
    let (ok, output) = cargo(
        &split,
        &["build", "--quiet", "--workspace", "--config", &patch],
    );
    assert!(ok, "{output}");
    assert!(!output.contains("warning"), "{output}");
    let (ok, output) = cargo(
        &split,
        &[
            "clippy",
            "--quiet",
            "--workspace",
            "--config",
            &patch,
            "--",
            "-D",
            "warnings",
        ],
    );
    assert!(ok, "{output}");

    let consumer = dir.join("consumer");
    std::fs::create_dir_all(consumer.join("src")).unwrap();
    let runtime = runtime_dependency();
    std::fs::write(
        consumer.join("Cargo.toml"),
        format!(
            "[package]\nname = \"consumer\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{runtime}\nsingle = {{ path = {single:?}, package = \"fx-single\" }}\nsplit = {{ path = {split:?}, package = \"fx-split\" }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(consumer.join("src/main.rs"), CONSUMER).unwrap();
    let (ok, output) = cargo(&consumer, &["run", "--quiet", "--config", &patch]);
    assert!(ok, "{output}");
    assert!(output.contains("same contracts: 8"), "{output}");
}

/// The program comparing the split crate with the single one.
const CONSUMER: &str = r##"use accord::Contract;

fn main() {
    assert_eq!(single::CONTRACTS, split::CONTRACTS);
    let line = r#"{"sku":"a-1","amount":{"value":1.5,"unit":"LITRE"},"unit":"GRAM","choice":{"long":7},"extras":{"k":{"value":2.0,"unit":"PIECE"}}}"#;
    let a: single::fx::r#type::self_::LineV2 = accord::serde_json::from_str(line).unwrap();
    let b: split::fx::r#type::self_::LineV2 = accord::serde_json::from_str(line).unwrap();
    assert_eq!(a.to_single_object().unwrap(), b.to_single_object().unwrap());
    let tree = r#"{"root":{"label":"x","children":[{"root":null}]}}"#;
    let a: single::ring::a::Tree = accord::serde_json::from_str(tree).unwrap();
    let b: split::ring::b::Node = accord::serde_json::from_str(r#"{"label":"x","children":[]}"#).unwrap();
    assert_eq!(b.label.0, "x");
    let b: split::ring::a::Tree = accord::serde_json::from_str(tree).unwrap();
    assert_eq!(a.to_avro_datum().unwrap(), b.to_avro_datum().unwrap());
    let line: split::fx::r#type::self_::LineV2 = accord::serde_json::from_str(line).unwrap();
    let fingerprint = split::fx::r#type::self_::LineV2::fingerprint();
    assert_eq!(split::find_by_fingerprint(fingerprint).map(|i| i.version), Some(2));
    let _value = split::fx::ops::LineTopicValue::from(line);
    println!("same contracts: {}", split::CONTRACTS.len());
}
"##;

#[test]
fn build_script_reruns_only_when_a_contract_changes() {
    let dir = scratch().join("rerun");
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(&schemas).unwrap();
    let compiler = workspace().join("compiler");
    let runtime = runtime_dependency();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rerun\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{runtime}\n\n[build-dependencies]\naccord-compiler = {{ path = {compiler:?} }}\n\n[workspace]\n"
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

/// A crate whose struct derives `accord::Contract` is rebuilt when a contract file (or
/// `accord.toml`) changes, through the `include_str!`s the derive emits, and not otherwise; a
/// contract edit the struct no longer matches fails its build, pointing at the contract line.
#[test]
fn derive_rebuilds_when_a_contract_changes() {
    let dir = scratch().join("derive-rerun");
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::create_dir_all(&schemas).unwrap();
    let runtime = runtime_dependency();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"derive-rerun\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{runtime}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("accord.toml"),
        "[project]\nschemas = \"schemas\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "#[derive(accord::serde::Serialize, accord::serde::Deserialize, accord::Contract)]\n#[serde(crate = \"accord::serde\")]\n#[accord(contract = \"demo.Point\")]\npub struct Point {\n    pub x: i32,\n}\n",
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
    let build = |label: &str| {
        let (ok, output) = cargo(&dir, &["build", "-v"]);
        let compiled = output
            .lines()
            .any(|l| l.contains("Running") && l.contains("--crate-name derive_rerun"));
        (ok, compiled, format!("{label}: {output}"))
    };
    let (ok, _, output) = build("first build");
    assert!(ok, "{output}");
    let (ok, compiled, output) = build("no change");
    assert!(
        ok && !compiled,
        "nothing changed, yet the crate was rebuilt\n{output}"
    );
    contract("  x: int;\n  y: int;\n");
    let (ok, compiled, output) = build("contract edited");
    assert!(
        compiled,
        "an edited contract must rebuild the crate\n{output}"
    );
    assert!(!ok, "the struct no longer matches the contract\n{output}");
    assert!(
        output.contains("missing field `y: int` (schemas/a.accord:5)"),
        "{output}"
    );
    contract("  x: int;\n");
    let (ok, compiled, output) = build("contract restored");
    assert!(ok && compiled, "{output}");
    std::fs::write(
        dir.join("accord.toml"),
        "[project]\nschemas = \"schemas\"\n# edited\n",
    )
    .unwrap();
    let (ok, compiled, output) = build("accord.toml edited");
    assert!(ok && compiled, "{output}");
}
