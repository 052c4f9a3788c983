//! accord-compiler

pub mod avro;
