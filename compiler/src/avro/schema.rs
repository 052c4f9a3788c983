//! The Avro schema model and its parser.
//!
//! A [`Schema`] is an arena of [`Node`]s addressed by [`NodeId`]. A named type (record, enum,
//! fixed) is one node: every later reference to its name, recursive ones included, is the same
//! id, exactly as Java's parser shares one `Schema` object. Every other JSON occurrence of a type
//! gets its own node.
//!
//! Parsing follows the Avro 1.12 specification and validates what Java's `Schema.Parser` validates
//! by default: names (Unicode letters, digits and `_`), namespaces, duplicate names, unknown type
//! names, default values, enum defaults and the union rules. Parse errors are [`ParseError`]s that
//! carry a JSON-pointer location into the input document; the parser never panics.

use std::fmt;

use serde_json::{Map, Value};

use super::json::Json;

mod parser;
#[cfg(test)]
mod tests;

/// Extra JSON attributes of a type or field (`logicalType`, `precision`, custom ones), in input order.
pub type Attributes = Map<String, Value>;

/// Deepest nesting of types the parser accepts, to keep hostile inputs from exhausting the stack.
pub const MAX_DEPTH: usize = 256;

/// The index of a node in a [`Schema`]'s arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// The fourteen Avro schema types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaKind {
    /// `record` (and Java's `error`).
    Record,
    /// `enum`.
    Enum,
    /// `array`.
    Array,
    /// `map`.
    Map,
    /// A union (a JSON array of types).
    Union,
    /// `fixed`.
    Fixed,
    /// `string`.
    String,
    /// `bytes`.
    Bytes,
    /// `int`.
    Int,
    /// `long`.
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `boolean`.
    Boolean,
    /// `null`.
    Null,
}

impl SchemaKind {
    const PRIMITIVES: [(&'static str, SchemaKind); 8] = [
        ("null", SchemaKind::Null),
        ("boolean", SchemaKind::Boolean),
        ("int", SchemaKind::Int),
        ("long", SchemaKind::Long),
        ("float", SchemaKind::Float),
        ("double", SchemaKind::Double),
        ("bytes", SchemaKind::Bytes),
        ("string", SchemaKind::String),
    ];

    /// The primitive type called `name`, if it is one of the eight primitive names.
    pub fn primitive(name: &str) -> Option<SchemaKind> {
        Self::PRIMITIVES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
    }

    /// The lowercase name used in schemas (`"record"`, `"int"`, `"union"`).
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Record => "record",
            SchemaKind::Enum => "enum",
            SchemaKind::Array => "array",
            SchemaKind::Map => "map",
            SchemaKind::Union => "union",
            SchemaKind::Fixed => "fixed",
            SchemaKind::String => "string",
            SchemaKind::Bytes => "bytes",
            SchemaKind::Int => "int",
            SchemaKind::Long => "long",
            SchemaKind::Float => "float",
            SchemaKind::Double => "double",
            SchemaKind::Boolean => "boolean",
            SchemaKind::Null => "null",
        }
    }

    /// The uppercase name Java's `Schema.Type` prints in compatibility messages (`"INT"`).
    pub fn java_name(self) -> String {
        self.name().to_ascii_uppercase()
    }
}

impl fmt::Display for SchemaKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A (possibly namespace-qualified) name of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    /// The unqualified name.
    pub name: String,
    /// The namespace, `None` for the null namespace.
    pub namespace: Option<String>,
}

impl Name {
    /// The full name: `namespace.name`, or `name` in the null namespace.
    pub fn full_name(&self) -> String {
        match &self.namespace {
            Some(space) => format!("{space}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full_name())
    }
}

/// The sort order of a record field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldOrder {
    /// `ascending` (the default).
    Ascending,
    /// `descending`.
    Descending,
    /// `ignore`.
    Ignore,
}

impl FieldOrder {
    fn parse(text: &str) -> Option<FieldOrder> {
        match text.to_ascii_uppercase().as_str() {
            "ASCENDING" => Some(FieldOrder::Ascending),
            "DESCENDING" => Some(FieldOrder::Descending),
            "IGNORE" => Some(FieldOrder::Ignore),
            _ => None,
        }
    }

    /// The lowercase name (`"ascending"`).
    pub fn name(self) -> &'static str {
        match self {
            FieldOrder::Ascending => "ascending",
            FieldOrder::Descending => "descending",
            FieldOrder::Ignore => "ignore",
        }
    }
}

/// A field of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field name.
    pub name: String,
    /// The field's type.
    pub ty: NodeId,
    /// The documentation string, if any.
    pub doc: Option<String>,
    /// The default value as written (Java's `hasDefaultValue` is `default.is_some()`).
    pub default: Option<Value>,
    /// The sort order, if one was written.
    pub order: Option<FieldOrder>,
    /// The field's aliases, duplicates removed, in input order.
    pub aliases: Vec<String>,
    /// Other attributes of the field.
    pub attributes: Attributes,
}

/// What every named type (record, enum, fixed) carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// The name, namespace resolved.
    pub name: Name,
    /// The aliases, each qualified with the type's own namespace unless written with dots.
    pub aliases: Vec<Name>,
    /// The documentation string, if any.
    pub doc: Option<String>,
    /// Other attributes (`logicalType`, custom ones), in input order.
    pub attributes: Attributes,
}

impl Named {
    /// Whether `full_name` is one of the aliases.
    pub fn has_alias(&self, full_name: &str) -> bool {
        self.aliases.iter().any(|a| a.full_name() == full_name)
    }
}

/// A node of the schema arena: one Avro type.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A primitive type, with its attributes (`logicalType` among them).
    Primitive {
        /// One of the eight primitive kinds.
        kind: SchemaKind,
        /// Attributes written beside `type`.
        attributes: Attributes,
    },
    /// A record (`is_error` for Java's `error` records).
    Record {
        /// Name, aliases, doc and attributes.
        named: Named,
        /// The fields, in order.
        fields: Vec<Field>,
        /// Whether it was written as `"type": "error"`.
        is_error: bool,
    },
    /// An enum.
    Enum {
        /// Name, aliases, doc and attributes.
        named: Named,
        /// The symbols, in order.
        symbols: Vec<String>,
        /// The enum default symbol, if a string one was given.
        default: Option<String>,
    },
    /// A fixed.
    Fixed {
        /// Name, aliases, doc and attributes.
        named: Named,
        /// The size in bytes.
        size: u32,
    },
    /// An array.
    Array {
        /// The item type.
        items: NodeId,
        /// Other attributes.
        attributes: Attributes,
    },
    /// A map.
    Map {
        /// The value type.
        values: NodeId,
        /// Other attributes.
        attributes: Attributes,
    },
    /// A union.
    Union {
        /// The branches, in order.
        branches: Vec<NodeId>,
    },
}

impl Node {
    /// The node's schema type.
    pub fn kind(&self) -> SchemaKind {
        match self {
            Node::Primitive { kind, .. } => *kind,
            Node::Record { .. } => SchemaKind::Record,
            Node::Enum { .. } => SchemaKind::Enum,
            Node::Fixed { .. } => SchemaKind::Fixed,
            Node::Array { .. } => SchemaKind::Array,
            Node::Map { .. } => SchemaKind::Map,
            Node::Union { .. } => SchemaKind::Union,
        }
    }

    /// The name part of a record, enum or fixed.
    pub fn named(&self) -> Option<&Named> {
        match self {
            Node::Record { named, .. } | Node::Enum { named, .. } | Node::Fixed { named, .. } => {
                Some(named)
            }
            _ => None,
        }
    }

    /// The attributes of the node (empty for a union).
    pub fn attributes(&self) -> Option<&Attributes> {
        match self {
            Node::Primitive { attributes, .. }
            | Node::Array { attributes, .. }
            | Node::Map { attributes, .. } => Some(attributes),
            Node::Record { named, .. } | Node::Enum { named, .. } | Node::Fixed { named, .. } => {
                Some(&named.attributes)
            }
            Node::Union { .. } => None,
        }
    }

    /// The `logicalType` attribute, if it is a string.
    pub fn logical_type(&self) -> Option<&str> {
        self.attributes()?.get("logicalType")?.as_str()
    }

    /// The full name of a named type, otherwise the type name (Java's `getFullName`).
    pub fn full_name(&self) -> String {
        match self.named() {
            Some(named) => named.name.full_name(),
            None => self.kind().name().to_string(),
        }
    }
}

/// Why a schema did not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// A JSON pointer into the schema document (`/fields/2/type`), `""` for the root.
    pub location: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.location.is_empty() {
            "/"
        } else {
            &self.location
        };
        write!(f, "{} (at {at})", self.message)
    }
}

impl std::error::Error for ParseError {}

/// A parsed Avro schema: an arena of nodes and its root.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    nodes: Vec<Node>,
    root: NodeId,
}

impl Schema {
    /// Parses a schema from JSON text (an `.avsc` file's content).
    pub fn parse_str(text: &str) -> Result<Schema, ParseError> {
        if let Ok(json) = super::json::reader::parse(text) {
            return Schema::parse_json(&json);
        }
        // Text the fast reader leaves aside (escapes, deep nesting, invalid JSON).
        let json: Json = serde_json::from_str(text).map_err(|e| ParseError {
            message: format!("invalid JSON: {e}"),
            location: String::new(),
        })?;
        Schema::parse_json(&json)
    }

    /// Parses a schema from a JSON value.
    pub fn parse(value: &Value) -> Result<Schema, ParseError> {
        Schema::parse_json(&Json::from_value(value))
    }

    fn parse_json(value: &Json) -> Result<Schema, ParseError> {
        let (nodes, root) = parser::parse(value)?;
        Ok(Schema { nodes, root })
    }

    /// The root type.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// The node with id `id`.
    ///
    /// # Panics
    /// If `id` does not come from this schema.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// All nodes, indexed by `NodeId.0`.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Writes the schema back out as JSON in full form: every attribute kept, each named type
    /// defined where it is first used and referenced by full name afterwards.
    pub fn to_json(&self) -> Value {
        crate::avro::schema_json::write(self)
    }

    /// The type at `id` written out as a standalone schema, in the full form of
    /// [`Schema::to_json`] (named types it reaches are defined at their first use within it).
    pub fn to_json_from(&self, id: NodeId) -> Value {
        crate::avro::schema_json::write_from(self, id)
    }
}
