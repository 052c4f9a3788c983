//! The report formats of `accord check` for CI: GitHub Actions workflow commands and SARIF.
//! The other commands report in `human` or `json` only, so clap refuses these two there.

use super::{Format, EXIT_USAGE};
use crate::diagnostic::{render_github, render_github_error, render_sarif, Diagnostic, SarifRun};
use crate::source::SourceMap;
use crate::LoadError;
use clap::ValueEnum;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

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
    // accord.toml lies at the project root.
    let root = diagnostics
        .first()
        .and_then(|d| sources.file(d.primary.span.file).path.parent());
    let reported = root.map(|root| report_root(sources, root));
    let (root, sources) = match &reported {
        Some((root, sources)) => (Some(root.as_path()), &**sources),
        None => (None, sources),
    };
    if format == CheckFormat::Sarif {
        print_sarif(sources, diagnostics, root, Some(&message));
    } else if diagnostics.is_empty() {
        print!("{}", render_github_error(&message));
    } else {
        print!("{}", render_github(sources, diagnostics));
    }
    EXIT_USAGE
}

/// Where CI reports are read from, and the sources named relative to it: in GitHub Actions
/// (`GITHUB_WORKSPACE` set, holding the project), the repository checkout, so a project in a
/// subdirectory gets paths GitHub finds; otherwise the project root, as the sources are named.
pub(super) fn report_root<'s>(
    sources: &'s SourceMap,
    project_root: &Path,
) -> (PathBuf, Cow<'s, SourceMap>) {
    let workspace =
        std::env::var_os("GITHUB_WORKSPACE").and_then(|w| std::fs::canonicalize(w).ok());
    let root = std::fs::canonicalize(project_root).unwrap_or_else(|_| project_root.to_path_buf());
    let relative = workspace.as_ref().and_then(|w| root.strip_prefix(w).ok());
    match (workspace.as_ref(), relative) {
        (Some(workspace), Some(relative)) if !relative.as_os_str().is_empty() => {
            let prefix: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (
                workspace.clone(),
                Cow::Owned(sources.under(&prefix.join("/"))),
            )
        }
        _ => (project_root.to_path_buf(), Cow::Borrowed(sources)),
    }
}
