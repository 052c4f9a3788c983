//! GitHub Actions workflow commands: one `::error` or `::warning` line per diagnostic, which the
//! runner turns into an annotation on the file and lines it names.
//!
//! Escaping follows the runner (and `@actions/core`): in the message, `%`, `\r` and `\n` become
//! `%25`, `%0D` and `%0A`; in a property (`file`, `title`), `:` and `,` also become `%3A` and
//! `%2C`, since they separate the command from its message and the properties from each other.

use super::{Diagnostic, Label, Severity};
use crate::source::SourceMap;
use std::fmt::Write;

/// Renders diagnostics as workflow commands, one line each:
/// `::error file=F,line=L,col=C,endLine=EL,endColumn=EC,title=CODE::MESSAGE`.
///
/// Lines are 1-based; columns count characters, `endColumn` being the one just after the span.
/// A span over several lines has no `col` and `endColumn` (the runner drops them there). The
/// message holds the diagnostic's sentence, then one `file:line:column: text` line per label
/// with a text (primary first; every secondary label), then the hint.
pub fn render_github(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&command(sources, diagnostic));
        out.push('\n');
    }
    out
}

/// A workflow command for an error that points at no file, e.g. an unreadable directory:
/// `::error::MESSAGE`, with its line break.
pub fn render_github_error(message: &str) -> String {
    format!("::error::{}\n", escape_data(message))
}

/// The workflow command of one diagnostic, without its line break.
fn command(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let span = diagnostic.primary.span;
    let (file, line, column) = sources.location(span);
    let (end_line, end_column) = sources.file(span.file).line_col(span.end as usize);
    let mut properties = format!("file={},line={line}", escape_property(file));
    if line == end_line {
        let _ = write!(properties, ",col={column}");
    }
    let _ = write!(properties, ",endLine={end_line}");
    if line == end_line {
        let _ = write!(properties, ",endColumn={end_column}");
    }
    let _ = write!(
        properties,
        ",title={}",
        escape_property(diagnostic.code.as_str())
    );
    format!(
        "::{name} {properties}::{}",
        escape_data(&message(sources, diagnostic))
    )
}

/// The text of the annotation: the sentence, the labels that say something, and the hint.
fn message(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let mut text = diagnostic.message.clone();
    let primary = Some(&diagnostic.primary).filter(|label| !label.message.is_empty());
    for label in primary.into_iter().chain(&diagnostic.secondary) {
        text.push('\n');
        text.push_str(&label_line(sources, label));
    }
    if let Some(hint) = &diagnostic.hint {
        let _ = write!(text, "\nhint: {hint}");
    }
    text
}

/// `file:line:column: text` (or `file:line:column` for a label without text).
fn label_line(sources: &SourceMap, label: &Label) -> String {
    let (file, line, column) = sources.location(label.span);
    if label.message.is_empty() {
        format!("{file}:{line}:{column}")
    } else {
        format!("{file}:{line}:{column}: {}", label.message)
    }
}

/// Escapes the message of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes the value of a workflow command property.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests;
