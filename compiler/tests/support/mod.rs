//! Shared helpers of the Avro integration tests.

pub mod gen;
pub mod oracle;
