//! Shared by the catalogue tests: finding the cases and compiling one.
#![allow(dead_code)]

use accord_compiler::config::{ProjectConfig, CONFIG_FILE};
use accord_compiler::diagnostic::Diagnostic;
use accord_compiler::project::{compile_project, Project};
use accord_compiler::source::SourceMap;
use accord_compiler::LoadError;
use std::path::{Path, PathBuf};

/// The catalogue of bad inputs: `tests/diagnostics/NNN_name/`.
pub fn catalogue_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics")
}

/// Every case folder, sorted by name.
pub fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(catalogue_dir())
        .expect("tests/diagnostics exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// The folder name of a case.
pub fn case_name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

/// What compiling a case produced: the files read and every diagnostic.
pub struct Outcome {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// Compiles one case folder the way `accord check <dir>` does.
///
/// A case holding `accord.toml` goes through [`accord_compiler::compile`], which finds that file
/// (and fails with C002 when it is invalid). Any other case is compiled as a project rooted at
/// its own folder with the default configuration: `compile` would search upward and find the
/// repository's own `accord.toml`, which points at the example schemas instead.
pub fn compile_case(dir: &Path) -> Outcome {
    let result = if dir.join(CONFIG_FILE).is_file() {
        accord_compiler::compile(dir)
    } else {
        let project = Project {
            root: dir.to_path_buf(),
            config: ProjectConfig::default(),
            schemas_dir: dir.to_path_buf(),
        };
        compile_project(project, SourceMap::new())
    };
    match result {
        Ok(compilation) => Outcome {
            sources: compilation.sources,
            diagnostics: compilation.diagnostics,
        },
        Err(LoadError::Config(sources, diagnostic)) => Outcome {
            sources: *sources,
            diagnostics: vec![*diagnostic],
        },
        Err(error) => panic!("{}: {error}", dir.display()),
    }
}

/// `CODE file:line:col` of a diagnostic (where its primary label starts).
pub fn locate(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let (file, line, column) = sources.location(diagnostic.primary.span);
    format!("{} {file}:{line}:{column}", diagnostic.code)
}
