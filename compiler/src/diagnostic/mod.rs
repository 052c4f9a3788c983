//! Diagnostics: one type for every error, warning and finding accord reports, with a stable code,
//! labelled spans into any number of files, a hint, and four renderers: human, JSON, GitHub
//! Actions workflow commands and SARIF.

mod codes;
mod github;
mod render;
mod sarif;

pub use codes::Code;
pub use github::{render_github, render_github_error};
pub use render::{render_human, render_json, ColorChoice};
pub use sarif::{doc_anchor, render_sarif, SarifRun, PROJECT_ROOT, SARIF_SCHEMA};

use crate::source::Span;
use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the run.
    Error,
    /// Reported, does not fail the run.
    Warning,
}

/// A span with a message; the primary label marks where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// What the label points at.
    pub span: Span,
    /// What it says there (may be empty).
    pub message: String,
}

/// One reported problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code, e.g. `N004`.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where it is wrong.
    pub primary: Label,
    /// Related places (the other definition, the older version, ...).
    pub secondary: Vec<Label>,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
    /// For findings between versions: which versions, under which mode, where.
    pub evolution: Option<Box<Evolution>>,
    /// Changes to the sources that resolve it. `accord check --fix` applies the fix of a
    /// diagnostic that has exactly one; the language server offers each as a quick fix.
    pub fixes: Vec<Fix>,
}

/// A change to the sources that resolves a diagnostic (a structured suggestion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What it does, in the imperative (`Add the pin \`@2\``).
    pub title: String,
    /// The edits, in no particular order; they never overlap.
    pub edits: Vec<Edit>,
}

/// One replacement of source text: `span` (empty to insert) becomes `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// What is replaced.
    pub span: Span,
    /// What replaces it.
    pub text: String,
}

impl Fix {
    /// A fix of one edit.
    pub fn new(title: impl Into<String>, span: Span, text: impl Into<String>) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                span,
                text: text.into(),
            }],
        }
    }
}

/// The context of a finding between two versions of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evolution {
    /// `wire` (Avro resolution) or `semantic`.
    pub category: &'static str,
    /// The type's compatibility mode, when the finding comes from a mode.
    pub mode: Option<String>,
    /// The older version.
    pub old_version: u32,
    /// The newer version.
    pub new_version: u32,
    /// `backward` (the new version reads old data) or `forward` (the old reads new data).
    pub direction: Option<&'static str>,
    /// Where in the reader's Avro schema, as a JSON pointer (`/fields/3/type/items`).
    pub location: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity, pointing at `span`.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            hint: None,
            evolution: None,
            fixes: Vec::new(),
        }
    }

    /// Sets the text of the primary label.
    pub fn with_label(mut self, message: impl Into<String>) -> Diagnostic {
        self.primary.message = message.into();
        self
    }

    /// Adds a secondary label.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the versions and mode a finding between versions is about.
    pub fn with_evolution(mut self, evolution: Evolution) -> Diagnostic {
        self.evolution = Some(Box::new(evolution));
        self
    }

    /// Offers a fix (one of several when the right one depends on intent).
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    /// Offers each of `fixes`.
    pub fn with_fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Diagnostic {
        self.fixes.extend(fixes);
        self
    }

    /// Overrides the severity.
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Whether this diagnostic fails the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Diagnostics collected by one stage, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records every diagnostic of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics, sorted by file, position and code so output is deterministic.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (a.primary.span, a.code, &a.message).cmp(&(b.primary.span, b.code, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// Iterates over the diagnostics in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics in the order found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// How many were recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether none were recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
