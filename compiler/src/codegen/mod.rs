//! Stage 4, model -> artifacts: one module per target; [`generate_into`] hands every file to a
//! [`FileSink`] as it is made (the CLI streams them to disk), [`generate`] returns them all in
//! memory (the build API, the derive macros, tests).

pub mod annotations;
pub mod avro;
pub mod avro_binary;
pub mod datum;
pub mod delta;
pub mod iceberg;
pub mod json_encoding;
pub mod json_schema;
pub mod layout_vectors;
pub mod machine_vectors;
pub mod manifest;
pub(crate) mod migrations;
pub mod parquet;
pub mod python;
pub mod rust;
pub mod spark;
pub mod tables;
pub mod topic_vectors;
pub mod vectors;

use crate::facts::{Facts, TypeFacts};
use crate::ir::{LayoutDef, MachineDef, Model, TopicDef, TypeDef, TypeRef, TypeVersion};
use crate::output::{Collected, FileSink};
use crate::source::SourceMap;
use crate::table::Tables;
use rayon::prelude::*;
use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};

pub use crate::output::GeneratedFile;
pub use crate::ACCORD_VERSION;

/// The targets `accord gen` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// One `.avsc` per type version.
    Avro,
    /// One JSON Schema (draft 2020-12) per type version.
    JsonSchema,
    /// Sample values per type version, as canonical JSON and Avro single-object bytes, one
    /// file per type version (`vectors/`), with path and key vectors of layouts and topics.
    Vectors,
    /// Rust types with serde, Avro binary and `accord::Contract` impls (`rust/mod.rs`).
    Rust,
    /// A typed Python package (dataclasses, enums, JSON and Avro codecs) under `python/`.
    Python,
    /// Per record type version, the Iceberg schema, its default name mapping and its Avro
    /// schema with Iceberg field ids (`iceberg/`).
    Iceberg,
    /// Per record type version, the Spark `StructType` JSON (`spark/`).
    Spark,
    /// Per record type version, the Arrow schema of its Parquet files, with field ids and the
    /// stamp (`parquet/`).
    Parquet,
    /// Per record type version, the Delta table schema and the table properties its history
    /// requires (`delta/`).
    Delta,
}

impl Target {
    /// Every target, in generation order.
    pub const ALL: &'static [Target] = &[
        Target::Avro,
        Target::JsonSchema,
        Target::Vectors,
        Target::Rust,
        Target::Python,
        Target::Iceberg,
        Target::Spark,
        Target::Parquet,
        Target::Delta,
    ];

    /// The target's name on the command line and in `accord.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Avro => "avro",
            Target::JsonSchema => "jsonschema",
            Target::Vectors => "vectors",
            Target::Rust => "rust",
            Target::Python => "python",
            Target::Iceberg => "iceberg",
            Target::Spark => "spark",
            Target::Parquet => "parquet",
            Target::Delta => "delta",
        }
    }

    /// Whether the target renders the table schemas ([`crate::table`]).
    pub fn reads_tables(self) -> bool {
        matches!(
            self,
            Target::Python | Target::Iceberg | Target::Spark | Target::Parquet | Target::Delta
        )
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = String;

    fn from_str(name: &str) -> Result<Target, String> {
        Target::ALL
            .iter()
            .copied()
            .find(|t| t.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
                format!(
                    "unknown target `{name}` (targets: {}, all)",
                    names.join(", ")
                )
            })
    }
}

/// What generation reads: a model that passed every check, and where each type came from.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The valid model.
    pub model: &'a Model,
    /// The wire facts of every type version (computed once by [`crate::facts`]).
    pub facts: &'a Facts,
    /// The sources, for the "generated from" headers.
    pub sources: &'a SourceMap,
    /// Choices of the JSON Schema target.
    pub json_schema: json_schema::JsonSchemaOptions,
    /// Choices of the Python target.
    pub python: &'a python::PythonOptions,
    /// The table schemas of the record type versions, with the lock's field ids
    /// (`Compilation::tables`); when `None`, generation derives them from the model alone
    /// ([`tables::with_tables`]).
    pub tables: Option<&'a Tables>,
}

impl<'a> Input<'a> {
    /// The input for a valid model and its facts, with default target options.
    pub fn new(model: &'a Model, facts: &'a Facts, sources: &'a SourceMap) -> Input<'a> {
        Input {
            model,
            facts,
            sources,
            json_schema: json_schema::JsonSchemaOptions::default(),
            python: &DEFAULT_PYTHON,
            tables: None,
        }
    }

    /// The contract file a type is defined in, as shown to users.
    pub fn source_name(&self, def: &TypeDef) -> &str {
        &self.sources.file(def.span.file).name
    }

    /// The name of the file a topic is declared in.
    pub fn topic_source_name(&self, def: &TopicDef) -> &str {
        &self.sources.file(def.span.file).name
    }

    /// The name of the file a machine is declared in.
    pub fn machine_source_name(&self, def: &MachineDef) -> &str {
        &self.sources.file(def.span.file).name
    }

    /// The name of the file a layout is declared in.
    pub fn layout_source_name(&self, def: &LayoutDef) -> &str {
        &self.sources.file(def.span.file).name
    }

    /// The wire facts of a type version of the valid model. Every type version of a model that
    /// passed `check` has them (a failed projection is an error, `V020`/`V021`); a reference
    /// outside the model has none.
    pub fn facts_of(&self, reference: &TypeRef) -> Option<&'a TypeFacts> {
        self.facts.get(reference)
    }

    /// The CRC-64-AVRO fingerprint of a type version as 16 hex digits (empty for a reference
    /// without facts, which a model that passed `check` does not have).
    pub fn fingerprint_hex(&self, reference: &TypeRef) -> String {
        self.facts_of(reference)
            .map(TypeFacts::fingerprint_hex)
            .unwrap_or_default()
    }

    /// The definition hash (`sha256:…`) of a type version (empty for a reference without
    /// facts, which a model that passed `check` does not have).
    pub fn definition(&self, reference: &TypeRef) -> String {
        self.facts_of(reference)
            .map(|f| f.definition.clone())
            .unwrap_or_default()
    }

    /// The one-line notice every generated file carries.
    pub fn header(&self, def: &TypeDef, version: &TypeVersion) -> String {
        format!(
            "@generated by accord {ACCORD_VERSION} from {} ({} version {}). Do not edit.",
            self.source_name(def),
            def.name,
            version.number
        )
    }
}

static DEFAULT_PYTHON: std::sync::LazyLock<python::PythonOptions> =
    std::sync::LazyLock::new(python::PythonOptions::default);

/// The reference to a type version.
pub fn type_ref(def: &TypeDef, version: &TypeVersion) -> TypeRef {
    TypeRef {
        name: def.name.clone(),
        version: version.number,
    }
}

/// The file stem of a type version: `Order.v2` for versioned types, `Money` otherwise.
pub fn file_stem(def: &TypeDef, version: &TypeVersion) -> String {
    if def.versioned {
        format!("{}.v{}", def.name.name, version.number)
    } else {
        def.name.name.clone()
    }
}

/// The name a version of a layout or machine wants in generated code: `NameV2`, or `Name`
/// when unversioned (before escaping and de-duplication by each target's namer).
pub(crate) fn version_name(name: &crate::ir::FullName, versioned: bool, number: u32) -> String {
    if versioned {
        format!("{}V{}", name.name, number)
    } else {
        name.name.clone()
    }
}

/// Whether this runs inside a procedural macro (`include_contracts!`), where token streams
/// belong to the compiler's thread: generation there stays on the calling thread.
pub(crate) fn in_proc_macro() -> bool {
    proc_macro::is_available()
}

/// `f` of every type version of the model, in model order, computed on every core (on the
/// calling thread inside a procedural macro).
pub(crate) fn map_versions<T: Send>(
    input: Input,
    f: impl Fn(&TypeDef, &TypeVersion) -> T + Sync,
) -> Vec<T> {
    let versions: Vec<(&TypeDef, &TypeVersion)> = input.model.type_versions().collect();
    let apply = |(def, version): &(&TypeDef, &TypeVersion)| f(def, version);
    if in_proc_macro() {
        versions.iter().map(apply).collect()
    } else {
        versions.par_iter().map(apply).collect()
    }
}

/// The directory of a package: `shop/orders` for `shop.orders`.
pub fn package_dir(package: &str) -> String {
    package.replace('.', "/")
}

/// Generates every file of the given targets, sorted by path, and the manifest
/// (`accord-manifest.json`) that traces each file to its contract version.
pub fn generate(input: Input, targets: &[Target]) -> Vec<GeneratedFile> {
    let collected = Collected::default();
    generate_into(input, targets, &collected);
    let mut files = collected.into_files();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Generates like [`generate`], handing every file to `sink` as soon as it is made, the
/// manifest last; only the paths are kept for the manifest, so a sink that writes them out (see
/// [`crate::output::Staging`]) keeps memory to what a target holds at once.
pub fn generate_into(input: Input, targets: &[Target], sink: &dyn FileSink) {
    if input.tables.is_none() && targets.iter().any(|t| t.reads_tables()) {
        return tables::with_tables(input, |input| generate_into(input, targets, sink));
    }
    let produce = |target: &Target| -> Vec<manifest::Produced> {
        let recorder = Recorder {
            sink,
            produced: Mutex::default(),
        };
        target_files(input, *target, &recorder);
        recorder
            .produced
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    };
    let per_target: Vec<Vec<manifest::Produced>> = if in_proc_macro() {
        targets.iter().map(produce).collect()
    } else {
        targets.par_iter().map(produce).collect()
    };
    let produced: Vec<manifest::Produced> = per_target.into_iter().flatten().collect();
    sink.put(manifest::manifest(input, &produced));
}

/// Passes files on to a sink, noting what the manifest needs of each, in the order they came.
struct Recorder<'a> {
    sink: &'a dyn FileSink,
    produced: Mutex<Vec<manifest::Produced>>,
}

impl FileSink for Recorder<'_> {
    fn put(&self, file: GeneratedFile) {
        let produced = manifest::Produced::of(&file);
        self.produced
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(produced);
        self.sink.put(file);
    }
}

/// Passes files on to a sink with `prefix` put before their paths.
struct Prefixed<'a> {
    prefix: &'a str,
    sink: &'a dyn FileSink,
}

impl FileSink for Prefixed<'_> {
    fn put(&self, mut file: GeneratedFile) {
        file.path.insert_str(0, self.prefix);
        self.sink.put(file);
    }
}

/// Makes the files of one target into `sink`. Targets are independent, so [`generate_into`] runs
/// them on every core; within a target, files come in a deterministic order.
fn target_files(input: Input, target: Target, sink: &dyn FileSink) {
    let put_all = |files: Vec<GeneratedFile>| files.into_iter().for_each(|file| sink.put(file));
    match target {
        Target::Avro => avro::files(input, sink),
        Target::JsonSchema => json_schema::files(input, sink),
        Target::Vectors => {
            vectors::files(input, sink);
            put_all(layout_vectors::files(input));
            put_all(topic_vectors::files(input));
            put_all(machine_vectors::files(input));
        }
        Target::Rust => rust::files_into(
            input,
            &Prefixed {
                prefix: "rust/",
                sink,
            },
        ),
        Target::Python => python::files_into(input, sink),
        Target::Iceberg => iceberg::files(input, sink),
        Target::Spark => spark::files(input, sink),
        Target::Parquet => parquet::files(input, sink),
        Target::Delta => delta::files(input, sink),
    }
}
