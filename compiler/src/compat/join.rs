//! The join contract within each version: an `@ref` points at a key of the referenced type and
//! has exactly its type (no implicit casts between string, uuid and long).

use super::semantic::target_field;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::*;

pub(super) fn check(model: &Model, diagnostics: &mut Diagnostics) {
    for (_, version) in model.type_versions() {
        let Body::Record(fields) = &version.body else {
            continue;
        };
        for field in fields {
            let Some(reference) = &field.annotations.reference else {
                continue;
            };
            let Some(target) = target_field(model, reference) else {
                continue;
            };
            let target_name = format!(
                "{}@{}.{}",
                reference.target.name, reference.target.version, reference.field
            );
            if !target.annotations.key {
                diagnostics.push(
                    Diagnostic::new(
                        Code::S005,
                        reference.span,
                        format!("`{target_name}` is not a key: joins on it can multiply rows"),
                    )
                    .with_secondary(target.span, "the referenced field")
                    .with_hint("mark the target `@key`, or reference the key of that type"),
                );
            }
            let referring = optional_inner(&field.ty);
            if *referring != target.ty {
                diagnostics.push(
                    Diagnostic::new(
                        Code::S006,
                        field.ty_span,
                        format!(
                            "`{}` is `{}` but `{target_name}` is `{}`",
                            field.name, referring, target.ty
                        ),
                    )
                    .with_secondary(target.ty_span, "the referenced field's type")
                    .with_hint(format!("declare `{}` as `{}`", field.name, target.ty)),
                );
            }
        }
    }
}

/// An optional reference holds the key's type when present.
fn optional_inner(ty: &Type) -> &Type {
    match ty {
        Type::Optional(inner, _) => inner,
        other => other,
    }
}
