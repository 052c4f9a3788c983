//! `accord gen --crate NAME --part-size N`: contracts of more than N type versions become a
//! workspace of part crates. Checked here on the files alone, for every fixture and several
//! sizes (`tests/tests/cargo_e2e.rs` builds one with cargo):
//!
//! * every package file is in exactly one part, and the workspace lists every part;
//! * a part depends only on earlier parts, and every path into another part names a part it
//!   depends on, so the workspace builds in order;
//! * a part holds at most N type versions unless it is one cycle of packages;
//! * packages in a cycle share a part; small contracts stay one crate;
//! * `gen --check` finds the workspace up to date, and a bad crate name is a usage error.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs `accord <args>`; returns (exit code, stdout and stderr).
fn accord(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .output()
        .expect("the accord binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

/// A fresh temporary directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("accord-parts-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One part as written: its index (1-based), the parts it depends on, and its package files
/// (paths under its `src/`) with their text.
struct WrittenPart {
    index: usize,
    dependencies: BTreeSet<usize>,
    files: BTreeMap<String, String>,
}

fn manifest(path: &Path) -> toml::Table {
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

/// The part index of a dependency named `{name}-part-K`.
fn part_index(name: &str, dependency: &str) -> Option<usize> {
    dependency
        .strip_prefix(&format!("{name}-part-"))
        .map(|k| k.parse().unwrap())
}

/// The parts of the workspace in `dir`, checked against the root manifest's members.
fn written_parts(dir: &Path, name: &str) -> Vec<WrittenPart> {
    let root = manifest(&dir.join("Cargo.toml"));
    let members: Vec<&str> = root["workspace"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let facade_dependencies: BTreeSet<usize> = root["dependencies"]
        .as_table()
        .unwrap()
        .keys()
        .filter_map(|d| part_index(name, d))
        .collect();
    assert_eq!(facade_dependencies.len(), members.len());
    let mut parts = Vec::new();
    for (position, member) in members.iter().enumerate() {
        let index = position + 1;
        assert_eq!(*member, format!("parts/{name}-part-{index}"));
        let part_dir = dir.join(member);
        let dependencies = manifest(&part_dir.join("Cargo.toml"))["dependencies"]
            .as_table()
            .unwrap()
            .keys()
            .filter_map(|d| part_index(name, d))
            .collect();
        let mut files = BTreeMap::new();
        collect_rs(&part_dir.join("src"), &part_dir.join("src"), &mut files);
        files.remove("lib.rs");
        parts.push(WrittenPart {
            index,
            dependencies,
            files,
        });
    }
    parts
}

fn collect_rs(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rs(root, &path, out);
        } else {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(relative, std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The parts named by `::{crate}_part_K::` paths in `text`.
fn parts_referenced(text: &str, crate_ident: &str) -> BTreeSet<usize> {
    let prefix = format!("::{crate_ident}_part_");
    text.match_indices(&prefix)
        .map(|(at, _)| {
            let digits: String = text[at + prefix.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().unwrap()
        })
        .collect()
}

/// The type versions a package file defines (one `Contract` impl each).
fn type_versions(text: &str) -> usize {
    text.matches("impl ::accord::Contract for ").count()
}

/// Generates the crate of `project` with `--part-size size` and checks the workspace.
fn check_workspace(project: &Path, size: usize) -> Vec<WrittenPart> {
    let scratch = Scratch::new(&format!(
        "{}-{size}",
        project.file_name().unwrap().to_string_lossy()
    ));
    let out = scratch.0.to_str().unwrap();
    let size_arg = size.to_string();
    let args = [
        "gen",
        project.to_str().unwrap(),
        "--crate",
        "fx",
        "--out",
        out,
    ];
    let (code, text) = accord(&[&args[..], &["--part-size", &size_arg]].concat());
    assert_eq!(code, 0, "{text}");
    let (code, text) = accord(&[&args[..], &["--part-size", &size_arg, "--check"]].concat());
    assert_eq!(code, 0, "a workspace just written is up to date: {text}");
    if !scratch.0.join("parts").exists() {
        let mut files = BTreeMap::new();
        collect_rs(&scratch.0.join("src"), &scratch.0.join("src"), &mut files);
        files.remove("lib.rs");
        let total: usize = files.values().map(|t| type_versions(t)).sum();
        // Over the size, one crate is one package or one cycle of packages, each of which
        // uses another (by a relative path in a single crate).
        assert!(
            total <= size
                || files
                    .values()
                    .all(|t| files.len() == 1 || t.contains("super::")),
            "{total} type versions in one crate of --part-size {size}"
        );
        return Vec::new();
    }
    let parts = written_parts(&scratch.0, "fx");
    assert!(parts.len() > 1);
    let mut seen = BTreeSet::new();
    for part in &parts {
        assert!(part.dependencies.iter().all(|d| *d < part.index));
        for (path, text) in &part.files {
            assert!(seen.insert(path.clone()), "{path} is in two parts");
            let referenced = parts_referenced(text, "fx");
            for other in referenced.iter().filter(|p| **p != part.index) {
                assert!(
                    part.dependencies.contains(other),
                    "part {} ({path}) uses part {other} without depending on it",
                    part.index
                );
            }
        }
        // Over its size, a part is one package or one cycle of packages: then each of its
        // files uses another package of the part (a part without cycles has a package that
        // uses none of the others).
        let versions: usize = part.files.values().map(|t| type_versions(t)).sum();
        if versions > size && part.files.len() > 1 {
            for (path, text) in &part.files {
                assert!(
                    parts_referenced(text, "fx").contains(&part.index),
                    "part {} holds {versions} type versions, and {path} is in no cycle",
                    part.index
                );
            }
        }
    }
    parts
}

#[test]
fn every_fixture_splits_into_parts_that_depend_only_on_earlier_ones() {
    let fixtures = repo().join("compiler/tests/fixtures");
    let projects = [
        repo(),
        fixtures.join("parts"),
        fixtures.join("boundary"),
        fixtures.join("kitchen"),
        fixtures.join("machines"),
    ];
    for project in &projects {
        for size in [1, 2, 3, 5, 1000] {
            check_workspace(project, size);
        }
    }
}

#[test]
fn a_cycle_of_packages_shares_a_part_and_small_contracts_stay_one_crate() {
    let project = repo().join("compiler/tests/fixtures/parts");
    let parts = check_workspace(&project, 1);
    let part_of = |file: &str| {
        parts
            .iter()
            .find(|p| p.files.contains_key(file))
            .map(|p| p.index)
    };
    assert_eq!(part_of("ring/a.rs"), part_of("ring/b.rs"));
    assert_ne!(part_of("fx/type.rs"), part_of("fx/type/self.rs"));
    assert_eq!(parts.len(), 4);
    assert!(check_workspace(&project, 8).is_empty(), "8 type versions");
    assert_eq!(check_workspace(&project, 7).len(), 2);
}

#[test]
fn a_crate_name_rust_cannot_spell_is_a_usage_error() {
    let project = repo().join("compiler/tests/fixtures/parts");
    for name in ["1fx", "fx contracts", "fx.contracts", ""] {
        let (code, text) = accord(&["gen", project.to_str().unwrap(), "--crate", name]);
        assert_eq!(code, 2, "{name:?}: {text}");
        assert!(text.contains("a crate name is ASCII letters"), "{text}");
    }
}

/// The version of the workspace's runtime (`runtime/Cargo.toml`, or the workspace's version
/// it inherits).
fn runtime_version() -> String {
    let runtime = manifest(&repo().join("runtime/Cargo.toml"));
    let package = &runtime["package"];
    assert_eq!(package["name"].as_str(), Some("accord-runtime"));
    match package["version"].as_str() {
        Some(version) => version.to_owned(),
        None => manifest(&repo().join("Cargo.toml"))["workspace"]["package"]["version"]
            .as_str()
            .unwrap()
            .to_owned(),
    }
}

/// `gen --crate` depends on the runtime under the name `accord`, as the package
/// `accord-runtime` (`accord` on crates.io is another crate) at the runtime's version, or at
/// `--runtime-path`: in the single crate's `[dependencies]` and in the `[workspace.dependencies]`
/// the parts inherit.
#[test]
fn the_runtime_dependency_names_the_package_accord_runtime() {
    let project = repo().join("compiler/tests/fixtures/parts");
    let expected = |key: &str, value: &str| {
        let mut table = toml::Table::new();
        table.insert("package".into(), "accord-runtime".into());
        table.insert(key.into(), value.into());
        toml::Value::Table(table)
    };
    let version = runtime_version();
    for (size, more, key, value) in [
        ("8", None, "version", version.as_str()),
        ("1", None, "version", version.as_str()),
        ("8", Some("../runtime"), "path", "../runtime"),
        ("1", Some("../runtime"), "path", "../runtime"),
    ] {
        let scratch = Scratch::new(&format!("runtime-{size}-{key}"));
        let mut args = vec!["gen", project.to_str().unwrap(), "--crate", "fx"];
        args.extend(["--out", scratch.0.to_str().unwrap(), "--part-size", size]);
        args.extend(more.iter().flat_map(|path| ["--runtime-path", *path]));
        let (code, text) = accord(&args);
        assert_eq!(code, 0, "{text}");
        let root = manifest(&scratch.0.join("Cargo.toml"));
        let dependency = if size == "8" {
            &root["dependencies"]["accord"]
        } else {
            assert_eq!(
                root["dependencies"]["accord"]["workspace"].as_bool(),
                Some(true)
            );
            &root["workspace"]["dependencies"]["accord"]
        };
        assert_eq!(dependency, &expected(key, value), "--part-size {size}");
    }
}
