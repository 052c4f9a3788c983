//! Semantic rules between consecutive versions: changes that Avro resolves without complaint but
//! that corrupt data silently (a timestamp now off by 1000, amounts in another unit, a join key
//! that changed meaning).

use crate::avro::compat::promotes;
use crate::avro::SchemaKind;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Evolution, Fix};
use crate::ir::*;

/// Classifications from weakest to strongest; moving down this list weakens protection.
pub const CLASSIFICATION_LEVELS: &[&str] =
    &["public", "internal", "confidential", "pii", "restricted"];

pub(super) fn check(model: &Model, def: &TypeDef, mode: CompatMode, diagnostics: &mut Diagnostics) {
    for pair in def.versions.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        let mut found = Diagnostics::new();
        match (&old.body, &new.body) {
            (Body::Record(old_fields), Body::Record(new_fields)) => {
                let context = Context {
                    model,
                    def,
                    old,
                    new,
                };
                context.records(old_fields, new_fields, &mut found);
            }
            (Body::Enum(old_enum), Body::Enum(new_enum)) => {
                enum_renames(old_enum, new_enum, new, &mut found)
            }
            _ => {}
        }
        let evolution = Evolution {
            category: "semantic",
            mode: Some(mode.name().to_string()),
            old_version: old.number,
            new_version: new.number,
            direction: None,
            location: None,
        };
        for diagnostic in found.into_vec() {
            diagnostics.push(diagnostic.with_evolution(evolution.clone()));
        }
    }
}

struct Context<'a> {
    model: &'a Model,
    def: &'a TypeDef,
    old: &'a TypeVersion,
    new: &'a TypeVersion,
}

impl Context<'_> {
    fn records(&self, old_fields: &[Field], new_fields: &[Field], diagnostics: &mut Diagnostics) {
        for new_field in new_fields {
            if let Some(old_field) = matching(old_fields, new_field) {
                self.field_pair(old_field, new_field, diagnostics);
            }
        }
        self.keys(old_fields, new_fields, diagnostics);
        self.probable_renames(old_fields, new_fields, diagnostics);
    }

    fn field_pair(&self, old: &Field, new: &Field, diagnostics: &mut Diagnostics) {
        let versions = format!("version {} -> {}", self.old.number, self.new.number);
        if let Some(change) = logical_change(&old.ty, &new.ty) {
            diagnostics.push(
                self.diagnostic(
                    Code::S001,
                    new,
                    format!(
                        "`{}` changed {change} ({versions}): the same bytes now mean another value",
                        new.name
                    ),
                    old,
                )
                .with_hint("add a new field with the new type and deprecate the old one"),
            );
        }
        if old.annotations.unit != new.annotations.unit {
            let unit = |u: &Option<String>| u.clone().unwrap_or_else(|| "no unit".into());
            let message = format!(
                "`{}` changed unit from {} to {} ({versions})",
                new.name,
                unit(&old.annotations.unit),
                unit(&new.annotations.unit)
            );
            diagnostics.push(
                self.diagnostic(Code::S002, new, message, old)
                    .with_hint("add a new field in the new unit instead"),
            );
        }
        if let Some(reason) = reference_change(self.model, old, new) {
            diagnostics.push(
                self.diagnostic(
                    Code::S004,
                    new,
                    format!("the reference of `{}` {reason} ({versions})", new.name),
                    old,
                )
                .with_hint("point `@ref` at a key field of the same type as before"),
            );
        }
        if weakened(
            &old.annotations.classification,
            &new.annotations.classification,
        ) {
            let class = |c: &Option<String>| c.clone().unwrap_or_else(|| "none".into());
            let message = format!(
                "`{}` classification weakened from {} to {} ({versions})",
                new.name,
                class(&old.annotations.classification),
                class(&new.annotations.classification)
            );
            diagnostics.push(
                self.diagnostic(Code::S007, new, message, old)
                    .with_hint("keep the classification, or add a new field"),
            );
        }
        if let Some(change) = newtype_change(self.model, &old.ty, &new.ty) {
            diagnostics.push(
                self.diagnostic(
                    Code::S008,
                    new,
                    format!(
                        "`{}` {change} ({versions}): same bytes, other meaning",
                        new.name
                    ),
                    old,
                )
                .with_hint("keep the newtype, or add a new field"),
            );
        }
    }

    fn keys(&self, old_fields: &[Field], new_fields: &[Field], diagnostics: &mut Diagnostics) {
        let old_keys: Vec<&Field> = old_fields.iter().filter(|f| f.annotations.key).collect();
        let new_keys: Vec<&Field> = new_fields.iter().filter(|f| f.annotations.key).collect();
        let describe = |keys: &[&Field]| {
            keys.iter()
                .map(|f| format!("{}: {}", f.name, f.ty))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let same_fields = old_keys.len() == new_keys.len()
            && new_keys.iter().all(|n| {
                old_keys
                    .iter()
                    .find(|o| matches_old(n, o))
                    .is_some_and(|o| o.ty == n.ty)
            });
        if !same_fields {
            let message = format!(
                "`{}` key changed from ({}) to ({}) (version {} -> {}): joins and deduplication break",
                self.def.name.name,
                describe(&old_keys),
                describe(&new_keys),
                self.old.number,
                self.new.number
            );
            let at = new_keys.first().map_or(self.new.span, |f| f.span);
            diagnostics.push(
                Diagnostic::new(Code::S003, at, message)
                    .with_secondary(
                        old_keys.first().map_or(self.old.span, |f| f.span),
                        format!("key in version {}", self.old.number),
                    )
                    .with_hint(
                        "a key never changes within a type: declare a new type for the new key",
                    ),
            );
        }
    }

    fn probable_renames(
        &self,
        old_fields: &[Field],
        new_fields: &[Field],
        diagnostics: &mut Diagnostics,
    ) {
        let mut removed: Vec<&Field> = old_fields
            .iter()
            .filter(|o| !new_fields.iter().any(|n| matches_old(n, o)))
            .collect();
        let added = new_fields
            .iter()
            .filter(|n| matching(old_fields, n).is_none());
        for new in added {
            // Each removed field is the probable origin of one added field at most.
            if let Some(index) = removed.iter().position(|o| o.ty == new.ty) {
                let old = removed.remove(index);
                diagnostics.push(
                    self.diagnostic(
                        Code::S009,
                        new,
                        format!(
                            "`{}` was removed and `{}` of the same type added (version {} -> {})",
                            old.name, new.name, self.old.number, self.new.number
                        ),
                        old,
                    )
                    .with_hint(format!(
                        "if it is a rename, write `@renamed({})` on `{}`",
                        old.name, new.name
                    ))
                    .with_fixes(renamed_fix(old, new)),
                );
            }
        }
    }

    fn diagnostic(&self, code: Code, new: &Field, message: String, old: &Field) -> Diagnostic {
        Diagnostic::new(code, new.span, message)
            .with_secondary(old.span, format!("in version {}", self.old.number))
    }
}

/// The field of `old_fields` that `new` continues: same name or named in its `@renamed`.
fn matching<'f>(old_fields: &'f [Field], new: &Field) -> Option<&'f Field> {
    old_fields.iter().find(|old| matches_old(new, old))
}

fn matches_old(new: &Field, old: &Field) -> bool {
    old.name == new.name || new.annotations.renamed_from.contains(&old.name)
}

/// A change of logical type or decimal shape between two types whose values Avro carries over:
/// the same physical type, or one that a promotion reads in one direction or the other
/// (`time_ms` -> `time_us` widens the int and reads milliseconds as microseconds).
fn logical_change(old: &Type, new: &Type) -> Option<String> {
    match (old, new) {
        (Type::Scalar(a), Type::Scalar(b))
            if a != b
                && (is_logical(*a) || is_logical(*b))
                && resolves_either_way(a.avro_primitive(), b.avro_primitive()) =>
        {
            Some(format!("from {} to {}", a.name(), b.name()))
        }
        (Type::Decimal(a), Type::Decimal(b)) if a != b => Some(format!(
            "from decimal({}, {}) to decimal({}, {})",
            a.precision, a.scale, b.precision, b.scale
        )),
        (Type::Decimal(_), Type::Scalar(s)) | (Type::Scalar(s), Type::Decimal(_))
            if resolves_either_way("bytes", s.avro_primitive()) =>
        {
            Some(format!("from {old} to {new}"))
        }
        (Type::List(a), Type::List(b))
        | (Type::Map(a), Type::Map(b))
        | (Type::Optional(a, _), Type::Optional(b, _)) => logical_change(a, b),
        (Type::Optional(a, _), b) | (b, Type::Optional(a, _))
            if !matches!(b, Type::Optional(..)) =>
        {
            logical_change(a, b)
        }
        // A writer branch resolves to the reader branch of the same primitive.
        (Type::Union(a), Type::Union(b)) => {
            a.iter().filter(|branch| !b.contains(branch)).find_map(|x| {
                b.iter()
                    .filter(|y| primitive(x).is_some() && primitive(x) == primitive(y))
                    .find_map(|y| logical_change(x, y))
            })
        }
        _ => None,
    }
}

/// The Avro primitive of a scalar or decimal.
fn primitive(ty: &Type) -> Option<&'static str> {
    match ty {
        Type::Scalar(s) => Some(s.avro_primitive()),
        Type::Decimal(_) => Some("bytes"),
        _ => None,
    }
}

/// Whether a scalar carries a logical type over its Avro primitive.
fn is_logical(scalar: Scalar) -> bool {
    !matches!(
        scalar,
        Scalar::Null
            | Scalar::Bool
            | Scalar::Int
            | Scalar::Long
            | Scalar::Float
            | Scalar::Double
            | Scalar::String
            | Scalar::Bytes
    )
}

/// Whether Avro resolves one primitive to the other, in either direction: the same primitive,
/// or a promotion (int -> long -> float -> double, string <-> bytes).
fn resolves_either_way(a: &str, b: &str) -> bool {
    match (SchemaKind::primitive(a), SchemaKind::primitive(b)) {
        (Some(a), Some(b)) => a == b || promotes(a, b) || promotes(b, a),
        _ => false,
    }
}

/// Why a field's reference changed meaning, if it did.
fn reference_change(model: &Model, old: &Field, new: &Field) -> Option<String> {
    let (Some(old_ref), Some(new_ref)) = (&old.annotations.reference, &new.annotations.reference)
    else {
        return None;
    };
    let old_target = target_field(model, old_ref)?;
    let new_target = target_field(model, new_ref)?;
    if old_target.ty != new_target.ty {
        return Some(format!(
            "target changed type from {} to {}",
            old_target.ty, new_target.ty
        ));
    }
    if old_target.annotations.key && !new_target.annotations.key {
        return Some(format!("target `{}` is no longer a key", new_ref.field));
    }
    None
}

/// The field a reference points at.
pub(super) fn target_field<'m>(model: &'m Model, reference: &Reference) -> Option<&'m Field> {
    match &model.resolve(&reference.target)?.1.body {
        Body::Record(fields) => fields.iter().find(|f| f.name == reference.field),
        _ => None,
    }
}

fn weakened(old: &Option<String>, new: &Option<String>) -> bool {
    let rank = |c: &str| CLASSIFICATION_LEVELS.iter().position(|l| *l == c);
    match (old, new) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(a), Some(b)) if a == b => false,
        (Some(a), Some(b)) => match (rank(a), rank(b)) {
            (Some(x), Some(y)) => y < x,
            _ => true,
        },
    }
}

/// A field moving to, from or between newtypes over the same wire type.
fn newtype_change(model: &Model, old: &Type, new: &Type) -> Option<String> {
    let newtype = |ty: &Type| match ty {
        Type::Named(r) => model
            .resolve(r)
            .filter(|(d, _)| d.kind == TypeKind::Newtype)
            .map(|(d, v)| (d.name.to_string(), v)),
        _ => None,
    };
    let underlying = |ty: &Type| match newtype(ty) {
        Some((
            _,
            TypeVersion {
                body: Body::Newtype(inner),
                ..
            },
        )) => inner.clone(),
        _ => ty.clone(),
    };
    let (old_name, new_name) = (newtype(old).map(|n| n.0), newtype(new).map(|n| n.0));
    if old_name == new_name || underlying(old) != underlying(new) {
        return None;
    }
    let show = |n: Option<String>, ty: &Type| n.unwrap_or_else(|| ty.to_string());
    Some(format!(
        "changed from {} to {}",
        show(old_name, old),
        show(new_name, new)
    ))
}

/// A symbol removed and another added at the same position: a rename Avro cannot follow.
fn enum_renames(
    old: &EnumDef,
    new: &EnumDef,
    version: &TypeVersion,
    diagnostics: &mut Diagnostics,
) {
    for (index, new_symbol) in new.symbols.iter().enumerate() {
        let Some(old_symbol) = old.symbols.get(index) else {
            break;
        };
        let removed = !new.symbols.iter().any(|s| s.name == old_symbol.name);
        let added = !old.symbols.iter().any(|s| s.name == new_symbol.name);
        if removed && added {
            diagnostics.push(
                Diagnostic::new(
                    Code::S010,
                    new_symbol.span,
                    format!("symbol `{}` replaces `{}` (version {}): data written as `{}` will not read as `{}`", new_symbol.name, old_symbol.name, version.number, old_symbol.name, new_symbol.name),
                )
                .with_secondary(old_symbol.span, "the old symbol")
                .with_hint("keep the old symbol and add the new one"),
            );
        }
    }
}

/// The fix writing `@renamed(old)` on `new` (none when `new` has a `@renamed` already: the
/// names go into that one, which has no span to edit).
fn renamed_fix(old: &Field, new: &Field) -> Option<Fix> {
    let title = format!("Mark `{}` as renamed from `{}`", new.name, old.name);
    let text = format!(" @renamed({})", old.name);
    new.annotations
        .renamed_from
        .is_empty()
        .then(|| Fix::new(title, new.ty_span.after(), text))
}
