//! The plain-Avro engine: a schema model parsed the way Avro's Java `Schema.Parser` parses
//! (1.12), the Parsing Canonical Form and its fingerprints, reader/writer compatibility with the
//! exact semantics of Java's `SchemaCompatibility`, and the schema-registry modes built on it.
//! The engine knows nothing of contracts, with one exception that bridges the two:
//! [`from_model`], the projection of a resolved model's type versions onto Avro schemas. The
//! command line over the engine is `accord avro` (`cli::avro`).
//!
//! ```
//! use accord_compiler::avro::{check_compatibility, Schema};
//!
//! let writer = Schema::parse_str(r#"{"type":"record","name":"U","fields":[{"name":"id","type":"int"}]}"#).unwrap();
//! let reader = Schema::parse_str(r#"{"type":"record","name":"U","fields":[{"name":"id","type":"long"}]}"#).unwrap();
//! assert!(check_compatibility(&reader, &writer).unwrap().is_compatible());
//! ```
//!
//! # Known differences from Java
//!
//! Checked against Avro 1.12.1 by `tests/avro_oracle.rs` (corpus and generated pairs, no
//! disagreement). Not covered, by design or not yet:
//! - Names: Java's `Character.isLetter`/`isDigit` are approximated with Unicode `Alphabetic` and
//!   `Numeric` (identical for ASCII); non-BMP characters are rejected, as Java's UTF-16 test does.
//! - A string default of a `float`/`double` field accepts what `Double.valueOf` accepts except
//!   hexadecimal floating-point literals (`"0x1p3"`), which are rejected.
//! - Nesting is limited to [`schema::MAX_DEPTH`] levels (and `serde_json`'s 128 for
//!   [`Schema::parse_str`]); Java's limit is its stack.

#![deny(missing_docs)]

pub mod calendar;
pub mod canonical;
pub mod compat;
pub mod decimal;
pub mod from_model;
pub(crate) mod json;
pub mod modes;
pub mod schema;
mod schema_json;
pub mod semantic;

pub use canonical::{canonical_form, crc64_avro, Fingerprints};
pub use compat::{
    check_compatibility, CompatError, Compatibility, Incompatibility, IncompatibilityKind,
};
pub use modes::{check_history, CompatMode, Direction, PairCheck};
pub use schema::{Node, NodeId, ParseError, Schema, SchemaKind};
