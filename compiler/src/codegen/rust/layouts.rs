//! Storage layouts in the Rust target (`docs/layouts.md`): per layout version a struct with one
//! typed field per segment, `path`/`parse`, and a partial struct (`Option` per segment) giving
//! the listing prefix and glob. The texts and the parser are `accord::path`, which mirrors the
//! reference (`crate::layout::template`).

use super::code::tokens;
use super::docs::doc_lines;
use super::{Body, Generator};
use crate::codegen::rust::names::{self, Scope};
use crate::ir::*;
use crate::layout::template::{Kind, Part, Segment, Template};
use crate::layout::{resolve, segment_type};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// How one segment is held, written and read.
struct Codec {
    ty: TokenStream,
    /// An expression of type `String` (may use `?`) from `v: &ty`.
    format: TokenStream,
    /// An expression of type `ty` (may use `?`) from `t: &str`.
    parse: TokenStream,
}

impl Generator<'_> {
    /// The layout items of a package.
    pub(super) fn layout_items(&self, package: &str, idents: &LayoutIdents) -> Vec<TokenStream> {
        let mut items = Vec::new();
        for def in self.model.layouts.values() {
            if def.name.package != package {
                continue;
            }
            for version in &def.versions {
                if let Some(item) = self.layout_item(package, def, version, idents) {
                    items.push(item);
                }
            }
        }
        items
    }

    /// The struct of one layout version and its partial struct, or `None` when the template
    /// does not resolve (the checks report it).
    fn layout_item(
        &self,
        package: &str,
        def: &LayoutDef,
        version: &LayoutVersion,
        idents: &LayoutIdents,
    ) -> Option<TokenStream> {
        let template = resolve(self.model, version)?;
        let (ident, partial) = idents.get(def, version)?;
        let fields = self.layout_fields(version)?;
        let steps = self.layout_steps(package, &template, &fields)?;
        let field_idents: Vec<&Ident> = fields.iter().map(|(_, f, _)| f).collect();
        let layout = def.name.to_string();
        let number = version.number;
        let text = &version.template;
        let format = &version.format;
        let mut doc = doc_lines(def.doc.as_deref());
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(format!(
            " `{layout}` version {number}: `{}`, storing {format} files.",
            template.describe()
        ));
        let LayoutSteps {
            members,
            format_steps,
            parse_steps,
            ..
        } = &steps;
        let partial_item = partial_item(ident, partial, &steps);
        let panics = PANICS;
        Some(quote! {
            #(#[doc = #doc])*
            #[derive(Debug, Clone, PartialEq)]
            pub struct #ident { #(#members,)* }

            impl #ident {
                /// The layout's full name.
                pub const LAYOUT: &'static str = #layout;
                /// The layout version.
                pub const VERSION: u32 = #number;
                /// The path template as written.
                pub const TEMPLATE: &'static str = #text;
                /// The file format.
                pub const FORMAT: &'static str = #format;

                /// The path of these values, or the error naming the segment that has no text.
                pub fn try_path(&self) -> ::accord::Result<::std::string::String> {
                    let mut out = ::std::string::String::new();
                    #(#format_steps)*
                    ::std::result::Result::Ok(out)
                }

                /// The path of these values.
                ///
                #(#[doc = #panics])*
                pub fn path(&self) -> ::std::string::String {
                    self.try_path().unwrap_or_else(|e| panic!("{e}"))
                }

                /// The values of a path; the error names the segment at fault (`Error::path`).
                pub fn parse(path: &str) -> ::accord::Result<Self> {
                    let mut p = ::accord::path::Parser::new(path);
                    #(#parse_steps)*
                    p.finish()?;
                    ::std::result::Result::Ok(#ident { #(#field_idents),* })
                }

                /// No segment known yet: set some, then take the `prefix` or `glob`.
                pub fn partial() -> #partial {
                    #partial::default()
                }
            }

            #partial_item
        })
    }

    /// Per segment of a layout version: its name, its Rust field and its type.
    fn layout_fields(&self, version: &LayoutVersion) -> Option<Vec<(String, Ident, Type)>> {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for part in &version.parts {
            let LayoutPart::Segment(segment) = part else {
                continue;
            };
            let ty = segment_type(self.model, version, segment)?;
            fields.push((
                segment.name.clone(),
                scope.claim(&names::snake(&segment.name)),
                ty,
            ));
        }
        Some(fields)
    }

    /// The members and the steps of every method, part by part of the template; `None` when a
    /// segment's type has no path codec.
    fn layout_steps(
        &self,
        package: &str,
        template: &Template,
        fields: &[(String, Ident, Type)],
    ) -> Option<LayoutSteps> {
        let mut steps = LayoutSteps::default();
        let mut fields = fields.iter();
        for part in &template.parts {
            match part {
                Part::Literal(text) => steps.literal(text),
                Part::Segment(segment) => {
                    let (name, field, ty) = fields.next()?;
                    let codec = self.codec(package, ty, &segment.kind, name)?;
                    steps.segment(segment, name, field, &codec);
                }
            }
        }
        Some(steps)
    }

    fn codec(&self, package: &str, ty: &Type, kind: &Kind, name: &str) -> Option<Codec> {
        Some(match ty {
            Type::Scalar(scalar) => {
                let (ty, format, parse) = match (scalar, kind) {
                    (Scalar::String, _) => (
                        quote!(::std::string::String),
                        quote!(::accord::path::escape(v)),
                        quote!(::accord::path::parse_string(#name, t)?),
                    ),
                    (Scalar::Int, Kind::Int { pad, .. }) => {
                        let pad = pad.unwrap_or(0);
                        (
                            quote!(i32),
                            quote!(::accord::path::format_int(i64::from(*v), #pad)),
                            quote!(::accord::path::parse_int(#name, t, #pad, false)? as i32),
                        )
                    }
                    (Scalar::Long, Kind::Int { pad, .. }) => {
                        let pad = pad.unwrap_or(0);
                        (
                            quote!(i64),
                            quote!(::accord::path::format_int(*v, #pad)),
                            quote!(::accord::path::parse_int(#name, t, #pad, true)?),
                        )
                    }
                    (Scalar::Uuid, _) => (
                        quote!(::accord::uuid::Uuid),
                        quote!(::accord::path::format_uuid(v)),
                        quote!(::accord::path::parse_uuid(#name, t)?),
                    ),
                    (Scalar::Date, _) => (
                        quote!(::accord::chrono::NaiveDate),
                        quote!(::accord::path::format_date(#name, *v)?),
                        quote!(::accord::path::parse_date(#name, t)?),
                    ),
                    (Scalar::Bool, _) => (
                        quote!(bool),
                        quote!(::accord::path::format_bool(*v)),
                        quote!(::accord::path::parse_bool(#name, t)?),
                    ),
                    _ => return None,
                };
                Codec { ty, format, parse }
            }
            Type::Named(reference) => {
                let path = tokens(&self.names.target(reference).path(package));
                match self.bodies.get(reference)? {
                    Body::Newtype(_, inner) => {
                        let inner = self.codec(package, inner, kind, name)?;
                        let (format, parse) = (inner.format, inner.parse);
                        Codec {
                            ty: path.clone(),
                            format: quote!({ let v = &v.0; #format }),
                            parse: quote!(#path(#parse)),
                        }
                    }
                    Body::Enum(symbols) => {
                        let to_text = symbols
                            .iter()
                            .map(|(symbol, variant)| quote!(#path::#variant => #symbol));
                        let from_text = symbols
                            .iter()
                            .map(|(symbol, variant)| quote!(#symbol => #path::#variant));
                        Codec {
                            ty: path.clone(),
                            format: quote!(::std::string::String::from(match v { #(#to_text,)* })),
                            parse: quote!(match t {
                                #(#from_text,)*
                                _ => return ::std::result::Result::Err(::accord::path::bad_symbol(#name, t)),
                            }),
                        }
                    }
                    _ => return None,
                }
            }
            _ => return None,
        })
    }
}

/// The `# Panics` section of the methods that panic where their `try_` form fails.
const PANICS: [&str; 3] = [
    " # Panics",
    "",
    " When a date is outside years 0000 to 9999 (see the `try_` form).",
];

/// What a layout struct and its partial struct are made of, gathered part by part.
#[derive(Default)]
struct LayoutSteps {
    /// The fields of the struct.
    members: Vec<TokenStream>,
    /// The fields of the partial struct.
    partial_members: Vec<TokenStream>,
    /// `try_path`.
    format_steps: Vec<TokenStream>,
    /// `try_prefix`.
    prefix_steps: Vec<TokenStream>,
    /// `try_glob`.
    glob_steps: Vec<TokenStream>,
    /// `parse`.
    parse_steps: Vec<TokenStream>,
}

impl LayoutSteps {
    /// A literal part: written as is, matched as is.
    fn literal(&mut self, text: &str) {
        let push = push_literal(text);
        self.format_steps.push(push.clone());
        self.prefix_steps.push(push.clone());
        self.glob_steps.push(push);
        self.parse_steps.push(quote!(p.literal(#text)?;));
    }

    /// A segment: a field of the struct (an `Option` in the partial one), formatted and parsed
    /// by `codec`.
    fn segment(&mut self, segment: &Segment, name: &str, field: &Ident, codec: &Codec) {
        let (rust, format, parse) = (&codec.ty, &codec.format, &codec.parse);
        let doc = format!(" `{{{}}}`: {}.", name, segment.kind.describe());
        self.members.push(quote!(#[doc = #doc] pub #field: #rust));
        self.partial_members
            .push(quote!(#[doc = #doc] pub #field: ::std::option::Option<#rust>));
        self.format_steps
            .push(quote!({ let v = &self.#field; out.push_str(&#format); }));
        self.prefix_steps.push(quote!(match &self.#field {
            ::std::option::Option::Some(v) => out.push_str(&#format),
            ::std::option::Option::None => return ::std::result::Result::Ok(out),
        }));
        self.glob_steps.push(quote!(match &self.#field {
            ::std::option::Option::Some(v) => out.push_str(&#format),
            ::std::option::Option::None => out.push('*'),
        }));
        let alphabet = alphabet(&segment.kind);
        self.parse_steps.push(quote!(let #field = {
            let t = p.segment(#name, ::accord::path::Alphabet::#alphabet)?;
            #parse
        };));
    }
}

/// The partial struct of layout struct `ident`: some segments known, with its prefix and glob.
fn partial_item(ident: &Ident, partial: &Ident, steps: &LayoutSteps) -> TokenStream {
    let LayoutSteps {
        partial_members,
        prefix_steps,
        glob_steps,
        ..
    } = steps;
    let partial_doc =
        format!(" Some segments of [`{ident}`]: the prefix and glob to list its paths by.");
    let panics = PANICS;
    quote! {
        #[doc = #partial_doc]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #partial { #(#partial_members,)* }

        impl #partial {
            /// The text up to the first unknown segment: every path with these values starts with it.
            pub fn try_prefix(&self) -> ::accord::Result<::std::string::String> {
                let mut out = ::std::string::String::new();
                #(#prefix_steps)*
                ::std::result::Result::Ok(out)
            }

            /// The glob matching every path with these values: `*` for each unknown segment.
            pub fn try_glob(&self) -> ::accord::Result<::std::string::String> {
                let mut out = ::std::string::String::new();
                #(#glob_steps)*
                ::std::result::Result::Ok(out)
            }

            /// [`Self::try_prefix`].
            ///
            #(#[doc = #panics])*
            pub fn prefix(&self) -> ::std::string::String {
                self.try_prefix().unwrap_or_else(|e| panic!("{e}"))
            }

            /// [`Self::try_glob`].
            ///
            #(#[doc = #panics])*
            pub fn glob(&self) -> ::std::string::String {
                self.try_glob().unwrap_or_else(|e| panic!("{e}"))
            }
        }
    }
}

/// Appends a literal to `out` (`push` for one character, as clippy wants).
fn push_literal(text: &str) -> TokenStream {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote!(out.push(#c);),
        _ => quote!(out.push_str(#text);),
    }
}

fn alphabet(kind: &Kind) -> Ident {
    format_ident!(
        "{}",
        match kind {
            Kind::String => "String",
            Kind::Int { .. } | Kind::Date => "Number",
            Kind::Uuid => "Uuid",
            Kind::Bool => "Bool",
            Kind::Enum(_) => "Symbol",
        }
    )
}

/// The struct names of every layout version: `OrderExportV2` and `OrderExportV2Partial`
/// (`TrackingArchive` when unversioned), claimed in the package scopes after the types.
#[derive(Default)]
pub(crate) struct LayoutIdents {
    idents: Vec<(FullName, u32, Ident, Ident)>,
}

impl LayoutIdents {
    pub(crate) fn new(
        model: &Model,
        scopes: &mut std::collections::BTreeMap<String, Scope>,
    ) -> LayoutIdents {
        let mut idents = Vec::new();
        for def in model.layouts.values() {
            let scope = scopes.entry(def.name.package.clone()).or_default();
            for version in &def.versions {
                let base = if def.versioned {
                    format!("{}V{}", def.name.name, version.number)
                } else {
                    def.name.name.clone()
                };
                let ident = scope.claim(&base);
                let partial = scope.claim(&format!("{base}Partial"));
                idents.push((def.name.clone(), version.number, ident, partial));
            }
        }
        LayoutIdents { idents }
    }

    fn get(&self, def: &LayoutDef, version: &LayoutVersion) -> Option<(&Ident, &Ident)> {
        self.idents
            .iter()
            .find(|(n, v, _, _)| *n == def.name && *v == version.number)
            .map(|(_, _, i, p)| (i, p))
    }
}
