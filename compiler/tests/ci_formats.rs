//! `accord check --format github|sarif` as a CI runs them: the exact workflow commands, the
//! SARIF log, exit codes, and the commands that refuse these formats.

use accord_compiler::diagnostic::{doc_anchor, Code};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs accord in `dir` outside GitHub Actions (paths relative to the project root).
fn accord(dir: &Path, args: &[&str]) -> (i32, String, String) {
    accord_in(dir, args, None)
}

/// Runs accord in `dir`, in GitHub Actions with `workspace` as the checkout when given.
fn accord_in(dir: &Path, args: &[&str], workspace: Option<&Path>) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_accord"));
    command.env_remove("GITHUB_WORKSPACE");
    if let Some(workspace) = workspace {
        command.env("GITHUB_WORKSPACE", workspace);
    }
    let output = command
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

/// A fresh project named `name` holding `files` (paths relative to it).
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("accord-ci-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// A unit whose text needs every escape of a workflow command, in a file whose name does too.
const ODD_NAME: &str = "schemas/odd, name:1.accord";
const ODD: &str = r#"package shop.odd;

record Price {
  version 1 {
    cents: long @unit("50%\r\nnext");
  }
  version 2 {
    cents: long @unit("a,b: 100%");
  }
}
"#;

/// Errors and warnings: an unused import (warning), a duplicate with a secondary label, an empty
/// enum spanning two lines, unicode before a span, and a dangling doc comment (warning).
const SHOP: &str = "package shop;

import shop.other.Unused;

/// Ünïcode «doc» — 𝄞.
record Order {
  id: long @key;
}

record Order {
  x: long;
}

enum Empty {
}
/// dangling
";

const OTHER: &str = "package shop.other;\n\nrecord Unused {\n  id: long;\n}\n";

#[test]
fn github_escapes_messages_and_file_names_exactly() {
    let dir = project("github-odd", &[("accord.toml", ""), (ODD_NAME, ODD)]);
    let (code, stdout, stderr) = accord(&dir, &["check", "--format", "github"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(
        stdout,
        "::error file=schemas/odd%2C name%3A1.accord,line=8,col=5,endLine=8,endColumn=36,title=S002::\
         `cents` changed unit from 50%25%0D%0Anext to a,b: 100%25 (version 1 -> 2)\
         %0Aschemas/odd, name:1.accord:5:5: in version 1\
         %0Ahint: add a new field in the new unit instead\n\
         check failed: 1 files, 1 types, 2 type versions; 1 errors, 0 warnings\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn github_writes_one_command_per_diagnostic_then_the_summary() {
    let files = [
        ("accord.toml", ""),
        ("schemas/shop.accord", SHOP),
        ("schemas/other.accord", OTHER),
    ];
    let dir = project("github-shop", &files);
    let (code, stdout, _) = accord(&dir, &["check", "--format", "github"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "::warning file=schemas/shop.accord,line=3,col=19,endLine=3,endColumn=25,title=N009::\
             `shop.other.Unused` is imported but never used%0Ahint: remove the import",
            "::error file=schemas/shop.accord,line=10,col=8,endLine=10,endColumn=13,title=N001::\
             `shop.Order` is defined more than once\
             %0Aschemas/shop.accord:10:8: defined again here\
             %0Aschemas/shop.accord:6:8: first defined here\
             %0Ahint: rename one of them, or add a `version` to the existing type",
            "::error file=schemas/shop.accord,line=14,endLine=15,title=V007::\
             enum `shop.Empty` has no symbols%0Ahint: list at least one symbol",
            "::warning file=schemas/shop.accord,line=16,col=1,endLine=16,endColumn=13,title=P010::\
             doc comment is not attached to anything\
             %0Ahint: put `///` right before a type, field or enum symbol, or use `//`",
            "check failed: 2 files, 3 types, 3 type versions; 2 errors, 2 warnings",
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn warnings_alone_exit_zero_in_both_formats() {
    let files = [
        ("accord.toml", ""),
        ("schemas/shop.accord", "package shop;\n/// dangling\n"),
    ];
    let dir = project("warnings", &files);
    let (code, stdout, _) = accord(&dir, &["check", "--format", "github"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("::warning file=schemas/shop.accord,line=2,"));
    assert!(
        stdout.ends_with("\ncheck ok: 1 files, 0 types, 0 type versions; 0 errors, 1 warnings\n")
    );
    let (code, stdout, _) = accord(&dir, &["check", "--format", "sarif"]);
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["level"], "warning");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sarif_has_the_rules_that_occur_and_a_result_per_diagnostic() {
    let files = [
        ("accord.toml", ""),
        ("schemas/shop.accord", SHOP),
        ("schemas/other.accord", OTHER),
    ];
    let dir = project("sarif-shop", &files);
    let (code, stdout, stderr) = accord(&dir, &["check", "--format", "sarif"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr, "");
    let log: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "accord");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let ids: Vec<&str> = rules(driver)
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["P010", "N001", "N009", "V007"]);
    for rule in rules(driver) {
        let code = Code::ALL.iter().find(|c| c.as_str() == rule["id"]).unwrap();
        assert_eq!(rule["shortDescription"]["text"], code.summary());
        assert!(rule["helpUri"]
            .as_str()
            .unwrap()
            .ends_with(&format!("docs/diagnostics.md#{}", doc_anchor(*code))));
    }
    let root = std::path::absolute(&dir).unwrap();
    assert_eq!(
        run["originalUriBaseIds"]["PROJECTROOT"]["uri"],
        format!("file://{}/", root.display())
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let duplicate = &results[1];
    assert_eq!(duplicate["ruleId"], "N001");
    assert_eq!(duplicate["ruleIndex"], 1);
    assert_eq!(
        duplicate["message"]["text"],
        "`shop.Order` is defined more than once\n[first defined here](1)\n\
         hint: rename one of them, or add a `version` to the existing type"
    );
    let related = &duplicate["relatedLocations"][0];
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 6);
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "schemas/shop.accord"
    );
    let empty = &results[2]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        *empty,
        serde_json::json!({ "startLine": 14, "startColumn": 1, "endLine": 15, "endColumn": 2 })
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn rules(driver: &Value) -> &Vec<Value> {
    driver["rules"].as_array().unwrap()
}

#[test]
fn the_bundled_contracts_pass_with_their_one_warning() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (code, stdout, _) = accord(&repo, &["check", "--format", "github"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[..lines.len() - 1]
            .iter()
            .all(|l| l.starts_with("::warning ")),
        "{stdout}"
    );
    assert!(lines[lines.len() - 1].starts_with("check ok: "), "{stdout}");
    let (code, stdout, _) = accord(&repo, &["check", "--format", "sarif"]);
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), lines.len() - 1);
    assert!(results.iter().all(|r| r["level"] == "warning"));
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn a_run_that_cannot_start_exits_2_in_both_formats() {
    let dir = project("broken", &[("accord.toml", "bogus = 1\n")]);
    let (code, stdout, _) = accord(&dir, &["check", "--format", "github"]);
    assert_eq!(code, 2);
    assert!(
        stdout.starts_with(
            "::error file=accord.toml,line=1,col=1,endLine=1,endColumn=6,title=C002::"
        ),
        "{stdout}"
    );
    let (code, stdout, _) = accord(&dir, &["check", "--format", "sarif"]);
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&stdout).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(run["results"][0]["ruleId"], "C002");
    let missing = dir.join("missing");
    let missing = missing.to_str().unwrap();
    let (code, stdout, _) = accord(&dir, &["check", "--format", "github", missing]);
    assert_eq!(code, 2);
    assert!(stdout.starts_with("::error::cannot read "), "{stdout}");
    let (code, stdout, _) = accord(&dir, &["check", "--format", "sarif", missing]);
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&stdout).unwrap();
    let notification = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert!(notification["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("cannot read "));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn commands_other_than_check_refuse_the_ci_formats() {
    // In a project of its own, so that a command that ran anyway would change nothing shared.
    let dir = project(
        "refuse",
        &[("accord.toml", ""), ("schemas/a.accord", OTHER)],
    );
    let commands: [&[&str]; 4] = [
        &["gen", "--check"],
        &["show", "shop.other.Unused"],
        &["lock"],
        &["import", "avro", "x.avsc"],
    ];
    for command in commands {
        for format in ["github", "sarif"] {
            let args: Vec<&str> = command
                .iter()
                .copied()
                .chain(["--format", format])
                .collect();
            let (code, stdout, stderr) = accord(&dir, &args);
            assert_eq!(code, 2, "{args:?}: {stderr}");
            assert_eq!(stdout, "", "{args:?}");
            assert!(
                stderr.contains(&format!("invalid value '{format}' for '--format")),
                "{args:?}: {stderr}"
            );
        }
    }
    assert!(!dir.join("accord.lock").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_help_uri_anchor_is_a_heading_of_the_diagnostics_doc() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diagnostics.md");
    let text = std::fs::read_to_string(doc).unwrap();
    for code in Code::ALL {
        // The anchor is formed from `CODE summary`, so the heading must be exactly that.
        let heading = format!("### {} {}", code.as_str(), code.summary());
        assert!(
            text.lines().any(|line| line == heading),
            "docs/diagnostics.md has no heading `{heading}`, which {} links to",
            doc_anchor(*code)
        );
    }
}

#[test]
fn in_github_actions_a_project_in_a_subdirectory_is_named_from_the_checkout() {
    let repository = project(
        "subdir",
        &[
            ("contracts/accord.toml", ""),
            ("contracts/schemas/shop.accord", SHOP),
        ],
    );
    let contracts = repository.join("contracts");
    let (_, github, _) = accord_in(
        &contracts,
        &["check", "--format", "github"],
        Some(&repository),
    );
    assert!(
        github.contains("::error file=contracts/schemas/shop.accord,line=3,"),
        "{github}"
    );
    assert!(!github.contains("file=schemas/"), "{github}");
    let (_, sarif, _) = accord_in(
        &contracts,
        &["check", "--format", "sarif"],
        Some(&repository),
    );
    let log: Value = serde_json::from_str(&sarif).unwrap();
    let run = &log["runs"][0];
    let base = run["originalUriBaseIds"]["PROJECTROOT"]["uri"]
        .as_str()
        .unwrap();
    let checkout = std::fs::canonicalize(&repository).unwrap();
    assert_eq!(
        base.trim_end_matches('/'),
        format!("file://{}", checkout.display())
    );
    for result in run["results"].as_array().unwrap() {
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(location["uri"], "contracts/schemas/shop.accord");
    }
    // The project at the root of the checkout, or outside it: paths from the project root.
    let (_, github, _) = accord_in(
        &contracts,
        &["check", "--format", "github"],
        Some(&contracts),
    );
    assert!(github.contains("file=schemas/shop.accord,"), "{github}");
    let elsewhere = std::env::temp_dir().join("accord-ci-no-such-checkout");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let (_, github, _) = accord_in(
        &contracts,
        &["check", "--format", "github"],
        Some(&elsewhere),
    );
    assert!(github.contains("file=schemas/shop.accord,"), "{github}");
}
