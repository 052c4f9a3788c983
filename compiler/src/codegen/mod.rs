//! Stage 4, model -> artifacts: one module per target.

pub mod avro;
pub mod decimal;
