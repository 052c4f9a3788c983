//! `accord avro compat --batch`: many compatibility checks in one process, for registry-wide
//! checks. JSON Lines requests on stdin, one verdict line per request on stdout, in order.
//!
//! A request is a pair, `{"id": ID, "writer": SCHEMA, "reader": SCHEMA}` (can `reader` read data
//! written with `writer`?), or a history, `{"id": ID, "old": [SCHEMA, ...], "new": SCHEMA,
//! "mode": MODE}` (`new` against `old`, oldest first, under `mode`, default `--mode`). Schemas
//! are JSON values, not strings; `id` is any JSON value, echoed back; other members are ignored.
//!
//! Memory is bounded: lines are read one at a time, a line longer than the limit is skipped (an
//! `AVRO200` verdict), and the cache of parsed schemas (keyed by the schema's exact text) is
//! emptied whenever it reaches [`CACHE_MAX_ENTRIES`] schemas or [`CACHE_MAX_BYTES`] of text.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::rc::Rc;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use super::{
    check_findings, finding_json, CompatArgs, Context, Semantics, Severity, EXIT_ERROR,
    EXIT_INCOMPATIBLE, EXIT_OK,
};
use crate::avro::{CompatMode, ParseError, Schema};

/// The default longest request line, in bytes (16 MiB).
pub const DEFAULT_MAX_LINE_BYTES: usize = 16 << 20;
/// The most parsed schemas the cache holds before it is emptied.
pub const CACHE_MAX_ENTRIES: usize = 4096;
/// The most schema text (bytes) the cache holds before it is emptied.
pub const CACHE_MAX_BYTES: usize = 64 << 20;

/// Error code: the line is longer than `--max-line-bytes`.
pub const LINE_TOO_LONG: &str = "AVRO200";
/// Error code: the line is not a JSON object (not UTF-8, not JSON, or another JSON value).
pub const NOT_JSON_OBJECT: &str = "AVRO201";
/// Error code: the object is not a request (members missing, forms mixed, unknown mode).
pub const BAD_REQUEST: &str = "AVRO202";
/// Error code: a schema of the request does not parse.
pub const SCHEMA_ERROR: &str = "AVRO203";

/// How a batch runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The mode of history requests that name none.
    pub mode: CompatMode,
    /// Which rules decide.
    pub semantics: Semantics,
    /// The longest line accepted.
    pub max_line_bytes: usize,
    /// Whether identical schema texts are parsed once.
    pub cache: bool,
}

impl Options {
    /// The options of `accord avro compat --batch`.
    pub fn of(args: &CompatArgs) -> Options {
        Options {
            mode: args.mode,
            semantics: args.semantics,
            max_line_bytes: args.max_line_bytes,
            cache: !args.no_cache,
        }
    }
}

/// Runs a batch from `input` to `out`; returns the exit code: 0 when every request is
/// compatible, 1 when some is incompatible, 2 when some line got an error verdict.
pub fn run(options: &Options, input: impl Read, out: &mut dyn Write) -> io::Result<i32> {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut batch = Batch {
        options: *options,
        cache: Cache::default(),
        worst: EXIT_OK,
    };
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    while let Some(line) = next_line(&mut reader, &mut out, &mut buf, options.max_line_bytes)? {
        line_no += 1;
        let verdict = match line {
            Line::TooLong(len) => batch.error(
                line_no,
                None,
                LINE_TOO_LONG,
                format!(
                    "line of {len} bytes is longer than --max-line-bytes {}",
                    options.max_line_bytes
                ),
            ),
            Line::Text => match std::str::from_utf8(&buf) {
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => batch.line(line_no, text),
                Err(e) => batch.error(line_no, None, NOT_JSON_OBJECT, format!("not UTF-8: {e}")),
            },
        };
        out.write_all(verdict.as_bytes())?;
    }
    out.flush()?;
    Ok(batch.worst)
}

/// What [`next_line`] read.
enum Line {
    /// A line, now in the buffer (without its line end).
    Text,
    /// A line of this many bytes, over the limit (not kept).
    TooLong(usize),
}

/// Reads the next line into `buf`, keeping at most `max` bytes; `None` at the end of the input.
/// Flushes `out` before waiting for input, so a caller that writes one request at a time gets
/// each verdict as soon as it is made.
fn next_line<R: Read>(
    reader: &mut BufReader<R>,
    out: &mut impl Write,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<Line>> {
    buf.clear();
    let (mut total, mut any) = (0usize, false);
    loop {
        if reader.buffer().is_empty() {
            out.flush()?;
        }
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, end) = match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => (at, true),
            None => (chunk.len(), false),
        };
        total += take;
        if total <= max {
            buf.extend_from_slice(&chunk[..take]);
        }
        reader.consume(take + usize::from(end));
        if end {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if total > max {
        buf.clear();
        return Ok(Some(Line::TooLong(total)));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Line::Text))
}

/// A request line, its members borrowed from the line's text.
#[derive(Deserialize)]
struct Request<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    writer: Option<&'a RawValue>,
    #[serde(borrow, default)]
    reader: Option<&'a RawValue>,
    #[serde(borrow, default)]
    old: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    new: Option<&'a RawValue>,
    #[serde(default)]
    mode: Option<String>,
}

/// A parsed schema (shared by every request with the same text), or why it did not parse.
type Parsed = Result<Rc<Schema>, ParseError>;

/// Parsed schemas by their exact text, bounded by [`CACHE_MAX_ENTRIES`] and [`CACHE_MAX_BYTES`].
#[derive(Default)]
struct Cache {
    map: HashMap<Box<str>, Parsed, foldhash::fast::RandomState>,
    bytes: usize,
}

impl Cache {
    fn get(&mut self, text: &str, enabled: bool) -> Parsed {
        if let Some(hit) = self.map.get(text) {
            return hit.clone();
        }
        let parsed = Schema::parse_str(text).map(Rc::new);
        if enabled && text.len() <= CACHE_MAX_BYTES {
            if self.map.len() >= CACHE_MAX_ENTRIES || self.bytes + text.len() > CACHE_MAX_BYTES {
                self.map.clear();
                self.bytes = 0;
            }
            self.bytes += text.len();
            self.map.insert(text.into(), parsed.clone());
        }
        parsed
    }
}

/// A request whose schemas parsed: the labels findings use, the new schema and the history.
struct Checked {
    ctx: Context,
    new: Rc<Schema>,
    history: Vec<Rc<Schema>>,
}

/// An error verdict before any check: its code and message.
type Refusal = (&'static str, String);

struct Batch {
    options: Options,
    cache: Cache,
    worst: i32,
}

impl Batch {
    /// The verdict line of one request line.
    fn line(&mut self, line_no: usize, text: &str) -> String {
        if !text.trim_start().starts_with('{') {
            // Also keeps serde from reading a JSON array as a struct's members in order.
            let message = match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => "the line is JSON but not an object".to_string(),
                Err(e) => e.to_string(),
            };
            return self.error(line_no, None, NOT_JSON_OBJECT, message);
        }
        let request: Request = match serde_json::from_str(text) {
            Ok(request) => request,
            Err(e) if e.classify() == serde_json::error::Category::Data => {
                let id = serde_json::from_str::<Value>(text)
                    .ok()
                    .and_then(|v| v.get("id").map(Value::to_string));
                return self.error(line_no, id.as_deref(), BAD_REQUEST, e.to_string());
            }
            Err(e) => return self.error(line_no, None, NOT_JSON_OBJECT, e.to_string()),
        };
        let id = request.id.map(RawValue::get);
        match self.prepare(&request) {
            Ok(checked) => self.verdict(line_no, id, &checked),
            Err((code, message)) => self.error(line_no, id, code, message),
        }
    }

    /// Parses the schemas of a request (through the cache) and names its sides.
    fn prepare(&mut self, request: &Request) -> Result<Checked, Refusal> {
        let (mode, olds, new, labels) = match request {
            Request {
                writer: Some(writer),
                reader: Some(reader),
                old: None,
                new: None,
                mode: None,
                ..
            } => (
                CompatMode::Backward,
                vec![*writer],
                *reader,
                (vec!["writer".to_string()], "reader"),
            ),
            Request {
                writer: None,
                reader: None,
                old: Some(old),
                new: Some(new),
                mode,
                ..
            } => {
                let mode = match mode {
                    Some(name) => name
                        .parse()
                        .map_err(|e: crate::avro::modes::UnknownMode| (BAD_REQUEST, e.to_string()))?,
                    None => self.options.mode,
                };
                let labels = (0..old.len()).map(|i| format!("old/{i}")).collect();
                (mode, old.clone(), *new, (labels, "new"))
            }
            _ => return Err((BAD_REQUEST, "expected either `writer` and `reader`, or `old` (an array) and `new` (with an optional `mode`)".to_string())),
        };
        let new_schema = self.schema(new, labels.1)?;
        let history = olds
            .iter()
            .zip(&labels.0)
            .map(|(text, label)| self.schema(text, label))
            .collect::<Result<Vec<_>, _>>()?;
        let ctx = Context {
            mode,
            olds: labels.0,
            new: labels.1.to_string(),
        };
        Ok(Checked {
            ctx,
            new: new_schema,
            history,
        })
    }

    fn schema(&mut self, raw: &RawValue, label: &str) -> Result<Rc<Schema>, Refusal> {
        self.cache
            .get(raw.get(), self.options.cache)
            .map_err(|e| (SCHEMA_ERROR, format!("{label}: {e}")))
    }

    fn verdict(&mut self, line_no: usize, id: Option<&str>, checked: &Checked) -> String {
        let (findings, _) = check_findings(
            &checked.ctx,
            self.options.semantics,
            &checked.new,
            &checked.history,
        );
        let compatible = findings.iter().all(|f| f.severity != Severity::Error);
        if !compatible {
            self.worst = self.worst.max(EXIT_INCOMPATIBLE);
        }
        let findings: Vec<_> = findings
            .iter()
            .map(|f| finding_json(f, checked.ctx.mode))
            .collect();
        // Structs of strings always serialize.
        let findings = serde_json::to_string(&findings).unwrap_or_else(|_| "[]".into());
        format!(
            "{{\"line\":{line_no},\"id\":{},\"compatible\":{compatible},\"findings\":{findings}}}\n",
            id.unwrap_or("null")
        )
    }

    fn error(&mut self, line_no: usize, id: Option<&str>, code: &str, message: String) -> String {
        self.worst = EXIT_ERROR;
        let error = json!({"code": code, "message": message});
        format!(
            "{{\"line\":{line_no},\"id\":{},\"error\":{error}}}\n",
            id.unwrap_or("null")
        )
    }
}
