//! The `accord` command line (temporary: only `accord avro ...` is wired so far).

use clap::{Parser, Subcommand};

use accord_compiler::avro::cli::{run, AvroArgs};

/// accord: a schema-evolution compiler.
#[derive(Parser)]
#[command(name = "accord", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plain-Avro compatibility checks and fingerprints.
    Avro(AvroArgs),
}

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Avro(args) => run(args),
    };
    std::process::exit(code);
}
