//! Types that wrap one value: tuple structs (newtypes) and enums of one-field variants (unions), checked against their contract.

use super::*;
use crate::codegen::rust::{union_avro_impls, LField};

impl<'a> Cx<'a> {
    /// The impls of a tuple struct deriving a newtype or fixed contract, or nothing when its
    /// field does not match (the errors say why).
    pub(super) fn tuple(&mut self, field: &syn::Field) -> TokenStream {
        let mut errors = Vec::new();
        let member = attrs::member(&field.attrs, &mut errors);
        let at = self.project.location(self.version.span);
        let title = self.title();
        let mut matcher = self.matcher();
        matcher.context = format!("the field of {title}");
        let result = self.tuple_lowered(field, &mut matcher);
        let lowered = match result {
            Ok((lowered, ty)) => {
                check_format(&member, &lowered, &ty, &field.ty, &at, "value", &mut errors);
                Some(lowered)
            }
            Err(mismatch) => {
                errors.push(syn::Error::new_spanned(
                    &mismatch.at,
                    format!(
                        "{title} ({at}) holds `{}`: expected `{}`, found `{}`{}",
                        self.version_inner(),
                        mismatch.expected,
                        mismatch.found,
                        mismatch.note.map(|n| format!(" ({n})")).unwrap_or_default()
                    ),
                ));
                None
            }
        };
        if let Some(span) = member.skip {
            errors.push(syn::Error::new(span, "the one field of a newtype or fixed type is the contract's value; it cannot be skipped"));
        }
        let (aliases, checks) = (
            std::mem::take(&mut matcher.aliases),
            std::mem::take(&mut matcher.checks),
        );
        drop(matcher);
        self.errors.extend(errors);
        let Some(lowered) = lowered.filter(|_| self.errors.is_empty()) else {
            return TokenStream::new();
        };
        self.tuple_impls(&lowered, &aliases, &checks)
    }

    /// The field's type matched against what the newtype wraps, or against the fixed type.
    fn tuple_lowered(
        &self,
        field: &syn::Field,
        matcher: &mut Matcher<'_, '_>,
    ) -> Result<(Lowered, Type), Mismatch> {
        match (
            self.generator.bodies.get(&self.reference),
            &self.version.body,
        ) {
            (Some(LBody::Newtype(lowered, _)), Body::Newtype(inner)) => matcher
                .matches(&field.ty, inner, lowered)
                .map(|l| (l, inner.clone())),
            _ => {
                let ty = Type::Named(self.reference.clone());
                match matcher.matches(&field.ty, &ty, &Lowered::Scalar(Scalar::Bool)) {
                    Ok(lowered @ Lowered::Fixed { .. }) => Ok((lowered, ty)),
                    Ok(_) => Err(Mismatch {
                        at: field.ty.to_token_stream(),
                        expected: describe(self.generator.model, &ty)
                            .rsplit(" or ")
                            .next()
                            .unwrap_or_default()
                            .to_owned(),
                        found: compact(&field.ty),
                        note: None,
                    }),
                    Err(mismatch) => Err(mismatch),
                }
            }
        }
    }

    /// The Avro and contract impls of a checked newtype or fixed type.
    fn tuple_impls(
        &self,
        lowered: &Lowered,
        aliases: &[TokenStream],
        checks: &[TokenStream],
    ) -> TokenStream {
        let ident = &self.input.ident;
        let statement = lowered.encode(quote!(v));
        let value = lowered.decode();
        let info = self.generator.contract_info(self.def, &self.reference);
        quote! {
            #[allow(non_camel_case_types, clippy::needless_question_mark)]
            const _: () = {
                #(#aliases)*
                #(#checks)*
                impl ::accord::avro::AvroEncode for #ident {
                    fn avro_encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()> {
                        let v = &self.0;
                        #statement
                        ::std::result::Result::Ok(())
                    }
                }
                impl ::accord::avro::AvroDecode for #ident {
                    fn avro_decode(r: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self> {
                        ::std::result::Result::Ok(Self(#value))
                    }
                }
                impl ::accord::Contract for #ident {
                    const INFO: ::accord::ContractInfo = #info;
                }
            };
        }
    }

    /// What a newtype or fixed type holds, for messages.
    pub(super) fn version_inner(&self) -> String {
        match &self.version.body {
            Body::Newtype(inner) => inner.to_string(),
            Body::Fixed(f) => match f.decimal {
                Some(d) => format!("fixed({}) decimal({}, {})", f.size, d.precision, d.scale),
                None => format!("fixed({})", f.size),
            },
            _ => self.def.kind.keyword().to_owned(),
        }
    }

    /// The impls of an enum deriving the union of a record field, or nothing when a variant
    /// does not match (the errors say why).
    pub(super) fn union(
        &mut self,
        data: &syn::DataEnum,
        field: &str,
        field_span: Span,
    ) -> TokenStream {
        let title = self.title();
        let Some((lfield, variants, null)) = self.union_field(field, field_span) else {
            return TokenStream::new();
        };
        let site = UnionField {
            name: field,
            at: self.project.location(lfield.field.span),
            ty: &lfield.field.ty,
            variants,
            title,
        };
        let mut matcher = self.matcher();
        let mut errors = Vec::new();
        if let Some(span) = self.container.serde.tagging {
            errors.push(syn::Error::new(span, "the branches of a union are written as {\"<branch>\": value} (serde's default, externally tagged): remove this serde attribute"));
        }
        let mut found = vec![false; variants.len()];
        let mut arms = Vec::new();
        for variant in &data.variants {
            let arm = self.union_variant(&site, variant, &mut matcher, &mut found, &mut errors);
            arms.extend(arm);
        }
        for (variant, _) in variants.iter().zip(&found).filter(|(_, f)| !**f) {
            errors.push(syn::Error::new(self.input.ident.span(), format!(
                "missing a variant for the branch `{}` (JSON tag `{}`) of {} field `{field}` ({})", variant.ty, variant.tag, site.title, site.at
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
        let branches = variants.len() + usize::from(null);
        self.union_impls(field, &arms, branches, &aliases, &checks)
    }

    /// The contract field `field` and its union's variants (and whether `null` is a branch), or
    /// `None` with the error when there is no such field or it holds no union.
    fn union_field(
        &mut self,
        field: &str,
        field_span: Span,
    ) -> Option<(&'a LField<'a>, &'a [Variant], bool)> {
        let title = self.title();
        let at = self.project.location(self.version.span);
        let contract = self.contract_fields();
        let Some(lfield) = contract.iter().find(|f| f.field.name == field) else {
            let known: Vec<&str> = contract.iter().map(|f| f.field.name.as_str()).collect();
            let message = if self.def.kind == TypeKind::Record {
                format!(
                    "{title} ({at}) has no field `{field}`; its fields are: {}",
                    known.join(", ")
                )
            } else {
                format!(
                    "{title} is a {} ({at}), not a record: unions are record fields",
                    self.def.kind.keyword()
                )
            };
            self.error(field_span, message);
            return None;
        };
        let field_at = self.project.location(lfield.field.span);
        let Some((variants, null)) = find_union(&lfield.lowered) else {
            self.error(
                field_span,
                format!(
                    "field `{field}` of {title} is `{}` ({field_at}), which holds no union",
                    lfield.field.ty
                ),
            );
            return None;
        };
        Some((lfield, variants, null))
    }

    /// One variant matched to its branch (by JSON tag, one unnamed field of the branch's type):
    /// its ident, wire index and lowering, or `None` with the error.
    fn union_variant(
        &self,
        site: &UnionField<'_>,
        variant: &syn::Variant,
        matcher: &mut Matcher<'_, '_>,
        found: &mut [bool],
        errors: &mut Vec<syn::Error>,
    ) -> Option<(syn::Ident, i64, Lowered)> {
        let UnionField {
            name: field,
            at: field_at,
            ty,
            variants,
            title,
        } = site;
        let member = attrs::member(&variant.attrs, errors);
        let rust_name = variant.ident.to_string();
        let rename_all = &self.container.serde.rename_all;
        let names = wire_names(
            &member.serde.rename,
            rename_all.ser,
            rename_all.de,
            &rust_name,
            RenameRule::apply_to_variant,
        );
        let Some(index) = variants.iter().position(|v| v.tag == names.0) else {
            let tags: Vec<&str> = variants.iter().map(|v| v.tag.as_str()).collect();
            errors.push(syn::Error::new(variant.ident.span(), format!(
                "variant `{rust_name}` (JSON tag `{}`) is no branch of `{field}: {ty}` ({field_at}); the branch tags are: {}; rename it with #[serde(rename = \"...\")]",
                names.0, tags.join(", ")
            )));
            return None;
        };
        let contract_variant = &variants[index];
        let payload = match &variant.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => &f.unnamed[0],
            _ => {
                errors.push(syn::Error::new(
                    variant.ident.span(),
                    format!(
                        "`{rust_name}` holds the `{}` branch: give it one unnamed field",
                        contract_variant.ty
                    ),
                ));
                return None;
            }
        };
        found[index] = true;
        let payload_member = attrs::member(&payload.attrs, errors);
        matcher.context = format!("variant `{rust_name}` of the union of {title} field `{field}`");
        matcher.site = None;
        match matcher.matches(&payload.ty, &contract_variant.ty, &contract_variant.lowered) {
            Ok(lowered) => {
                check_format(
                    &payload_member,
                    &lowered,
                    &contract_variant.ty,
                    &payload.ty,
                    field_at,
                    &rust_name,
                    errors,
                );
                Some((variant.ident.clone(), contract_variant.index, lowered))
            }
            Err(mismatch) => {
                errors.push(type_error(
                    &mismatch,
                    &rust_name,
                    &contract_variant.ty,
                    title,
                    field_at,
                ));
                None
            }
        }
    }

    /// The Avro impls of a checked union enum and its `ContractUnion` site.
    fn union_impls(
        &self,
        field: &str,
        arms: &[(syn::Ident, i64, Lowered)],
        branches: usize,
        aliases: &[TokenStream],
        checks: &[TokenStream],
    ) -> TokenStream {
        let encode = arms.iter().map(|(name, index, lowered)| {
            let (index, statement) = (lit(*index), lowered.encode(quote!(v)));
            quote!(Self::#name(v) => { ::accord::avro::write_long(#index, out); #statement })
        });
        let decode = arms.iter().map(|(name, index, lowered)| {
            let (index, value) = (lit(*index), lowered.decode());
            quote!(#index => ::std::result::Result::Ok(Self::#name(#value)))
        });
        let ident = &self.input.ident;
        let (contract, version) = (self.def.name.to_string(), self.version.number);
        let avro = union_avro_impls(ident, decode, encode, branches);
        quote! {
            #[allow(non_camel_case_types, clippy::needless_question_mark)]
            const _: () = {
                #(#aliases)*
                #(#checks)*
                #avro
                impl ::accord::__private::ContractUnion for #ident {
                    const SITE: ::accord::__private::UnionSite = ::accord::__private::UnionSite {
                        contract: #contract,
                        version: #version,
                        field: #field,
                    };
                }
            };
        }
    }
}

/// The record field whose union an enum derives, as its messages name it.
struct UnionField<'a> {
    /// The contract field's name.
    name: &'a str,
    /// Where it is declared.
    at: String,
    /// Its contract type.
    ty: &'a Type,
    /// The branches of its union.
    variants: &'a [Variant],
    /// `shop.orders.Order@2`.
    title: String,
}
