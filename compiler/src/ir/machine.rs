//! The model of `machine` declarations: state machines over a versioned event record.

use super::model::{Body, CompatMode, EnumDef, Field, FullName, Model, Type, TypeRef};
use super::values::wire_type;
use crate::source::Span;

/// A state machine: how the instances of a process (a job, a payment, a shipment) move from
/// state to state, carried by events of one record type.
#[derive(Debug, Clone)]
pub struct MachineDef {
    /// Its full name.
    pub name: FullName,
    /// Its doc comment.
    pub doc: Option<String>,
    /// Whether it is written as `version` blocks.
    pub versioned: bool,
    /// `compat` written on the machine (the project default applies otherwise).
    pub compat: Option<CompatMode>,
    /// The versions, in written order (a single version 1 when unversioned).
    pub versions: Vec<MachineVersion>,
    /// The whole declaration.
    pub span: Span,
    /// The declared name.
    pub name_span: Span,
}

impl MachineDef {
    /// The version numbered `number`.
    pub fn version(&self, number: u32) -> Option<&MachineVersion> {
        self.versions.iter().find(|v| v.number == number)
    }
}

/// A name as written in a clause: a field of the event or a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The name.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// One transition: an instance in `from` may move to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The state it leaves.
    pub from: Written,
    /// The state it moves to.
    pub to: Written,
}

/// One version of a machine. Every clause is optional here: a missing one is reported when
/// lowering, and checks skip what is absent.
#[derive(Debug, Clone)]
pub struct MachineVersion {
    /// Its number, from 1.
    pub number: u32,
    /// The event record version (`None` when it did not resolve or is missing).
    pub event: Option<TypeRef>,
    /// Where the event type is written.
    pub event_span: Option<Span>,
    /// The event field naming the instance.
    pub instance: Option<Written>,
    /// The event field ordering an instance's events (an integer).
    pub sequence: Option<Written>,
    /// The event field a retried event repeats.
    pub idempotency: Option<Written>,
    /// The event field holding the state moved to (an enum).
    pub state: Option<Written>,
    /// The state an instance starts in.
    pub initial: Option<Written>,
    /// The states an instance ends in.
    pub terminal: Vec<Written>,
    /// The allowed transitions, in written order.
    pub transitions: Vec<Transition>,
    /// The version block, or the whole declaration when unversioned.
    pub span: Span,
}

impl MachineVersion {
    /// Whether `from -> to` is allowed.
    pub fn allows(&self, from: &str, to: &str) -> bool {
        self.transitions
            .iter()
            .any(|t| t.from.name == from && t.to.name == to)
    }

    /// Whether `state` is terminal.
    pub fn is_terminal(&self, state: &str) -> bool {
        self.terminal.iter().any(|t| t.name == state)
    }
}

impl MachineVersion {
    /// The fields of the event record version, when it resolves to a record.
    pub fn event_fields<'m>(&self, model: &'m Model) -> Option<&'m [Field]> {
        match &model.resolve(self.event.as_ref()?)?.1.body {
            Body::Record(fields) => Some(fields),
            _ => None,
        }
    }

    /// The event field a clause names.
    pub fn field<'m>(&self, model: &'m Model, clause: &Option<Written>) -> Option<&'m Field> {
        let name = &clause.as_ref()?.name;
        self.event_fields(model)?.iter().find(|f| &f.name == name)
    }

    /// The enum version of the state field: its type's reference and its symbols.
    pub fn state_enum<'m>(&self, model: &'m Model) -> Option<(&'m TypeRef, &'m EnumDef)> {
        let field = self.field(model, &self.state)?;
        let Type::Named(reference) = wire_type(model, &field.ty) else {
            return None;
        };
        match &model.resolve(reference)?.1.body {
            Body::Enum(states) => Some((reference, states)),
            _ => None,
        }
    }
}
