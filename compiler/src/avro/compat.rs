//! Reader/writer compatibility with exactly the semantics of Java Avro 1.12's
//! `SchemaCompatibility.checkReaderWriterCompatibility`.
//!
//! The same verdicts, the same six incompatibility kinds, the same JSON-pointer locations and
//! messages, every incompatibility reported in the same order, and the same memoisation (which
//! breaks recursion and, as in Java, makes a repeated reader/writer pair report the locations of its
//! first visit). Java throws when a reader field's name and aliases match several writer fields;
//! that is [`CompatError::AmbiguousField`] here, a distinct outcome.
//!
//! Java hides why a writer union branch (or a writer type under a reader union) failed to resolve;
//! [`Incompatibility::causes`] exposes those inner incompatibilities, without changing the
//! Java-equivalent list.

use std::collections::hash_map::Entry;
use std::collections::BTreeSet;
use std::collections::HashMap;
use std::fmt;

use super::schema::{Field, Named, Node, NodeId, Schema, SchemaKind};

/// The six kinds of incompatibility Java reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IncompatibilityKind {
    /// A named type's name differs and no reader alias matches.
    NameMismatch,
    /// Two fixed types differ in size.
    FixedSizeMismatch,
    /// The writer enum has symbols the reader lacks, and the reader has no default.
    MissingEnumSymbols,
    /// A reader field is absent from the writer and has no default.
    ReaderFieldMissingDefaultValue,
    /// The types cannot be resolved (no promotion applies).
    TypeMismatch,
    /// A writer type has no matching branch in the reader union.
    MissingUnionBranch,
}

impl IncompatibilityKind {
    /// All kinds, in Java's declaration order.
    pub const ALL: [IncompatibilityKind; 6] = [
        IncompatibilityKind::NameMismatch,
        IncompatibilityKind::FixedSizeMismatch,
        IncompatibilityKind::MissingEnumSymbols,
        IncompatibilityKind::ReaderFieldMissingDefaultValue,
        IncompatibilityKind::TypeMismatch,
        IncompatibilityKind::MissingUnionBranch,
    ];

    /// Java's constant name (`"TYPE_MISMATCH"`).
    pub fn java_name(self) -> &'static str {
        match self {
            IncompatibilityKind::NameMismatch => "NAME_MISMATCH",
            IncompatibilityKind::FixedSizeMismatch => "FIXED_SIZE_MISMATCH",
            IncompatibilityKind::MissingEnumSymbols => "MISSING_ENUM_SYMBOLS",
            IncompatibilityKind::ReaderFieldMissingDefaultValue => {
                "READER_FIELD_MISSING_DEFAULT_VALUE"
            }
            IncompatibilityKind::TypeMismatch => "TYPE_MISMATCH",
            IncompatibilityKind::MissingUnionBranch => "MISSING_UNION_BRANCH",
        }
    }

    /// The kind with Java constant name `name`.
    pub fn from_java_name(name: &str) -> Option<IncompatibilityKind> {
        Self::ALL.into_iter().find(|k| k.java_name() == name)
    }
}

impl fmt::Display for IncompatibilityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.java_name())
    }
}

/// One incompatibility, as Java reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incompatibility {
    /// What kind of incompatibility.
    pub kind: IncompatibilityKind,
    /// The JSON pointer Java reports (`/fields/3/type/items`), in the reader's structure.
    pub location: String,
    /// Java's message.
    pub message: String,
    /// For a `MISSING_UNION_BRANCH`, the incompatibilities that made the branch fail, which Java
    /// computes and drops. Their locations are the ones Java computed for the inner check (from the
    /// union and the writer branch), appended to this incompatibility's location. Empty for other
    /// kinds.
    pub causes: Vec<Incompatibility>,
}

/// The verdict for one reader/writer pair: compatible exactly when no incompatibility was found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Compatibility {
    /// Every incompatibility, in Java's order.
    pub incompatibilities: Vec<Incompatibility>,
}

impl Compatibility {
    /// Whether the reader can read everything the writer writes.
    pub fn is_compatible(&self) -> bool {
        self.incompatibilities.is_empty()
    }
}

/// A check that Java aborts with an exception rather than a verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompatError {
    /// A reader field's name and aliases match more than one writer field (Java's
    /// `AvroRuntimeException: Reader record field ... matches multiple fields`).
    AmbiguousField {
        /// The reader field.
        reader_field: String,
        /// The writer record's full name.
        writer_record: String,
        /// The location of the reader field (`/fields/2`).
        location: String,
    },
}

impl fmt::Display for CompatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompatError::AmbiguousField { reader_field, writer_record, location } => write!(
                f,
                "Reader record field {reader_field} matches multiple fields in writer record schema {writer_record} (at {location})"
            ),
        }
    }
}

impl std::error::Error for CompatError {}

/// Checks whether data written with `writer` can be read with `reader`, as Java's
/// `SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)` does.
pub fn check_compatibility(reader: &Schema, writer: &Schema) -> Result<Compatibility, CompatError> {
    let mut checker = Checker {
        reader,
        writer,
        // Most checks visit about as many pairs as the smaller schema has nodes.
        memo: HashMap::with_capacity_and_hasher(
            reader.nodes().len().min(writer.nodes().len()),
            Default::default(),
        ),
    };
    let incompatibilities = checker.check_fresh(reader.root(), writer.root())?;
    Ok(Compatibility { incompatibilities })
}

/// One step of a location path; Java keeps them as strings on a stack.
#[derive(Debug, Clone, Copy)]
enum Token {
    Root,
    Items,
    Values,
    Type,
    Fields,
    Name,
    Size,
    Symbols,
    Index(usize),
}

/// Renders a path as Java's `Incompatibility.getLocation` does: the first element (the root) is
/// skipped.
fn render(path: &[Token]) -> String {
    let mut out = String::from("/");
    for (i, token) in path.iter().skip(1).enumerate() {
        if i > 0 {
            out.push('/');
        }
        match token {
            Token::Root => {}
            Token::Items => out.push_str("items"),
            Token::Values => out.push_str("values"),
            Token::Type => out.push_str("type"),
            Token::Fields => out.push_str("fields"),
            Token::Name => out.push_str("name"),
            Token::Size => out.push_str("size"),
            Token::Symbols => out.push_str("symbols"),
            Token::Index(n) => out.push_str(&n.to_string()),
        }
    }
    out
}

type Found = Result<Vec<Incompatibility>, CompatError>;

enum Memo {
    InProgress,
    Done(Vec<Incompatibility>),
}

/// Java's `ReaderWriterCompatibilityChecker`: one memo table for the whole check, keyed by node
/// identity.
struct Checker<'s> {
    reader: &'s Schema,
    writer: &'s Schema,
    memo: HashMap<(NodeId, NodeId), Memo, foldhash::fast::RandomState>,
}

fn incompatible(kind: IncompatibilityKind, message: String, path: &[Token]) -> Incompatibility {
    Incompatibility {
        kind,
        location: render(path),
        message,
        causes: Vec::new(),
    }
}

impl<'s> Checker<'s> {
    fn r(&self, id: NodeId) -> &'s Node {
        self.reader.node(id)
    }

    fn w(&self, id: NodeId) -> &'s Node {
        self.writer.node(id)
    }

    /// Java's two-argument `getCompatibility`: a fresh location stack, the shared memo table.
    fn check_fresh(&mut self, reader: NodeId, writer: NodeId) -> Found {
        let mut path = Vec::new();
        self.check_at(Token::Root, reader, writer, &mut path)
    }

    /// Java's four-argument `getCompatibility`: memoised, with `token` pushed on the path.
    fn check_at(
        &mut self,
        token: Token,
        reader: NodeId,
        writer: NodeId,
        path: &mut Vec<Token>,
    ) -> Found {
        path.push(token);
        let result = match self.memo.entry((reader, writer)) {
            Entry::Occupied(memo) => match memo.get() {
                Memo::InProgress => Ok(Vec::new()),
                Memo::Done(found) => Ok(found.clone()),
            },
            Entry::Vacant(memo) => {
                memo.insert(Memo::InProgress);
                let result = self.calculate(reader, writer, path);
                if let (Ok(found), Some(memo)) = (&result, self.memo.get_mut(&(reader, writer))) {
                    *memo = Memo::Done(found.clone());
                }
                result
            }
        };
        path.pop();
        result
    }

    fn calculate(&mut self, reader: NodeId, writer: NodeId, path: &mut Vec<Token>) -> Found {
        let (rk, wk) = (self.r(reader).kind(), self.w(writer).kind());
        if rk == wk {
            return self.same_kind(rk, reader, writer, path);
        }
        if let Node::Union { branches } = self.w(writer) {
            let mut found = Vec::new();
            for (i, &branch) in branches.iter().enumerate() {
                found.extend(self.check_at(Token::Index(i), reader, branch, path)?);
            }
            return Ok(found);
        }
        if rk == SchemaKind::Union {
            return self.reader_union(reader, writer, path);
        }
        Ok(if promotes(wk, rk) {
            Vec::new()
        } else {
            vec![type_mismatch(rk, wk, path)]
        })
    }

    fn same_kind(
        &mut self,
        kind: SchemaKind,
        reader: NodeId,
        writer: NodeId,
        path: &mut Vec<Token>,
    ) -> Found {
        match (self.r(reader), self.w(writer)) {
            (Node::Array { items: r, .. }, Node::Array { items: w, .. }) => {
                let (r, w) = (*r, *w);
                self.check_at(Token::Items, r, w, path)
            }
            (Node::Map { values: r, .. }, Node::Map { values: w, .. }) => {
                let (r, w) = (*r, *w);
                self.check_at(Token::Values, r, w, path)
            }
            (
                Node::Fixed {
                    named: rn,
                    size: rs,
                },
                Node::Fixed {
                    named: wn,
                    size: ws,
                },
            ) => {
                let mut found = check_names(rn, wn, path);
                found.extend(check_size(*rs, *ws, path));
                Ok(found)
            }
            (
                Node::Enum {
                    named: rn,
                    symbols: rs,
                    default,
                },
                Node::Enum {
                    named: wn,
                    symbols: ws,
                    ..
                },
            ) => {
                let mut found = check_names(rn, wn, path);
                found.extend(check_symbols(rs, default.as_deref(), ws, path));
                Ok(found)
            }
            (Node::Record { named: rn, .. }, Node::Record { named: wn, .. }) => {
                let mut found = check_names(rn, wn, path);
                found.extend(self.record_fields(reader, writer, path)?);
                Ok(found)
            }
            (Node::Union { .. }, Node::Union { branches }) => {
                self.writer_union(reader, branches, path)
            }
            _ => {
                debug_assert!(SchemaKind::primitive(kind.name()).is_some());
                Ok(Vec::new())
            }
        }
    }

    /// Both unions: every writer branch must be readable by the reader union.
    fn writer_union(
        &mut self,
        reader: NodeId,
        branches: &[NodeId],
        path: &mut Vec<Token>,
    ) -> Found {
        let mut found = Vec::new();
        for (i, &branch) in branches.iter().enumerate() {
            path.push(Token::Index(i));
            let inner = self.check_fresh(reader, branch)?;
            if !inner.is_empty() {
                let message = format!(
                    "reader union lacking writer type: {}",
                    self.w(branch).kind().java_name()
                );
                let lacking = incompatible(IncompatibilityKind::MissingUnionBranch, message, path);
                found.push(with_causes(lacking, inner));
            }
            path.pop();
        }
        Ok(found)
    }

    /// A reader union and a writer of another kind: the first reader branch that reads it wins.
    fn reader_union(&mut self, reader: NodeId, writer: NodeId, path: &mut [Token]) -> Found {
        let Node::Union { branches } = self.r(reader) else {
            return Ok(Vec::new());
        };
        let mut causes = Vec::new();
        for &branch in branches {
            let inner = self.check_fresh(branch, writer)?;
            if inner.is_empty() {
                return Ok(Vec::new());
            }
            causes.extend(inner);
        }
        let message = format!(
            "reader union lacking writer type: {}",
            self.w(writer).kind().java_name()
        );
        let lacking = incompatible(IncompatibilityKind::MissingUnionBranch, message, path);
        Ok(vec![with_causes(lacking, causes)])
    }

    fn record_fields(&mut self, reader: NodeId, writer: NodeId, path: &mut Vec<Token>) -> Found {
        let (
            Node::Record {
                fields: reader_fields,
                ..
            },
            Node::Record {
                fields: writer_fields,
                named,
                ..
            },
        ) = (self.r(reader), self.w(writer))
        else {
            return Ok(Vec::new());
        };
        let mut found = Vec::new();
        path.push(Token::Fields);
        for (i, field) in reader_fields.iter().enumerate() {
            path.push(Token::Index(i));
            let matched = lookup_writer_field(writer_fields, field).map_err(|()| {
                CompatError::AmbiguousField {
                    reader_field: field.name.clone(),
                    writer_record: named.name.full_name(),
                    location: render(path),
                }
            })?;
            match matched {
                Some(writer_field) => {
                    found.extend(self.check_at(Token::Type, field.ty, writer_field.ty, path)?)
                }
                None => found.extend(self.missing_field(field, writer, path)?),
            }
            path.pop();
        }
        path.pop();
        Ok(found)
    }

    /// A reader field the writer lacks needs a default. Java then checks a reader enum field that
    /// has an enum default against the writer record itself (a type mismatch).
    fn missing_field(&mut self, field: &Field, writer: NodeId, path: &mut Vec<Token>) -> Found {
        if field.default.is_some() {
            return Ok(Vec::new());
        }
        if let Node::Enum {
            default: Some(_), ..
        } = self.r(field.ty)
        {
            return self.check_at(Token::Type, field.ty, writer, path);
        }
        let kind = IncompatibilityKind::ReaderFieldMissingDefaultValue;
        Ok(vec![incompatible(kind, field.name.clone(), path)])
    }
}

/// Attaches the inner incompatibilities of a missing union branch, their locations appended to its.
fn with_causes(mut outer: Incompatibility, mut causes: Vec<Incompatibility>) -> Incompatibility {
    for cause in &mut causes {
        rebase(cause, &outer.location);
    }
    outer.causes = causes;
    outer
}

fn rebase(incompatibility: &mut Incompatibility, prefix: &str) {
    incompatibility.location = match (prefix, incompatibility.location.as_str()) {
        (_, "/") => prefix.to_string(),
        ("/", inner) => inner.to_string(),
        (outer, inner) => format!("{outer}{inner}"),
    };
    for cause in &mut incompatibility.causes {
        rebase(cause, prefix);
    }
}

/// Java's `lookupWriterField`: the writer field named like the reader field, or like one of its
/// aliases. `Err` when more than one match (counting a field matched twice).
fn lookup_writer_field<'f>(
    writer_fields: &'f [Field],
    field: &Field,
) -> Result<Option<&'f Field>, ()> {
    let by_name = |name: &str| writer_fields.iter().find(|f| f.name == name);
    let mut matches = by_name(&field.name)
        .into_iter()
        .chain(field.aliases.iter().filter_map(|a| by_name(a)));
    let first = matches.next();
    if matches.next().is_some() {
        return Err(());
    }
    Ok(first)
}

/// Whether a writer of kind `writer` is promoted to a reader of kind `reader`.
pub fn promotes(writer: SchemaKind, reader: SchemaKind) -> bool {
    use SchemaKind::*;
    matches!(
        (writer, reader),
        (Int, Long)
            | (Int | Long, Float)
            | (Int | Long | Float, Double)
            | (String, Bytes)
            | (Bytes, String)
    )
}

fn type_mismatch(reader: SchemaKind, writer: SchemaKind, path: &[Token]) -> Incompatibility {
    let message = format!(
        "reader type: {} not compatible with writer type: {}",
        reader.java_name(),
        writer.java_name()
    );
    incompatible(IncompatibilityKind::TypeMismatch, message, path)
}

/// Java's `schemaNameEquals`: same unqualified name, or a reader alias equal to the writer's full
/// name.
fn names_match(reader: &Named, writer: &Named) -> bool {
    reader.name.name == writer.name.name || reader.has_alias(&writer.name.full_name())
}

fn check_names(reader: &Named, writer: &Named, path: &mut Vec<Token>) -> Vec<Incompatibility> {
    if names_match(reader, writer) {
        return Vec::new();
    }
    path.push(Token::Name);
    let message = format!("expected: {}", writer.name.full_name());
    let found = incompatible(IncompatibilityKind::NameMismatch, message, path);
    path.pop();
    vec![found]
}

fn check_size(reader: u32, writer: u32, path: &mut Vec<Token>) -> Vec<Incompatibility> {
    if reader == writer {
        return Vec::new();
    }
    path.push(Token::Size);
    let message = format!("expected: {writer}, found: {reader}");
    let found = incompatible(IncompatibilityKind::FixedSizeMismatch, message, path);
    path.pop();
    vec![found]
}

fn check_symbols(
    reader: &[String],
    default: Option<&str>,
    writer: &[String],
    path: &mut Vec<Token>,
) -> Vec<Incompatibility> {
    let missing: BTreeSet<&str> = writer
        .iter()
        .map(String::as_str)
        .filter(|s| !reader.iter().any(|r| r == s))
        .collect();
    let defaulted = default.is_some_and(|d| reader.iter().any(|r| r == d));
    if missing.is_empty() || defaulted {
        return Vec::new();
    }
    path.push(Token::Symbols);
    let message = format!("[{}]", missing.into_iter().collect::<Vec<_>>().join(", "));
    let found = incompatible(IncompatibilityKind::MissingEnumSymbols, message, path);
    path.pop();
    vec![found]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn check(writer: Value, reader: Value) -> Result<Compatibility, CompatError> {
        check_compatibility(
            &Schema::parse(&reader).unwrap(),
            &Schema::parse(&writer).unwrap(),
        )
    }

    fn kinds(writer: Value, reader: Value) -> Vec<(String, String)> {
        let found = check(writer, reader).unwrap().incompatibilities;
        found
            .into_iter()
            .map(|i| (i.kind.java_name().to_string(), i.location))
            .collect()
    }

    #[test]
    fn promotions_and_their_reverse() {
        assert!(kinds(json!("int"), json!("long")).is_empty());
        assert_eq!(
            kinds(json!("long"), json!("int")),
            [("TYPE_MISMATCH".into(), "/".into())]
        );
        assert!(kinds(json!("string"), json!("bytes")).is_empty());
        assert!(kinds(json!("float"), json!("double")).is_empty());
    }

    #[test]
    fn missing_default_is_reported_at_the_reader_field() {
        let writer =
            json!({"type": "record", "name": "U", "fields": [{"name": "id", "type": "int"}]});
        let reader = json!({"type": "record", "name": "U", "fields": [{"name": "id", "type": "long"}, {"name": "email", "type": "string"}]});
        let found = check(writer, reader).unwrap().incompatibilities;
        assert_eq!(found.len(), 1);
        assert_eq!(
            (
                found[0].kind,
                found[0].location.as_str(),
                found[0].message.as_str()
            ),
            (
                IncompatibilityKind::ReaderFieldMissingDefaultValue,
                "/fields/1",
                "email"
            )
        );
    }

    #[test]
    fn union_branch_causes_are_exposed() {
        let found = check(json!(["null", "long"]), json!(["null", "int"]))
            .unwrap()
            .incompatibilities;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location, "/1");
        assert_eq!(found[0].message, "reader union lacking writer type: LONG");
        assert_eq!(
            found[0].causes[0].kind,
            IncompatibilityKind::MissingUnionBranch
        );
        assert_eq!(found[0].causes[0].location, "/1");
        let nested = json!({"type": "record", "name": "R", "fields": [{"name": "f", "type": ["null", {"type": "array", "items": "long"}]}]});
        let narrowed = json!({"type": "record", "name": "R", "fields": [{"name": "f", "type": ["null", {"type": "array", "items": "int"}]}]});
        let found = check(nested, narrowed).unwrap().incompatibilities;
        assert_eq!(found[0].location, "/fields/0/type/1");
        let cause = &found[0].causes[0];
        assert_eq!(
            (cause.kind, cause.location.as_str()),
            (IncompatibilityKind::MissingUnionBranch, "/fields/0/type/1")
        );
    }

    #[test]
    fn ambiguous_aliases_are_an_error() {
        let writer = json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "int"}]});
        let reader = json!({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "aliases": ["b"]}]});
        assert!(matches!(
            check(writer, reader),
            Err(CompatError::AmbiguousField { .. })
        ));
    }

    #[test]
    fn recursive_records_terminate() {
        let list = json!({"type": "record", "name": "L", "fields": [{"name": "next", "type": ["null", "L"]}, {"name": "v", "type": "int"}]});
        let list2 = json!({"type": "record", "name": "L", "fields": [{"name": "next", "type": ["null", "L"]}, {"name": "v", "type": "string"}]});
        assert!(kinds(list.clone(), list.clone()).is_empty());
        assert_eq!(
            kinds(list, list2),
            [("TYPE_MISMATCH".into(), "/fields/1/type".into())]
        );
    }
}
