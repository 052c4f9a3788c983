//! Storage-layout paths (`docs/layouts.md`): the text of each segment type and a strict
//! left-to-right parser, exactly as the reference (`accord_compiler::layout::template`).
//! Generated layout structs call these; errors name the segment at fault ([`Error::path`]).

use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

/// Which characters a segment's text may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alphabet {
    /// `A-Z a-z 0-9 _ %`.
    String,
    /// `0-9 -` (int, long and date).
    Number,
    /// `0-9 a-f -`.
    Uuid,
    /// `a-z`.
    Bool,
    /// `A-Z a-z 0-9 _`.
    Symbol,
}

impl Alphabet {
    /// Whether `c` belongs to the alphabet.
    pub fn allows(self, c: char) -> bool {
        match self {
            Alphabet::String => c.is_ascii_alphanumeric() || c == '_' || c == '%',
            Alphabet::Number => c.is_ascii_digit() || c == '-',
            Alphabet::Uuid => c.is_ascii_digit() || ('a'..='f').contains(&c) || c == '-',
            Alphabet::Bool => c.is_ascii_lowercase(),
            Alphabet::Symbol => c.is_ascii_alphanumeric() || c == '_',
        }
    }
}

fn fault(segment: &str, message: impl Into<String>) -> Error {
    Error::new(message).within(segment)
}

/// The text of a string: bytes outside `[A-Za-z0-9_]` as `%XX`; `%` for "".
pub fn escape(value: &str) -> String {
    if value.is_empty() {
        return "%".to_string();
    }
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'_' {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The string a text stands for, if it is a text [`escape`] makes.
pub fn unescape(text: &str) -> Option<String> {
    if text == "%" {
        return Some(String::new());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            if !hex
                .chars()
                .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))
            {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let value = String::from_utf8(out).ok()?;
    // Canonical texts only (`%41` is not `A`): one value, one text.
    (escape(&value) == text).then_some(value)
}

/// The text of an integer, zero-padded to `pad` characters (sign included; 0 for none).
pub fn format_int(value: i64, pad: usize) -> String {
    format!("{value:0pad$}")
}

/// The text of a date (`YYYY-MM-DD`), for years 0000 to 9999.
pub fn format_date(segment: &str, value: NaiveDate) -> Result<String> {
    if !(0..=9999).contains(&value.year()) {
        return Err(fault(
            segment,
            format!("{value} is outside years 0000 to 9999"),
        ));
    }
    Ok(format!(
        "{:04}-{:02}-{:02}",
        value.year(),
        value.month(),
        value.day()
    ))
}

/// The text of a uuid: lowercase, hyphenated.
pub fn format_uuid(value: &Uuid) -> String {
    value.hyphenated().to_string()
}

/// The text of a bool.
pub fn format_bool(value: bool) -> String {
    value.to_string()
}

/// A string from its text (strict).
pub fn parse_string(segment: &str, text: &str) -> Result<String> {
    unescape(text).ok_or_else(|| fault(segment, format!("`{text}` is not a string")))
}

/// An integer from its text (strict: canonical texts only; `long` false checks the int range).
pub fn parse_int(segment: &str, text: &str, pad: usize, long: bool) -> Result<i64> {
    let kind = if long { "long" } else { "int" };
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(fault(segment, format!("`{text}` is not a {kind}")));
    }
    let value: i64 = text
        .parse()
        .map_err(|_| fault(segment, format!("`{text}` is not a {kind}")))?;
    if !long && i32::try_from(value).is_err() {
        return Err(fault(segment, format!("{value} does not fit in an int")));
    }
    if format_int(value, pad) != text {
        return Err(fault(
            segment,
            format!("`{text}` is not the canonical text of a {kind}"),
        ));
    }
    Ok(value)
}

/// A date from `YYYY-MM-DD` (exactly that shape, a real date).
pub fn parse_date(segment: &str, text: &str) -> Result<NaiveDate> {
    let bad = || fault(segment, format!("`{text}` is not a date"));
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &text[range];
        part.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (
        number(0..4).ok_or_else(bad)?,
        number(5..7).ok_or_else(bad)?,
        number(8..10).ok_or_else(bad)?,
    );
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(bad)
}

/// A uuid from its lowercase hyphenated text.
pub fn parse_uuid(segment: &str, text: &str) -> Result<Uuid> {
    let canonical = text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        });
    match Uuid::parse_str(text) {
        Ok(value) if canonical => Ok(value),
        _ => Err(fault(
            segment,
            format!("`{text}` is not a lowercase hyphenated uuid"),
        )),
    }
}

/// A bool from `true` / `false`.
pub fn parse_bool(segment: &str, text: &str) -> Result<bool> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(fault(segment, format!("`{text}` is not a bool"))),
    }
}

/// The error of an unknown enum symbol.
pub fn bad_symbol(segment: &str, text: &str) -> Error {
    fault(segment, format!("`{text}` is not a symbol"))
}

/// Reads a path left to right: literals match exactly, a segment is the longest run of its
/// alphabet (never empty). Errors name the segment before a mismatched literal.
#[derive(Debug)]
pub struct Parser<'a> {
    path: &'a str,
    rest: &'a str,
    previous: Option<&'static str>,
}

impl<'a> Parser<'a> {
    /// A parser at the start of `path`.
    pub fn new(path: &'a str) -> Parser<'a> {
        Parser {
            path,
            rest: path,
            previous: None,
        }
    }

    fn error(&self, message: String) -> Error {
        match self.previous {
            Some(segment) => fault(segment, message),
            None => Error::new(message),
        }
    }

    /// Consumes the literal `text`.
    pub fn literal(&mut self, text: &str) -> Result<()> {
        match self.rest.strip_prefix(text) {
            Some(rest) => {
                self.rest = rest;
                self.previous = None;
                Ok(())
            }
            None => Err(self.error(format!(
                "expected `{text}` at byte {}",
                self.path.len() - self.rest.len()
            ))),
        }
    }

    /// Consumes the text of the segment `name`.
    pub fn segment(&mut self, name: &'static str, alphabet: Alphabet) -> Result<&'a str> {
        let end = self
            .rest
            .char_indices()
            .find(|(_, c)| !alphabet.allows(*c))
            .map_or(self.rest.len(), |(i, _)| i);
        if end == 0 {
            return Err(fault(name, "the text is empty"));
        }
        let (text, rest) = self.rest.split_at(end);
        self.rest = rest;
        self.previous = Some(name);
        Ok(text)
    }

    /// Checks that the whole path was read.
    pub fn finish(self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.error(format!("unexpected `{}` at the end of the path", self.rest)))
        }
    }
}
