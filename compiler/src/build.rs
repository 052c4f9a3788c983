//! The build-script API: generate Rust for the contracts of a project from `build.rs`.
//!
//! ```no_run
//! // build.rs: the body of `fn main`
//! accord_compiler::Config::new().compile().expect("contracts compile");
//! ```
//!
//! ```text
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/accord/mod.rs"));
//! ```
//!
//! [`Config::compile`] finds `accord.toml` from `CARGO_MANIFEST_DIR` upward (or uses the
//! directory given to [`Config::schemas`]), checks the contracts, writes the generated files
//! under `<out_dir>/accord/` (only those whose content changed), and prints
//! `cargo:rerun-if-changed` for every input: each contract file, the contracts directory (for
//! added and removed files), `accord.toml` and `accord.lock`. [`Config::generate`] does the same
//! work in memory, writing and printing nothing.

use crate::codegen::{rust, GeneratedFile, Input};
use crate::config::{ProjectConfig, CONFIG_FILE};
use crate::diagnostic::{render_human, ColorChoice};
use crate::ir::{FullName, Model, Type, TypeDef};
use crate::lock::LOCK_FILE;
use crate::project::{compile_project, Project};
use crate::source::SourceMap;
use crate::Compilation;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// The directory under the output directory that holds the generated module tree.
pub const OUT_SUBDIR: &str = "accord";

/// Settings of Rust generation from a build script, in the style of `prost_build::Config`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    project: Option<PathBuf>,
    schemas: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    packages: Vec<String>,
}

/// What [`Config::generate`] produced: the files (paths relative to `<out_dir>/accord/`) and
/// every input read.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The generated files; `mod.rs` is the root.
    pub files: Vec<GeneratedFile>,
    /// Every file and directory the output depends on.
    pub inputs: Vec<PathBuf>,
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The project could not be read.
    Load(crate::LoadError),
    /// The contracts have errors (rendered diagnostics).
    Contracts(String),
    /// No output directory: neither [`Config::out_dir`] nor `$OUT_DIR`.
    NoOutDir,
    /// No project: neither [`Config::schemas`] nor `CARGO_MANIFEST_DIR`.
    NoProject,
    /// Writing the files failed.
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Load(error) => write!(f, "{error}"),
            Error::Contracts(rendered) => write!(f, "the contracts have errors:\n{rendered}"),
            Error::NoOutDir => f.write_str(
                "no output directory: set `out_dir` or run from a build script ($OUT_DIR)",
            ),
            Error::NoProject => f.write_str(
                "no project: set `schemas` or run from a build script ($CARGO_MANIFEST_DIR)",
            ),
            Error::Io(error) => write!(f, "cannot write generated files: {error}"),
        }
    }
}

impl std::error::Error for Error {}

/// Generates Rust for the project found from `CARGO_MANIFEST_DIR` into `$OUT_DIR/accord/`:
/// the one-line build script.
///
/// ```no_run
/// // build.rs: the body of `fn main`
/// accord_compiler::compile_rust().unwrap();
/// ```
pub fn compile() -> Result<(), Error> {
    Config::new().compile()
}

impl Config {
    /// The default settings: the project of `accord.toml` found from `CARGO_MANIFEST_DIR`
    /// upward, every package, output in `$OUT_DIR`.
    pub fn new() -> Config {
        Config::default()
    }

    /// Uses the contracts of this directory (searched recursively, default settings) instead
    /// of finding `accord.toml`.
    ///
    /// ```no_run
    /// accord_compiler::Config::new().schemas("contracts").compile().unwrap();
    /// ```
    pub fn schemas(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.schemas = Some(dir.into());
        self
    }

    /// Uses the project of the `accord.toml` found at `dir` or above it (instead of from
    /// `CARGO_MANIFEST_DIR`), with its settings.
    ///
    /// ```no_run
    /// accord_compiler::Config::new().project("../contracts").compile().unwrap();
    /// ```
    pub fn project(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.project = Some(dir.into());
        self
    }

    /// Writes under this directory (in its `accord/` subdirectory) instead of `$OUT_DIR`.
    ///
    /// ```no_run
    /// accord_compiler::Config::new().out_dir("src/generated").compile().unwrap();
    /// ```
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates only this package and the packages below it (`shop.orders` also takes
    /// `shop.orders.internal`), plus every package their types refer to. Repeatable; without
    /// it every package is generated.
    ///
    /// ```no_run
    /// accord_compiler::Config::new()
    ///     .package("shop.orders")
    ///     .package("shop.payments")
    ///     .compile()
    ///     .unwrap();
    /// ```
    pub fn package(&mut self, package: impl Into<String>) -> &mut Self {
        self.packages.push(package.into());
        self
    }

    /// Checks the contracts and generates the files in memory; writes and prints nothing.
    ///
    /// ```
    /// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas");
    /// let generated = accord_compiler::Config::new().schemas(dir).generate().unwrap();
    /// assert!(generated.files.iter().any(|f| f.path == "mod.rs"));
    /// assert!(generated.files.iter().any(|f| f.path == "shop/orders.rs"));
    /// ```
    pub fn generate(&self) -> Result<Generated, Error> {
        let compilation = self.load()?;
        let inputs = inputs(&compilation);
        let Some(model) = compilation.valid_model() else {
            let rendered = render_human(
                &compilation.sources,
                &compilation.diagnostics,
                ColorChoice::Never,
            );
            return Err(Error::Contracts(rendered));
        };
        let model = self.select(model);
        let input = Input {
            json_schema: crate::codegen::json_schema::JsonSchemaOptions {
                additional_properties: compilation
                    .project
                    .config
                    .gen
                    .jsonschema
                    .additional_properties,
            },
            ..Input::new(&model, &compilation.facts, &compilation.sources)
        };
        Ok(Generated {
            files: rust::files(input),
            inputs,
        })
    }

    /// Generates and writes the files under `<out_dir>/accord/` (only those that changed), and
    /// prints `cargo:rerun-if-changed` for every input.
    pub fn compile(&self) -> Result<(), Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::NoOutDir)?,
        };
        let result = self.generate();
        // Even on error, rerun when an input changes (so fixing a contract rebuilds).
        let inputs = match &result {
            Ok(generated) => generated.inputs.clone(),
            Err(_) => self.load().map(|c| inputs(&c)).unwrap_or_default(),
        };
        for input in &inputs {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let generated = result?;
        crate::output::write_all(&out_dir.join(OUT_SUBDIR), &generated.files).map_err(Error::Io)?;
        Ok(())
    }

    fn load(&self) -> Result<Compilation, Error> {
        if let Some(dir) = &self.project {
            return crate::compile(dir).map_err(Error::Load);
        }
        match &self.schemas {
            Some(dir) => {
                let project = Project {
                    root: dir.clone(),
                    config: ProjectConfig::default(),
                    schemas_dir: dir.clone(),
                };
                compile_project(project, SourceMap::new()).map_err(Error::Load)
            }
            None => {
                let start = std::env::var_os("CARGO_MANIFEST_DIR").ok_or(Error::NoProject)?;
                crate::compile(Path::new(&start)).map_err(Error::Load)
            }
        }
    }

    /// The model restricted to the selected packages and what they refer to.
    fn select(&self, model: &Model) -> Model {
        if self.packages.is_empty() {
            return model.clone();
        }
        let selected = |package: &str| {
            self.packages.iter().any(|p| {
                package == p
                    || package
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('.'))
            })
        };
        let mut keep: BTreeSet<FullName> = BTreeSet::new();
        let mut pending: Vec<FullName> = model
            .types
            .keys()
            .filter(|n| selected(&n.package))
            .cloned()
            .collect();
        while let Some(name) = pending.pop() {
            if !keep.insert(name.clone()) {
                continue;
            }
            if let Some(def) = model.types.get(&name) {
                pending.extend(references(def));
            }
        }
        let mut packages: BTreeSet<String> = keep.iter().map(|n| n.package.clone()).collect();
        packages.extend(self.packages.iter().cloned());
        Model {
            types: model
                .types
                .iter()
                .filter(|(name, _)| packages.contains(&name.package) || keep.contains(*name))
                .map(|(n, d)| (n.clone(), d.clone()))
                .collect(),
            // Layouts, topics and machines of the packages kept (they refer to types, not the
            // reverse).
            layouts: model
                .layouts
                .iter()
                .filter(|(name, _)| packages.contains(&name.package))
                .map(|(n, d)| (n.clone(), d.clone()))
                .collect(),
            topics: model
                .topics
                .iter()
                .filter(|(name, _)| packages.contains(&name.package))
                .map(|(n, d)| (n.clone(), d.clone()))
                .collect(),
            machines: model
                .machines
                .iter()
                .filter(|(name, _)| packages.contains(&name.package))
                .map(|(n, d)| (n.clone(), d.clone()))
                .collect(),
        }
    }
}

/// Every type a definition refers to.
fn references(def: &TypeDef) -> Vec<FullName> {
    fn walk(ty: &Type, out: &mut Vec<FullName>) {
        match ty {
            Type::List(inner) | Type::Map(inner) | Type::Optional(inner, _) => walk(inner, out),
            Type::Union(branches) => branches.iter().for_each(|b| walk(b, out)),
            Type::Named(reference) => out.push(reference.name.clone()),
            Type::Scalar(_) | Type::Decimal(_) => {}
        }
    }
    let mut out = Vec::new();
    for version in &def.versions {
        match &version.body {
            crate::ir::Body::Record(fields) => fields.iter().for_each(|f| walk(&f.ty, &mut out)),
            crate::ir::Body::Newtype(inner) => walk(inner, &mut out),
            _ => {}
        }
    }
    out
}

/// The files and directories a compilation read: contract files, the contracts directory,
/// `accord.toml` and `accord.lock` when present.
fn inputs(compilation: &Compilation) -> Vec<PathBuf> {
    let project = &compilation.project;
    let mut inputs = vec![project.schemas_dir.clone()];
    inputs.extend(compilation.files.iter().cloned());
    for name in [CONFIG_FILE, LOCK_FILE] {
        let path = project.root.join(name);
        if path.is_file() {
            inputs.push(path);
        }
    }
    inputs
}
