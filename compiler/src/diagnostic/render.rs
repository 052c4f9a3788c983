//! Renderers: rustc-style text for people (through codespan-reporting) and JSON for tools.

use super::{Diagnostic, Severity};
use crate::source::SourceMap;
use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor};
use serde_json::{json, Value};

/// Whether human output uses ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colours.
    Always,
    /// Plain text.
    Never,
}

/// Renders diagnostics the way rustc does, with source snippets.
pub fn render_human(sources: &SourceMap, diagnostics: &[Diagnostic], color: ColorChoice) -> String {
    let mut buffer = match color {
        ColorChoice::Always => termcolor::Buffer::ansi(),
        ColorChoice::Never => termcolor::Buffer::no_color(),
    };
    let config = term::Config::default();
    for diagnostic in diagnostics {
        // Writing to an in-memory buffer only fails on a span outside its file, which the
        // parser never produces; fall back to a plain line rather than lose the diagnostic.
        if term::emit(&mut buffer, &config, sources, &to_codespan(diagnostic)).is_err() {
            let (file, line, column) = sources.location(diagnostic.primary.span);
            let plain = format!(
                "{}: {file}:{line}:{column}: {}\n",
                diagnostic.code, diagnostic.message
            );
            let _ = std::io::Write::write_all(&mut buffer, plain.as_bytes());
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn to_codespan(diagnostic: &Diagnostic) -> cs::Diagnostic<crate::source::FileId> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let primary = &diagnostic.primary;
    let mut labels = vec![cs::Label::primary(
        primary.span.file,
        primary.span.start as usize..primary.span.end as usize,
    )
    .with_message(&primary.message)];
    labels.extend(diagnostic.secondary.iter().map(|label| {
        cs::Label::secondary(
            label.span.file,
            label.span.start as usize..label.span.end as usize,
        )
        .with_message(&label.message)
    }));
    let notes = diagnostic
        .hint
        .iter()
        .map(|hint| format!("hint: {hint}"))
        .collect();
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders diagnostics as a JSON array; each element has `code`, `severity`, `message`, `file`,
/// `line`, `column` (1-based), `end_line`, `end_column`, `labels` and `hint`.
pub fn render_json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Value {
    Value::Array(
        diagnostics
            .iter()
            .map(|d| diagnostic_json(sources, d))
            .collect(),
    )
}

fn diagnostic_json(sources: &SourceMap, diagnostic: &Diagnostic) -> Value {
    let span = diagnostic.primary.span;
    let (file, line, column) = sources.location(span);
    let (end_line, end_column) = sources.file(span.file).line_col(span.end as usize);
    let labels: Vec<Value> = std::iter::once((&diagnostic.primary, true))
        .chain(diagnostic.secondary.iter().map(|label| (label, false)))
        .map(|(label, primary)| {
            let (file, line, column) = sources.location(label.span);
            json!({"file": file, "line": line, "column": column, "message": label.message, "primary": primary})
        })
        .collect();
    let mut json = json!({
        "code": diagnostic.code.as_str(),
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "file": file,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "labels": labels,
        "hint": diagnostic.hint,
    });
    if !diagnostic.fixes.is_empty() {
        json["fixes"] = diagnostic
            .fixes
            .iter()
            .map(|f| fix_json(sources, f))
            .collect();
    }
    if let Some(evolution) = &diagnostic.evolution {
        json["category"] = json!(evolution.category);
        json["mode"] = json!(evolution.mode);
        json["old_version"] = json!(evolution.old_version);
        json["new_version"] = json!(evolution.new_version);
        json["direction"] = json!(evolution.direction);
        json["location"] = json!(evolution.location);
    }
    json
}

/// A fix as JSON: its title and each edit's range (1-based lines and columns, the end
/// exclusive) and replacement text.
fn fix_json(sources: &SourceMap, fix: &super::Fix) -> Value {
    let edits: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            let (file, line, column) = sources.location(edit.span);
            let (end_line, end_column) = sources.file(edit.span.file).line_col(edit.span.end as usize);
            json!({"file": file, "line": line, "column": column, "end_line": end_line, "end_column": end_column, "text": edit.text})
        })
        .collect();
    json!({"title": fix.title, "edits": edits})
}
