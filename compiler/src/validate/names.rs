//! Name rules across one schema: Avro names each named type once per schema, so a type version may
//! not reach two versions of the same named type. And names generated code derives from a
//! versioned type (`AnyOrder`, `OrderHooks`) are not type names of its package.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::*;
use std::collections::BTreeMap;

pub(super) fn check(model: &Model, diagnostics: &mut Diagnostics) {
    reserved(model, diagnostics);
    for (def, version) in model.type_versions() {
        if def.kind != TypeKind::Record {
            continue;
        }
        let root = TypeRef {
            name: def.name.clone(),
            version: version.number,
        };
        let mut seen = BTreeMap::new();
        if let Some((name, first, second)) = walk(model, &root, &mut seen) {
            diagnostics.push(
                Diagnostic::new(
                    Code::V015,
                    version.span,
                    format!(
                        "`{}` version {} uses both version {first} and version {second} of `{name}`",
                        def.name, version.number
                    ),
                )
                .with_hint("one schema can hold one version of each named type: pin the same version everywhere"),
            );
        }
    }
}

/// N011: a type named like the `Any…` enum or `…Hooks` trait of a versioned record or enum of
/// its package (the Rust and Python shims of `docs/migrations.md` define those names there).
fn reserved(model: &Model, diagnostics: &mut Diagnostics) {
    for owner in model.types.values() {
        if !owner.versioned || !matches!(owner.kind, TypeKind::Record | TypeKind::Enum) {
            continue;
        }
        let base = &owner.name.name;
        for generated in [format!("Any{base}"), format!("{base}Hooks")] {
            let name = FullName::new(&owner.name.package, &generated);
            let Some(clash) = model.types.get(&name) else {
                continue;
            };
            diagnostics.push(
                Diagnostic::new(
                    Code::N011,
                    clash.name_span,
                    format!(
                        "`{generated}` is the name of the migration code generated for the versioned type `{}`",
                        owner.name
                    ),
                )
                .with_hint(format!(
                    "rename `{generated}`: generated Rust and Python define `Any{base}` (any version of `{base}`) and `{base}Hooks` (its `@migrate` hooks) in this package"
                )),
            );
        }
    }
}

/// Visits every named type `reference` reaches; returns the first name reached at two versions.
fn walk(
    model: &Model,
    reference: &TypeRef,
    seen: &mut BTreeMap<FullName, u32>,
) -> Option<(FullName, u32, u32)> {
    let (def, version) = model.resolve(reference)?;
    match seen.get(&def.name) {
        Some(&v) if v == reference.version => return None,
        Some(&v) => return Some((def.name.clone(), v, reference.version)),
        None => {}
    }
    seen.insert(def.name.clone(), reference.version);
    let mut children = Vec::new();
    match &version.body {
        Body::Record(fields) => fields.iter().for_each(|f| named_in(&f.ty, &mut children)),
        Body::Newtype(inner) => named_in(inner, &mut children),
        Body::Enum(_) | Body::Fixed(_) => {}
    }
    children.iter().find_map(|child| walk(model, child, seen))
}

fn named_in(ty: &Type, out: &mut Vec<TypeRef>) {
    match ty {
        Type::Scalar(_) | Type::Decimal(_) => {}
        Type::List(inner) | Type::Map(inner) | Type::Optional(inner) => named_in(inner, out),
        Type::Union(branches) => branches.iter().for_each(|b| named_in(b, out)),
        Type::Named(reference) => out.push(reference.clone()),
    }
}
