//! Verdict lines written straight from the check's results into text, byte for byte what
//! `serde_json` writes for the findings of `--format json` ([`super::super::finding_json`]),
//! without building the findings first.

use std::fmt::Write as _;

use super::super::{FindingRef, Severity};
use crate::avro::json::reader::string_end;
use crate::avro::{CompatMode, Incompatibility};

/// Appends the JSON of one finding (an element of a verdict's `findings`).
pub(super) fn write_finding(out: &mut String, f: &FindingRef, mode: CompatMode) {
    out.push_str("{\"code\":");
    write_str(out, f.code);
    out.push_str(",\"severity\":");
    write_str(
        out,
        if f.severity == Severity::Error {
            "error"
        } else {
            "warning"
        },
    );
    out.push_str(",\"category\":");
    write_str(out, f.category);
    out.push_str(",\"mode\":");
    write_str(out, mode.name());
    out.push_str(",\"old\":");
    write_str(out, f.old);
    out.push_str(",\"new\":");
    write_str(out, f.new);
    out.push_str(",\"direction\":");
    write_str(out, f.direction.name());
    out.push_str(",\"location\":");
    write_str(out, f.location);
    out.push_str(",\"message\":\"");
    if let Some(kind) = f.kind {
        write_str_content(out, kind.java_name());
        out.push_str(": ");
    }
    write_str_content(out, f.message);
    out.push_str("\",\"hint\":");
    write_str(out, f.hint);
    out.push_str(",\"causes\":");
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
        out.push_str("{\"type\":");
        write_str(out, cause.kind.java_name());
        out.push_str(",\"location\":");
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
