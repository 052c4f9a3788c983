//! accord-compiler: versioned data contracts in; checked models, compatibility verdicts and
//! generated artifacts out.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`syntax`]: text -> syntax tree (a recovering parser: every error of a file at once);
//! 2. [`ir`]: syntax trees -> the resolved [`ir::Model`] (names, imports, version pins);
//! 3. [`validate`]: rules within one version (defaults, recursion, unions, keys, ...);
//! 4. [`compat`]: versions against versions (Avro's resolution rules through the [`avro`]
//!    engine, semantic rules, the join contract) and [`lock`] (frozen released versions);
//! 5. [`codegen`]: the model -> Avro, JSON Schema, test vectors and the lineage manifest.
//!
//! [`project`] drives the stages over a directory of contracts (or over texts in memory), and
//! every problem is a [`diagnostic::Diagnostic`] with a stable code. [`cli`] is the `accord`
//! command line; [`import`] turns existing Avro schemas into contracts.
//!
//! ```
//! use accord_compiler::{compile_sources, config::Config};
//!
//! let contract = r#"
//! package shop;
//!
//! record Order {
//!   version 1 { id: uuid @key; total: long; }
//!   version 2 { id: uuid @key; total: long; note: string; }
//! }
//! "#;
//! let compilation = compile_sources(vec![("order.accord".into(), contract.into())], Config::default());
//! // Version 2 adds a field without a default: under the default mode (backward) it cannot
//! // read data written with version 1.
//! let codes: Vec<&str> = compilation.diagnostics.iter().map(|d| d.code.as_str()).collect();
//! assert_eq!(codes, ["W004"]);
//! ```

#![deny(missing_docs)]

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
pub mod import;
pub mod ir;
pub mod layout;
pub mod lock;
pub mod migrate;
pub mod output;
pub mod project;
pub mod source;
pub mod syntax;
pub mod topic;
pub mod validate;

pub use build::{compile as compile_rust, Config};

/// The accord version written into every generated file and the lock file.
pub const ACCORD_VERSION: &str = env!("CARGO_PKG_VERSION");
pub use project::{compile, compile_sources, Compilation, LoadError};
