//! The resolved model (IR): every name resolved to a [`FullName`], every reference pinned to a
//! version. It is the one input of every later stage.

use crate::source::Span;
use std::collections::BTreeMap;
use std::fmt;

/// A package-qualified type name, e.g. `shop.orders.Order`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FullName {
    /// The dotted package, e.g. `shop.orders`.
    pub package: String,
    /// The type's own name, e.g. `Order`.
    pub name: String,
}

impl FullName {
    /// A name in a package.
    pub fn new(package: impl Into<String>, name: impl Into<String>) -> FullName {
        FullName {
            package: package.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for FullName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.package, self.name)
    }
}

/// A name in an Avro namespace, dotted unless the namespace is the null one.
pub fn avro_full_name(namespace: &str, name: &str) -> String {
    if namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}.{name}")
    }
}

/// A reference to one version of a named type. Unversioned types have the single version 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeRef {
    /// The referenced type.
    pub name: FullName,
    /// The referenced version.
    pub version: u32,
}

pub use crate::avro::CompatMode;

/// Every type of every package, keyed by full name (ordered, so iteration is deterministic).
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The types.
    pub types: BTreeMap<FullName, TypeDef>,
    /// The storage layouts.
    pub layouts: BTreeMap<FullName, super::LayoutDef>,
    /// The Kafka topics.
    pub topics: BTreeMap<FullName, super::TopicDef>,
    /// The state machines.
    pub machines: BTreeMap<FullName, super::MachineDef>,
}

/// The values of `map` whose key is in `package`, in key order: a range of the map, since full
/// names order by package first (a filter over the whole map made per-package targets
/// quadratic in the number of packages).
fn in_package<'a, V>(
    map: &'a BTreeMap<FullName, V>,
    package: &'a str,
) -> impl Iterator<Item = &'a V> + 'a {
    let start = FullName {
        package: package.to_string(),
        name: String::new(),
    };
    map.range(start..)
        .take_while(move |(name, _)| name.package == package)
        .map(|(_, value)| value)
}

impl Model {
    /// The types of one package, in name order.
    pub fn types_in<'a>(&'a self, package: &'a str) -> impl Iterator<Item = &'a TypeDef> + 'a {
        in_package(&self.types, package)
    }

    /// The storage layouts of one package, in name order.
    pub fn layouts_in<'a>(
        &'a self,
        package: &'a str,
    ) -> impl Iterator<Item = &'a super::LayoutDef> + 'a {
        in_package(&self.layouts, package)
    }

    /// The state machines of one package, in name order.
    pub fn machines_in<'a>(
        &'a self,
        package: &'a str,
    ) -> impl Iterator<Item = &'a super::MachineDef> + 'a {
        in_package(&self.machines, package)
    }

    /// The Kafka topics of one package, in name order.
    pub fn topics_in<'a>(
        &'a self,
        package: &'a str,
    ) -> impl Iterator<Item = &'a super::TopicDef> + 'a {
        in_package(&self.topics, package)
    }

    /// One version of a type, if both exist.
    pub fn resolve(&self, reference: &TypeRef) -> Option<(&TypeDef, &TypeVersion)> {
        let def = self.types.get(&reference.name)?;
        Some((def, def.version(reference.version)?))
    }

    /// Every type version, in name then version order.
    pub fn type_versions(&self) -> impl Iterator<Item = (&TypeDef, &TypeVersion)> {
        self.types
            .values()
            .flat_map(|def| def.versions.iter().map(move |v| (def, v)))
    }
}

/// The kinds of named type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind {
    /// A record of fields.
    Record,
    /// An enumeration of symbols.
    Enum,
    /// A fixed number of bytes.
    Fixed,
    /// A distinct name for another type, identical on the wire.
    Newtype,
}

impl TypeKind {
    /// The keyword that declares it.
    pub fn keyword(self) -> &'static str {
        match self {
            TypeKind::Record => "record",
            TypeKind::Enum => "enum",
            TypeKind::Fixed => "fixed",
            TypeKind::Newtype => "newtype",
        }
    }
}

/// One declared type with all its versions.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Its full name.
    pub name: FullName,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// Its doc comment.
    pub doc: Option<String>,
    /// Whether it is written as `version` blocks.
    pub versioned: bool,
    /// `compat` written on the type (the project default applies otherwise).
    pub compat: Option<CompatMode>,
    /// Type-level annotations.
    pub annotations: Annotations,
    /// The versions, numbered 1..=n in order (a single version 1 when unversioned).
    pub versions: Vec<TypeVersion>,
    /// The whole declaration.
    pub span: Span,
    /// The declared name.
    pub name_span: Span,
}

impl TypeDef {
    /// The Avro namespace: `@namespace` when written, else the package (`""` is the null
    /// namespace).
    pub fn avro_namespace(&self) -> &str {
        self.annotations
            .namespace
            .as_deref()
            .unwrap_or(&self.name.package)
    }

    /// The Avro full name: the name in its Avro namespace. Union tags, references and aliases on
    /// the wire use it; generated code keeps the contract name.
    pub fn avro_name(&self) -> String {
        avro_full_name(self.avro_namespace(), &self.name.name)
    }

    /// The version numbered `number`.
    pub fn version(&self, number: u32) -> Option<&TypeVersion> {
        self.versions.iter().find(|v| v.number == number)
    }

    /// The doc of one version: its own, else the type's.
    pub fn doc_of<'d>(&'d self, version: &'d TypeVersion) -> Option<&'d str> {
        version.doc.as_deref().or(self.doc.as_deref())
    }

    /// The highest version.
    #[allow(
        clippy::expect_used,
        reason = "the resolver creates a `TypeDef` only with its first version"
    )]
    pub fn latest(&self) -> &TypeVersion {
        self.versions.last().expect("every type has a version")
    }
}

/// One version of a type.
#[derive(Debug, Clone)]
pub struct TypeVersion {
    /// Its number, from 1.
    pub number: u32,
    /// Its own doc comment (`///` before `version N`), in place of the type's.
    pub doc: Option<String>,
    /// Its definition.
    pub body: Body,
    /// The `version N { ... }` block, or the whole declaration when unversioned.
    pub span: Span,
}

/// The definition of one type version.
#[derive(Debug, Clone)]
pub enum Body {
    /// Record fields in order.
    Record(Vec<Field>),
    /// Enum symbols.
    Enum(EnumDef),
    /// Fixed size.
    Fixed(FixedDef),
    /// The wrapped type.
    Newtype(Type),
}

/// One record field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Its (wire) name.
    pub name: String,
    /// Its doc comment.
    pub doc: Option<String>,
    /// Its type.
    pub ty: Type,
    /// Its default value, unchecked until validation.
    pub default: Option<Value>,
    /// Its annotations.
    pub annotations: Annotations,
    /// Attributes of type schemas inside its type (`@meta` written before a type), by place.
    pub type_meta: TypeMeta,
    /// The whole field.
    pub span: Span,
    /// The field name.
    pub name_span: Span,
    /// The type.
    pub ty_span: Span,
    /// The default value.
    pub default_span: Option<Span>,
}

/// One step down a type expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeStep {
    /// The items of a `list<T>`.
    Item,
    /// The values of a `map<T>`.
    Value,
    /// What an optional holds (`T` of `T?`, or the union of the non-null branches).
    Inner,
    /// Branch `i` of a `union<...>`, counted as the model holds them (`null` not counted).
    Branch(usize),
}

/// Attributes of the Avro schemas of types inside a field's type, by their place from the
/// field's type (the empty path is the field's type itself). Only primitive, logical, decimal,
/// list and map types carry them: Avro has no attributes on unions or name references.
pub type TypeMeta = BTreeMap<Vec<TypeStep>, Vec<(String, Value)>>;

/// Enum symbols and default.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// The symbols in order.
    pub symbols: Vec<EnumSymbol>,
    /// The symbol unknown values read as, if any.
    pub default: Option<String>,
    /// Where the default is written.
    pub default_span: Option<Span>,
}

/// One enum symbol.
#[derive(Debug, Clone)]
pub struct EnumSymbol {
    /// The symbol.
    pub name: String,
    /// Its doc comment.
    pub doc: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// Size of a fixed type and the decimal it may carry.
#[derive(Debug, Clone, Copy)]
pub struct FixedDef {
    /// Size in bytes.
    pub size: u64,
    /// Where the size is written.
    pub size_span: Span,
    /// `decimal(p, s)` on the fixed bytes.
    pub decimal: Option<Decimal>,
    /// Where `decimal(p, s)` is written.
    pub decimal_span: Option<Span>,
}

/// Decimal precision and scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// Total digits.
    pub precision: u64,
    /// Digits after the point.
    pub scale: u64,
    /// Written `decimal(p)`: scale 0, and the Avro schema says no `scale` (Avro's default).
    pub scale_omitted: bool,
}

impl Decimal {
    /// `decimal(p, s)`, as written.
    pub fn new(precision: u64, scale: u64) -> Decimal {
        Decimal {
            precision,
            scale,
            scale_omitted: false,
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scale_omitted {
            true => write!(f, "decimal({})", self.precision),
            false => write!(f, "decimal({}, {})", self.precision, self.scale),
        }
    }
}

/// Scalar types: primitives and logical types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    /// `null`: no value (a record field that is always null; in a union, see [`NullAt`]).
    Null,
    /// `bool`.
    Bool,
    /// `int`: 32-bit signed.
    Int,
    /// `long`: 64-bit signed.
    Long,
    /// `float`: 32-bit IEEE 754.
    Float,
    /// `double`: 64-bit IEEE 754.
    Double,
    /// `string`: UTF-8.
    String,
    /// `bytes`.
    Bytes,
    /// `uuid` (on string).
    Uuid,
    /// `date`: days since the Unix epoch (on int).
    Date,
    /// `time_ms`: milliseconds after midnight (on int).
    TimeMs,
    /// `time_us`: microseconds after midnight (on long).
    TimeUs,
    /// `timestamp_ms`: UTC milliseconds since the epoch (on long).
    TimestampMs,
    /// `timestamp_us`: UTC microseconds since the epoch (on long).
    TimestampUs,
    /// `local_timestamp_ms`: local milliseconds, no zone (on long).
    LocalTimestampMs,
    /// `local_timestamp_us`: local microseconds, no zone (on long).
    LocalTimestampUs,
}

impl Scalar {
    /// Every scalar with its name in contracts.
    pub const NAMES: &'static [(&'static str, Scalar)] = &[
        ("null", Scalar::Null),
        ("bool", Scalar::Bool),
        ("int", Scalar::Int),
        ("long", Scalar::Long),
        ("float", Scalar::Float),
        ("double", Scalar::Double),
        ("string", Scalar::String),
        ("bytes", Scalar::Bytes),
        ("uuid", Scalar::Uuid),
        ("date", Scalar::Date),
        ("time_ms", Scalar::TimeMs),
        ("time_us", Scalar::TimeUs),
        ("timestamp_ms", Scalar::TimestampMs),
        ("timestamp_us", Scalar::TimestampUs),
        ("local_timestamp_ms", Scalar::LocalTimestampMs),
        ("local_timestamp_us", Scalar::LocalTimestampUs),
    ];

    /// The scalar written as `name`.
    pub fn from_name(name: &str) -> Option<Scalar> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
    }

    /// Its name in contracts.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("?", |(n, _)| n)
    }

    /// The Avro logical type it is, if it is one.
    pub fn avro_logical_type(self) -> Option<&'static str> {
        Some(match self {
            Scalar::Uuid => "uuid",
            Scalar::Date => "date",
            Scalar::TimeMs => "time-millis",
            Scalar::TimeUs => "time-micros",
            Scalar::TimestampMs => "timestamp-millis",
            Scalar::TimestampUs => "timestamp-micros",
            Scalar::LocalTimestampMs => "local-timestamp-millis",
            Scalar::LocalTimestampUs => "local-timestamp-micros",
            _ => return None,
        })
    }

    /// The scalar Avro writes as `primitive` with `logicalType` = `logical`, if accord models it.
    pub fn from_avro_logical(primitive: &str, logical: &str) -> Option<Scalar> {
        Self::NAMES
            .iter()
            .map(|(_, s)| *s)
            .find(|s| s.avro_primitive() == primitive && s.avro_logical_type() == Some(logical))
    }

    /// The Avro primitive that carries it on the wire.
    pub fn avro_primitive(self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool => "boolean",
            Scalar::Int | Scalar::Date | Scalar::TimeMs => "int",
            Scalar::Long
            | Scalar::TimeUs
            | Scalar::TimestampMs
            | Scalar::TimestampUs
            | Scalar::LocalTimestampMs
            | Scalar::LocalTimestampUs => "long",
            Scalar::Float => "float",
            Scalar::Double => "double",
            Scalar::String | Scalar::Uuid => "string",
            Scalar::Bytes => "bytes",
        }
    }
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A primitive or logical scalar.
    Scalar(Scalar),
    /// `decimal(p, s)` on bytes.
    Decimal(Decimal),
    /// `list<T>`.
    List(Box<Type>),
    /// `map<T>` with string keys.
    Map(Box<Type>),
    /// `T?`, or a union with a `null` branch: null or a value (of the union of the other
    /// branches when there are several). Where `null` goes on the wire is [`NullAt`].
    Optional(Box<Type>, NullAt),
    /// `union<A, B, ...>`.
    Union(Vec<Type>),
    /// A version of a named type.
    Named(TypeRef),
}

/// Where the `null` of an optional is among the Avro union branches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NullAt {
    /// Written `T?`: `null` first, or last when the default is not null.
    Derived,
    /// Written `union<..., null, ...>`: the branches, `null` at this index, are the wire order
    /// exactly, whatever the default.
    Written(usize),
}

impl Type {
    /// The branches of an optional written as `union<...>` with `null` at `index`, in order.
    pub fn written_branches(inner: &Type, index: usize) -> Vec<Option<&Type>> {
        let mut branches: Vec<Option<&Type>> = match inner {
            Type::Union(values) => values.iter().map(Some).collect(),
            other => vec![Some(other)],
        };
        branches.insert(index.min(branches.len()), None);
        branches
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Scalar(scalar) => f.write_str(scalar.name()),
            Type::Decimal(d) => write!(f, "{d}"),
            Type::List(inner) => write!(f, "list<{inner}>"),
            Type::Map(inner) => write!(f, "map<{inner}>"),
            Type::Optional(inner, NullAt::Derived) => write!(f, "{inner}?"),
            Type::Optional(inner, NullAt::Written(index)) => {
                let names: Vec<String> = Type::written_branches(inner, *index)
                    .into_iter()
                    .map(|b| b.map_or_else(|| "null".to_string(), Type::to_string))
                    .collect();
                write!(f, "union<{}>", names.join(", "))
            }
            Type::Union(branches) => {
                let names: Vec<String> = branches.iter().map(Type::to_string).collect();
                write!(f, "union<{}>", names.join(", "))
            }
            Type::Named(reference) => write!(f, "{}@{}", reference.name, reference.version),
        }
    }
}

/// A literal value, as written (checked against its type by validation).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// A string.
    String(String),
    /// An enum symbol.
    Symbol(String),
    /// A list.
    List(Vec<Value>),
    /// A map or record, entries in written order.
    Object(Vec<(String, Value)>),
}

/// Annotations of a type or field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotations {
    /// `@key`.
    pub key: bool,
    /// `@ref(Type@N.field)`.
    pub reference: Option<Box<Reference>>,
    /// `@renamed(...)`: earlier names, as written (full names for types after resolution).
    pub renamed_from: Vec<String>,
    /// `@unit("...")`.
    pub unit: Option<String>,
    /// `@deprecated`, with its reason when given.
    pub deprecated: Option<Option<String>>,
    /// `@classification("...")`.
    pub classification: Option<String>,
    /// `@namespace("...")` on a named type: its Avro namespace when it differs from the package
    /// (`""` is Avro's null namespace).
    pub namespace: Option<String>,
    /// `@plain` on a newtype: its Avro schema is the wrapped type's alone (no `accord.newtype`).
    pub plain: bool,
    /// `@error` on a record: Avro type `error` instead of `record` (same wire, same resolution).
    pub error: bool,
    /// `@meta(key = value, ...)`, in written order.
    pub meta: Vec<(String, Value)>,
    /// `@migrate(...)`: the hooks of this field's migration from and to the previous version.
    /// Not part of the wire schema nor of the definition hash.
    pub migrate: Option<Box<Migrate>>,
}

/// `@migrate(from = field, with = hook, back = hook)` on a field of version N (N >= 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrate {
    /// `from`: the field of version N-1 the hooks work on (else `with` gets the whole value).
    pub from: Option<SpannedName>,
    /// `with`: the hook computing this field when upgrading from version N-1.
    pub with: Option<SpannedName>,
    /// `back`: the hook computing `from` of version N-1 from this field when downgrading.
    pub back: Option<SpannedName>,
    /// The whole annotation.
    pub span: Span,
}

/// A name as written in the source, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpannedName {
    /// The name.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// The target of `@ref`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The referenced type version.
    pub target: TypeRef,
    /// The referenced field.
    pub field: String,
    /// Where the annotation is written.
    pub span: Span,
}
