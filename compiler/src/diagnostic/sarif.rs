//! SARIF 2.1.0, the log format of static analysis tools that GitHub code scanning and SARIF
//! viewers read: one run of the tool `accord`, a rule per code that occurs, a result per
//! diagnostic.
//!
//! Locations are relative to the project root (the base id [`PROJECT_ROOT`]), lines and columns
//! 1-based, columns in UTF-16 code units (`columnKind: utf16CodeUnits`, the unit SARIF viewers
//! and GitHub assume). Secondary labels are related locations, linked from the message.

use super::{Code, Diagnostic, Evolution, Label, Severity};
use crate::source::{SourceFile, SourceMap, Span};
use serde_json::{json, Value};
use std::fmt::Write;
use std::path::Path;

/// The schema a log names: the OASIS SARIF 2.1.0 schema (errata 01).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The URI base id of every artifact location: the project root.
pub const PROJECT_ROOT: &str = "PROJECTROOT";

/// Where accord is published: the tool's `informationUri` and the base of each rule's `helpUri`.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// What a SARIF log says about the run besides its results.
#[derive(Debug, Clone, Copy, Default)]
pub struct SarifRun<'a> {
    /// The project root as an absolute path: the log maps [`PROJECT_ROOT`] onto it.
    pub root: Option<&'a Path>,
    /// Why the run stopped before checking everything (an unreadable file, an invalid
    /// `accord.toml`); the invocation is then not successful.
    pub failure: Option<&'a str>,
}

/// Renders diagnostics as a SARIF 2.1.0 log with one run.
pub fn render_sarif(sources: &SourceMap, diagnostics: &[Diagnostic], run: SarifRun) -> Value {
    let mut rules: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    rules.sort();
    rules.dedup();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| result(sources, d, &rules))
        .collect();
    let mut log_run = json!({
        "tool": { "driver": driver(&rules) },
        "invocations": [invocation(run.failure)],
        "columnKind": "utf16CodeUnits",
        "results": results,
    });
    if let Some(root) = run.root {
        log_run["originalUriBaseIds"] = json!({
            (PROJECT_ROOT): {
                "uri": file_uri(root),
                "description": { "text": "The directory paths are relative to: the project root (the directory of accord.toml), or the repository checkout in GitHub Actions (GITHUB_WORKSPACE)." },
            }
        });
    }
    json!({ "$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [log_run] })
}

/// The anchor of a code's section in `docs/diagnostics.md`, as GitHub forms it from the heading
/// `### CODE summary`: lower case, punctuation dropped, spaces as `-`.
pub fn doc_anchor(code: Code) -> String {
    format!("{} {}", code.as_str(), code.summary())
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn driver(rules: &[Code]) -> Value {
    let rules: Vec<Value> = rules.iter().map(|&code| rule(code)).collect();
    json!({
        "name": "accord",
        "version": crate::ACCORD_VERSION,
        "informationUri": REPOSITORY,
        "rules": rules,
    })
}

fn rule(code: Code) -> Value {
    json!({
        "id": code.as_str(),
        "shortDescription": { "text": code.summary() },
        "helpUri": format!("{REPOSITORY}/blob/main/docs/diagnostics.md#{}", doc_anchor(code)),
        "defaultConfiguration": { "level": level(code.default_severity()) },
    })
}

fn invocation(failure: Option<&str>) -> Value {
    let mut invocation = json!({ "executionSuccessful": failure.is_none() });
    if let Some(failure) = failure {
        invocation["toolExecutionNotifications"] = json!([
            { "level": "error", "message": { "text": failure } }
        ]);
    }
    invocation
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result(sources: &SourceMap, diagnostic: &Diagnostic, rules: &[Code]) -> Value {
    let mut result = json!({
        "ruleId": diagnostic.code.as_str(),
        "ruleIndex": rules.binary_search(&diagnostic.code).unwrap_or_else(|i| i),
        "level": level(diagnostic.severity),
        "message": { "text": message(sources, diagnostic) },
        "locations": [location(sources, &diagnostic.primary, None)],
    });
    if !diagnostic.secondary.is_empty() {
        let related: Vec<Value> = (1..)
            .zip(&diagnostic.secondary)
            .map(|(id, label)| location(sources, label, Some(id)))
            .collect();
        result["relatedLocations"] = json!(related);
    }
    if let Some(evolution) = &diagnostic.evolution {
        result["properties"] = evolution_properties(evolution);
    }
    result
}

/// The sentence, a link to each related location (`[text](id)`), and the hint.
fn message(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let mut text = unlinked(&diagnostic.message);
    for (id, label) in (1..).zip(&diagnostic.secondary) {
        let shown = if label.message.is_empty() {
            let (file, line, column) = sources.location(label.span);
            format!("{file}:{line}:{column}")
        } else {
            label.message.clone()
        };
        let _ = write!(text, "\n[{}]({id})", escape_link_text(&shown));
    }
    if let Some(hint) = &diagnostic.hint {
        let _ = write!(text, "\nhint: {}", unlinked(hint));
    }
    text
}

/// Plain text in which nothing reads as an embedded link: `](` (as in a unit `[x](1)` quoted
/// by a message) becomes `\](`.
fn unlinked(text: &str) -> String {
    text.replace("](", "\\](")
}

/// Escapes `\`, `[` and `]` in the text of an embedded link (SARIF 3.11.6).
fn escape_link_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

fn location(sources: &SourceMap, label: &Label, id: Option<u32>) -> Value {
    let file = sources.file(label.span.file);
    let mut location = json!({});
    if let Some(id) = id {
        location["id"] = json!(id);
    }
    location["physicalLocation"] = json!({
        "artifactLocation": { "uri": encode_uri_path(&file.name, false), "uriBaseId": PROJECT_ROOT },
        "region": region(file, label.span),
    });
    if !label.message.is_empty() {
        location["message"] = json!({ "text": label.message });
    }
    location
}

fn region(file: &SourceFile, span: Span) -> Value {
    let (start_line, start_column) = utf16_position(file, span.start as usize);
    let (end_line, end_column) = utf16_position(file, span.end as usize);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

/// The 1-based line and UTF-16 column of a byte offset (clamped into the file, and back to the
/// start of a character).
fn utf16_position(file: &SourceFile, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(file.text.len());
    while !file.text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = file.line_index(offset);
    let start = file.line_range(line).start;
    (
        line + 1,
        file.text[start..offset].encode_utf16().count() + 1,
    )
}

fn evolution_properties(evolution: &Evolution) -> Value {
    json!({
        "category": evolution.category,
        "mode": evolution.mode,
        "old_version": evolution.old_version,
        "new_version": evolution.new_version,
        "direction": evolution.direction,
        "location": evolution.location,
    })
}

/// `file:///` and the percent-encoded absolute path, ending with `/` (a base URI).
fn file_uri(root: &Path) -> String {
    let path = root.to_string_lossy().replace('\\', "/");
    let lead = if path.starts_with('/') { "" } else { "/" };
    let path = path.trim_end_matches('/');
    format!("file://{lead}{}/", encode_uri_path(path, true))
}

/// Percent-encodes a `/`-separated path for a URI: every byte but unreserved characters and `/`
/// (and `:`, where `keep_colon`: a relative reference cannot have one in its first segment).
fn encode_uri_path(path: &str, keep_colon: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let plain = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && byte == b':');
        if plain {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests;
