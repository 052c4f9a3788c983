//! `accord gen`: check the contracts, then generate every target into the output directory
//! (or, with `--check`, report what is out of date without writing).

use super::{Format, Output, ProjectArg, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::codegen::json_schema::JsonSchemaOptions;
use crate::codegen::python::PythonOptions;
use crate::codegen::rust::parts::DEFAULT_PART_SIZE;
use crate::codegen::rust::{crate_files, Runtime};
use crate::codegen::{generate_into, Input, Target};
use crate::output::{stale_files, write_all, Staging, Stale, StaleCheck, WriteReport};
use crate::Compilation;
use serde_json::json;
use std::path::PathBuf;

/// Arguments of `accord gen`.
#[derive(Debug, clap::Args)]
pub struct GenArgs {
    #[command(flatten)]
    pub(super) project: ProjectArg,
    /// A target to generate (repeatable): avro, jsonschema, vectors, rust, python, iceberg, spark,
    /// parquet, delta, or all. Default: `[gen] targets` of accord.toml, else all.
    #[arg(long = "target", value_name = "TARGET")]
    targets: Vec<String>,
    /// Output directory. Default: `[gen] out` of accord.toml, relative to it.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write nothing; exit 1 listing every missing, changed or obsolete file.
    #[arg(long)]
    check: bool,
    /// Write a complete Rust crate of this name into the output directory (Cargo.toml,
    /// src/lib.rs, one file per package) instead of the targets.
    #[arg(long = "crate", value_name = "NAME", value_parser = crate_name)]
    krate: Option<String>,
    /// With --crate: depend on the accord runtime at this path (absolute, or relative to the
    /// output directory) instead of its crates.io version.
    #[arg(long, value_name = "PATH", requires = "krate")]
    runtime_path: Option<String>,
    /// With --crate: at most this many type versions per crate. Contracts holding more are
    /// written as a workspace of part crates behind the crate NAME, so that no rustc process
    /// builds them all (docs/rust.md, Large projects).
    #[arg(long, value_name = "N", requires = "krate", default_value_t = DEFAULT_PART_SIZE,
          value_parser = clap::value_parser!(u32).range(1..))]
    part_size: u32,
}

pub(super) fn run(args: &GenArgs, output: &Output) -> i32 {
    let compilation = match crate::compile(&args.project.path) {
        Ok(compilation) => compilation,
        Err(error) => return output.load_error(error),
    };
    let code = generate_and_write(args, output, &compilation);
    super::free_at_exit(compilation);
    code
}

/// Generates the targets of a compiled project and writes them, or reports what is stale.
fn generate_and_write(args: &GenArgs, output: &Output, compilation: &Compilation) -> i32 {
    let Some(model) = compilation.valid_model() else {
        output.print_diagnostics(&compilation.sources, &compilation.diagnostics);
        eprintln!("error: the contracts have errors; nothing was generated");
        return EXIT_ERRORS;
    };
    if output.format == Format::Human {
        // Warnings do not stop generation, but they are shown.
        output.print_diagnostics(&compilation.sources, &compilation.diagnostics);
    }
    let config = &compilation.project.config;
    let targets = match resolve_targets(&args.targets, &config.gen.targets) {
        Ok(targets) => targets,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| compilation.project.root.join(&config.gen.out));
    let python = PythonOptions {
        package: config.gen.python.package.clone(),
        version: config.gen.python.version.clone(),
    };
    // The table targets render the lock's field ids.
    let reads_tables = args.krate.is_none() && targets.iter().any(|t| t.reads_tables());
    let tables = reads_tables.then(|| compilation.tables());
    let input = Input {
        json_schema: JsonSchemaOptions {
            additional_properties: config.gen.jsonschema.additional_properties,
        },
        python: &python,
        tables: tables.as_ref(),
        ..Input::new(model, &compilation.facts, &compilation.sources)
    };
    match &args.krate {
        Some(name) => {
            let runtime = match &args.runtime_path {
                Some(path) => Runtime::Path(path.clone()),
                None => Runtime::Version(crate::codegen::ACCORD_VERSION.to_owned()),
            };
            let files = crate_files(input, name, &runtime, args.part_size as usize);
            let code = if args.check {
                let _lock = crate::output::lock_shared_if_present(&out_dir);
                report_stale(&stale_files(&out_dir, &files), output)
            } else {
                report_write(&out_dir, write_all(&out_dir, &files), output)
            };
            super::free_at_exit(files);
            code
        }
        None if args.check => {
            // A shared lock: a `gen` writing the directory now finishes before it is compared.
            let _lock = crate::output::lock_shared_if_present(&out_dir);
            let check = StaleCheck::new(&out_dir);
            generate_into(input, &targets, &check);
            report_stale(&check.finish(), output)
        }
        None => {
            let written =
                Staging::begin(&out_dir, |message| eprintln!("{message}")).and_then(|staging| {
                    generate_into(input, &targets, &staging);
                    staging.commit()
                });
            report_write(&out_dir, written, output)
        }
    }
}

/// A name Cargo takes for a package and Rust for a crate once `-` becomes `_`: ASCII letters,
/// digits, `-` and `_`, starting with a letter.
fn crate_name(name: &str) -> Result<String, String> {
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts_with_letter && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(name.to_owned())
    } else {
        Err("a crate name is ASCII letters, digits, `-` and `_`, starting with a letter".into())
    }
}

/// The targets named on the command line, else in accord.toml, else all.
fn resolve_targets(cli: &[String], configured: &[String]) -> Result<Vec<Target>, String> {
    let names = if cli.is_empty() { configured } else { cli };
    if names.is_empty() || names.iter().any(|n| n == "all") {
        return Ok(Target::ALL.to_vec());
    }
    let mut targets = names
        .iter()
        .map(|n| n.parse())
        .collect::<Result<Vec<Target>, _>>()?;
    targets.sort();
    targets.dedup();
    Ok(targets)
}

/// Reports a write: a summary line (or JSON), or the error with the promise that nothing changed.
fn report_write(
    out_dir: &std::path::Path,
    written: std::io::Result<WriteReport>,
    output: &Output,
) -> i32 {
    let report = match written {
        Ok(report) => report,
        Err(error) => {
            eprintln!(
                "error: cannot write to {}: {error}; the files there were left as they were",
                out_dir.display()
            );
            return EXIT_USAGE;
        }
    };
    let files = report.generated_files();
    match output.format {
        Format::Human => eprintln!(
            "generated {files} files in {}: {} written, {} unchanged, {} removed",
            out_dir.display(),
            report.written.len(),
            report.unchanged,
            report.removed.len()
        ),
        Format::Json => println!(
            "{:#}",
            json!({"out": out_dir, "files": files, "written": report.written, "unchanged": report.unchanged, "removed": report.removed})
        ),
    }
    EXIT_OK
}

fn report_stale(stale: &[Stale], output: &Output) -> i32 {
    let describe = |s: &Stale| match s {
        Stale::Missing(p) => ("missing", p.clone()),
        Stale::Changed(p) => ("changed", p.clone()),
        Stale::Obsolete(p) => ("obsolete", p.clone()),
    };
    match output.format {
        Format::Human => {
            for (state, path) in stale.iter().map(describe) {
                eprintln!("{state}: {path}");
            }
            if stale.is_empty() {
                eprintln!("generated files are up to date");
            } else {
                eprintln!(
                    "{} generated files are out of date: run `accord gen`",
                    stale.len()
                );
            }
        }
        Format::Json => {
            let items: Vec<_> = stale
                .iter()
                .map(describe)
                .map(|(s, p)| json!({"state": s, "path": p}))
                .collect();
            println!("{:#}", json!({ "stale": items }));
        }
    }
    if stale.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERRORS
    }
}
