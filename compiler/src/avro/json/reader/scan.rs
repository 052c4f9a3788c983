//! Reading JSON text without building a tree, for the batch's request lines: checking values
//! and finding where they end.

use super::{string_end, Reader, Unsupported, MAX_NESTING};

/// Checks that `text` holds exactly one JSON value (whitespace around it allowed).
pub(crate) fn check(text: &str) -> Result<(), Unsupported> {
    let mut reader = Reader::new(text);
    reader.skip(0)?;
    reader.end()
}

impl<'a> Reader<'a> {
    /// Consumes `known` if the value that starts here (after whitespace) is written exactly as
    /// `known`, which must be a complete JSON object, array or string (so that it ends where
    /// the value ends), and returns its text.
    pub fn skip_known(&mut self, known: &str) -> Option<&'a str> {
        self.peek();
        let start = self.pos;
        if !self.text[start..].starts_with(known) {
            return None;
        }
        self.pos += known.len();
        Some(&self.text[start..self.pos])
    }

    /// The text of the value that starts here (after whitespace), found by matching brackets
    /// and strings only: the text is *not* checked as JSON, and a caller must check it (by
    /// parsing it) before relying on it.
    pub fn span(&mut self) -> Result<&'a str, Unsupported> {
        let bytes = self.bytes();
        let start = match self.peek() {
            Some(_) => self.pos,
            None => return Err(Unsupported),
        };
        let mut depth = 0usize;
        let mut at = start;
        loop {
            match bytes.get(at) {
                Some(b'"') => at = quoted_end(bytes, at + 1)?,
                Some(b'{' | b'[') => {
                    depth += 1;
                    at += 1;
                    continue;
                }
                Some(b'}' | b']') if depth > 0 => {
                    depth -= 1;
                    at += 1;
                }
                Some(b',' | b'}' | b']' | b':' | b' ' | b'\n' | b'\t' | b'\r') | None
                    if depth == 0 =>
                {
                    break;
                }
                Some(_) => {
                    at += 1;
                    continue;
                }
                None => return Err(Unsupported),
            }
            if depth == 0 {
                break;
            }
        }
        if at == start {
            return Err(Unsupported);
        }
        self.pos = at;
        Ok(&self.text[start..at])
    }

    /// Skips one value (after whitespace), checking it, and returns its text.
    pub fn skip(&mut self, depth: usize) -> Result<&'a str, Unsupported> {
        let start = match self.peek() {
            Some(_) => self.pos,
            None => return Err(Unsupported),
        };
        self.skip_value(depth)?;
        Ok(&self.text[start..self.pos])
    }

    /// The text of each element of the array that starts here (after whitespace), each found
    /// as [`Reader::span`] finds it (not checked as JSON).
    pub fn span_items(&mut self) -> Result<Vec<&'a str>, Unsupported> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        if !self.close_at_once(b']') {
            loop {
                items.push(self.span()?);
                if !self.next_or_close(b']')? {
                    break;
                }
            }
        }
        Ok(items)
    }

    fn skip_value(&mut self, depth: usize) -> Result<(), Unsupported> {
        if depth > MAX_NESTING {
            return Err(Unsupported);
        }
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(b'{') => {
                self.pos += 1;
                if self.close_at_once(b'}') {
                    return Ok(());
                }
                loop {
                    self.string()?;
                    self.expect(b':')?;
                    self.skip_value(depth + 1)?;
                    if !self.next_or_close(b'}')? {
                        return Ok(());
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                if self.close_at_once(b']') {
                    return Ok(());
                }
                loop {
                    self.skip_value(depth + 1)?;
                    if !self.next_or_close(b']')? {
                        return Ok(());
                    }
                }
            }
            _ => self.scalar().map(drop),
        }
    }
}

/// The index just past the `"` that closes the string whose text starts at `from`, stepping
/// over escapes (not checked).
fn quoted_end(bytes: &[u8], from: usize) -> Result<usize, Unsupported> {
    let mut at = from;
    loop {
        at = string_end(bytes, at);
        match bytes.get(at) {
            Some(b'"') => return Ok(at + 1),
            Some(b'\\') => at += 2,
            Some(_) => at += 1,
            None => return Err(Unsupported),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_values_and_returns_their_text() {
        let mut reader = Reader::new(r#" {"a": [1, {"b": null}]} , 2"#);
        assert_eq!(reader.skip(0), Ok(r#"{"a": [1, {"b": null}]}"#));
        assert_eq!(reader.next_or_close(b']'), Ok(true));
        assert_eq!(reader.skip(0), Ok("2"));
        assert_eq!(reader.end(), Ok(()));
        assert_eq!(Reader::new("[1,]").skip(0), Err(Unsupported));
    }

    #[test]
    fn spans_match_brackets_and_strings() {
        let mut reader = Reader::new(r#" {"a": ["}", "\\"]}, -1.5 ] "x\"]"}"#);
        assert_eq!(reader.span(), Ok(r#"{"a": ["}", "\\"]}"#));
        assert_eq!(reader.next_or_close(b']'), Ok(true));
        assert_eq!(reader.span(), Ok("-1.5"));
        assert_eq!(reader.next_or_close(b']'), Ok(false));
        assert_eq!(reader.span(), Ok(r#""x\"]""#));
        assert_eq!(reader.next_or_close(b'}'), Ok(false));
        assert_eq!(Reader::new(r#"{"a": "#).span(), Err(Unsupported));
        assert_eq!(Reader::new(r#""abc"#).span(), Err(Unsupported));
        assert_eq!(Reader::new("]").span(), Err(Unsupported));
    }

    #[test]
    fn deep_nesting_is_left_to_serde_json() {
        let text = format!("{}{}", "[".repeat(120), "]".repeat(120));
        assert!(Reader::new(&text).skip(0).is_err());
    }
}
