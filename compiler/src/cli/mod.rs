//! The `accord` command line: each command translates its arguments, calls the engine, and
//! renders what comes back. `main.rs` only parses arguments and calls [`run`].

pub mod avro;
mod check;
mod ci;
mod fix;
mod fmt;
mod gen;
mod import;
mod init;
mod lock;
mod lsp;
mod show;

use crate::diagnostic::{render_human, render_json, ColorChoice, Diagnostic};
use crate::source::SourceMap;
use crate::LoadError;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Exit code: everything passed.
pub const EXIT_OK: i32 = 0;
/// Exit code: the input has errors (diagnostics were printed).
pub const EXIT_ERRORS: i32 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_USAGE: i32 = 2;

/// accord: versioned data contracts, checked and compiled.
#[derive(Debug, Parser)]
#[command(name = "accord", version, about, long_about = None)]
pub struct Cli {
    /// When to colour human output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text with source snippets, for people.
    Human,
    /// JSON, for tools.
    Json,
}

/// Colour choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when stderr is a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse, resolve and validate every contract of the project.
    Check(check::CheckArgs),
    /// Check the contracts, then generate Avro, JSON Schema, code and test vectors.
    Gen(gen::GenArgs),
    /// Record every current type version as released in accord.lock (frozen from then on).
    Lock(lock::LockArgs),
    /// Print the resolved definition of a type (one version with `Type@N`).
    Show(show::ShowArgs),
    /// Plain-Avro compatibility checks and fingerprints (no contracts needed).
    Avro(avro::AvroArgs),
    /// Create accord.toml (and a schemas directory with an example contract).
    Init(init::InitArgs),
    /// Turn existing schemas (Avro) into contract files, losslessly.
    Import(import::ImportArgs),
    /// Lay contract files out the one canonical way (--check: list those that are not).
    Fmt(fmt::FmtArgs),
    /// A Language Server over stdio: diagnostics as you type, hover, definition, symbols, format.
    Lsp(lsp::LspArgs),
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let color = match cli.color {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto if std::io::stderr().is_terminal() => ColorChoice::Always,
        Color::Auto => ColorChoice::Never,
    };
    let output = |project: &ProjectArg| Output {
        format: project.format,
        color,
    };
    match cli.command {
        Command::Check(args) => check::run(&args, color),
        Command::Gen(args) => gen::run(&args, &output(&args.project)),
        Command::Show(args) => show::run(&args, &output(&args.project)),
        Command::Lock(args) => lock::run(&args, &output(&args.project)),
        Command::Init(args) => init::run(&args),
        Command::Fmt(args) => fmt::run(
            &args,
            &Output {
                format: args.format,
                color,
            },
        ),
        Command::Avro(args) => avro::run(&args),
        Command::Lsp(args) => lsp::run(&args),
        Command::Import(args) => {
            let format = match &args.source {
                import::ImportSource::Avro(avro) => avro.format,
            };
            import::run(&args, &Output { format, color })
        }
    }
}

/// How to print.
pub(crate) struct Output {
    pub format: Format,
    pub color: ColorChoice,
}

impl Output {
    /// Prints diagnostics to stderr as text (JSON output is printed by each command).
    pub fn print_diagnostics(&self, sources: &SourceMap, diagnostics: &[Diagnostic]) {
        eprint!("{}", render_human(sources, diagnostics, self.color));
    }

    /// Reports an error that stopped the run and returns [`EXIT_USAGE`].
    pub fn load_error(&self, error: LoadError) -> i32 {
        match (&error, self.format) {
            (LoadError::Config(sources, diagnostic), Format::Human) => {
                self.print_diagnostics(sources, std::slice::from_ref(diagnostic))
            }
            (LoadError::Config(sources, diagnostic), Format::Json) => {
                let json = render_json(sources, std::slice::from_ref(diagnostic));
                println!(
                    "{}",
                    serde_json::json!({ "error": error.to_string(), "diagnostics": json })
                );
            }
            (LoadError::Io(..), Format::Human) => eprintln!("error: {error}"),
            (LoadError::Io(..), Format::Json) => {
                println!("{}", serde_json::json!({ "error": error.to_string() }))
            }
        }
        EXIT_USAGE
    }
}

/// The arguments every command on a project shares: where it is and how to report.
#[derive(Debug, Clone, clap::Args)]
pub struct ProjectArg {
    /// Project directory (with accord.toml, found upward), accord.toml itself, or a directory of
    /// .accord files.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format of diagnostics and reports.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Leaves `value` to the operating system: the process exits right after the command, and
/// freeing a whole compilation or its generated files piece by piece costs up to a fifth of a
/// run on a large monorepo, for memory the exit returns at once anyway.
fn free_at_exit<T>(value: T) {
    std::mem::forget(value);
}
