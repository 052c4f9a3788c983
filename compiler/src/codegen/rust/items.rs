//! Items of the Rust target: one struct or enum per type version, union enums, their Avro and
//! Contract impls, the package files and the module tree.

use super::json::{enum_impls, record_impls, Absent, JsonField};
use super::lower::{Lowered, UnionDef};
use super::{lit, Body, Generator, LField, ROOT_FILE};
use crate::codegen::{json_schema, type_ref, GeneratedFile, ACCORD_VERSION};
use crate::ir::*;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// `#[doc = "..."]` lines for a doc comment and annotations. Triple backticks and tildes are
/// escaped and lines are trimmed, so no contract text becomes a doctest.
fn doc_attrs(doc: Option<&str>, notes: &[String]) -> TokenStream {
    let mut lines: Vec<String> = doc
        .map(|d| {
            d.lines()
                .map(|l| format!(" {}", escape_doc(l.trim())))
                .collect()
        })
        .unwrap_or_default();
    if !notes.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(notes.iter().map(|n| format!(" {n}")));
    }
    quote!(#(#[doc = #lines])*)
}

fn escape_doc(line: &str) -> String {
    line.replace('`', "\\`").replace('~', "\\~")
}

/// What the annotations say, for docs.
fn annotation_notes(annotations: &Annotations) -> Vec<String> {
    let mut notes = Vec::new();
    if annotations.key {
        notes.push("Key field.".to_owned());
    }
    if let Some(r) = &annotations.reference {
        notes.push(format!(
            "References {}@{}.{}.",
            r.target.name, r.target.version, r.field
        ));
    }
    if let Some(unit) = &annotations.unit {
        notes.push(format!("Unit: {unit}."));
    }
    if let Some(class) = &annotations.classification {
        notes.push(format!("Classification: {class}."));
    }
    if !annotations.renamed_from.is_empty() {
        notes.push(format!(
            "Formerly: {}.",
            annotations.renamed_from.join(", ")
        ));
    }
    notes
}

fn deprecated_attr(annotations: &Annotations) -> TokenStream {
    match &annotations.deprecated {
        Some(Some(reason)) => quote!(#[deprecated(note = #reason)]),
        Some(None) => quote!(#[deprecated]),
        None => TokenStream::new(),
    }
}

/// `serialize_with` / `deserialize_with` for a JSON format marker.
fn format_attrs(format: Option<TokenStream>) -> Option<TokenStream> {
    let format = format?;
    let ser = quote!(::accord::json::As::<#format>::serialize)
        .to_string()
        .replace(' ', "");
    let de = quote!(::accord::json::As::<#format>::deserialize)
        .to_string()
        .replace(' ', "");
    Some(quote!(serialize_with = #ser, deserialize_with = #de))
}

const DERIVE_SERDE: &str = "::accord::serde";

impl Generator<'_> {
    /// Every file: the module tree and one file per package.
    pub(super) fn files(&self) -> Vec<GeneratedFile> {
        let mut packages: BTreeMap<&str, Vec<&TypeDef>> = BTreeMap::new();
        for def in self.model.types.values() {
            packages
                .entry(def.name.package.as_str())
                .or_default()
                .push(def);
        }
        for name in self.model.layouts.keys().chain(self.model.topics.keys()) {
            packages.entry(name.package.as_str()).or_default();
        }
        let mut files = vec![self.root_file(&packages)];
        for (package, defs) in &packages {
            files.push(self.package_file(package, defs));
        }
        files
    }

    fn package_file(&self, package: &str, defs: &[&TypeDef]) -> GeneratedFile {
        let mut items = Vec::new();
        for def in defs {
            for version in &def.versions {
                items.push(self.type_item(def, version));
            }
            if def.versioned {
                let alias = &self.names.aliases[&def.name];
                let latest = &self.names.types[&type_ref(def, def.latest())];
                let doc = format!(" The latest version of `{}`.", def.name);
                items.push(quote!(#[doc = #doc] pub type #alias = #latest;));
            }
        }
        items.extend(self.migration_items(package, defs));
        for union in self.unions.get(package).into_iter().flatten() {
            items.push(self.union_item(package, union));
        }
        items.extend(self.layout_items(package, &self.layouts));
        items.extend(self.topic_items(package));
        for error in self.errors.get(package).into_iter().flatten() {
            items.push(quote!(::core::compile_error!(#error);));
        }
        let mut sources: Vec<&str> = defs.iter().map(|d| self.input.source_name(d)).collect();
        sources.extend(
            self.model
                .layouts
                .values()
                .filter(|d| d.name.package == package)
                .map(|d| self.input.layout_source_name(d)),
        );
        sources.extend(
            self.model
                .topics
                .values()
                .filter(|d| d.name.package == package)
                .map(|d| self.input.topic_source_name(d)),
        );
        sources.sort_unstable();
        sources.dedup();
        let header = format!(
            "// @generated by accord {ACCORD_VERSION} from {} (package {package}). Do not edit.\n",
            sources.join(", ")
        );
        let path = format!("{}.rs", crate::codegen::package_dir(package));
        GeneratedFile::new(path, format_file(&header, quote!(#(#items)*)))
    }

    fn type_item(&self, def: &TypeDef, version: &TypeVersion) -> TokenStream {
        let reference = type_ref(def, version);
        let ident = &self.names.types[&reference];
        let package = def.name.package.as_str();
        let mut notes = annotation_notes(&def.annotations);
        notes.insert(
            0,
            format!(
                "`{}@{}`, from `{}`.",
                def.name,
                version.number,
                self.input.source_name(def)
            ),
        );
        let docs = doc_attrs(def.doc_of(version), &notes);
        let deprecated = deprecated_attr(&def.annotations);
        let item = match &self.bodies[&reference] {
            Body::Record(fields) => self.record(package, ident, fields),
            Body::Enum(symbols) => self.enumeration(ident, version, symbols),
            Body::Fixed(size, decimal) => fixed(ident, *size, *decimal),
            Body::Newtype(lowered, _) => newtype(package, ident, lowered),
        };
        let contract = self.contract_impl(def, &reference, ident);
        quote! {
            #docs
            #deprecated
            #item
            #contract
        }
    }

    fn record(&self, package: &str, ident: &Ident, fields: &[LField]) -> TokenStream {
        let mut defaults = Vec::new();
        let mut json = Vec::new();
        let members = fields
            .iter()
            .map(|f| {
                let absent = match &f.field.default {
                    None => Absent::Missing,
                    Some(default) if is_plain_default(&f.lowered, default) => Absent::Default,
                    Some(default) => {
                        let function = quote::format_ident!(
                            "accord_default_{}",
                            super::names::unraw(&f.ident)
                        );
                        let ty = f.lowered.rust_type(package);
                        let expr = self.default_expr(package, &f.lowered, &f.field.ty, default);
                        defaults.push(quote!(fn #function() -> #ty { #expr }));
                        Absent::Function(function)
                    }
                };
                json.push(JsonField {
                    ident: &f.ident,
                    wire: &f.field.name,
                    format: f.lowered.format(),
                    absent,
                });
                let docs = doc_attrs(
                    f.field.doc.as_deref(),
                    &annotation_notes(&f.field.annotations),
                );
                let deprecated = deprecated_attr(&f.field.annotations);
                let (name, ty) = (&f.ident, f.lowered.rust_type(package));
                quote!(#docs #deprecated pub #name: #ty)
            })
            .collect::<Vec<_>>();
        let serde = record_impls(ident, &json);
        let encode = fields.iter().map(|f| {
            let (name, wire) = (&f.ident, &f.field.name);
            f.lowered.encode_field(quote!(&self.#name), wire)
        });
        let decode = fields.iter().map(|f| {
            let (name, value) = (&f.ident, f.lowered.decode_field(&f.field.name));
            quote!(#name: #value)
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
        let defaults = (!defaults.is_empty()).then(|| quote!(impl #ident { #(#defaults)* }));
        quote! {
            #[derive(Debug, Clone, PartialEq)]
            pub struct #ident { #(#members,)* }
            #defaults
            #serde
            impl ::accord::avro::AvroEncode for #ident {
                fn avro_encode(&self, #out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()> {
                    #(#encode)*
                    ::std::result::Result::Ok(())
                }
            }
            impl ::accord::avro::AvroDecode for #ident {
                fn avro_decode(#reader: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self> {
                    ::std::result::Result::Ok(Self { #(#decode,)* })
                }
            }
        }
    }

    fn enumeration(
        &self,
        ident: &Ident,
        version: &TypeVersion,
        symbols: &[(String, Ident)],
    ) -> TokenStream {
        let Body_::Enum(e) = &version.body else {
            unreachable!("enum bodies come from enums")
        };
        let variants =
            symbols
                .iter()
                .zip(&e.symbols)
                .enumerate()
                .map(|(i, ((name, variant), symbol))| {
                    let docs = doc_attrs(symbol.doc.as_deref(), &[]);
                    let default =
                        (e.default.as_deref() == Some(name.as_str())).then(|| quote!(#[default]));
                    let index = lit(i as i64);
                    quote!(#docs #default #variant = #index)
                });
        let decode = symbols.iter().enumerate().map(|(i, (_, variant))| {
            let index = lit(i as i64);
            quote!(#index => ::std::result::Result::Ok(Self::#variant))
        });
        let derive_default = e.default.is_some().then(|| quote!(Default,));
        let count = symbols.len();
        let serde = enum_impls(ident, symbols);
        quote! {
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, #derive_default)]
            pub enum #ident { #(#variants,)* }
            #serde
            impl ::accord::avro::AvroEncode for #ident {
                fn avro_encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()> {
                    ::accord::avro::write_long(*self as i64, out);
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
        }
    }

    fn union_item(&self, package: &str, union: &UnionDef) -> TokenStream {
        let ident = &union.ident;
        let doc = format!(
            " The branches of a union (`{}`), in declaration order.",
            union.site
        );
        let variants = union.variants.iter().map(|v| {
            let (name, tag, ty) = (&v.ident, &v.tag, v.lowered.rust_type(package));
            let with = format_attrs(v.lowered.format()).map(|f| quote!(#[serde(#f)]));
            let doc = format!(" `{}`, wire branch {}.", v.ty, v.index);
            quote!(#[doc = #doc] #[serde(rename = #tag)] #name(#with #ty))
        });
        let encode = union.variants.iter().map(|v| {
            let (name, index) = (&v.ident, lit(v.index));
            let statement = v.lowered.encode(quote!(v));
            quote!(Self::#name(v) => { ::accord::avro::write_long(#index, out); #statement })
        });
        let decode = union.variants.iter().map(|v| {
            let (name, index) = (&v.ident, lit(v.index));
            let value = v.lowered.decode();
            quote!(#index => ::std::result::Result::Ok(Self::#name(#value)))
        });
        let branches = union.branches;
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, ::accord::serde::Serialize, ::accord::serde::Deserialize)]
            #[serde(crate = #DERIVE_SERDE)]
            pub enum #ident { #(#variants,)* }
            impl ::accord::avro::AvroUnion for #ident {
                fn avro_decode_branch(index: i64, r: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self> {
                    match index {
                        #(#decode,)*
                        i => ::std::result::Result::Err(::accord::avro::bad_branch(i, #branches)),
                    }
                }
            }
            impl ::accord::avro::AvroEncode for #ident {
                fn avro_encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()> {
                    match self { #(#encode)* }
                    ::std::result::Result::Ok(())
                }
            }
            impl ::accord::avro::AvroDecode for #ident {
                fn avro_decode(r: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self> {
                    let index = r.read_branch()?;
                    <Self as ::accord::avro::AvroUnion>::avro_decode_branch(index, r)
                }
            }
        }
    }

    fn contract_impl(&self, def: &TypeDef, reference: &TypeRef, ident: &Ident) -> TokenStream {
        let info = self.contract_info(def, reference);
        quote! {
            impl ::accord::Contract for #ident {
                const INFO: ::accord::ContractInfo = #info;
            }
        }
    }

    /// The `::accord::ContractInfo` of a type version: name, version, fingerprint, schemas.
    pub(crate) fn contract_info(&self, def: &TypeDef, reference: &TypeRef) -> TokenStream {
        let full_name = def.name.to_string();
        let version = lit(i64::from(reference.version));
        let facts = self.input.facts_of(reference);
        let crc = facts.map_or(0, |f| f.fingerprints.crc64);
        let fingerprint: TokenStream = format!("0x{crc:016x}").parse().expect("a hex literal");
        let avro = facts.map(|f| f.json.to_string()).unwrap_or_default();
        let comment = self
            .input
            .header(def, self.model.resolve(reference).expect("exists").1);
        let json = json_schema::schema(self.model, reference, &self.input.json_schema, &comment);
        let json = serde_json::to_string(&json).expect("schemas serialize");
        quote! {
            ::accord::ContractInfo {
                full_name: #full_name,
                version: #version,
                fingerprint: #fingerprint,
                avro_schema: #avro,
                json_schema: #json,
            }
        }
    }

    fn root_file(&self, packages: &BTreeMap<&str, Vec<&TypeDef>>) -> GeneratedFile {
        let mut tree = Node::default();
        for package in packages.keys() {
            let mut node = &mut tree;
            for segment in package.split('.') {
                node = node.children.entry(segment.to_owned()).or_default();
            }
            node.file = Some(format!("{}.rs", crate::codegen::package_dir(package)));
        }
        let modules = tree.tokens(true);
        let paths: Vec<TokenStream> = self
            .model
            .type_versions()
            .map(|(def, version)| {
                let target = self.names.target(&type_ref(def, version));
                root_path(&target.package, &target.ident)
            })
            .collect();
        let migrations = self.migration_root();
        let body = quote! {
            #modules
            #migrations
            /// Every type version generated here, for lookups by fingerprint.
            pub const CONTRACTS: &[::accord::ContractInfo] = &[#(<#paths as ::accord::Contract>::INFO),*];
            /// Calls `visitor` with every type version generated here.
            pub fn visit_contracts<V: ::accord::Visitor>(visitor: &mut V) {
                #(visitor.visit::<#paths>();)*
            }
            /// The type version whose CRC-64-AVRO fingerprint is `fingerprint`.
            pub fn find_by_fingerprint(fingerprint: u64) -> ::std::option::Option<&'static ::accord::ContractInfo> {
                ::accord::find_by_fingerprint(CONTRACTS, fingerprint)
            }
        };
        let header = format!(
            "// @generated by accord {ACCORD_VERSION} from the contracts of {} packages. Do not edit.\n",
            packages.len()
        );
        GeneratedFile::new(ROOT_FILE, format_file(&header, body))
    }
}

use crate::ir::Body as Body_;

/// The path to an item from the root module.
pub(super) fn root_path(package: &str, ident: &Ident) -> TokenStream {
    let segments = package.split('.').map(super::names::ident);
    quote!(#(#segments::)* #ident)
}

/// Whether `#[serde(default)]` (the Rust `Default`) gives the declared default.
fn is_plain_default(lowered: &Lowered, value: &Value) -> bool {
    match (lowered, value) {
        (
            Lowered::Optional { .. }
            | Lowered::Union { null: Some(_), .. }
            | Lowered::Scalar(Scalar::Null),
            Value::Null,
        ) => true,
        (Lowered::List(_), Value::List(items)) => items.is_empty(),
        (Lowered::Map(_), Value::Object(entries)) => entries.is_empty(),
        _ => false,
    }
}

fn fixed(ident: &Ident, size: u64, decimal: Option<Decimal>) -> TokenStream {
    let size_lit = lit(size as i64);
    if let Some(decimal) = decimal {
        let ty = super::lower::decimal_type(decimal);
        let (p, s) = (lit(decimal.precision as i64), lit(decimal.scale as i64));
        return quote! {
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, ::accord::serde::Serialize, ::accord::serde::Deserialize)]
            #[serde(crate = #DERIVE_SERDE, transparent)]
            pub struct #ident(pub #ty);
            impl ::accord::avro::AvroEncode for #ident {
                fn avro_encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()> {
                    ::accord::avro::write_decimal_fixed(&self.0, #size_lit, out)
                }
            }
            impl ::accord::avro::AvroDecode for #ident {
                fn avro_decode(r: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self> {
                    r.read_decimal_fixed::<#p, #s>(#size_lit).map(Self)
                }
            }
        };
    }
    let with = format_attrs(Some(quote!(::accord::json::Base64)));
    quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::accord::serde::Serialize, ::accord::serde::Deserialize)]
        #[serde(crate = #DERIVE_SERDE, transparent)]
        pub struct #ident(#[serde(#with)] pub [u8; #size_lit]);
        impl ::accord::avro::AvroEncode for #ident {
            fn avro_encode(&self, out: &mut ::std::vec::Vec<u8>) -> ::accord::Result<()> {
                out.extend_from_slice(&self.0);
                ::std::result::Result::Ok(())
            }
        }
        impl ::accord::avro::AvroDecode for #ident {
            fn avro_decode(r: &mut ::accord::avro::Reader<'_>) -> ::accord::Result<Self> {
                r.read_fixed::<#size_lit>().map(Self)
            }
        }
    }
}

fn newtype(package: &str, ident: &Ident, lowered: &Lowered) -> TokenStream {
    let ty = lowered.rust_type(package);
    let with = format_attrs(lowered.format()).map(|f| quote!(#[serde(#f)]));
    let statement = lowered.encode(quote!(v));
    let value = lowered.decode();
    quote! {
        #[derive(Debug, Clone, PartialEq, ::accord::serde::Serialize, ::accord::serde::Deserialize)]
        #[serde(crate = #DERIVE_SERDE, transparent)]
        pub struct #ident(#with pub #ty);
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
    }
}

/// A node of the module tree: a package file to include, and sub-packages.
#[derive(Default)]
struct Node {
    file: Option<String>,
    children: BTreeMap<String, Node>,
}

/// Lints the generated items allow: names are kept as contracts spell them, and unions and
/// deprecated fields are generated as declared.
fn module_allows() -> TokenStream {
    quote!(#[allow(
        non_camel_case_types,
        non_snake_case,
        deprecated,
        clippy::large_enum_variant,
        clippy::needless_question_mark,
        clippy::enum_variant_names,
        clippy::upper_case_acronyms,
        clippy::module_inception
    )])
}

impl Node {
    /// The modules; lint allowances go on the top ones (nested modules inherit them).
    fn tokens(&self, top: bool) -> TokenStream {
        let include = self.file.as_ref().map(|f| quote!(include!(#f);));
        let children = self.children.iter().map(|(name, node)| {
            let ident = super::names::ident(name);
            let inner = node.tokens(false);
            let allows = top.then(module_allows);
            let doc = format!(" Package segment `{name}`.");
            quote!(#[doc = #doc] #allows pub mod #ident { #inner })
        });
        quote!(#include #(#children)*)
    }
}

/// Pretty-prints items (prettyplease) after the header comment, every function `#[inline]`.
pub(super) fn format_file(header: &str, tokens: TokenStream) -> String {
    let mut file: syn::File = syn::parse2(tokens).expect("generated Rust parses");
    inline_functions(&mut file.items);
    format!("{header}\n{}", prettyplease::unparse(&file))
}

/// Marks every function of `items` (free functions and the methods of impls, in nested modules
/// too) `#[inline]`. A non-generic function is then not code-generated in the generated crate
/// itself but in the crates that call it, and only there: a crate of 1,000 type versions
/// compiles to metadata and MIR, and its users pay code generation for what they use
/// (`docs/rust.md`, Performance).
fn inline_functions(items: &mut [syn::Item]) {
    let inline: syn::Attribute = syn::parse_quote!(#[inline]);
    let add = |attrs: &mut Vec<syn::Attribute>| {
        if !attrs.iter().any(|a| a.path().is_ident("inline")) {
            attrs.push(inline.clone());
        }
    };
    for item in items {
        match item {
            syn::Item::Fn(function) => add(&mut function.attrs),
            syn::Item::Impl(block) => {
                for member in &mut block.items {
                    if let syn::ImplItem::Fn(function) = member {
                        add(&mut function.attrs);
                    }
                }
            }
            syn::Item::Mod(module) => {
                if let Some((_, items)) = &mut module.content {
                    inline_functions(items);
                }
            }
            _ => {}
        }
    }
}
