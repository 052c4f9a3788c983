//! `accord check --fix`: applies the fixes diagnostics suggest (see [`crate::fix`]), round after
//! round in memory until none applies (one fix can reveal the next: an import, then its pin),
//! then writes each changed file atomically. Nothing is written when the project cannot load.

use crate::facts::Facts;
use crate::fix::{self, FixedFile};
use crate::project::{compile_other_tree, compile_project_with, find_project};
use crate::source::SourceMap;
use crate::{Compilation, LoadError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Rounds of fixes at most: each round fixes what the last one revealed.
const MAX_ROUNDS: usize = 8;

/// The fixes applied to one file.
#[derive(Debug)]
pub struct Fixed {
    /// The file, as diagnostics name it.
    pub name: String,
    /// The title of each fix, in the order applied.
    pub fixes: Vec<String>,
}

/// Why fixing stopped before writing anything.
pub enum Failure {
    /// The project did not load.
    Load(LoadError),
    /// `--against` named a tree that does not compile, or a file could not be written.
    Usage(String),
}

/// Compiles the project at `path`, fixes it, writes the fixed files, and returns the final
/// compilation (what `check` reports) with the fixes applied per file.
pub fn fix_project(
    path: &Path,
    against: Option<&str>,
) -> Result<(Compilation, Vec<Fixed>), Failure> {
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    let mut fixed: Vec<Fixed> = Vec::new();
    let mut head: Option<Option<Compilation>> = None;
    let mut against_tree: Option<Compilation> = None;
    let mut round = 0;
    let mut earlier: Option<Facts> = None;
    loop {
        let compiled = compile_with(path, &texts, earlier.as_ref());
        let mut compilation = compiled.map_err(Failure::Load)?;
        if let Some(label) = against {
            if against_tree.is_none() {
                let other = compile_other_tree(&compilation.project, label);
                against_tree = Some(other.map_err(Failure::Usage)?);
            }
            if let Some(other) = &against_tree {
                compilation.check_against(other, label);
                fix::versions::restore_edited(&mut compilation, other);
            }
        }
        if needs_head(&compilation) {
            let project = &compilation.project;
            let last_commit = head.get_or_insert_with(|| compile_other_tree(project, "HEAD").ok());
            if let Some(last_commit) = last_commit {
                fix::versions::restore_edited(&mut compilation, last_commit);
            }
        }
        let changes = fix::apply(&compilation.sources, &compilation.diagnostics);
        if changes.is_empty() || round == MAX_ROUNDS {
            write(&texts).map_err(Failure::Usage)?;
            return Ok((compilation, fixed));
        }
        for change in changes {
            record(&compilation.sources, &change, &mut fixed);
            let path = compilation.sources.file(change.file).path.clone();
            texts.insert(path, change.text);
        }
        earlier = Some(compilation.facts);
        round += 1;
    }
}

/// Compiles the project at `path` with `texts` in place of the files they name, reusing the
/// facts of the previous round.
fn compile_with(
    path: &Path,
    texts: &HashMap<PathBuf, String>,
    earlier: Option<&Facts>,
) -> Result<Compilation, LoadError> {
    let mut sources = SourceMap::new();
    let project = find_project(path, &mut sources)?;
    compile_project_with(project, sources, texts, earlier)
}

/// Whether an edited released version could be restored from the last commit.
fn needs_head(compilation: &Compilation) -> bool {
    let edited = |d: &&crate::diagnostic::Diagnostic| d.code == crate::diagnostic::Code::L001;
    compilation
        .diagnostics
        .iter()
        .filter(edited)
        .any(|d| d.fixes.is_empty())
}

/// Adds the fixes of `change` to the file's entry.
fn record(sources: &SourceMap, change: &FixedFile, fixed: &mut Vec<Fixed>) {
    let name = &sources.file(change.file).name;
    match fixed.iter_mut().find(|f| f.name == *name) {
        Some(entry) => entry.fixes.extend(change.applied.iter().cloned()),
        None => fixed.push(Fixed {
            name: name.clone(),
            fixes: change.applied.clone(),
        }),
    }
}

/// Replaces each fixed file, atomically, when its text changed; says which could not be.
fn write(texts: &HashMap<PathBuf, String>) -> Result<(), String> {
    let mut paths: Vec<&PathBuf> = texts.keys().collect();
    paths.sort();
    let mut written = Vec::new();
    for path in paths {
        let text = &texts[path];
        if std::fs::read_to_string(path).is_ok_and(|on_disk| on_disk == *text) {
            continue;
        }
        if let Err(error) = crate::output::replace_file(path, text.as_bytes()) {
            let before = match written.is_empty() {
                true => "no file was changed".to_string(),
                false => format!("fixed before it: {}", written.join(", ")),
            };
            return Err(format!(
                "cannot write {}: {error}; it was left as it was ({before})",
                path.display()
            ));
        }
        written.push(path.display().to_string());
    }
    Ok(())
}
