//! `accord fmt` as a command: what it writes, what `--check` reports, JSON output, files with
//! syntax errors, a single file, and the exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

const UNFORMATTED: &str = "package shop;\nrecord Order{id:uuid@key; // the key\n  total:long=0;}\n";
const FORMATTED: &str =
    "package shop;\nrecord Order {\n  id: uuid @key; // the key\n  total: long = 0;\n}\n";
const BROKEN: &str = "package shop;\nrecord Line { a int; }\n";

fn accord(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A project in a fresh directory: `accord.toml` and `schemas/` with `files`.
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fmt-cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::write(dir.join("accord.toml"), "").unwrap();
    for (file, text) in files {
        std::fs::write(dir.join("schemas").join(file), text).unwrap();
    }
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join("schemas").join(file)).unwrap()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".accord"))
        .collect()
}

#[test]
fn check_reports_a_diff_writes_nothing_and_fails() {
    let dir = project(
        "check",
        &[("a.accord", UNFORMATTED), ("b.accord", FORMATTED)],
    );
    let (code, stdout, stderr) = accord(&dir, &["fmt", "--check"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr
        .contains("--- schemas/a.accord\n+++ schemas/a.accord (formatted)\n@@ -1,3 +1,5 @@\n"));
    assert!(stderr.contains("\n-record Order{id:uuid@key; // the key\n"));
    assert!(stderr.contains("\n+record Order {\n+  id: uuid @key; // the key\n"));
    assert!(!stderr.contains("schemas/b.accord"));
    assert!(stderr.contains("fmt --check failed: 2 files, 1 not formatted, 1 unchanged"));
    assert_eq!(read(&dir, "a.accord"), UNFORMATTED);
}

#[test]
fn fmt_rewrites_only_what_changes_and_then_check_passes() {
    let dir = project(
        "write",
        &[("a.accord", UNFORMATTED), ("b.accord", FORMATTED)],
    );
    let untouched = std::fs::metadata(dir.join("schemas/b.accord"))
        .unwrap()
        .modified()
        .unwrap();
    let (code, _, stderr) = accord(&dir, &["fmt"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("formatted schemas/a.accord\n"));
    assert!(stderr.contains("fmt ok: 2 files, 1 formatted, 1 unchanged"));
    assert_eq!(read(&dir, "a.accord"), FORMATTED);
    let modified = std::fs::metadata(dir.join("schemas/b.accord"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(modified, untouched, "a formatted file was rewritten");
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    let (code, _, stderr) = accord(&dir, &["fmt", "--check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("fmt --check ok: 2 files, 0 not formatted, 2 unchanged"));
}

#[test]
fn json_lists_changed_files_with_their_first_line_and_diff() {
    let dir = project("json", &[("a.accord", UNFORMATTED)]);
    let (code, stdout, stderr) = accord(&dir, &["fmt", "--check", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(stderr.is_empty(), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["check"], true);
    assert_eq!(report["files"], 1);
    assert_eq!(report["changed"][0]["file"], "schemas/a.accord");
    assert_eq!(report["changed"][0]["line"], 2);
    assert!(report["changed"][0]["diff"]
        .as_str()
        .unwrap()
        .contains("+  total: long = 0;\n"));
    assert_eq!(report["written"], serde_json::json!([]));
    assert_eq!(report["unchanged"], 0);
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    let (code, stdout, _) = accord(&dir, &["fmt", "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["written"], serde_json::json!(["schemas/a.accord"]));
    assert_eq!(read(&dir, "a.accord"), FORMATTED);
}

#[test]
fn a_file_with_syntax_errors_is_reported_like_check_and_left_alone() {
    let dir = project("broken", &[("a.accord", UNFORMATTED), ("c.accord", BROKEN)]);
    let (code, _, stderr) = accord(&dir, &["fmt", "--color", "never"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error[P005]: expected `:`, found `int`"));
    assert!(stderr.contains("schemas/c.accord:2:17"), "{stderr}");
    assert!(stderr.contains("1 with syntax errors (left as they are)"));
    assert_eq!(read(&dir, "c.accord"), BROKEN);
    assert_eq!(read(&dir, "a.accord"), FORMATTED);
    let (_, check_out, _) = accord(&dir, &["check", "--format", "json"]);
    let (code, stdout, _) = accord(&dir, &["fmt", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["not_formatted"][0]["file"], "schemas/c.accord");
    let diagnostic = &report["diagnostics"][0];
    let check: serde_json::Value = serde_json::from_str(&check_out).unwrap();
    assert_eq!(diagnostic, &check["diagnostics"][0], "the same as check's");
    assert_eq!(
        (
            &diagnostic["code"],
            &diagnostic["line"],
            &diagnostic["column"]
        ),
        (&"P005".into(), &2.into(), &17.into())
    );
}

#[test]
fn one_file_can_be_named() {
    let dir = project(
        "single",
        &[("a.accord", UNFORMATTED), ("b.accord", UNFORMATTED)],
    );
    let (code, _, stderr) = accord(&dir, &["fmt", "schemas/a.accord"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("formatted schemas/a.accord"));
    assert_eq!(read(&dir, "a.accord"), FORMATTED);
    assert_eq!(read(&dir, "b.accord"), UNFORMATTED);
}

#[test]
fn usage_and_io_errors_exit_with_2() {
    let dir = project("usage", &[("a.accord", UNFORMATTED)]);
    assert_eq!(accord(&dir, &["fmt", "missing-dir"]).0, 2);
    assert_eq!(accord(&dir, &["fmt", "--format", "sarif"]).0, 2);
    std::fs::write(dir.join("accord.toml"), "[project]\nunknown = 1\n").unwrap();
    let (code, _, stderr) = accord(&dir, &["fmt"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("C002"));
    assert_eq!(read(&dir, "a.accord"), UNFORMATTED);
}

#[test]
fn several_files_can_be_named_and_each_is_formatted_once() {
    let dir = project(
        "several",
        &[("a.accord", UNFORMATTED), ("b.accord", UNFORMATTED)],
    );
    let args = [
        "fmt",
        "schemas/a.accord",
        "schemas/b.accord",
        "schemas/a.accord",
    ];
    let (code, _, stderr) = accord(&dir, &args);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("fmt ok: 2 files, 2 formatted, 0 unchanged"),
        "{stderr}"
    );
    assert_eq!(read(&dir, "a.accord"), FORMATTED);
    assert_eq!(read(&dir, "b.accord"), FORMATTED);
}
