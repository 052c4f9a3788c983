//! Storage layouts in the Rust target (`docs/layouts.md`): per layout version a struct with one
//! typed field per segment, `path`/`parse`, and a partial struct (`Option` per segment) giving
//! the listing prefix and glob. The texts and the parser are `accord::path`, which mirrors the
//! reference (`crate::layout::template`).

use super::code::{char_lit, list, string, Code};
use super::docs::doc_lines;
use super::publication::{publication_item, GroupField};
use super::{Body, Generator};
use crate::codegen::rust::names::{self, Scope};
use crate::codegen::version_name;
use crate::ir::*;
use crate::layout::template::{Kind, Part, Segment, Template};
use crate::layout::{resolve, segment_type};
use proc_macro2::Ident;

/// How one segment is held, written and read.
struct Codec {
    ty: String,
    /// An expression of type `String` (may use `?`) from `v: &ty`.
    format: String,
    /// An expression of type `ty` (may use `?`) from `t: &str`.
    parse: String,
}

impl Generator<'_> {
    /// Writes the layout items of a package.
    pub(super) fn layout_items(&self, code: &mut Code, package: &str, idents: &LayoutIdents) {
        for def in self.model.layouts.values() {
            if def.name.package != package {
                continue;
            }
            for version in &def.versions {
                self.layout_item(code, package, def, version, idents);
            }
        }
    }

    /// Writes the struct of one layout version and its partial struct, or nothing when the
    /// template does not resolve (the checks report it).
    fn layout_item(
        &self,
        code: &mut Code,
        package: &str,
        def: &LayoutDef,
        version: &LayoutVersion,
        idents: &LayoutIdents,
    ) -> Option<()> {
        let template = resolve(self.model, version)?;
        let (ident, partial) = idents.get(def, version)?;
        let fields = self.layout_fields(version)?;
        let steps = self.layout_steps(package, &template, &fields)?;
        let layout = def.name.to_string();
        let number = version.number;
        let mut doc = doc_lines(def.doc.as_deref());
        if !doc.is_empty() {
            doc.push(String::new());
        }
        doc.push(format!(
            " `{layout}` version {number}: `{}`, storing {} files.",
            template.describe(),
            version.format
        ));
        code.docs(&doc);
        code.push(&format!(
            "#[derive(Debug, Clone, PartialEq)]\npub struct {ident} {{"
        ));
        for (doc, member) in &steps.members {
            code.doc(doc);
            code.push(&format!("{member},"));
        }
        code.push(&format!(
            "}}
            impl {ident} {{
            /// The layout's full name.
            pub const LAYOUT: &'static str = {};
            /// The layout version.
            pub const VERSION: u32 = {number};
            /// The path template as written.
            pub const TEMPLATE: &'static str = {};
            /// The file format.
            pub const FORMAT: &'static str = {};
            /// The path of these values, or the error naming the segment that has no text.
            #[inline]
            pub fn try_path(&self) -> ::accord::Result<::std::string::String> {{
            let mut out = ::std::string::String::new();",
            string(&layout),
            string(&version.template),
            string(&version.format)
        ));
        for step in &steps.format_steps {
            code.push(step);
        }
        code.push(
            "::std::result::Result::Ok(out)
            }
            /// The path of these values.
            ///",
        );
        code.docs(&PANICS);
        code.push(
            "#[inline]
            pub fn path(&self) -> ::std::string::String {
            self.try_path().unwrap_or_else(|e| panic!(\"{e}\"))
            }
            /// The values of a path; the error names the segment at fault (`Error::path`).
            #[inline]
            pub fn parse(path: &str) -> ::accord::Result<Self> {
            let mut p = ::accord::path::Parser::new(path);",
        );
        for step in &steps.parse_steps {
            code.push(step);
        }
        code.push(&format!(
            "p.finish()?;
            ::std::result::Result::Ok({ident} {{ {} }})
            }}
            /// No segment known yet: set some, then take the `prefix` or `glob`.
            #[inline]
            pub fn partial() -> {partial} {{
            {partial}::default()
            }}
            }}",
            list(fields.iter().map(|(_, f, _)| f))
        ));
        partial_item(code, ident, partial, &steps);
        publication_item(code, ident, version, &template, &steps.texts);
        Some(())
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
        let lit = string(name);
        Some(match ty {
            Type::Scalar(scalar) => {
                let (ty, format, parse) = match (scalar, kind) {
                    (Scalar::String, _) => (
                        "::std::string::String",
                        "::accord::path::escape(v)".to_owned(),
                        format!("::accord::path::parse_string({lit}, t)?"),
                    ),
                    (Scalar::Int, Kind::Int { pad, .. }) => {
                        let pad = pad.unwrap_or(0);
                        (
                            "i32",
                            format!("::accord::path::format_int(i64::from(*v), {pad})"),
                            format!("::accord::path::parse_int({lit}, t, {pad}, false)? as i32"),
                        )
                    }
                    (Scalar::Long, Kind::Int { pad, .. }) => {
                        let pad = pad.unwrap_or(0);
                        (
                            "i64",
                            format!("::accord::path::format_int(*v, {pad})"),
                            format!("::accord::path::parse_int({lit}, t, {pad}, true)?"),
                        )
                    }
                    (Scalar::Uuid, _) => (
                        "::accord::uuid::Uuid",
                        "::accord::path::format_uuid(v)".to_owned(),
                        format!("::accord::path::parse_uuid({lit}, t)?"),
                    ),
                    (Scalar::Date, _) => (
                        "::accord::chrono::NaiveDate",
                        format!("::accord::path::format_date({lit}, *v)?"),
                        format!("::accord::path::parse_date({lit}, t)?"),
                    ),
                    (Scalar::Bool, _) => (
                        "bool",
                        "::accord::path::format_bool(*v)".to_owned(),
                        format!("::accord::path::parse_bool({lit}, t)?"),
                    ),
                    _ => return None,
                };
                Codec {
                    ty: ty.to_owned(),
                    format,
                    parse,
                }
            }
            Type::Named(reference) => {
                let path = self.names.target(reference).path(package);
                match self.bodies.get(reference)? {
                    Body::Newtype(_, inner) => {
                        let inner = self.codec(package, inner, kind, name)?;
                        Codec {
                            format: format!("{{\nlet v = &v.0;\n{}\n}}", inner.format),
                            parse: format!("{path}({})", inner.parse),
                            ty: path,
                        }
                    }
                    Body::Enum(symbols) => enum_codec(path, symbols, &lit),
                    _ => return None,
                }
            }
            _ => return None,
        })
    }
}

/// The codec of an enum segment: its symbols.
fn enum_codec(path: String, symbols: &[(String, Ident)], name: &str) -> Codec {
    let mut format = "::std::string::String::from(match v {\n".to_owned();
    let mut parse = "match t {\n".to_owned();
    for (symbol, variant) in symbols {
        let symbol = string(symbol);
        format.push_str(&format!("{path}::{variant} => {symbol},\n"));
        parse.push_str(&format!("{symbol} => {path}::{variant},\n"));
    }
    format.push_str("})");
    parse.push_str(&format!(
        "_ => return ::std::result::Result::Err(::accord::path::bad_symbol({name}, t)),\n}}"
    ));
    Codec {
        ty: path,
        format,
        parse,
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
    /// The fields of the struct: each its doc and its declaration.
    members: Vec<(String, String)>,
    /// The fields of the partial struct.
    partial_members: Vec<(String, String)>,
    /// `try_path`.
    format_steps: Vec<String>,
    /// `try_prefix`.
    prefix_steps: Vec<String>,
    /// `try_glob`.
    glob_steps: Vec<String>,
    /// `parse`.
    parse_steps: Vec<String>,
    /// Each segment's text, for the group of a commit manifest.
    texts: Vec<GroupField>,
}

impl LayoutSteps {
    /// A literal part: written as is, matched as is.
    fn literal(&mut self, text: &str) {
        let push = push_literal(text);
        self.format_steps.push(push.clone());
        self.prefix_steps.push(push.clone());
        self.glob_steps.push(push);
        self.parse_steps
            .push(format!("p.literal({})?;", string(text)));
    }

    /// A segment: a field of the struct (an `Option` in the partial one), formatted and parsed
    /// by `codec`.
    fn segment(&mut self, segment: &Segment, name: &str, field: &Ident, codec: &Codec) {
        let (rust, format, parse) = (&codec.ty, &codec.format, &codec.parse);
        self.texts.push(GroupField {
            name: name.to_string(),
            field: field.clone(),
            ty: rust.clone(),
            format: format.clone(),
        });
        let doc = format!(" `{{{}}}`: {}.", name, segment.kind.describe());
        self.members
            .push((doc.clone(), format!("pub {field}: {rust}")));
        self.partial_members
            .push((doc, format!("pub {field}: ::std::option::Option<{rust}>")));
        self.format_steps.push(format!(
            "{{\nlet v = &self.{field};\nout.push_str(&{format});\n}}"
        ));
        self.prefix_steps.push(format!(
            "match &self.{field} {{
            ::std::option::Option::Some(v) => out.push_str(&{format}),
            ::std::option::Option::None => return ::std::result::Result::Ok(out),
            }}"
        ));
        self.glob_steps.push(format!(
            "match &self.{field} {{
            ::std::option::Option::Some(v) => out.push_str(&{format}),
            ::std::option::Option::None => out.push('*'),
            }}"
        ));
        self.parse_steps.push(format!(
            "let {field} = {{
            let t = p.segment({}, ::accord::path::Alphabet::{})?;
            {parse}
            }};",
            string(name),
            alphabet(&segment.kind)
        ));
    }
}

/// Writes the partial struct of layout struct `ident`: some segments known, with its prefix
/// and glob.
fn partial_item(code: &mut Code, ident: &Ident, partial: &Ident, steps: &LayoutSteps) {
    code.doc(&format!(
        " Some segments of [`{ident}`]: the prefix and glob to list its paths by."
    ));
    code.push(&format!(
        "#[derive(Debug, Clone, PartialEq, Default)]\npub struct {partial} {{"
    ));
    for (doc, member) in &steps.partial_members {
        code.doc(doc);
        code.push(&format!("{member},"));
    }
    code.push(&format!(
        "}}
        impl {partial} {{
        /// The text up to the first unknown segment: every path with these values starts with it.
        #[inline]
        pub fn try_prefix(&self) -> ::accord::Result<::std::string::String> {{
        let mut out = ::std::string::String::new();"
    ));
    for step in &steps.prefix_steps {
        code.push(step);
    }
    code.push(
        "::std::result::Result::Ok(out)
        }
        /// The glob matching every path with these values: `*` for each unknown segment.
        #[inline]
        pub fn try_glob(&self) -> ::accord::Result<::std::string::String> {
        let mut out = ::std::string::String::new();",
    );
    for step in &steps.glob_steps {
        code.push(step);
    }
    code.push(
        "::std::result::Result::Ok(out)
        }
        /// [`Self::try_prefix`].
        ///",
    );
    code.docs(&PANICS);
    code.push(
        "#[inline]
        pub fn prefix(&self) -> ::std::string::String {
        self.try_prefix().unwrap_or_else(|e| panic!(\"{e}\"))
        }
        /// [`Self::try_glob`].
        ///",
    );
    code.docs(&PANICS);
    code.push(
        "#[inline]
        pub fn glob(&self) -> ::std::string::String {
        self.try_glob().unwrap_or_else(|e| panic!(\"{e}\"))
        }
        }",
    );
}

/// Appends a literal to `out` (`push` for one character, as clippy wants).
fn push_literal(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => format!("out.push({});", char_lit(c)),
        _ => format!("out.push_str({});", string(text)),
    }
}

fn alphabet(kind: &Kind) -> &'static str {
    match kind {
        Kind::String => "String",
        Kind::Int { .. } | Kind::Date => "Number",
        Kind::Uuid => "Uuid",
        Kind::Bool => "Bool",
        Kind::Enum(_) => "Symbol",
    }
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
                let base = version_name(&def.name, def.versioned, version.number);
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
