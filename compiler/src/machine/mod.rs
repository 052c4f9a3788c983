//! State machines as contracts: each version of a `machine` checked against its event record
//! (fields and their types, `K002`..`K005`) and as a graph (reachability, `K006`, `K007`;
//! transitions written twice or leaving a terminal state, `K008`); versions against versions
//! by the machine's compatibility mode in [`compat`] (`K009`, `K010`).

mod compat;
mod mermaid;

pub use compat::check_compat;
pub use mermaid::mermaid;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::*;
use std::collections::{BTreeSet, HashSet};

/// Checks every version of every machine on its own.
pub fn validate(model: &Model, diagnostics: &mut Diagnostics) {
    for def in model.machines.values() {
        for version in &def.versions {
            check_version(model, def, version, diagnostics);
        }
    }
}

fn check_version(
    model: &Model,
    def: &MachineDef,
    version: &MachineVersion,
    diagnostics: &mut Diagnostics,
) {
    let Some(event) = &version.event else {
        return; // missing (K001) or unresolved (N codes): reported already
    };
    let Some(fields) = version.event_fields(model) else {
        let at = version.event_span.unwrap_or(version.span);
        diagnostics.push(
            Diagnostic::new(
                Code::K002,
                at,
                format!("`{}` is not a record", pinned(model, event)),
            )
            .with_hint(
                "a machine's event is a record: the instance, sequence and state are its fields",
            ),
        );
        return;
    };
    let clauses = [
        ("instance", &version.instance),
        ("sequence", &version.sequence),
        ("idempotency", &version.idempotency),
        ("state", &version.state),
    ];
    let mut fields_ok = true;
    for (clause, written) in clauses {
        let Some(written) = written else { continue };
        match fields.iter().find(|f| f.name == written.name) {
            None => {
                fields_ok = false;
                diagnostics.push(unknown_field(model, event, clause, written, fields));
            }
            Some(field) => {
                if let Some(problem) = field_type_problem(model, clause, &field.ty) {
                    fields_ok = false;
                    diagnostics.push(
                        Diagnostic::new(
                            Code::K004,
                            written.span,
                            format!("`{}` {problem}", written.name),
                        )
                        .with_secondary(field.span, "declared here")
                        .with_hint(type_hint(clause)),
                    );
                }
            }
        }
    }
    if fields_ok {
        if let Some((reference, states)) = version.state_enum(model) {
            check_states(model, def, version, reference, states, diagnostics);
        }
    }
}

fn unknown_field(
    model: &Model,
    event: &TypeRef,
    clause: &str,
    written: &Written,
    fields: &[Field],
) -> Diagnostic {
    let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
    Diagnostic::new(
        Code::K003,
        written.span,
        format!(
            "`{}` has no field `{}` (the `{clause}` clause)",
            pinned(model, event),
            written.name
        ),
    )
    .with_hint(format!("its fields: {}", names.join(", ")))
}

/// What is wrong with a field's type for `clause`, if anything.
fn field_type_problem(model: &Model, clause: &str, ty: &Type) -> Option<&'static str> {
    let wire = wire_type(model, ty);
    match clause {
        "sequence" => match wire {
            Type::Scalar(Scalar::Int | Scalar::Long) => None,
            _ => Some("is not an integer (`int` or `long`)"),
        },
        "state" => match wire {
            Type::Named(reference)
                if matches!(
                    model.resolve(reference),
                    Some((
                        _,
                        TypeVersion {
                            body: Body::Enum(_),
                            ..
                        }
                    ))
                ) =>
            {
                None
            }
            _ => Some("is not an enum"),
        },
        _ => match wire {
            Type::Optional(..) => Some("is optional: every event must have it"),
            _ => None,
        },
    }
}

fn type_hint(clause: &str) -> &'static str {
    match clause {
        "sequence" => "the sequence orders an instance's events: an `int` or `long` that grows with each event",
        "state" => "the state field holds the state an event moves the instance to: an enum whose symbols are the states",
        _ => "make the field required",
    }
}

/// The states of `version` against the symbols of its state enum, then the graph.
fn check_states(
    model: &Model,
    def: &MachineDef,
    version: &MachineVersion,
    reference: &TypeRef,
    states: &EnumDef,
    diagnostics: &mut Diagnostics,
) {
    let symbols: Vec<&str> = states.symbols.iter().map(|s| s.name.as_str()).collect();
    let written = version
        .initial
        .iter()
        .chain(&version.terminal)
        .chain(version.transitions.iter().flat_map(|t| [&t.from, &t.to]));
    let mut unknown = false;
    let mut reported: HashSet<(&str, crate::source::Span)> = HashSet::new();
    for state in written {
        if !symbols.contains(&state.name.as_str()) && reported.insert((&state.name, state.span)) {
            unknown = true;
            diagnostics.push(
                Diagnostic::new(
                    Code::K005,
                    state.span,
                    format!(
                        "`{}` is not a symbol of `{}`",
                        state.name,
                        pinned(model, reference)
                    ),
                )
                .with_hint(format!(
                    "the states are the symbols of the state field's enum: {}",
                    symbols.join(", ")
                )),
            );
        }
    }
    check_transitions(version, diagnostics);
    if !unknown {
        check_reachability(def, version, &symbols, diagnostics);
    }
}

/// `K008`: a transition written twice, or one leaving a terminal state.
fn check_transitions(version: &MachineVersion, diagnostics: &mut Diagnostics) {
    let mut seen: Vec<&Transition> = Vec::new();
    for transition in &version.transitions {
        let (from, to) = (&transition.from.name, &transition.to.name);
        if let Some(first) = seen
            .iter()
            .find(|t| &t.from.name == from && &t.to.name == to)
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::K008,
                    transition.to.span,
                    format!("`{from}` to `{to}` is written twice"),
                )
                .with_secondary(first.to.span, "first written here")
                .with_hint("write each transition once"),
            );
        } else if version.is_terminal(from) {
            diagnostics.push(
                Diagnostic::new(
                    Code::K008,
                    transition.from.span,
                    format!("`{from}` is terminal: no transition leaves it"),
                )
                .with_hint(format!(
                    "remove the transition, or `{from}` from `terminal`"
                )),
            );
        }
        seen.push(transition);
    }
}

/// `K006` for the states the initial state does not reach, `K007` for reachable states that
/// reach no terminal state.
fn check_reachability(
    def: &MachineDef,
    version: &MachineVersion,
    symbols: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let Some(initial) = &version.initial else {
        return;
    };
    let reached = reachable(version, [initial.name.as_str()]);
    let unreached: Vec<&str> = symbols
        .iter()
        .copied()
        .filter(|s| !reached.contains(s))
        .collect();
    if !unreached.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::K006,
                initial.span,
                format!(
                    "no transition from `{}` reaches {}",
                    initial.name,
                    quoted(&unreached)
                ),
            )
            .with_hint("add transitions to them, or drop them from the enum in a new version"),
        );
    }
    let terminal: BTreeSet<&str> = version.terminal.iter().map(|t| t.name.as_str()).collect();
    let stuck: Vec<&str> = reached
        .iter()
        .copied()
        .filter(|s| !terminal.contains(s))
        .filter(|s| reachable(version, [*s]).is_disjoint(&terminal))
        .collect();
    if !stuck.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::K007,
                version.span,
                format!("`{}`: no terminal state is reachable from {}", def.name.name, quoted(&stuck)),
            )
            .with_hint("an instance there never finishes: add a transition towards a terminal state, or make it terminal"),
        );
    }
}

/// The states reachable from `start` (included) along the transitions.
fn reachable<'v>(
    version: &'v MachineVersion,
    start: impl IntoIterator<Item = &'v str>,
) -> BTreeSet<&'v str> {
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut pending: Vec<&str> = start.into_iter().collect();
    while let Some(state) = pending.pop() {
        if reached.insert(state) {
            let next = version.transitions.iter().filter(|t| t.from.name == state);
            pending.extend(next.map(|t| t.to.name.as_str()));
        }
    }
    reached
}

fn quoted(states: &[&str]) -> String {
    let quoted: Vec<String> = states.iter().map(|s| format!("`{s}`")).collect();
    quoted.join(", ")
}

/// `Type@N` as contracts write a pinned type, or `Type` when it is unversioned.
fn pinned(model: &Model, reference: &TypeRef) -> String {
    match model.types.get(&reference.name) {
        Some(def) if !def.versioned => reference.name.name.clone(),
        _ => format!("{}@{}", reference.name.name, reference.version),
    }
}
