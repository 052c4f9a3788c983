//! Enums of unit variants checked against an enum contract: each variant a symbol, by its JSON
//! name.

use super::*;
use crate::ir::EnumSymbol;

impl Cx<'_> {
    /// The impls of an enum deriving an enum contract, or nothing when a variant does not match
    /// (the errors say why).
    pub(super) fn enumeration(&mut self, data: &syn::DataEnum) -> TokenStream {
        let Body::Enum(contract) = &self.version.body else {
            return TokenStream::new();
        };
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
            if let Some(arm) = self.variant(variant, &contract.symbols, &mut found, &mut errors) {
                arms.push(arm);
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
        self.enum_impls(&arms, contract.symbols.len())
    }

    /// One variant matched to its symbol: the variant's path and the symbol's index, or `None`
    /// (with the error) for a variant with data, written and read differently, or no symbol.
    fn variant(
        &self,
        variant: &syn::Variant,
        symbols: &[EnumSymbol],
        found: &mut [bool],
        errors: &mut Vec<syn::Error>,
    ) -> Option<(TokenStream, TokenStream)> {
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
        let symbol = symbols.iter().position(|s| s.name == names.0);
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
            return None;
        }
        match symbol {
            Some(index) if names.1 == names.0 => {
                found[index] = true;
                let ident = &variant.ident;
                return Some((quote!(Self::#ident), lit(index as i64)));
            }
            Some(_) => errors.push(syn::Error::new(
                variant.ident.span(),
                format!(
                    "`{rust_name}` is written as `{}` but read as `{}`",
                    names.0, names.1
                ),
            )),
            None => {
                let known: Vec<&str> = symbols.iter().map(|s| s.name.as_str()).collect();
                let shown = if names.0 == rust_name {
                    format!("`{rust_name}`")
                } else {
                    format!("`{rust_name}` (JSON name `{}`)", names.0)
                };
                let at = self.project.location(self.version.span);
                errors.push(syn::Error::new(variant.ident.span(), format!(
                    "variant {shown} is not a symbol of {} ({at}), whose symbols are: {}; rename it with #[serde(rename = \"...\")] or #[serde(rename_all = \"...\")]",
                    self.title(), known.join(", ")
                )));
            }
        }
        None
    }

    /// The Avro and contract impls of a checked enum: each variant written as its symbol's index.
    fn enum_impls(&self, arms: &[(TokenStream, TokenStream)], count: usize) -> TokenStream {
        let ident = &self.input.ident;
        let encode = arms.iter().map(|(path, index)| quote!(#path => #index));
        let decode = arms
            .iter()
            .map(|(path, index)| quote!(#index => ::std::result::Result::Ok(#path)));
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
