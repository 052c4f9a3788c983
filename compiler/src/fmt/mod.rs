//! Formatting of contract files: one canonical layout for `.accord` text (`accord fmt`), for the
//! command line, editors and fix-its alike.
//!
//! The formatter works on the token stream of the parse stage and the comments between tokens:
//! it changes only what separates tokens (spaces, line breaks, indentation, blank lines), so the
//! tokens, and with them the parsed file, the resolved model and everything generated from it,
//! stay exactly the same. Every comment stays beside the code it was written beside, and every
//! doc comment before what it documents. Before returning, the result is lexed again and checked
//! to hold the same tokens and comments in the same order, and to parse without errors.
//!
//! The layout, in short (the rules are in `layout.rs` and in `docs/editor.md`): two spaces per
//! level, one field or clause per line, `name: Type @ann(a, b = c) = default;`, enum symbols on
//! the line of `{` when written there, blank lines kept (at most one), no line wrapped, one line
//! break at the end. Formatting is idempotent: `format_source` of its own output returns it
//! unchanged.
//!
//! ```
//! use accord_compiler::fmt::format_source;
//!
//! let text = "package shop;\nrecord Order{id:uuid@key; // the key\n\n\n  total :long=0;}\n";
//! let formatted = format_source(text).unwrap();
//! assert_eq!(
//!     formatted,
//!     "package shop;\nrecord Order {\n  id: uuid @key; // the key\n\n  total: long = 0;\n}\n"
//! );
//! assert_eq!(format_source(&formatted).unwrap(), formatted);
//! ```

mod layout;
mod pieces;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::FileId;
use pieces::{Piece, PieceKind};

/// Why a text was not formatted.
#[derive(Debug, Clone, PartialEq)]
pub enum FormatError {
    /// The text has syntax errors: every diagnostic of the parse stage (the codes, messages and
    /// places `accord check` reports), sorted. Nothing is formatted until they are fixed.
    Syntax(Vec<Diagnostic>),
    /// The layout would have changed the tokens or comments of the file (a defect of accord,
    /// never expected): the text is left as it is. The string says what differed.
    Defect(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Syntax(diagnostics) => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(f, "the file has {errors} syntax error(s); it was not formatted")
            }
            FormatError::Defect(what) => write!(
                f,
                "formatting would change the file's tokens ({what}): a defect of accord; the file was left as it is"
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Formats the text of one contract file. Diagnostics of a text that does not parse point into
/// file 0 (put the text first into a [`crate::source::SourceMap`] to render them).
pub fn format_source(text: &str) -> Result<String, FormatError> {
    format_file(FileId(0), text)
}

/// Formats the text of the contract file `file` (diagnostics point into it).
pub fn format_file(file: FileId, text: &str) -> Result<String, FormatError> {
    let mut diagnostics = Diagnostics::new();
    let _ = crate::syntax::parse(file, text, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(FormatError::Syntax(diagnostics.into_sorted()));
    }
    let pieces = pieces::pieces(text).map_err(FormatError::Defect)?;
    let formatted = layout::layout(&pieces);
    verify(&pieces, &formatted).map_err(FormatError::Defect)?;
    Ok(formatted)
}

/// Whether `text` is formatted: what [`format_source`] returns is the same text.
pub fn is_formatted(text: &str) -> Result<bool, FormatError> {
    Ok(format_source(text)? == text)
}

/// Checks that `formatted` holds the same tokens and comments as `original`, in the same order,
/// and parses without errors.
fn verify(original: &[Piece<'_>], formatted: &str) -> Result<(), String> {
    let again = pieces::pieces(formatted)?;
    if again.len() != original.len() {
        return Err(format!(
            "{} tokens and comments became {}",
            original.len(),
            again.len()
        ));
    }
    for (before, after) in original.iter().zip(&again) {
        if !same_piece(before, after) {
            return Err(format!("`{}` became `{}`", before.text, after.text));
        }
    }
    let mut diagnostics = Diagnostics::new();
    let _ = crate::syntax::parse(FileId(0), formatted, &mut diagnostics);
    let error = diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| d.message.clone());
    match error {
        Some(message) => Err(format!("the result does not parse: {message}")),
        None => Ok(()),
    }
}

fn same_piece(before: &Piece<'_>, after: &Piece<'_>) -> bool {
    match (&before.kind, &after.kind) {
        (PieceKind::Doc(a), PieceKind::Doc(b)) => a == b,
        (a, b) => a == b && before.text == after.text,
    }
}

#[cfg(test)]
mod tests;
