//! Hand-written `serde` impls of generated records and enums. They call the generic helpers of
//! `accord::json` (field lookup, duplicates, absent fields, symbols), so each type carries only
//! its field list and one line per field, where `#[derive(Serialize, Deserialize)]` expanded a
//! field enum, two visitors and a wrapper type per formatted field for every type.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// What an absent field of a record reads as.
pub(super) enum Absent {
    /// An error, or `None` for an `Option` read by its own `Deserialize`.
    Missing,
    /// `Default::default()`.
    Default,
    /// The value of this function of the record type.
    Function(Ident),
}

/// A record field as its serde impls see it.
pub(super) struct JsonField<'a> {
    pub ident: &'a Ident,
    pub wire: &'a str,
    /// The Rust type of the field (the type of its slot while reading).
    pub ty: TokenStream,
    /// The `accord::json` format marker, when serde's own impl is not the encoding.
    pub format: Option<TokenStream>,
    pub absent: Absent,
}

/// `Serialize` and `Deserialize` for record `ident`: an object of its fields in order; unknown
/// fields are skipped, absent ones take their defaults.
pub(super) fn record_impls(ident: &Ident, fields: &[JsonField]) -> TokenStream {
    let name = ident.to_string();
    let name = name.trim_start_matches("r#");
    let count = fields.len();
    let put = fields.iter().map(|f| {
        let (member, wire) = (f.ident, f.wire);
        match &f.format {
            Some(format) => quote!(__st.field_as::<#format, _>(#wire, &self.#member);),
            None => quote!(__st.field(#wire, &self.#member);),
        }
    });
    let wires: Vec<&str> = fields.iter().map(|f| f.wire).collect();
    let slots: Vec<Ident> = (0..count).map(|i| format_ident!("__f{}", i)).collect();
    let take = fields.iter().zip(&slots).enumerate().map(|(i, (f, slot))| {
        let (index, wire) = (super::lit(i as i64), f.wire);
        match &f.format {
            Some(format) => quote!(#index => ::accord::json::take_as::<#format, _, _>(&mut __map, &mut #slot, #wire)),
            None => quote!(#index => ::accord::json::take(&mut __map, &mut #slot, #wire)),
        }
    });
    let build = fields.iter().zip(&slots).map(|(f, slot)| {
        let (member, wire) = (f.ident, f.wire);
        let value = match (&f.absent, &f.format) {
            (Absent::Default, _) => quote!(#slot.unwrap_or_default()),
            (Absent::Function(function), _) => quote!(#slot.unwrap_or_else(#ident::#function)),
            (Absent::Missing, Some(_)) => quote!(::accord::json::required(#slot, #wire)?),
            (Absent::Missing, None) => quote!(::accord::json::missing(#slot, #wire)?),
        };
        quote!(#member: #value)
    });
    let st = if fields.is_empty() {
        quote!(__st)
    } else {
        quote!(mut __st)
    };
    // An empty record only skips (a `match` with one arm is a clippy lint).
    let read = if fields.is_empty() {
        quote!(let _ = __i; ::accord::json::skip(&mut __map)?;)
    } else {
        quote!(match __i {
            #(#take,)*
            _ => ::accord::json::skip(&mut __map),
        }?;)
    };
    let types = fields.iter().map(|f| &f.ty);
    let expecting = format!("record {name}");
    quote! {
        impl ::accord::serde::Serialize for #ident {
            fn serialize<__S: ::accord::serde::Serializer>(&self, __s: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                let #st = ::accord::json::fields(__s, #name, #count);
                #(#put)*
                __st.end()
            }
        }
        impl<'de> ::accord::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::accord::serde::Deserializer<'de>>(__d: __D) -> ::std::result::Result<Self, __D::Error> {
                const FIELDS: &[&str] = &[#(#wires),*];
                struct __Visitor;
                impl<'de> ::accord::serde::de::Visitor<'de> for __Visitor {
                    type Value = #ident;
                    fn expecting(&self, __f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        __f.write_str(#expecting)
                    }
                    fn visit_map<__A: ::accord::serde::de::MapAccess<'de>>(self, mut __map: __A) -> ::std::result::Result<#ident, __A::Error> {
                        #(let mut #slots: ::std::option::Option<#types> = ::std::option::Option::None;)*
                        while let ::std::option::Option::Some(__i) = ::accord::json::next_field(&mut __map, FIELDS)? {
                            #read
                        }
                        ::std::result::Result::Ok(#ident { #(#build,)* })
                    }
                }
                __d.deserialize_struct(#name, FIELDS, __Visitor)
            }
        }
    }
}

/// `Serialize` and `Deserialize` for enum `ident`: the symbol's name.
pub(super) fn enum_impls(ident: &Ident, symbols: &[(String, Ident)]) -> TokenStream {
    let name = ident.to_string();
    let name = name.trim_start_matches("r#");
    let names = symbols.iter().map(|(symbol, _)| symbol);
    let variants: Vec<&Ident> = symbols.iter().map(|(_, variant)| variant).collect();
    let arms = symbols
        .iter()
        .map(|(symbol, variant)| quote!(Self::#variant => #symbol));
    quote! {
        impl ::accord::serde::Serialize for #ident {
            fn serialize<__S: ::accord::serde::Serializer>(&self, __s: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                let __symbol = match self { #(#arms,)* };
                __s.serialize_unit_variant(#name, *self as u32, __symbol)
            }
        }
        impl<'de> ::accord::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::accord::serde::Deserializer<'de>>(__d: __D) -> ::std::result::Result<Self, __D::Error> {
                ::accord::json::symbol(__d, &[#(#names),*], &[#(Self::#variants),*])
            }
        }
    }
}
