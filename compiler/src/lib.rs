//! accord-compiler: versioned data contracts in; checked models, compatibility verdicts and
//! generated artifacts out.
//!
//! The pipeline, one module per stage; every import points down it (`tests/architecture.rs`
//! checks that, `docs/architecture.md` draws it):
//!
//! 0. foundations: [`source`] (files and spans), [`diagnostic`] (coded diagnostics), [`avro`]
//!    (the plain-Avro engine: Java-exact parsing, canonical form, fingerprints, compatibility);
//! 1. [`syntax`]: text -> syntax tree (a recovering parser: every error of a file at once), and
//!    [`fmt`], the formatter of contract text on the same tokens;
//! 2. [`ir`]: syntax trees -> the resolved [`ir::Model`] (names, imports, version pins), and the
//!    value queries later stages share;
//! 3. [`validate`]: rules within one version (defaults, recursion, unions, keys, names, ...);
//! 4. [`facts`]: every type version projected onto Avro once ([`avro::from_model`]), parsed and
//!    fingerprinted: the table every later stage reads;
//! 5. [`migrate`] (plans between versions), then [`compat`] (versions against versions: Avro's
//!    resolution, semantic rules, the join contract), [`lock`] (frozen released versions),
//!    [`layout`], [`topic`] and [`machine`] (storage paths, Kafka topics and state machines as
//!    contracts);
//! 6. [`codegen`]: the model and its facts -> Avro, JSON Schema, test vectors, Rust, Python and
//!    the lineage manifest, as files in memory; [`output`] writes them atomically.
//!
//! [`config`] reads `accord.toml`; [`project`] drives the stages over a directory of contracts
//! (or texts in memory). The adapters sit on top: [`build`] (the `build.rs` API), [`import`]
//! (existing Avro schemas -> contracts), [`derive`] (the engine of `#[derive(accord::Contract)]`),
//! [`fix`] (the fixes diagnostics suggest, applied to the sources) and, with the `cli` feature, `cli` (the `accord` command line).
//!
//! ```
//! use accord_compiler::{compile_sources, config::ProjectConfig};
//!
//! let contract = r#"
//! package shop;
//!
//! record Order {
//!   version 1 { id: uuid @key; total: long; }
//!   version 2 { id: uuid @key; total: long; note: string; }
//! }
//! "#;
//! let compilation = compile_sources(vec![("order.accord".into(), contract.into())], ProjectConfig::default());
//! // Version 2 adds a field without a default: under the default mode (backward) it cannot
//! // read data written with version 1.
//! let codes: Vec<&str> = compilation.diagnostics.iter().map(|d| d.code.as_str()).collect();
//! assert_eq!(codes, ["W004"]);
//! ```

#![deny(missing_docs)]
// Issue 16: no `unwrap`/`expect` that input can reach; each remaining `expect` carries an
// `#[allow(..., reason = "...")]` saying why it cannot fail (tests are exempt, clippy.toml).
#![warn(clippy::unwrap_used, clippy::expect_used)]

extern crate proc_macro;

pub mod avro;
pub mod build;
#[cfg(feature = "cli")]
pub mod cli;
pub mod codegen;
pub mod compat;
pub mod config;
pub mod derive;
pub mod diagnostic;
pub mod facts;
pub mod field_ids;
pub mod fix;
pub mod fmt;
pub mod import;
pub mod ir;
pub mod layout;
pub mod lock;
pub mod machine;
pub mod migrate;
pub mod output;
pub mod project;
pub mod source;
pub mod syntax;
pub mod table;
pub mod topic;
pub mod validate;

pub use build::{compile as compile_rust, Config};

/// The accord version written into every generated file and the lock file.
pub const ACCORD_VERSION: &str = env!("CARGO_PKG_VERSION");
pub use project::{compile, compile_sources, Compilation, LoadError};
