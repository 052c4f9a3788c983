//! Name rules on the wire and in generated code: `@namespace` spells an Avro namespace and no
//! two types share an Avro full name; Avro names each named type once per schema, so a type
//! version may not reach two versions of the same named type; and names generated code derives
//! from a versioned type (`AnyOrder`, `OrderHooks`) are not type names of its package.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::*;
use std::collections::BTreeMap;

pub(super) fn check(model: &Model, diagnostics: &mut Diagnostics) {
    check_avro_names(model, diagnostics);
    check_one_version_per_schema(model, diagnostics);
    reserved(model, diagnostics);
}

/// `@namespace` is dotted ASCII names (or empty), and Avro full names are unique: a union tag,
/// a reference or a schema registry subject could not tell two types with one name apart.
fn check_avro_names(model: &Model, diagnostics: &mut Diagnostics) {
    let mut owners: BTreeMap<String, &TypeDef> = BTreeMap::new();
    for def in model.types.values() {
        check_kind_annotations(def, diagnostics);
        if let Some(space) = &def.annotations.namespace {
            if !space.is_empty() && !space.split('.').all(is_avro_name) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::V018,
                        def.name_span,
                        format!("`@namespace({space:?})` is not an Avro namespace"),
                    )
                    .with_hint("write ASCII names separated by dots, e.g. \"com.example\", or \"\" for the null namespace"),
                );
                continue;
            }
        }
        let avro_name = def.avro_name();
        if let Some(first) = owners.insert(avro_name.clone(), def) {
            diagnostics.push(
                Diagnostic::new(
                    Code::V018,
                    def.name_span,
                    format!(
                        "`{}` and `{}` are both `{avro_name}` in Avro",
                        first.name, def.name
                    ),
                )
                .with_secondary(first.name_span, "the other type with this Avro name")
                .with_hint("change one type's `@namespace` or name"),
            );
        }
    }
}

/// `@plain` is for newtypes only, `@namespace` for types Avro names (not newtypes), `@error` for
/// records.
fn check_kind_annotations(def: &TypeDef, diagnostics: &mut Diagnostics) {
    let newtype = def.kind == TypeKind::Newtype;
    let misplaced = match (newtype, def.annotations.plain, &def.annotations.namespace) {
        (false, true, _) => Some((
            "plain",
            "`@plain` applies to newtypes: other types are named in Avro",
        )),
        (true, _, Some(_)) => Some((
            "namespace",
            "a newtype has no Avro name, so no Avro namespace",
        )),
        _ if def.annotations.error && def.kind != TypeKind::Record => Some((
            "error",
            "`@error` applies to records: an Avro error is a record",
        )),
        _ => None,
    };
    if let Some((which, message)) = misplaced {
        diagnostics.push(
            Diagnostic::new(Code::V012, def.name_span, message)
                .with_hint(format!("remove `@{which}` from `{}`", def.name)),
        );
    }
}

/// `[A-Za-z_][A-Za-z0-9_]*`, as Avro names are.
fn is_avro_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn check_one_version_per_schema(model: &Model, diagnostics: &mut Diagnostics) {
    for (def, version) in model.type_versions() {
        if def.kind != TypeKind::Record {
            continue;
        }
        let root = TypeRef {
            name: def.name.clone(),
            version: version.number,
        };
        if let Some((name, first, second)) = walk(model, &root) {
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

/// How many named types deep [`walk`] looks. Each nested record costs an Avro schema at least
/// three JSON levels, so a root with a longer chain is past the 128 levels `check` allows
/// (`V020`) anyway; stopping here keeps the walk of every root bounded, not quadratic in a chain.
const WALK_DEPTH: usize = 64;

/// Visits the named types `root` reaches (depth first, without recursion, at most
/// [`WALK_DEPTH`] deep); returns the first name reached at two versions.
fn walk(model: &Model, root: &TypeRef) -> Option<(FullName, u32, u32)> {
    let mut seen: BTreeMap<&FullName, u32> = BTreeMap::new();
    let mut stack: Vec<(TypeRef, usize)> = vec![(root.clone(), 0)];
    while let Some((reference, depth)) = stack.pop() {
        let Some((def, version)) = model.resolve(&reference) else {
            continue;
        };
        match seen.get(&def.name) {
            Some(&v) if v == reference.version => continue,
            Some(&v) => return Some((def.name.clone(), v, reference.version)),
            None => {}
        }
        seen.insert(&def.name, reference.version);
        if depth == WALK_DEPTH {
            continue;
        }
        let mut children = Vec::new();
        match &version.body {
            Body::Record(fields) => fields.iter().for_each(|f| named_in(&f.ty, &mut children)),
            Body::Newtype(inner) => named_in(inner, &mut children),
            Body::Enum(_) | Body::Fixed(_) => {}
        }
        // Reversed, so the first child is visited first, as written.
        stack.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
    }
    None
}

fn named_in(ty: &Type, out: &mut Vec<TypeRef>) {
    match ty {
        Type::Scalar(_) | Type::Decimal(_) => {}
        Type::List(inner) | Type::Map(inner) | Type::Optional(inner, _) => named_in(inner, out),
        Type::Union(branches) => branches.iter().for_each(|b| named_in(b, out)),
        Type::Named(reference) => out.push(reference.clone()),
    }
}
