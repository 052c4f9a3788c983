//! Kafka topics in the Rust target (`docs/topics.md`): per topic a unit struct with the Kafka
//! name, the allowed key and value versions and their stamps, key bytes and their decoding, a
//! producer record (value in the single-object encoding, stamp headers), and an enum of the
//! allowed value versions whose `decode` accepts every one of them (by the single-object
//! fingerprint). A key of several versions gets an enum too, decoded by the `accord.key.*`
//! headers ([`crate::topic::KeyEncoding`] says how keys are written).

use super::code::{list, string, Code};
use super::docs::doc_lines;
use super::Generator;
use crate::codegen::ACCORD_VERSION;
use crate::ir::*;
use crate::topic::{key_encoding, KeyEncoding};
use proc_macro2::Ident;

/// How the generated code holds, writes and reads a topic's key.
struct KeyCode {
    /// What `key_bytes` and `record` borrow: `str`, a contract type, the key enum or `[u8]`.
    borrowed: String,
    /// What `decode_key` returns.
    owned: String,
    /// The allowed key versions (empty for a scalar or unversioned key).
    versions: Vec<u32>,
    /// Their stamps.
    stamps: Vec<String>,
    /// The body of `key_bytes(key)`.
    to_bytes: String,
    /// The body of `decode_key(bytes, headers)`.
    decode: String,
    /// The key's stamp, an `Option<&'static Stamp>` from `key`.
    stamp: &'static str,
    /// The key enum and its impls, for a key of several versions.
    items: String,
    /// What the key bytes are, for the doc of `key_bytes`.
    doc: &'static str,
}

impl KeyCode {
    /// A `string` key: its UTF-8 bytes.
    fn string() -> KeyCode {
        KeyCode::unstamped(
            "str",
            "::std::string::String",
            "::std::result::Result::Ok(key.as_bytes().to_vec())",
            "let _ = headers;
            ::std::string::String::from_utf8(bytes.to_vec()).map_err(|e| {
            ::accord::Error::new(format!(\"the key is not UTF-8 text: {e}\"))
            })",
            key_doc(Some(KeyEncoding::Text)),
        )
    }

    /// A key without helpers: the bytes as given.
    fn bytes() -> KeyCode {
        KeyCode::unstamped(
            "[u8]",
            "::std::vec::Vec<u8>",
            "::std::result::Result::Ok(key.to_vec())",
            "let _ = headers;\n::std::result::Result::Ok(bytes.to_vec())",
            key_doc(None),
        )
    }

    fn unstamped(
        borrowed: &str,
        owned: &str,
        to_bytes: &str,
        decode: &str,
        doc: &'static str,
    ) -> KeyCode {
        KeyCode {
            borrowed: borrowed.to_owned(),
            owned: owned.to_owned(),
            versions: Vec::new(),
            stamps: Vec::new(),
            to_bytes: to_bytes.to_owned(),
            decode: decode.to_owned(),
            stamp: "::std::option::Option::None",
            items: String::new(),
            doc,
        }
    }

    /// A key of several versions: the key enum `ident` (its `items`).
    fn versions(ident: &Ident, encoding: KeyEncoding, items: String) -> KeyCode {
        KeyCode {
            borrowed: ident.to_string(),
            owned: ident.to_string(),
            versions: Vec::new(),
            stamps: Vec::new(),
            to_bytes: "key.encode()".to_owned(),
            decode: format!("{ident}::decode(bytes, headers)"),
            stamp: "::std::option::Option::Some(key.stamp())",
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
    /// Writes the topic items of a package.
    pub(super) fn topic_items(&self, code: &mut Code, package: &str) {
        for def in self.model.topics_in(package) {
            self.topic_item(code, package, def);
        }
    }

    /// Writes a topic's struct, its value enum and its key items; nothing when a value type
    /// did not resolve (the checks report it).
    fn topic_item(&self, code: &mut Code, package: &str, def: &TopicDef) -> Option<()> {
        let (ident, value_ident, key_ident) = self.topic_idents.get(&def.name)?;
        let values = def.value.refs();
        if values.is_empty() || values.len() != def.value.types.len() {
            return None;
        }
        let topic = TopicItem {
            def,
            ident,
            value_ident,
            versions: values
                .iter()
                .map(|r| (r.version, self.names.target(r).path(package)))
                .collect(),
            stamps: values.iter().map(|r| self.stamp(r)).collect(),
        };
        let key = self.key_code(package, def, ident, key_ident.as_ref());
        topic.topic_struct(code, &key);
        topic.value_enum(code);
        code.push(&key.items);
        Some(())
    }

    /// The stamp of a type version, as a `Stamp` expression.
    fn stamp(&self, reference: &TypeRef) -> String {
        let facts = self.input.facts_of(reference);
        let fingerprint = facts.map(|f| f.fingerprint_hex()).unwrap_or_default();
        let definition = facts.map(|f| f.definition.as_str()).unwrap_or_default();
        format!(
            "::accord::topic::Stamp {{
            contract: {},
            version: {},
            fingerprint: {},
            definition: {},
            accord_version: {},
            }}",
            string(&reference.name.to_string()),
            reference.version,
            string(&fingerprint),
            string(definition),
            string(ACCORD_VERSION)
        )
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
        let path = self.names.target(reference).path(package);
        let check = match versioned {
            true => "::accord::topic::key_version(Self::KEY_STAMPS, headers)?;",
            false => "let _ = headers;",
        };
        let read = read_key(encoding, &path);
        KeyCode {
            to_bytes: write_key(encoding, "key"),
            decode: format!("{check}\n{read}"),
            stamp: "Self::KEY_STAMPS.first()",
            borrowed: path.clone(),
            owned: path,
            versions: Vec::new(),
            stamps: Vec::new(),
            items: String::new(),
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
    ) -> String {
        let versions: Vec<(u32, String)> = refs
            .iter()
            .map(|r| (r.version, self.names.target(r).path(package)))
            .collect();
        let mut code = Code::new();
        code.doc(&format!(
            " A key allowed on `{kafka}`: one variant per allowed version."
        ));
        code.push(&format!(
            "#[derive(Debug, Clone, PartialEq)]\npub enum {ident} {{"
        ));
        for (n, path) in &versions {
            code.push(&format!("/// This version.\nV{n}({path}),"));
        }
        code.push(&format!(
            "}}
            impl {ident} {{
            /// The key bytes of this version.
            #[inline]
            pub fn encode(&self) -> ::accord::Result<::std::vec::Vec<u8>> {{
            match self {{"
        ));
        for (n, _) in &versions {
            code.push(&format!(
                "{ident}::V{n}(k) => {{\n{}\n}}",
                write_key(encoding, "k")
            ));
        }
        code.push(
            "}
            }
            /// The stamp of the key's version (its `accord.key.*` headers).
            #[inline]
            pub fn stamp(&self) -> &'static ::accord::topic::Stamp {
            match self {",
        );
        for (i, (n, _)) in versions.iter().enumerate() {
            code.push(&format!("{ident}::V{n}(_) => &{topic}::KEY_STAMPS[{i}],"));
        }
        code.push(&format!(
            "}}
            }}
            /// Reads key bytes of the version the `accord.key.*` headers name.
            #[inline]
            pub fn decode<K: ::std::convert::AsRef<str>, V: ::std::convert::AsRef<[u8]>>(
            bytes: &[u8],
            headers: &[(K, V)],
            ) -> ::accord::Result<Self> {{
            match ::accord::topic::key_version({topic}::KEY_STAMPS, headers)? {{"
        ));
        for (i, (n, path)) in versions.iter().enumerate() {
            code.push(&format!(
                "{i} => {}.map({ident}::V{n}),",
                read_key(encoding, path)
            ));
        }
        code.push(
            "other => ::std::result::Result::Err(::accord::Error::new(format!(\"no key version at index {other}\"))),
            }
            }
            }",
        );
        for (n, path) in &versions {
            code.push(&format!(
                "impl ::std::convert::From<{path}> for {ident} {{
                #[inline]
                fn from(key: {path}) -> Self {{
                {ident}::V{n}(key)
                }}
                }}"
            ));
        }
        code.finish()
    }
}

/// The key bytes of `key` (a contract value): its Avro datum, or the text of it.
fn write_key(encoding: KeyEncoding, key: &str) -> String {
    match encoding {
        KeyEncoding::Datum => format!("::accord::Contract::to_avro_datum({key})"),
        KeyEncoding::Text => {
            format!("::accord::topic::text_key(&::accord::Contract::to_avro_datum({key})?)")
        }
    }
}

/// A `Result` of the contract type `path` read from `bytes`.
fn read_key(encoding: KeyEncoding, path: &str) -> String {
    match encoding {
        KeyEncoding::Datum => format!("<{path} as ::accord::Contract>::from_avro_datum(bytes)"),
        KeyEncoding::Text => format!(
            "<{path} as ::accord::Contract>::from_avro_datum(&::accord::topic::text_key_datum(bytes)?)"
        ),
    }
}

/// A topic being generated: its declaration, its struct and value enum, and per allowed value
/// version its number and type path, and its stamp.
struct TopicItem<'a> {
    def: &'a TopicDef,
    ident: &'a Ident,
    value_ident: &'a Ident,
    versions: Vec<(u32, String)>,
    stamps: Vec<String>,
}

impl TopicItem<'_> {
    /// Writes the topic's unit struct: its names, versions and stamps, key bytes, records and
    /// decoding.
    fn topic_struct(&self, code: &mut Code, key: &KeyCode) {
        let TopicItem {
            def,
            ident,
            value_ident,
            versions,
            stamps,
        } = self;
        let full = def.name.to_string();
        let mut doc = doc_lines(def.doc.as_deref());
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(format!(" The Kafka topic `{}` (`{full}`).", def.topic));
        code.docs(&doc);
        code.push(&format!(
            "#[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct {ident};
            impl {ident} {{
            /// The Kafka topic.
            pub const NAME: &'static str = {};
            /// The declaration's full name (the `accord.topic` header).
            pub const TOPIC: &'static str = {};
            /// The value versions allowed on the topic.
            pub const VALUE_VERSIONS: &'static [u32] = &[{}];
            /// The stamps of the allowed value versions, in the same order.
            pub const VALUE_STAMPS: &'static [::accord::topic::Stamp] = &[{}];
            /// The key versions allowed on the topic (empty unless the key is a versioned type).
            pub const KEY_VERSIONS: &'static [u32] = &[{}];
            /// The stamps of the allowed key versions (the `accord.key.*` headers), in the same order.
            pub const KEY_STAMPS: &'static [::accord::topic::Stamp] = &[{}];",
            string(&def.topic),
            string(&full),
            list(versions.iter().map(|(n, _)| n)),
            stamp_list(stamps),
            list(&key.versions),
            stamp_list(&key.stamps)
        ));
        key_methods(code, key);
        code.push(&format!(
            "/// What a producer sends: key bytes, the value in the single-object encoding, the
            /// stamp headers of the value's version and, for a versioned key, the key's.
            #[inline]
            pub fn record(
            key: &{},
            value: impl ::std::convert::Into<{value_ident}>,
            ) -> ::accord::Result<::accord::topic::Record> {{
            let value = value.into();
            ::std::result::Result::Ok(::accord::topic::Record {{
            key: Self::key_bytes(key)?,
            value: value.encode()?,
            headers: ::accord::topic::headers(
            Self::TOPIC,
            value.stamp(),
            {},
            ),
            }})
            }}",
            key.borrowed, key.stamp
        ));
        code.doc(&format!(
            " Decodes a value of any allowed version (see [`{value_ident}::decode`])."
        ));
        code.push(&format!(
            "#[inline]
            pub fn decode_value(bytes: &[u8]) -> ::accord::Result<{value_ident}> {{
            {value_ident}::decode(bytes)
            }}
            }}"
        ));
    }

    /// Writes the enum of the allowed value versions, decoded by fingerprint, with a `From`
    /// per version.
    fn value_enum(&self, code: &mut Code) {
        let TopicItem {
            def,
            ident,
            value_ident,
            versions,
            ..
        } = self;
        let name = &def.topic;
        code.doc(&format!(
            " A value allowed on `{name}`: one variant per allowed version."
        ));
        code.push(&format!(
            "#[derive(Debug, Clone, PartialEq)]\npub enum {value_ident} {{"
        ));
        for (n, path) in versions {
            code.push(&format!("/// This version.\nV{n}({path}),"));
        }
        code.push(&format!(
            "}}
            impl {value_ident} {{
            /// Reads a single-object encoding of any allowed version, by its fingerprint.
            #[inline]
            pub fn decode(bytes: &[u8]) -> ::accord::Result<Self> {{
            let (fingerprint, _) = ::accord::avro::split_single_object(bytes)?;"
        ));
        for (n, path) in versions {
            code.push(&format!(
                "if fingerprint == <{path} as ::accord::Contract>::INFO.fingerprint {{
                return ::std::result::Result::Ok(
                {value_ident}::V{n}(::accord::Contract::from_single_object(bytes)?),
                );
                }}"
            ));
        }
        code.push(&format!(
            "::std::result::Result::Err(::accord::Error::new(format!(
            \"fingerprint {{fingerprint:016x}} {{}}\", {}
            )))
            }}
            /// The single-object encoding of the value.
            #[inline]
            pub fn encode(&self) -> ::accord::Result<::std::vec::Vec<u8>> {{
            match self {{",
            string(&format!("is not a version allowed on `{name}`"))
        ));
        for (n, _) in versions {
            code.push(&format!(
                "{value_ident}::V{n}(v) => ::accord::Contract::to_single_object(v),"
            ));
        }
        code.push(
            "}
            }
            /// The stamp of the value's version.
            #[inline]
            pub fn stamp(&self) -> &'static ::accord::topic::Stamp {
            match self {",
        );
        for (i, (n, _)) in versions.iter().enumerate() {
            code.push(&format!(
                "{value_ident}::V{n}(_) => &{ident}::VALUE_STAMPS[{i}],"
            ));
        }
        code.push("}\n}\n}");
        for (n, path) in versions {
            code.push(&format!(
                "impl ::std::convert::From<{path}> for {value_ident} {{
                #[inline]
                fn from(value: {path}) -> Self {{
                {value_ident}::V{n}(value)
                }}
                }}"
            ));
        }
    }
}

/// The elements of an array of stamps, one a line.
fn stamp_list(stamps: &[String]) -> String {
    match stamps.is_empty() {
        true => String::new(),
        false => format!("\n{},\n", stamps.join(",\n")),
    }
}

/// Writes `key_bytes` and `decode_key` of a topic struct.
fn key_methods(code: &mut Code, key: &KeyCode) {
    code.doc(key.doc);
    code.push(&format!(
        "#[inline]
        pub fn key_bytes(key: &{}) -> ::accord::Result<::std::vec::Vec<u8>> {{
        {}
        }}
        /// Reads key bytes; for a versioned key, the `accord.key.*` headers pick the
        /// version (required when the topic allows several).
        #[inline]
        pub fn decode_key<K: ::std::convert::AsRef<str>, V: ::std::convert::AsRef<[u8]>>(
        bytes: &[u8],
        headers: &[(K, V)],
        ) -> ::accord::Result<{}> {{
        {}
        }}",
        key.borrowed, key.to_bytes, key.owned, key.decode
    ));
}
