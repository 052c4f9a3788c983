//! The `accord` binary: parses the command line and hands it to [`accord_compiler::cli`].

use clap::Parser;

fn main() {
    let cli = accord_compiler::cli::Cli::parse();
    std::process::exit(accord_compiler::cli::run(cli));
}
