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
use crate::codegen::rust::{lit, Body as LBody, Generator};
use crate::ir::{Body, Scalar, Type, TypeDef, TypeKind, TypeRef, TypeVersion};
use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use std::path::Path;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

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
    fn contract_fields(&self) -> &'a [crate::codegen::rust::LField] {
        let generator: &'a Generator<'a> = self.generator;
        match generator.bodies.get(&self.reference) {
            Some(LBody::Record(fields)) => fields,
            _ => &[],
        }
    }

    fn record(&mut self, fields: &[&syn::Field]) -> TokenStream {
        let contract = self.contract_fields();
        let rename_all = self.container.serde.rename_all.clone();
        let mut matcher = self.matcher();
        let mut matched: Vec<Option<Matched>> = (0..contract.len()).map(|_| None).collect();
        let mut claimed = vec![false; contract.len()];
        let mut order: Vec<(usize, Span)> = Vec::new();
        let mut skipped = Vec::new();
        let mut errors = Vec::new();
        for field in fields {
            let member = attrs::member(&field.attrs, &mut errors);
            let ident = field.ident.as_ref().expect("named fields have idents");
            let rust_name = crate::codegen::rust::names::unraw(ident);
            if let Some(span) = member.skip {
                if !member.serde.skipped() {
                    errors.push(syn::Error::new(span, format!(
                        "`{rust_name}` is kept out of the contract, so keep it out of the JSON too: add #[serde(skip)]"
                    )));
                }
                skipped.push((ident.clone(), member.default.map(|d| d.value)));
                continue;
            }
            let names = wire_names(
                &member.serde.rename,
                rename_all.ser,
                rename_all.de,
                &rust_name,
                RenameRule::apply_to_field,
            );
            let index = contract.iter().position(|f| f.field.name == names.0);
            let renamed = contract.iter().position(|f| f.field.name == rust_name);
            if let (None, Some(index)) = (index, renamed) {
                claimed[index] = true;
                errors.push(syn::Error::new(ident.span(), format!(
                    "serde writes `{rust_name}` as `{}` (a serde rename), but the contract field is `{rust_name}` ({}); remove the rename or make it `{rust_name}`",
                    names.0, self.project.location(contract[index].field.span)
                )));
                continue;
            }
            let Some(index) = index else {
                let shown = if names.0 == rust_name {
                    format!("`{rust_name}`")
                } else {
                    format!("`{rust_name}` (JSON name `{}`)", names.0)
                };
                let known: Vec<&str> = contract.iter().map(|f| f.field.name.as_str()).collect();
                errors.push(syn::Error::new(ident.span(), format!(
                    "field {shown} is not in {} ({}), whose fields are: {}; mark it #[accord(skip)] and #[serde(skip)] to keep it out of the contract",
                    self.title(), self.project.location(self.version.span), known.join(", ")
                )));
                continue;
            };
            let lfield = &contract[index];
            let at = self.project.location(lfield.field.span);
            if names.1 != names.0 {
                errors.push(syn::Error::new(ident.span(), format!(
                    "field `{rust_name}` is written as `{}` but read as `{}`; the contract field is `{}` ({at})", names.0, names.1, lfield.field.name
                )));
            }
            if claimed[index] {
                errors.push(syn::Error::new(
                    ident.span(),
                    format!(
                        "a second field for the contract field `{}` ({at})",
                        lfield.field.name
                    ),
                ));
                continue;
            }
            claimed[index] = true;
            if let Some((word, span)) = &member.serde.reshapes {
                errors.push(syn::Error::new(*span, format!(
                    "#[serde({word})] changes the JSON encoding of `{}` ({at}): the JSON would not be the contract's", lfield.field.name
                )));
            }
            if member.serde.skip_serializing || member.serde.skip_deserializing {
                errors.push(syn::Error::new(
                    ident.span(),
                    format!(
                        "`{rust_name}` is the contract field `{}` ({at}); serde must not skip it",
                        lfield.field.name
                    ),
                ));
            }
            matcher.context = format!("field `{rust_name}` of {}", self.title());
            matcher.site = Some((
                self.def.name.to_string(),
                self.version.number,
                lfield.field.name.clone(),
            ));
            match matcher.matches(&field.ty, &lfield.field.ty, &lfield.lowered) {
                Ok(lowered) => {
                    check_format(
                        &member,
                        &lowered,
                        &lfield.field.ty,
                        &field.ty,
                        &at,
                        &lfield.field.name,
                        &mut errors,
                    );
                    order.push((index, ident.span()));
                    matched[index] = Some(Matched {
                        member: syn::Member::Named(ident.clone()),
                        wire: lfield.field.name.clone(),
                        lowered,
                        span: field.ty.span(),
                    });
                }
                Err(mismatch) => errors.push(type_error(
                    &mismatch,
                    &lfield.field.name,
                    &lfield.field.ty,
                    &self.title(),
                    &at,
                )),
            }
        }
        let missing: Vec<String> = contract
            .iter()
            .zip(&claimed)
            .filter(|(_, claimed)| !**claimed)
            .map(|(f, _)| {
                format!(
                    "`{}: {}` ({})",
                    f.field.name,
                    f.field.ty,
                    self.project.location(f.field.span)
                )
            })
            .collect();
        for message in missing {
            errors.push(syn::Error::new(
                self.input.ident.span(),
                format!("missing field {message} of {}", self.title()),
            ));
        }
        if let Some(window) = order.windows(2).find(|w| w[0].0 > w[1].0) {
            let names: Vec<&str> = contract.iter().map(|f| f.field.name.as_str()).collect();
            errors.push(syn::Error::new(window[1].1, format!(
                "fields are out of the contract's order: JSON writes them in declaration order, which must be {}'s: {}",
                self.title(), names.join(", ")
            )));
        }
        let (aliases, checks) = (
            std::mem::take(&mut matcher.aliases),
            std::mem::take(&mut matcher.checks),
        );
        drop(matcher);
        self.errors.extend(errors);
        if !self.errors.is_empty() {
            return TokenStream::new();
        }
        let matched: Vec<Matched> = matched.into_iter().flatten().collect();
        self.record_impls(&matched, &skipped, aliases, checks)
    }

    fn record_impls(
        &self,
        fields: &[Matched],
        skipped: &[(syn::Ident, Option<syn::ExprPath>)],
        aliases: Vec<TokenStream>,
        checks: Vec<TokenStream>,
    ) -> TokenStream {
        let encode = fields.iter().map(|f| {
            let (member, wire) = (&f.member, &f.wire);
            respan(f.lowered.encode_field(quote!(&self.#member), wire), f.span)
        });
        let decode = fields.iter().map(|f| {
            let (member, wire) = (&f.member, &f.wire);
            let value = respan(f.lowered.decode_field(wire), f.span);
            quote!(#member: #value)
        });
        let defaults = skipped.iter().map(|(ident, default)| match default {
            Some(path) => quote!(#ident: #path()),
            None => quote!(#ident: ::std::default::Default::default()),
        });
        let out = if fields.is_empty() {
            quote!(_out)
        } else {
            quote!(out)
        };
        let reader = if fields.is_empty() {
            quote!(_r)
        } else {
            quote!(r)
        };
        let ident = &self.input.ident;
        let info = self.generator.contract_info(self.def, &self.reference);
        quote! {
            #[allow(non_camel_case_types, clippy::needless_question_mark)]
            const _: () = {
                #(#aliases)*
                #(#checks)*
                impl ::accord::avro::AvroEncode for #ident {
                    fn avro_encode(&self, #out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()> {
                        #(#encode)*
                        ::std::result::Result::Ok(())
                    }
                }
                impl ::accord::avro::AvroDecode for #ident {
                    fn avro_decode(#reader: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self> {
                        ::std::result::Result::Ok(Self { #(#decode,)* #(#defaults,)* })
                    }
                }
                impl ::accord::Contract for #ident {
                    const INFO: ::accord::ContractInfo = #info;
                }
            };
        }
    }

    fn enumeration(&mut self, data: &syn::DataEnum) -> TokenStream {
        let Body::Enum(contract) = &self.version.body else {
            return TokenStream::new();
        };
        let rename_all = self.container.serde.rename_all.clone();
        let at = self.project.location(self.version.span);
        let mut found = vec![false; contract.symbols.len()];
        let mut arms = Vec::new();
        let mut errors = Vec::new();
        if let Some(span) = self.container.serde.tagging {
            errors.push(syn::Error::new(
                span,
                format!(
                    "the symbols of {} are written as plain strings: remove this serde attribute",
                    self.title()
                ),
            ));
        }
        for variant in &data.variants {
            let member = attrs::member(&variant.attrs, &mut errors);
            let rust_name = variant.ident.to_string();
            let symbol = {
                let names = wire_names(
                    &member.serde.rename,
                    rename_all.ser,
                    rename_all.de,
                    &rust_name,
                    RenameRule::apply_to_variant,
                );
                contract.symbols.iter().position(|s| s.name == names.0)
            };
            if !matches!(variant.fields, Fields::Unit) {
                if let Some(index) = symbol {
                    found[index] = true;
                }
                errors.push(syn::Error::new_spanned(
                    &variant.fields,
                    format!(
                        "`{rust_name}`: the symbols of {} have no data; make it a unit variant",
                        self.title()
                    ),
                ));
                continue;
            }
            let names = wire_names(
                &member.serde.rename,
                rename_all.ser,
                rename_all.de,
                &rust_name,
                RenameRule::apply_to_variant,
            );
            match contract.symbols.iter().position(|s| s.name == names.0) {
                Some(index) if names.1 == names.0 => {
                    found[index] = true;
                    let ident = &variant.ident;
                    arms.push((quote!(Self::#ident), lit(index as i64)));
                }
                Some(_) => errors.push(syn::Error::new(
                    variant.ident.span(),
                    format!(
                        "`{rust_name}` is written as `{}` but read as `{}`",
                        names.0, names.1
                    ),
                )),
                None => {
                    let symbols: Vec<&str> =
                        contract.symbols.iter().map(|s| s.name.as_str()).collect();
                    let shown = if names.0 == rust_name {
                        format!("`{rust_name}`")
                    } else {
                        format!("`{rust_name}` (JSON name `{}`)", names.0)
                    };
                    errors.push(syn::Error::new(variant.ident.span(), format!(
                        "variant {shown} is not a symbol of {} ({at}), whose symbols are: {}; rename it with #[serde(rename = \"...\")] or #[serde(rename_all = \"...\")]",
                        self.title(), symbols.join(", ")
                    )));
                }
            }
        }
        for (symbol, _) in contract.symbols.iter().zip(&found).filter(|(_, f)| !**f) {
            errors.push(syn::Error::new(
                self.input.ident.span(),
                format!(
                    "missing variant for the symbol `{}` of {} ({})",
                    symbol.name,
                    self.title(),
                    self.project.location(symbol.span)
                ),
            ));
        }
        self.errors.extend(errors);
        if !self.errors.is_empty() {
            return TokenStream::new();
        }
        let ident = &self.input.ident;
        let encode = arms.iter().map(|(path, index)| quote!(#path => #index));
        let decode = arms
            .iter()
            .map(|(path, index)| quote!(#index => ::std::result::Result::Ok(#path)));
        let count = contract.symbols.len();
        let info = self.generator.contract_info(self.def, &self.reference);
        quote! {
            const _: () = {
                impl ::accord::avro::AvroEncode for #ident {
                    fn avro_encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()> {
                        ::accord::avro::write_long(match self { #(#encode,)* }, out);
                        ::std::result::Result::Ok(())
                    }
                }
                impl ::accord::avro::AvroDecode for #ident {
                    fn avro_decode(r: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self> {
                        match r.read_long()? {
                            #(#decode,)*
                            i => ::std::result::Result::Err(::accord::avro::bad_symbol(i, #count)),
                        }
                    }
                }
                impl ::accord::Contract for #ident {
                    const INFO: ::accord::ContractInfo = #info;
                }
            };
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
