//! Generates a large synthetic contract monorepo (see `tests/support/synth.rs`).
//!
//! `cargo run --release -p accord-compiler --example synth -- --out DIR [--packages P]
//!  [--types-per-package T] [--versions V] [--seed S]`
//!
//! Writes `DIR/accord.toml` and `DIR/schemas/**/*.accord`, deterministic for given parameters,
//! and prints one summary line (`files=.. types=.. type_versions=..`) for scripts.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: synth --out DIR [--packages P] [--types-per-package T] [--versions V] [--seed S]";

fn main() -> ExitCode {
    let mut out = None;
    let mut params = synth::Params {
        packages: 20,
        types_per_package: 15,
        versions: 4,
        seed: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        };
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {value}"))
        };
        let parsed = match flag.as_str() {
            "--out" => {
                out = Some(PathBuf::from(&value));
                Ok(())
            }
            "--packages" => number().map(|n| params.packages = n as usize),
            "--types-per-package" => number().map(|n| params.types_per_package = n as usize),
            "--versions" => number().map(|n| params.versions = n as usize),
            "--seed" => number().map(|n| params.seed = n),
            _ => Err(format!("unknown argument {flag}\n{USAGE}")),
        };
        if let Err(message) = parsed {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    }
    let Some(out) = out else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if out.join("schemas").exists() {
        // Stale files of another run would join the compilation.
        if let Err(error) = std::fs::remove_dir_all(out.join("schemas")) {
            eprintln!("cannot clear {}: {error}", out.join("schemas").display());
            return ExitCode::FAILURE;
        }
    }
    match synth::generate(&params, &out) {
        Ok(stats) => {
            println!(
                "files={} packages={} types={} versioned_types={} type_versions={} fields={} bytes={}",
                stats.files,
                stats.packages,
                stats.types,
                stats.versioned_types,
                stats.type_versions,
                stats.fields,
                stats.bytes
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot write {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}
