//! `accord check`, `show` and `init` as users run them: output, exit codes and JSON.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn accord(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the accord binary runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (
        output.status.code().unwrap_or(-1),
        text(output.stdout),
        text(output.stderr),
    )
}

#[test]
fn check_passes_on_the_examples_and_reports_json() {
    let (code, _, stderr) = accord(&repo(), &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("check ok: 11 files, 25 types, 40 type versions; 0 errors"),
        "{stderr}"
    );
    let (code, stdout, _) = accord(&repo(), &["check", "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["errors"], 0);
    assert_eq!(report["versions"], 40);
}

#[test]
fn show_prints_every_version_or_one() {
    let (code, stdout, stderr) = accord(&repo(), &["show", "shop.orders.Order"]);
    assert_eq!(code, 0, "{stderr}");
    for version in 1..=3 {
        assert!(
            stdout.contains(&format!("// shop.orders.Order version {version} of 3")),
            "{stdout}"
        );
    }
    let (code, stdout, _) = accord(&repo(), &["show", "Order@2"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("customer_id: shop.customers.CustomerId @ref(shop.customers.Customer@1.id) @renamed(customer);"), "{stdout}");
    assert!(!stdout.contains("version 3 of 3"));
    assert_eq!(accord(&repo(), &["show", "Order@9"]).0, 2);
    assert_eq!(accord(&repo(), &["show", "NoSuchType"]).0, 2);
}

#[test]
fn show_prints_a_machine_with_its_state_diagram() {
    let (code, stdout, stderr) = accord(&repo(), &["show", "ExportJob@2"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("// machine shop.exports.ExportJob version 2 of 2, compat backward\nversion 2 {\n  event ExportEvent@2;\n"), "{stdout}");
    assert!(
        stdout
            .contains("```mermaid\nstateDiagram-v2\n    [*] --> QUEUED\n    QUEUED --> RUNNING\n"),
        "{stdout}"
    );
    assert!(stdout.contains("    CANCELLED --> [*]\n```"), "{stdout}");
    let (code, stdout, _) = accord(
        &repo(),
        &["show", "shop.exports.ExportJob", "--format", "json"],
    );
    assert_eq!(code, 0);
    let versions: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        versions[0]["terminal"],
        serde_json::json!(["SUCCEEDED", "FAILED"])
    );
    assert_eq!(
        versions[1]["transitions"][2],
        serde_json::json!(["QUEUED", "CANCELLED"])
    );
    assert_eq!(accord(&repo(), &["show", "ExportJob@3"]).0, 2);
}

#[test]
fn init_creates_a_project_that_checks_and_generates() {
    let dir = std::env::temp_dir().join(format!("accord-cli-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (code, stdout, stderr) = accord(&dir, &["init"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("accord.toml") && stdout.contains("example.accord"),
        "{stdout}"
    );
    assert_eq!(accord(&dir, &["check"]).0, 0);
    let (code, _, stderr) = accord(&dir, &["gen"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir
        .join("generated/avro/example/Greeting.v1.avsc")
        .is_file());
    assert_eq!(
        accord(&dir, &["init"]).0,
        2,
        "init must not overwrite accord.toml"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_directory_is_a_usage_error() {
    let (code, _, stderr) = accord(&repo(), &["check", "no/such/dir"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn check_takes_accord_toml_given_by_its_bare_name() {
    // `accord check accord.toml` from the project root: the file's parent is the empty path.
    let (code, _, stderr) = accord(&repo(), &["check", "accord.toml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("check ok"), "{stderr}");
}
