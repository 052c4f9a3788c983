//! The driver: finds the project, loads every contract file, and runs the stages
//! parse -> resolve -> validate, collecting every diagnostic on the way.

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::{self, Model, ParsedFile};
use crate::source::SourceMap;
use crate::{syntax, validate};
use std::io;
use std::path::{Path, PathBuf};

/// Where a project lives and how it is configured.
#[derive(Debug, Clone)]
pub struct Project {
    /// The directory holding `accord.toml` (or the directory given, when there is none).
    pub root: PathBuf,
    /// The configuration (defaults when there is no `accord.toml`).
    pub config: Config,
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
    /// Every diagnostic, sorted, after `[rules]` overrides.
    pub diagnostics: Vec<Diagnostic>,
    /// The contract files read, in order.
    pub files: Vec<PathBuf>,
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
    let files = contract_files(&project.schemas_dir)?;
    let mut inputs = Vec::with_capacity(files.len());
    for path in &files {
        let text = std::fs::read_to_string(path).map_err(|e| LoadError::Io(path.clone(), e))?;
        inputs.push((display_name(&project.root, path), path.clone(), text));
    }
    Ok(compile_inputs(project, sources, inputs))
}

/// Checks contracts held in memory, without touching the file system: `files` are
/// `(name, text)` pairs, in the order given; each name is shown in diagnostics and doubles as
/// the file's path. The project root and contracts directory are empty paths.
///
/// This is the path [`compile_project`] takes once it has read the files, so both report
/// exactly the same diagnostics for the same texts.
pub fn compile_sources(files: Vec<(String, String)>, config: Config) -> Compilation {
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
    compile_inputs(project, SourceMap::new(), inputs)
}

/// Parses, resolves and validates `(display name, path, text)` inputs.
fn compile_inputs(
    project: Project,
    mut sources: SourceMap,
    inputs: Vec<(String, PathBuf, String)>,
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
    validate::validate(&model, &mut diagnostics);
    let diagnostics = project.config.apply_rules(diagnostics.into_sorted());
    Compilation {
        project,
        sources,
        model,
        diagnostics,
        files,
    }
}

/// Finds `accord.toml` at `start` or above it; without one, `start` is the contracts directory.
pub fn find_project(start: &Path, sources: &mut SourceMap) -> Result<Project, LoadError> {
    let start = if start.is_file() && start.file_name().is_some_and(|n| n == CONFIG_FILE) {
        start.parent().unwrap_or(Path::new(".")).to_path_buf()
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
            config: Config::default(),
            schemas_dir: start,
        }),
    }
}

fn load_config(root: &Path, sources: &mut SourceMap) -> Result<Project, LoadError> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| LoadError::Io(path.clone(), e))?;
    let file = sources.add(CONFIG_FILE, &path, text);
    let config = match Config::parse(&sources.file(file).text, file) {
        Ok(config) => config,
        Err(diagnostic) => {
            return Err(LoadError::Config(
                Box::new(sources.clone()),
                Box::new(diagnostic),
            ))
        }
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
fn display_name(root: &Path, path: &Path) -> String {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let relative = absolute.strip_prefix(&root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
