//! Contract types -> Rust types: each field type is lowered once to a [`Lowered`] tree that
//! knows its Rust type, its JSON format marker and its Avro wire shape (union branch indexes,
//! boxing of recursive references). Unions become named enums, collected per package.

use super::code::{string, tokens};
use super::names::{camel, Scope};
use super::Names;
use crate::codegen::json_encoding::branch_tag;
use crate::ir::*;
use crate::ir::{union_branches, Branch};
use proc_macro2::{Ident, TokenStream};
use std::collections::BTreeSet;
use std::sync::Arc;

/// A field type as generated code sees it.
#[derive(Debug, Clone)]
pub enum Lowered {
    /// A scalar (`bool`, `i64`, chrono and uuid types, ...).
    Scalar(Scalar),
    /// `::accord::Decimal<P, S>` on bytes.
    Decimal(Decimal),
    /// `Vec<T>`.
    List(Box<Lowered>),
    /// `::accord::Map<T>`.
    Map(Box<Lowered>),
    /// `Option<T>` of a non-union: `null` is wire branch `null` (0 or 1), the value the other.
    Optional { inner: Box<Lowered>, null: i64 },
    /// A generated union enum; `Option<_>` of it when `null` is a branch (at that wire index).
    Union {
        /// Where the enum is.
        target: Target,
        /// The wire index of `null`, for optional unions.
        null: Option<i64>,
        /// Its variants.
        variants: Vec<Variant>,
    },
    /// A generated named type, boxed when it can contain its container.
    Named { target: Target, boxed: bool },
    /// The bytes of a fixed type held directly (`[u8; N]`, or `::accord::Decimal<P, S>` for a
    /// decimal on fixed bytes) instead of in its generated tuple struct: the derive macro accepts
    /// it in place of a named fixed type; the generator never produces it.
    Fixed { size: u64, decimal: Option<Decimal> },
}

/// A generated item: its package and name (paths are made where they are used).
#[derive(Debug, Clone)]
pub struct Target {
    /// The package module holding it.
    pub package: String,
    /// Its name.
    pub ident: Ident,
    /// The crate holding the package when the generated crate is a workspace of parts
    /// ([`super::parts`]); `None` in a single crate.
    pub krate: Option<Arc<str>>,
}

impl Target {
    /// The path to it from the module of `current`.
    pub fn path(&self, current: &str) -> String {
        super::item_path(&self.package, &self.ident, self.krate.as_deref(), current)
    }
}

/// A union enum to generate.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// Its name.
    pub ident: Ident,
    /// Where it is used, for its doc comment.
    pub site: String,
    /// Its variants in declaration order.
    pub variants: Vec<Variant>,
    /// Wire branches, `null` included.
    pub branches: usize,
}

/// One variant of a union enum.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Its name.
    pub ident: Ident,
    /// Its wire branch index.
    pub index: i64,
    /// Its payload.
    pub lowered: Lowered,
    /// Its JSON tag.
    pub tag: String,
    /// Its contract type.
    pub ty: Type,
}

/// What lowering needs: the model, the names, and where the field is.
pub struct Lowering<'a> {
    pub model: &'a Model,
    pub names: &'a Names,
    /// The package being generated (paths are relative to it).
    pub package: &'a str,
    /// The type version holding the field (references that can reach it are boxed).
    pub owner: TypeRef,
    /// Names taken in the package module.
    pub scope: &'a mut Scope,
    /// Unions found.
    pub unions: &'a mut Vec<UnionDef>,
    /// Messages for what cannot be generated (they become `compile_error!`s).
    pub errors: &'a mut Vec<String>,
}

impl Lowering<'_> {
    /// Lowers `ty`, the type of a field whose default is `default`; `site` names unions.
    pub fn lower(&mut self, ty: &Type, default: Option<&Value>, site: &str) -> Lowered {
        self.lower_at(ty, default, site, false)
    }

    fn lower_at(
        &mut self,
        ty: &Type,
        default: Option<&Value>,
        site: &str,
        indirect: bool,
    ) -> Lowered {
        match ty {
            Type::Scalar(scalar) => Lowered::Scalar(*scalar),
            Type::Decimal(decimal) => {
                self.check_precision(*decimal);
                Lowered::Decimal(*decimal)
            }
            Type::List(item) => Lowered::List(Box::new(self.lower_at(
                item,
                None,
                &format!("{site}Item"),
                true,
            ))),
            Type::Map(value) => Lowered::Map(Box::new(self.lower_at(
                value,
                None,
                &format!("{site}Value"),
                true,
            ))),
            Type::Optional(inner, _) if !matches!(**inner, Type::Union(_)) => {
                let branches = union_branches(self.model, ty, default);
                let null = branches
                    .iter()
                    .position(|b| *b == Branch::Null)
                    .unwrap_or(0) as i64;
                let inner = self.lower_at(inner, None, site, indirect);
                Lowered::Optional {
                    inner: Box::new(inner),
                    null,
                }
            }
            Type::Optional(..) | Type::Union(_) => self.union(ty, default, site, indirect),
            Type::Named(reference) => Lowered::Named {
                target: self.names.target(reference),
                boxed: !indirect && reaches(self.model, reference, &self.owner),
            },
        }
    }

    /// Precision above what [`::accord::Decimal`] holds cannot be generated.
    pub fn check_precision(&mut self, decimal: Decimal) {
        if decimal.precision > 38 {
            self.errors.push(format!(
                "decimal({}, {}) in {}@{} has more than the 38 digits of ::accord::Decimal",
                decimal.precision, decimal.scale, self.owner.name, self.owner.version
            ));
        }
    }

    fn union(&mut self, ty: &Type, default: Option<&Value>, site: &str, indirect: bool) -> Lowered {
        let wire = union_branches(self.model, ty, default);
        let null = wire
            .iter()
            .position(|b| *b == Branch::Null)
            .map(|i| i as i64);
        let declared: &[Type] = match ty {
            Type::Optional(inner, _) => match &**inner {
                Type::Union(branches) => branches,
                _ => unreachable!("optionals of non-unions are lowered above"),
            },
            Type::Union(branches) => branches,
            _ => unreachable!("only unions reach here"),
        };
        let ident = self.scope.claim(site);
        let mut variant_names = Scope::default();
        let variants = declared
            .iter()
            .map(|branch| {
                let index = wire
                    .iter()
                    .position(|b| matches!(b, Branch::Value(t) if std::ptr::eq(*t, branch)))
                    .unwrap_or(0) as i64;
                let name = variant_name(branch);
                let lowered = self.lower_at(branch, None, &format!("{site}{name}"), indirect);
                Variant {
                    ident: variant_names.claim(&name),
                    index,
                    lowered,
                    tag: branch_tag(self.model, branch),
                    ty: branch.clone(),
                }
            })
            .collect::<Vec<_>>();
        self.unions.push(UnionDef {
            ident: ident.clone(),
            site: site.to_owned(),
            variants: variants.clone(),
            branches: wire.len(),
        });
        Lowered::Union {
            target: self.names.item(self.package, ident),
            null,
            variants,
        }
    }
}

/// The variant name of a union branch: the type's name, the scalar's, `List`, `Map` or `Decimal`.
fn variant_name(ty: &Type) -> String {
    match ty {
        Type::Scalar(scalar) => camel(scalar.name()),
        Type::Decimal(_) => "Decimal".into(),
        Type::List(_) => "List".into(),
        Type::Map(_) => "Map".into(),
        Type::Optional(inner, _) => variant_name(inner),
        Type::Union(_) => "Union".into(),
        Type::Named(reference) => camel(&reference.name.name),
    }
}

/// Whether a value of `from` can hold a value of `to` without indirection (a list or map):
/// then a field of type `from` inside `to` must be boxed.
pub fn reaches(model: &Model, from: &TypeRef, to: &TypeRef) -> bool {
    let mut seen = BTreeSet::new();
    reaches_ref(model, from, to, &mut seen)
}

fn reaches_ref(model: &Model, from: &TypeRef, to: &TypeRef, seen: &mut BTreeSet<TypeRef>) -> bool {
    if from == to {
        return true;
    }
    if !seen.insert(from.clone()) {
        return false;
    }
    match model.resolve(from).map(|(_, v)| &v.body) {
        Some(Body::Record(fields)) => fields.iter().any(|f| reaches_ty(model, &f.ty, to, seen)),
        Some(Body::Newtype(inner)) => reaches_ty(model, inner, to, seen),
        _ => false,
    }
}

fn reaches_ty(model: &Model, ty: &Type, to: &TypeRef, seen: &mut BTreeSet<TypeRef>) -> bool {
    match ty {
        Type::Optional(inner, _) => reaches_ty(model, inner, to, seen),
        Type::Union(branches) => branches.iter().any(|b| reaches_ty(model, b, to, seen)),
        Type::Named(reference) => reaches_ref(model, reference, to, seen),
        _ => false,
    }
}

impl Lowered {
    /// The Rust type.
    pub fn rust_type(&self, cx: &str) -> String {
        match self {
            Lowered::Scalar(scalar) => scalar_type(*scalar).to_owned(),
            Lowered::Decimal(d) => decimal_type(*d),
            Lowered::List(item) => format!("::std::vec::Vec<{}>", item.rust_type(cx)),
            Lowered::Map(value) => format!("::accord::Map<{}>", value.rust_type(cx)),
            Lowered::Optional { inner, .. } => {
                format!("::std::option::Option<{}>", inner.rust_type(cx))
            }
            Lowered::Union { target, null, .. } => match null {
                None => target.path(cx),
                Some(_) => format!("::std::option::Option<{}>", target.path(cx)),
            },
            Lowered::Named { target, boxed } => match boxed {
                true => format!("::std::boxed::Box<{}>", target.path(cx)),
                false => target.path(cx),
            },
            Lowered::Fixed {
                decimal: Some(d), ..
            } => decimal_type(*d),
            Lowered::Fixed {
                size,
                decimal: None,
            } => format!("[u8; {size}]"),
        }
    }

    /// The JSON format marker (`::accord::json::...`) when serde's own impl is not the encoding.
    pub fn json_format(&self) -> Option<String> {
        match self {
            Lowered::Scalar(scalar) => scalar_format(*scalar).map(str::to_owned),
            Lowered::List(item) => item
                .json_format()
                .map(|f| format!("::accord::json::List<{f}>")),
            Lowered::Map(value) => value
                .json_format()
                .map(|f| format!("::accord::json::Map<{f}>")),
            Lowered::Optional { inner, .. } => inner
                .json_format()
                .map(|f| format!("::accord::json::Opt<{f}>")),
            Lowered::Fixed { decimal: None, .. } => Some("::accord::json::Base64".to_owned()),
            Lowered::Decimal(_)
            | Lowered::Fixed { .. }
            | Lowered::Union { .. }
            | Lowered::Named { .. } => None,
        }
    }

    /// [`Lowered::json_format`] as tokens (for the derive macros).
    pub fn format(&self) -> Option<TokenStream> {
        self.json_format().map(|f| tokens(&f))
    }

    /// The Avro wire format marker of `accord::wire` (`Opt<List<Long>, 0>`): generated code
    /// encodes and decodes through its generic impls, instantiated once per crate.
    pub fn wire(&self) -> String {
        match self {
            Lowered::Scalar(scalar) => format!("::accord::wire::{}", scalar_wire(*scalar)),
            Lowered::Decimal(_) => "::accord::wire::Dec".to_owned(),
            Lowered::List(item) => format!("::accord::wire::List<{}>", item.wire()),
            Lowered::Map(value) => format!("::accord::wire::Map<{}>", value.wire()),
            Lowered::Optional { inner, null } => {
                format!("::accord::wire::Opt<{}, {null}>", inner.wire())
            }
            Lowered::Union {
                null: Some(null), ..
            } => format!("::accord::wire::OptUnion<{null}>"),
            Lowered::Union { null: None, .. } | Lowered::Named { .. } => {
                "::accord::wire::Named".to_owned()
            }
            Lowered::Fixed {
                size,
                decimal: Some(_),
            } => format!("::accord::wire::DecFixed<{size}>"),
            Lowered::Fixed { decimal: None, .. } => "::accord::wire::Fixed".to_owned(),
        }
    }

    /// A statement appending the Avro encoding of `value` (an expression of type `&T`) to `out`,
    /// inside a function returning `::accord::Result`.
    pub fn encode_statement(&self, value: &str) -> String {
        format!("::accord::wire::put::<{}, _>({value}, out)?;", self.wire())
    }

    /// An expression reading a value from the reader `r`, inside a function returning
    /// `::accord::Result`.
    pub fn decode_expr(&self) -> String {
        format!("::accord::wire::get::<{}, _>(r)?", self.wire())
    }

    /// [`Lowered::encode_statement`] as tokens (for the derive macros).
    pub fn encode(&self, value: TokenStream) -> TokenStream {
        tokens(&self.encode_statement(&value.to_string()))
    }

    /// [`Lowered::decode_expr`] as tokens (for the derive macros).
    pub fn decode(&self) -> TokenStream {
        tokens(&self.decode_expr())
    }

    /// A statement appending field `wire` (`value`, of type `&T`) to `out`; errors of fallible
    /// encodings get the field in their path (tokens, for the derive macros).
    pub fn encode_field(&self, value: TokenStream, wire: &str) -> TokenStream {
        let value = value.to_string();
        if !self.fallible() {
            return tokens(&self.encode_statement(&value));
        }
        let (marker, wire) = (self.wire(), string(wire));
        tokens(&format!(
            "::accord::wire::put_at::<{marker}, _>({value}, {wire}, out)?;"
        ))
    }

    /// An expression reading field `wire` from `r`, with the field in the path of the errors of
    /// fallible encodings.
    pub fn decode_field_expr(&self, wire: &str) -> String {
        if !self.fallible() {
            return self.decode_expr();
        }
        format!(
            "::accord::wire::get_at::<{}, _>(r, {})?",
            self.wire(),
            string(wire)
        )
    }

    /// [`Lowered::decode_field_expr`] as tokens (for the derive macros).
    pub fn decode_field(&self, wire: &str) -> TokenStream {
        tokens(&self.decode_field_expr(wire))
    }

    /// Whether encoding can fail (so the field's errors need its path).
    pub fn fallible(&self) -> bool {
        match self {
            Lowered::Scalar(scalar) => matches!(
                scalar,
                Scalar::TimeMs
                    | Scalar::TimeUs
                    | Scalar::TimestampMs
                    | Scalar::TimestampUs
                    | Scalar::LocalTimestampMs
                    | Scalar::LocalTimestampUs
            ),
            Lowered::Decimal(_) | Lowered::Fixed { decimal: None, .. } => false,
            Lowered::Optional { inner, .. } => inner.fallible(),
            _ => true,
        }
    }
}

/// `::accord::Decimal<P, S>`.
pub fn decimal_type(decimal: Decimal) -> String {
    format!(
        "::accord::Decimal<{}, {}>",
        decimal.precision, decimal.scale
    )
}

fn scalar_type(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Null => "()",
        Scalar::Bool => "bool",
        Scalar::Int => "i32",
        Scalar::Long => "i64",
        Scalar::Float => "f32",
        Scalar::Double => "f64",
        Scalar::String => "::std::string::String",
        Scalar::Bytes => "::std::vec::Vec<u8>",
        Scalar::Uuid => "::accord::uuid::Uuid",
        Scalar::Date => "::accord::chrono::NaiveDate",
        Scalar::TimeMs | Scalar::TimeUs => "::accord::chrono::NaiveTime",
        Scalar::TimestampMs | Scalar::TimestampUs => {
            "::accord::chrono::DateTime<::accord::chrono::Utc>"
        }
        Scalar::LocalTimestampMs | Scalar::LocalTimestampUs => "::accord::chrono::NaiveDateTime",
    }
}

fn scalar_format(scalar: Scalar) -> Option<&'static str> {
    Some(match scalar {
        Scalar::Float | Scalar::Double => "::accord::json::Float",
        Scalar::Bytes => "::accord::json::Base64",
        Scalar::Date => "::accord::json::Date",
        Scalar::TimeMs => "::accord::json::TimeMillis",
        Scalar::TimeUs => "::accord::json::TimeMicros",
        Scalar::TimestampMs => "::accord::json::TimestampMillis",
        Scalar::TimestampUs => "::accord::json::TimestampMicros",
        Scalar::LocalTimestampMs => "::accord::json::LocalTimestampMillis",
        Scalar::LocalTimestampUs => "::accord::json::LocalTimestampMicros",
        Scalar::Null
        | Scalar::Bool
        | Scalar::Int
        | Scalar::Long
        | Scalar::String
        | Scalar::Uuid => return None,
    })
}

fn scalar_wire(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Null => "Null",
        Scalar::Bool => "Bool",
        Scalar::Int => "Int",
        Scalar::Long => "Long",
        Scalar::Float => "Float",
        Scalar::Double => "Double",
        Scalar::String => "Str",
        Scalar::Bytes => "Bytes",
        Scalar::Uuid => "UuidText",
        Scalar::Date => "Date",
        Scalar::TimeMs => "TimeMillis",
        Scalar::TimeUs => "TimeMicros",
        Scalar::TimestampMs => "TimestampMillis",
        Scalar::TimestampUs => "TimestampMicros",
        Scalar::LocalTimestampMs => "LocalTimestampMillis",
        Scalar::LocalTimestampUs => "LocalTimestampMicros",
    }
}
