//! `accord check`: parse, resolve and validate every contract; report every diagnostic.

use super::{Format, Output, ProjectArg, EXIT_ERRORS, EXIT_OK};
use crate::compat::engines::{self, parse_engines, Engine};
use crate::diagnostic::{render_json, Severity};
use crate::Compilation;
use serde_json::json;

/// Arguments of `accord check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub(super) project: ProjectArg,
    /// Also refuse edits and removals of versions that exist in another tree: a git revision
    /// (e.g. `origin/main`) or a directory.
    #[arg(long, value_name = "REV_OR_DIR")]
    against: Option<String>,
    /// Also report what every change does in an engine (`iceberg-v2`, `spark-3.5`, `spark-4.0`,
    /// `parquet`, `delta`, `avro`, or `all`), besides `[engines] targets` of accord.toml.
    #[arg(long = "engine", value_name = "ENGINE", value_parser = engine_name)]
    engines: Vec<String>,
}

/// Accepts the name of an engine, or `all`.
fn engine_name(name: &str) -> Result<String, String> {
    parse_engines([name]).map(|_| name.to_owned())
}

pub(super) fn run(args: &CheckArgs, output: &Output) -> i32 {
    let mut compilation = match crate::compile(&args.project.path) {
        Ok(compilation) => compilation,
        Err(error) => return output.load_error(error),
    };
    if let Some(against) = &args.against {
        match crate::project::compile_other_tree(&compilation.project, against) {
            Ok(other) => compilation.check_against(&other, against),
            Err(message) => {
                eprintln!("error: {message}");
                return super::EXIT_USAGE;
            }
        }
    }
    let configured = compilation.project.config.engines.clone();
    let asked = parse_engines(args.engines.iter().map(String::as_str)).unwrap_or_default();
    let extra: Vec<Engine> = asked
        .into_iter()
        .filter(|e| !configured.contains(e))
        .collect();
    compilation.check_engines(&extra);
    let mut engines: Vec<Engine> = configured.into_iter().chain(extra).collect();
    engines.sort();
    let summary = Summary::of(&compilation);
    match output.format {
        Format::Human => {
            output.print_diagnostics(&compilation.sources, &compilation.diagnostics);
            eprintln!("{}", summary.line());
        }
        Format::Json => {
            let diagnostics = render_json(&compilation.sources, &compilation.diagnostics);
            let mut report = json!({
                "files": summary.files,
                "types": summary.types,
                "versions": summary.versions,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "diagnostics": diagnostics,
            });
            if !engines.is_empty() {
                report["engines"] = engine_matrix(&compilation, &engines);
            }
            println!("{report:#}");
        }
    }
    let code = if compilation.has_errors() {
        EXIT_ERRORS
    } else {
        EXIT_OK
    };
    super::free_at_exit(compilation);
    code
}

/// The verdicts of `engines` on every change, as JSON (empty when the contracts have errors).
fn engine_matrix(compilation: &Compilation, engines: &[Engine]) -> serde_json::Value {
    if compilation.has_contract_errors() {
        return engines::to_json(&[], engines);
    }
    let tables = compilation.tables();
    let assessments = engines::assess(&compilation.model, &compilation.facts, &tables, engines);
    engines::to_json(&assessments, engines)
}

struct Summary {
    files: usize,
    types: usize,
    versions: usize,
    errors: usize,
    warnings: usize,
}

impl Summary {
    fn of(compilation: &Compilation) -> Summary {
        let count = |s| {
            compilation
                .diagnostics
                .iter()
                .filter(|d| d.severity == s)
                .count()
        };
        Summary {
            files: compilation.files.len(),
            types: compilation.model.types.len(),
            versions: compilation.model.type_versions().count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }

    fn line(&self) -> String {
        let verdict = if self.errors > 0 { "failed" } else { "ok" };
        format!(
            "check {verdict}: {} files, {} types, {} type versions; {} errors, {} warnings",
            self.files, self.types, self.versions, self.errors, self.warnings
        )
    }
}
