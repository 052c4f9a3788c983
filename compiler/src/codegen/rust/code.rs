//! The writer of generated Rust text. The generator pushes lines of code; the writer trims each
//! one and indents it by four spaces per bracket left open by the lines before, so the output
//! is laid out like rustfmt's without building, parsing or pretty-printing a token tree.
//!
//! A line opening several brackets indents the lines after it once (`Ok(Self {` ... `})`), and
//! a line starting with closing brackets is indented as after them (`})`, `} else {`,
//! `) -> T {`). Brackets inside string and character literals do not count, and lines starting
//! with `//` are comments, written as they are.

use proc_macro2::TokenStream;
use std::fmt::Display;

/// Rust source text being written.
#[derive(Debug, Default)]
pub(crate) struct Code {
    text: String,
    /// The brackets open, innermost last, each with whether it indents the lines after it.
    open: Vec<bool>,
    /// How many of `open` indent.
    depth: usize,
}

impl Code {
    /// An empty text.
    pub(crate) fn new() -> Code {
        Code::default()
    }

    /// Appends the lines of `text` (any indentation; each line is trimmed and re-indented).
    pub(crate) fn push(&mut self, text: &str) {
        for line in text.lines() {
            self.line(line.trim());
        }
    }

    /// Appends `///` lines for `lines` (each the text after `///`, such as `" Docs."`).
    pub(crate) fn docs<S: AsRef<str>>(&mut self, lines: &[S]) {
        for line in lines {
            self.doc(line.as_ref());
        }
    }

    /// Appends one doc line: `///` and `text`, or `#[doc = "..."]` when the text holds a
    /// character a line comment cannot (a carriage return) or starts with `/` (`////` is no
    /// doc comment).
    pub(crate) fn doc(&mut self, text: &str) {
        self.indent();
        if text.contains(['\r', '\n']) || text.starts_with('/') {
            self.text.push_str("#[doc = ");
            self.text.push_str(&string(text));
            self.text.push(']');
        } else {
            self.text.push_str("///");
            self.text.push_str(text);
        }
        self.text.push('\n');
    }

    /// The text written.
    pub(crate) fn finish(self) -> String {
        self.text
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
    }

    fn line(&mut self, line: &str) {
        if line.is_empty() {
            self.text.push('\n');
            return;
        }
        let bytes = line.as_bytes();
        let comment = line.starts_with("//");
        let mut start = 0;
        if !comment {
            while start < bytes.len() && matches!(bytes[start], b'}' | b')' | b']') {
                self.close();
                start += 1;
            }
        }
        self.indent();
        self.text.push_str(line);
        self.text.push('\n');
        if !comment {
            self.count_brackets(line, start);
        }
    }

    /// Opens and closes the brackets of `line` from byte `start` on; of the brackets the line
    /// leaves open, the innermost indents.
    fn count_brackets(&mut self, line: &str, start: usize) {
        let bytes = line.as_bytes();
        let mut base = self.open.len();
        let mut i = start;
        while i < bytes.len() {
            match bytes[i] {
                b'{' | b'(' | b'[' => self.open.push(false),
                b'}' | b')' | b']' => {
                    self.close();
                    base = base.min(self.open.len());
                }
                b'"' => i = string_end(bytes, i),
                b'\'' => i = char_end(line, i),
                _ => {}
            }
            i += 1;
        }
        if self.open.len() > base {
            if let Some(last) = self.open.last_mut() {
                *last = true;
                self.depth += 1;
            }
        }
    }

    fn close(&mut self) {
        if self.open.pop() == Some(true) {
            self.depth -= 1;
        }
    }
}

/// The index of the quote ending the string literal that starts at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'"' => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

/// The index of the quote ending the character literal at `start`, or `start` for a lifetime.
fn char_end(line: &str, start: usize) -> usize {
    let rest = &line[start + 1..];
    let mut chars = rest.chars();
    match chars.next() {
        Some('\\') => rest
            .get(2..)
            .and_then(|r| r.find('\''))
            .map_or(line.len(), |end| start + 3 + end),
        Some(c) if chars.next() == Some('\'') => start + 1 + c.len_utf8(),
        _ => start,
    }
}

/// A Rust string literal of `text`: Debug's escapes (`\"`, `\\`, `\n`, `\u{..}`) are Rust's.
pub(crate) fn string(text: &str) -> String {
    format!("{text:?}")
}

/// A Rust character literal of `c`.
pub(crate) fn char_lit(c: char) -> String {
    format!("{c:?}")
}

/// Generated text as tokens, for the derive macros, which splice code of the generator.
#[allow(
    clippy::expect_used,
    reason = "the generator writes whole Rust expressions; every test that generates Rust parses it"
)]
pub(crate) fn tokens(text: &str) -> TokenStream {
    text.parse().expect("generated Rust parses")
}

/// `items` joined by `, `.
pub(crate) fn list<T: Display>(items: impl IntoIterator<Item = T>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&item.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_by_open_brackets() {
        let mut code = Code::new();
        code.push(
            "impl A {
            fn f(&self) -> Result<Self> {
            Ok(Self {
            a: g('{', \"}(\"),
            b: 'x',
            })
            }
            }",
        );
        assert_eq!(
            code.finish(),
            "impl A {\n    fn f(&self) -> Result<Self> {\n        Ok(Self {\n            a: g('{', \"}(\"),\n            b: 'x',\n        })\n    }\n}\n"
        );
    }

    #[test]
    fn lifetimes_escapes_and_comments_do_not_count() {
        let mut code = Code::new();
        code.push("impl<'de> X<'de> for Y {\n// {\nlet c = '\\'';\nlet s = \"\\\"{\";\n}");
        code.doc(" a `{` and a\rreturn");
        assert_eq!(
            code.finish(),
            "impl<'de> X<'de> for Y {\n    // {\n    let c = '\\'';\n    let s = \"\\\"{\";\n}\n#[doc = \" a `{` and a\\rreturn\"]\n"
        );
    }

    #[test]
    fn closing_lines_dedent_before_they_are_written() {
        let mut code = Code::new();
        code.push("match x {\nA => {\n1\n} B => 2,\n}\nf(\na,\n) -> T {\n}");
        assert_eq!(
            code.finish(),
            "match x {\n    A => {\n        1\n    } B => 2,\n}\nf(\n    a,\n) -> T {\n}\n"
        );
    }

    #[test]
    fn string_literals_are_rust_literals() {
        assert_eq!(string("a\"b\\c\n*/é"), "\"a\\\"b\\\\c\\n*/é\"");
        assert_eq!(char_lit('\''), "'\\''");
    }
}
