//! Facts about accord types the Python target needs: their Python classes and runtime
//! descriptors of scalars, which union branches share a Python class (and are wrapped), and
//! which packages a package refers to.

use crate::ir::*;
use std::collections::BTreeSet;

/// The Python class a newtype can be a `typing.NewType` of, if any (newtype chains flattened).
pub(super) fn newtype_base(model: &Model, inner: &Type) -> Option<String> {
    Some(match inner {
        Type::Scalar(s) => scalar_annotation(*s).to_string(),
        Type::Decimal(_) => "_decimal.Decimal".into(),
        Type::Named(r) => match &model.resolve(r)?.1.body {
            Body::Fixed(f) if f.decimal.is_some() => "_decimal.Decimal".into(),
            Body::Fixed(_) => "bytes".into(),
            Body::Newtype(inner) => return newtype_base(model, inner),
            _ => return None,
        },
        _ => return None,
    })
}

/// The Python annotation of a scalar's values.
pub(super) fn scalar_annotation(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Null => "None",
        Scalar::Bool => "bool",
        Scalar::Int | Scalar::Long => "int",
        Scalar::Float | Scalar::Double => "float",
        Scalar::String => "str",
        Scalar::Bytes => "bytes",
        Scalar::Uuid => "_uuid.UUID",
        Scalar::Date => "_dt.date",
        Scalar::TimeMs | Scalar::TimeUs => "_dt.time",
        Scalar::TimestampMs
        | Scalar::TimestampUs
        | Scalar::LocalTimestampMs
        | Scalar::LocalTimestampUs => "_dt.datetime",
    }
}

/// The runtime descriptor (`_runtime` constant) of a scalar.
pub(super) fn scalar_descriptor(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Null => "_rt.NULL",
        Scalar::Bool => "_rt.BOOL",
        Scalar::Int => "_rt.INT",
        Scalar::Long => "_rt.LONG",
        Scalar::Float => "_rt.FLOAT",
        Scalar::Double => "_rt.DOUBLE",
        Scalar::String => "_rt.STRING",
        Scalar::Bytes => "_rt.BYTES",
        Scalar::Uuid => "_rt.UUID",
        Scalar::Date => "_rt.DATE",
        Scalar::TimeMs => "_rt.TIME_MS",
        Scalar::TimeUs => "_rt.TIME_US",
        Scalar::TimestampMs => "_rt.TIMESTAMP_MS",
        Scalar::TimestampUs => "_rt.TIMESTAMP_US",
        Scalar::LocalTimestampMs => "_rt.LOCAL_TIMESTAMP_MS",
        Scalar::LocalTimestampUs => "_rt.LOCAL_TIMESTAMP_US",
    }
}

/// The Python class that values of `ty` have at run time: union branches sharing one are
/// wrapped.
fn runtime_class(model: &Model, ty: &Type) -> String {
    match ty {
        Type::Scalar(s) => scalar_annotation(*s).to_string(),
        Type::Decimal(_) => "_decimal.Decimal".into(),
        Type::List(_) => "list".into(),
        Type::Map(_) => "dict".into(),
        Type::Optional(..) | Type::Union(_) => "union".into(),
        Type::Named(r) => match model.resolve(r).map(|(_, v)| &v.body) {
            Some(Body::Fixed(f)) if f.decimal.is_some() => "_decimal.Decimal".into(),
            Some(Body::Fixed(_)) => "bytes".into(),
            Some(Body::Newtype(inner)) => runtime_class(model, inner),
            _ => format!("{}@{}", r.name, r.version),
        },
    }
}

/// Which branches of a union need a wrapper class (their Python class is another's too).
pub(super) fn colliding(model: &Model, branches: &[&Type]) -> Vec<bool> {
    let classes: Vec<String> = branches.iter().map(|t| runtime_class(model, t)).collect();
    classes
        .iter()
        .map(|c| classes.iter().filter(|o| *o == c).count() > 1)
        .collect()
}

/// The value branches of an optional or union type, in declaration order.
pub(super) fn value_branches(ty: &Type) -> Vec<&Type> {
    match ty {
        Type::Optional(inner, _) => match &**inner {
            Type::Union(branches) => branches.iter().collect(),
            other => vec![other],
        },
        Type::Union(branches) => branches.iter().collect(),
        _ => Vec::new(),
    }
}

/// Calls `visit` with the value branches of every union in a type version's body.
pub(super) fn for_each_union(model: &Model, body: &Body, visit: &mut dyn FnMut(&[&Type])) {
    fn walk(ty: &Type, visit: &mut dyn FnMut(&[&Type])) {
        match ty {
            Type::List(inner) | Type::Map(inner) => walk(inner, visit),
            Type::Optional(..) | Type::Union(_) => {
                let branches = value_branches(ty);
                visit(&branches);
                for b in branches {
                    walk(b, visit);
                }
            }
            _ => {}
        }
    }
    let _ = model;
    match body {
        Body::Record(fields) => fields.iter().for_each(|f| walk(&f.ty, visit)),
        Body::Newtype(inner) => walk(inner, visit),
        _ => {}
    }
}

/// The accord packages a package's types refer to, through newtypes too (the wrappers of a
/// union inside a newtype live in the newtype's module).
pub(super) fn referenced_packages(model: &Model, package: &str) -> BTreeSet<String> {
    fn walk(model: &Model, ty: &Type, out: &mut BTreeSet<String>, seen: &mut BTreeSet<TypeRef>) {
        match ty {
            Type::Scalar(_) | Type::Decimal(_) => {}
            Type::List(inner) | Type::Map(inner) | Type::Optional(inner, _) => {
                walk(model, inner, out, seen)
            }
            Type::Union(branches) => branches.iter().for_each(|b| walk(model, b, out, seen)),
            Type::Named(r) => {
                out.insert(r.name.package.clone());
                if let Some((_, version)) = model.resolve(r) {
                    if let Body::Newtype(inner) = &version.body {
                        if seen.insert(r.clone()) {
                            walk(model, inner, out, seen);
                        }
                    }
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for def in model.layouts_in(package) {
        for version in &def.versions {
            for part in &version.parts {
                if let LayoutPart::Segment(segment) = part {
                    if let Some(ty) = crate::layout::segment_type(model, version, segment) {
                        walk(model, &ty, &mut out, &mut seen);
                    }
                }
            }
        }
    }
    for def in model.topics_in(package) {
        for ty in def.key.types.iter().chain(&def.value.types) {
            walk(model, ty, &mut out, &mut seen);
        }
    }
    for def in model.machines_in(package) {
        for version in &def.versions {
            for ty in machine_types(model, version) {
                walk(model, &ty, &mut out, &mut seen);
            }
        }
    }
    for def in model.types_in(package) {
        for version in &def.versions {
            match &version.body {
                Body::Record(fields) => fields
                    .iter()
                    .for_each(|f| walk(model, &f.ty, &mut out, &mut seen)),
                Body::Newtype(inner) => walk(model, inner, &mut out, &mut seen),
                _ => {}
            }
        }
    }
    out
}

/// The types a machine version's reducer names: its event, the state enum, and the types of
/// the instance and idempotency fields.
pub(super) fn machine_types(model: &Model, version: &MachineVersion) -> Vec<Type> {
    let mut types: Vec<Type> = version.event.iter().cloned().map(Type::Named).collect();
    if let Some((reference, _)) = version.state_enum(model) {
        types.push(Type::Named(reference.clone()));
    }
    for clause in [&version.instance, &version.idempotency] {
        if let Some(field) = version.field(model, clause) {
            types.push(field.ty.clone());
        }
    }
    types
}

/// The enum a segment type is, through newtypes.
pub(super) fn enum_of(model: &Model, ty: &Type) -> Type {
    if let Type::Named(reference) = ty {
        if let Some((_, version)) = model.resolve(reference) {
            if let Body::Newtype(inner) = &version.body {
                return enum_of(model, inner);
            }
        }
    }
    ty.clone()
}
