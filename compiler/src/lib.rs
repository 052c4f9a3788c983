//! accord-compiler: contracts in, checked models and generated artifacts out.
//!
//! The pipeline, one module per stage: [`syntax`] (text -> AST) -> [`ir`] (AST -> resolved model)
//! -> [`validate`] (rules within one version) -> later stages (compatibility, generators).
//! [`project`] drives the stages over a directory of contracts.

pub mod avro;
pub mod cli;
pub mod codegen;
pub mod compat;
pub mod config;
pub mod diagnostic;
pub mod ir;
pub mod lock;
pub mod migrate;
pub mod output;
pub mod project;
pub mod source;
pub mod syntax;
pub mod validate;

pub use project::{compile, compile_sources, Compilation, LoadError};
