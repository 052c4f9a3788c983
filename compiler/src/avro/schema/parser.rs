//! The parser: JSON -> the [`Schema`] arena, validating what Java's `Schema.Parser` validates.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde_json::Value;

use super::*;
use crate::avro::json::{Json, Object};

/// Parses `value` into nodes and the root's id.
pub(super) fn parse(value: &Json) -> Result<(Vec<Node>, NodeId), ParseError> {
    let mut parser = Parser::default();
    let root = parser.parse_type(value, None, &Loc::root(), 0)?;
    parser.resolve_placeholders()?;
    let root = parser.resolved(root);
    Ok((parser.nodes, root))
}

/// One step of a JSON-pointer location: a member name or an array index.
#[derive(Clone, Copy)]
enum Step {
    Root,
    Key(&'static str),
    Index(usize),
}

impl From<&'static str> for Step {
    fn from(key: &'static str) -> Step {
        Step::Key(key)
    }
}

impl From<usize> for Step {
    fn from(index: usize) -> Step {
        Step::Index(index)
    }
}

/// A JSON-pointer location, kept as a chain of steps on the parser's stack and rendered only
/// when an error (or a placeholder) needs it, so a schema that parses builds no location text.
#[derive(Clone, Copy)]
struct Loc<'a> {
    parent: Option<&'a Loc<'a>>,
    step: Step,
}

impl Loc<'_> {
    fn root() -> Loc<'static> {
        Loc {
            parent: None,
            step: Step::Root,
        }
    }

    fn child(&self, step: impl Into<Step>) -> Loc<'_> {
        Loc {
            parent: Some(self),
            step: step.into(),
        }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.render_into(out);
        }
        match self.step {
            Step::Root => {}
            Step::Key(key) => {
                out.push('/');
                out.push_str(key);
            }
            Step::Index(index) => {
                let _ = write!(out, "/{index}");
            }
        }
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            message: message.into(),
            location: self.render(),
        }
    }
}

/// Whether `name` is a valid Avro name as Java's UTF validator sees it: a letter or `_`, then
/// letters, digits and `_`.
fn name_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Some("Empty name".into());
    };
    if !(first == '_' || is_java_letter(first)) {
        return Some(format!("Illegal initial character: {name}"));
    }
    if chars.any(|c| !(c == '_' || is_java_letter(c) || is_java_digit(c))) {
        return Some(format!("Illegal character in: {name}"));
    }
    None
}

/// Approximates Java's `Character.isLetter(char)`: only characters of the Basic Multilingual
/// Plane qualify, because Java tests UTF-16 units.
fn is_java_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (!c.is_ascii() && (c as u32) < 0x10000 && c.is_alphabetic())
}

/// Approximates Java's `Character.isDigit(char)`.
fn is_java_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && (c as u32) < 0x10000 && c.is_numeric())
}

fn check_name(name: &str, loc: &Loc) -> Result<(), ParseError> {
    match name_problem(name) {
        Some(problem) => Err(loc.error(problem)),
        None => Ok(()),
    }
}

/// Builds a [`Name`] as Java's `Schema.Name` does: a dotted name carries its own namespace, an
/// empty namespace is the null namespace, and every namespace part must be a valid name.
fn make_name(name: &str, space: Option<&str>, loc: &Loc) -> Result<Name, ParseError> {
    let (space, short) = match name.rfind('.') {
        Some(dot) => (Some(&name[..dot]), &name[dot + 1..]),
        None => (space, name),
    };
    check_name(short, loc)?;
    let namespace = space.filter(|s| !s.is_empty());
    for part in namespace.iter().flat_map(|s| s.split('.')) {
        if let Some(problem) = name_problem(part) {
            return Err(loc.error(format!("Namespace part \"{part}\" is invalid: {problem}")));
        }
    }
    Ok(Name {
        name: short.to_string(),
        namespace: namespace.map(str::to_string),
    })
}

/// Keys that are part of a named type's syntax rather than attributes.
const SCHEMA_RESERVED: [&str; 10] = [
    "doc",
    "fields",
    "items",
    "name",
    "namespace",
    "size",
    "symbols",
    "values",
    "type",
    "aliases",
];
/// Keys that are part of an enum's syntax rather than attributes.
const ENUM_RESERVED: [&str; 11] = [
    "doc",
    "fields",
    "items",
    "name",
    "namespace",
    "size",
    "symbols",
    "values",
    "type",
    "aliases",
    "default",
];
/// Keys that are part of a field's syntax rather than attributes.
const FIELD_RESERVED: [&str; 6] = ["default", "doc", "name", "order", "type", "aliases"];

fn attributes_except(object: &Object, reserved: &[&str]) -> Attributes {
    if object.iter().all(|(k, _)| reserved.contains(&k)) {
        return Attributes::new();
    }
    object
        .iter()
        .filter(|(k, _)| !reserved.contains(k))
        .map(|(k, v)| (k.to_string(), v.to_value()))
        .collect()
}

fn optional_text<'v>(object: &'v Object, key: &str) -> Option<&'v str> {
    object.get(key).and_then(Json::as_str)
}

/// Parses an `aliases` member: absent, or an array of strings.
fn parse_aliases(object: &Object, loc: &Loc) -> Result<Vec<String>, ParseError> {
    let Some(node) = object.get("aliases") else {
        return Ok(Vec::new());
    };
    let Json::Array(items) = node else {
        return Err(loc.child("aliases").error("aliases not an array"));
    };
    let mut aliases: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(alias) = item.as_str() else {
            let aliases_loc = loc.child("aliases");
            return Err(aliases_loc.child(i).error("alias not a string"));
        };
        if !aliases.iter().any(|a| a == alias) {
            aliases.push(alias.to_string());
        }
    }
    Ok(aliases)
}

/// Unions with at most this many branches find duplicates by scanning, larger ones by hashing.
const SMALL_UNION: usize = 16;

/// Ids from here up stand for references to named types not complete when referenced.
const PLACEHOLDER_BASE: u32 = 1 << 31;

/// A reference to a named type that was not complete (a record still open, or one defined later)
/// when it was referenced. Java 1.12 parses it as an unresolved placeholder, resolved by its
/// qualified name once the whole schema is parsed.
struct Placeholder {
    full_name: String,
    written: String,
    location: String,
}

/// What a type position holds while parsing: a node, or a placeholder.
enum Slot<'n> {
    Node(&'n Node),
    Placeholder(&'n Placeholder),
}

/// The recursive-descent parser state: the arena being built and the names defined so far.
#[derive(Default)]
struct Parser {
    nodes: Vec<Node>,
    /// Completed named types, by full name.
    names: HashMap<String, NodeId, foldhash::fast::RandomState>,
    placeholders: Vec<Placeholder>,
    /// Placeholder index -> the node it resolved to.
    resolution: Vec<NodeId>,
}

impl Parser {
    fn slot(&self, id: NodeId) -> Slot<'_> {
        match id.0.checked_sub(PLACEHOLDER_BASE) {
            Some(k) => Slot::Placeholder(&self.placeholders[k as usize]),
            None => Slot::Node(&self.nodes[id.0 as usize]),
        }
    }

    fn placeholder(&mut self, written: &str, space: Option<&str>, loc: &Loc) -> NodeId {
        let id = NodeId(PLACEHOLDER_BASE + self.placeholders.len() as u32);
        self.placeholders.push(Placeholder {
            full_name: qualify(written, space).into_owned(),
            written: written.to_string(),
            location: loc.render(),
        });
        id
    }

    /// Resolves every placeholder by its qualified name, as Java does after parsing.
    fn resolve_placeholders(&mut self) -> Result<(), ParseError> {
        for placeholder in &self.placeholders {
            let id = self
                .names
                .get(&placeholder.full_name)
                .copied()
                .ok_or_else(|| ParseError {
                    message: format!("Undefined schema: {}", placeholder.full_name),
                    location: placeholder.location.clone(),
                })?;
            self.resolution.push(id);
        }
        if self.resolution.is_empty() {
            return Ok(());
        }
        let mut nodes = std::mem::take(&mut self.nodes);
        for node in &mut nodes {
            self.patch(node);
        }
        self.nodes = nodes;
        Ok(())
    }

    fn resolved(&self, id: NodeId) -> NodeId {
        match id.0.checked_sub(PLACEHOLDER_BASE) {
            Some(k) => self.resolution[k as usize],
            None => id,
        }
    }

    fn patch(&self, node: &mut Node) {
        match node {
            Node::Record { fields, .. } => {
                fields.iter_mut().for_each(|f| f.ty = self.resolved(f.ty))
            }
            Node::Array { items: inner, .. } | Node::Map { values: inner, .. } => {
                *inner = self.resolved(*inner)
            }
            Node::Union { branches } => branches.iter_mut().for_each(|b| *b = self.resolved(*b)),
            _ => {}
        }
    }

    fn push(&mut self, node: Node) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(node);
        id
    }

    fn parse_type(
        &mut self,
        value: &Json,
        space: Option<&str>,
        loc: &Loc,
        depth: usize,
    ) -> Result<NodeId, ParseError> {
        if depth > MAX_DEPTH {
            return Err(loc.error(format!("schema nested deeper than {MAX_DEPTH} levels")));
        }
        match value {
            Json::String(name) => self.reference(name, space, loc),
            Json::Object(object) => self.parse_object(object, space, loc, depth),
            Json::Array(branches) => self.parse_union(branches, space, loc, depth),
            other => Err(loc.error(format!("Schema not yet supported: {other}"))),
        }
    }

    /// A type written as a string: a primitive, or a named type defined earlier.
    fn reference(
        &mut self,
        name: &str,
        space: Option<&str>,
        loc: &Loc,
    ) -> Result<NodeId, ParseError> {
        if let Some(kind) = SchemaKind::primitive(name) {
            return Ok(self.push(Node::Primitive {
                kind,
                attributes: Attributes::new(),
            }));
        }
        Ok(self.lookup(name, space, loc))
    }

    /// Resolves a name among the complete named types, in `space` and then (as Java does) as
    /// written; otherwise a placeholder for the qualified name.
    fn lookup(&mut self, name: &str, space: Option<&str>, loc: &Loc) -> NodeId {
        let found = self
            .names
            .get(qualify(name, space).as_ref())
            .or_else(|| self.names.get(name));
        match found {
            Some(id) => *id,
            None => self.placeholder(name, space, loc),
        }
    }

    fn parse_object(
        &mut self,
        object: &Object,
        space: Option<&str>,
        loc: &Loc,
        depth: usize,
    ) -> Result<NodeId, ParseError> {
        let Some(ty) = optional_text(object, "type") else {
            return Err(loc.error("No type"));
        };
        if let Some(kind) = SchemaKind::primitive(ty) {
            let attributes = attributes_except(object, &["type"]);
            return Ok(self.push(Node::Primitive { kind, attributes }));
        }
        match ty {
            "record" | "error" => self.parse_record(object, space, loc, depth, ty == "error"),
            "enum" => self.parse_enum(object, space, loc),
            "fixed" => self.parse_fixed(object, space, loc),
            "array" => self.parse_container(object, space, loc, depth, "items"),
            "map" => self.parse_container(object, space, loc, depth, "values"),
            name => Ok(self.lookup(name, space, &loc.child("type"))),
        }
    }

    fn parse_container(
        &mut self,
        object: &Object,
        space: Option<&str>,
        loc: &Loc,
        depth: usize,
        key: &'static str,
    ) -> Result<NodeId, ParseError> {
        let Some(inner) = object.get(key) else {
            let what = if key == "items" {
                "Array has no items type"
            } else {
                "Map has no values type"
            };
            return Err(loc.error(what));
        };
        let inner = self.parse_type(inner, space, &loc.child(key), depth + 1)?;
        let attributes = attributes_except(object, &["type", key]);
        Ok(self.push(if key == "items" {
            Node::Array {
                items: inner,
                attributes,
            }
        } else {
            Node::Map {
                values: inner,
                attributes,
            }
        }))
    }

    fn parse_union(
        &mut self,
        branches: &[Json],
        space: Option<&str>,
        loc: &Loc,
        depth: usize,
    ) -> Result<NodeId, ParseError> {
        let mut ids = Vec::with_capacity(branches.len());
        // The branch keys seen so far: scanned in a vector for a few branches (most unions).
        let few = branches.len() <= SMALL_UNION;
        let mut seen: Vec<Cow<'static, str>> =
            Vec::with_capacity(if few { branches.len() } else { 0 });
        let mut many = HashSet::new();
        for (i, branch) in branches.iter().enumerate() {
            let branch_loc = loc.child(i);
            let id = self.parse_type(branch, space, &branch_loc, depth + 1)?;
            let key: Cow<'static, str> = match self.slot(id) {
                Slot::Node(Node::Union { .. }) => return Err(branch_loc.error("Nested union")),
                Slot::Node(node) => match node.named() {
                    Some(named) => Cow::Owned(named.name.full_name()),
                    None => Cow::Borrowed(node.kind().name()),
                },
                Slot::Placeholder(placeholder) => Cow::Owned(placeholder.written.clone()),
            };
            if (few && seen.contains(&key)) || (!few && many.contains(&key)) {
                return Err(branch_loc.error(format!("Duplicate in union:{key}")));
            }
            if few {
                seen.push(key);
            } else {
                many.insert(key);
            }
            ids.push(id);
        }
        Ok(self.push(Node::Union { branches: ids }))
    }

    /// Reads `name`, `namespace`, `aliases` and `doc`, and the attributes outside `reserved`.
    fn parse_named(
        &self,
        object: &Object,
        space: Option<&str>,
        loc: &Loc,
        reserved: &[&str],
    ) -> Result<Named, ParseError> {
        let Some(short) = optional_text(object, "name") else {
            return Err(loc.error("No name in schema"));
        };
        let space = optional_text(object, "namespace").or(space);
        let name = make_name(short, space, &loc.child("name"))?;
        if name.namespace.is_none() && SchemaKind::primitive(&name.name).is_some() {
            return Err(loc.child("name").error(format!(
                "Schemas may not be named after primitives: {short}"
            )));
        }
        let mut aliases = Vec::new();
        let aliases_loc = loc.child("aliases");
        for (i, alias) in parse_aliases(object, loc)?.iter().enumerate() {
            let alias_loc = aliases_loc.child(i);
            let alias = make_name(alias, name.namespace.as_deref(), &alias_loc)?;
            if !aliases.contains(&alias) {
                aliases.push(alias);
            }
        }
        Ok(Named {
            name,
            aliases,
            doc: optional_text(object, "doc").map(str::to_string),
            attributes: attributes_except(object, reserved),
        })
    }

    /// Adds a complete named type (Java registers a record once its fields are parsed).
    fn define(&mut self, node: Node, loc: &Loc) -> Result<NodeId, ParseError> {
        let full = node.full_name();
        if self.names.contains_key(&full) {
            return Err(loc.child("name").error(format!("Can't redefine: {full}")));
        }
        let id = self.push(node);
        self.names.insert(full, id);
        Ok(id)
    }

    fn parse_record(
        &mut self,
        object: &Object,
        space: Option<&str>,
        loc: &Loc,
        depth: usize,
        is_error: bool,
    ) -> Result<NodeId, ParseError> {
        let named = self.parse_named(object, space, loc, &SCHEMA_RESERVED)?;
        let inner_space = named.name.namespace.clone();
        let Some(Json::Array(field_values)) = object.get("fields") else {
            return Err(loc.error("Record has no fields"));
        };
        let mut fields: Vec<Field> = Vec::with_capacity(field_values.len());
        let mut names = Names::default();
        let fields_loc = loc.child("fields");
        for (i, value) in field_values.iter().enumerate() {
            let field_loc = fields_loc.child(i);
            let field = self.parse_field(value, inner_space.as_deref(), &field_loc, depth)?;
            if !names.is_new(fields.iter().map(|f| f.name.as_str()), &field.name) {
                return Err(field_loc.error(format!("Duplicate field {}", field.name)));
            }
            fields.push(field);
        }
        self.define(
            Node::Record {
                named,
                fields,
                is_error,
            },
            loc,
        )
    }

    fn parse_enum(
        &mut self,
        object: &Object,
        space: Option<&str>,
        loc: &Loc,
    ) -> Result<NodeId, ParseError> {
        let named = self.parse_named(object, space, loc, &ENUM_RESERVED)?;
        let Some(Json::Array(values)) = object.get("symbols") else {
            return Err(loc.error("Enum has no symbols"));
        };
        let mut symbols: Vec<String> = Vec::with_capacity(values.len());
        let mut names = Names::default();
        let symbols_loc = loc.child("symbols");
        for (i, value) in values.iter().enumerate() {
            let symbol_loc = symbols_loc.child(i);
            let symbol = value
                .as_str()
                .ok_or_else(|| symbol_loc.error("Null name"))?;
            check_name(symbol, &symbol_loc)?;
            if !names.is_new(symbols.iter().map(String::as_str), symbol) {
                return Err(symbol_loc.error(format!("Duplicate enum symbol: {symbol}")));
            }
            symbols.push(symbol.to_string());
        }
        let default = optional_text(object, "default").map(str::to_string);
        if let Some(default) = default.as_ref().filter(|d| !symbols.contains(d)) {
            return Err(loc.child("default").error(format!(
                "The Enum Default: {default} is not in the enum symbol set"
            )));
        }
        self.define(
            Node::Enum {
                named,
                symbols,
                default,
            },
            loc,
        )
    }

    fn parse_fixed(
        &mut self,
        object: &Object,
        space: Option<&str>,
        loc: &Loc,
    ) -> Result<NodeId, ParseError> {
        let named = self.parse_named(object, space, loc, &SCHEMA_RESERVED)?;
        let size = object
            .get("size")
            .and_then(|size| match size {
                Json::Number(n) => n.as_i64(),
                _ => None,
            })
            .and_then(|n| i32::try_from(n).ok())
            .ok_or_else(|| loc.error("Invalid or no size"))?;
        let size = u32::try_from(size).map_err(|_| {
            loc.child("size")
                .error(format!("Malformed data. Length is negative: {size}"))
        })?;
        self.define(Node::Fixed { named, size }, loc)
    }

    fn parse_field(
        &mut self,
        value: &Json,
        space: Option<&str>,
        loc: &Loc,
        depth: usize,
    ) -> Result<Field, ParseError> {
        let Json::Object(object) = value else {
            return Err(loc.error("No field name"));
        };
        let Some(name) = optional_text(object, "name") else {
            return Err(loc.error("No field name"));
        };
        check_name(name, &loc.child("name"))?;
        let Some(ty_value) = object.get("type") else {
            return Err(loc.error("No field type"));
        };
        let ty = self.parse_type(ty_value, space, &loc.child("type"), depth + 1)?;
        let order = match object.get("order") {
            None => None,
            Some(order) => Some(order.as_str().and_then(FieldOrder::parse).ok_or_else(|| {
                loc.child("order")
                    .error(format!("Invalid field order: {order}"))
            })?),
        };
        let default = match object.get("default") {
            None => None,
            Some(default) => {
                let default = default.to_value();
                Some(self.checked_default(name, ty, default, &loc.child("default"))?)
            }
        };
        Ok(Field {
            name: name.to_string(),
            ty,
            doc: optional_text(object, "doc").map(str::to_string),
            default,
            order,
            aliases: parse_aliases(object, loc)?,
            attributes: attributes_except(object, &FIELD_RESERVED),
        })
    }

    /// Validates a field default as Java does (after turning a string default of a float or
    /// double field into a number) and returns it as written.
    fn checked_default(
        &self,
        field: &str,
        ty: NodeId,
        default: Value,
        loc: &Loc,
    ) -> Result<Value, ParseError> {
        let floating = matches!(self.slot(ty), Slot::Node(n) if matches!(n.kind(), SchemaKind::Float | SchemaKind::Double));
        if let (true, Value::String(text)) = (floating, &default) {
            if !is_java_double(text) {
                return Err(loc.error(format!("For input string: \"{text}\"")));
            }
            return Ok(default);
        }
        if self.valid_value(ty, &default, loc)? {
            Ok(default)
        } else {
            Err(loc.error(format!("Invalid default for field {field}: {default}")))
        }
    }

    /// Java's `Schema.isValidValue`: whether `value` fits the type at `ty`. A placeholder stands
    /// for a record whose fields are not set: an object there fails the parse, as in Java.
    fn valid_value(&self, ty: NodeId, value: &Value, loc: &Loc) -> Result<bool, ParseError> {
        let node = match self.slot(ty) {
            Slot::Placeholder(_) if value.is_object() => {
                return Err(loc.error("Schema fields not set yet"))
            }
            Slot::Placeholder(_) => return Ok(false),
            Slot::Node(node) => node,
        };
        Ok(match node {
            Node::Union { branches } => {
                for branch in branches {
                    if self.valid_value(*branch, value, loc)? {
                        return Ok(true);
                    }
                }
                false
            }
            Node::Primitive { kind, .. } => primitive_value_ok(*kind, value),
            Node::Enum { .. } | Node::Fixed { .. } => value.is_string(),
            Node::Array { items, .. } => match value {
                Value::Array(elements) => self.all_valid(*items, elements.iter(), loc)?,
                _ => false,
            },
            Node::Map { values, .. } => match value {
                Value::Object(entries) => self.all_valid(*values, entries.values(), loc)?,
                _ => false,
            },
            Node::Record { fields, .. } => match value {
                Value::Object(object) => self.record_value_ok(fields, object, loc)?,
                _ => false,
            },
        })
    }

    fn all_valid<'v>(
        &self,
        ty: NodeId,
        mut values: impl Iterator<Item = &'v Value>,
        loc: &Loc,
    ) -> Result<bool, ParseError> {
        values.try_fold(true, |ok, v| Ok(ok && self.valid_value(ty, v, loc)?))
    }

    fn record_value_ok(
        &self,
        fields: &[Field],
        object: &Map<String, Value>,
        loc: &Loc,
    ) -> Result<bool, ParseError> {
        for field in fields {
            let Some(value) = object.get(&field.name).or(field.default.as_ref()) else {
                return Ok(false);
            };
            if !self.valid_value(field.ty, value, loc)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// `name` qualified with `space` unless it is dotted already.
fn qualify<'n>(name: &'n str, space: Option<&str>) -> Cow<'n, str> {
    match space {
        Some(space) if !name.contains('.') && !space.is_empty() => {
            Cow::Owned(format!("{space}.{name}"))
        }
        _ => Cow::Borrowed(name),
    }
}

/// Whether a JSON value is valid for a primitive type, with Jackson's number classes: an `int`
/// needs an integer literal that fits 32 bits, a `long` one that fits 64 bits.
fn primitive_value_ok(kind: SchemaKind, value: &Value) -> bool {
    match kind {
        SchemaKind::String | SchemaKind::Bytes => value.is_string(),
        SchemaKind::Int => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        SchemaKind::Long => value.is_i64(),
        SchemaKind::Float | SchemaKind::Double => value.is_number(),
        SchemaKind::Boolean => value.is_boolean(),
        SchemaKind::Null => value.is_null(),
        _ => false,
    }
}

/// Whether Java's `Double.valueOf` accepts `text`: optional sign, then `NaN`, `Infinity` or a
/// decimal number with an optional `f`/`d` suffix, surrounded by optional whitespace.
pub(super) fn is_java_double(text: &str) -> bool {
    let trimmed = text.trim_matches(|c: char| c <= ' ');
    let unsigned = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if unsigned == "NaN" || unsigned == "Infinity" {
        return true;
    }
    let number = unsigned
        .strip_suffix(['f', 'F', 'd', 'D'])
        .unwrap_or(unsigned);
    let (mantissa, exponent) = match number.find(['e', 'E']) {
        Some(at) => (&number[..at], Some(&number[at + 1..])),
        None => (number, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok =
        digits(int_part) && digits(frac_part) && !(int_part.is_empty() && frac_part.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The names of a record's fields or an enum's symbols seen so far, to refuse a duplicate: the
/// earlier names are scanned while they are few (most schemas), and kept in a hash set once they
/// are many, so that a record of 100,000 fields is parsed in linear time.
#[derive(Default)]
struct Names {
    many: HashSet<String>,
}

impl Names {
    /// Names scanned before they move to the set.
    const FEW: usize = 32;

    /// Whether `name` is not among `earlier` (every name so far, in order), remembering it.
    fn is_new<'e>(&mut self, earlier: impl ExactSizeIterator<Item = &'e str>, name: &str) -> bool {
        if earlier.len() < Names::FEW {
            return earlier.into_iter().all(|seen| seen != name);
        }
        if self.many.is_empty() {
            self.many.extend(earlier.map(str::to_owned));
        }
        self.many.insert(name.to_owned())
    }
}
