//! Stage 4, model -> artifacts: one module per target.

pub mod avro;
pub mod avro_binary;
pub mod datum;
pub mod decimal;
pub mod json_encoding;
pub mod json_schema;
pub mod vectors;
