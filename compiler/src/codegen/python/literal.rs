//! Python source literals: strings, bytes and docstrings that are safe whatever the text holds.

/// A double-quoted Python string literal of `text`.
pub fn py_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        push_char(&mut out, c, true);
    }
    out.push('"');
    out
}

/// A Python bytes literal.
pub fn py_bytes(bytes: &[u8]) -> String {
    let mut out = String::from("b\"");
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7E => out.push(char::from(b)),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

fn push_char(out: &mut String, c: char, escape_newline: bool) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' if escape_newline => out.push_str("\\n"),
        '\n' => out.push('\n'),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
        '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => {
            out.push_str(&format!("\\u{:04x}", c as u32))
        }
        c => out.push(c),
    }
}

/// A triple-quoted docstring of the given paragraphs, its continuation lines indented by
/// `indent` spaces. Backslashes, quotes and control characters are escaped, so no text can end
/// the literal early.
pub fn docstring(paragraphs: &[String], indent: usize) -> String {
    let text = paragraphs
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    let pad = " ".repeat(indent);
    let chars: Vec<char> = text.chars().collect();
    let mut body = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            // A quote next to another quote, or last, is escaped: no `"""` can form.
            '"' if chars.get(i + 1) == Some(&'"') || i + 1 == chars.len() => body.push_str("\\\""),
            '"' => body.push('"'),
            '\n' => {
                body.push('\n');
                if chars.get(i + 1).is_some_and(|n| *n != '\n') {
                    body.push_str(&pad);
                }
            }
            c => push_char(&mut body, c, false),
        }
    }
    if body.contains('\n') {
        format!("\"\"\"{body}\n{pad}\"\"\"")
    } else {
        format!("\"\"\"{body}\"\"\"")
    }
}

/// A `# comment` line's text: control characters replaced.
pub fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(py_str("a\"b\\c\n\u{0}"), r#""a\"b\\c\n\x00""#);
        assert_eq!(py_bytes(&[0, b'a', b'"', 0xff]), r#"b"\x00a\"\xff""#);
    }

    #[test]
    fn docstrings_cannot_be_closed_by_their_text() {
        let doc = docstring(&["Ends with \"\"\" and \\ and \"".to_string()], 4);
        // Only quotes next to a quote (or last) are escaped: no run of three can form.
        assert_eq!(doc, r#""""Ends with \"\"" and \\ and \"""""#);
        let doc = docstring(&["one".into(), "two\nlines".into()], 4);
        assert_eq!(doc, "\"\"\"one\n\n    two\n    lines\n    \"\"\"");
    }
}
