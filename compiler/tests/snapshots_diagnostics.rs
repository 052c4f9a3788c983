//! Snapshots of what `accord check` prints for the catalogue: the human rendering (no colour) of
//! every case, and the JSON of a few. Review changes with `cargo insta review`, or rerun with
//! `INSTA_UPDATE=always` and read the `.snap` diffs before committing.

mod common;

use accord_compiler::diagnostic::{render_human, render_json, ColorChoice};

/// Cases whose JSON output is snapshotted too: one per stage, and a run across files.
const JSON_CASES: &[&str] = &[
    "bad_character",
    "duplicate_type_across_files",
    "pin_to_missing_version",
    "defaults_of_records",
    "invalid_config",
    "many_errors_across_files",
];

fn settings(kind: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(format!("snapshots/{kind}"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

#[test]
fn human_diagnostics_of_every_case() {
    settings("human").bind(|| {
        for dir in common::cases() {
            let name = common::case_name(&dir);
            let outcome = common::compile_case(&dir);
            let mut text = render_human(&outcome.sources, &outcome.diagnostics, ColorChoice::Never);
            if text.is_empty() {
                text = "(no diagnostics)\n".to_string();
            }
            insta::assert_snapshot!(name, text);
        }
    });
}

#[test]
fn json_diagnostics_of_some_cases() {
    settings("json").bind(|| {
        for dir in common::cases() {
            let name = common::case_name(&dir);
            let short = name.split_once('_').map_or(name.as_str(), |(_, rest)| rest);
            if !JSON_CASES.contains(&short) {
                continue;
            }
            let outcome = common::compile_case(&dir);
            insta::assert_json_snapshot!(name, render_json(&outcome.sources, &outcome.diagnostics));
        }
    });
    let covered = common::cases()
        .iter()
        .map(|dir| common::case_name(dir))
        .filter(|name| {
            JSON_CASES
                .iter()
                .any(|c| name.ends_with(c) && name.len() == c.len() + 4)
        })
        .count();
    assert_eq!(
        covered,
        JSON_CASES.len(),
        "a JSON case was renamed or removed"
    );
}
