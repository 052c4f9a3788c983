//! Conversions between accord's byte spans and file paths and the protocol's UTF-16 positions
//! and `file:` URIs.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, SourceMap, Span};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Uri,
};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The position of byte `offset` of `file`: its 0-based line and UTF-16 column.
pub fn position(file: &SourceFile, offset: usize) -> Position {
    let offset = offset.min(file.text.len());
    let line = file.line_index(offset);
    let start = file.line_range(line).start.min(offset);
    let column = file.text[start..offset].encode_utf16().count();
    Position::new(line as u32, column as u32)
}

/// The range of `span` in `file`.
pub fn range(file: &SourceFile, span: Span) -> Range {
    Range::new(
        position(file, span.start as usize),
        position(file, span.end as usize),
    )
}

/// The byte offset of `position` in `text` (clamped to the line's end and the text's end).
pub fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(end) => line_start += end + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |end| line_start + end);
    let mut units = 0;
    for (index, c) in text[line_start..line_end].char_indices() {
        if units >= position.character as usize {
            return line_start + index;
        }
        units += c.len_utf16();
    }
    line_end
}

/// The position just past the end of `text`.
pub fn end(text: &str) -> Position {
    let line = text.matches('\n').count();
    let last = text.rfind('\n').map_or(0, |i| i + 1);
    Position::new(line as u32, text[last..].encode_utf16().count() as u32)
}

/// The path a `file:` URI names (percent-decoded), or `None` for any other scheme.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    Some(PathBuf::from(String::from_utf8(decoded).ok()?))
}

/// The `file:` URI of `path` (bytes outside the unreserved set and `/` percent-encoded).
pub fn uri_of(path: &Path) -> Option<Uri> {
    let mut text = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            text.push(byte as char);
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&text).ok()
}

/// The canonical form of `path` (as the driver lists contract files), or `path` itself when it
/// does not exist on disk.
pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The location of `span` among `sources`.
pub fn location(sources: &SourceMap, span: Span) -> Option<Location> {
    let file = sources.file(span.file);
    Some(Location::new(uri_of(&file.path)?, range(file, span)))
}

/// `diagnostic` as the protocol reports it: same code, message (and hint) and primary range as
/// `accord check`; secondary labels become related information.
pub fn diagnostic(sources: &SourceMap, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let file = sources.file(diagnostic.primary.span.file);
    let mut message = diagnostic.message.clone();
    if !diagnostic.primary.message.is_empty() {
        message.push_str(&format!(": {}", diagnostic.primary.message));
    }
    if let Some(hint) = &diagnostic.hint {
        message.push_str(&format!("\nhint: {hint}"));
    }
    let related = diagnostic
        .secondary
        .iter()
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: location(sources, label.span)?,
                message: label.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(file, diagnostic.primary.span),
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        source: Some("accord".to_string()),
        message,
        related_information: Some(related),
        ..lsp_types::Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_count_utf16_units() {
        let mut sources = SourceMap::new();
        let text = "a\n// é😀x\n".to_string();
        let id = sources.add("f", Path::new("f"), text.clone());
        let x = text.find('x').unwrap();
        let at = position(sources.file(id), x);
        assert_eq!(at, Position::new(1, 6));
        assert_eq!(offset(&text, at), x);
        assert_eq!(offset(&text, Position::new(9, 0)), text.len());
        assert_eq!(end(&text), Position::new(2, 0));
        assert_eq!(end("é😀"), Position::new(0, 3));
    }

    #[test]
    fn uris_round_trip_through_percent_encoding() {
        let path = Path::new("/tmp/a dir/ü.accord");
        let uri = uri_of(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20dir/%C3%BC.accord");
        assert_eq!(path_of(&uri).unwrap(), path);
    }
}
