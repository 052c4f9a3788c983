//! Kafka topics in the Rust target (`docs/topics.md`): per topic a unit struct with the Kafka
//! name, the allowed versions and their stamps, key bytes and a producer record (value in the
//! single-object encoding, stamp headers), and an enum of the allowed value versions whose
//! `decode` accepts every one of them (by the single-object fingerprint).

use super::Generator;
use crate::codegen::manifest::fingerprints;
use crate::codegen::ACCORD_VERSION;
use crate::ir::*;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

impl Generator<'_> {
    /// The topic items of a package.
    pub(super) fn topic_items(&self, package: &str) -> Vec<TokenStream> {
        let releases = crate::lock::releases(self.model);
        let mut items = Vec::new();
        for def in self.model.topics.values() {
            if def.name.package != package {
                continue;
            }
            let Some((ident, value_ident)) = self.topic_idents.get(&def.name) else {
                continue;
            };
            let values = def.value.refs();
            if values.is_empty() || values.len() != def.value.types.len() {
                continue;
            }
            let stamp = |reference: &TypeRef| {
                let contract = reference.name.to_string();
                let version = reference.version;
                let fingerprint = format!("{:016x}", fingerprints(self.input, reference).crc64);
                let definition = releases
                    .get(&(contract.clone(), version))
                    .map(|r| r.definition.clone())
                    .unwrap_or_default();
                quote!(::accord::topic::Stamp {
                    contract: #contract,
                    version: #version,
                    fingerprint: #fingerprint,
                    definition: #definition,
                    accord_version: #ACCORD_VERSION,
                })
            };
            let variants: Vec<Ident> = values
                .iter()
                .map(|r| format_ident!("V{}", r.version))
                .collect();
            let paths: Vec<TokenStream> = values
                .iter()
                .map(|r| self.names.target(r).path(package))
                .collect();
            let numbers: Vec<u32> = values.iter().map(|r| r.version).collect();
            let stamps: Vec<TokenStream> = values.iter().map(|r| stamp(r)).collect();
            let indexes = 0..values.len();
            let name = &def.topic;
            let full = def.name.to_string();
            // The key: a string (UTF-8) or one contract version (its Avro datum).
            let (key_ty, key_bytes, key_stamp) = match def.key.types.as_slice() {
                [Type::Scalar(Scalar::String)] => (
                    quote!(str),
                    quote!(::std::result::Result::Ok(key.as_bytes().to_vec())),
                    quote!(::std::option::Option::None),
                ),
                [Type::Named(reference)] => {
                    let path = self.names.target(reference).path(package);
                    let versioned = self
                        .model
                        .types
                        .get(&reference.name)
                        .is_some_and(|d| d.versioned);
                    let key_stamp = if versioned {
                        let s = stamp(reference);
                        quote!(::std::option::Option::Some(#s))
                    } else {
                        quote!(::std::option::Option::None)
                    };
                    (
                        path,
                        quote!(::accord::Contract::to_avro_datum(key)),
                        key_stamp,
                    )
                }
                _ => continue,
            };
            let mut doc: Vec<String> = def
                .doc
                .iter()
                .flat_map(|d| d.lines())
                .map(|l| format!(" {}", l.trim().replace('`', "\\`")))
                .collect();
            if !doc.is_empty() {
                doc.push(String::new());
            }
            doc.push(format!(" The Kafka topic `{name}` (`{full}`)."));
            let value_doc =
                format!(" A value allowed on `{name}`: one variant per allowed version.");
            let not_allowed = format!("is not a version allowed on `{name}`");
            items.push(quote! {
                #(#[doc = #doc])*
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub struct #ident;

                impl #ident {
                    /// The Kafka topic.
                    pub const NAME: &'static str = #name;
                    /// The declaration's full name (the `accord.topic` header).
                    pub const TOPIC: &'static str = #full;
                    /// The value versions allowed on the topic.
                    pub const VALUE_VERSIONS: &'static [u32] = &[#(#numbers),*];
                    /// The stamps of the allowed value versions, in the same order.
                    pub const VALUE_STAMPS: &'static [::accord::topic::Stamp] = &[#(#stamps),*];
                    /// The key's stamp, for a key of a versioned type (the `accord.key.*` headers).
                    pub const KEY_STAMP: ::std::option::Option<::accord::topic::Stamp> = #key_stamp;

                    /// The key bytes: UTF-8 for a `string` key, else the key's Avro datum.
                    pub fn key_bytes(key: &#key_ty) -> ::accord::Result<::std::vec::Vec<u8>> {
                        #key_bytes
                    }

                    /// What a producer sends: key bytes, the value in the single-object encoding and
                    /// the stamp headers of the value's version.
                    pub fn record(
                        key: &#key_ty,
                        value: impl ::std::convert::Into<#value_ident>,
                    ) -> ::accord::Result<::accord::topic::Record> {
                        let value = value.into();
                        ::std::result::Result::Ok(::accord::topic::Record {
                            key: Self::key_bytes(key)?,
                            value: value.encode()?,
                            headers: ::accord::topic::headers(
                                Self::TOPIC,
                                value.stamp(),
                                Self::KEY_STAMP.as_ref(),
                            ),
                        })
                    }

                    /// Decodes a value of any allowed version (see [`#value_ident::decode`]).
                    pub fn decode_value(bytes: &[u8]) -> ::accord::Result<#value_ident> {
                        #value_ident::decode(bytes)
                    }
                }

                #[doc = #value_doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #value_ident {
                    #(
                        #[doc = " This version."]
                        #variants(#paths),
                    )*
                }

                impl #value_ident {
                    /// Reads a single-object encoding of any allowed version, by its fingerprint.
                    pub fn decode(bytes: &[u8]) -> ::accord::Result<Self> {
                        let (fingerprint, _) = ::accord::avro::split_single_object(bytes)?;
                        #(
                            if fingerprint == <#paths as ::accord::Contract>::INFO.fingerprint {
                                return ::std::result::Result::Ok(
                                    #value_ident::#variants(::accord::Contract::from_single_object(bytes)?),
                                );
                            }
                        )*
                        ::std::result::Result::Err(::accord::Error::new(format!(
                            "fingerprint {fingerprint:016x} {}", #not_allowed
                        )))
                    }

                    /// The single-object encoding of the value.
                    pub fn encode(&self) -> ::accord::Result<::std::vec::Vec<u8>> {
                        match self {
                            #(#value_ident::#variants(v) => ::accord::Contract::to_single_object(v),)*
                        }
                    }

                    /// The stamp of the value's version.
                    pub fn stamp(&self) -> &'static ::accord::topic::Stamp {
                        match self {
                            #(#value_ident::#variants(_) => &#ident::VALUE_STAMPS[#indexes],)*
                        }
                    }
                }

                #(
                    impl ::std::convert::From<#paths> for #value_ident {
                        fn from(value: #paths) -> Self {
                            #value_ident::#variants(value)
                        }
                    }
                )*
            });
        }
        items
    }
}
