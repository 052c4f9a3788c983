//! The type migrations that generated shims follow (Rust and Python): every plan of
//! [`crate::migrate::plan`] between two versions of a versioned record or enum that needs no
//! missing hook, the type plans they use, and which types' hooks each step needs.

use crate::avro::SchemaKind;
use crate::ir::*;
use crate::migrate::{self, Conversion, IssueKind, Mapping, Route, Source, StepKey, TypePlan};
use std::collections::{BTreeMap, BTreeSet};

/// Every type migration the plans of the model use, and the hooks traits each needs.
pub(crate) struct Migrations {
    /// Every type plan, by key (only plans without gaps).
    pub steps: BTreeMap<StepKey, TypePlan>,
    /// The versioned types whose hooks traits a step needs (transitively).
    pub traits: BTreeMap<StepKey, BTreeSet<FullName>>,
    /// The pairs of versions with a shim, per type.
    pub pairs: BTreeMap<FullName, Vec<(u32, u32)>>,
    /// Steps that can fail on some values although their plan is infallible: they convert a
    /// scalar to another logical type or precision (`long` to `timestamp_ms`, `decimal(9, 2)`
    /// to `decimal(4, 2)`), which reads the same Avro primitive but not every value of it, or
    /// call such a step. Their Rust conversions are `TryFrom`, never a panicking `From`.
    pub partial: BTreeSet<StepKey>,
}

impl Migrations {
    /// The migrations of every versioned record and enum of `model`.
    pub(crate) fn new(model: &Model) -> Migrations {
        let mut steps = BTreeMap::new();
        let mut pairs: BTreeMap<FullName, Vec<(u32, u32)>> = BTreeMap::new();
        for def in model.types.values().filter(|d| d.versioned) {
            if !matches!(def.kind, TypeKind::Record | TypeKind::Enum) {
                continue;
            }
            for a in &def.versions {
                for b in &def.versions {
                    if a.number == b.number {
                        continue;
                    }
                    let Some(plan) = migrate::plan(model, &def.name, a.number, b.number) else {
                        continue;
                    };
                    if plan.status().needs_hook() {
                        continue;
                    }
                    pairs
                        .entry(def.name.clone())
                        .or_default()
                        .push((a.number, b.number));
                    for (key, type_plan) in plan.plans {
                        steps.entry(key).or_insert(type_plan);
                    }
                }
            }
        }
        // Hooks traits, to a fixed point (plans can be recursive).
        let mut traits: BTreeMap<StepKey, BTreeSet<FullName>> = steps
            .iter()
            .map(|(k, p)| (k.clone(), direct_hooks(p)))
            .collect();
        loop {
            let mut changed = false;
            for (key, plan) in &steps {
                let mut set = traits[key].clone();
                for callee in callees(plan) {
                    if let Some(more) = traits.get(&callee) {
                        set.extend(more.iter().cloned());
                    }
                }
                if set.len() != traits[key].len() {
                    traits.insert(key.clone(), set);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let partial = partial_steps(&steps);
        Migrations {
            steps,
            traits,
            pairs,
            partial,
        }
    }
}

/// The steps with a scalar conversion that is not total, directly or through a step they call
/// (to a fixed point: plans can be recursive).
fn partial_steps(steps: &BTreeMap<StepKey, TypePlan>) -> BTreeSet<StepKey> {
    let mut partial: BTreeSet<StepKey> = steps
        .iter()
        .filter(|(_, plan)| own_conversions(plan).iter().any(|c| !total(c)))
        .map(|(key, _)| key.clone())
        .collect();
    loop {
        let more: Vec<StepKey> = steps
            .iter()
            .filter(|(key, plan)| {
                !partial.contains(*key) && callees(plan).iter().any(|c| partial.contains(c))
            })
            .map(|(key, _)| key.clone())
            .collect();
        if more.is_empty() {
            return partial;
        }
        partial.extend(more);
    }
}

/// The conversions of a record plan's fields.
fn own_conversions(plan: &TypePlan) -> Vec<&Conversion> {
    match &plan.route {
        Route::Direct(Mapping::Record(record)) => record
            .fields
            .iter()
            .filter_map(|f| match &f.source {
                Source::Field { conversion, .. } => Some(conversion),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a conversion succeeds on every value (ignoring named steps, checked apart): its
/// scalar conversions are total promotions.
fn total(conversion: &Conversion) -> bool {
    match conversion {
        Conversion::Scalar { from, to } => total_scalar(from, to),
        Conversion::List(c) | Conversion::Map(c) => total(c),
        Conversion::Wrap { conversion, .. } => total(conversion),
        Conversion::Newtype { inner, .. } => total(inner),
        Conversion::Branches(branches) => branches
            .iter()
            .all(|b| b.to.as_ref().is_none_or(|(_, c)| total(c))),
        Conversion::Identity | Conversion::Named(_) | Conversion::Impossible(_) => true,
    }
}

/// The scalar conversions every value survives: Avro's numeric promotions and `string` to
/// `bytes`.
pub(crate) fn total_scalar(from: &Type, to: &Type) -> bool {
    use Scalar::*;
    match (from, to) {
        (Type::Scalar(a), Type::Scalar(b)) => {
            a == b
                || matches!(
                    (a, b),
                    (Int, Long) | (Int | Long, Float | Double) | (Float, Double) | (String, Bytes)
                )
        }
        _ => from == to,
    }
}

/// The type whose hooks trait a plan's own hooks belong to.
fn direct_hooks(plan: &TypePlan) -> BTreeSet<FullName> {
    let mut set = BTreeSet::new();
    if let Route::Direct(Mapping::Record(record)) = &plan.route {
        if record
            .fields
            .iter()
            .any(|f| matches!(f.source, Source::Hook { .. }))
        {
            set.insert(plan.key.from.name.clone());
        }
    }
    set
}

/// The type migrations a plan calls.
fn callees(plan: &TypePlan) -> Vec<StepKey> {
    let mut keys = Vec::new();
    match &plan.route {
        Route::Composed(steps) => keys.extend(steps.iter().cloned()),
        Route::Direct(Mapping::Record(record)) => {
            for field in &record.fields {
                if let Source::Field { conversion, .. } = &field.source {
                    conversion_callees(conversion, &mut keys);
                }
            }
        }
        _ => {}
    }
    keys
}

fn conversion_callees(conversion: &Conversion, keys: &mut Vec<StepKey>) {
    match conversion {
        Conversion::Named(key) => keys.push(key.clone()),
        Conversion::List(c) | Conversion::Map(c) => conversion_callees(c, keys),
        Conversion::Wrap { conversion, .. } => conversion_callees(conversion, keys),
        Conversion::Newtype { inner, .. } => conversion_callees(inner, keys),
        Conversion::Branches(branches) => {
            for branch in branches {
                if let Some((_, c)) = &branch.to {
                    conversion_callees(c, keys);
                }
            }
        }
        _ => {}
    }
}

/// The plan's reason when a scalar conversion fails on a value: `bytes` (or a decimal) read as
/// a string that is not UTF-8, a string read as a `uuid` that is not one.
pub(crate) fn scalar_failure(from: &Type, to: &Type) -> Option<IssueKind> {
    match (migrate::primitive(from), to) {
        (_, Type::Scalar(Scalar::Uuid)) if from != to => Some(IssueKind::NotUuid),
        (Some(SchemaKind::Bytes), _) if migrate::primitive(to) == Some(SchemaKind::String) => {
            Some(IssueKind::NotUtf8)
        }
        _ => None,
    }
}
