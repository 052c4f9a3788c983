//! Stage 5, versions against versions: every versioned type must evolve as its mode allows
//! (Avro's own resolution rules, [`wire`]), without the silent changes that wire compatibility
//! misses ([`semantic`]), and keys and references must hold within each version ([`join`]).

pub mod engines;
mod join;
mod locate;
mod semantic;
mod wire;

use crate::diagnostic::Diagnostics;
use crate::facts::Facts;
use crate::ir::{CompatMode, Model, TypeDef};

/// Checks every versioned type of a valid model. `default_mode` applies to types without `compat`.
pub fn check(
    model: &Model,
    facts: &Facts,
    default_mode: CompatMode,
    diagnostics: &mut Diagnostics,
) {
    join::check(model, diagnostics);
    for def in model.types.values().filter(|d| d.versioned) {
        let mode = effective_mode(def, default_mode);
        if mode == CompatMode::None {
            continue;
        }
        wire::check(model, facts, def, mode, diagnostics);
        semantic::check(model, def, mode, diagnostics);
    }
    crate::migrate::check(model, default_mode, diagnostics);
}

/// The mode a type evolves under.
pub fn effective_mode(def: &TypeDef, default_mode: CompatMode) -> CompatMode {
    def.compat.unwrap_or(default_mode)
}
