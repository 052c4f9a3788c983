//! Field defaults: every default must be a valid value of its field's type.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::*;

pub(super) fn check(model: &Model, diagnostics: &mut Diagnostics) {
    for (_, version) in model.type_versions() {
        let Body::Record(fields) = &version.body else {
            continue;
        };
        for field in fields {
            let (Some(default), Some(span)) = (&field.default, field.default_span) else {
                continue;
            };
            if let Err(reason) = check_value(model, &field.ty, default) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::V006,
                        span,
                        format!(
                            "default of `{}` is not a `{}`: {reason}",
                            field.name, field.ty
                        ),
                    )
                    .with_label("invalid default")
                    .with_secondary(field.ty_span, "the field's type")
                    .with_hint(hint_for(&field.ty)),
                );
            } else if !of_first_branch(model, &field.ty, default) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::V019,
                        span,
                        format!(
                            "default of `{}` is not of the first branch of `{}`",
                            field.name, field.ty
                        ),
                    )
                    .with_label("not of the first branch")
                    .with_secondary(field.ty_span, "branches in this order on the wire")
                    .with_hint("the Avro specification wants a union default of the first branch: Java accepts this schema, fastavro and apache-avro reject it; write the default's branch first (a new version) or `T?`"),
                );
            }
        }
    }
}

/// Whether a default belongs to the first wire branch of a union written with an explicit
/// `null` (other unions and optionals put the default's branch first themselves).
fn of_first_branch(model: &Model, ty: &Type, default: &Value) -> bool {
    if !matches!(ty, Type::Optional(_, NullAt::Written(_))) {
        return true;
    }
    match union_branches(model, ty, Some(default)).first() {
        Some(Branch::Null) => *default == Value::Null,
        Some(Branch::Value(first)) => check_value(model, first, default).is_ok(),
        None => true,
    }
}

fn hint_for(ty: &Type) -> &'static str {
    match ty {
        Type::Optional(..) => "an optional default is `null` or a value of the inner type",
        Type::Decimal(_) => "write decimals as strings, e.g. \"12.50\"",
        Type::Scalar(Scalar::Uuid) => {
            "write a uuid as a string, e.g. \"123e4567-e89b-12d3-a456-426614174000\""
        }
        Type::Scalar(Scalar::Date | Scalar::TimeMs | Scalar::TimeUs) => {
            "dates and times are written as integers (days, or units since midnight)"
        }
        Type::Scalar(
            Scalar::TimestampMs
            | Scalar::TimestampUs
            | Scalar::LocalTimestampMs
            | Scalar::LocalTimestampUs,
        ) => "timestamps are written as integers (units since the Unix epoch)",
        Type::List(_) => "a list default is written `[a, b]`",
        Type::Map(_) => "a map default is written `{ \"key\": value }`",
        _ => "write a literal of the field's type",
    }
}
