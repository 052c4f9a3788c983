//! Declared defaults as Rust expressions (the values JSON readers use for absent fields).

use super::lower::Lowered;
use super::{lit, Body as LBody, Generator};
use crate::avro::decimal::unscaled_bytes;
use crate::ir::*;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

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
    ) -> TokenStream {
        match (lowered, ty) {
            (Lowered::Optional { .. } | Lowered::Union { null: Some(_), .. }, _)
                if *value == Value::Null =>
            {
                quote!(::std::option::Option::None)
            }
            (Lowered::Optional { inner, .. }, Type::Optional(inner_ty, _)) => {
                let inner = self.default_expr(cx, inner, inner_ty, value);
                quote!(::std::option::Option::Some(#inner))
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
                let expr = quote!(#path::#variant(#inner));
                match null {
                    Some(_) => quote!(::std::option::Option::Some(#expr)),
                    None => expr,
                }
            }
            (Lowered::Scalar(scalar), _) => scalar_default(*scalar, value),
            (Lowered::Decimal(decimal), _) => decimal_default(*decimal, value),
            (Lowered::List(item), Type::List(item_ty)) => {
                let Value::List(items) = value else {
                    return quote!(::std::vec::Vec::new());
                };
                let items = items
                    .iter()
                    .map(|v| self.default_expr(cx, item, item_ty, v));
                quote!(::std::vec![#(#items),*])
            }
            (Lowered::Map(item), Type::Map(item_ty)) => {
                let Value::Object(entries) = value else {
                    return quote!(::accord::Map::new());
                };
                let entries = entries.iter().map(|(k, v)| {
                    let v = self.default_expr(cx, item, item_ty, v);
                    quote!((::std::string::String::from(#k), #v))
                });
                quote!(::std::iter::IntoIterator::into_iter([#(#entries),*]).collect::<::accord::Map<_>>())
            }
            (Lowered::Named { target, boxed }, Type::Named(reference)) => {
                let path = target.path(cx);
                let expr = self.named_default(cx, path, reference, value);
                if *boxed {
                    quote!(::std::boxed::Box::new(#expr))
                } else {
                    expr
                }
            }
            _ => quote!(::std::default::Default::default()),
        }
    }

    #[allow(
        clippy::expect_used,
        reason = "code is generated only for validated models, whose defaults match their types"
    )]
    fn named_default(
        &self,
        cx: &str,
        path: TokenStream,
        reference: &TypeRef,
        value: &Value,
    ) -> TokenStream {
        let body = &self.bodies[reference];
        match (body, value) {
            (LBody::Enum(variants), Value::Symbol(symbol)) => {
                let (_, ident) = variants
                    .iter()
                    .find(|(name, _)| name == symbol)
                    .expect("validated symbol");
                quote!(#path::#ident)
            }
            (LBody::Record(fields), Value::Object(entries)) => {
                let fields = fields.iter().map(|f| {
                    let given = entries
                        .iter()
                        .find(|(k, _)| *k == f.field.name)
                        .map(|(_, v)| v);
                    let value = given.or(f.field.default.as_ref()).unwrap_or(&Value::Null);
                    let ident = &f.ident;
                    let expr = self.default_expr(cx, &f.lowered, &f.field.ty, value);
                    quote!(#ident: #expr)
                });
                quote!(#path { #(#fields),* })
            }
            (LBody::Newtype(lowered, inner), _) => {
                let inner = self.default_expr(cx, lowered, inner, value);
                quote!(#path(#inner))
            }
            (LBody::Fixed(_, Some(decimal)), _) => {
                let inner = decimal_default(*decimal, value);
                quote!(#path(#inner))
            }
            (LBody::Fixed(_, None), Value::String(text)) => {
                let bytes = text.chars().map(|c| Literal::u8_unsuffixed(c as u32 as u8));
                quote!(#path([#(#bytes),*]))
            }
            _ => quote!(::std::default::Default::default()),
        }
    }
}

fn int_literal(value: i128) -> TokenStream {
    let magnitude = Literal::u128_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

fn float_literal(value: f64, single: bool) -> TokenStream {
    let magnitude = if single {
        Literal::f32_suffixed(value.abs() as f32)
    } else {
        Literal::f64_suffixed(value.abs())
    };
    if value.is_sign_negative() {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

fn scalar_default(scalar: Scalar, value: &Value) -> TokenStream {
    let int = match value {
        Value::Int(i) => *i,
        _ => 0,
    };
    let n = int_literal(int);
    let unit = match scalar {
        Scalar::TimeMs | Scalar::TimestampMs | Scalar::LocalTimestampMs => {
            quote!(::accord::time::Unit::Millis)
        }
        _ => quote!(::accord::time::Unit::Micros),
    };
    let valid = "a validated default";
    match (scalar, value) {
        (Scalar::Null, Value::Null) => quote!(()),
        (Scalar::Bool, Value::Bool(b)) => quote!(#b),
        (Scalar::Float | Scalar::Double, Value::Float(f)) => {
            float_literal(*f, scalar == Scalar::Float)
        }
        (Scalar::Float | Scalar::Double, Value::Int(i)) => {
            float_literal(*i as f64, scalar == Scalar::Float)
        }
        (Scalar::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (Scalar::Bytes, Value::String(s)) => {
            let bytes = s.chars().map(|c| Literal::u8_unsuffixed(c as u32 as u8));
            quote!(::std::vec![#(#bytes),*])
        }
        (Scalar::Uuid, Value::String(s)) => {
            let hex: String = s.chars().filter(char::is_ascii_hexdigit).collect();
            let bits = Literal::u128_unsuffixed(u128::from_str_radix(&hex, 16).unwrap_or(0));
            quote!(::accord::uuid::Uuid::from_u128(#bits))
        }
        (Scalar::Int | Scalar::Long, _) => n,
        (Scalar::Date, _) => quote!(::accord::time::date_from_days(#n).expect(#valid)),
        (Scalar::TimeMs | Scalar::TimeUs, _) => {
            quote!(::accord::time::time_from_units(#n, #unit).expect(#valid))
        }
        (Scalar::TimestampMs | Scalar::TimestampUs, _) => {
            quote!(::accord::time::timestamp_from_units(#n, #unit).expect(#valid))
        }
        (Scalar::LocalTimestampMs | Scalar::LocalTimestampUs, _) => {
            quote!(::accord::time::local_timestamp_from_units(#n, #unit).expect(#valid))
        }
        _ => quote!(::std::default::Default::default()),
    }
}

/// `::accord::Decimal::<P, S>::new(unscaled)` of a decimal default's text.
fn decimal_default(decimal: Decimal, value: &Value) -> TokenStream {
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
    let (p, s) = (lit(decimal.precision as i64), lit(decimal.scale as i64));
    let n = int_literal(unscaled);
    quote!(::accord::Decimal::<#p, #s>::new(#n).expect("a validated default"))
}
