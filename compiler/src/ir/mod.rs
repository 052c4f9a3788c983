//! Stage 2, AST -> IR: name resolution and the typed model every later stage consumes.

mod boundary;
mod from_ast;
mod machine;
mod model;
mod print;
mod values;

pub use boundary::*;
pub use from_ast::{lower, ParsedFile};
pub use machine::*;
pub use model::*;
pub use print::{print_file, print_version, value_text};
pub use values::*;
