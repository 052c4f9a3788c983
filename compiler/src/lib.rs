//! accord-compiler
