//! Stage 1, text -> syntax tree: the lexer and the recovering parser.

pub mod ast;
pub mod lexer;
mod parser;

pub use parser::{parse, BUILTIN_TYPES, TYPE_CONSTRUCTORS};
