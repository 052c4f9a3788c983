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
    use crate::codegen::avro::{union_branches, Branch};
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

/// Checks that `value` is a valid value of `ty`; the error says why not.
pub fn check_value(model: &Model, ty: &Type, value: &Value) -> Result<(), String> {
    match ty {
        Type::Scalar(scalar) => check_scalar(*scalar, value),
        Type::Decimal(decimal) => check_decimal(*decimal, value),
        Type::List(item) => match value {
            Value::List(items) => items.iter().try_for_each(|v| check_value(model, item, v)),
            _ => Err("expected a list `[...]`".into()),
        },
        Type::Map(item) => match value {
            Value::Object(entries) => entries
                .iter()
                .try_for_each(|(_, v)| check_value(model, item, v)),
            _ => Err("expected a map `{ \"key\": value }`".into()),
        },
        Type::Optional(inner, _) => match value {
            Value::Null => Ok(()),
            other => check_value(model, inner, other),
        },
        Type::Union(branches) => {
            if branches
                .iter()
                .any(|b| check_value(model, b, value).is_ok())
            {
                Ok(())
            } else {
                Err("it matches no branch of the union".into())
            }
        }
        Type::Named(_) => match super::structure::wire_type(model, ty) {
            Type::Named(reference) => match model.resolve(reference) {
                // Only a newtype cycle (reported as V009) ends on a newtype: no value to check.
                Some((
                    _,
                    TypeVersion {
                        body: Body::Newtype(_),
                        ..
                    },
                ))
                | None => Ok(()),
                Some((def, version)) => check_named(model, def, &version.body, value),
            },
            inner => check_value(model, inner, value),
        },
    }
}

fn check_named(model: &Model, def: &TypeDef, body: &Body, value: &Value) -> Result<(), String> {
    match body {
        Body::Newtype(inner) => check_value(model, inner, value),
        Body::Enum(e) => match value {
            Value::Symbol(s) if e.symbols.iter().any(|sym| &sym.name == s) => Ok(()),
            Value::Symbol(s) => Err(format!("`{s}` is not a symbol of `{}`", def.name)),
            _ => Err(format!("expected a symbol of `{}`", def.name)),
        },
        Body::Fixed(fixed) => match (fixed.decimal, value) {
            (Some(decimal), _) => check_decimal(decimal, value),
            (None, Value::String(s)) if latin1_len(s) == Some(fixed.size as usize) => Ok(()),
            (None, _) => Err(format!(
                "expected a string of exactly {} characters U+0000..U+00FF (one per byte)",
                fixed.size
            )),
        },
        Body::Record(fields) => check_record(model, def, fields, value),
    }
}

fn check_record(
    model: &Model,
    def: &TypeDef,
    fields: &[Field],
    value: &Value,
) -> Result<(), String> {
    let Value::Object(entries) = value else {
        return Err(format!(
            "expected a record `{{ field: value }}` of `{}`",
            def.name
        ));
    };
    if let Some((unknown, _)) = entries
        .iter()
        .find(|(k, _)| !fields.iter().any(|f| &f.name == k))
    {
        return Err(format!("`{}` has no field `{unknown}`", def.name));
    }
    for field in fields {
        match entries.iter().find(|(k, _)| k == &field.name) {
            Some((_, v)) => check_value(model, &field.ty, v)
                .map_err(|e| format!("field `{}`: {e}", field.name))?,
            None if field.default.is_some() => {}
            None => {
                return Err(format!(
                    "field `{}` is missing and has no default",
                    field.name
                ))
            }
        }
    }
    Ok(())
}

fn check_scalar(scalar: Scalar, value: &Value) -> Result<(), String> {
    let in_range = |min: i128, max: i128| match value {
        Value::Int(i) if (min..=max).contains(i) => Ok(()),
        Value::Int(i) => Err(format!("{i} is outside {min}..={max}")),
        _ => Err("expected an integer".to_string()),
    };
    match scalar {
        Scalar::Null => match value {
            Value::Null => Ok(()),
            _ => Err("expected `null`".into()),
        },
        Scalar::Bool => match value {
            Value::Bool(_) => Ok(()),
            _ => Err("expected `true` or `false`".into()),
        },
        Scalar::Int | Scalar::Date => in_range(i32::MIN.into(), i32::MAX.into()),
        Scalar::TimeMs => in_range(0, 86_399_999),
        Scalar::TimeUs => in_range(0, 86_399_999_999),
        Scalar::Long
        | Scalar::TimestampMs
        | Scalar::TimestampUs
        | Scalar::LocalTimestampMs
        | Scalar::LocalTimestampUs => in_range(i64::MIN.into(), i64::MAX.into()),
        Scalar::Float | Scalar::Double => match value {
            Value::Int(_) | Value::Float(_) => Ok(()),
            _ => Err("expected a number".into()),
        },
        Scalar::String => match value {
            Value::String(_) => Ok(()),
            _ => Err("expected a string".into()),
        },
        Scalar::Bytes => match value {
            Value::String(s) if latin1_len(s).is_some() => Ok(()),
            _ => Err("expected a string of characters U+0000..U+00FF (one per byte)".into()),
        },
        Scalar::Uuid => match value {
            Value::String(s) if is_uuid(s) => Ok(()),
            _ => Err("expected a uuid string in 8-4-4-4-12 hex form".into()),
        },
    }
}

/// Number of bytes a string stands for in Avro's JSON encoding of bytes (one per char <= U+00FF).
fn latin1_len(s: &str) -> Option<usize> {
    s.chars()
        .all(|c| (c as u32) <= 0xFF)
        .then(|| s.chars().count())
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups
            .iter()
            .zip(lengths)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn check_decimal(decimal: Decimal, value: &Value) -> Result<(), String> {
    let Value::String(text) = value else {
        return Err("expected a decimal written as a string, e.g. \"12.50\"".into());
    };
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(format!("`{text}` is not a decimal number"));
    }
    if fraction.len() as u64 > decimal.scale {
        return Err(format!(
            "`{text}` has more than {} digits after the point",
            decimal.scale
        ));
    }
    let significant = whole.trim_start_matches('0').len() as u64 + decimal.scale;
    if significant > decimal.precision {
        return Err(format!(
            "`{text}` needs more than {} digits",
            decimal.precision
        ));
    }
    Ok(())
}
