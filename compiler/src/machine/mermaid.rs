//! The Mermaid state diagram of a machine version, for generated docs and `accord show`.

use crate::ir::MachineVersion;
use std::fmt::Write as _;

/// The `stateDiagram-v2` of `version`: `[*]` into the initial state, one arrow per transition
/// in written order, each terminal state into `[*]`.
pub fn mermaid(version: &MachineVersion) -> String {
    let mut out = String::from("stateDiagram-v2\n");
    if let Some(initial) = &version.initial {
        let _ = writeln!(out, "    [*] --> {}", initial.name);
    }
    for transition in &version.transitions {
        let _ = writeln!(
            out,
            "    {} --> {}",
            transition.from.name, transition.to.name
        );
    }
    for terminal in &version.terminal {
        let _ = writeln!(out, "    {} --> [*]", terminal.name);
    }
    out
}
