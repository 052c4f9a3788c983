//! Shared helpers of the Avro integration tests.

#![allow(dead_code)]

pub mod corpus;
pub mod gen;
pub mod oracle;

use std::io::Write;

/// Prints `message` on the test process's stderr, prefixed with the running test's name. It is
/// written to stderr directly, past the harness's output capture, so a passing test's notice
/// still shows in `cargo test` output.
pub fn notice(message: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("test");
    // A notice that cannot be written is not worth failing a test for.
    let _ = writeln!(std::io::stderr(), "{test}: {message}");
}
