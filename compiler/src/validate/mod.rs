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
    recursion::check(model, diagnostics);
    // The other rules follow newtypes to what they wrap: hide the self-referential ones (already
    // reported) so that following always ends; references to them then count as unresolved.
    let cyclic = recursion::cyclic_newtypes(model);
    let pruned;
    let model = if cyclic.is_empty() {
        model
    } else {
        let mut copy = model.clone();
        copy.types.retain(|name, _| !cyclic.contains(name));
        pruned = copy;
        &pruned
    };
    structure::check(model, diagnostics);
    defaults::check(model, diagnostics);
    names::check(model, diagnostics);
}
