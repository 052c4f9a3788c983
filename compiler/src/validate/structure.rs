//! Structural rules: duplicate fields and symbols, enum defaults, unions, decimals, keys.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::ir::*;
use crate::source::Span;
use std::collections::HashMap;

pub(super) fn check(model: &Model, diagnostics: &mut Diagnostics) {
    for (def, version) in model.type_versions() {
        match &version.body {
            Body::Record(fields) => check_record(model, fields, diagnostics),
            Body::Enum(symbols) => check_enum(def, version, symbols, diagnostics),
            Body::Fixed(fixed) => check_fixed(fixed, diagnostics),
            Body::Newtype(inner) => check_type(model, inner, def.span, diagnostics),
        }
    }
}

fn check_record(model: &Model, fields: &[Field], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for field in fields {
        if let Some(first) = seen.insert(&field.name, field.name_span) {
            diagnostics.push(
                Diagnostic::new(
                    Code::V001,
                    field.name_span,
                    format!("field `{}` is defined twice", field.name),
                )
                .with_secondary(first, "first defined here")
                .with_hint("rename or remove one of them"),
            );
        }
        check_type(model, &field.ty, field.ty_span, diagnostics);
        if field.annotations.key {
            check_key(model, field, diagnostics);
        }
    }
}

fn check_enum(def: &TypeDef, version: &TypeVersion, body: &EnumDef, diagnostics: &mut Diagnostics) {
    if body.symbols.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::V007,
                version.span,
                format!("enum `{}` has no symbols", def.name),
            )
            .with_hint("list at least one symbol"),
        );
    }
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for symbol in &body.symbols {
        if let Some(first) = seen.insert(&symbol.name, symbol.span) {
            diagnostics.push(
                Diagnostic::new(
                    Code::V004,
                    symbol.span,
                    format!("symbol `{}` is listed twice", symbol.name),
                )
                .with_secondary(first, "first listed here")
                .with_hint("remove one of them"),
            );
        }
    }
    if let (Some(default), Some(span)) = (&body.default, body.default_span) {
        if !seen.contains_key(default.as_str()) {
            diagnostics.push(
                Diagnostic::new(
                    Code::V005,
                    span,
                    format!("`{default}` is not a symbol of this enum"),
                )
                .with_hint("the default must be one of the listed symbols"),
            );
        }
    }
}

fn check_fixed(fixed: &FixedDef, diagnostics: &mut Diagnostics) {
    if fixed.size == 0 || fixed.size > i32::MAX as u64 {
        diagnostics.push(
            Diagnostic::new(
                Code::V014,
                fixed.size_span,
                format!("fixed size {} is out of range", fixed.size),
            )
            .with_hint("a fixed type holds 1 to 2147483647 bytes"),
        );
        return;
    }
    if let Some(decimal) = fixed.decimal {
        let most = max_decimal_digits(fixed.size);
        if decimal.precision > most {
            diagnostics.push(
                Diagnostic::new(
                    Code::V014,
                    fixed.size_span,
                    format!(
                        "{} bytes hold at most {most} decimal digits, not {}",
                        fixed.size, decimal.precision
                    ),
                )
                .with_hint("enlarge the fixed size or lower the precision"),
            );
        }
        let span = fixed.decimal_span.unwrap_or(fixed.size_span);
        check_decimal(decimal, span, diagnostics);
    }
}

/// The largest precision a two's-complement number of `size` bytes can hold.
fn max_decimal_digits(size: u64) -> u64 {
    // floor(log10(2^(8*size - 1) - 1)), computed without overflow.
    ((8.0 * size as f64 - 1.0) * std::f64::consts::LOG10_2).floor() as u64
}

fn check_decimal(decimal: Decimal, span: Span, diagnostics: &mut Diagnostics) {
    if decimal.precision == 0 || decimal.scale > decimal.precision {
        diagnostics.push(
            Diagnostic::new(
                Code::V014,
                span,
                format!(
                    "decimal({}, {}) is invalid",
                    decimal.precision, decimal.scale
                ),
            )
            .with_hint("precision must be at least 1 and scale at most the precision"),
        );
    }
}

/// Rules on type expressions: unions, optionals, decimals.
fn check_type(model: &Model, ty: &Type, span: Span, diagnostics: &mut Diagnostics) {
    match ty {
        Type::Scalar(_) | Type::Named(_) => {}
        Type::Decimal(decimal) => check_decimal(*decimal, span, diagnostics),
        Type::List(inner) | Type::Map(inner) => check_type(model, inner, span, diagnostics),
        Type::Optional(inner, _) => {
            let null = Type::Scalar(Scalar::Null);
            let twice = match &**inner {
                Type::Union(branches) => branches.contains(&null),
                other => *other == null,
            };
            if twice {
                diagnostics.push(
                    Diagnostic::new(Code::V010, span, "`null` is a branch twice").with_hint(
                        "Avro tells union branches apart by their wire type: keep one `null`",
                    ),
                );
            }
            if matches!(wire_type(model, inner), Type::Optional(..)) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::V017,
                        span,
                        "an optional type cannot be optional again",
                    )
                    .with_hint("write a single `?`"),
                );
            }
            check_type(model, inner, span, diagnostics)
        }
        Type::Union(branches) => check_union(model, branches, span, diagnostics),
    }
}

fn check_union(model: &Model, branches: &[Type], span: Span, diagnostics: &mut Diagnostics) {
    let mut report = |message: String, hint: &str| {
        diagnostics.push(Diagnostic::new(Code::V010, span, message).with_hint(hint));
    };
    if branches.is_empty() {
        report(
            "a union needs at least one branch".into(),
            "list its branches: `union<A, B>`",
        );
    }
    let mut kinds: HashMap<String, &Type> = HashMap::new();
    for branch in branches {
        match wire_type(model, branch) {
            Type::Optional(..) => report(
                "a union branch cannot be optional".into(),
                "make the whole union optional: `union<A, B>?`",
            ),
            Type::Union(_) => report(
                "unions cannot nest".into(),
                "list every branch in one union",
            ),
            _ => {
                let kind = wire_kind(model, branch);
                if let Some(first) = kinds.insert(kind.clone(), branch) {
                    report(
                        format!("`{first}` and `{branch}` are both `{kind}` on the wire"),
                        "Avro tells union branches apart by their wire type: keep one of each",
                    );
                }
            }
        }
    }
    for branch in branches {
        check_type(model, branch, span, diagnostics);
    }
}

fn check_key(model: &Model, field: &Field, diagnostics: &mut Diagnostics) {
    if let Some(reason) = key_problem(model, &field.ty) {
        diagnostics.push(
            Diagnostic::new(Code::V016, field.ty_span, format!("`{}` cannot be a key: {reason}", field.name))
                .with_hint("keys are required scalars (integers, strings, uuids, dates, decimals), enums, fixed or newtypes of them"),
        );
    }
}

fn key_problem(model: &Model, ty: &Type) -> Option<&'static str> {
    match wire_type(model, ty) {
        Type::Scalar(Scalar::Float | Scalar::Double) => {
            Some("floating-point values do not compare exactly")
        }
        Type::Scalar(_) | Type::Decimal(_) => None,
        Type::Optional(..) => Some("a key is never null"),
        Type::List(_) | Type::Map(_) | Type::Union(_) => Some("a key is a single scalar value"),
        Type::Named(reference) => match model.resolve(reference).map(|(_, v)| &v.body) {
            Some(Body::Record(_)) => Some("a key is a single scalar value, not a record"),
            _ => None,
        },
    }
}
