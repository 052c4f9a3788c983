//! accord runtime crate: what generated code and services depend on.
