//! Kafka topics in the Rust target (`docs/topics.md`): per topic a unit struct with the Kafka
//! name, the allowed key and value versions and their stamps, key bytes and their decoding, a
//! producer record (value in the single-object encoding, stamp headers), and an enum of the
//! allowed value versions whose `decode` accepts every one of them (by the single-object
//! fingerprint). A key of several versions gets an enum too, decoded by the `accord.key.*`
//! headers ([`crate::topic::KeyEncoding`] says how keys are written).

use super::code::tokens;
use super::docs::doc_lines;
use super::Generator;
use crate::codegen::ACCORD_VERSION;
use crate::ir::*;
use crate::topic::{key_encoding, KeyEncoding};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// How the generated code holds, writes and reads a topic's key.
struct KeyCode {
    /// What `key_bytes` and `record` borrow: `str`, a contract type, the key enum or `[u8]`.
    borrowed: TokenStream,
    /// What `decode_key` returns.
    owned: TokenStream,
    /// The allowed key versions (empty for a scalar or unversioned key).
    versions: Vec<u32>,
    /// Their stamps.
    stamps: Vec<TokenStream>,
    /// The body of `key_bytes(key)`.
    to_bytes: TokenStream,
    /// The body of `decode_key(bytes, headers)`.
    decode: TokenStream,
    /// The key's stamp, an `Option<&'static Stamp>` from `key`.
    stamp: TokenStream,
    /// The key enum and its impls, for a key of several versions.
    items: TokenStream,
    /// What the key bytes are, for the doc of `key_bytes`.
    doc: &'static str,
}

impl KeyCode {
    /// A `string` key: its UTF-8 bytes.
    fn string() -> KeyCode {
        KeyCode::unstamped(
            quote!(str),
            quote!(::std::string::String),
            quote!(::std::result::Result::Ok(key.as_bytes().to_vec())),
            quote! {
                let _ = headers;
                ::std::string::String::from_utf8(bytes.to_vec()).map_err(|e| {
                    ::accord::Error::new(format!("the key is not UTF-8 text: {e}"))
                })
            },
            key_doc(Some(KeyEncoding::Text)),
        )
    }

    /// A key without helpers: the bytes as given.
    fn bytes() -> KeyCode {
        KeyCode::unstamped(
            quote!([u8]),
            quote!(::std::vec::Vec<u8>),
            quote!(::std::result::Result::Ok(key.to_vec())),
            quote! {
                let _ = headers;
                ::std::result::Result::Ok(bytes.to_vec())
            },
            key_doc(None),
        )
    }

    fn unstamped(
        borrowed: TokenStream,
        owned: TokenStream,
        to_bytes: TokenStream,
        decode: TokenStream,
        doc: &'static str,
    ) -> KeyCode {
        KeyCode {
            borrowed,
            owned,
            versions: Vec::new(),
            stamps: Vec::new(),
            to_bytes,
            decode,
            stamp: quote!(::std::option::Option::None),
            items: TokenStream::new(),
            doc,
        }
    }

    /// A key of several versions: the key enum `ident` (its `items`).
    fn versions(ident: &Ident, encoding: KeyEncoding, items: TokenStream) -> KeyCode {
        KeyCode {
            borrowed: quote!(#ident),
            owned: quote!(#ident),
            versions: Vec::new(),
            stamps: Vec::new(),
            to_bytes: quote!(key.encode()),
            decode: quote!(#ident::decode(bytes, headers)),
            stamp: quote!(::std::option::Option::Some(key.stamp())),
            items,
            doc: key_doc(Some(encoding)),
        }
    }
}

/// The doc of `key_bytes`: what the key bytes are.
fn key_doc(encoding: Option<KeyEncoding>) -> &'static str {
    match encoding {
        Some(KeyEncoding::Text) => " The key bytes: the key's text in UTF-8.",
        Some(KeyEncoding::Datum) => {
            " The key bytes: the key's Avro binary datum (its version goes in the `accord.key.*` headers)."
        }
        None => " The key bytes, as given: accord has no helpers for this key type.",
    }
}

impl Generator<'_> {
    /// The topic items of a package.
    pub(super) fn topic_items(&self, package: &str) -> Vec<TokenStream> {
        self.model
            .topics_in(package)
            .filter_map(|def| self.topic_item(package, def))
            .collect()
    }

    /// A topic's struct, its value enum and its key items; `None` when a value type did not
    /// resolve (the checks report it).
    fn topic_item(&self, package: &str, def: &TopicDef) -> Option<TokenStream> {
        let (ident, value_ident, key_ident) = self.topic_idents.get(&def.name)?;
        let values = def.value.refs();
        if values.is_empty() || values.len() != def.value.types.len() {
            return None;
        }
        let topic = TopicItem {
            def,
            ident,
            value_ident,
            variants: values
                .iter()
                .map(|r| format_ident!("V{}", r.version))
                .collect(),
            paths: values
                .iter()
                .map(|r| tokens(&self.names.target(r).path(package)))
                .collect(),
            numbers: values.iter().map(|r| r.version).collect(),
            stamps: values.iter().map(|r| self.stamp(r)).collect(),
        };
        let key = self.key_code(package, def, ident, key_ident.as_ref());
        let topic_struct = topic.topic_struct(&key);
        let value_enum = topic.value_enum();
        let key_items = &key.items;
        Some(quote! {
            #topic_struct

            #value_enum

            #key_items
        })
    }

    /// The stamp of a type version, as a `Stamp` expression.
    fn stamp(&self, reference: &TypeRef) -> TokenStream {
        let contract = reference.name.to_string();
        let version = reference.version;
        let facts = self.input.facts_of(reference);
        let fingerprint = facts.map(|f| f.fingerprint_hex()).unwrap_or_default();
        let definition = facts.map(|f| f.definition.clone()).unwrap_or_default();
        quote!(::accord::topic::Stamp {
            contract: #contract,
            version: #version,
            fingerprint: #fingerprint,
            definition: #definition,
            accord_version: #ACCORD_VERSION,
        })
    }

    /// How a topic's key is generated: a `string`, one contract version, several (an enum), or
    /// bytes the caller encodes (keys without helpers).
    fn key_code(
        &self,
        package: &str,
        def: &TopicDef,
        topic: &Ident,
        key_ident: Option<&Ident>,
    ) -> KeyCode {
        let refs = def.key.refs();
        let versioned = refs
            .first()
            .is_some_and(|r| self.model.types.get(&r.name).is_some_and(|d| d.versioned));
        let stamped: Vec<&TypeRef> = refs.iter().copied().filter(|_| versioned).collect();
        let mut code = match (key_encoding(self.model, def), refs.as_slice(), key_ident) {
            (Some(KeyEncoding::Text), [], _) => KeyCode::string(),
            (Some(encoding), [reference], _) => {
                self.single_key(package, reference, encoding, versioned)
            }
            (Some(encoding), refs, Some(ident)) => {
                let items = self.key_enum(package, topic, ident, refs, encoding, &def.topic);
                KeyCode::versions(ident, encoding, items)
            }
            _ => KeyCode::bytes(),
        };
        code.versions = stamped.iter().map(|r| r.version).collect();
        code.stamps = stamped.iter().map(|r| self.stamp(r)).collect();
        code
    }

    /// The key of one contract version: the type itself; a versioned key checks the headers
    /// when they name a version.
    fn single_key(
        &self,
        package: &str,
        reference: &TypeRef,
        encoding: KeyEncoding,
        versioned: bool,
    ) -> KeyCode {
        let path = tokens(&self.names.target(reference).path(package));
        let check = match versioned {
            true => quote!(::accord::topic::key_version(Self::KEY_STAMPS, headers)?;),
            false => quote!(let _ = headers;),
        };
        let read = read_key(encoding, &path);
        KeyCode {
            to_bytes: write_key(encoding, quote!(key)),
            decode: quote!(#check #read),
            stamp: quote!(Self::KEY_STAMPS.first()),
            borrowed: path.clone(),
            owned: path,
            versions: Vec::new(),
            stamps: Vec::new(),
            items: TokenStream::new(),
            doc: key_doc(Some(encoding)),
        }
    }

    /// The enum of a key of several versions: one variant per version, its bytes, its stamp,
    /// and decoding by the `accord.key.*` headers.
    fn key_enum(
        &self,
        package: &str,
        topic: &Ident,
        ident: &Ident,
        refs: &[&TypeRef],
        encoding: KeyEncoding,
        kafka: &str,
    ) -> TokenStream {
        let variants: Vec<Ident> = refs
            .iter()
            .map(|r| format_ident!("V{}", r.version))
            .collect();
        let paths: Vec<TokenStream> = refs
            .iter()
            .map(|r| tokens(&self.names.target(r).path(package)))
            .collect();
        let writes: Vec<TokenStream> = variants
            .iter()
            .map(|_| write_key(encoding, quote!(k)))
            .collect();
        let reads: Vec<TokenStream> = paths.iter().map(|p| read_key(encoding, p)).collect();
        let indexes: Vec<proc_macro2::Literal> = (0..refs.len())
            .map(proc_macro2::Literal::usize_unsuffixed)
            .collect();
        let doc = format!(" A key allowed on `{kafka}`: one variant per allowed version.");
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #ident {
                #(
                    #[doc = " This version."]
                    #variants(#paths),
                )*
            }

            impl #ident {
                /// The key bytes of this version.
                pub fn encode(&self) -> ::accord::Result<::std::vec::Vec<u8>> {
                    match self {
                        #(#ident::#variants(k) => { #writes })*
                    }
                }

                /// The stamp of the key's version (its `accord.key.*` headers).
                pub fn stamp(&self) -> &'static ::accord::topic::Stamp {
                    match self {
                        #(#ident::#variants(_) => &#topic::KEY_STAMPS[#indexes],)*
                    }
                }

                /// Reads key bytes of the version the `accord.key.*` headers name.
                pub fn decode<K: ::std::convert::AsRef<str>, V: ::std::convert::AsRef<[u8]>>(
                    bytes: &[u8],
                    headers: &[(K, V)],
                ) -> ::accord::Result<Self> {
                    match ::accord::topic::key_version(#topic::KEY_STAMPS, headers)? {
                        #(#indexes => #reads.map(#ident::#variants),)*
                        other => ::std::result::Result::Err(::accord::Error::new(format!("no key version at index {other}"))),
                    }
                }
            }

            #(
                impl ::std::convert::From<#paths> for #ident {
                    fn from(key: #paths) -> Self {
                        #ident::#variants(key)
                    }
                }
            )*
        }
    }
}

/// The key bytes of `key` (a contract value): its Avro datum, or the text of it.
fn write_key(encoding: KeyEncoding, key: TokenStream) -> TokenStream {
    match encoding {
        KeyEncoding::Datum => quote!(::accord::Contract::to_avro_datum(#key)),
        KeyEncoding::Text => {
            quote!(::accord::topic::text_key(&::accord::Contract::to_avro_datum(#key)?))
        }
    }
}

/// A `Result` of the contract type `path` read from `bytes`.
fn read_key(encoding: KeyEncoding, path: &TokenStream) -> TokenStream {
    match encoding {
        KeyEncoding::Datum => quote!(<#path as ::accord::Contract>::from_avro_datum(bytes)),
        KeyEncoding::Text => quote!(<#path as ::accord::Contract>::from_avro_datum(
            &::accord::topic::text_key_datum(bytes)?
        )),
    }
}

/// A topic being generated: its declaration, its struct and value enum, and per allowed value
/// version its variant, type path, number and stamp.
struct TopicItem<'a> {
    def: &'a TopicDef,
    ident: &'a Ident,
    value_ident: &'a Ident,
    variants: Vec<Ident>,
    paths: Vec<TokenStream>,
    numbers: Vec<u32>,
    stamps: Vec<TokenStream>,
}

impl TopicItem<'_> {
    /// The topic's unit struct: its names, versions and stamps, key bytes, records and decoding.
    fn topic_struct(&self, key: &KeyCode) -> TokenStream {
        let TopicItem {
            def,
            ident,
            value_ident,
            numbers,
            stamps,
            ..
        } = self;
        let name = &def.topic;
        let full = def.name.to_string();
        let KeyCode {
            versions: key_versions,
            stamps: key_stamps,
            stamp: key_stamp,
            borrowed,
            ..
        } = key;
        let key_methods = key_methods(key);
        let mut doc = doc_lines(def.doc.as_deref());
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(format!(" The Kafka topic `{name}` (`{full}`)."));
        let decode_doc =
            format!(" Decodes a value of any allowed version (see [`{value_ident}::decode`]).");
        quote! {
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
                /// The key versions allowed on the topic (empty unless the key is a versioned type).
                pub const KEY_VERSIONS: &'static [u32] = &[#(#key_versions),*];
                /// The stamps of the allowed key versions (the `accord.key.*` headers), in the same order.
                pub const KEY_STAMPS: &'static [::accord::topic::Stamp] = &[#(#key_stamps),*];

                #key_methods

                /// What a producer sends: key bytes, the value in the single-object encoding, the
                /// stamp headers of the value's version and, for a versioned key, the key's.
                pub fn record(
                    key: &#borrowed,
                    value: impl ::std::convert::Into<#value_ident>,
                ) -> ::accord::Result<::accord::topic::Record> {
                    let value = value.into();
                    ::std::result::Result::Ok(::accord::topic::Record {
                        key: Self::key_bytes(key)?,
                        value: value.encode()?,
                        headers: ::accord::topic::headers(
                            Self::TOPIC,
                            value.stamp(),
                            #key_stamp,
                        ),
                    })
                }

                #[doc = #decode_doc]
                pub fn decode_value(bytes: &[u8]) -> ::accord::Result<#value_ident> {
                    #value_ident::decode(bytes)
                }
            }
        }
    }

    /// The enum of the allowed value versions, decoded by fingerprint, with a `From` per version.
    fn value_enum(&self) -> TokenStream {
        let TopicItem {
            def,
            ident,
            value_ident,
            variants,
            paths,
            ..
        } = self;
        let name = &def.topic;
        let indexes = 0..variants.len();
        let value_doc = format!(" A value allowed on `{name}`: one variant per allowed version.");
        let not_allowed = format!("is not a version allowed on `{name}`");
        quote! {
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
        }
    }
}

/// `key_bytes` and `decode_key` of a topic struct.
fn key_methods(key: &KeyCode) -> TokenStream {
    let KeyCode {
        borrowed,
        owned,
        to_bytes,
        decode,
        doc: key_doc,
        ..
    } = key;
    quote! {
        #[doc = #key_doc]
        pub fn key_bytes(key: &#borrowed) -> ::accord::Result<::std::vec::Vec<u8>> {
            #to_bytes
        }

        /// Reads key bytes; for a versioned key, the `accord.key.*` headers pick the
        /// version (required when the topic allows several).
        pub fn decode_key<K: ::std::convert::AsRef<str>, V: ::std::convert::AsRef<[u8]>>(
            bytes: &[u8],
            headers: &[(K, V)],
        ) -> ::accord::Result<#owned> {
            #decode
        }
    }
}
