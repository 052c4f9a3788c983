//! Recursion rules: a record may contain itself only through an optional, a list, a map or a
//! union with another branch; a newtype may never contain itself (Avro has no name for it).

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};

pub(super) fn check(model: &Model, diagnostics: &mut Diagnostics) {
    let finite = finite_versions(model);
    for (def, version) in model.type_versions() {
        let here = TypeRef {
            name: def.name.clone(),
            version: version.number,
        };
        match &version.body {
            Body::Record(fields) if !finite.contains(&here) => {
                report_infinite(model, &finite, &here, fields, diagnostics)
            }
            Body::Newtype(inner) if newtype_reaches(model, inner, &here, &mut HashSet::new()) => {
                diagnostics.push(
                    Diagnostic::new(
                        Code::V009,
                        def.name_span,
                        format!("newtype `{}` is defined in terms of itself", def.name),
                    )
                    .with_hint(
                        "recursion must go through a record: declare a record instead of a newtype",
                    ),
                );
            }
            _ => {}
        }
    }
}

/// Type versions that have finite values, by least fixed point. A worklist re-examines a version
/// only when a type version it needs has just become finite, so the cost is linear in the model
/// (whole-model passes until nothing changes took one pass per link of a chain of required
/// records: quadratic).
fn finite_versions(model: &Model) -> BTreeSet<TypeRef> {
    let mut dependents: BTreeMap<TypeRef, Vec<(TypeRef, &Body)>> = BTreeMap::new();
    let mut pending = Vec::new();
    for (def, version) in model.type_versions() {
        let here = TypeRef {
            name: def.name.clone(),
            version: version.number,
        };
        let mut needed = Vec::new();
        match &version.body {
            Body::Record(fields) => fields.iter().for_each(|f| needed_refs(&f.ty, &mut needed)),
            Body::Newtype(inner) => needed_refs(inner, &mut needed),
            Body::Enum(_) | Body::Fixed(_) => {}
        }
        needed.sort();
        needed.dedup();
        for reference in needed {
            let users = dependents.entry(reference.clone()).or_default();
            users.push((here.clone(), &version.body));
        }
        pending.push((here, &version.body));
    }
    let mut finite = BTreeSet::new();
    while let Some((here, body)) = pending.pop() {
        if finite.contains(&here) {
            continue;
        }
        let ok = match body {
            Body::Record(fields) => fields.iter().all(|f| is_finite(model, &finite, &f.ty)),
            Body::Newtype(inner) => is_finite(model, &finite, inner),
            Body::Enum(_) | Body::Fixed(_) => true,
        };
        if ok {
            if let Some(users) = dependents.get(&here) {
                pending.extend(users.iter().cloned());
            }
            finite.insert(here);
        }
    }
    finite
}

/// The named types whose finiteness `is_finite` consults for `ty`.
fn needed_refs<'t>(ty: &'t Type, out: &mut Vec<&'t TypeRef>) {
    match ty {
        Type::Union(branches) => branches.iter().for_each(|b| needed_refs(b, out)),
        Type::Named(reference) => out.push(reference),
        _ => {}
    }
}

fn is_finite(model: &Model, finite: &BTreeSet<TypeRef>, ty: &Type) -> bool {
    match ty {
        Type::Scalar(_) | Type::Decimal(_) | Type::List(_) | Type::Map(_) | Type::Optional(..) => {
            true
        }
        Type::Union(branches) => branches.iter().any(|b| is_finite(model, finite, b)),
        Type::Named(reference) => finite.contains(reference) || model.resolve(reference).is_none(),
    }
}

/// Reports a record that cannot be built, if it lies on a cycle of its own (records that only
/// contain such a record are not reported again).
fn report_infinite(
    model: &Model,
    finite: &BTreeSet<TypeRef>,
    here: &TypeRef,
    fields: &[Field],
    diagnostics: &mut Diagnostics,
) {
    for field in fields {
        if is_finite(model, finite, &field.ty) {
            continue;
        }
        if reaches(model, finite, &field.ty, here, &mut HashSet::new()) {
            diagnostics.push(
                Diagnostic::new(
                    Code::V008,
                    field.ty_span,
                    format!("`{}` version {} contains itself through field `{}`: no value of it can ever be written", here.name, here.version, field.name),
                )
                .with_hint("make the field optional (`T?`), or hold it in a list or map"),
            );
            return;
        }
    }
}

/// Whether `ty` requires a value of `target` (following only non-finite edges).
fn reaches(
    model: &Model,
    finite: &BTreeSet<TypeRef>,
    ty: &Type,
    target: &TypeRef,
    visited: &mut HashSet<TypeRef>,
) -> bool {
    if is_finite(model, finite, ty) {
        return false;
    }
    match ty {
        Type::Union(branches) => branches
            .iter()
            .any(|b| reaches(model, finite, b, target, visited)),
        Type::Named(reference) if reference == target => true,
        Type::Named(reference) if visited.insert(reference.clone()) => {
            match model.resolve(reference).map(|(_, v)| &v.body) {
                Some(Body::Record(fields)) => fields
                    .iter()
                    .any(|f| reaches(model, finite, &f.ty, target, visited)),
                Some(Body::Newtype(inner)) => reaches(model, finite, inner, target, visited),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Newtypes defined in terms of themselves (reported as V009). Later rules follow newtypes to what
/// they wrap, which never ends on these, so they are left out of the model those rules see.
pub(super) fn cyclic_newtypes(model: &Model) -> BTreeSet<FullName> {
    model
        .type_versions()
        .filter_map(|(def, version)| match &version.body {
            Body::Newtype(inner) => {
                let here = TypeRef {
                    name: def.name.clone(),
                    version: version.number,
                };
                newtype_reaches(model, inner, &here, &mut HashSet::new()).then(|| def.name.clone())
            }
            _ => None,
        })
        .collect()
}

/// Whether a newtype's definition reaches `target` through newtypes alone.
fn newtype_reaches(
    model: &Model,
    ty: &Type,
    target: &TypeRef,
    visited: &mut HashSet<TypeRef>,
) -> bool {
    match ty {
        Type::Scalar(_) | Type::Decimal(_) => false,
        Type::List(inner) | Type::Map(inner) | Type::Optional(inner, _) => {
            newtype_reaches(model, inner, target, visited)
        }
        Type::Union(branches) => branches
            .iter()
            .any(|b| newtype_reaches(model, b, target, visited)),
        Type::Named(reference) if reference == target => true,
        Type::Named(reference) if visited.insert(reference.clone()) => {
            match model.resolve(reference).map(|(_, v)| &v.body) {
                Some(Body::Newtype(inner)) => newtype_reaches(model, inner, target, visited),
                _ => false,
            }
        }
        Type::Named(_) => false,
    }
}
