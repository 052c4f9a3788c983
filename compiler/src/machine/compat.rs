//! Machine versions against each other, by the machine's compatibility mode: a consumer on one
//! version applies the events of a producer on another, each state read through the consumer's
//! enum (a symbol it lacks reads as its enum's `default`, as Avro resolves enums).
//!
//! - forward (old consumers, new producers): every transition and the initial state of the new
//!   version, read as the old version, must be allowed by it (`K009`);
//! - backward (new consumers, old producers): every transition and the initial state of the old
//!   version, read as the new one, must be allowed by it (`K010`).

use crate::avro::Direction;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::*;
use crate::source::Span;

/// Checks every machine's versions by its mode (`default_mode` unless it says `compat`).
pub fn check_compat(model: &Model, default_mode: CompatMode, diagnostics: &mut Diagnostics) {
    for def in model.machines.values().filter(|d| d.versioned) {
        let mode = def.compat.unwrap_or(default_mode);
        for (index, new) in def.versions.iter().enumerate() {
            let earlier = &def.versions[..index];
            let olds = match mode.is_transitive() {
                true => earlier,
                false => &earlier[earlier.len().saturating_sub(1)..],
            };
            for old in olds {
                for direction in mode.directions() {
                    let (producer, consumer) = match direction {
                        Direction::Forward => (new, old),
                        Direction::Backward => (old, new),
                    };
                    check_pair(
                        model,
                        def,
                        producer,
                        consumer,
                        *direction,
                        mode,
                        diagnostics,
                    );
                }
            }
        }
    }
}

/// The states of one version as its consumers read them.
struct Reading<'m> {
    states: &'m EnumDef,
}

impl Reading<'_> {
    /// `state` as read by this version: itself, else the enum's default, else unreadable.
    fn read(&self, state: &str) -> Option<String> {
        let known = self.states.symbols.iter().any(|s| s.name == state);
        match known {
            true => Some(state.to_string()),
            false => self.states.default.clone(),
        }
    }
}

fn check_pair(
    model: &Model,
    def: &MachineDef,
    producer: &MachineVersion,
    consumer: &MachineVersion,
    direction: Direction,
    mode: CompatMode,
    diagnostics: &mut Diagnostics,
) {
    let Some((_, states)) = consumer.state_enum(model) else {
        return; // reported by validation
    };
    let (code, who) = match direction {
        Direction::Forward => (Code::K009, "old consumers"),
        Direction::Backward => (Code::K010, "consumers of the new version"),
    };
    let context = format!(
        "`{}` version {} (consumer) applying events of version {} (producer), mode {mode}",
        def.name.name, consumer.number, producer.number
    );
    for (at, problem) in rejected(producer, consumer, &Reading { states }) {
        let (primary, secondary, note) = match direction {
            Direction::Forward => (
                at,
                consumer.span,
                format!(
                    "version {} as consumers on it apply events",
                    consumer.number
                ),
            ),
            Direction::Backward => (
                consumer.span,
                at,
                format!("written by producers on version {}", producer.number),
            ),
        };
        diagnostics.push(
            Diagnostic::new(
                code,
                primary,
                format!("{context}: {problem}; {who} reject it as illegal"),
            )
            .with_secondary(secondary, note)
            .with_hint(hint(direction)),
        );
    }
}

/// What of `producer`'s initial state and transitions `consumer` rejects, read through its
/// enum: where each is written, and why.
fn rejected(
    producer: &MachineVersion,
    consumer: &MachineVersion,
    reading: &Reading,
) -> Vec<(Span, String)> {
    let mut problems = Vec::new();
    if let (Some(initial), Some(expected)) = (&producer.initial, &consumer.initial) {
        let read = reading.read(&initial.name);
        if read.as_deref() != Some(expected.name.as_str()) {
            let (name, shown, expected) = (&initial.name, shown(&read), &expected.name);
            let problem = format!(
                "the initial state `{name}` reads as {shown}, not the initial `{expected}`"
            );
            problems.push((initial.span, problem));
        }
    }
    for transition in &producer.transitions {
        let (from, to) = (&transition.from.name, &transition.to.name);
        let (read_from, read_to) = (reading.read(from), reading.read(to));
        let allowed = match (&read_from, &read_to) {
            (Some(f), Some(t)) => consumer.allows(f, t),
            _ => false,
        };
        if !allowed {
            let problem = format!(
                "`{from}` to `{to}` reads as {} to {}, which version {} does not allow",
                shown(&read_from),
                shown(&read_to),
                consumer.number
            );
            problems.push((transition.to.span, problem));
        }
    }
    problems
}

fn shown(state: &Option<String>) -> String {
    match state {
        Some(state) => format!("`{state}`"),
        None => "nothing the consumer's enum knows (it has no `default`)".to_string(),
    }
}

fn hint(direction: Direction) -> &'static str {
    match direction {
        Direction::Forward => "keep new states and transitions readable by old consumers: give the state enum a `default` that old versions allow the same way, or upgrade consumers first under a `backward` mode",
        Direction::Backward => "keep the old transitions in the new version while producers on the old one run, or upgrade producers first under a `forward` mode",
    }
}
