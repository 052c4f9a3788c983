//! The reducers of state machines (`docs/coordination.md`, "Python"): one class per machine
//! version, holding its `State` and `Event` aliases, the `INITIAL`, `TERMINAL` and
//! `TRANSITIONS` constants, the `Snapshot` and outcome classes, and `apply`.

use super::classes::Ctx;
use super::literal::{docstring, py_str};
use super::views::{MachineKeyView, MachineView, ModuleView};
use crate::ir::*;

/// The names a reducer class defines, and the fields of its snapshot and outcomes: a machine
/// class never takes one of them, so that `Name.Member` means the same in every scope of the
/// class (type checkers differ on which scope an annotation inside a class body reads).
pub(super) const REDUCER_MEMBERS: &[&str] = &[
    "State",
    "Event",
    "MACHINE",
    "VERSION",
    "INITIAL",
    "TERMINAL",
    "TRANSITIONS",
    "Snapshot",
    "Applied",
    "Duplicate",
    "Stale",
    "Illegal",
    "WrongInstance",
    "Outcome",
    "apply",
    "instance",
    "state",
    "sequence",
    "seen",
    "snapshot",
    "from_",
    "to",
];

impl Ctx<'_> {
    /// The reducer classes of the package's machines.
    pub(super) fn machines(&self, view: &mut ModuleView) {
        for def in self.model().machines_in(self.package) {
            for version in &def.versions {
                if let Some(machine) = self.machine_view(def, version) {
                    view.machines.push(machine);
                }
            }
        }
    }

    /// The view of one machine version; `None` when a clause is missing (never after `check`).
    fn machine_view(&self, def: &MachineDef, version: &MachineVersion) -> Option<MachineView> {
        let model = self.model();
        let event = version.event.as_ref()?;
        let (state_ref, states) = version.state_enum(model)?;
        let member = |name: &str| self.state_member(state_ref, states, name);
        let attr = |clause: &Option<Written>| self.event_attr(event, version, clause);
        let instance = version.field(model, &version.instance)?;
        let key = match &version.idempotency {
            Some(_) => Some(self.key_view(event, version)?),
            None => None,
        };
        let event_class = self.annotation(&Type::Named(event.clone()), None);
        Some(MachineView {
            name: self.naming.machines[&(def.name.clone(), version.number)].clone(),
            doc: docstring(&machine_doc(def, version), 4),
            machine: py_str(&def.name.to_string()),
            version: version.number,
            state: self.annotation(&Type::Named(state_ref.clone()), None),
            event_first: event_class == "State",
            event: event_class,
            initial: member(&version.initial.as_ref()?.name)?,
            terminal: version
                .terminal
                .iter()
                .map(|t| member(&t.name))
                .collect::<Option<_>>()?,
            transitions: version
                .transitions
                .iter()
                .map(|t| {
                    Some(format!(
                        "({}, {})",
                        member(&t.from.name)?,
                        member(&t.to.name)?
                    ))
                })
                .collect::<Option<_>>()?,
            instance: self.annotation(&instance.ty, None),
            instance_attr: attr(&version.instance)?,
            sequence_attr: attr(&version.sequence)?,
            state_attr: attr(&version.state)?,
            key,
        })
    }

    /// `State.NAME`: a state as the member of the state enum's Python class.
    fn state_member(&self, state_ref: &TypeRef, states: &EnumDef, name: &str) -> Option<String> {
        let index = states.symbols.iter().position(|s| s.name == name)?;
        Some(format!(
            "State.{}",
            self.names(state_ref).members.get(index)?
        ))
    }

    /// The Python attribute of the event field a clause names.
    fn event_attr(
        &self,
        event: &TypeRef,
        version: &MachineVersion,
        clause: &Option<Written>,
    ) -> Option<String> {
        let name = &clause.as_ref()?.name;
        let fields = version.event_fields(self.model())?;
        let index = fields.iter().position(|f| &f.name == name)?;
        self.names(event).fields.get(index).cloned()
    }

    /// How the idempotency key is kept: as it is when its Python value is hashable and equal
    /// exactly when the encodings are, else as its canonical JSON text.
    fn key_view(&self, event: &TypeRef, version: &MachineVersion) -> Option<MachineKeyView> {
        let field = version.field(self.model(), &version.idempotency)?;
        let attr = self.event_attr(event, version, &version.idempotency)?;
        Some(if kept_as_is(self.model(), &field.ty) {
            MachineKeyView {
                annotation: self.annotation(&field.ty, None),
                expr: format!("event.{attr}"),
            }
        } else {
            MachineKeyView {
                annotation: "str".into(),
                expr: format!("_mc.key_json(event, {})", py_str(&attr)),
            }
        })
    }
}

/// Whether a key type's Python values can be kept in a `frozenset` as they are: hashable, and
/// equal exactly when their encodings are. Floats are not (NaN is not equal to itself), nor
/// are records, lists, maps and unions (not hashable, or not by their encoding).
fn kept_as_is(model: &Model, ty: &Type) -> bool {
    match wire_type(model, ty) {
        Type::Scalar(scalar) => !matches!(scalar, Scalar::Float | Scalar::Double),
        Type::Decimal(_) => true,
        Type::Named(reference) => matches!(
            model.resolve(reference).map(|(_, v)| &v.body),
            Some(Body::Enum(_) | Body::Fixed(_))
        ),
        Type::List(_) | Type::Map(_) | Type::Optional(..) | Type::Union(_) => false,
    }
}

/// The docstring of a machine version's class: its doc comment, what it is, and its diagram.
fn machine_doc(def: &MachineDef, version: &MachineVersion) -> Vec<String> {
    let mut doc: Vec<String> = def.doc.iter().cloned().collect();
    let event = version
        .event
        .as_ref()
        .map(|e| format!("{}@{}", e.name, e.version))
        .unwrap_or_default();
    doc.push(format!(
        "The reducer of the machine `{}` version {} over `{event}` events: `apply` folds an instance's events into its `Snapshot`, one `Outcome` per event (docs/coordination.md).",
        def.name, version.number
    ));
    doc.push(format!(
        "```mermaid\n{}```",
        crate::machine::mermaid(version)
    ));
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_kept_as_they_are_only_when_python_hashes_them_by_their_encoding() {
        let model = Model::default();
        let scalar = |s| kept_as_is(&model, &Type::Scalar(s));
        for s in [
            Scalar::Int,
            Scalar::Long,
            Scalar::String,
            Scalar::Bytes,
            Scalar::Uuid,
        ] {
            assert!(scalar(s), "{s:?}");
        }
        assert!(!scalar(Scalar::Double) && !scalar(Scalar::Float));
        let strings = Box::new(Type::Scalar(Scalar::String));
        assert!(!kept_as_is(&model, &Type::List(strings.clone())));
        assert!(!kept_as_is(&model, &Type::Map(strings)));
    }
}
