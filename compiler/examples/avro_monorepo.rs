//! Generates the synthetic Avro monorepo of `scripts/bench-scale.sh` (see
//! `tests/support/avro_monorepo.rs`), or one of its pathological inputs.
//!
//! ```text
//! avro_monorepo monorepo --out DIR [--records N] [--seed S]   one .avsc per top-level record
//! avro_monorepo chain --out DIR --length N    DIR/Link0.avsc (nested) and DIR/project (contracts)
//! avro_monorepo wide --out DIR --fields N     DIR/Wide.avsc
//! ```
//!
//! `monorepo` prints one summary line of counts (`files=.. fields=..`) for scripts.
//!
//! A Rust example rather than a Python script: the test that keeps it honest
//! (`tests/avro_monorepo.rs`) runs the same code in-process through the importer's API and
//! validates every file with apache-avro, with no interpreter or package to install.

#[path = "../tests/support/avro_monorepo.rs"]
mod avro_monorepo;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: avro_monorepo monorepo --out DIR [--records N] [--seed S]\n       \
avro_monorepo chain --out DIR --length N\n       avro_monorepo wide --out DIR --fields N";

struct Args {
    mode: String,
    out: PathBuf,
    numbers: Vec<(String, u64)>,
}

impl Args {
    fn number(&self, flag: &str, default: u64) -> u64 {
        self.numbers
            .iter()
            .find(|(f, _)| f == flag)
            .map_or(default, |(_, n)| *n)
    }
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().ok_or("no mode")?;
    let mut out = None;
    let mut numbers = Vec::new();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag}: no value"))?;
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value)),
            "--records" | "--seed" | "--length" | "--fields" => {
                let n = value
                    .parse::<u64>()
                    .map_err(|_| format!("{flag}: not a number: {value}"))?;
                numbers.push((flag, n));
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    let out = out.ok_or("--out is required")?;
    Ok(Args { mode, out, numbers })
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

fn run(args: &Args) -> Result<(), String> {
    let io = |e: std::io::Error| format!("cannot write into {}: {e}", args.out.display());
    match args.mode.as_str() {
        "monorepo" => {
            let params = avro_monorepo::Params {
                records: args.number("--records", 1000) as usize,
                seed: args.number("--seed", 1),
            };
            let s = avro_monorepo::generate(&params, &args.out).map_err(io)?;
            println!(
                "files={} namespaces={} fields={} nested_records={} enums={} optionals={} arrays={} \
                 maps={} logical={} references={} cross_namespace_references={} defaults={} named_types={} bytes={}",
                s.files, s.namespaces, s.fields, s.nested_records, s.enums, s.optionals, s.arrays,
                s.maps, s.logical, s.references, s.cross_namespace_references, s.defaults,
                s.named_types, s.bytes
            );
        }
        "chain" => {
            let length = args.number("--length", 200).max(1) as usize;
            write(
                &args.out.join("Link0.avsc"),
                &avro_monorepo::deep_chain_avsc(length),
            )
            .map_err(io)?;
            let project = args.out.join("project");
            write(
                &project.join("accord.toml"),
                "[project]\nschemas = \"schemas\"\n",
            )
            .map_err(io)?;
            write(
                &project.join("schemas/chain.accord"),
                &avro_monorepo::deep_chain_contract(length),
            )
            .map_err(io)?;
        }
        "wide" => {
            let fields = args.number("--fields", 100_000).max(1) as usize;
            write(
                &args.out.join("Wide.avsc"),
                &avro_monorepo::wide_avsc(fields),
            )
            .map_err(io)?;
        }
        other => return Err(format!("unknown mode {other}")),
    }
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
