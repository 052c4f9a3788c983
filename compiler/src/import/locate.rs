//! Byte spans of JSON values by JSON pointer, for diagnostics that point into an `.avsc` file.
//!
//! A small scanner over the (already validated) JSON text: it records the span of every value
//! under its pointer (`/fields/2/type`), and of every member's key under the pointer plus `#key`.

use std::collections::HashMap;

/// Spans of the values of one JSON document.
#[derive(Debug, Default)]
pub struct Locator {
    spans: HashMap<String, (usize, usize)>,
}

impl Locator {
    /// Scans `text`; a malformed document gives whatever was found before the problem.
    pub fn new(text: &str) -> Locator {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            pos: 0,
            spans: HashMap::new(),
        };
        scanner.value(String::new(), 0);
        Locator {
            spans: scanner.spans,
        }
    }

    /// The span of the value at `pointer`, or of its nearest enclosing value that exists
    /// (pointers into a named type referenced by name land on the reference); the whole
    /// document when nothing matches.
    pub fn span(&self, pointer: &str) -> (usize, usize) {
        let mut pointer = pointer;
        loop {
            if let Some(span) = self.spans.get(pointer) {
                return *span;
            }
            match pointer.rfind('/') {
                Some(at) => pointer = &pointer[..at],
                None => return self.spans.get("").copied().unwrap_or((0, 0)),
            }
        }
    }

    /// The span of the key of the member at `pointer` (e.g. `/fields/0/order`), else the
    /// span of the value as [`Locator::span`] finds it.
    pub fn key_span(&self, pointer: &str) -> (usize, usize) {
        self.spans
            .get(&format!("{pointer}#key"))
            .copied()
            .unwrap_or_else(|| self.span(pointer))
    }
}

struct Scanner<'t> {
    bytes: &'t [u8],
    pos: usize,
    spans: HashMap<String, (usize, usize)>,
}

impl Scanner<'_> {
    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.pos += 1;
        }
    }

    fn value(&mut self, pointer: String, depth: usize) -> Option<()> {
        self.skip_space();
        let start = self.pos;
        if depth > 512 {
            return None;
        }
        match *self.bytes.get(self.pos)? {
            b'{' => {
                self.pos += 1;
                loop {
                    self.skip_space();
                    match *self.bytes.get(self.pos)? {
                        b'}' => {
                            self.pos += 1;
                            break;
                        }
                        b',' => self.pos += 1,
                        b'"' => {
                            let key_start = self.pos;
                            let key = self.string()?;
                            let child = format!("{pointer}/{}", escape(&key));
                            self.spans
                                .insert(format!("{child}#key"), (key_start, self.pos));
                            self.skip_space();
                            if self.bytes.get(self.pos) != Some(&b':') {
                                return None;
                            }
                            self.pos += 1;
                            self.value(child, depth + 1)?;
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut index = 0;
                loop {
                    self.skip_space();
                    match *self.bytes.get(self.pos)? {
                        b']' => {
                            self.pos += 1;
                            break;
                        }
                        b',' => self.pos += 1,
                        _ => {
                            self.value(format!("{pointer}/{index}"), depth + 1)?;
                            index += 1;
                        }
                    }
                }
            }
            b'"' => {
                self.string()?;
            }
            _ => {
                while self
                    .bytes
                    .get(self.pos)
                    .is_some_and(|b| !matches!(b, b',' | b']' | b'}') && !b.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
                if self.pos == start {
                    // No value here (a `}` closing an array, say): stop rather than loop over
                    // it for ever (a fuzz finding).
                    return None;
                }
            }
        }
        self.spans.insert(pointer, (start, self.pos));
        Some(())
    }

    /// Reads a string token (the cursor is on its opening quote) and returns its content.
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 1;
        loop {
            match *self.bytes.get(self.pos)? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        let raw = std::str::from_utf8(&self.bytes[start..self.pos]).ok()?;
        serde_json::from_str(raw).ok()
    }
}

/// A JSON-pointer token: `~` and `/` escaped.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_without_a_value_ends_the_scan() {
        // Found by the `import` fuzz target: `}` inside an array looped for ever.
        for text in [r#"{"a": [1, }"#, "[}", r#"{"a": ]}"#] {
            let _ = Locator::new(text);
        }
    }

    #[test]
    fn finds_values_and_keys() {
        let text = r#"{"type": "record", "fields": [{"name": "a", "type": ["null", "int"], "order": "ignore"}]}"#;
        let locator = Locator::new(text);
        let at = |(s, e): (usize, usize)| &text[s..e];
        assert_eq!(at(locator.span("/fields/0/type/1")), "\"int\"");
        assert_eq!(at(locator.key_span("/fields/0/order")), "\"order\"");
        assert_eq!(at(locator.span("/fields/0/type/1/items")), "\"int\"");
        assert_eq!(at(locator.span("")), text);
    }
}
