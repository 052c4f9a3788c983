//! The report formats of `accord check` for CI: GitHub Actions workflow commands and SARIF.
//! The other commands report in `human` or `json` only, so clap refuses these two there.

use super::{Format, EXIT_USAGE};
use crate::diagnostic::{render_github, render_github_error, render_sarif, Diagnostic, SarifRun};
use crate::source::SourceMap;
use crate::LoadError;
use clap::ValueEnum;
use std::path::Path;

/// The output formats of `accord check`: those of every project command, and two for CI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Text with source snippets, for people.
    Human,
    /// JSON, for tools.
    Json,
    /// GitHub Actions workflow commands: an annotation per diagnostic, then the summary line.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and SARIF viewers.
    Sarif,
}

impl CheckFormat {
    /// The format as every project command knows it, unless it is one of the CI formats.
    pub(super) fn plain(self) -> Option<Format> {
        match self {
            CheckFormat::Human => Some(Format::Human),
            CheckFormat::Json => Some(Format::Json),
            CheckFormat::Github | CheckFormat::Sarif => None,
        }
    }
}

/// Prints the SARIF log of a run on stdout. `root` is the project root (made absolute here; an
/// empty path is the current directory).
pub(super) fn print_sarif(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    root: Option<&Path>,
    failure: Option<&str>,
) {
    let root = root
        .map(|root| match root.as_os_str().is_empty() {
            true => Path::new("."),
            false => root,
        })
        .and_then(|root| std::path::absolute(root).ok());
    let run = SarifRun {
        root: root.as_deref(),
        failure,
    };
    println!("{:#}", render_sarif(sources, diagnostics, run));
}

/// Reports an error that stopped `accord check` in a CI format and returns [`EXIT_USAGE`]: the
/// `C002` diagnostic of an invalid `accord.toml` as an annotation or a result, an I/O error as
/// a bare annotation or a failed invocation.
pub(super) fn load_error(format: CheckFormat, error: &LoadError) -> i32 {
    let message = error.to_string();
    let empty = SourceMap::new();
    let (sources, diagnostics) = match error {
        LoadError::Config(sources, diagnostic) => (&**sources, std::slice::from_ref(&**diagnostic)),
        LoadError::Io(..) => (&empty, &[][..]),
    };
    if format == CheckFormat::Sarif {
        // accord.toml lies at the project root.
        let root = diagnostics
            .first()
            .and_then(|d| sources.file(d.primary.span.file).path.parent());
        print_sarif(sources, diagnostics, root, Some(&message));
    } else if diagnostics.is_empty() {
        print!("{}", render_github_error(&message));
    } else {
        print!("{}", render_github(sources, diagnostics));
    }
    EXIT_USAGE
}
