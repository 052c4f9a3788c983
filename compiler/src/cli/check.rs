//! `accord check`: parse, resolve and validate every contract; report every diagnostic.

use super::ci::{self, CheckFormat};
use super::fix::{fix_project, Failure, Fixed};
use super::{Format, Output, EXIT_ERRORS, EXIT_OK};
use crate::compat::engines::{self, parse_engines, Engine};
use crate::diagnostic::{render_github, render_json, ColorChoice, Severity};
use crate::Compilation;
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `accord check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Project directory (with accord.toml, found upward), accord.toml itself, or a directory of
    /// .accord files.
    #[arg(default_value = ".")]
    path: PathBuf,
    /// Output format of diagnostics and the report (`github` and `sarif` are for CI).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Also refuse edits and removals of versions that exist in another tree: a git revision
    /// (e.g. `origin/main`) or a directory.
    #[arg(long, value_name = "REV_OR_DIR")]
    against: Option<String>,
    /// Also report what every change does in an engine (`iceberg-v2`, `spark-3.5`, `spark-4.0`,
    /// `parquet`, `delta`, `avro`, or `all`), besides `[engines] targets` of accord.toml.
    #[arg(long = "engine", value_name = "ENGINE", value_parser = engine_name)]
    engines: Vec<String>,
    /// Apply the fixes the diagnostics suggest (a missing pin or import, a default, a rename,
    /// an edit of a released version moved to a new version), format the files they change,
    /// then report what is left.
    #[arg(long)]
    fix: bool,
}

/// Accepts the name of an engine, or `all`.
fn engine_name(name: &str) -> Result<String, String> {
    parse_engines([name]).map(|_| name.to_owned())
}

pub(super) fn run(args: &CheckArgs, color: ColorChoice) -> i32 {
    let (mut compilation, fixed) = match compiled(args) {
        Ok(compiled) => compiled,
        Err(Failure::Load(error)) => match args.format.plain() {
            Some(format) => return Output { format, color }.load_error(error),
            None => return ci::load_error(args.format, &error),
        },
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            return super::EXIT_USAGE;
        }
    };
    let configured = compilation.project.config.engines.clone();
    let asked = parse_engines(args.engines.iter().map(String::as_str)).unwrap_or_default();
    let extra: Vec<Engine> = asked
        .into_iter()
        .filter(|e| !configured.contains(e))
        .collect();
    compilation.check_engines(&extra);
    let mut engines: Vec<Engine> = configured.into_iter().chain(extra).collect();
    engines.sort();
    report(args.format, color, &compilation, &engines, &fixed);
    let code = if compilation.has_errors() {
        EXIT_ERRORS
    } else {
        EXIT_OK
    };
    super::free_at_exit(compilation);
    code
}

/// The project compiled (and checked against `--against`), fixed first with `--fix`.
fn compiled(args: &CheckArgs) -> Result<(Compilation, Vec<Fixed>), Failure> {
    if args.fix {
        return fix_project(&args.path, args.against.as_deref());
    }
    let mut compilation = crate::compile(&args.path).map_err(Failure::Load)?;
    if let Some(against) = &args.against {
        let other = crate::project::compile_other_tree(&compilation.project, against);
        compilation.check_against(&other.map_err(Failure::Usage)?, against);
    }
    Ok((compilation, Vec::new()))
}

/// Prints the diagnostics and the summary in `format`, after the fixes applied.
fn report(
    format: CheckFormat,
    color: ColorChoice,
    compilation: &Compilation,
    engines: &[Engine],
    fixed: &[Fixed],
) {
    if format != CheckFormat::Json {
        for file in fixed {
            for title in &file.fixes {
                eprintln!("fixed {}: {title}", file.name);
            }
        }
    }
    let summary = Summary::of(compilation);
    let (sources, diagnostics) = (&compilation.sources, &compilation.diagnostics);
    match format {
        CheckFormat::Human => {
            let output = Output {
                format: Format::Human,
                color,
            };
            output.print_diagnostics(sources, diagnostics);
            eprintln!("{}", summary.line());
        }
        CheckFormat::Json => {
            let mut report = json!({
                "files": summary.files,
                "types": summary.types,
                "versions": summary.versions,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "diagnostics": render_json(sources, diagnostics),
            });
            if !engines.is_empty() {
                report["engines"] = engine_matrix(compilation, engines);
            }
            if !fixed.is_empty() {
                let files = fixed
                    .iter()
                    .map(|f| json!({"file": f.name, "fixes": f.fixes}));
                report["fixed"] = files.collect();
            }
            println!("{report:#}");
        }
        CheckFormat::Github => {
            let (_, sources) = ci::report_root(sources, &compilation.project.root);
            print!("{}", render_github(&sources, diagnostics));
            println!("{}", summary.line());
        }
        CheckFormat::Sarif => {
            let (root, sources) = ci::report_root(sources, &compilation.project.root);
            ci::print_sarif(&sources, diagnostics, Some(&root), None)
        }
    }
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
