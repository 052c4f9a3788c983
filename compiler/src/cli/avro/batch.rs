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
use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use serde_json::{json, Value};

use request::Request;

use super::{
    visit_findings, CompatArgs, Context, Semantics, Severity, EXIT_ERROR, EXIT_INCOMPATIBLE,
    EXIT_OK,
};
use crate::avro::json::reader;
use crate::avro::{CompatMode, ParseError, Schema};

mod request;
mod verdict;

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

/// The most lines checked together (in parallel) before their verdicts are written.
const CHUNK_MAX_LINES: usize = 1024;
/// The most request text (bytes) read ahead into one chunk.
const CHUNK_MAX_BYTES: usize = 8 << 20;
/// The most schema texts of the last request a worker remembers.
const RECENT: usize = 4;
/// The lines of a chunk one thread checks in a row, writing their verdicts into one buffer.
const RUN_LINES: usize = 16;

/// Runs a batch from `input` to `out`; returns the exit code: 0 when every request is
/// compatible, 1 when some is incompatible, 2 when some line got an error verdict.
///
/// Lines are read in chunks of what the input already holds (never waiting for more input while
/// verdicts are pending, so a caller that writes one request at a time gets each verdict at
/// once); the lines of a chunk are checked in parallel, one contiguous share per thread, each
/// share with its own schema cache, and the verdicts are written in input order. The calling
/// thread overlaps I/O with checking: while a chunk is checked it writes the verdicts of the
/// previous one and reads ahead the complete lines the input already holds.
pub fn run(options: &Options, input: impl Read, out: &mut dyn Write) -> io::Result<i32> {
    let mut reader = BufReader::with_capacity(1 << 20, input);
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let workers: Vec<Mutex<Worker>> = (0..rayon::current_num_threads().max(1))
        .map(|_| Mutex::new(Worker::new(*options)))
        .collect();
    let (mut chunk, mut next) = (Vec::new(), Vec::new());
    let mut line_no = 0usize;
    let mut more = next_chunk(&mut reader, &mut out, options, &mut chunk, &mut line_no)?;
    let mut pending: Vec<String> = Vec::new();
    loop {
        let mut verdicts = Vec::new();
        // The I/O stays on this thread (the input and output need not be `Send`).
        more = rayon::in_place_scope(|scope| -> io::Result<bool> {
            scope.spawn(|_| verdicts = check_chunk(&workers, &chunk));
            write_verdicts(&mut out, &pending)?;
            if !more {
                return Ok(false);
            }
            read_ahead(&mut reader, options, &mut next, &mut line_no)
        })?;
        pending = verdicts;
        if next.is_empty() {
            write_verdicts(&mut out, &pending)?;
            pending.clear();
            if !more {
                break;
            }
            more = next_chunk(&mut reader, &mut out, options, &mut next, &mut line_no)?;
        }
        std::mem::swap(&mut chunk, &mut next);
        next.clear();
    }
    out.flush()?;
    Ok(workers
        .into_iter()
        .map(|w| w.into_inner().unwrap_or_else(PoisonError::into_inner).worst)
        .max()
        .unwrap_or(EXIT_OK))
}

/// The verdict text of `chunk`, in order, in one piece per run of [`RUN_LINES`] lines. The runs
/// are shared out dynamically; each pool thread checks with its own worker (its own schema
/// cache), so the lock is never contended.
fn check_chunk(workers: &[Mutex<Worker>], chunk: &[(usize, Line)]) -> Vec<String> {
    chunk
        .par_chunks(RUN_LINES)
        .map(|run| {
            let thread = rayon::current_thread_index().unwrap_or(0) % workers.len();
            let mut worker = workers[thread]
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let mut out = String::with_capacity(run.len() * 512);
            for (line_no, line) in run {
                worker.line(*line_no, line, &mut out);
            }
            out
        })
        .collect()
}

/// Writes verdict text (buffered; flushed before any wait for input).
fn write_verdicts(out: &mut impl Write, verdicts: &[String]) -> io::Result<()> {
    for verdict in verdicts {
        out.write_all(verdict.as_bytes())?;
    }
    Ok(())
}

/// Reads into `chunk` the complete lines the input's buffer already holds, without ever waiting
/// for input (up to [`CHUNK_MAX_LINES`] and [`CHUNK_MAX_BYTES`]). Returns whether the input may
/// hold more lines.
fn read_ahead<R: Read>(
    reader: &mut BufReader<R>,
    options: &Options,
    chunk: &mut Vec<(usize, Line)>,
    line_no: &mut usize,
) -> io::Result<bool> {
    let mut bytes = 0usize;
    while chunk.len() < CHUNK_MAX_LINES && bytes < CHUNK_MAX_BYTES {
        if memchr::memchr(b'\n', reader.buffer()).is_none() {
            return Ok(true);
        }
        let Some(line) = next_line(reader, &mut io::sink(), options.max_line_bytes)? else {
            return Ok(false);
        };
        *line_no += 1;
        bytes += line.held_bytes();
        chunk.push((*line_no, line));
    }
    Ok(true)
}

/// Reads the next chunk of lines into `chunk` (numbered from `line_no` on): at least one line,
/// then more only while the input already holds them, up to [`CHUNK_MAX_LINES`] and
/// [`CHUNK_MAX_BYTES`]. Returns whether the input may hold more lines.
fn next_chunk<R: Read>(
    reader: &mut BufReader<R>,
    out: &mut impl Write,
    options: &Options,
    chunk: &mut Vec<(usize, Line)>,
    line_no: &mut usize,
) -> io::Result<bool> {
    chunk.clear();
    let mut bytes = 0usize;
    while chunk.len() < CHUNK_MAX_LINES && bytes < CHUNK_MAX_BYTES {
        if !chunk.is_empty() && reader.buffer().is_empty() {
            return Ok(true);
        }
        let Some(line) = next_line(reader, out, options.max_line_bytes)? else {
            return Ok(false);
        };
        *line_no += 1;
        bytes += line.held_bytes();
        chunk.push((*line_no, line));
    }
    Ok(true)
}

/// What [`next_line`] read.
enum Line {
    /// A line (without its line end).
    Text(Vec<u8>),
    /// A line of this many bytes, over the limit (not kept).
    TooLong(usize),
}

impl Line {
    /// The bytes this line holds in memory.
    fn held_bytes(&self) -> usize {
        match self {
            Line::Text(text) => text.len(),
            Line::TooLong(_) => 0,
        }
    }
}

/// Reads the next line, keeping at most `max` bytes; `None` at the end of the input. Flushes
/// `out` before waiting for input.
fn next_line<R: Read>(
    reader: &mut BufReader<R>,
    out: &mut impl Write,
    max: usize,
) -> io::Result<Option<Line>> {
    let mut buf = Vec::new();
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
        let (take, end) = match memchr::memchr(b'\n', chunk) {
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
        return Ok(Some(Line::TooLong(total)));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(Line::Text(buf)))
}

/// A parsed schema (shared by every request with the same text), or why it did not parse.
type Parsed = Result<Arc<Schema>, ParseError>;

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
        let parsed = Schema::parse_str(text).map(Arc::new);
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
    new: Arc<Schema>,
    history: Vec<Arc<Schema>>,
}

/// An error verdict before any check: its code and message.
type Refusal = (&'static str, String);

/// Checks lines with its own schema cache, remembering the worst exit code of its verdicts.
struct Worker {
    options: Options,
    cache: Cache,
    worst: i32,
    /// The findings of the verdict being written (kept to reuse its buffer).
    findings: String,
    /// The schema texts of the last request checked, which the next one often repeats.
    recent: Vec<String>,
}

impl Worker {
    fn new(options: Options) -> Worker {
        Worker {
            options,
            cache: Cache::default(),
            worst: EXIT_OK,
            findings: String::new(),
            recent: Vec::new(),
        }
    }

    /// Appends the verdict line of one input line (nothing for a blank line).
    fn line(&mut self, line_no: usize, line: &Line, out: &mut String) {
        match line {
            Line::TooLong(len) => {
                let message = format!(
                    "line of {len} bytes is longer than --max-line-bytes {}",
                    self.options.max_line_bytes
                );
                self.error(line_no, None, LINE_TOO_LONG, message, out)
            }
            Line::Text(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) if text.trim().is_empty() => {}
                Ok(text) => self.request(line_no, text, out),
                Err(e) => {
                    let message = format!("not UTF-8: {e}");
                    self.error(line_no, None, NOT_JSON_OBJECT, message, out)
                }
            },
        }
    }

    /// Appends the verdict line of one request line.
    fn request(&mut self, line_no: usize, text: &str, out: &mut String) {
        if !text.trim_start().starts_with('{') {
            // Also keeps serde from reading a JSON array as a struct's members in order.
            let message = match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => "the line is JSON but not an object".to_string(),
                Err(e) => e.to_string(),
            };
            return self.error(line_no, None, NOT_JSON_OBJECT, message, out);
        }
        if let Ok(request) = request::scan(text, &self.recent) {
            match self.prepare(&request) {
                Ok(checked) => {
                    self.remember(&request);
                    return self.verdict(line_no, request.id, &checked, out);
                }
                // The scan did not check the schemas' text as JSON; once they are checked,
                // `serde_json` would read the same request, so the refusal stands.
                Err((code, message)) if self.schemas_are_json(&request) => {
                    return self.error(line_no, request.id, code, message, out)
                }
                // Left to `serde_json`, which tells an invalid line from an invalid request.
                Err(_) => {}
            }
        }
        let request = match Request::from_serde(text) {
            Ok(request) => request,
            Err(e) if e.classify() == serde_json::error::Category::Data => {
                let id = serde_json::from_str::<Value>(text)
                    .ok()
                    .and_then(|v| v.get("id").map(Value::to_string));
                let message = e.to_string();
                return self.error(line_no, id.as_deref(), BAD_REQUEST, message, out);
            }
            Err(e) => return self.error(line_no, None, NOT_JSON_OBJECT, e.to_string(), out),
        };
        match self.prepare(&request) {
            Ok(checked) => self.verdict(line_no, request.id, &checked, out),
            Err((code, message)) => self.error(line_no, request.id, code, message, out),
        }
    }

    /// Whether every schema text of a scanned request is JSON: those that parsed are, the
    /// others are checked.
    fn schemas_are_json(&self, request: &Request) -> bool {
        request.schemas().all(|text| {
            matches!(self.cache.map.get(text), Some(Ok(_))) || reader::check(text).is_ok()
        })
    }

    /// Remembers the schema texts of a request whose schemas parsed (up to [`RECENT`]), reusing
    /// the buffers.
    fn remember(&mut self, request: &Request) {
        let mut kept = 0;
        for text in request.schemas().take(RECENT) {
            if kept == self.recent.len() {
                self.recent.push(String::new());
            }
            self.recent[kept].clear();
            self.recent[kept].push_str(text);
            kept += 1;
        }
        self.recent.truncate(kept);
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

    fn schema(&mut self, text: &str, label: &str) -> Result<Arc<Schema>, Refusal> {
        self.cache
            .get(text, self.options.cache)
            .map_err(|e| (SCHEMA_ERROR, format!("{label}: {e}")))
    }

    /// Appends the verdict line of a request whose schemas parsed.
    fn verdict(&mut self, line_no: usize, id: Option<&str>, checked: &Checked, out: &mut String) {
        let mode = checked.ctx.mode;
        let (mut findings, mut compatible) = (std::mem::take(&mut self.findings), true);
        findings.clear();
        visit_findings(
            &checked.ctx,
            self.options.semantics,
            &checked.new,
            &checked.history,
            |f| {
                findings.push(if findings.is_empty() { '[' } else { ',' });
                verdict::write_finding(&mut findings, f, mode);
                compatible &= f.severity != Severity::Error;
            },
        );
        if !compatible {
            self.worst = self.worst.max(EXIT_INCOMPATIBLE);
        }
        let _ = write!(
            out,
            "{{\"line\":{line_no},\"id\":{},\"compatible\":{compatible},\"findings\":",
            id.unwrap_or("null")
        );
        out.push_str(if findings.is_empty() { "[" } else { &findings });
        out.push_str("]}\n");
        self.findings = findings;
    }

    /// Appends an error verdict line.
    fn error(
        &mut self,
        line_no: usize,
        id: Option<&str>,
        code: &str,
        message: String,
        out: &mut String,
    ) {
        self.worst = EXIT_ERROR;
        let error = json!({"code": code, "message": message});
        let _ = writeln!(
            out,
            "{{\"line\":{line_no},\"id\":{},\"error\":{error}}}",
            id.unwrap_or("null")
        );
    }
}
