//! Released machine versions, frozen like types and layouts: `[[machine]]` entries of
//! `accord.lock`, a definition hash each (the event type version, the fields of its clauses,
//! the initial and terminal states and the transitions; not the doc comments, nor the order the
//! states and transitions are written in).

use super::definitions::{check, Declared, Kind};
use super::{Baseline, Release, Releases};
use crate::diagnostic::Diagnostics;
use crate::ir::{MachineVersion, Model, Written};
use sha2::{Digest, Sha256};

/// The definition hash of every machine version of a model, each located at its version.
pub fn machine_releases(model: &Model) -> Releases {
    model
        .machines
        .values()
        .flat_map(|def| def.versions.iter().map(move |v| (def, v)))
        .map(|(def, version)| {
            let release = Release {
                fingerprint: String::new(),
                definition: machine_definition(version),
                field_ids: None,
                span: Some(version.span),
            };
            ((def.name.to_string(), version.number), release)
        })
        .collect()
}

/// `sha256:` + hex of the canonical JSON of a machine version.
pub fn machine_definition(version: &MachineVersion) -> String {
    let name = |w: &Option<Written>| w.as_ref().map(|w| w.name.clone());
    let mut terminal: Vec<&str> = version.terminal.iter().map(|t| t.name.as_str()).collect();
    terminal.sort_unstable();
    let mut transitions: Vec<[&str; 2]> = version
        .transitions
        .iter()
        .map(|t| [t.from.name.as_str(), t.to.name.as_str()])
        .collect();
    transitions.sort_unstable();
    let definition = serde_json::json!({
        "event": version.event.as_ref().map(|r| format!("{}@{}", r.name, r.version)),
        "instance": name(&version.instance),
        "sequence": name(&version.sequence),
        "idempotency": name(&version.idempotency),
        "state": name(&version.state),
        "initial": name(&version.initial),
        "terminal": terminal,
        "transitions": transitions,
    });
    let digest = Sha256::digest(definition.to_string().as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Reports every baseline machine version that the model edited or removed (`L001`..`L004`,
/// as for types).
pub fn check_machines(
    model: &Model,
    baseline: &Releases,
    kind: Baseline,
    diagnostics: &mut Diagnostics,
) {
    let declared: Declared = model
        .machines
        .values()
        .map(|d| {
            let versions = d.versions.iter().map(|v| (v.number, v.span)).collect();
            (d.name.to_string(), (d.name_span, versions))
        })
        .collect();
    let machine = Kind {
        word: "machine",
        parts: "its event, fields, states or transitions changed",
        removed_hint: "restore the version: services may still produce or consume its events",
    };
    let current = machine_releases(model);
    check(&machine, &declared, &current, baseline, kind, diagnostics);
}
