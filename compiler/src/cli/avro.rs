//! The `avro` command-line adapter: argument types and [`run`]. It only reads files, calls the
//! engine and renders findings.
//!
//! Mount [`AvroArgs`] as a subcommand of any clap CLI:
//! ```
//! use clap::Parser;
//!
//! #[derive(clap::Parser)]
//! struct Cli {
//!     #[command(subcommand)]
//!     command: Command,
//! }
//!
//! #[derive(clap::Subcommand)]
//! enum Command {
//!     Avro(accord_compiler::cli::avro::AvroArgs),
//! }
//!
//! let cli = Cli::parse_from(["tool", "avro", "fingerprint", "user.avsc"]);
//! let Command::Avro(args) = cli.command;
//! # let _ = args;
//! // std::process::exit(accord_compiler::cli::avro::run(&args));
//! ```
//!
//! # Finding codes
//!
//! | code | category | severity | meaning |
//! |---|---|---|---|
//! | `AVRO001` | wire | error | `NAME_MISMATCH`: a named type was renamed without an alias |
//! | `AVRO002` | wire | error | `FIXED_SIZE_MISMATCH`: a fixed type changed size |
//! | `AVRO003` | wire | error | `MISSING_ENUM_SYMBOLS`: the reader enum lacks writer symbols and has no default |
//! | `AVRO004` | wire | error | `READER_FIELD_MISSING_DEFAULT_VALUE`: a reader field the writer lacks has no default |
//! | `AVRO005` | wire | error | `TYPE_MISMATCH`: the types do not resolve (no promotion applies) |
//! | `AVRO006` | wire | error | `MISSING_UNION_BRANCH`: the reader union has no branch for a writer type |
//! | `AVRO007` | wire | error | a reader field's name and aliases match several writer fields (Java throws) |
//! | `AVRO101` | semantic | error | a logical type changed on the same physical type (`--semantics accord`) |
//! | `AVRO102` | semantic | warning | a logical type was added or removed (`--semantics accord`) |
//! | `AVRO200`-`AVRO203` | batch | error | a `--batch` line that cannot be checked (see [`batch`]) |
//!
//! Exit codes: 0 compatible (warnings allowed), 1 incompatible, 2 usage or parse error.

pub mod batch;

use std::borrow::Borrow;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use serde_json::{json, Value};

use crate::avro::canonical::{hex, Fingerprints};
use crate::avro::compat::{CompatError, Incompatibility, IncompatibilityKind};
use crate::avro::modes::{check_history, CompatMode, Direction};
use crate::avro::schema::Schema;
use crate::avro::semantic::{logical_type_changes, LogicalChange};

/// `accord avro ...`: plain-Avro compatibility and fingerprints.
#[derive(Debug, Clone, Args)]
pub struct AvroArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: AvroCommand,
}

/// The `avro` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum AvroCommand {
    /// Check NEW against the history OLD... under a compatibility mode.
    Compat(CompatArgs),
    /// Print a schema's Parsing Canonical Form and fingerprints.
    Fingerprint(FingerprintArgs),
}

/// Arguments of `avro compat`.
#[derive(Debug, Clone, Args)]
pub struct CompatArgs {
    /// Compatibility mode: backward, backward_transitive, forward, forward_transitive, full,
    /// full_transitive or none.
    #[arg(long, default_value = "backward")]
    pub mode: CompatMode,
    /// `avro`: exactly Avro's verdict; `accord`: also accord's semantic rules.
    #[arg(long, value_enum, default_value_t = Semantics::Accord)]
    pub semantics: Semantics,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Read JSON Lines requests on stdin and write one verdict line each on stdout (see
    /// docs/cli.md); no files then.
    #[arg(long, conflicts_with_all = ["files", "format"])]
    pub batch: bool,
    /// With `--batch`: the longest request line accepted, in bytes; a longer line gets an
    /// `AVRO200` error verdict.
    #[arg(long, default_value_t = batch::DEFAULT_MAX_LINE_BYTES, requires = "batch")]
    pub max_line_bytes: usize,
    /// With `--batch`: parse every schema text anew instead of reusing the schema parsed from an
    /// identical text earlier in the batch.
    #[arg(long, requires = "batch")]
    pub no_cache: bool,
    /// The old versions, oldest first, then the new schema.
    #[arg(required_unless_present = "batch", num_args = 2.., value_name = "SCHEMA")]
    pub files: Vec<PathBuf>,
}

/// Arguments of `avro fingerprint`.
#[derive(Debug, Clone, Args)]
pub struct FingerprintArgs {
    /// The schema file.
    pub file: PathBuf,
    /// Also print the MD5 and SHA-256 fingerprints.
    #[arg(long)]
    pub all: bool,
}

/// Which rules decide compatibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Semantics {
    /// Exactly Avro's (Java 1.12) verdict.
    Avro,
    /// Avro's verdict plus accord's semantic rules.
    Accord,
}

/// How findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable lines.
    Text,
    /// One JSON object with a `findings` array.
    Json,
}

/// Exit code: compatible.
pub const EXIT_OK: i32 = 0;
/// Exit code: incompatible.
pub const EXIT_INCOMPATIBLE: i32 = 1;
/// Exit code: usage or parse error.
pub const EXIT_ERROR: i32 = 2;

/// Runs an `avro` subcommand, printing to stdout and stderr; returns the exit code.
pub fn run(args: &AvroArgs) -> i32 {
    run_with(
        args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

/// Runs an `avro` subcommand with the given output streams; returns the exit code.
pub fn run_with(args: &AvroArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = match &args.command {
        AvroCommand::Compat(compat) => run_compat(compat, out),
        AvroCommand::Fingerprint(fingerprint) => run_fingerprint(fingerprint, out),
    };
    result.unwrap_or_else(|message| {
        let _ = writeln!(err, "error: {message}");
        EXIT_ERROR
    })
}

fn load(path: &Path) -> Result<Schema, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Schema::parse_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run_fingerprint(args: &FingerprintArgs, out: &mut dyn Write) -> Result<i32, String> {
    let prints = Fingerprints::of(&load(&args.file)?);
    let mut text = format!("{}\nCRC-64-AVRO {}\n", prints.canonical, prints.crc64_hex());
    if args.all {
        text.push_str(&format!(
            "CRC-64-AVRO-LE {}\n",
            hex(&prints.crc64_le_bytes())
        ));
        text.push_str(&format!("MD5 {}\nSHA-256 {}\n", prints.md5, prints.sha256));
    }
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Reported, does not fail the check.
    Warning,
}

/// One reportable problem between an old version and the new schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable code (`AVRO004`).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// `wire` (Avro resolution) or `semantic` (accord's rules).
    pub category: &'static str,
    /// The old file.
    pub old: String,
    /// The new file.
    pub new: String,
    /// Which way data flows.
    pub direction: Direction,
    /// JSON pointer in the reader's structure.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
    /// Inner causes (for a missing union branch).
    pub causes: Vec<Incompatibility>,
}

/// The stable code, hint of a wire incompatibility kind.
pub fn wire_code(kind: IncompatibilityKind) -> (&'static str, &'static str) {
    match kind {
        IncompatibilityKind::NameMismatch => (
            "AVRO001",
            "rename it back, or add the writer's full name to the reader's aliases",
        ),
        IncompatibilityKind::FixedSizeMismatch => (
            "AVRO002",
            "a fixed size cannot change; add a new field with a new fixed type",
        ),
        IncompatibilityKind::MissingEnumSymbols => (
            "AVRO003",
            "keep the symbols, or give the reader enum a default symbol",
        ),
        IncompatibilityKind::ReaderFieldMissingDefaultValue => (
            "AVRO004",
            "add a default to the reader field (or an alias naming the writer field)",
        ),
        IncompatibilityKind::TypeMismatch => (
            "AVRO005",
            "use a promotion (int->long->float->double, string<->bytes) or add a new field",
        ),
        IncompatibilityKind::MissingUnionBranch => (
            "AVRO006",
            "add a branch for the writer type to the reader union",
        ),
    }
}

/// What a check is about: its mode and how findings name the old versions and the new schema.
struct Context {
    mode: CompatMode,
    olds: Vec<String>,
    new: String,
}

/// A finding borrowed from the results of a check: what a [`Finding`] holds, without copies.
struct FindingRef<'a> {
    code: &'static str,
    severity: Severity,
    category: &'static str,
    old: &'a str,
    new: &'a str,
    direction: Direction,
    location: &'a str,
    /// For a wire incompatibility, the kind that heads its message (`TYPE_MISMATCH: ...`).
    kind: Option<IncompatibilityKind>,
    message: &'a str,
    hint: &'static str,
    causes: &'a [Incompatibility],
}

impl FindingRef<'_> {
    fn to_finding(&self) -> Finding {
        Finding {
            code: self.code,
            severity: self.severity,
            category: self.category,
            old: self.old.to_string(),
            new: self.new.to_string(),
            direction: self.direction,
            location: self.location.to_string(),
            message: match self.kind {
                Some(kind) => format!("{kind}: {}", self.message),
                None => self.message.to_string(),
            },
            hint: self.hint,
            causes: self.causes.to_vec(),
        }
    }
}

/// Checks `new` against `history` under the context's mode; returns the findings and the number
/// of reader/writer checks made.
fn check_findings<S: Borrow<Schema>>(
    ctx: &Context,
    semantics: Semantics,
    new: &Schema,
    history: &[S],
) -> (Vec<Finding>, usize) {
    let mut findings = Vec::new();
    let checks = visit_findings(ctx, semantics, new, history, |f| {
        findings.push(f.to_finding())
    });
    (findings, checks)
}

/// Checks `new` against `history` under the context's mode and shows `visit` each finding, in
/// order; returns the number of reader/writer checks made.
fn visit_findings<S: Borrow<Schema>>(
    ctx: &Context,
    semantics: Semantics,
    new: &Schema,
    history: &[S],
    mut visit: impl FnMut(&FindingRef),
) -> usize {
    let checks = check_history(new, history, ctx.mode);
    for check in &checks {
        let base = FindingRef {
            code: "",
            severity: Severity::Error,
            category: "wire",
            old: &ctx.olds[check.old_index],
            new: &ctx.new,
            direction: check.direction,
            location: "",
            kind: None,
            message: "",
            hint: "",
            causes: &[],
        };
        match &check.outcome {
            Ok(compat) => {
                for inc in &compat.incompatibilities {
                    let (code, hint) = wire_code(inc.kind);
                    visit(&FindingRef {
                        code,
                        hint,
                        location: &inc.location,
                        kind: Some(inc.kind),
                        message: &inc.message,
                        causes: &inc.causes,
                        ..base
                    });
                }
            }
            Err(error @ CompatError::AmbiguousField { location, .. }) => visit(&FindingRef {
                code: AMBIGUOUS_FIELD.0,
                hint: AMBIGUOUS_FIELD.1,
                location,
                message: &error.to_string(),
                ..base
            }),
        }
        if semantics == Semantics::Accord {
            let old = history[check.old_index].borrow();
            let (reader, writer) = pair(new, old, check.direction);
            for found in logical_type_changes(reader, writer) {
                let (code, severity, hint) = semantic_code(found.change);
                visit(&FindingRef {
                    code,
                    severity,
                    category: "semantic",
                    location: &found.location,
                    message: &format!("logical type changed ({})", found.message),
                    hint,
                    ..base
                });
            }
        }
    }
    checks.len()
}

fn run_compat(args: &CompatArgs, out: &mut dyn Write) -> Result<i32, String> {
    if args.batch {
        return batch::run(&batch::Options::of(args), std::io::stdin().lock(), out)
            .map_err(|e| e.to_string());
    }
    let schemas = args
        .files
        .iter()
        .map(|f| load(f))
        .collect::<Result<Vec<_>, _>>()?;
    let (new, history) = schemas.split_last().ok_or("no schema given")?;
    let (new_file, olds) = args.files.split_last().ok_or("no schema given")?;
    let ctx = Context {
        mode: args.mode,
        olds: olds.iter().map(|f| f.display().to_string()).collect(),
        new: new_file.display().to_string(),
    };
    let (findings, checks) = check_findings(&ctx, args.semantics, new, history);
    let failed = findings.iter().any(|f| f.severity == Severity::Error);
    let rendered = match args.format {
        Format::Text => render_text(&findings, &ctx, checks),
        Format::Json => format!("{:#}\n", render_json(&findings, &ctx, failed)),
    };
    out.write_all(rendered.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(if failed { EXIT_INCOMPATIBLE } else { EXIT_OK })
}

fn pair<'s>(new: &'s Schema, old: &'s Schema, direction: Direction) -> (&'s Schema, &'s Schema) {
    match direction {
        Direction::Backward => (new, old),
        Direction::Forward => (old, new),
    }
}

/// The code and hint of a reader field that matches several writer fields.
const AMBIGUOUS_FIELD: (&str, &str) = (
    "AVRO007",
    "remove the reader alias that names a second writer field",
);

/// The code, severity and hint of a logical-type change.
fn semantic_code(change: LogicalChange) -> (&'static str, Severity, &'static str) {
    match change {
        LogicalChange::Changed => (
            "AVRO101",
            Severity::Error,
            "add a new field with the new logical type instead of changing it",
        ),
        LogicalChange::AddedOrRemoved => (
            "AVRO102",
            Severity::Warning,
            "check that every reader interprets the values the same way",
        ),
    }
}

fn direction_text(direction: Direction) -> &'static str {
    match direction {
        Direction::Backward => "backward: new reads old",
        Direction::Forward => "forward: old reads new",
    }
}

fn render_text(findings: &[Finding], ctx: &Context, checks: usize) -> String {
    let mut text = String::new();
    for f in findings {
        let severity = if f.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        text.push_str(&format!(
            "{severity}[{}] {} -> {} ({}) at {}: {}\n  hint: {}\n",
            f.code,
            f.old,
            f.new,
            direction_text(f.direction),
            f.location,
            f.message,
            f.hint
        ));
        for cause in &f.causes {
            text.push_str(&format!(
                "  because: {} at {}: {}\n",
                cause.kind, cause.location, cause.message
            ));
        }
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let verdict = if errors == 0 {
        "compatible"
    } else {
        "incompatible"
    };
    text.push_str(&format!(
        "{}: {verdict} under {} ({checks} checks, {errors} errors, {} warnings)\n",
        ctx.new,
        ctx.mode,
        findings.len() - errors
    ));
    text
}

/// A finding as JSON: the elements of `findings` in `--format json` and `--batch`.
#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'a str,
    severity: &'a str,
    category: &'a str,
    mode: &'a str,
    old: &'a str,
    new: &'a str,
    direction: &'a str,
    location: &'a str,
    message: &'a str,
    hint: &'a str,
    causes: Vec<CauseJson<'a>>,
}

/// An inner cause of a finding as JSON.
#[derive(Serialize)]
struct CauseJson<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    location: &'a str,
    message: &'a str,
    causes: Vec<CauseJson<'a>>,
}

fn cause_json(cause: &Incompatibility) -> CauseJson<'_> {
    CauseJson {
        kind: cause.kind.java_name(),
        location: &cause.location,
        message: &cause.message,
        causes: cause.causes.iter().map(cause_json).collect(),
    }
}

fn finding_json(f: &Finding, mode: CompatMode) -> FindingJson<'_> {
    FindingJson {
        code: f.code,
        severity: if f.severity == Severity::Error {
            "error"
        } else {
            "warning"
        },
        category: f.category,
        mode: mode.name(),
        old: &f.old,
        new: &f.new,
        direction: f.direction.name(),
        location: &f.location,
        message: &f.message,
        hint: f.hint,
        causes: f.causes.iter().map(cause_json).collect(),
    }
}

fn render_json(findings: &[Finding], ctx: &Context, failed: bool) -> Value {
    let findings: Vec<FindingJson> = findings.iter().map(|f| finding_json(f, ctx.mode)).collect();
    json!({"compatible": !failed, "mode": ctx.mode.name(), "new": ctx.new, "findings": findings})
}
