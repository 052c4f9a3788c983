//! Tested documentation: every contract example in `docs/*.md` is compiled, and the diagnostic
//! catalogue and CLI reference are checked against the code.
//!
//! # Conventions for examples in the docs
//!
//! A fenced block is an example when its info string starts with `accord`:
//!
//! * ```` ```accord ```` is one complete contract file (with its `package` line). It must
//!   compile with no error and no warning.
//! * ```` ```accord,fails(P005) ```` or ```` ```accord,fails(N004,N009) ```` must produce exactly
//!   that set of codes (errors and warnings together; each code once however often it fires).
//! * ```` ```accord,file=NAME ```` is one file of a multi-file example. Consecutive `file=` blocks
//!   under the same heading form one project (compiled together); the group ends at a heading or
//!   at a block without `file=`. A ```` ```toml,file=accord.toml ```` block in a group is written
//!   as the project's `accord.toml`, a ```` ```toml,file=accord.lock ```` block as its
//!   `accord.lock` (released versions, beside `accord.toml`). At most one block of a group says `fails(...)`; that is the
//!   expectation of the whole group (none means: clean).
//!
//! Every other fenced block (`toml` without `file=`, `console`, `json`, `ebnf`, ...) is prose and
//! is not compiled. Each example project is written to its own directory under the test's temp
//! directory, with an empty `accord.toml` unless the group provides one (so the defaults apply).

use accord_compiler::config::ProjectConfig;
use accord_compiler::diagnostic::Code;
use accord_compiler::source::FileId;
use accord_compiler::LoadError;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One fenced block that is part of an example.
#[derive(Debug)]
struct Block {
    /// `docs/x.md:LINE` of the opening fence.
    origin: String,
    /// The heading the block is under.
    heading: String,
    /// `file=` when given.
    file: Option<String>,
    /// `fails(...)` when given.
    fails: Option<BTreeSet<String>>,
    /// `accord` or `toml`.
    lang: String,
    text: String,
}

/// One example: a set of files compiled together, with its expectation.
#[derive(Debug)]
struct Example {
    origin: String,
    heading: String,
    files: Vec<(String, String)>,
    config: Option<String>,
    lock: Option<String>,
    fails: BTreeSet<String>,
}

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

fn doc_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(docs_dir())
        .expect("docs/ exists")
        .map(|e| e.expect("readable docs/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// Parses `accord,fails(A,B),file=x.accord` into its parts; `None` when not an example.
fn parse_info(
    info: &str,
    origin: &str,
) -> Option<(String, Option<String>, Option<BTreeSet<String>>)> {
    let (lang, mut rest) = if let Some(rest) = info.strip_prefix("accord") {
        ("accord", rest)
    } else if let Some(rest) = info.strip_prefix("toml") {
        ("toml", rest)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with(',')) {
        return None;
    }
    let mut file = None;
    let mut fails = None;
    while let Some(after) = rest.strip_prefix(',') {
        if let Some(args) = after.strip_prefix("fails(") {
            let (inside, tail) = args
                .split_once(')')
                .unwrap_or_else(|| panic!("{origin}: unclosed `fails(`"));
            let codes: BTreeSet<String> = inside.split(',').map(|c| c.trim().to_string()).collect();
            assert!(
                !codes.is_empty() && codes.iter().all(|c| !c.is_empty()),
                "{origin}: empty `fails()`"
            );
            fails = Some(codes);
            rest = tail;
        } else if let Some(value) = after.strip_prefix("file=") {
            let end = value.find(',').unwrap_or(value.len());
            file = Some(value[..end].to_string());
            rest = &value[end..];
        } else {
            panic!("{origin}: unknown attribute in info string `{info}`");
        }
    }
    assert!(
        rest.is_empty(),
        "{origin}: cannot read info string `{info}`"
    );
    if lang == "toml" && file.is_none() {
        return None;
    }
    Some((lang.to_string(), file, fails))
}

/// Every example block of one markdown file, with `None` marking a group boundary.
fn blocks(path: &Path) -> Vec<Option<Block>> {
    let text = std::fs::read_to_string(path).expect("readable doc");
    let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
    let mut out = Vec::new();
    let mut heading = String::new();
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        if line.starts_with('#') {
            heading = line.trim_start_matches('#').trim().to_string();
            out.push(None);
            continue;
        }
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let origin = format!("{name}:{}", index + 1);
        let mut body = String::new();
        let mut closed = false;
        for (_, inner) in lines.by_ref() {
            if inner.starts_with("```") {
                closed = true;
                break;
            }
            body.push_str(inner);
            body.push('\n');
        }
        assert!(closed, "{origin}: unclosed code fence");
        match parse_info(info.trim(), &origin) {
            Some((lang, file, fails)) => out.push(Some(Block {
                origin,
                heading: heading.clone(),
                file,
                fails,
                lang,
                text: body,
            })),
            None => out.push(None),
        }
    }
    out
}

/// Groups blocks into examples.
fn examples() -> Vec<Example> {
    let mut examples = Vec::new();
    for path in doc_files() {
        let mut group: Vec<Block> = Vec::new();
        let flush = |group: &mut Vec<Block>, examples: &mut Vec<Example>| {
            if group.is_empty() {
                return;
            }
            let first = &group[0];
            let mut example = Example {
                origin: first.origin.clone(),
                heading: first.heading.clone(),
                files: Vec::new(),
                config: None,
                lock: None,
                fails: BTreeSet::new(),
            };
            let mut said_fails = false;
            for block in group.drain(..) {
                if let Some(fails) = block.fails {
                    assert!(
                        !said_fails,
                        "{}: only one block of a group says `fails(...)`",
                        block.origin
                    );
                    said_fails = true;
                    example.fails = fails;
                }
                let file = block.file.unwrap_or_else(|| "example.accord".to_string());
                if block.lang == "toml" {
                    match file.as_str() {
                        "accord.toml" => example.config = Some(block.text),
                        "accord.lock" => example.lock = Some(block.text),
                        _ => panic!(
                            "{}: toml blocks are accord.toml or accord.lock",
                            block.origin
                        ),
                    }
                } else {
                    assert!(
                        file.ends_with(".accord") && !file.contains('/'),
                        "{}: `file=` names a `.accord` file",
                        block.origin
                    );
                    assert!(
                        !example.files.iter().any(|(f, _)| *f == file),
                        "{}: `{file}` appears twice in one group",
                        block.origin
                    );
                    example.files.push((file, block.text));
                }
            }
            examples.push(example);
        };
        for block in blocks(&path) {
            match block {
                Some(block) if block.file.is_some() => group.push(block),
                Some(block) => {
                    flush(&mut group, &mut examples);
                    group.push(block);
                    flush(&mut group, &mut examples);
                }
                None => flush(&mut group, &mut examples),
            }
        }
        flush(&mut group, &mut examples);
    }
    examples
}

/// Compiles one example and returns the set of codes it produced.
fn codes_of(example: &Example, dir: &Path) -> Result<BTreeSet<String>, String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let config = example.config.as_deref().unwrap_or("");
    // The contracts go where the example's configuration says (an invalid one fails below).
    let schemas =
        ProjectConfig::parse(config, FileId(0)).map_or_else(|_| "schemas".into(), |c| c.schemas);
    let schemas = dir.join(schemas);
    std::fs::create_dir_all(&schemas).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("accord.toml"), config).map_err(|e| e.to_string())?;
    if let Some(lock) = &example.lock {
        std::fs::write(dir.join("accord.lock"), lock).map_err(|e| e.to_string())?;
    }
    for (name, text) in &example.files {
        std::fs::write(schemas.join(name), text).map_err(|e| e.to_string())?;
    }
    match accord_compiler::compile(dir) {
        Ok(compilation) => Ok(compilation
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_string())
            .collect()),
        Err(LoadError::Config(_, diagnostic)) => {
            Ok(BTreeSet::from([diagnostic.code.as_str().to_string()]))
        }
        Err(error) => Err(error.to_string()),
    }
}

fn show(codes: &BTreeSet<String>) -> String {
    if codes.is_empty() {
        "nothing".to_string()
    } else {
        codes.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

#[test]
fn every_example_in_the_docs_compiles_as_documented() {
    let examples = examples();
    assert!(
        examples.len() >= 50,
        "found only {} examples",
        examples.len()
    );
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-examples");
    let _ = std::fs::remove_dir_all(&root);
    let mut failures = Vec::new();
    for (index, example) in examples.iter().enumerate() {
        let dir = root.join(index.to_string());
        match codes_of(example, &dir) {
            Ok(codes) if codes == example.fails => {}
            Ok(codes) => failures.push(format!(
                "{} ({}): expected {}, got {}",
                example.origin,
                example.heading,
                show(&example.fails),
                show(&codes)
            )),
            Err(error) => failures.push(format!("{}: {error}", example.origin)),
        }
    }
    println!("{} examples checked", examples.len());
    assert!(
        failures.is_empty(),
        "{} of {} examples do not behave as documented:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

/// Codes that only `accord check --against` reports: an example would need a second tree, so
/// their sections show a `console` transcript instead of an `accord,fails(...)` example.
const NEEDS_ANOTHER_TREE: &[&str] = &["L003", "L004"];

/// Import codes (`I`) are about `.avsc` input, which no contract example can show: their
/// sections show a `console` transcript of `accord import` instead. `I012` is the importer's
/// self-check, which no known schema triggers; its section says so instead of showing one.
fn needs_import_transcript(code: &str) -> bool {
    code.starts_with('I') && code != "I012"
}

/// Codes that report a defect of accord rather than of the input: their sections say so
/// ("safety net") instead of showing an example.
const SAFETY_NETS: &[&str] = &["I012", "V021"];

#[test]
fn diagnostics_doc_lists_every_code_in_catalogue_order() {
    let text = std::fs::read_to_string(docs_dir().join("diagnostics.md")).expect("diagnostics.md");
    let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let headings: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(|h| h.split_whitespace().next().unwrap_or(""))
        .collect();
    for heading in &headings {
        assert!(
            known.contains(heading),
            "docs/diagnostics.md has a `### {heading}` heading, which is not a code"
        );
    }
    assert_eq!(
        headings, known,
        "docs/diagnostics.md must have one `### CODE` heading per code, in catalogue order"
    );
    // Every code section shows an example that fails with that code, except the codes of
    // `accord check --against`, which need a second tree: their sections show a transcript.
    let examples = examples();
    for code in &known {
        // I012 and V021 are safety nets: they report a defect of accord, so no example exists.
        if needs_import_transcript(code) || SAFETY_NETS.contains(code) {
            let section = text
                .split("\n### ")
                .find(|s| s.split_whitespace().next() == Some(code))
                .unwrap_or("");
            let shown = if needs_import_transcript(code) {
                section.contains("```console") && section.contains(&format!("[{code}]"))
            } else {
                section.contains("safety net")
            };
            assert!(
                shown,
                "docs/diagnostics.md: the section of {code} needs a `console` transcript of `accord import` reporting it"
            );
            continue;
        }
        if NEEDS_ANOTHER_TREE.contains(code) {
            let section = text
                .split("\n### ")
                .find(|s| s.split_whitespace().next() == Some(code))
                .unwrap_or("");
            assert!(
                section.contains("```console") && section.contains("--against"),
                "docs/diagnostics.md: the section of {code} needs a `console` transcript of `accord check --against`"
            );
            continue;
        }
        let shown = examples.iter().any(|e| {
            e.origin.starts_with("docs/diagnostics.md")
                && e.heading.split_whitespace().next() == Some(code)
                && e.fails.contains(*code)
        });
        assert!(
            shown,
            "docs/diagnostics.md: the section of {code} has no `accord,fails({code})` example"
        );
    }
}

#[test]
fn cli_doc_mentions_every_command_and_global_option() {
    use clap::CommandFactory;
    let text = std::fs::read_to_string(docs_dir().join("cli.md")).expect("cli.md");
    let command = accord_compiler::cli::Cli::command();
    for sub in command.get_subcommands() {
        let name = sub.get_name();
        assert!(
            text.contains(&format!("## `accord {name}")),
            "docs/cli.md has no `## `accord {name}` section"
        );
        for arg in sub.get_arguments() {
            if let Some(long) = arg.get_long() {
                assert!(
                    text.contains(&format!("--{long}")),
                    "docs/cli.md does not mention `--{long}` of `accord {name}`"
                );
            }
        }
    }
    for arg in command.get_arguments() {
        if let Some(long) = arg.get_long() {
            assert!(
                text.contains(&format!("--{long}")),
                "docs/cli.md does not mention the global option `--{long}`"
            );
        }
    }
}
