//! `accord import avro FILE.avsc... [--out DIR] [--package P] [--history]`: existing Avro
//! schemas to contract files, all-or-nothing (see `docs/import.md`).

use super::{Format, Output, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::diagnostic::render_json;
use crate::import::{import_avro, AvroFile, ImportOptions};
use std::path::PathBuf;

/// Arguments of `accord import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// What to import from.
    #[command(subcommand)]
    pub source: ImportSource,
}

/// The formats `accord import` reads.
#[derive(Debug, clap::Subcommand)]
pub enum ImportSource {
    /// Import Avro schemas (.avsc): one contract file per package.
    Avro(AvroImportArgs),
}

/// Arguments of `accord import avro`.
#[derive(Debug, clap::Args)]
pub struct AvroImportArgs {
    /// The .avsc files (with --history: successive versions of one schema, oldest first).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Directory the .accord files are written to.
    #[arg(long, default_value = "schemas")]
    pub out: PathBuf,
    /// Package of the types in the null namespace (kept on them as `@namespace("")`) and of a
    /// root union that names none [default: imported].
    #[arg(long)]
    pub package: Option<String>,
    /// The files are successive versions of one subject: import them as one versioned type.
    #[arg(long)]
    pub history: bool,
    /// Output format of diagnostics and the report.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Runs `accord import`.
pub(crate) fn run(args: &ImportArgs, output: &Output) -> i32 {
    match &args.source {
        ImportSource::Avro(args) => run_avro(args, output),
    }
}

fn run_avro(args: &AvroImportArgs, output: &Output) -> i32 {
    let mut inputs = Vec::new();
    for path in &args.files {
        match std::fs::read_to_string(path) {
            Ok(text) => inputs.push(AvroFile {
                name: path.display().to_string(),
                path: path.clone(),
                text,
            }),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                return EXIT_USAGE;
            }
        }
    }
    let options = ImportOptions {
        history: args.history,
        package: args.package.clone(),
    };
    let import = import_avro(inputs, &options);
    let mut written = Vec::new();
    if !import.has_errors() {
        match crate::output::write_all(&args.out, &import.files) {
            Ok(report) => written = report.written,
            Err(error) => {
                eprintln!("error: cannot write to {}: {error}", args.out.display());
                return EXIT_USAGE;
            }
        }
    }
    let files: Vec<&str> = import.files.iter().map(|f| f.path.as_str()).collect();
    match output.format {
        Format::Json => println!(
            "{}",
            serde_json::json!({
                "ok": !import.has_errors(),
                "files": files,
                "written": written,
                "compat": import.compat.map(|m| m.name()),
                "diagnostics": render_json(&import.sources, &import.diagnostics),
            })
        ),
        Format::Human => {
            output.print_diagnostics(&import.sources, &import.diagnostics);
            if import.has_errors() {
                eprintln!(
                    "nothing imported: the schemas use what contracts cannot represent (see above)"
                );
            } else {
                eprintln!(
                    "imported {} schema(s) into {} file(s) in {} (every schema reproduced exactly)",
                    args.files.len(),
                    files.len(),
                    args.out.display()
                );
                if let Some(mode) = import.compat {
                    eprintln!("suggested compat: {mode} (the strictest mode the history satisfies), written on the type");
                }
            }
        }
    }
    if import.has_errors() {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
