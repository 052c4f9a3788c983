//! Path templates: the text inside a layout's `path "..."`, the textual form of every segment
//! type, and the reference formatter and parser. This module is the specification that
//! generated code follows (`docs/layouts.md` says the same in prose; the shared path vectors
//! prove that targets agree with it).
//!
//! # Syntax
//!
//! ```text
//! template = part , { part } ;
//! part     = literal | "{" , name , [ ":" , type ] , [ ":" , format ] , "}" ;
//! name     = ( letter | "_" ) , { letter | digit | "_" } ;
//! type     = path , [ "@" , digits ] ;          (* a scalar, newtype or enum *)
//! format   = "0" , digits ;                     (* zero-padded width, integers only *)
//! ```
//!
//! A segment without a type (`{customer_id}`) takes the type of the stored record's field of
//! that name. Literals are printable ASCII without `% { } \ " * ? [ ] #` and spaces; a
//! template does not start with `/` and has no empty directory (`//`).
//!
//! # Textual forms (the alphabet of each kind)
//!
//! | kind | text | alphabet |
//! |---|---|---|
//! | string | UTF-8, every byte outside `[A-Za-z0-9_]` as `%XX` (uppercase hex); the empty string is `%` | `A-Z a-z 0-9 _ %` |
//! | int, long | decimal, `-` for negatives, no leading zeros; `:0N` pads with zeros to width N (sign included) | `0-9 -` |
//! | uuid | lowercase hyphenated `8-4-4-4-12` | `0-9 a-f -` |
//! | date | `YYYY-MM-DD`, years 0000 to 9999 | `0-9 -` |
//! | bool | `true` / `false` | `a-z` |
//! | enum | the symbol | `A-Z a-z 0-9 _` |
//!
//! # Parsing
//!
//! A path is read left to right: each literal must match exactly; a segment's text is the
//! longest run of characters of its kind's alphabet (every text is non-empty), and must be the
//! canonical text of a value (formatting the value gives back the text). A template is
//! unambiguous when no two segments touch and no segment is followed by a literal whose first
//! character is in the segment's alphabet: then the run ends exactly where the formatter
//! stopped, and `parse(path(x)) == x` for every `x`.

use crate::avro::calendar::{civil_from_days, days_from_civil};
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use std::fmt;

// ---- syntax -----------------------------------------------------------------------------------

/// One part of a template as written (offsets are byte offsets into the template text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawPart {
    /// Text that every path contains as is.
    Literal {
        /// The text.
        text: String,
        /// Where it starts.
        offset: usize,
    },
    /// `{name: type:format}`.
    Segment(RawSegment),
}

/// A segment as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSegment {
    /// The segment's name.
    pub name: String,
    /// The type as written (trimmed) and its offset, if written.
    pub ty: Option<(String, usize)>,
    /// The zero-padded width (`:05` is 5) and the offset of the format, if written.
    pub pad: Option<(usize, usize)>,
    /// Where `{` is.
    pub offset: usize,
    /// Length of the whole `{...}`.
    pub len: usize,
}

/// A syntax error in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Where, as a byte offset into the template.
    pub offset: usize,
    /// How many bytes.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Characters a literal may not contain, besides spaces, controls and non-ASCII.
pub const RESERVED_IN_LITERALS: &str = "%{}\\\"*?[]#";

/// The widest zero padding accepted (a `long` has at most 19 digits and a sign).
pub const MAX_PAD: usize = 20;

fn literal_char_ok(c: char) -> bool {
    c.is_ascii_graphic() && !RESERVED_IN_LITERALS.contains(c)
}

/// A [`TemplateError`] of `len` bytes (at least one) at `offset`.
fn template_error(offset: usize, len: usize, message: String, hint: &str) -> TemplateError {
    TemplateError {
        offset,
        len: len.max(1),
        message,
        hint: hint.to_string(),
    }
}

/// Splits a template into literals and segments, checking the syntax.
pub fn parse_template(text: &str) -> Result<Vec<RawPart>, TemplateError> {
    check_start(text)?;
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut literal_start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '{' {
            let close = closing_brace(text, at)?;
            if !literal.is_empty() {
                parts.push(RawPart::Literal {
                    text: std::mem::take(&mut literal),
                    offset: literal_start,
                });
            }
            parts.push(RawPart::Segment(segment(text, at, close)?));
            while chars.peek().is_some_and(|(i, _)| *i <= close) {
                chars.next();
            }
            literal_start = close + 1;
            continue;
        }
        check_literal_char(text, at, c)?;
        if literal.is_empty() {
            literal_start = at;
        }
        literal.push(c);
    }
    if !literal.is_empty() {
        parts.push(RawPart::Literal {
            text: literal,
            offset: literal_start,
        });
    }
    Ok(parts)
}

/// A template is not empty and does not start with `/`.
fn check_start(text: &str) -> Result<(), TemplateError> {
    if text.is_empty() {
        return Err(template_error(
            0,
            0,
            "the path template is empty".into(),
            "write the path, e.g. \"orders/{id}/data.parquet\"",
        ));
    }
    if text.starts_with('/') {
        return Err(template_error(
            0,
            1,
            "a path template does not start with `/`".into(),
            "paths are relative to the storage root: remove the leading `/`",
        ));
    }
    Ok(())
}

/// The offset of the `}` closing the `{` at `open` (no `{` between them).
fn closing_brace(text: &str, open: usize) -> Result<usize, TemplateError> {
    let close = text[open..].find('}').map(|i| open + i);
    close
        .filter(|close| !text[open + 1..*close].contains('{'))
        .ok_or_else(|| {
            template_error(
                open,
                1,
                "`{` is not closed by `}`".into(),
                "segments are written `{name}` or `{name: type}`",
            )
        })
}

/// Character `c` at `at` may be part of a literal: printable, not reserved, no `//`, and not a
/// stray `}`.
fn check_literal_char(text: &str, at: usize, c: char) -> Result<(), TemplateError> {
    match c {
        '}' => Err(template_error(
            at,
            1,
            "`}` without `{`".into(),
            "braces only surround segments",
        )),
        '/' if text[..at].ends_with('/') => Err(template_error(
            at - 1,
            2,
            "a path template has no empty directory (`//`)".into(),
            "object stores and file systems disagree on `//`: remove one `/`",
        )),
        c if literal_char_ok(c) => Ok(()),
        other => Err(template_error(
            at,
            other.len_utf8(),
            format!("{other:?} cannot be written in a path literal"),
            "literals are printable ASCII without spaces and without % { } \\ \" * ? [ ] #",
        )),
    }
}

/// The segment `text[open..=close]`.
fn segment(text: &str, open: usize, close: usize) -> Result<RawSegment, TemplateError> {
    let inner = &text[open + 1..close];
    let len = close - open + 1;
    let error = |message: String, hint: &str| TemplateError {
        offset: open,
        len,
        message,
        hint: hint.to_string(),
    };
    let mut pieces = Vec::new();
    let mut start = open + 1;
    for piece in inner.split(':') {
        pieces.push((piece, start));
        start += piece.len() + 1;
    }
    let (name, _) = pieces[0];
    let name = name.trim();
    let valid_name = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid_name {
        return Err(error(
            format!("`{name}` is not a segment name"),
            "a segment is `{name}`, `{name: type}` or `{name: type:05}`; names are letters, digits and `_`",
        ));
    }
    let mut ty = None;
    let mut pad = None;
    for (index, (piece, at)) in pieces.iter().enumerate().skip(1) {
        let trimmed = piece.trim();
        let at = at + (piece.len() - piece.trim_start().len());
        if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
            let width = trimmed
                .strip_prefix('0')
                .filter(|digits| !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
                .and_then(|digits| digits.parse::<usize>().ok())
                .filter(|width| (1..=MAX_PAD).contains(width));
            match width {
                Some(width) if pad.is_none() && index == pieces.len() - 1 => {
                    pad = Some((width, at))
                }
                _ => {
                    return Err(error(
                        format!("`{trimmed}` is not a format"),
                        "the one format is a zero-padded width, `0N` with N from 1 to 20, written last: `{part: int:05}`",
                    ))
                }
            }
        } else if ty.is_none() && index == 1 && !trimmed.is_empty() {
            ty = Some((trimmed.to_string(), at));
        } else {
            return Err(error(
                format!("cannot read the segment `{{{inner}}}`"),
                "a segment is `{name}`, `{name: type}` or `{name: type:05}`",
            ));
        }
    }
    Ok(RawSegment {
        name: name.to_string(),
        ty,
        pad,
        offset: open,
        len,
    })
}

// ---- resolved templates ------------------------------------------------------------------------

/// What a segment holds, as far as its text is concerned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `string` (or a newtype of it).
    String,
    /// `int` (`long: false`) or `long`, with an optional zero-padded width.
    Int {
        /// Whether it is a `long`.
        long: bool,
        /// `:0N`: the zero-padded width.
        pad: Option<usize>,
    },
    /// `uuid`.
    Uuid,
    /// `date`.
    Date,
    /// `bool`.
    Bool,
    /// An enum with these symbols.
    Enum(Vec<String>),
}

impl Kind {
    /// Whether `c` can occur in the text of a value of this kind.
    pub fn allows(&self, c: char) -> bool {
        match self {
            Kind::String => c.is_ascii_alphanumeric() || c == '_' || c == '%',
            Kind::Int { .. } | Kind::Date => c.is_ascii_digit() || c == '-',
            Kind::Uuid => c.is_ascii_digit() || ('a'..='f').contains(&c) || c == '-',
            Kind::Bool => c.is_ascii_lowercase(),
            Kind::Enum(_) => c.is_ascii_alphanumeric() || c == '_',
        }
    }

    /// The alphabet in words, for messages and docs.
    pub fn alphabet(&self) -> &'static str {
        match self {
            Kind::String => "letters, digits, `_` and `%` (every other byte is escaped as %XX)",
            Kind::Int { .. } => "digits and `-`",
            Kind::Date => "digits and `-` (YYYY-MM-DD)",
            Kind::Uuid => "lowercase hex digits and `-`",
            Kind::Bool => "lowercase letters",
            Kind::Enum(_) => "letters, digits and `_`",
        }
    }

    /// The name of the kind in messages.
    pub fn describe(&self) -> String {
        match self {
            Kind::String => "string".into(),
            Kind::Int { long, pad } => {
                let name = if *long { "long" } else { "int" };
                match pad {
                    Some(width) => format!("{name}:0{width}"),
                    None => name.into(),
                }
            }
            Kind::Uuid => "uuid".into(),
            Kind::Date => "date".into(),
            Kind::Bool => "bool".into(),
            Kind::Enum(symbols) => format!("enum {{{}}}", symbols.join(", ")),
        }
    }

    /// Whether a reader of this kind parses every text a writer of kind `writer` formats, to
    /// the same value: the same kind, `long` reading `int` (same width), or an enum reading an
    /// enum whose symbols it all has.
    pub fn reads(&self, writer: &Kind) -> bool {
        match (self, writer) {
            (Kind::Int { long: true, pad: r }, Kind::Int { pad: w, .. }) => r == w,
            (Kind::Enum(reader), Kind::Enum(writer)) => writer.iter().all(|s| reader.contains(s)),
            (reader, writer) => reader == writer,
        }
    }
}

/// One segment of a resolved template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Segment {
    /// Its name: the key of its value.
    pub name: String,
    /// What it holds.
    pub kind: Kind,
}

/// One part of a resolved template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part {
    /// Text every path contains.
    Literal(String),
    /// A typed value.
    Segment(Segment),
}

/// A resolved template: what the formatter and parser read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Template {
    /// Literals and segments in order.
    pub parts: Vec<Part>,
}

impl Template {
    /// The segments in order.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.parts.iter().filter_map(|p| match p {
            Part::Segment(s) => Some(s),
            Part::Literal(_) => None,
        })
    }

    /// The template written back, with each segment's kind: `orders/{id: string}/...`.
    pub fn describe(&self) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Literal(text) => text.clone(),
                Part::Segment(s) => format!("{{{}: {}}}", s.name, s.kind.describe()),
            })
            .collect()
    }
}

/// Why a template can produce paths that do not parse back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ambiguity {
    /// Segments at these part indexes touch: no literal says where one ends.
    Adjacent(usize, usize),
    /// The segment at this part index can contain `char`, which starts the literal after it.
    Swallows(usize, char),
}

/// Every ambiguity of a template, in order.
pub fn ambiguities(template: &Template) -> Vec<Ambiguity> {
    let mut found = Vec::new();
    for (index, pair) in template.parts.windows(2).enumerate() {
        match pair {
            [Part::Segment(_), Part::Segment(_)] => {
                found.push(Ambiguity::Adjacent(index, index + 1))
            }
            [Part::Segment(segment), Part::Literal(text)] => {
                if let Some(first) = text.chars().next().filter(|c| segment.kind.allows(*c)) {
                    found.push(Ambiguity::Swallows(index, first));
                }
            }
            _ => {}
        }
    }
    found
}

/// Why a reader template cannot read every path of a writer template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The templates do not have the same literals and segments in the same places; the index
    /// is the first part that differs (or the shorter length).
    Structure(usize),
    /// The segment at this part index has a kind that does not read the writer's.
    Kind(usize),
}

/// Whether `reader` parses every path `writer` formats into the same segment values (both
/// templates unambiguous): the same literals and segment names in the same order, and each
/// reader segment kind reading the writer's ([`Kind::reads`]).
pub fn reads(reader: &Template, writer: &Template) -> Result<(), Unreadable> {
    for (index, pair) in reader.parts.iter().zip(&writer.parts).enumerate() {
        match pair {
            (Part::Literal(r), Part::Literal(w)) if r == w => {}
            (Part::Segment(r), Part::Segment(w)) if r.name == w.name => {
                if !r.kind.reads(&w.kind) {
                    return Err(Unreadable::Kind(index));
                }
            }
            _ => return Err(Unreadable::Structure(index)),
        }
    }
    if reader.parts.len() != writer.parts.len() {
        return Err(Unreadable::Structure(
            reader.parts.len().min(writer.parts.len()),
        ));
    }
    Ok(())
}

// ---- values ------------------------------------------------------------------------------------

/// A segment value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    /// A string.
    Str(String),
    /// An `int` or `long`.
    Int(i64),
    /// A uuid, canonical lowercase hyphenated text.
    Uuid(String),
    /// A date: days since 1970-01-01.
    Date(i32),
    /// A bool.
    Bool(bool),
    /// An enum symbol.
    Symbol(String),
}

impl Value {
    /// The value in Avro's JSON encoding (dates as days), as path vectors hold it.
    pub fn to_json(&self) -> Json {
        match self {
            Value::Str(s) | Value::Uuid(s) | Value::Symbol(s) => json!(s),
            Value::Int(i) => json!(i),
            Value::Date(days) => json!(days),
            Value::Bool(b) => json!(b),
        }
    }

    /// A value of `kind` from its JSON encoding.
    pub fn from_json(kind: &Kind, json: &Json) -> Option<Value> {
        Some(match kind {
            Kind::String => Value::Str(json.as_str()?.to_string()),
            Kind::Int { .. } => Value::Int(json.as_i64()?),
            Kind::Uuid => Value::Uuid(json.as_str()?.to_string()),
            Kind::Date => Value::Date(i32::try_from(json.as_i64()?).ok()?),
            Kind::Bool => Value::Bool(json.as_bool()?),
            Kind::Enum(_) => Value::Symbol(json.as_str()?.to_string()),
        })
    }
}

/// Segment values by name.
pub type Values = BTreeMap<String, Value>;

/// Why a path could not be made or read: always names the segment when one is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// The segment at fault, if any.
    pub segment: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.segment {
            Some(segment) => write!(f, "segment `{segment}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for PathError {}

fn fault(segment: &str, message: impl Into<String>) -> PathError {
    PathError {
        segment: Some(segment.to_string()),
        message: message.into(),
    }
}

/// The text of one value of `kind`.
pub fn format_value(segment: &Segment, value: &Value) -> Result<String, PathError> {
    let name = &segment.name;
    match (&segment.kind, value) {
        (Kind::String, Value::Str(s)) => Ok(escape(s)),
        (Kind::Int { long, pad }, Value::Int(i)) => {
            if !long && i32::try_from(*i).is_err() {
                return Err(fault(name, format!("{i} does not fit in an int")));
            }
            Ok(match pad {
                Some(width) => format!("{i:0width$}"),
                None => i.to_string(),
            })
        }
        (Kind::Uuid, Value::Uuid(u)) if is_canonical_uuid(u) => Ok(u.clone()),
        (Kind::Uuid, Value::Uuid(u)) => Err(fault(
            name,
            format!("`{u}` is not a lowercase hyphenated uuid"),
        )),
        (Kind::Date, Value::Date(days)) => format_date(*days)
            .ok_or_else(|| fault(name, format!("day {days} is outside years 0000 to 9999"))),
        (Kind::Bool, Value::Bool(b)) => Ok(b.to_string()),
        (Kind::Enum(symbols), Value::Symbol(s)) if symbols.contains(s) => Ok(s.clone()),
        (Kind::Enum(_), Value::Symbol(s)) => Err(fault(name, format!("`{s}` is not a symbol"))),
        (kind, _) => Err(fault(
            name,
            format!("expected a value of kind {}", kind.describe()),
        )),
    }
}

/// The value of `kind` whose text is `text` (strict: only canonical texts parse).
pub fn parse_value(segment: &Segment, text: &str) -> Result<Value, PathError> {
    let name = &segment.name;
    let bad = || {
        fault(
            name,
            format!("`{text}` is not a {}", segment.kind.describe()),
        )
    };
    let value = match &segment.kind {
        Kind::String => Value::Str(unescape(text).ok_or_else(bad)?),
        Kind::Int { .. } => {
            let digits = text.strip_prefix('-').unwrap_or(text);
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad());
            }
            Value::Int(text.parse().map_err(|_| bad())?)
        }
        Kind::Uuid => Value::Uuid(text.to_string()),
        Kind::Date => Value::Date(parse_date(text).ok_or_else(bad)?),
        Kind::Bool => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(bad()),
        },
        Kind::Enum(_) => Value::Symbol(text.to_string()),
    };
    // Canonical texts only: one value, one text.
    match format_value(segment, &value) {
        Ok(again) if again == text => Ok(value),
        Ok(_) => Err(fault(
            name,
            format!(
                "`{text}` is not the canonical text of a {}",
                segment.kind.describe()
            ),
        )),
        Err(error) => Err(error),
    }
}

/// The path of the values (every segment needs a value; extra values are refused).
pub fn format_path(template: &Template, values: &Values) -> Result<String, PathError> {
    let mut path = String::new();
    for part in &template.parts {
        match part {
            Part::Literal(text) => path.push_str(text),
            Part::Segment(segment) => {
                let value = values
                    .get(&segment.name)
                    .ok_or_else(|| fault(&segment.name, "no value given"))?;
                path.push_str(&format_value(segment, value)?);
            }
        }
    }
    if let Some(extra) = values
        .keys()
        .find(|k| !template.segments().any(|s| &s.name == *k))
    {
        return Err(fault(extra, "the template has no such segment"));
    }
    Ok(path)
}

/// The segment values of a path (the template must be unambiguous).
pub fn parse_path(template: &Template, path: &str) -> Result<Values, PathError> {
    let mut values = Values::new();
    let mut rest = path;
    let mut previous: Option<&str> = None;
    for part in &template.parts {
        match part {
            Part::Literal(text) => {
                rest = rest.strip_prefix(text.as_str()).ok_or_else(|| {
                    let message = format!("expected `{text}` at byte {}", path.len() - rest.len());
                    match previous {
                        Some(segment) => fault(segment, message),
                        None => PathError {
                            segment: None,
                            message,
                        },
                    }
                })?;
                previous = None;
            }
            Part::Segment(segment) => {
                let end = rest
                    .char_indices()
                    .find(|(_, c)| !segment.kind.allows(*c))
                    .map_or(rest.len(), |(i, _)| i);
                if end == 0 {
                    return Err(fault(&segment.name, "the text is empty"));
                }
                values.insert(segment.name.clone(), parse_value(segment, &rest[..end])?);
                rest = &rest[end..];
                previous = Some(&segment.name);
            }
        }
    }
    if !rest.is_empty() {
        let message = format!("unexpected `{rest}` at the end of the path");
        return Err(match previous {
            Some(segment) => fault(segment, message),
            None => PathError {
                segment: None,
                message,
            },
        });
    }
    Ok(values)
}

/// The longest path prefix shared by every path with the given values: the text up to the
/// first segment without a value (for listing by prefix).
pub fn prefix(template: &Template, values: &Values) -> Result<String, PathError> {
    let mut out = String::new();
    for part in &template.parts {
        match part {
            Part::Literal(text) => out.push_str(text),
            Part::Segment(segment) => match values.get(&segment.name) {
                Some(value) => out.push_str(&format_value(segment, value)?),
                None => break,
            },
        }
    }
    Ok(out)
}

/// A glob matching every path with the given values: each segment without a value is `*`
/// (literals never contain glob characters, and no segment text contains `*`, `?` or `[`).
pub fn glob(template: &Template, values: &Values) -> Result<String, PathError> {
    let mut out = String::new();
    for part in &template.parts {
        match part {
            Part::Literal(text) => out.push_str(text),
            Part::Segment(segment) => match values.get(&segment.name) {
                Some(value) => out.push_str(&format_value(segment, value)?),
                None => out.push('*'),
            },
        }
    }
    Ok(out)
}

// ---- strings -----------------------------------------------------------------------------------

/// The text of a string segment: bytes outside `[A-Za-z0-9_]` as `%XX`; `%` for "".
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
    String::from_utf8(out).ok()
}

fn is_canonical_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

// ---- dates -------------------------------------------------------------------------------------

/// `YYYY-MM-DD` of a day count since 1970-01-01, for years 0000 to 9999.
pub fn format_date(days: i32) -> Option<String> {
    let (year, month, day) = civil_from_days(i64::from(days));
    (0..=9999)
        .contains(&year)
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The day count of `YYYY-MM-DD` (exactly that shape, a real date).
pub fn parse_date(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = &text[range];
        part.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    i32::try_from(days_from_civil(year, month, day)).ok()
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests;
