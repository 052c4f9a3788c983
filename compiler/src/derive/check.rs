//! `#[derive(accord::Contract)]`: a struct or enum against one contract type version. Records
//! are structs with named fields, enums are enums of unit variants, newtypes and fixed types are
//! one-field tuple structs, and a union of a record field is an enum with one single-field
//! variant per branch (`#[accord(field = "...")]`). Every mismatch is reported, then nothing
//! else is generated; on success the Avro impls are those of the Rust target, built from the
//! user's own idents and types.

use super::attrs::{self, Container, Member, Names, RenameRule};
use super::shape::{compact, describe, Matcher, Mismatch};
use super::{full_name, item_span, Project};
use crate::codegen::rust::lower::{Lowered, Variant};
use crate::codegen::rust::{Body as LBody, Generator};
use crate::ir::{Body, Scalar, Type, TypeDef, TypeKind, TypeRef, TypeVersion};
use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use std::path::Path;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

mod enumeration;
mod record;
mod wrappers;

/// Checks the item and generates its impls, or every error found.
pub fn expand(input: &DeriveInput, manifest_dir: &Path) -> Result<TokenStream, Vec<syn::Error>> {
    let mut errors = Vec::new();
    let container = attrs::container(&input.attrs, &mut errors);
    if !input.generics.params.is_empty() {
        errors.push(syn::Error::new_spanned(
            &input.generics,
            "accord::Contract cannot be derived for a generic type: a contract version is one concrete type",
        ));
    }
    let Some(contract) = &container.contract else {
        let span = container.attr_span.unwrap_or_else(|| item_span(input));
        errors.push(syn::Error::new(
            span,
            "missing the contract: add #[accord(contract = \"package.Type\", version = N)]",
        ));
        return Err(errors);
    };
    let root = container.root.as_ref();
    let project = match Project::load(manifest_dir, root.map(|r| r.value.as_str())) {
        Ok(project) => project,
        Err(message) => {
            errors.push(syn::Error::new(
                root.map_or(contract.span, |r| r.span),
                message,
            ));
            return Err(errors);
        }
    };
    let Some((def, version)) = find_version(&project, &container, &mut errors) else {
        return Err(errors);
    };
    let generator = project.generator();
    let reference = TypeRef {
        name: def.name.clone(),
        version: version.number,
    };
    let mut cx = Cx {
        project: &project,
        generator: &generator,
        def,
        version,
        reference,
        input,
        container: &container,
        errors,
    };
    let body = cx.item();
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let rebuild = project.rebuild_on_change();
    Ok(quote!(#body #rebuild))
}

/// The contract type version named by the attributes.
fn find_version<'p>(
    project: &'p Project,
    container: &Container,
    errors: &mut Vec<syn::Error>,
) -> Option<(&'p TypeDef, &'p TypeVersion)> {
    let contract = container.contract.as_ref()?;
    let model = project.model();
    let Some(name) = full_name(&contract.value) else {
        errors.push(syn::Error::new(
            contract.span,
            format!(
                "`{}` is not a full type name: expected `package.Type`",
                contract.value
            ),
        ));
        return None;
    };
    let Some(def) = model.types.get(&name) else {
        let similar: Vec<String> = model
            .types
            .keys()
            .filter(|n| n.name.eq_ignore_ascii_case(&name.name) || n.package == name.package)
            .map(ToString::to_string)
            .take(8)
            .collect();
        let hint = if similar.is_empty() {
            String::new()
        } else {
            format!("; known types nearby: {}", similar.join(", "))
        };
        errors.push(syn::Error::new(
            contract.span,
            format!("no contract type `{}` in the project{hint}", contract.value,),
        ));
        return None;
    };
    let number = match (&container.version, def.versioned) {
        (Some(v), _) => v.value,
        (None, false) => 1,
        (None, true) => {
            errors.push(syn::Error::new(
                contract.span,
                format!(
                    "{} has versions 1 to {} ({}): say which this type is, e.g. `version = {}`",
                    def.name,
                    def.latest().number,
                    project.location(def.name_span),
                    def.latest().number
                ),
            ));
            return None;
        }
    };
    match def.version(number) {
        Some(version) => Some((def, version)),
        None => {
            let span = container.version.as_ref().map_or(contract.span, |v| v.span);
            errors.push(syn::Error::new(
                span,
                format!(
                    "{} has no version {number}: its versions are 1 to {} ({})",
                    def.name,
                    def.latest().number,
                    project.location(def.name_span)
                ),
            ));
            None
        }
    }
}

/// What one expansion works with.
struct Cx<'a> {
    project: &'a Project,
    generator: &'a Generator<'a>,
    def: &'a TypeDef,
    version: &'a TypeVersion,
    reference: TypeRef,
    input: &'a DeriveInput,
    container: &'a Container,
    errors: Vec<syn::Error>,
}

/// A hand-written member matched to the contract: how to reach it and how it is encoded.
struct Matched {
    /// `name` or `0`.
    member: syn::Member,
    /// The contract's field name (for error paths).
    wire: String,
    lowered: Lowered,
    /// The field's type, where errors in its encoding point.
    span: Span,
}

impl<'a> Cx<'a> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push(syn::Error::new(span, message.into()));
    }

    /// `shop.orders.Order@2`.
    fn title(&self) -> String {
        format!("{}@{}", self.def.name, self.version.number)
    }

    fn matcher(&self) -> Matcher<'_, '_> {
        Matcher {
            generator: self.generator,
            self_ident: &self.input.ident,
            aliases: Vec::new(),
            checks: Vec::new(),
            context: String::new(),
            site: None,
        }
    }

    fn item(&mut self) -> TokenStream {
        let kind = self.def.kind;
        let ident_span = self.input.ident.span();
        match (&self.input.data, &self.container.field) {
            (Data::Enum(data), Some(field)) => {
                let field = field.clone();
                self.union(data, &field.value, field.span)
            }
            (_, Some(field)) => {
                self.error(field.span, "`field` names the union of a record field: it goes on an enum with one variant per branch");
                TokenStream::new()
            }
            (Data::Struct(data), None) => match (&data.fields, kind) {
                (Fields::Named(fields), TypeKind::Record) => {
                    let fields: Vec<&syn::Field> = fields.named.iter().collect();
                    self.record(&fields)
                }
                (Fields::Unit, TypeKind::Record) => self.record(&[]),
                (Fields::Unnamed(fields), TypeKind::Newtype | TypeKind::Fixed)
                    if fields.unnamed.len() == 1 =>
                {
                    self.tuple(&fields.unnamed[0])
                }
                _ => {
                    let message = self.shape_message();
                    self.error(ident_span, message);
                    TokenStream::new()
                }
            },
            (Data::Enum(data), None) if kind == TypeKind::Enum => self.enumeration(data),
            _ => {
                let message = self.shape_message();
                self.error(ident_span, message);
                TokenStream::new()
            }
        }
    }

    /// Which Rust item a contract kind needs.
    fn shape_message(&self) -> String {
        let needs = match self.def.kind {
            TypeKind::Record => "a struct with named fields",
            TypeKind::Enum => "an enum whose unit variants are its symbols",
            TypeKind::Fixed => {
                "a tuple struct of one field (`[u8; N]`, or `accord::Decimal<P, S>`)"
            }
            TypeKind::Newtype => "a tuple struct of one field, the wrapped type",
        };
        format!(
            "{} is a {} ({}): derive accord::Contract on {needs}",
            self.title(),
            self.def.kind.keyword(),
            self.project.location(self.version.span)
        )
    }

    /// The contract fields, as lowered by the Rust target.
    fn contract_fields(&self) -> &'a [crate::codegen::rust::LField<'a>] {
        let generator: &'a Generator<'a> = self.generator;
        match generator.bodies.get(&self.reference) {
            Some(LBody::Record(fields)) => fields,
            _ => &[],
        }
    }
}

/// The first union in a field's type: its variants, and whether `null` is a branch.
fn find_union(lowered: &Lowered) -> Option<(&[Variant], bool)> {
    match lowered {
        Lowered::Union { variants, null, .. } => Some((variants, null.is_some())),
        Lowered::List(inner) | Lowered::Map(inner) => find_union(inner),
        Lowered::Optional { inner, .. } => find_union(inner),
        _ => None,
    }
}

/// The names serde writes and reads a member as.
fn wire_names(
    rename: &Names<String>,
    all_ser: Option<RenameRule>,
    all_de: Option<RenameRule>,
    rust_name: &str,
    apply: fn(RenameRule, &str) -> String,
) -> (String, String) {
    let pick = |explicit: &Option<String>, rule: Option<RenameRule>| {
        explicit
            .clone()
            .or_else(|| rule.map(|r| apply(r, rust_name)))
            .unwrap_or_else(|| rust_name.to_owned())
    };
    (pick(&rename.ser, all_ser), pick(&rename.de, all_de))
}

fn type_error(mismatch: &Mismatch, name: &str, ty: &Type, title: &str, at: &str) -> syn::Error {
    let note = mismatch
        .note
        .as_ref()
        .map(|n| format!("\nnote: {n}"))
        .unwrap_or_default();
    let optional = matches!(ty, Type::Optional(..)) != mismatch.found.starts_with("Option<");
    let hint = if optional && !mismatch.expected.starts_with("a ") {
        if matches!(ty, Type::Optional(..)) {
            "\nnote: the contract field is optional"
        } else {
            "\nnote: the contract field is not optional"
        }
    } else {
        ""
    };
    syn::Error::new_spanned(
        &mismatch.at,
        format!(
            "`{name}` is `{ty}` in {title} ({at}): expected `{}`, found `{}`{note}{hint}",
            mismatch.expected, mismatch.found
        ),
    )
}

/// The serde format attributes a member needs for its JSON to be the contract's.
fn check_format(
    member: &Member,
    lowered: &Lowered,
    ty: &Type,
    rust: &syn::Type,
    at: &str,
    name: &str,
    errors: &mut Vec<syn::Error>,
) {
    let expected = lowered.format().map(|f| {
        let text = quote!(::accord::json::As::<#f>)
            .to_token_stream()
            .to_string();
        super::attrs::normalize_path(&text)
    });
    let written = match member.serde.format() {
        Ok(written) => written,
        Err(message) => {
            errors.push(syn::Error::new(rust.span(), message));
            return;
        }
    };
    if written == expected {
        return;
    }
    let message = match (&expected, &written) {
        (Some(expected), _) => {
            let full = qualify_markers(expected);
            format!(
                "`{name}` is `{ty}` ({at}), whose JSON form serde does not write by itself: add #[serde(with = \"{full}\")]"
            )
        }
        (None, Some(written)) => format!(
            "`{name}` is `{ty}` ({at}), which serde writes as the contract says: remove the format `{written}`"
        ),
        (None, None) => return,
    };
    errors.push(syn::Error::new(rust.span(), message));
}

/// `As::<Opt<Float>>` -> `accord::json::As::<accord::json::Opt<accord::json::Float>>`.
fn qualify_markers(text: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push_str("accord::json::");
            out.push_str(&std::mem::take(&mut word));
        }
        if c != ' ' {
            out.push(c);
        }
    }
    out
}

/// The tokens with every span set to `span` (so that trait errors in the code generated for a
/// field point at the field's type).
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                token = proc_macro2::TokenTree::Group(inner);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}

/// An unsuffixed integer literal.
fn lit(value: i64) -> TokenStream {
    let magnitude = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}
