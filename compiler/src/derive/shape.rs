//! Rust types written by hand against contract types (`docs/derive.md` has the table). A match
//! yields the [`Lowered`] tree of the hand-written type, so the Rust target's own encoders and
//! decoders serve it; named types become aliases checked at compile time through
//! `accord::Contract::INFO` (or the union site of a union enum).

use crate::codegen::rust::lower::{Lowered, Target};
use crate::codegen::rust::{Body, Generator};
use crate::ir::{Decimal, Model, Scalar, Type, TypeKind, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Expr, GenericArgument, Lit, PathArguments};

/// A hand-written type that does not fit the contract.
#[derive(Debug)]
pub struct Mismatch {
    /// The (part of the) Rust type at fault, for a span over all of it.
    pub at: TokenStream,
    /// What the contract needs, in Rust.
    pub expected: String,
    /// What is written.
    pub found: String,
    /// Why, when it is not obvious.
    pub note: Option<String>,
}

/// Matches the types of one struct or enum, collecting the aliases and compile-time checks of
/// the named types it uses.
pub struct Matcher<'g, 'a> {
    pub generator: &'g Generator<'a>,
    /// The type deriving (stands for `Self`, which aliases cannot name).
    pub self_ident: &'g Ident,
    /// `type __AccordTypeN = ...;` items.
    pub aliases: Vec<TokenStream>,
    /// Const assertions on the named types.
    pub checks: Vec<TokenStream>,
    /// What is being matched, for the messages of the checks (`field `total` of ...`).
    pub context: String,
    /// The union site of the member being matched: (contract, version, field).
    pub site: Option<(String, u32, String)>,
}

impl Matcher<'_, '_> {
    fn model(&self) -> &Model {
        self.generator.model
    }

    /// The lowering of `user`, a Rust type written for contract type `ty` (lowered as `lowered`
    /// by the Rust target).
    pub fn matches(
        &mut self,
        user: &syn::Type,
        ty: &Type,
        lowered: &Lowered,
    ) -> Result<Lowered, Mismatch> {
        let user = peel(user);
        match (ty, lowered) {
            (_, Lowered::Union { null, variants, .. }) => {
                let enum_ty = match null {
                    Some(_) => self.generic(user, &["Option"], 1, ty)?[0],
                    None => user,
                };
                if is_std(enum_ty) {
                    return Err(self.mismatch(user, ty, None));
                }
                let target = self.union_alias(enum_ty, ty)?;
                Ok(Lowered::Union {
                    target,
                    null: *null,
                    variants: variants.clone(),
                })
            }
            (Type::Optional(inner_ty, _), Lowered::Optional { inner, null }) => {
                let arg = self.generic(user, &["Option"], 1, ty)?[0];
                let inner = self.matches(arg, inner_ty, inner)?;
                Ok(Lowered::Optional {
                    inner: Box::new(inner),
                    null: *null,
                })
            }
            (Type::Scalar(scalar), _) if scalar_matches(user, *scalar) => {
                Ok(Lowered::Scalar(*scalar))
            }
            (Type::Decimal(decimal), _) if decimal_matches(user, *decimal) => {
                Ok(Lowered::Decimal(*decimal))
            }
            (Type::List(item_ty), Lowered::List(item)) => {
                let arg = self.generic(user, &["Vec"], 1, ty)?[0];
                Ok(Lowered::List(Box::new(self.matches(arg, item_ty, item)?)))
            }
            (Type::Map(value_ty), Lowered::Map(value)) => {
                let arg = self.map_value(user, ty)?;
                Ok(Lowered::Map(Box::new(self.matches(arg, value_ty, value)?)))
            }
            (Type::Named(reference), _) => self.named(user, ty, reference),
            _ => Err(self.mismatch(user, ty, None)),
        }
    }

    fn named(
        &mut self,
        user: &syn::Type,
        ty: &Type,
        reference: &TypeRef,
    ) -> Result<Lowered, Mismatch> {
        match self.generator.bodies.get(reference) {
            Some(Body::Newtype(lowered, inner)) if is_std(user) => {
                return self
                    .matches(user, inner, lowered)
                    .map_err(|_| self.mismatch(user, ty, None));
            }
            Some(Body::Fixed(size, decimal)) if is_std(user) => {
                let fits = match decimal {
                    Some(d) => decimal_matches(user, *d),
                    None => array_of(user) == Some(*size),
                };
                return if fits {
                    Ok(Lowered::Fixed {
                        size: *size,
                        decimal: *decimal,
                    })
                } else {
                    Err(self.mismatch(user, ty, None))
                };
            }
            _ => {}
        }
        if is_std(user) {
            return Err(self.mismatch(user, ty, None));
        }
        let (inner, boxed) = match last_segment(user) {
            Some((ident, args)) if ident == "Box" && args.len() == 1 => (args[0], true),
            _ => (user, false),
        };
        let target = self.contract_alias(inner, reference);
        Ok(Lowered::Named { target, boxed })
    }

    /// An alias for a named type, and the check that it is the contract version wanted.
    fn contract_alias(&mut self, user: &syn::Type, reference: &TypeRef) -> Target {
        let (ty, span) = (self.resolve_self(user), user.span());
        let (name, version) = (reference.name.to_string(), reference.version);
        let message = format!(
            "{}: `{}` must be the accord contract type {name}@{version}: its `accord::Contract` impl names another contract or version",
            self.context,
            compact(user)
        );
        self.checks.push(quote_spanned! {span=>
            const _: () = ::core::assert!(
                ::accord::__private::is_contract(&<#ty as ::accord::Contract>::INFO, #name, #version),
                #message
            );
        });
        self.alias(ty)
    }

    /// An alias for a union enum, and the check that it derives for this field.
    fn union_alias(&mut self, user: &syn::Type, ty: &Type) -> Result<Target, Mismatch> {
        let Some((contract, version, field)) = self.site.clone() else {
            return Err(Mismatch {
                note: Some("the derive supports unions in record fields only".into()),
                ..self.mismatch(user, ty, None)
            });
        };
        let (rust, span) = (self.resolve_self(user), user.span());
        let message = format!(
            "{}: `{}` must be the union enum of {contract}@{version} field `{field}`: derive it with #[accord(contract = \"{contract}\", version = {version}, field = \"{field}\")]",
            self.context,
            compact(user)
        );
        self.checks.push(quote_spanned! {span=>
            const _: () = ::core::assert!(
                ::accord::__private::is_union_of(&<#rust as ::accord::__private::ContractUnion>::SITE, #contract, #version, #field),
                #message
            );
        });
        Ok(self.alias(rust))
    }

    fn alias(&mut self, ty: TokenStream) -> Target {
        let ident = format_ident!("__AccordType{}", self.aliases.len());
        self.aliases.push(quote!(type #ident = #ty;));
        Target {
            package: String::new(),
            ident,
            krate: None,
        }
    }

    /// The type's tokens, with a bare `Self` replaced by the deriving type.
    fn resolve_self(&self, user: &syn::Type) -> TokenStream {
        match user {
            syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident("Self") => {
                self.self_ident.to_token_stream()
            }
            _ => user.to_token_stream(),
        }
    }

    /// The type arguments of `user` when it is one of `names` with `count` of them.
    fn generic<'u>(
        &self,
        user: &'u syn::Type,
        names: &[&str],
        count: usize,
        ty: &Type,
    ) -> Result<Vec<&'u syn::Type>, Mismatch> {
        match last_segment(user) {
            Some((ident, args)) if names.iter().any(|n| ident == n) && args.len() == count => {
                Ok(args)
            }
            _ => Err(self.mismatch(user, ty, None)),
        }
    }

    /// The value type of a map: `IndexMap<String, T>` or `accord::Map<T>`.
    fn map_value<'u>(&self, user: &'u syn::Type, ty: &Type) -> Result<&'u syn::Type, Mismatch> {
        match last_segment(user) {
            Some((ident, args)) if ident == "IndexMap" && args.len() == 2 => {
                if scalar_matches(args[0], Scalar::String) {
                    Ok(args[1])
                } else {
                    Err(self.mismatch(user, ty, Some("map keys are strings".into())))
                }
            }
            Some((ident, args)) if ident == "Map" && args.len() == 1 => Ok(args[0]),
            Some((ident, _)) if ident == "BTreeMap" || ident == "HashMap" => {
                Err(self.mismatch(user, ty, Some(format!(
                    "both encodings write map entries in the map's order, which `{ident}` does not keep; use `IndexMap<String, T>` (`accord::Map<T>`)"
                ))))
            }
            _ => Err(self.mismatch(user, ty, None)),
        }
    }

    fn mismatch(&self, user: &syn::Type, ty: &Type, note: Option<String>) -> Mismatch {
        Mismatch {
            at: user.to_token_stream(),
            expected: describe(self.model(), ty),
            found: compact(user),
            note,
        }
    }
}

/// The Rust type a contract type needs, as users write it.
pub fn describe(model: &Model, ty: &Type) -> String {
    match ty {
        Type::Scalar(scalar) => scalar_name(*scalar).into(),
        Type::Decimal(d) => format!("Decimal<{}, {}>", d.precision, d.scale),
        Type::List(item) => format!("Vec<{}>", describe(model, item)),
        Type::Map(value) => format!("IndexMap<String, {}>", describe(model, value)),
        Type::Optional(inner, _) => format!("Option<{}>", describe(model, inner)),
        Type::Union(_) => "a union enum".into(),
        Type::Named(reference) => {
            let kind = model.types.get(&reference.name).map(|d| d.kind);
            let alternative = match model.resolve(reference).map(|(_, v)| &v.body) {
                Some(crate::ir::Body::Newtype(inner)) => format!(" or {}", describe(model, inner)),
                Some(crate::ir::Body::Fixed(f)) => match f.decimal {
                    Some(d) => format!(" or Decimal<{}, {}>", d.precision, d.scale),
                    None => format!(" or [u8; {}]", f.size),
                },
                _ => String::new(),
            };
            let kind = match kind {
                Some(TypeKind::Enum) => "an enum",
                Some(TypeKind::Record) => "a record",
                Some(TypeKind::Fixed) => "a fixed",
                Some(TypeKind::Newtype) => "a newtype",
                None => "a",
            };
            format!(
                "{kind} type deriving accord::Contract for {}@{}{alternative}",
                reference.name, reference.version
            )
        }
    }
}

fn scalar_name(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Null => "()",
        Scalar::Bool => "bool",
        Scalar::Int => "i32",
        Scalar::Long => "i64",
        Scalar::Float => "f32",
        Scalar::Double => "f64",
        Scalar::String => "String",
        Scalar::Bytes => "Vec<u8>",
        Scalar::Uuid => "uuid::Uuid",
        Scalar::Date => "chrono::NaiveDate",
        Scalar::TimeMs | Scalar::TimeUs => "chrono::NaiveTime",
        Scalar::TimestampMs | Scalar::TimestampUs => "chrono::DateTime<chrono::Utc>",
        Scalar::LocalTimestampMs | Scalar::LocalTimestampUs => "chrono::NaiveDateTime",
    }
}

/// Tokens as users write them: `Vec<u8>`, not `Vec < u8 >`.
pub fn compact(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = text
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& ", "&")
        .replace("[ ", "[")
        .replace(" ]", "]")
        .replace(" ;", ";");
    if out.starts_with(":: ") {
        out = out.replacen(":: ", "::", 1);
    }
    out
}

/// Parentheses and invisible groups (from macro_rules) removed.
fn peel(user: &syn::Type) -> &syn::Type {
    match user {
        syn::Type::Paren(p) => peel(&p.elem),
        syn::Type::Group(g) => peel(&g.elem),
        _ => user,
    }
}

/// The last path segment and its type arguments (`Vec<u8>` -> (`Vec`, [`u8`])).
fn last_segment(user: &syn::Type) -> Option<(&Ident, Vec<&syn::Type>)> {
    let syn::Type::Path(path) = peel(user) else {
        return None;
    };
    let segment = path.path.segments.last()?;
    let args = match &segment.arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((&segment.ident, args))
}

/// Integer arguments of the last segment (`Decimal<12, 2>` -> [12, 2]).
fn int_args(user: &syn::Type) -> Vec<Option<u64>> {
    let syn::Type::Path(path) = peel(user) else {
        return Vec::new();
    };
    let Some(segment) = path.path.segments.last() else {
        return Vec::new();
    };
    let PathArguments::AngleBracketed(args) = &segment.arguments else {
        return Vec::new();
    };
    args.args
        .iter()
        .map(|a| match a {
            GenericArgument::Const(Expr::Lit(lit)) => match &lit.lit {
                Lit::Int(i) => i.base10_parse().ok(),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Types that are not contract types: primitives, std and the logical-type crates.
fn is_std(user: &syn::Type) -> bool {
    const STD: &[&str] = &[
        "bool",
        "char",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "f32",
        "f64",
        "str",
        "String",
        "Vec",
        "Option",
        "IndexMap",
        "BTreeMap",
        "HashMap",
        "Map",
        "Uuid",
        "NaiveDate",
        "NaiveTime",
        "NaiveDateTime",
        "DateTime",
        "Decimal",
        "Cow",
        "Rc",
        "Arc",
    ];
    match peel(user) {
        syn::Type::Path(_) => {
            last_segment(user).is_some_and(|(ident, _)| STD.iter().any(|s| ident == s))
        }
        _ => true,
    }
}

fn is_ident(user: &syn::Type, name: &str) -> bool {
    last_segment(user).is_some_and(|(ident, args)| ident == name && args.is_empty())
}

fn scalar_matches(user: &syn::Type, scalar: Scalar) -> bool {
    let one_arg = |name: &str, arg: &str| {
        last_segment(user)
            .is_some_and(|(ident, args)| ident == name && args.len() == 1 && is_ident(args[0], arg))
    };
    match scalar {
        Scalar::Bytes => one_arg("Vec", "u8"),
        Scalar::TimestampMs | Scalar::TimestampUs => one_arg("DateTime", "Utc"),
        other => is_ident(user, scalar_name(other).rsplit("::").next().unwrap_or("")),
    }
}

fn decimal_matches(user: &syn::Type, decimal: Decimal) -> bool {
    last_segment(user).is_some_and(|(ident, _)| ident == "Decimal")
        && int_args(user) == [Some(decimal.precision), Some(decimal.scale)]
}

/// `N` of `[u8; N]`.
fn array_of(user: &syn::Type) -> Option<u64> {
    let syn::Type::Array(array) = peel(user) else {
        return None;
    };
    if !is_ident(&array.elem, "u8") {
        return None;
    }
    match &array.len {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Int(i) => i.base10_parse().ok(),
            _ => None,
        },
        _ => None,
    }
}
