//! The `accord` binary: parses the command line and hands it to [`accord_compiler::cli`].

use clap::Parser;

/// mimalloc instead of the system allocator: a run builds and drops millions of small JSON and
/// syntax nodes on every core, where glibc's allocator spent a third of `accord check`'s time
/// in a measurement of an earlier version. Built without transparent huge pages (`no_thp`): on kernels that
/// defragment on `madvise` (Debian's and Ubuntu's default), mimalloc's huge-page hints made the
/// kernel compact memory on page faults, tripling system time on large projects (docs/scale.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = accord_compiler::cli::Cli::parse();
    std::process::exit(accord_compiler::cli::run(cli));
}
