//! The syntax tree of one `.accord` file, exactly as written (nothing resolved yet).

use crate::source::Span;

/// A name as written, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The text.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// A dotted name such as `shop.orders.Order`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    /// The parts, at least one.
    pub segments: Vec<Ident>,
    /// The whole path.
    pub span: Span,
}

impl Path {
    /// The path as written, joined with dots.
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self.segments.iter().map(|s| s.name.as_str()).collect();
        names.join(".")
    }
}

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// `package a.b;`, if present.
    pub package: Option<Path>,
    /// The `import` declarations.
    pub imports: Vec<Import>,
    /// The type declarations, in file order.
    pub decls: Vec<Decl>,
    /// The `layout` declarations, in file order.
    pub layouts: Vec<LayoutDecl>,
    /// The `topic` declarations, in file order.
    pub topics: Vec<TopicDecl>,
    /// The `machine` declarations, in file order.
    pub machines: Vec<MachineDecl>,
}

/// `import a.b.{X, Y};` or `import a.b.X;`.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The package imported from.
    pub package: Path,
    /// The names imported.
    pub names: Vec<Ident>,
    /// The whole declaration.
    pub span: Span,
}

/// One type declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    /// The `///` lines before it.
    pub doc: Option<String>,
    /// Annotations written before the keyword.
    pub annotations: Vec<Annotation>,
    /// The declared name.
    pub name: Ident,
    /// What is declared.
    pub kind: DeclKind,
    /// The whole declaration.
    pub span: Span,
}

/// The kinds of declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum DeclKind {
    /// `record Name { ... }`.
    Record(Versioned<Vec<Field>>),
    /// `enum Name { ... }`.
    Enum(Versioned<EnumBody>),
    /// `fixed Name(size);` or `fixed Name(size) decimal(p, s);`.
    Fixed(FixedBody),
    /// `newtype Name = Type;`.
    Newtype(TypeExpr),
}

/// A body that is either written once or as numbered `version` blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned<T> {
    /// `compat mode;`, if written.
    pub compat: Option<Ident>,
    /// The definitions.
    pub body: VersionedBody<T>,
}

/// Unversioned members, or version blocks.
#[derive(Debug, Clone, PartialEq)]
pub enum VersionedBody<T> {
    /// Members written directly in the type's braces.
    Single(T),
    /// `version N { ... }` blocks, as written.
    Versions(Vec<VersionBlock<T>>),
}

/// `version N { ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionBlock<T> {
    /// The `///` lines before `version N`: this version's doc, in place of the type's.
    pub doc: Option<String>,
    /// The number written.
    pub number: u64,
    /// The `version N` keyword and number.
    pub number_span: Span,
    /// The members.
    pub members: T,
    /// The whole block.
    pub span: Span,
}

/// One record field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The `///` lines before it.
    pub doc: Option<String>,
    /// The field name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
    /// Annotations (written before the name or after the type).
    pub annotations: Vec<Annotation>,
    /// `= value`, if written.
    pub default: Option<ValueExpr>,
    /// The whole field.
    pub span: Span,
}

/// The members of an enum (or of one enum version).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnumBody {
    /// The symbols in order.
    pub symbols: Vec<EnumSymbol>,
    /// `default SYMBOL`, if written.
    pub default: Option<Ident>,
}

/// One enum symbol.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumSymbol {
    /// The `///` lines before it.
    pub doc: Option<String>,
    /// The symbol.
    pub name: Ident,
}

/// `fixed Name(size)`, optionally carrying a decimal.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedBody {
    /// Size in bytes.
    pub size: u64,
    /// Where the size is written.
    pub size_span: Span,
    /// `decimal(p, s)` after the size, if written.
    pub decimal: Option<DecimalExpr>,
}

/// `decimal(precision, scale)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecimalExpr {
    /// Total number of digits.
    pub precision: u64,
    /// Digits after the point; `None` in `decimal(p)` (scale 0, not written in Avro).
    pub scale: Option<u64>,
    /// The whole expression.
    pub span: Span,
}

/// A type as written.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A built-in scalar such as `long` or `timestamp_ms`.
    Builtin(Ident),
    /// `decimal(p, s)`.
    Decimal(DecimalExpr),
    /// `list<T>`.
    List(Box<TypeExpr>, Span),
    /// `map<T>`.
    Map(Box<TypeExpr>, Span),
    /// `union<A, B, ...>`.
    Union(Vec<TypeExpr>, Span),
    /// `T?`.
    Optional(Box<TypeExpr>, Span),
    /// A named type, `Name` or `pkg.Name`, with `@N` when pinned.
    Named(TypeName),
    /// `@meta(...) T`: annotations written before a type, for its Avro schema.
    Annotated(Vec<Annotation>, Box<TypeExpr>, Span),
}

impl TypeExpr {
    /// Where the type is written.
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Builtin(ident) => ident.span,
            TypeExpr::Decimal(decimal) => decimal.span,
            TypeExpr::List(_, span)
            | TypeExpr::Map(_, span)
            | TypeExpr::Union(_, span)
            | TypeExpr::Optional(_, span)
            | TypeExpr::Annotated(_, _, span) => *span,
            TypeExpr::Named(name) => name.span,
        }
    }
}

/// A reference to a named type: `Customer`, `shop.customers.Customer@2`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeName {
    /// The (possibly qualified) name.
    pub path: Path,
    /// The pinned version, with its span.
    pub version: Option<(u64, Span)>,
    /// The whole reference.
    pub span: Span,
}

/// A literal value (field defaults, `@meta` values).
#[derive(Debug, Clone, PartialEq)]
pub enum ValueExpr {
    /// `null`.
    Null(Span),
    /// `true` / `false`.
    Bool(bool, Span),
    /// An integer, sign applied.
    Int(i128, Span),
    /// A float, sign applied.
    Float(f64, Span),
    /// A string.
    Str(String, Span),
    /// A bare name: an enum symbol.
    Symbol(Ident),
    /// `[a, b]`.
    List(Vec<ValueExpr>, Span),
    /// `{ key: value, ... }`: a map or a record.
    Object(Vec<(Ident, ValueExpr)>, Span),
}

impl ValueExpr {
    /// Where the value is written.
    pub fn span(&self) -> Span {
        match self {
            ValueExpr::Null(span)
            | ValueExpr::Bool(_, span)
            | ValueExpr::Int(_, span)
            | ValueExpr::Float(_, span)
            | ValueExpr::Str(_, span)
            | ValueExpr::List(_, span)
            | ValueExpr::Object(_, span) => *span,
            ValueExpr::Symbol(ident) => ident.span,
        }
    }
}

/// An annotation: `@key`, `@unit("cents")`, ...
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// What it says.
    pub kind: AnnotationKind,
    /// The whole annotation.
    pub span: Span,
}

/// The annotations accord knows.
#[derive(Debug, Clone, PartialEq)]
pub enum AnnotationKind {
    /// `@key`: the field is (part of) the record's key.
    Key,
    /// `@ref(Type@N.field)`: the field holds a key of another type.
    Ref(RefTarget),
    /// `@renamed(old, ...)`: earlier names (Avro aliases).
    Renamed(Vec<Path>),
    /// `@unit("...")`.
    Unit(String),
    /// `@deprecated("...")` or `@deprecated`.
    Deprecated(Option<String>),
    /// `@classification("...")`.
    Classification(String),
    /// `@namespace("...")`: the Avro namespace of a named type, when it is not its package.
    Namespace(String),
    /// `@plain` on a newtype: written in Avro as its type alone, without `accord.newtype`.
    Plain,
    /// `@error` on a record: an Avro `error` (a record that Avro protocols throw).
    Error,
    /// `@meta(key = value, ...)`.
    Meta(Vec<(Ident, ValueExpr)>),
    /// `@migrate(from = field, with = hook, back = hook)`.
    Migrate(MigrateArgs),
}

/// The arguments of `@migrate`, each optional, in any order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MigrateArgs {
    /// `from = field`: the field of the previous version the hooks work on.
    pub from: Option<Ident>,
    /// `with = hook`: the hook that computes this field when upgrading.
    pub with: Option<Ident>,
    /// `back = hook`: the hook that computes the `from` field when downgrading.
    pub back: Option<Ident>,
}

impl AnnotationKind {
    /// The annotation's name without `@`.
    pub fn name(&self) -> &'static str {
        match self {
            AnnotationKind::Key => "key",
            AnnotationKind::Ref(_) => "ref",
            AnnotationKind::Renamed(_) => "renamed",
            AnnotationKind::Unit(_) => "unit",
            AnnotationKind::Deprecated(_) => "deprecated",
            AnnotationKind::Classification(_) => "classification",
            AnnotationKind::Namespace(_) => "namespace",
            AnnotationKind::Plain => "plain",
            AnnotationKind::Error => "error",
            AnnotationKind::Meta(_) => "meta",
            AnnotationKind::Migrate(_) => "migrate",
        }
    }
}

/// The target of `@ref`: a type (pinned if versioned) and one of its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct RefTarget {
    /// The referenced type.
    pub ty: TypeName,
    /// The referenced field.
    pub field: Ident,
}

/// `layout Name { ... }`: a storage path layout, unversioned or in `version` blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutDecl {
    /// The `///` lines before it.
    pub doc: Option<String>,
    /// The declared name.
    pub name: Ident,
    /// `compat`, and the body or its versions (`None` where a body did not parse).
    pub body: Versioned<Option<LayoutBody>>,
    /// The whole declaration.
    pub span: Span,
}

/// `path "template"; stores Type@N as format;`.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutBody {
    /// The path template, escapes decoded.
    pub path: String,
    /// The string literal, quotes included.
    pub path_span: Span,
    /// The stored type.
    pub stores: TypeName,
    /// The file format name (`parquet`, `avro`, ...).
    pub format: Ident,
    /// The publication rules after `stores` (`immutable;`, `commit "...";`), in written order.
    pub publication: Vec<PublicationClause>,
}

/// One publication rule of a layout body (`docs/layouts.md#publication`).
#[derive(Debug, Clone, PartialEq)]
pub struct PublicationClause {
    /// What it says.
    pub kind: PublicationKind,
    /// The whole clause, `;` included.
    pub span: Span,
}

/// The publication rules a layout body can declare.
#[derive(Debug, Clone, PartialEq)]
pub enum PublicationKind {
    /// `immutable;`: a path, once written, is never rewritten.
    Immutable,
    /// `commit "template";`: the commit manifest of each group, escapes decoded, and the
    /// string literal (quotes included).
    Commit(String, Span),
}

/// `topic Name { name "..."; key K; value V@1..2; compat mode; partition_by field; }`.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicDecl {
    /// The `///` lines before it.
    pub doc: Option<String>,
    /// The declared name.
    pub name: Ident,
    /// The clauses, in written order.
    pub clauses: Vec<TopicClause>,
    /// Whether a clause had a syntax error (reported): what is missing may be in it.
    pub recovered: bool,
    /// The whole declaration.
    pub span: Span,
}

/// One clause of a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicClause {
    /// What it says.
    pub kind: TopicClauseKind,
    /// The whole clause.
    pub span: Span,
}

/// The clauses a topic has.
#[derive(Debug, Clone, PartialEq)]
pub enum TopicClauseKind {
    /// `name "kafka.topic";`.
    Name(String, Span),
    /// `key Type;`.
    Key(TopicType),
    /// `value Type@2..3;`.
    Value(TopicType),
    /// `compat mode;`.
    Compat(Ident),
    /// `partition_by field;`.
    PartitionBy(Ident),
}

impl TopicClauseKind {
    /// The clause's keyword.
    pub fn keyword(&self) -> &'static str {
        match self {
            TopicClauseKind::Name(..) => "name",
            TopicClauseKind::Key(_) => "key",
            TopicClauseKind::Value(_) => "value",
            TopicClauseKind::Compat(_) => "compat",
            TopicClauseKind::PartitionBy(_) => "partition_by",
        }
    }
}

/// The type of a topic's key or value, with the versions allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicType {
    /// The type; a pin (`@2`) is the first version of a range.
    pub ty: TypeExpr,
    /// `..3` after a pin, or `@[1, 3]`.
    pub versions: Option<VersionSet>,
    /// The whole type with its versions.
    pub span: Span,
}

/// Several versions of one type.
#[derive(Debug, Clone, PartialEq)]
pub enum VersionSet {
    /// `@first..last` (the pin is the first): every version from the pin to `last`.
    Range {
        /// The last version, included.
        last: u64,
        /// `@first..last`.
        span: Span,
    },
    /// `@[a, b, ...]`.
    List(Vec<(u64, Span)>, Span),
}

/// `machine Name { ... }`: a state machine over a versioned event record, unversioned or in
/// `version` blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct MachineDecl {
    /// The `///` lines before it.
    pub doc: Option<String>,
    /// The declared name.
    pub name: Ident,
    /// `compat`, and the clauses or the clauses of each version.
    pub body: Versioned<MachineBody>,
    /// The whole declaration.
    pub span: Span,
}

/// The clauses of a machine (or of one machine version), in written order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MachineBody {
    /// The clauses that parsed.
    pub clauses: Vec<MachineClause>,
    /// Whether a clause had a syntax error (reported): what is missing may be in it.
    pub recovered: bool,
}

/// One clause of a machine.
#[derive(Debug, Clone, PartialEq)]
pub struct MachineClause {
    /// What it says.
    pub kind: MachineClauseKind,
    /// The whole clause.
    pub span: Span,
}

/// The clauses a machine has.
#[derive(Debug, Clone, PartialEq)]
pub enum MachineClauseKind {
    /// `event Type@N;`: the record that carries each transition.
    Event(TypeName),
    /// `instance field;`: the event field naming the instance the event is about.
    Instance(Ident),
    /// `sequence field;`: the event field ordering the events of an instance.
    Sequence(Ident),
    /// `idempotency field;`: the event field that is the same on a retried event.
    Idempotency(Ident),
    /// `state field;`: the event field holding the state the instance moves to (an enum).
    State(Ident),
    /// `initial STATE;`.
    Initial(Ident),
    /// `terminal STATE, ...;`.
    Terminal(Vec<Ident>),
    /// `from STATE to STATE, ...;`.
    Transition {
        /// The state it leaves.
        from: Ident,
        /// The states it may move to.
        to: Vec<Ident>,
    },
}

impl MachineClauseKind {
    /// The clause keywords, in the order the reference lists them.
    pub const KEYWORDS: &'static [&'static str] = &[
        "event",
        "instance",
        "sequence",
        "idempotency",
        "state",
        "initial",
        "terminal",
        "from",
    ];

    /// The clause's keyword.
    pub fn keyword(&self) -> &'static str {
        match self {
            MachineClauseKind::Event(_) => "event",
            MachineClauseKind::Instance(_) => "instance",
            MachineClauseKind::Sequence(_) => "sequence",
            MachineClauseKind::Idempotency(_) => "idempotency",
            MachineClauseKind::State(_) => "state",
            MachineClauseKind::Initial(_) => "initial",
            MachineClauseKind::Terminal(_) => "terminal",
            MachineClauseKind::Transition { .. } => "from",
        }
    }
}
