//! Avro schemas to the in-memory contract description: an [`ir::Model`](crate::ir::Model) of
//! the types to declare, in the order a person would declare them.
//!
//! Every named type is declared once under its full name. In a history import each distinct
//! definition of a named type (compared as the standalone schema it spans, named types it reaches
//! included) is one version of it; the subject's root has one version per input file. Anything
//! the contract language cannot say is reported with an `I` code and a span into the `.avsc`.

use super::locate::{escape, Locator};
use crate::avro::schema::{Attributes, Field as AvroField, Named};
use crate::avro::{Node, NodeId, Schema, SchemaKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::ir::*;
use crate::source::{FileId, Span};
use serde_json::Value as Json;
use std::collections::HashMap;

mod fields;
mod types;

/// The model being built, over every input file.
#[derive(Default)]
pub(crate) struct Builder {
    /// The types declared so far.
    pub model: Model,
    /// Types in the order they were first met (declaration order in the files).
    pub order: Vec<FullName>,
    /// Per named type, the standalone schema text of each of its versions, in version order.
    pub keys: HashMap<FullName, Vec<String>>,
    /// Per named type, the standalone schema of each of its versions.
    pub schemas: HashMap<FullName, Vec<Json>>,
    /// Where each type was first defined (file and pointer), for diagnostics.
    pub first_seen: HashMap<FullName, String>,
    /// Everything reported.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether inputs are successive versions of one subject.
    pub history: bool,
}

/// One input being converted.
pub(crate) struct Input<'a> {
    /// Its id in the source map.
    pub file: FileId,
    /// Its name as shown.
    pub name: &'a str,
    /// The parsed schema.
    pub schema: &'a Schema,
    /// Spans by JSON pointer.
    pub locator: &'a Locator,
    /// Its position among the inputs (the version number minus one in a history import).
    pub index: usize,
    /// The package of types in the null namespace and of a root union naming none
    /// (`--package`, else [`DEFAULT_PACKAGE`]).
    pub package: Option<&'a str>,
    /// Name for a root union, from the file name.
    pub stem: String,
}

/// The package of types without a namespace when `--package` is not given.
pub const DEFAULT_PACKAGE: &str = "imported";

/// Words a declared type may not be called (`P012`).
const BUILTIN: &[&str] = &["list", "map", "union", "decimal", "null"];

fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn dummy(file: FileId) -> Span {
    Span::new(file, 0, 0)
}

impl Builder {
    /// Converts the root of `input`, returning the type it became.
    pub fn root(&mut self, input: &Input) -> Option<TypeRef> {
        let mut conv = Conv {
            b: self,
            input,
            path: Vec::new(),
            type_meta: None,
        };
        conv.root()
    }
}

struct Conv<'b, 'a> {
    b: &'b mut Builder,
    input: &'b Input<'a>,
    /// Where the schema being converted is inside the current field's type.
    path: Vec<TypeStep>,
    /// Attributes of type schemas met in the current field's type (`None` outside fields).
    type_meta: Option<TypeMeta>,
}

/// Which version of a named type a definition is.
enum Version {
    /// The same definition as version N, seen before.
    Known(u32),
    /// A new version, N.
    New(u32),
}

impl Conv<'_, '_> {
    fn report(&mut self, code: Code, (start, end): (usize, usize), message: String, hint: &str) {
        let span = Span::new(self.input.file, start, end);
        self.b
            .diagnostics
            .push(Diagnostic::new(code, span, message).with_hint(hint));
    }

    fn at(&self, pointer: &str) -> (usize, usize) {
        self.input.locator.span(pointer)
    }

    fn key_at(&self, pointer: &str) -> (usize, usize) {
        self.input.locator.key_span(pointer)
    }

    fn root(&mut self) -> Option<TypeRef> {
        let schema = self.input.schema;
        let root = schema.root();
        match schema.node(root) {
            Node::Record { .. } | Node::Enum { .. } | Node::Fixed { .. } => self.named(root, ""),
            Node::Union { branches } => {
                let package = self.input.package.map(str::to_string).or_else(|| {
                    branches.iter().find_map(|b| {
                        schema
                            .node(*b)
                            .named()
                            .and_then(|n| n.name.namespace.clone())
                    })
                });
                let package = package.unwrap_or_else(|| self.fallback_package().to_string());
                let inner = self.ty(root, "", None)?;
                let name = FullName::new(package, self.input.stem.clone());
                self.newtype(name, inner, None, "")
            }
            // A primitive, array or map at the root: a `@plain` newtype named after the file,
            // written back as the bare type.
            _ => {
                let inner = self.ty(root, "", None)?;
                if let Type::Named(named) = inner {
                    return Some(named);
                }
                let name = FullName::new(self.fallback_package(), self.input.stem.clone());
                let reference = self.newtype(name.clone(), inner, None, "")?;
                if let Some(def) = self.b.model.types.get_mut(&name) {
                    def.annotations.plain = true;
                }
                Some(reference)
            }
        }
    }

    /// The package of types in the null namespace.
    fn fallback_package(&self) -> &str {
        self.input.package.unwrap_or(DEFAULT_PACKAGE)
    }

    /// A package (the namespace, or the fallback package for the null namespace, which the type
    /// then keeps as `@namespace("")`) and a type name, checked.
    fn full_name(&mut self, named: &Named, pointer: &str) -> Option<FullName> {
        let space = named
            .name
            .namespace
            .clone()
            .unwrap_or_else(|| self.fallback_package().to_string());
        let mut ok = true;
        if let Some(segment) = space.split('.').find(|s| !is_ident(s)) {
            let message = format!(
                "namespace `{space}` cannot be a package: `{segment}` is not an ASCII name"
            );
            self.report(
                Code::I003,
                self.at(&format!("{pointer}/namespace")),
                message,
                "packages are ASCII names separated by dots",
            );
            ok = false;
        }
        let name = &named.name.name;
        if !is_ident(name) {
            let message = format!("type name `{name}` is not an ASCII name");
            self.report(
                Code::I003,
                self.at(&format!("{pointer}/name")),
                message,
                "contract names are `[A-Za-z_][A-Za-z0-9_]*`",
            );
            ok = false;
        } else if BUILTIN.contains(&name.as_str()) || Scalar::from_name(name).is_some() {
            let message = format!("type name `{name}` is a built-in type of contracts (P012)");
            self.report(Code::I003, self.at(&format!("{pointer}/name")), message, "a reference to it could not be told from the built-in: rename the type (keeping an alias)");
            ok = false;
        }
        ok.then(|| FullName::new(space, name.clone()))
    }

    /// A named type (declared on first sight) and the version this schema uses.
    fn named(&mut self, id: NodeId, pointer: &str) -> Option<TypeRef> {
        let schema = self.input.schema;
        let node = schema.node(id);
        let named = node.named()?;
        let full = self.full_name(named, pointer)?;
        let number = match self.version_of(id, &full, pointer)? {
            Version::Known(number) => {
                return Some(TypeRef {
                    name: full,
                    version: number,
                })
            }
            Version::New(number) => number,
        };
        let mut attributes = named.attributes.clone();
        let decimal = match node {
            Node::Fixed { .. } => self.fixed_logical(&mut attributes, pointer),
            _ => None,
        };
        self.declare(node, named, &attributes, &full, number, pointer);
        let body = self.body(node, decimal, pointer);
        if let Some(version) = self
            .b
            .model
            .types
            .get_mut(&full)
            .and_then(|def| def.versions.iter_mut().find(|v| v.number == number))
        {
            version.body = body;
        }
        Some(TypeRef {
            name: full,
            version: number,
        })
    }

    /// Which version of `full` the named type at `id` is: one already seen (the same
    /// definition), or a new one (recorded here), or none when it may not be a new version.
    fn version_of(&mut self, id: NodeId, full: &FullName, pointer: &str) -> Option<Version> {
        let schema = self.input.schema;
        // The root of a history has one version per file; a type that reaches it pins that
        // version, so it is one version per file too.
        let key = if self.b.history && reaches(schema, id, schema.root()) {
            format!("#version {}", self.input.index + 1)
        } else {
            schema.to_json_from(id).to_string()
        };
        let versions = self.b.keys.entry(full.clone()).or_default();
        if let Some(at) = versions.iter().position(|k| *k == key) {
            return Some(Version::Known(at as u32 + 1));
        }
        if !self.b.history && !versions.is_empty() {
            let first = self.b.first_seen.get(full).cloned().unwrap_or_default();
            let message = format!(
                "`{full}` is defined differently here than in {first}: a type is declared once"
            );
            self.report(Code::I010, self.at(pointer), message, "import the files separately, or use `--history` when they are versions of one schema");
            return None;
        }
        if !versions.is_empty() && matches!(schema.node(id), Node::Fixed { .. }) {
            let message =
                format!("fixed `{full}` changes between versions: contracts never version a fixed");
            self.report(
                Code::I011,
                self.at(pointer),
                message,
                "a fixed of another size is a new type: give it a new name (and an alias)",
            );
            return None;
        }
        versions.push(key);
        let number = versions.len() as u32;
        self.b
            .schemas
            .entry(full.clone())
            .or_default()
            .push(schema.to_json_from(id));
        self.b
            .first_seen
            .entry(full.clone())
            .or_insert_with(|| self.input.name.to_string());
        Some(Version::New(number))
    }

    /// Declares the type (once; later versions must agree on its type-level parts) and adds
    /// version `number` with an empty body, so that references inside the body resolve.
    fn declare(
        &mut self,
        node: &Node,
        named: &Named,
        attributes: &Attributes,
        full: &FullName,
        number: u32,
        pointer: &str,
    ) {
        let (kind, placeholder) = self.empty_body(node);
        let doc = self.doc(named.doc.as_deref(), pointer);
        let mut annotations = self.annotations(attributes, pointer);
        annotations.error = matches!(node, Node::Record { is_error: true, .. });
        annotations.renamed_from = self.type_aliases(named, pointer);
        if named.name.namespace.is_none() {
            annotations.namespace = Some(String::new());
        }
        let span = dummy(self.input.file);
        let mut version_doc = None;
        match self.b.model.types.get_mut(full) {
            Some(def) => {
                let changed = def.annotations != annotations || def.kind != kind;
                version_doc = doc_per_version(def, doc);
                if changed {
                    let message = format!("`{full}` changes its aliases or attributes in version {number}: contracts keep those once per type");
                    self.report(Code::I011, self.at(pointer), message, "make them the same in every version (a new name for a type is a new type with `@renamed`)");
                }
            }
            None => {
                self.b.order.push(full.clone());
                let def = TypeDef {
                    name: full.clone(),
                    kind,
                    doc,
                    versioned: false,
                    compat: None,
                    annotations,
                    versions: Vec::new(),
                    span,
                    name_span: span,
                };
                self.b.model.types.insert(full.clone(), def);
            }
        }
        if let Some(def) = self.b.model.types.get_mut(full) {
            def.versions.push(TypeVersion {
                number,
                doc: version_doc,
                body: placeholder,
                span,
            });
        }
    }

    /// The kind of a named node and an empty body of that kind.
    fn empty_body(&self, node: &Node) -> (TypeKind, Body) {
        match node {
            Node::Record { .. } => (TypeKind::Record, Body::Record(Vec::new())),
            Node::Enum { .. } => (
                TypeKind::Enum,
                Body::Enum(EnumDef {
                    symbols: Vec::new(),
                    default: None,
                    default_span: None,
                }),
            ),
            _ => (
                TypeKind::Fixed,
                Body::Fixed(FixedDef {
                    size: 0,
                    size_span: dummy(self.input.file),
                    decimal: None,
                    decimal_span: None,
                }),
            ),
        }
    }

    /// The body of a named node: its fields, symbols or size.
    fn body(&mut self, node: &Node, decimal: Option<Decimal>, pointer: &str) -> Body {
        let span = dummy(self.input.file);
        match node {
            Node::Record { fields, .. } => {
                let mut out = Vec::new();
                for (i, field) in fields.iter().enumerate() {
                    if let Some(field) = self.field(field, &format!("{pointer}/fields/{i}")) {
                        out.push(field);
                    }
                }
                Body::Record(out)
            }
            Node::Enum {
                symbols, default, ..
            } => self.enum_body(symbols, default.as_ref(), pointer),
            Node::Fixed { size, .. } => Body::Fixed(FixedDef {
                size: u64::from(*size),
                size_span: span,
                decimal,
                decimal_span: None,
            }),
            // Only named nodes reach here (records, enums and fixeds); nothing else to keep.
            _ => self.empty_body(node).1,
        }
    }

    fn enum_body(&mut self, symbols: &[String], default: Option<&String>, pointer: &str) -> Body {
        let span = dummy(self.input.file);
        let mut out = Vec::new();
        for (i, symbol) in symbols.iter().enumerate() {
            if !is_ident(symbol) {
                let message = format!("enum symbol `{symbol}` is not an ASCII name");
                self.report(
                    Code::I003,
                    self.at(&format!("{pointer}/symbols/{i}")),
                    message,
                    "contract names are `[A-Za-z_][A-Za-z0-9_]*`",
                );
            }
            out.push(EnumSymbol {
                name: symbol.clone(),
                doc: None,
                span,
            });
        }
        if let Some(default) = default.filter(|d| is_value_word(d)) {
            let message =
                format!("enum default `{default}` reads as a value in contracts, not as a symbol");
            self.report(
                Code::I003,
                self.at(&format!("{pointer}/default")),
                message,
                "rename the symbol (`null`, `true` and `false` are values)",
            );
        }
        Body::Enum(EnumDef {
            symbols: out,
            default: default.cloned(),
            default_span: None,
        })
    }

    /// The `decimal` logical type of a fixed (other logical types are reported).
    fn fixed_logical(&mut self, attributes: &mut Attributes, pointer: &str) -> Option<Decimal> {
        let logical = attributes.get("logicalType")?.clone();
        match logical.as_str() {
            Some("decimal") => {
                let decimal = self.decimal_params(attributes, pointer, "fixed")?;
                for key in ["logicalType", "precision", "scale"] {
                    attributes.shift_remove(key);
                }
                Some(decimal)
            }
            // `duration` and logical types accord does not model stay attributes: the value is
            // the fixed bytes, as in every Avro library that does not know the logical type.
            _ => None,
        }
    }

    fn decimal_params(
        &mut self,
        attributes: &Attributes,
        pointer: &str,
        base: &str,
    ) -> Option<Decimal> {
        let precision = attributes.get("precision").and_then(Json::as_u64);
        let scale = attributes.get("scale");
        match (precision, scale) {
            (Some(precision), Some(scale)) if scale.as_u64().is_some() => {
                Some(Decimal::new(precision, scale.as_u64().unwrap_or(0)))
            }
            (Some(precision), None) => Some(Decimal {
                precision,
                scale: 0,
                scale_omitted: true,
            }),
            _ => {
                let message = format!("decimal on {base} with a precision or scale that is not a non-negative integer");
                self.report(
                    Code::I005,
                    self.key_at(&format!("{pointer}/logicalType")),
                    message,
                    "Avro ignores such a logical type; remove it or fix precision and scale",
                );
                None
            }
        }
    }

    fn doc(&mut self, doc: Option<&str>, pointer: &str) -> Option<String> {
        let doc = doc?;
        if doc.contains('\r') {
            let message = format!(
                "doc {doc:?} cannot be written as `///` lines (it holds a carriage return)"
            );
            self.report(
                Code::I006,
                self.at(&format!("{pointer}/doc")),
                message,
                "trim the doc string",
            );
            return None;
        }
        Some(doc.to_string())
    }

    fn type_aliases(&mut self, named: &Named, pointer: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (i, alias) in named.aliases.iter().enumerate() {
            let at = self.at(&format!("{pointer}/aliases/{i}"));
            match &alias.namespace {
                None if named.name.namespace.is_none() => out.push(alias.name.clone()),
                None => {
                    let message = format!(
                        "alias `{}` is in the null namespace, and `{}` is not: `@renamed(Name)` would read it in the type's namespace",
                        alias.name,
                        named.name.full_name()
                    );
                    self.report(
                        Code::I015,
                        at,
                        message,
                        "qualify the alias with a namespace",
                    );
                }
                Some(space) if !space.split('.').chain([alias.name.as_str()]).all(is_ident) => {
                    let message =
                        format!("alias `{}` is not a dotted ASCII name", alias.full_name());
                    self.report(
                        Code::I003,
                        at,
                        message,
                        "contract names are `[A-Za-z_][A-Za-z0-9_]*`",
                    );
                }
                Some(space) if Some(space) == named.name.namespace.as_ref() => {
                    out.push(alias.name.clone())
                }
                Some(_) => out.push(alias.full_name()),
            }
        }
        out
    }

    /// A default (Avro JSON encoding) as a contract literal of type `ty`.
    fn value(&self, ty: &Type, json: &Json) -> Result<Value, String> {
        let mismatch = || format!("{json} does not fit `{ty}`");
        Ok(match ty {
            Type::Scalar(Scalar::Null) if json.is_null() => Value::Null,
            Type::Scalar(Scalar::Null) => return Err(mismatch()),
            Type::Scalar(Scalar::Bool) => Value::Bool(json.as_bool().ok_or_else(mismatch)?),
            Type::Scalar(Scalar::Float | Scalar::Double) => match json {
                Json::Number(n) if n.is_f64() => Value::Float(n.as_f64().ok_or_else(mismatch)?),
                Json::Number(n) => Value::Int(n.as_i64().map(i128::from).ok_or_else(|| {
                    format!("the integer {n} is beyond 64-bit range: as a literal it would change")
                })?),
                Json::String(text) => {
                    return Err(format!("the string {text:?} as a floating-point default has no literal (contract floats are finite numbers)"))
                }
                _ => return Err(mismatch()),
            },
            Type::Scalar(Scalar::String | Scalar::Uuid | Scalar::Bytes) => {
                Value::String(json.as_str().ok_or_else(mismatch)?.to_string())
            }
            Type::Scalar(_) => Value::Int(json.as_i64().map(i128::from).ok_or_else(mismatch)?),
            Type::Decimal(d) => Value::String(decimal_text(json, d.scale)?),
            Type::List(item) => Value::List(
                json.as_array()
                    .ok_or_else(mismatch)?
                    .iter()
                    .map(|v| self.value(item, v))
                    .collect::<Result<_, _>>()?,
            ),
            Type::Map(item) => Value::Object(
                json.as_object()
                    .ok_or_else(mismatch)?
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.value(item, v)?)))
                    .collect::<Result<_, String>>()?,
            ),
            Type::Optional(..) if json.is_null() => Value::Null,
            Type::Optional(inner, _) => self.value(inner, json)?,
            Type::Union(branches) => self.value(&branches[0], json)?,
            Type::Named(reference) => {
                let (_, version) = self.b.model.resolve(reference).ok_or_else(mismatch)?;
                match &version.body {
                    Body::Enum(_) => {
                        let symbol = json.as_str().ok_or_else(mismatch)?;
                        if is_value_word(symbol) {
                            return Err(format!("the symbol `{symbol}` reads as a value"));
                        }
                        Value::Symbol(symbol.to_string())
                    }
                    Body::Fixed(FixedDef {
                        decimal: Some(d), ..
                    }) => Value::String(decimal_text(json, d.scale)?),
                    Body::Fixed(_) => Value::String(json.as_str().ok_or_else(mismatch)?.to_string()),
                    Body::Newtype(inner) => self.value(inner, json)?,
                    Body::Record(fields) => {
                        let object = json.as_object().ok_or_else(mismatch)?;
                        let mut entries = Vec::new();
                        for (key, value) in object {
                            let field = fields
                                .iter()
                                .find(|f| f.name == *key)
                                .ok_or_else(|| format!("`{key}` is not a field of `{}`", reference.name))?;
                            entries.push((key.clone(), self.value(&field.ty, value)?));
                        }
                        Value::Object(entries)
                    }
                }
            }
        })
    }
}

/// The doc of a new version of `def` written as its own (`///` before `version N`), once the
/// docs of its versions differ; until then the type's doc serves every version.
fn doc_per_version(def: &mut TypeDef, doc: Option<String>) -> Option<String> {
    let per_version = def.versions.iter().any(|v| v.doc.is_some());
    if per_version {
        return doc;
    }
    if def.doc == doc {
        return None;
    }
    let shared = def.doc.take();
    for version in &mut def.versions {
        version.doc.clone_from(&shared);
    }
    doc
}

/// Whether the type at `from` is or contains the type at `to`.
fn reaches(schema: &Schema, from: NodeId, to: NodeId) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut pending = vec![from];
    while let Some(id) = pending.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        match schema.node(id) {
            Node::Record { fields, .. } => pending.extend(fields.iter().map(|f| f.ty)),
            Node::Array { items, .. } => pending.push(*items),
            Node::Map { values, .. } => pending.push(*values),
            Node::Union { branches } => pending.extend(branches.iter().copied()),
            _ => {}
        }
    }
    false
}

fn is_value_word(word: &str) -> bool {
    matches!(word, "null" | "true" | "false")
}

fn take_newtype(attributes: &mut Attributes) -> Option<(Json, Option<Json>)> {
    let name = attributes.shift_remove("accord.newtype")?;
    Some((name, attributes.shift_remove("accord.doc")))
}

/// `a.b.C@1.field` or `a.b.C.field`.
fn parse_ref(text: &str) -> Option<Reference> {
    let (target, field) = text.rsplit_once('.')?;
    let (name, version) = match target.split_once('@') {
        Some((name, version)) => (name, version.parse().ok()?),
        None => (target, 1),
    };
    let (package, short) = name.rsplit_once('.')?;
    Some(Reference {
        target: TypeRef {
            name: FullName::new(package, short),
            version,
        },
        field: field.to_string(),
        span: Span::new(FileId(0), 0, 0),
    })
}

/// An attribute value as a `@meta` literal; `None` for integers outside 64-bit signed range
/// (accord writes those back as floating point).
fn meta_value(json: &Json) -> Option<Value> {
    Some(match json {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) if n.is_f64() => Value::Float(n.as_f64()?),
        Json::Number(n) => Value::Int(i128::from(n.as_i64()?)),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::List(items.iter().map(meta_value).collect::<Option<_>>()?),
        Json::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| Some((k.clone(), meta_value(v)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// Avro's JSON encoding of a decimal (bytes as U+0000..U+00FF chars, two's complement
/// big-endian) as decimal text at `scale`.
fn decimal_text(json: &Json, scale: u64) -> Result<String, String> {
    let text = json
        .as_str()
        .ok_or_else(|| format!("{json} is not a decimal's bytes"))?;
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| {
            u8::try_from(u32::from(c)).map_err(|_| format!("{json} holds a char above U+00FF"))
        })
        .collect::<Result<_, _>>()?;
    if bytes.is_empty() {
        return Err("empty bytes are no decimal".into());
    }
    let negative = bytes[0] & 0x80 != 0;
    let mut magnitude = bytes.clone();
    if negative {
        // Two's complement negation: invert and add one.
        for b in magnitude.iter_mut() {
            *b = !*b;
        }
        for b in magnitude.iter_mut().rev() {
            let (sum, carry) = b.overflowing_add(1);
            *b = sum;
            if !carry {
                break;
            }
        }
    }
    // Base 256 to base 10 by repeated division.
    let mut digits = Vec::new();
    let mut number = magnitude;
    while number.iter().any(|b| *b != 0) {
        let mut remainder = 0u32;
        for b in number.iter_mut() {
            let value = (remainder << 8) | u32::from(*b);
            *b = (value / 10) as u8;
            remainder = value % 10;
        }
        digits.push(char::from(b'0' + remainder as u8));
    }
    let scale = scale as usize;
    while digits.len() <= scale {
        digits.push('0');
    }
    digits.reverse();
    let digits: String = digits.into_iter().collect();
    let (whole, fraction) = digits.split_at(digits.len() - scale);
    let sign = if negative { "-" } else { "" };
    Ok(if scale == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::avro::decimal::unscaled_bytes;

    #[test]
    fn decimal_text_inverts_unscaled_bytes() {
        for (text, scale) in [
            ("0.00", 2),
            ("-12.5", 1),
            ("123456789.0001", 4),
            ("-1", 0),
            ("128", 0),
        ] {
            let bytes = unscaled_bytes(text, scale, None).unwrap();
            let json = Json::String(bytes.iter().map(|b| char::from(*b)).collect());
            assert_eq!(decimal_text(&json, scale).unwrap(), text);
        }
    }
}
