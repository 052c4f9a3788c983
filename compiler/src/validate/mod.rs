//! Stage 3, rules within one version of the model: structure, defaults, recursion and names.
//! Each family of rules has its own file; every rule reports with its own code.

mod defaults;
mod names;
mod recursion;
mod structure;

use crate::diagnostic::Diagnostics;
use crate::ir::Model;

/// Runs every rule on the model, reporting every violation found.
pub fn validate(model: &Model, diagnostics: &mut Diagnostics) {
    structure::check(model, diagnostics);
    defaults::check(model, diagnostics);
    recursion::check(model, diagnostics);
    names::check(model, diagnostics);
}

pub use defaults::check_value;
pub(crate) use structure::wire_kind;
