//! The shape of the compiler, checked: every `crate::` path in the library points down the
//! pipeline (parse -> resolve -> validate -> wire facts -> compatibility -> generate), and no
//! source file outgrows what a reader takes in at once. `docs/architecture.md` draws the same
//! stages; this table is the one the build enforces.

use std::path::{Path, PathBuf};

/// The stages, lowest first. A file may use its own stage and the stages below it. The longest
/// matching prefix of a path (relative to `compiler/src`, without `.rs`) decides its stage.
const STAGES: &[(&str, &[&str])] = &[
    (
        "foundations: sources, diagnostics, the plain-Avro engine, path templates",
        &["source", "diagnostic", "avro", "layout/template"],
    ),
    (
        "parse: text -> syntax tree, and its formatter",
        &["syntax", "fmt"],
    ),
    ("resolve: syntax trees -> the model", &["ir"]),
    ("validate: rules within one version", &["validate"]),
    (
        "wire facts: the model projected onto Avro and onto table columns, once",
        &["avro/from_model", "facts", "field_ids", "table"],
    ),
    ("migration plans between versions", &["migrate"]),
    (
        "compatibility: versions against versions, the lock, layouts, topics, machines",
        &["compat", "lock", "layout", "topic", "machine"],
    ),
    ("writing: sinks for generated files", &["output"]),
    ("generate: targets", &["codegen"]),
    ("settings", &["config"]),
    ("the driver", &["project"]),
    (
        "adapters: build API, import, derive, fixes",
        &["build", "import", "derive", "fix"],
    ),
    ("the command line", &["cli", "main", "lib"]),
];

/// Names the crate root re-exports, and the module each comes from.
const ROOT_EXPORTS: &[(&str, &str)] = &[
    ("compile", "project"),
    ("compile_sources", "project"),
    ("Compilation", "project"),
    ("LoadError", "project"),
    ("compile_rust", "build"),
    ("Config", "build"),
    ("ACCORD_VERSION", "source"),
];

/// The largest source file, in lines, outside tests.
const MAX_LINES: usize = 800;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read compiler/src")
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `codegen/rust/items` for `.../src/codegen/rust/items.rs`; `ir` for `.../src/ir/mod.rs`.
fn module_path(file: &Path) -> String {
    let relative = file.strip_prefix(src_dir()).expect("under src");
    let text = relative
        .with_extension("")
        .to_string_lossy()
        .replace('\\', "/");
    text.strip_suffix("/mod").unwrap_or(&text).to_string()
}

fn stage_of(module: &str) -> usize {
    let matches = |prefix: &str| module == prefix || module.starts_with(&format!("{prefix}/"));
    let mut best: Option<(usize, usize)> = None;
    for (stage, (_, prefixes)) in STAGES.iter().enumerate() {
        for prefix in prefixes.iter().filter(|p| matches(p)) {
            if best.is_none_or(|(length, _)| prefix.len() > length) {
                best = Some((prefix.len(), stage));
            }
        }
    }
    best.map(|(_, stage)| stage)
        .unwrap_or_else(|| panic!("`{module}` belongs to no stage: add it to STAGES"))
}

/// Test code (a `tests.rs` file, or what follows `#[cfg(test)]`) may use any stage.
fn library_code(file: &Path, text: &str) -> Option<String> {
    if file.file_name().is_some_and(|n| n == "tests.rs") {
        return None;
    }
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let lines: Vec<&str> = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect();
    Some(lines.join("\n"))
}

/// Every `crate::a::b` path in `code`, as the module it names (`a/b` when `a/b` is a module
/// the stage table knows by itself, else `a`).
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (start, _) in code.match_indices("crate::") {
        if code[..start].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue; // `accord_crate::`, not the crate root.
        }
        let rest = &code[start + "crate::".len()..];
        let segments: Vec<&str> = rest
            .split("::")
            .take(2)
            .map(|s| {
                let end = s
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(s.len());
                &s[..end]
            })
            .collect();
        let Some(first) = segments.first().filter(|s| !s.is_empty()) else {
            continue;
        };
        if let Some((_, module)) = ROOT_EXPORTS.iter().find(|(name, _)| name == first) {
            found.push(module.to_string());
            continue;
        }
        let nested = segments.get(1).map(|second| format!("{first}/{second}"));
        match nested {
            Some(path) if STAGES.iter().any(|(_, p)| p.contains(&path.as_str())) => {
                found.push(path)
            }
            _ => found.push(first.to_string()),
        }
    }
    found
}

#[test]
fn every_import_points_down_the_pipeline() {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let mut upward = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read a source file");
        let Some(code) = library_code(file, &text) else {
            continue;
        };
        let module = module_path(file);
        let stage = stage_of(&module);
        for used in crate_paths(&code) {
            let used_stage = stage_of(&used);
            if used_stage > stage {
                upward.push(format!(
                    "{module} ({}) uses crate::{} ({})",
                    STAGES[stage].0,
                    used.replace('/', "::"),
                    STAGES[used_stage].0
                ));
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "imports that point up the pipeline:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_stage_table_catches_an_upward_import() {
    let code = "use crate::codegen::avro::pretty;\nuse crate::ir::Model;";
    let used: Vec<usize> = crate_paths(code).iter().map(|m| stage_of(m)).collect();
    assert_eq!(used, [stage_of("codegen"), stage_of("ir")]);
    assert!(stage_of("codegen") > stage_of("validate"));
    assert_eq!(
        crate_paths("crate::avro::from_model::schema_json"),
        ["avro/from_model"]
    );
    assert_eq!(crate_paths("crate::avro::Schema"), ["avro"]);
    assert_eq!(crate_paths("crate::compile(&path)"), ["project"]);
    assert_eq!(stage_of("avro/from_model"), stage_of("facts"));
    assert_eq!(stage_of("avro/schema"), stage_of("source"));
    assert_eq!(stage_of("layout/template/tests"), stage_of("source"));
    let code = "fn short() {\n    x();\n}\n\nimpl A {\n    pub(crate) fn method(&self) {\n        y();\n    }\n}\n";
    assert_eq!(
        functions(code),
        [("short".to_string(), 3), ("method".to_string(), 3)]
    );
}

#[test]
fn no_source_file_outgrows_a_reading() {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "tests.rs"))
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", module_path(file)))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by concern):\n{}",
        long.join("\n")
    );
}

/// The longest function, in lines (outside tests), a reader should meet.
const MAX_FUNCTION_LINES: usize = 80;

/// `(name, lines)` of every function in `code` (rustfmt layout: a body ends at the first `}` at
/// the indentation of its `fn`).
fn functions(code: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let signature = trimmed
            .trim_start_matches("pub ")
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("const ");
        let Some(rest) = signature.strip_prefix("fn ") else {
            i += 1;
            continue;
        };
        if line.trim_end().ends_with(';') {
            i += 1;
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let close = " ".repeat(indent) + "}";
        let end = (i + 1..lines.len())
            .find(|&k| {
                lines[k].starts_with(&close)
                    && lines[k].len() - lines[k].trim_start().len() == indent
            })
            .unwrap_or(lines.len() - 1);
        found.push((name, end - i + 1));
        i = end + 1;
    }
    found
}

#[test]
fn no_function_outgrows_a_screen() {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let mut long = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read a source file");
        let Some(code) = library_code(file, &text) else {
            continue;
        };
        let module = module_path(file);
        for (name, lines) in functions(&code) {
            if lines > MAX_FUNCTION_LINES {
                long.push(format!("{module}::{name} ({lines} lines)"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them):\n{}",
        long.join("\n")
    );
}
