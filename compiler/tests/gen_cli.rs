//! `accord gen` as users run it: every target into a directory, byte-identical reruns that write
//! nothing, `--check` naming stale files, removal of files no contract produces any more, and no
//! output at all when the contracts have errors.

#[path = "support/dirs.rs"]
mod dirs;

use dirs::copy_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of the example project in a fresh temporary directory.
struct Project(PathBuf);

impl Project {
    fn copy_of_examples(name: &str) -> Project {
        let root =
            std::env::temp_dir().join(format!("accord-gen-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        copy_dir(&repo.join("schemas"), &root.join("schemas"));
        std::fs::copy(repo.join("accord.toml"), root.join("accord.toml")).unwrap();
        Project(root)
    }

    /// Runs `accord <args>` in the project; returns (exit code, stdout, stderr).
    fn accord(&self, args: &[&str]) -> (i32, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(args)
            .current_dir(&self.0)
            .output()
            .expect("the accord binary runs");
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        (
            output.status.code().unwrap_or(-1),
            text(output.stdout),
            text(output.stderr),
        )
    }

    fn out(&self) -> PathBuf {
        self.0.join("generated")
    }

    /// Every file under the output directory with its bytes, sorted by path.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        collect(&self.out(), &mut files);
        files.sort();
        files
            .into_iter()
            .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
            .collect()
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if !path.ends_with(accord_compiler::output::LOCK) {
            // The lock file holds the pid of its last holder, which differs between runs.
            out.push(path);
        }
    }
}

#[test]
fn a_second_run_writes_nothing_and_output_is_byte_identical() {
    let project = Project::copy_of_examples("rerun");
    let (code, _, stderr) = project.accord(&["gen"]);
    assert_eq!(code, 0, "{stderr}");
    let first = project.snapshot();
    assert!(first
        .iter()
        .any(|(p, _)| p.ends_with("accord-manifest.json")));
    assert!(first
        .iter()
        .any(|(p, _)| p.to_string_lossy().ends_with("Order.v3.avsc")));
    assert!(first
        .iter()
        .any(|(p, _)| p.to_string_lossy().ends_with("Order.v3.schema.json")));
    assert!(first
        .iter()
        .any(|(p, _)| p.to_string_lossy().ends_with("Order.v3.vectors.json")));
    let (code, stdout, _) = project.accord(&["gen", "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        report["written"],
        serde_json::json!([]),
        "a second run rewrote files"
    );
    assert_eq!(report["removed"], serde_json::json!([]));
    assert_eq!(
        project.snapshot(),
        first,
        "output changed between identical runs"
    );
}

#[test]
fn check_lists_missing_changed_and_obsolete_files() {
    let project = Project::copy_of_examples("check");
    let (code, _, stderr) = project.accord(&["gen", "--check"]);
    assert_eq!(code, 1, "nothing generated yet: everything is missing");
    assert!(
        stderr.contains("missing: avro/shop/orders/Order.v3.avsc"),
        "{stderr}"
    );
    assert!(!project.out().exists(), "--check must not write");

    assert_eq!(project.accord(&["gen"]).0, 0);
    assert_eq!(project.accord(&["gen", "--check"]).0, 0);

    let edited = project.out().join("avro/shop/common/Money.avsc");
    std::fs::write(&edited, "{}").unwrap();
    let (code, _, stderr) = project.accord(&["gen", "--check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("changed: avro/shop/common/Money.avsc"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&edited).unwrap(),
        "{}",
        "--check must not write"
    );
}

#[test]
fn files_no_contract_produces_are_removed_and_foreign_files_kept() {
    let project = Project::copy_of_examples("obsolete");
    assert_eq!(project.accord(&["gen"]).0, 0);
    let foreign = project.out().join("avro/notes.txt");
    std::fs::write(&foreign, "kept").unwrap();
    let catalog = project.0.join("schemas/shop/catalog.accord");
    let text = std::fs::read_to_string(&catalog).unwrap();
    let without_sku = text.replace("/// Stock keeping unit code.\nnewtype Sku = string;\n", "");
    assert_ne!(text, without_sku);
    std::fs::write(&catalog, without_sku).unwrap();
    let lines = project.0.join("schemas/shop/order_lines.accord");
    let text = std::fs::read_to_string(&lines).unwrap();
    std::fs::write(
        &lines,
        text.replace("import shop.catalog.Sku;\n", "")
            .replace("Sku @key", "string @key"),
    )
    .unwrap();

    let (code, _, stderr) = project.accord(&["gen"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !project.out().join("avro/shop/catalog/Sku.avsc").exists(),
        "obsolete file kept"
    );
    assert!(
        foreign.exists(),
        "a file accord did not generate was removed"
    );
}

#[test]
fn contracts_with_errors_generate_nothing() {
    let project = Project::copy_of_examples("errors");
    let orders = project.0.join("schemas/shop/orders.accord");
    let text = std::fs::read_to_string(&orders).unwrap();
    std::fs::write(
        &orders,
        text.replace("note: string? = null;", "note: strin? = null;"),
    )
    .unwrap();
    let (code, _, stderr) = project.accord(&["gen"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("N004"), "{stderr}");
    assert!(!project.out().exists(), "output written despite errors");
}

#[test]
fn unknown_targets_are_usage_errors() {
    let project = Project::copy_of_examples("usage");
    let (code, _, stderr) = project.accord(&["gen", "--target", "cobol"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown target `cobol`"), "{stderr}");
}
