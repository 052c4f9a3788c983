//! A fast, strict reader of JSON text into [`Json`] trees, for the common case: it accepts only
//! text `serde_json` accepts and reads it to the same tree, and gives up ([`Unsupported`]) on
//! anything it does not handle itself (invalid JSON, escapes in strings, deep nesting, numbers it
//! does not read exactly as `serde_json` does), so a caller falls back to `serde_json`, whose
//! verdict and error messages then stay the reference. Schemas and batch requests rarely hold
//! escapes, so the fallback is rare.

use std::borrow::Cow;

use serde_json::Number;

use super::{Json, Object};

#[cfg(feature = "cli")]
mod scan;
#[cfg(feature = "cli")]
pub(crate) use scan::check;

/// The reader gave up: the text is not JSON, or it is JSON the reader leaves to `serde_json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unsupported;

/// Deepest nesting the reader follows (`serde_json` stops at 128; deeper text is left to it).
const MAX_NESTING: usize = 100;

/// The room first made for the members of an object or the elements of an array: schema objects
/// have a handful of members, so few vectors grow.
const CAPACITY: usize = 8;

/// Reads `text`, which must hold exactly one JSON value (whitespace around it allowed).
pub(crate) fn parse(text: &str) -> Result<Json<'_>, Unsupported> {
    let mut reader = Reader::new(text);
    let value = reader.value(0)?;
    reader.end()?;
    Ok(value)
}

/// A cursor over JSON text.
pub(crate) struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader { text, pos: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Skips JSON whitespace and returns the next byte, if any.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes().get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// Consumes `byte` (after whitespace), or gives up.
    pub fn expect(&mut self, byte: u8) -> Result<(), Unsupported> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// Succeeds when only whitespace is left.
    pub fn end(&mut self) -> Result<(), Unsupported> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Unsupported),
        }
    }

    /// After a member or an element: consumes `,` (true: another follows) or `close` (false).
    pub fn next_or_close(&mut self, close: u8) -> Result<bool, Unsupported> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(Unsupported),
        }
    }

    /// Consumes `close` if it comes next (an empty object or array), after an opening bracket.
    pub fn close_at_once(&mut self, close: u8) -> bool {
        if self.peek() == Some(close) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads a string without escapes (after whitespace); its text is borrowed.
    #[inline]
    pub fn string(&mut self) -> Result<&'a str, Unsupported> {
        self.expect(b'"')?;
        let start = self.pos;
        let end = string_end(self.bytes(), start);
        if self.bytes().get(end) != Some(&b'"') {
            return Err(Unsupported);
        }
        self.pos = end + 1;
        Ok(&self.text[start..end])
    }

    /// Reads one value (after whitespace) into a tree.
    pub fn value(&mut self, depth: usize) -> Result<Json<'a>, Unsupported> {
        if depth > MAX_NESTING {
            return Err(Unsupported);
        }
        match self.peek() {
            Some(b'"') => Ok(Json::String(Cow::Borrowed(self.string()?))),
            Some(b'{') => {
                self.pos += 1;
                let mut members = Vec::with_capacity(CAPACITY);
                if !self.close_at_once(b'}') {
                    loop {
                        let key = self.string()?;
                        self.expect(b':')?;
                        let value = self.value(depth + 1)?;
                        members.push((Cow::Borrowed(key), value));
                        if !self.next_or_close(b'}')? {
                            break;
                        }
                    }
                }
                Ok(Json::Object(Object::from_members(members)))
            }
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::with_capacity(CAPACITY);
                if !self.close_at_once(b']') {
                    loop {
                        let item = self.value(depth + 1)?;
                        items.push(item);
                        if !self.next_or_close(b']')? {
                            break;
                        }
                    }
                }
                Ok(Json::Array(items))
            }
            _ => self.scalar(),
        }
    }

    /// Reads `true`, `false`, `null` or a number.
    fn scalar(&mut self) -> Result<Json<'a>, Unsupported> {
        let rest = &self.bytes()[self.pos..];
        let (len, value) = if rest.starts_with(b"true") {
            (4, Json::Bool(true))
        } else if rest.starts_with(b"false") {
            (5, Json::Bool(false))
        } else if rest.starts_with(b"null") {
            (4, Json::Null)
        } else {
            return self.number();
        };
        self.pos += len;
        Ok(value)
    }

    /// Reads a number written as JSON's grammar allows. Small non-negative integers are read
    /// here; any other number is read by `serde_json`, so that its class and value are the same.
    fn number(&mut self) -> Result<Json<'a>, Unsupported> {
        let bytes = self.bytes();
        let start = self.pos;
        let digits = |from: usize| {
            from + bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let mut at = start + usize::from(bytes.get(start) == Some(&b'-'));
        let int_end = digits(at);
        let int_len = int_end - at;
        if int_len == 0 || (int_len > 1 && bytes[at] == b'0') {
            return Err(Unsupported);
        }
        at = int_end;
        let mut plain = true;
        if bytes.get(at) == Some(&b'.') {
            let end = digits(at + 1);
            if end == at + 1 {
                return Err(Unsupported);
            }
            (at, plain) = (end, false);
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            if matches!(bytes.get(at), Some(b'+' | b'-')) {
                at += 1;
            }
            let end = digits(at);
            if end == at {
                return Err(Unsupported);
            }
            (at, plain) = (end, false);
        }
        self.pos = at;
        let text = &self.text[start..at];
        if plain && !text.starts_with('-') && text.len() <= 18 {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Json::Number(n.into()));
            }
        }
        serde_json::from_str::<Number>(text)
            .map(Json::Number)
            .map_err(|_| Unsupported)
    }
}

/// The index of the first `"`, `\\` or control character at or after `from` (or the length).
/// Eight bytes are tested at a time while eight remain.
pub(crate) fn string_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let special = has_zero(word ^ (ONES * u64::from(b'"')))
            | has_zero(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGHS);
        if special != 0 {
            return at + (special.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&b) = bytes.get(at) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return at;
        }
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts the reader must read to `serde_json`'s tree, or give up on.
    const TEXTS: &[&str] = &[
        r#" {"a": [1, -2, 0, -0, 1.5e3, 1E-2, 18446744073709551615, 18446744073709551616], "b": {}} "#,
        r#"{"t": true, "f": false, "n": null, "s": "", "u": "é☃", "e": [], "a": {"a": 1, "a": 2}}"#,
        r#"["x\"y"]"#,
        "[\"tab\there\"]",
        "[1e400]",
        "-",
        "01",
        "1.",
        "1e",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "[] []",
        "nul",
        "[truex]",
        "\"unterminated",
        "",
        "   ",
        "{\"a\":1}x",
    ];

    #[test]
    fn reads_what_serde_json_reads_or_gives_up() {
        for text in TEXTS {
            let ours = parse(text);
            let theirs = serde_json::from_str::<Json>(text);
            match (ours, theirs) {
                (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{text}"),
                (Ok(ours), Err(e)) => panic!("{text}: read {ours:?}, serde_json says {e}"),
                (Err(Unsupported), _) => {}
            }
        }
        assert!(parse(TEXTS[0]).is_ok() && parse(TEXTS[1]).is_ok());
    }

    #[test]
    fn string_ends_are_found_eight_bytes_at_a_time() {
        let text = "abcdefghijklmnopqrstu\"";
        for from in 0..text.len() {
            for (i, stop) in [b'"', b'\\', 0x1f, 0x00].into_iter().enumerate() {
                let mut bytes = text.as_bytes().to_vec();
                let at = (from + 3 * i) % bytes.len();
                bytes[at] = stop;
                let expected =
                    (from..bytes.len()).find(|&k| matches!(bytes[k], b'"' | b'\\' | 0..=0x1f));
                assert_eq!(string_end(&bytes, from), expected.unwrap_or(bytes.len()));
            }
        }
        let text = "é☃ plain text here";
        assert_eq!(string_end(text.as_bytes(), 0), text.len());
    }

    #[test]
    fn deep_nesting_is_left_to_serde_json() {
        let text = format!("{}{}", "[".repeat(120), "]".repeat(120));
        assert_eq!(parse(&text), Err(Unsupported));
    }
}
