//! State machines in the Rust target (`docs/coordination.md`, Rust): per machine version a unit
//! struct describing it (`INITIAL`, `TERMINAL`, `TRANSITIONS`, `is_terminal`, `allows`, the
//! Mermaid diagram in its docs) with the reducer `apply`, the snapshot a service keeps per
//! instance and the outcome of applying one event. `apply` checks, in this order: wrong
//! instance, duplicate (by the idempotency key), stale (by the sequence), illegal move; else it
//! returns the new snapshot. It is the reference reducer of `codegen::machine_vectors`.
//!
//! The keys seen are a `Vec` of the idempotency field's own Rust type, in the order applied:
//! every generated type is `PartialEq`, not every one is `Ord` or `Hash` (newtypes, records),
//! and an instance has few events.

use super::code::{list, string, Code};
use super::docs::doc_lines;
use super::names::Scope;
use super::{Body, Generator};
use crate::codegen::version_name;
use crate::ir::*;
use crate::machine::mermaid;
use proc_macro2::Ident;
use std::collections::BTreeMap;

/// The names of one machine version: the machine struct, its snapshot and its outcome enum.
struct Idents {
    machine: Ident,
    snapshot: Ident,
    outcome: Ident,
}

/// The names of every machine version: `ExportJobV1`, `ExportJobV1Snapshot` and
/// `ExportJobV1Outcome` (`ExportJob...` when unversioned), claimed in the package scopes after
/// the types, layouts and topics.
#[derive(Default)]
pub(crate) struct MachineIdents {
    idents: BTreeMap<(FullName, u32), Idents>,
}

impl MachineIdents {
    pub(crate) fn new(model: &Model, scopes: &mut BTreeMap<String, Scope>) -> MachineIdents {
        let mut idents = BTreeMap::new();
        for def in model.machines.values() {
            let scope = scopes.entry(def.name.package.clone()).or_default();
            for version in &def.versions {
                let base = version_name(&def.name, def.versioned, version.number);
                let names = Idents {
                    machine: scope.claim(&base),
                    snapshot: scope.claim(&format!("{base}Snapshot")),
                    outcome: scope.claim(&format!("{base}Outcome")),
                };
                idents.insert((def.name.clone(), version.number), names);
            }
        }
        MachineIdents { idents }
    }

    fn get(&self, def: &MachineDef, version: &MachineVersion) -> Option<&Idents> {
        self.idents.get(&(def.name.clone(), version.number))
    }
}

/// What the reducer of one machine version reads, as Rust text seen from its package.
struct Reducer<'g> {
    idents: &'g Idents,
    /// The event record type.
    event: String,
    /// The instance field (`event.job_id`) and its type.
    instance: (String, String),
    /// The sequence as an `i64`, from `event`.
    sequence: String,
    /// The idempotency key field and its type, when declared.
    key: Option<(String, String)>,
    /// The state (`event.status`, through newtypes) and its enum type.
    state: (String, String),
    /// The state enum's symbols and their variants.
    variants: &'g [(String, Ident)],
    /// The initial state's symbol.
    initial: &'g str,
}

impl Reducer<'_> {
    /// The path of a state's variant.
    fn variant(&self, symbol: &str) -> String {
        let variant = self.variants.iter().find(|(s, _)| s == symbol);
        let ident = variant.map_or_else(|| symbol.to_owned(), |(_, v)| v.to_string());
        format!("{}::{ident}", self.state.1)
    }
}

impl Generator<'_> {
    /// Writes the machine items of a package.
    pub(super) fn machine_items(&self, code: &mut Code, package: &str) {
        for def in self.model.machines_in(package) {
            for version in &def.versions {
                self.machine_item(code, package, def, version);
            }
        }
    }

    /// Writes the items of one machine version, or nothing when its event does not resolve to a
    /// generated record (the checks report it).
    fn machine_item(
        &self,
        code: &mut Code,
        package: &str,
        def: &MachineDef,
        version: &MachineVersion,
    ) -> Option<()> {
        let reducer = self.reducer(package, def, version)?;
        machine_struct(code, def, version, &reducer);
        snapshot_struct(code, version, &reducer);
        outcome_enum(code, &reducer);
        Some(())
    }

    /// What the reducer of `version` reads of its event.
    fn reducer<'g>(
        &'g self,
        package: &str,
        def: &MachineDef,
        version: &'g MachineVersion,
    ) -> Option<Reducer<'g>> {
        let idents = self.machines.get(def, version)?;
        let event = version.event.as_ref()?;
        let Body::Record(fields) = self.bodies.get(event)? else {
            return None;
        };
        let field = |clause: &Option<Written>| {
            let name = &clause.as_ref()?.name;
            fields.iter().find(|f| &f.field.name == name)
        };
        let access = |clause: &Option<Written>| {
            let f = field(clause)?;
            Some((format!("event.{}", f.ident), f.lowered.rust_type(package)))
        };
        let (state_ref, _) = version.state_enum(self.model)?;
        let Body::Enum(variants) = self.bodies.get(state_ref)? else {
            return None;
        };
        let state = field(&version.state)?;
        let sequence = field(&version.sequence)?;
        let key = match &version.idempotency {
            Some(_) => Some(access(&version.idempotency)?),
            None => None,
        };
        Some(Reducer {
            idents,
            event: self.names.target(event).path(package),
            instance: access(&version.instance)?,
            sequence: self.sequence_expr(&format!("event.{}", sequence.ident), &sequence.field.ty),
            key,
            state: (
                format!(
                    "event.{}{}",
                    state.ident,
                    self.newtype_steps(&state.field.ty)
                ),
                self.names.target(state_ref).path(package),
            ),
            variants,
            initial: &version.initial.as_ref()?.name,
        })
    }

    /// `.0` for each newtype between `ty` and its wire type (at most one step per type: a
    /// valid model has no cycle of newtypes).
    fn newtype_steps(&self, ty: &Type) -> String {
        let mut steps = String::new();
        let mut ty = ty;
        for _ in 0..self.model.types.len() {
            let Type::Named(reference) = ty else { break };
            let Some((
                _,
                TypeVersion {
                    body: crate::ir::Body::Newtype(inner),
                    ..
                },
            )) = self.model.resolve(reference)
            else {
                break;
            };
            steps.push_str(".0");
            ty = inner;
        }
        steps
    }

    /// The sequence field `access` (of type `ty`: an `int` or `long`, maybe in newtypes) as an
    /// `i64`.
    fn sequence_expr(&self, access: &str, ty: &Type) -> String {
        let value = format!("{access}{}", self.newtype_steps(ty));
        match wire_type(self.model, ty) {
            Type::Scalar(Scalar::Int) => format!("i64::from({value})"),
            _ => value,
        }
    }
}

/// The machine struct: its doc (with the Mermaid diagram), constants, `is_terminal`, `allows`
/// and `apply`.
fn machine_struct(code: &mut Code, def: &MachineDef, version: &MachineVersion, r: &Reducer) {
    let ident = &r.idents.machine;
    let mut doc = doc_lines(def.doc.as_deref());
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push(format!(
        " `{}` version {}, over events [`{}`] in states [`{}`]: each",
        def.name, version.number, r.event, r.state.1
    ));
    doc.push(format!(
        " service applies them with [`{ident}::apply`] and keeps the snapshot per instance."
    ));
    doc.push(String::new());
    doc.push(" ```mermaid".to_owned());
    doc.extend(mermaid(version).lines().map(|line| format!(" {line}")));
    doc.push(" ```".to_owned());
    code.docs(&doc);
    code.push(&format!(
        "#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub struct {ident};"
    ));
    let state = &r.state.1;
    let initial = r.variant(r.initial);
    let terminal: Vec<String> = version
        .terminal
        .iter()
        .map(|t| r.variant(&t.name))
        .collect();
    code.push(&format!(
        "impl {ident} {{
        /// The machine's full name.
        pub const MACHINE: &'static str = {};
        /// The machine version.
        pub const VERSION: u32 = {};
        /// The state of an instance's first event.
        pub const INITIAL: {state} = {initial};
        /// The terminal states: no transition leaves them.
        pub const TERMINAL: &'static [{state}] = &[{}];
        /// The allowed transitions `(from, to)`, in written order.
        pub const TRANSITIONS: &'static [({state}, {state})] = &[",
        string(&def.name.to_string()),
        version.number,
        list(&terminal),
    ));
    let pairs: Vec<(String, String)> = version
        .transitions
        .iter()
        .map(|t| (r.variant(&t.from.name), r.variant(&t.to.name)))
        .collect();
    for (from, to) in &pairs {
        code.push(&format!("({from}, {to}),"));
    }
    code.push("];");
    predicates(code, state, &terminal, &pairs);
    apply_fn(code, r);
    code.push("}");
}

/// `is_terminal` and `allows`, as `const fn`s matching the states.
fn predicates(code: &mut Code, state: &str, terminal: &[String], pairs: &[(String, String)]) {
    let terminal = match terminal {
        [] => "let _ = state;\nfalse".to_owned(),
        states => format!("matches!(state, {})", states.join(" | ")),
    };
    let allows = match pairs {
        [] => "let _ = (from, to);\nfalse".to_owned(),
        pairs => {
            let arms: Vec<String> = pairs.iter().map(|(f, t)| format!("({f}, {t})")).collect();
            format!("matches!(\n(from, to),\n{}\n)", arms.join("\n| "))
        }
    };
    code.push(&format!(
        "/// Whether `state` is terminal.
        #[inline]
        #[must_use]
        pub const fn is_terminal(state: {state}) -> bool {{
        {terminal}
        }}
        /// Whether an instance in `from` may move to `to` (a declared transition).
        #[inline]
        #[must_use]
        pub const fn allows(from: {state}, to: {state}) -> bool {{
        {allows}
        }}"
    ));
}

/// `apply`: the reducer.
fn apply_fn(code: &mut Code, r: &Reducer) {
    let (snapshot, outcome) = (&r.idents.snapshot, &r.idents.outcome);
    let (event, instance, sequence) = (&r.event, &r.instance.0, &r.sequence);
    let duplicate = match r.key {
        Some(_) => format!("an idempotency key the snapshot has seen: [`{outcome}::Duplicate`]"),
        None => format!("(no idempotency key: never [`{outcome}::Duplicate`])"),
    };
    code.push(&format!(
        "/// Applies `event` to the snapshot of its instance (`None` before its first event),
        /// checking in this order:
        ///
        /// 1. another instance than the snapshot's: [`{outcome}::WrongInstance`];
        /// 2. {duplicate};
        /// 3. a sequence not past the snapshot's: [`{outcome}::Stale`];
        /// 4. a first event not in the initial state, or a move that is not a declared
        ///    transition: [`{outcome}::Illegal`];
        /// 5. else [`{outcome}::Applied`] with the new snapshot.
        ///
        /// Only `Applied` changes what a service keeps: it stores the new snapshot.
        #[inline]
        #[must_use]
        pub fn apply(current: ::std::option::Option<&{snapshot}>, event: &{event}) -> {outcome} {{
        if let ::std::option::Option::Some(snapshot) = current {{
        if {instance} != snapshot.instance {{
        return {outcome}::WrongInstance;
        }}"
    ));
    if let Some((key, _)) = &r.key {
        code.push(&format!(
            "if snapshot.seen.contains(&{key}) {{\nreturn {outcome}::Duplicate;\n}}"
        ));
    }
    code.push(&format!(
        "if {sequence} <= snapshot.sequence {{
        return {outcome}::Stale;
        }}
        }}
        let from = current.map(|c| c.state);
        let to = {};
        let legal = match from {{
        ::std::option::Option::Some(from) => Self::allows(from, to),
        ::std::option::Option::None => to == Self::INITIAL,
        }};
        if !legal {{
        return {outcome}::Illegal {{ from, to }};
        }}",
        r.state.0
    ));
    if let Some((key, _)) = &r.key {
        code.push(&format!(
            "let mut seen = current.map(|c| c.seen.clone()).unwrap_or_default();
            seen.push(::std::clone::Clone::clone(&{key}));"
        ));
    }
    code.push(&format!(
        "{outcome}::Applied({snapshot} {{
        instance: ::std::clone::Clone::clone(&{instance}),
        state: to,
        sequence: {sequence},"
    ));
    if r.key.is_some() {
        code.push("seen,");
    }
    code.push("})\n}");
}

/// The snapshot struct: what a service keeps of one instance.
fn snapshot_struct(code: &mut Code, version: &MachineVersion, r: &Reducer) {
    let (machine, snapshot) = (&r.idents.machine, &r.idents.snapshot);
    let name = |clause: &Option<Written>| clause.as_ref().map_or(String::new(), |w| w.name.clone());
    code.push(&format!(
        "/// What a service keeps of one instance of [`{machine}`]: the last event applied.
        #[derive(Debug, Clone, PartialEq)]
        pub struct {snapshot} {{
        /// The instance (`{}`).
        pub instance: {},
        /// Its state: that of the last event applied.
        pub state: {},
        /// The sequence of the last event applied (`{}`).
        pub sequence: i64,",
        name(&version.instance),
        r.instance.1,
        r.state.1,
        name(&version.sequence),
    ));
    if let Some((_, ty)) = &r.key {
        code.push(&format!(
            "/// The idempotency keys (`{}`) of the events applied, in the order applied: a retry
            /// repeats one.
            pub seen: ::std::vec::Vec<{ty}>,",
            name(&version.idempotency)
        ));
    }
    code.push("}");
}

/// The outcome enum: what applying one event gives.
fn outcome_enum(code: &mut Code, r: &Reducer) {
    let (machine, snapshot, outcome) = (&r.idents.machine, &r.idents.snapshot, &r.idents.outcome);
    let state = &r.state.1;
    code.push(&format!(
        "/// What [`{machine}::apply`] gives for one event.
        #[derive(Debug, Clone, PartialEq)]
        pub enum {outcome} {{
        /// The event moves the instance: its new snapshot, to keep.
        Applied({snapshot}),
        /// The snapshot has seen the event's idempotency key: a retry (never without one).
        Duplicate,
        /// The event's sequence is not past the snapshot's: a late or repeated event.
        Stale,
        /// The move is not allowed.
        Illegal {{
        /// The snapshot's state (`None`: no snapshot, only the initial state is allowed).
        from: ::std::option::Option<{state}>,
        /// The event's state.
        to: {state},
        }},
        /// The event is about another instance than the snapshot's.
        WrongInstance,
        }}"
    ));
}
