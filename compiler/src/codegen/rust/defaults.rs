//! Declared defaults as Rust expressions (the values JSON readers use for absent fields).

use super::code::{list, string};
use super::lower::Lowered;
use super::{Body as LBody, Generator};
use crate::avro::decimal::unscaled_bytes;
use crate::ir::*;

impl Generator<'_> {
    /// The expression of `value`, a validated default of `ty` lowered as `lowered`, written in
    /// the module of package `cx`.
    #[allow(
        clippy::expect_used,
        reason = "code is generated only for validated models, whose defaults match their types"
    )]
    pub(super) fn default_expr(
        &self,
        cx: &str,
        lowered: &Lowered,
        ty: &Type,
        value: &Value,
    ) -> String {
        match (lowered, ty) {
            (Lowered::Optional { .. } | Lowered::Union { null: Some(_), .. }, _)
                if *value == Value::Null =>
            {
                "::std::option::Option::None".to_owned()
            }
            (Lowered::Optional { inner, .. }, Type::Optional(inner_ty, _)) => {
                let inner = self.default_expr(cx, inner, inner_ty, value);
                format!("::std::option::Option::Some({inner})")
            }
            (
                Lowered::Union {
                    target,
                    null,
                    variants,
                },
                _,
            ) => {
                let chosen = variants
                    .iter()
                    .filter(|v| crate::ir::check_value(self.model, &v.ty, value).is_ok())
                    .min_by_key(|v| v.index)
                    .expect("validated defaults match a branch");
                let inner = self.default_expr(cx, &chosen.lowered, &chosen.ty, value);
                let (path, variant) = (target.path(cx), &chosen.ident);
                let expr = format!("{path}::{variant}({inner})");
                match null {
                    Some(_) => format!("::std::option::Option::Some({expr})"),
                    None => expr,
                }
            }
            (Lowered::Scalar(scalar), _) => scalar_default(*scalar, value),
            (Lowered::Decimal(decimal), _) => decimal_default(*decimal, value),
            (Lowered::List(item), Type::List(item_ty)) => {
                let Value::List(items) = value else {
                    return "::std::vec::Vec::new()".to_owned();
                };
                let items = items
                    .iter()
                    .map(|v| self.default_expr(cx, item, item_ty, v));
                format!("::std::vec![{}]", list(items))
            }
            (Lowered::Map(item), Type::Map(item_ty)) => {
                let Value::Object(entries) = value else {
                    return "::accord::Map::new()".to_owned();
                };
                let entries = entries.iter().map(|(k, v)| {
                    let v = self.default_expr(cx, item, item_ty, v);
                    format!("(::std::string::String::from({}), {v})", string(k))
                });
                format!(
                    "::std::iter::IntoIterator::into_iter([{}]).collect::<::accord::Map<_>>()",
                    list(entries)
                )
            }
            (Lowered::Named { target, boxed }, Type::Named(reference)) => {
                let path = target.path(cx);
                let expr = self.named_default(cx, &path, reference, value);
                if *boxed {
                    format!("::std::boxed::Box::new({expr})")
                } else {
                    expr
                }
            }
            _ => "::std::default::Default::default()".to_owned(),
        }
    }

    #[allow(
        clippy::expect_used,
        reason = "code is generated only for validated models, whose defaults match their types"
    )]
    fn named_default(&self, cx: &str, path: &str, reference: &TypeRef, value: &Value) -> String {
        let body = &self.bodies[reference];
        match (body, value) {
            (LBody::Enum(variants), Value::Symbol(symbol)) => {
                let (_, ident) = variants
                    .iter()
                    .find(|(name, _)| name == symbol)
                    .expect("validated symbol");
                format!("{path}::{ident}")
            }
            (LBody::Record(fields), Value::Object(entries)) => {
                let fields = fields.iter().map(|f| {
                    let given = entries
                        .iter()
                        .find(|(k, _)| *k == f.field.name)
                        .map(|(_, v)| v);
                    let value = given.or(f.field.default.as_ref()).unwrap_or(&Value::Null);
                    let expr = self.default_expr(cx, &f.lowered, &f.field.ty, value);
                    format!("{}: {expr}", f.ident)
                });
                let fields = list(fields);
                if fields.is_empty() {
                    format!("{path} {{}}")
                } else {
                    format!("{path} {{ {fields} }}")
                }
            }
            (LBody::Newtype(lowered, inner), _) => {
                let inner = self.default_expr(cx, lowered, inner, value);
                format!("{path}({inner})")
            }
            (LBody::Fixed(_, Some(decimal)), _) => {
                let inner = decimal_default(*decimal, value);
                format!("{path}({inner})")
            }
            (LBody::Fixed(_, None), Value::String(text)) => {
                format!("{path}([{}])", byte_list(text))
            }
            _ => "::std::default::Default::default()".to_owned(),
        }
    }
}

/// The bytes of a JSON default's text (each character one byte) as integer literals.
fn byte_list(text: &str) -> String {
    list(text.chars().map(|c| c as u32 as u8))
}

/// A float literal with its type's suffix (`1.5f64`, `-0f32`); the constants of the type for
/// infinities and NaN.
fn float_literal(value: f64, single: bool) -> String {
    let ty = if single { "f32" } else { "f64" };
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value.is_nan() {
        return format!("{ty}::NAN");
    }
    if value.is_infinite() {
        return format!("{sign}{ty}::INFINITY");
    }
    if single {
        format!("{sign}{}{ty}", value.abs() as f32)
    } else {
        format!("{sign}{}{ty}", value.abs())
    }
}

fn scalar_default(scalar: Scalar, value: &Value) -> String {
    let int = match value {
        Value::Int(i) => *i,
        _ => 0,
    };
    let n = int;
    let unit = match scalar {
        Scalar::TimeMs | Scalar::TimestampMs | Scalar::LocalTimestampMs => {
            "::accord::time::Unit::Millis"
        }
        _ => "::accord::time::Unit::Micros",
    };
    let valid = "\"a validated default\"";
    match (scalar, value) {
        (Scalar::Null, Value::Null) => "()".to_owned(),
        (Scalar::Bool, Value::Bool(b)) => b.to_string(),
        (Scalar::Float | Scalar::Double, Value::Float(f)) => {
            float_literal(*f, scalar == Scalar::Float)
        }
        (Scalar::Float | Scalar::Double, Value::Int(i)) => {
            float_literal(*i as f64, scalar == Scalar::Float)
        }
        (Scalar::String, Value::String(s)) => {
            format!("::std::string::String::from({})", string(s))
        }
        (Scalar::Bytes, Value::String(s)) => format!("::std::vec![{}]", byte_list(s)),
        (Scalar::Uuid, Value::String(s)) => {
            let hex: String = s.chars().filter(char::is_ascii_hexdigit).collect();
            let bits = u128::from_str_radix(&hex, 16).unwrap_or(0);
            format!("::accord::uuid::Uuid::from_u128({bits})")
        }
        (Scalar::Int | Scalar::Long, _) => n.to_string(),
        (Scalar::Date, _) => format!("::accord::time::date_from_days({n}).expect({valid})"),
        (Scalar::TimeMs | Scalar::TimeUs, _) => {
            format!("::accord::time::time_from_units({n}, {unit}).expect({valid})")
        }
        (Scalar::TimestampMs | Scalar::TimestampUs, _) => {
            format!("::accord::time::timestamp_from_units({n}, {unit}).expect({valid})")
        }
        (Scalar::LocalTimestampMs | Scalar::LocalTimestampUs, _) => {
            format!("::accord::time::local_timestamp_from_units({n}, {unit}).expect({valid})")
        }
        _ => "::std::default::Default::default()".to_owned(),
    }
}

/// `::accord::Decimal::<P, S>::new(unscaled)` of a decimal default's text.
fn decimal_default(decimal: Decimal, value: &Value) -> String {
    let text = match value {
        Value::String(text) => text.as_str(),
        _ => "0",
    };
    let bytes = unscaled_bytes(text, decimal.scale, None).unwrap_or_default();
    let unscaled = bytes.iter().fold(
        if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            -1i128
        } else {
            0
        },
        |n, b| n.wrapping_shl(8) | i128::from(*b),
    );
    let (p, s) = (decimal.precision, decimal.scale);
    format!("::accord::Decimal::<{p}, {s}>::new({unscaled}).expect(\"a validated default\")")
}
