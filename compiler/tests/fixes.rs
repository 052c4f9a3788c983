//! Golden tests of the fix-its: each case under `tests/fixes/` is a project `before/` with the
//! diagnostic a fix resolves; `accord check --fix` runs on a copy of it, and the test asserts
//! the fixes it reports (`expected.txt`), the files it leaves (`after/`, every contract), and a
//! clean `accord check` afterwards. A case with `released/` runs in a git repository whose last
//! commit is that tree (the edited released version is restored from it); a case with
//! `against/` runs with `--against` that tree. `ACCORD_BLESS=1` rewrites `after/` and
//! `expected.txt` from what the command does (review the diff before committing it).

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixes")
}

fn accord(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .arg("--color=never")
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file under `dir`, as paths relative to it, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

fn copy_tree(from: &Path, to: &Path) {
    for file in files(from) {
        let target = to.join(&file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&file), target).unwrap();
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// The project of `case` ready to fix: a plain copy of `before/`, or a git repository whose
/// last commit is `released/` with `before/` as its working tree.
fn prepare(case: &Path, work: &Path) {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).unwrap();
    if case.join("released").is_dir() {
        copy_tree(&case.join("released"), work);
        git(work, &["init", "-q"]);
        git(work, &["add", "."]);
        git(work, &["commit", "-q", "-m", "released"]);
        std::fs::remove_dir_all(work.join("schemas")).unwrap();
    }
    copy_tree(&case.join("before"), work);
}

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fixes-{name}"));
    prepare(case, &work);
    let (code, _, stderr) = accord(&work, &["check"]);
    if code == 0 && !case.join("against").is_dir() {
        return Err(format!(
            "{name}: `before/` checks clean; there is nothing to fix"
        ));
    }
    let mut args = vec!["check".to_string(), "--fix".to_string()];
    if case.join("against").is_dir() {
        args.extend([
            "--against".to_string(),
            case.join("against").display().to_string(),
        ]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (_, _, fixed) = accord(&work, &args);
    let reported: String = fixed
        .lines()
        .filter(|l| l.starts_with("fixed "))
        .map(|l| format!("{l}\n"))
        .collect();
    if std::env::var_os("ACCORD_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(case.join("after"));
        for file in files(&work.join("schemas")) {
            let target = case.join("after/schemas").join(&file);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(work.join("schemas").join(&file), target).unwrap();
        }
        std::fs::write(case.join("expected.txt"), &reported).unwrap();
    }
    let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap_or_default();
    if reported != expected {
        return Err(format!(
            "{name}: fixes reported\n{reported}\nexpected\n{expected}\n(before: {stderr})"
        ));
    }
    let after = case.join("after");
    let (wanted, got) = (files(&after.join("schemas")), files(&work.join("schemas")));
    if wanted != got {
        return Err(format!("{name}: files {got:?}, expected {wanted:?}"));
    }
    for file in wanted {
        let expected = std::fs::read_to_string(after.join("schemas").join(&file)).unwrap();
        let actual = std::fs::read_to_string(work.join("schemas").join(&file)).unwrap();
        if expected != actual {
            return Err(format!(
                "{name}: {} is\n{actual}\nexpected\n{expected}",
                file.display()
            ));
        }
    }
    let mut clean = vec!["check"];
    if case.join("against").is_dir() {
        clean.extend(["--against", args[3]]);
    }
    let (code, _, stderr) = accord(&work, &clean);
    if code != 0 || stderr.contains("warning[") {
        return Err(format!(
            "{name}: the check after the fixes is not clean:\n{stderr}"
        ));
    }
    let (code, stdout, stderr) = accord(&work, &["fmt", "--check"]);
    if code != 0 {
        return Err(format!(
            "{name}: the fixed files are not formatted:\n{stdout}{stderr}"
        ));
    }
    Ok(())
}

#[test]
fn every_fix_it_gives_its_after_tree_and_a_clean_check() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 6, "the fix-it cases are missing");
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
