//! Structs with named fields checked against a record contract: each field matched to a contract
//! field by its JSON name, in the contract's order, with the contract's types.

use super::*;
use crate::codegen::rust::LField;

/// What matching the fields of a struct has found so far.
struct RecordMatch {
    /// Per contract field, the struct field that matched it.
    matched: Vec<Option<Matched>>,
    /// Per contract field, whether a struct field claims it (matched or not).
    claimed: Vec<bool>,
    /// The contract index and the span of each matched field, in declaration order.
    order: Vec<(usize, Span)>,
    /// Fields kept out of the contract, with their default functions.
    skipped: Vec<(syn::Ident, Option<syn::ExprPath>)>,
    errors: Vec<syn::Error>,
}

impl Cx<'_> {
    /// The impls of a struct deriving a record contract, or nothing when a field does not match
    /// (the errors say why).
    pub(super) fn record(&mut self, fields: &[&syn::Field]) -> TokenStream {
        let contract = self.contract_fields();
        let mut matcher = self.matcher();
        let mut state = RecordMatch {
            matched: (0..contract.len()).map(|_| None).collect(),
            claimed: vec![false; contract.len()],
            order: Vec::new(),
            skipped: Vec::new(),
            errors: Vec::new(),
        };
        for field in fields {
            self.record_field(field, contract, &mut matcher, &mut state);
        }
        self.missing_fields(contract, &mut state);
        if let Some(window) = state.order.windows(2).find(|w| w[0].0 > w[1].0) {
            let names: Vec<&str> = contract.iter().map(|f| f.field.name.as_str()).collect();
            state.errors.push(syn::Error::new(window[1].1, format!(
                "fields are out of the contract's order: JSON writes them in declaration order, which must be {}'s: {}",
                self.title(), names.join(", ")
            )));
        }
        let (aliases, checks) = (
            std::mem::take(&mut matcher.aliases),
            std::mem::take(&mut matcher.checks),
        );
        drop(matcher);
        self.errors.extend(state.errors);
        if !self.errors.is_empty() {
            return TokenStream::new();
        }
        let matched: Vec<Matched> = state.matched.into_iter().flatten().collect();
        self.record_impls(&matched, &state.skipped, aliases, checks)
    }

    /// One struct field: skipped, or matched to its contract field (name, serde attributes,
    /// type), with an error for whatever does not fit.
    fn record_field(
        &self,
        field: &syn::Field,
        contract: &[LField],
        matcher: &mut Matcher<'_, '_>,
        state: &mut RecordMatch,
    ) {
        let member = attrs::member(&field.attrs, &mut state.errors);
        let ident = field.ident.as_ref().expect("named fields have idents");
        let rust_name = crate::codegen::rust::names::unraw(ident);
        if let Some(span) = member.skip {
            if !member.serde.skipped() {
                state.errors.push(syn::Error::new(span, format!(
                    "`{rust_name}` is kept out of the contract, so keep it out of the JSON too: add #[serde(skip)]"
                )));
            }
            state
                .skipped
                .push((ident.clone(), member.default.map(|d| d.value)));
            return;
        }
        let Some((index, names)) = self.contract_index(ident, &rust_name, &member, contract, state)
        else {
            return;
        };
        let lfield = &contract[index];
        let at = self.project.location(lfield.field.span);
        if names.1 != names.0 {
            state.errors.push(syn::Error::new(ident.span(), format!(
                "field `{rust_name}` is written as `{}` but read as `{}`; the contract field is `{}` ({at})", names.0, names.1, lfield.field.name
            )));
        }
        if state.claimed[index] {
            state.errors.push(syn::Error::new(
                ident.span(),
                format!(
                    "a second field for the contract field `{}` ({at})",
                    lfield.field.name
                ),
            ));
            return;
        }
        state.claimed[index] = true;
        serde_field_errors(&member, ident, &rust_name, lfield, &at, &mut state.errors);
        matcher.context = format!("field `{rust_name}` of {}", self.title());
        matcher.site = Some((
            self.def.name.to_string(),
            self.version.number,
            lfield.field.name.clone(),
        ));
        self.match_field_type(field, index, lfield, &member, matcher, state);
    }

    /// The index of the contract field a struct field is written as, and the names serde
    /// writes and reads it as; `None` (with the error) when no contract field has that name.
    fn contract_index(
        &self,
        ident: &syn::Ident,
        rust_name: &str,
        member: &Member,
        contract: &[LField],
        state: &mut RecordMatch,
    ) -> Option<(usize, (String, String))> {
        let rename_all = &self.container.serde.rename_all;
        let names = wire_names(
            &member.serde.rename,
            rename_all.ser,
            rename_all.de,
            rust_name,
            RenameRule::apply_to_field,
        );
        let index = contract.iter().position(|f| f.field.name == names.0);
        let renamed = contract.iter().position(|f| f.field.name == rust_name);
        if let (None, Some(index)) = (index, renamed) {
            state.claimed[index] = true;
            state.errors.push(syn::Error::new(ident.span(), format!(
                "serde writes `{rust_name}` as `{}` (a serde rename), but the contract field is `{rust_name}` ({}); remove the rename or make it `{rust_name}`",
                names.0, self.project.location(contract[index].field.span)
            )));
            return None;
        }
        let Some(index) = index else {
            let shown = if names.0 == rust_name {
                format!("`{rust_name}`")
            } else {
                format!("`{rust_name}` (JSON name `{}`)", names.0)
            };
            let known: Vec<&str> = contract.iter().map(|f| f.field.name.as_str()).collect();
            state.errors.push(syn::Error::new(ident.span(), format!(
                "field {shown} is not in {} ({}), whose fields are: {}; mark it #[accord(skip)] and #[serde(skip)] to keep it out of the contract",
                self.title(), self.project.location(self.version.span), known.join(", ")
            )));
            return None;
        };
        Some((index, names))
    }

    /// The field's Rust type against its contract field's: matched (and its serde format
    /// checked), or the type error.
    fn match_field_type(
        &self,
        field: &syn::Field,
        index: usize,
        lfield: &LField,
        member: &Member,
        matcher: &mut Matcher<'_, '_>,
        state: &mut RecordMatch,
    ) {
        let at = self.project.location(lfield.field.span);
        let ident = field.ident.as_ref().expect("named fields have idents");
        match matcher.matches(&field.ty, &lfield.field.ty, &lfield.lowered) {
            Ok(lowered) => {
                check_format(
                    member,
                    &lowered,
                    &lfield.field.ty,
                    &field.ty,
                    &at,
                    &lfield.field.name,
                    &mut state.errors,
                );
                state.order.push((index, ident.span()));
                state.matched[index] = Some(Matched {
                    member: syn::Member::Named(ident.clone()),
                    wire: lfield.field.name.clone(),
                    lowered,
                    span: field.ty.span(),
                });
            }
            Err(mismatch) => state.errors.push(type_error(
                &mismatch,
                &lfield.field.name,
                &lfield.field.ty,
                &self.title(),
                &at,
            )),
        }
    }

    /// An error for each contract field no struct field claims.
    fn missing_fields(&self, contract: &[LField], state: &mut RecordMatch) {
        let missing: Vec<String> = contract
            .iter()
            .zip(&state.claimed)
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
            state.errors.push(syn::Error::new(
                self.input.ident.span(),
                format!("missing field {message} of {}", self.title()),
            ));
        }
    }

    /// The Avro and contract impls of a checked record: each matched field encoded and decoded,
    /// each skipped one defaulted.
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
}

/// Errors for serde attributes that would make a contract field's JSON not the contract's.
fn serde_field_errors(
    member: &Member,
    ident: &syn::Ident,
    rust_name: &str,
    lfield: &LField,
    at: &str,
    errors: &mut Vec<syn::Error>,
) {
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
}
