//! The driver: finds the project, loads every contract file, and runs the stages
//! parse -> resolve -> validate -> wire facts -> compatibility and lock, collecting every
//! diagnostic on the way.

use crate::compat::engines::{self, Engine};
use crate::config::{ProjectConfig, CONFIG_FILE};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::facts::Facts;
use crate::field_ids::FieldIds;
use crate::ir::{self, Model, ParsedFile};
use crate::lock::{self, Baseline};
use crate::source::{FileId, SourceMap, Span};
use crate::table::Tables;
use crate::{compat, syntax, validate};
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

/// Where a project lives and how it is configured.
#[derive(Debug, Clone)]
pub struct Project {
    /// The directory holding `accord.toml` (or the directory given, when there is none).
    pub root: PathBuf,
    /// The configuration (defaults when there is no `accord.toml`).
    pub config: ProjectConfig,
    /// The directory of contract files.
    pub schemas_dir: PathBuf,
}

/// The outcome of loading a project: everything that was built, and every diagnostic.
#[derive(Debug)]
pub struct Compilation {
    /// The project compiled.
    pub project: Project,
    /// Every file read (contracts and `accord.toml`).
    pub sources: SourceMap,
    /// The model, possibly partial when there are errors.
    pub model: Model,
    /// The wire facts (Avro schema, fingerprints, definition hash) of every type version whose
    /// projection succeeded, computed once.
    pub facts: Facts,
    /// Every diagnostic, sorted, after `[rules]` overrides.
    pub diagnostics: Vec<Diagnostic>,
    /// The contract files read, in order.
    pub files: Vec<PathBuf>,
    /// The type versions `accord.lock` records (empty without a lock).
    pub released: lock::Releases,
}

impl Compilation {
    /// Whether any error was found.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The model, when it passed every check: the input of generators and the compatibility engine.
    pub fn valid_model(&self) -> Option<&Model> {
        (!self.has_errors()).then_some(&self.model)
    }
}

/// An error that stops the run before any diagnostic can be made (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    /// A file or directory could not be read.
    Io(PathBuf, io::Error),
    /// `accord.toml` is invalid; the diagnostic points into it.
    Config(Box<SourceMap>, Box<Diagnostic>),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(path, error) => write!(f, "cannot read {}: {error}", path.display()),
            LoadError::Config(_, diagnostic) => {
                write!(f, "invalid {CONFIG_FILE}: {}", diagnostic.message)
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Loads and checks the project at `start` (a directory, `accord.toml`, or a contracts directory).
pub fn compile(start: &Path) -> Result<Compilation, LoadError> {
    let mut sources = SourceMap::new();
    let project = find_project(start, &mut sources)?;
    compile_project(project, sources)
}

/// Checks an already located project; `sources` may already hold `accord.toml`.
pub fn compile_project(project: Project, sources: SourceMap) -> Result<Compilation, LoadError> {
    compile_project_with(project, sources, &HashMap::new(), None)
}

/// Checks contracts held in memory, without touching the file system: `files` are
/// `(name, text)` pairs, in the order given; each name is shown in diagnostics and doubles as
/// the file's path. The project root and contracts directory are empty paths.
///
/// This is the path [`compile_project`] takes once it has read the files, so both report
/// exactly the same diagnostics for the same texts.
pub fn compile_sources(files: Vec<(String, String)>, config: ProjectConfig) -> Compilation {
    let project = Project {
        root: PathBuf::new(),
        config,
        schemas_dir: PathBuf::new(),
    };
    let inputs = files
        .into_iter()
        .map(|(name, text)| {
            let path = PathBuf::from(&name);
            (name, path, text)
        })
        .collect();
    compile_inputs(project, SourceMap::new(), inputs, None)
}

/// Parses, resolves and validates `(display name, path, text)` inputs; `earlier` is an earlier
/// compilation's facts table, which [`Facts::build`] may take unchanged versions' facts from.
fn compile_inputs(
    project: Project,
    mut sources: SourceMap,
    inputs: Vec<(String, PathBuf, String)>,
    earlier: Option<&Facts>,
) -> Compilation {
    let mut diagnostics = Diagnostics::new();
    let mut parsed = Vec::with_capacity(inputs.len());
    let mut files = Vec::with_capacity(inputs.len());
    for (name, path, text) in inputs {
        let file = sources.add(name, &path, text);
        let ast = syntax::parse(file, &sources.file(file).text, &mut diagnostics);
        parsed.push(ParsedFile { file, ast });
        files.push(path);
    }
    let model = ir::lower(&parsed, &mut diagnostics);
    drop(parsed); // the syntax trees are not read after lowering: free them before the facts
    validate::validate(&model, &mut diagnostics);
    crate::layout::validate(&model, &mut diagnostics);
    crate::topic::validate(&model, &mut diagnostics);
    crate::machine::validate(&model, &mut diagnostics);
    let facts = Facts::build(&model, &mut diagnostics, earlier);
    if !diagnostics.has_errors() {
        let mode = project.config.default_compat;
        compat::check(&model, &facts, mode, &mut diagnostics);
        crate::layout::check_compat(&model, &facts, mode, &mut diagnostics);
        crate::topic::check_compat(&model, &facts, mode, &mut diagnostics);
        crate::machine::check_compat(&model, mode, &mut diagnostics);
    }
    let diagnostics = project.config.apply_rules(diagnostics.into_sorted());
    Compilation {
        project,
        sources,
        model,
        facts,
        diagnostics,
        files,
        released: lock::Releases::new(),
    }
}

/// Compiles another tree (`--against`): a directory, or a git revision of the repository
/// holding the project. The other tree must check without errors.
pub fn compile_other_tree(project: &Project, against: &str) -> Result<Compilation, String> {
    let as_dir = Path::new(against);
    let other = if as_dir.is_dir() {
        compile(as_dir).map_err(|e| e.to_string())?
    } else {
        let checkout = checkout_revision(&project.root, against)?;
        let relative = project_path_in_repository(&project.root)?;
        let compiled = compile(&checkout.path().join(relative));
        compiled.map_err(|e| e.to_string())?
    };
    if other.has_errors() {
        return Err(format!(
            "the tree checked against ({against}) has errors; fix or choose another"
        ));
    }
    Ok(other)
}

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Extracts `revision` of the git repository around `root` into a temporary directory.
fn checkout_revision(root: &Path, revision: &str) -> Result<TempDir, String> {
    let unique = format!(
        "accord-against-{}-{}",
        std::process::id(),
        revision.replace(['/', '\\', '.'], "_")
    );
    let dir = TempDir(std::env::temp_dir().join(unique));
    std::fs::create_dir_all(dir.path()).map_err(|e| e.to_string())?;
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    let archive = std::process::Command::new("git")
        .args(["-C", top.trim(), "archive", "--format=tar", revision])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !archive.status.success() {
        return Err(format!(
            "`{revision}` is neither a directory nor a git revision: {}",
            String::from_utf8_lossy(&archive.stderr).trim()
        ));
    }
    let mut tar = std::process::Command::new("tar")
        .args(["-x", "-C"])
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if let Some(stdin) = tar.stdin.as_mut() {
        std::io::Write::write_all(stdin, &archive.stdout).map_err(|e| e.to_string())?;
    }
    let status = tar.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("tar could not extract the revision".to_string());
    }
    Ok(dir)
}

/// The project root relative to the top of its git repository.
fn project_path_in_repository(root: &Path) -> Result<PathBuf, String> {
    let prefix = git(root, &["rev-parse", "--show-prefix"])?;
    Ok(PathBuf::from(prefix.trim()))
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

impl Compilation {
    /// Adds the findings of a comparison with another tree (`--against`, named `label`). The
    /// other tree's files that diagnostics point into are added to this compilation's sources.
    pub fn check_against(&mut self, other: &Compilation, label: &str) {
        let mut imported: HashMap<FileId, FileId> = HashMap::new();
        let mut releases = lock::releases(&other.model, &other.facts);
        let mut layouts = lock::layout_releases(&other.model);
        let mut machines = lock::machine_releases(&other.model);
        let all = releases.values_mut().chain(layouts.values_mut());
        for release in all.chain(machines.values_mut()) {
            release.span = release.span.map(|span| {
                let file = *imported.entry(span.file).or_insert_with(|| {
                    let source = other.sources.file(span.file);
                    let name = format!("{label}:{}", source.name);
                    self.sources.add(name, &source.path, source.text.clone())
                });
                Span { file, ..span }
            });
        }
        let mut diagnostics = Diagnostics::new();
        lock::check(
            &self.model,
            &self.facts,
            &releases,
            Baseline::Against,
            &mut diagnostics,
        );
        lock::check_layouts(&self.model, &layouts, Baseline::Against, &mut diagnostics);
        lock::check_machines(&self.model, &machines, Baseline::Against, &mut diagnostics);
        self.add(diagnostics);
    }

    /// Compares the model with `accord.lock` beside `accord.toml`, when there is one.
    fn check_lock(&mut self) -> Result<(), LoadError> {
        let path = self.project.root.join(lock::LOCK_FILE);
        if !path.is_file() {
            return Ok(());
        }
        let text = std::fs::read_to_string(&path).map_err(|e| LoadError::Io(path.clone(), e))?;
        let file = self.sources.add(lock::LOCK_FILE, &path, text);
        let mut diagnostics = Diagnostics::new();
        match lock::parse(&self.sources.file(file).text, file) {
            Ok(recorded) => {
                self.released = recorded.types.clone();
                lock::check(
                    &self.model,
                    &self.facts,
                    &recorded.types,
                    Baseline::Lock,
                    &mut diagnostics,
                );
                lock::check_layouts(
                    &self.model,
                    &recorded.layouts,
                    Baseline::Lock,
                    &mut diagnostics,
                );
                lock::check_machines(
                    &self.model,
                    &recorded.machines,
                    Baseline::Lock,
                    &mut diagnostics,
                );
            }
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
        self.add(diagnostics);
        Ok(())
    }

    /// Whether any error was found besides the engines' verdicts: the contracts themselves are
    /// wrong, and engine verdicts on them mean nothing.
    pub fn has_contract_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.is_error() && !d.code.is_engine())
    }

    /// The field ids of every record type version: the lock's for released versions, derived
    /// for the others.
    pub fn field_ids(&self) -> FieldIds {
        lock::field_ids(&self.model, &self.released)
    }

    /// The table schema of every record type version (see [`crate::table`]).
    pub fn tables(&self) -> Tables {
        Tables::build(&self.model, &self.field_ids())
    }

    /// Adds the findings of `engines` on every change between consecutive versions (nothing
    /// when the contracts have errors, or no engine is asked for).
    pub fn check_engines(&mut self, engines: &[Engine]) {
        if engines.is_empty() || self.has_contract_errors() {
            return;
        }
        let tables = self.tables();
        let assessments = engines::assess(&self.model, &self.facts, &tables, engines);
        let mut diagnostics = Diagnostics::new();
        engines::diagnostics(&assessments, &mut diagnostics);
        self.add(diagnostics);
    }

    /// Merges diagnostics of a later check, applying the `[rules]` overrides.
    fn add(&mut self, diagnostics: Diagnostics) {
        let mut all = std::mem::take(&mut self.diagnostics);
        all.extend(self.project.config.apply_rules(diagnostics.into_sorted()));
        all.sort_by_key(|d| (d.primary.span, d.code));
        self.diagnostics = all;
    }
}

/// Finds `accord.toml` at `start` or above it; without one, `start` is the contracts directory.
pub fn find_project(start: &Path, sources: &mut SourceMap) -> Result<Project, LoadError> {
    let start = if start.is_file() && start.file_name().is_some_and(|n| n == CONFIG_FILE) {
        // `accord.toml` given bare has the empty path as its parent: the current directory.
        let parent = start.parent().filter(|p| !p.as_os_str().is_empty());
        parent.unwrap_or(Path::new(".")).to_path_buf()
    } else {
        start.to_path_buf()
    };
    if !start.is_dir() {
        let error = io::Error::new(io::ErrorKind::NotFound, "not a directory");
        return Err(LoadError::Io(start, error));
    }
    let absolute = std::fs::canonicalize(&start).map_err(|e| LoadError::Io(start.clone(), e))?;
    match absolute
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
    {
        Some(root) => load_config(root, sources),
        None => Ok(Project {
            root: start.clone(),
            config: ProjectConfig::default(),
            schemas_dir: start,
        }),
    }
}

fn load_config(root: &Path, sources: &mut SourceMap) -> Result<Project, LoadError> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| LoadError::Io(path.clone(), e))?;
    let file = sources.add(CONFIG_FILE, &path, text);
    let config = match ProjectConfig::parse(&sources.file(file).text, file) {
        Ok(config) => config,
        Err(diagnostic) => return Err(LoadError::Config(Box::new(sources.clone()), diagnostic)),
    };
    Ok(Project {
        root: root.to_path_buf(),
        schemas_dir: root.join(&config.schemas),
        config,
    })
}

/// Every `*.accord` file under `dir`, sorted by path so runs are deterministic.
pub fn contract_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).map_err(|e| LoadError::Io(current.clone(), e))?;
        for entry in entries {
            let path = entry.map_err(|e| LoadError::Io(current.clone(), e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "accord") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The path shown in diagnostics: relative to the project root, with `/` separators.
pub fn display_name(root: &Path, path: &Path) -> String {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let relative = absolute.strip_prefix(&root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Checks an already located project like [`compile_project`], taking the text of each contract
/// file from `open` when it holds the file's path (an editor's unsaved buffer; paths as
/// [`contract_files`] lists them) and from disk otherwise. `earlier`, the facts of an earlier
/// compilation of the project, speeds up a compilation after an edit without changing it (see
/// [`Facts::build`]).
pub fn compile_project_with(
    project: Project,
    sources: SourceMap,
    open: &HashMap<PathBuf, String>,
    earlier: Option<&Facts>,
) -> Result<Compilation, LoadError> {
    let files = contract_files(&project.schemas_dir)?;
    let mut inputs = Vec::with_capacity(files.len());
    for path in &files {
        let text = match open.get(path) {
            Some(text) => text.clone(),
            None => std::fs::read_to_string(path).map_err(|e| LoadError::Io(path.clone(), e))?,
        };
        inputs.push((display_name(&project.root, path), path.clone(), text));
    }
    let mut compilation = compile_inputs(project, sources, inputs, earlier);
    compilation.check_lock()?;
    let engines = compilation.project.config.engines.clone();
    compilation.check_engines(&engines);
    Ok(compilation)
}
