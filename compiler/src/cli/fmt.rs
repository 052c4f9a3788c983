//! `accord fmt [PATH]... [--check]`: lay every contract file out the one canonical way
//! ([`crate::fmt`]), or, with `--check`, list the files that are not (with a diff).

mod diff;

use super::{Format, Output, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::{render_json, Diagnostic};
use crate::fmt::{format_file, FormatError};
use crate::project::{contract_files, display_name, find_project};
use crate::source::SourceMap;
use crate::LoadError;
use serde_json::json;
use std::path::{Path, PathBuf};

/// Arguments of `accord fmt`.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Project directories (with accord.toml, found upward), accord.toml files, directories of
    /// .accord files, or contract files.
    #[arg(default_value = ".")]
    pub(super) paths: Vec<PathBuf>,
    /// Write nothing: list the files that are not formatted, with a diff, and exit with 1 if any.
    #[arg(long)]
    check: bool,
    /// Output format of diagnostics and the report.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(super) format: Format,
}

/// One contract file: where it is, what it holds, and what formatting made of it.
struct Checked {
    name: String,
    path: PathBuf,
    text: String,
    outcome: Result<String, FormatError>,
}

impl Checked {
    /// The formatted text, when it differs from the file's.
    fn changed(&self) -> Option<&str> {
        self.outcome
            .as_ref()
            .ok()
            .filter(|formatted| **formatted != self.text)
            .map(String::as_str)
    }
}

pub(super) fn run(args: &FmtArgs, output: &Output) -> i32 {
    let files = match files_of(&args.paths) {
        Ok(files) => files,
        Err(error) => return output.load_error(error),
    };
    let mut sources = SourceMap::new();
    let mut checked = Vec::with_capacity(files.len());
    for (name, path) in files {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => return output.load_error(LoadError::Io(path, error)),
        };
        let file = sources.add(name.clone(), &path, text.clone());
        let outcome = format_file(file, &text);
        checked.push(Checked {
            name,
            path,
            text,
            outcome,
        });
    }
    let written = if args.check {
        Vec::new()
    } else {
        match write_changed(&checked) {
            Ok(written) => written,
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_USAGE;
            }
        }
    };
    report(&checked, &sources, &written, args.check, output)
}

/// The contract files the paths name, each once, in the order named.
fn files_of(paths: &[PathBuf]) -> Result<Vec<(String, PathBuf)>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        files.extend(files_to_format(path)?);
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|(_, path)| seen.insert(std::fs::canonicalize(path).unwrap_or(path.clone())));
    Ok(files)
}

/// The contract files `path` names, each with its name in reports: the file itself, or every
/// contract file of the project (or directory) `accord check` would read.
fn files_to_format(path: &Path) -> Result<Vec<(String, PathBuf)>, LoadError> {
    let is_config = path
        .file_name()
        .is_some_and(|n| n == crate::config::CONFIG_FILE);
    if path.is_file() && !is_config {
        let name = path.display().to_string().replace('\\', "/");
        return Ok(vec![(name, path.to_path_buf())]);
    }
    let project = find_project(path, &mut SourceMap::new())?;
    let files = contract_files(&project.schemas_dir)?;
    Ok(files
        .into_iter()
        .map(|file| (display_name(&project.root, &file), file))
        .collect())
}

/// Replaces every file whose formatting differs, each atomically; returns their names, or
/// says which file could not be written (and which were).
fn write_changed(checked: &[Checked]) -> Result<Vec<String>, String> {
    let mut written = Vec::new();
    for file in checked {
        let Some(formatted) = file.changed() else {
            continue;
        };
        if let Err(error) = crate::output::replace_file(&file.path, formatted.as_bytes()) {
            let before = match written.is_empty() {
                true => "no file was changed".to_string(),
                false => format!("formatted before it: {}", written.join(", ")),
            };
            return Err(format!(
                "cannot write {}: {error}; it was left as it was ({before})",
                file.path.display()
            ));
        }
        written.push(file.name.clone());
    }
    Ok(written)
}

/// Prints what was (or would be) formatted and returns the exit code.
fn report(
    checked: &[Checked],
    sources: &SourceMap,
    written: &[String],
    check: bool,
    output: &Output,
) -> i32 {
    let diagnostics: Vec<Diagnostic> = checked
        .iter()
        .filter_map(|file| match &file.outcome {
            Err(FormatError::Syntax(diagnostics)) => Some(diagnostics.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    let changed = checked
        .iter()
        .filter(|file| file.changed().is_some())
        .count();
    let refused = checked.iter().filter(|file| file.outcome.is_err()).count();
    match output.format {
        Format::Human => {
            output.print_diagnostics(sources, &diagnostics);
            print_human(checked, check);
            eprintln!("{}", summary(checked.len(), changed, refused, check));
        }
        Format::Json => {
            let mut report = json_report(checked, written, check);
            report["diagnostics"] = render_json(sources, &diagnostics);
            println!("{report:#}");
        }
    }
    if refused > 0 || (check && changed > 0) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// Per file: a defect, or what was formatted (`--check`: the diff of what would be).
fn print_human(checked: &[Checked], check: bool) {
    for file in checked {
        if let Err(error @ FormatError::Defect(_)) = &file.outcome {
            eprintln!("error: {}: {error}", file.name);
        }
        let Some(formatted) = file.changed() else {
            continue;
        };
        if check {
            eprint!("{}", diff::unified(&file.name, &file.text, formatted));
        } else {
            eprintln!("formatted {}", file.name);
        }
    }
}

/// The closing line: `fmt ok: 10 files, 2 formatted, 8 unchanged`.
fn summary(files: usize, changed: usize, refused: usize, check: bool) -> String {
    let failed = refused > 0 || (check && changed > 0);
    let command = if check { "fmt --check" } else { "fmt" };
    let verdict = if failed { "failed" } else { "ok" };
    let changed_part = if check {
        format!("{changed} not formatted")
    } else {
        format!("{changed} formatted")
    };
    let unchanged = files - changed - refused;
    let mut line =
        format!("{command} {verdict}: {files} files, {changed_part}, {unchanged} unchanged");
    if refused > 0 {
        line.push_str(&format!(
            ", {refused} with syntax errors (left as they are)"
        ));
    }
    if check && changed > 0 {
        line.push_str("; run `accord fmt` to format them");
    }
    line
}

/// The report as JSON (the diagnostics are added by the caller).
fn json_report(checked: &[Checked], written: &[String], check: bool) -> serde_json::Value {
    let changed: Vec<serde_json::Value> = checked
        .iter()
        .filter_map(|file| {
            let formatted = file.changed()?;
            Some(json!({
                "file": file.name,
                "line": diff::first_difference(&file.text, formatted),
                "diff": diff::unified(&file.name, &file.text, formatted),
            }))
        })
        .collect();
    let not_formatted: Vec<serde_json::Value> = checked
        .iter()
        .filter_map(|file| {
            let error = file.outcome.as_ref().err()?;
            Some(json!({ "file": file.name, "reason": error.to_string() }))
        })
        .collect();
    let unchanged = checked.len() - changed.len() - not_formatted.len();
    json!({
        "check": check,
        "files": checked.len(),
        "changed": changed,
        "written": written,
        "unchanged": unchanged,
        "not_formatted": not_formatted,
    })
}
