//! `accord check`: parse, resolve and validate every contract; report every diagnostic.

use super::{Format, Output, ProjectArg, EXIT_ERRORS, EXIT_OK};
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
    let summary = Summary::of(&compilation);
    match output.format {
        Format::Human => {
            output.print_diagnostics(&compilation.sources, &compilation.diagnostics);
            eprintln!("{}", summary.line());
        }
        Format::Json => {
            let diagnostics = render_json(&compilation.sources, &compilation.diagnostics);
            let report = json!({
                "files": summary.files,
                "types": summary.types,
                "versions": summary.versions,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "diagnostics": diagnostics,
            });
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
