//! Verdict lines written straight from the check's results into text, byte for byte what
//! `serde_json` writes for the findings of `--format json` ([`super::super::finding_json`]),
//! without building the findings first. The words the program itself supplies (codes,
//! severities, categories, modes, directions, kinds, hints) need no escaping and are written as
//! they are; a test holds them to that.

use std::fmt::Write as _;

use super::super::{FindingRef, Severity};
use crate::avro::json::reader::string_end;
use crate::avro::{CompatMode, Incompatibility};

/// Appends the JSON of one finding (an element of a verdict's `findings`).
pub(super) fn write_finding(out: &mut String, f: &FindingRef, mode: CompatMode) {
    let severity = if f.severity == Severity::Error {
        "error"
    } else {
        "warning"
    };
    for (key, value) in [
        ("{\"code\":\"", f.code),
        ("\",\"severity\":\"", severity),
        ("\",\"category\":\"", f.category),
        ("\",\"mode\":\"", mode.name()),
    ] {
        out.push_str(key);
        out.push_str(value);
    }
    out.push_str("\",\"old\":");
    write_str(out, f.old);
    out.push_str(",\"new\":");
    write_str(out, f.new);
    out.push_str(",\"direction\":\"");
    out.push_str(f.direction.name());
    out.push_str("\",\"location\":");
    write_str(out, f.location);
    out.push_str(",\"message\":\"");
    if let Some(kind) = f.kind {
        out.push_str(kind.java_name());
        out.push_str(": ");
    }
    write_str_content(out, f.message);
    out.push_str("\",\"hint\":\"");
    out.push_str(f.hint);
    out.push_str("\",\"causes\":");
    write_causes(out, f.causes);
    out.push('}');
}

/// Appends the JSON array of a finding's inner causes.
fn write_causes(out: &mut String, causes: &[Incompatibility]) {
    out.push('[');
    for (i, cause) in causes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"type\":\"");
        out.push_str(cause.kind.java_name());
        out.push_str("\",\"location\":");
        write_str(out, &cause.location);
        out.push_str(",\"message\":");
        write_str(out, &cause.message);
        out.push_str(",\"causes\":");
        write_causes(out, &cause.causes);
        out.push('}');
    }
    out.push(']');
}

/// Appends `text` as a JSON string.
fn write_str(out: &mut String, text: &str) {
    out.push('"');
    write_str_content(out, text);
    out.push('"');
}

/// Appends `text` escaped as inside a JSON string, exactly as `serde_json` escapes it: `"`, `\`
/// and the control characters, with the short forms where JSON has them.
fn write_str_content(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut from = 0;
    loop {
        let at = string_end(bytes, from);
        out.push_str(&text[from..at]);
        let Some(&byte) = bytes.get(at) else {
            return;
        };
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                let _ = write!(out, "\\u{byte:04x}");
            }
        }
        from = at + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::avro::semantic::LogicalChange;
    use crate::avro::{Direction, IncompatibilityKind};
    use crate::cli::avro::{semantic_code, wire_code, AMBIGUOUS_FIELD};

    #[test]
    fn the_words_written_unescaped_need_no_escaping() {
        let kinds = IncompatibilityKind::ALL;
        let mut words = vec!["error", "warning", "wire", "semantic"];
        words.extend([AMBIGUOUS_FIELD.0, AMBIGUOUS_FIELD.1]);
        for kind in kinds {
            let (code, hint) = wire_code(kind);
            words.extend([kind.java_name(), code, hint]);
        }
        for change in [LogicalChange::Changed, LogicalChange::AddedOrRemoved] {
            let (code, _, hint) = semantic_code(change);
            words.extend([code, hint]);
        }
        words.extend(CompatMode::ALL.iter().map(|m| m.name()));
        words.extend([Direction::Backward, Direction::Forward].map(Direction::name));
        for word in words {
            let mut escaped = String::new();
            write_str(&mut escaped, word);
            assert_eq!(escaped, format!("\"{word}\""));
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all = String::new();
        for c in (0u8..0x80).map(char::from).chain(['é', '☃', '\u{7f}']) {
            all.push(c);
            all.push_str("plain text");
        }
        for text in ["", "plain", "a\"b\\c\nd\u{1}e\u{1f}", &all] {
            let mut ours = String::new();
            write_str(&mut ours, text);
            assert_eq!(ours, serde_json::to_string(text).unwrap());
        }
    }
}
