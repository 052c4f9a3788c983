//! The resolved `layout` and `topic` declarations: contracts of the other boundaries of a data
//! platform (storage paths, Kafka topics). Checked by [`crate::layout`] and [`crate::topic`].

use super::model::{CompatMode, FullName, Type, TypeRef};
use crate::source::Span;

/// One layout with all its versions.
#[derive(Debug, Clone)]
pub struct LayoutDef {
    /// Its full name.
    pub name: FullName,
    /// Its doc comment.
    pub doc: Option<String>,
    /// Whether it is written as `version` blocks.
    pub versioned: bool,
    /// `compat` written on the layout (the project default applies otherwise).
    pub compat: Option<CompatMode>,
    /// The versions, in written order (a single version 1 when unversioned).
    pub versions: Vec<LayoutVersion>,
    /// The whole declaration.
    pub span: Span,
    /// The declared name.
    pub name_span: Span,
}

impl LayoutDef {
    /// The version numbered `number`.
    pub fn version(&self, number: u32) -> Option<&LayoutVersion> {
        self.versions.iter().find(|v| v.number == number)
    }
}

/// One version of a layout.
#[derive(Debug, Clone)]
pub struct LayoutVersion {
    /// Its number, from 1.
    pub number: u32,
    /// The template as written (escapes decoded).
    pub template: String,
    /// The template's parts, as far as they parsed (empty when the template has a syntax error).
    pub parts: Vec<LayoutPart>,
    /// The string literal of the template.
    pub template_span: Span,
    /// The stored type version (`None` when it did not resolve).
    pub stores: Option<TypeRef>,
    /// Where the stored type is written.
    pub stores_span: Span,
    /// The file format name.
    pub format: String,
    /// Where the format is written.
    pub format_span: Span,
    /// `immutable;`: where it is written, when it is.
    pub immutable: Option<Span>,
    /// `commit "...";`: the commit manifest of each group, when written and valid.
    pub commit: Option<CommitManifest>,
    /// The `version N { ... }` block, or the whole declaration when unversioned.
    pub span: Span,
}

impl LayoutVersion {
    /// Whether it declares a publication rule (`immutable` or `commit`).
    pub fn publishes(&self) -> bool {
        self.immutable.is_some() || self.commit.is_some()
    }
}

/// `commit "...";`: the manifest that publishes a group (the data files of one directory of
/// the data path; `docs/layouts.md#publication`).
#[derive(Debug, Clone)]
pub struct CommitManifest {
    /// The template as written (escapes decoded).
    pub template: String,
    /// The manifest's file name: the literal after the template's last `/`.
    pub file_name: String,
    /// The directory as readers find it: literals, and `{name}` for each segment.
    pub shape: String,
    /// The string literal.
    pub span: Span,
}

/// One part of a layout's template.
#[derive(Debug, Clone)]
pub enum LayoutPart {
    /// Text every path contains.
    Literal(String),
    /// A typed segment.
    Segment(LayoutSegment),
}

/// One segment of a template.
#[derive(Debug, Clone)]
pub struct LayoutSegment {
    /// Its name.
    pub name: String,
    /// Its type as written.
    pub ty: SegmentType,
    /// `:0N`: the zero-padded width.
    pub pad: Option<usize>,
    /// The whole `{...}` (the template when it has escapes).
    pub span: Span,
}

/// The type of a segment, as written.
#[derive(Debug, Clone)]
pub enum SegmentType {
    /// No type written: the stored record's field of the same name gives it.
    FromStored,
    /// A written type, resolved.
    Written(Type, Span),
    /// A written type that did not resolve (already reported).
    Unresolved,
}

/// One topic.
#[derive(Debug, Clone)]
pub struct TopicDef {
    /// Its full name (the declaration's, not the Kafka topic's).
    pub name: FullName,
    /// Its doc comment.
    pub doc: Option<String>,
    /// The Kafka topic name.
    pub topic: String,
    /// Where the Kafka topic name is written.
    pub topic_span: Span,
    /// The key contract.
    pub key: TopicContract,
    /// The value contract.
    pub value: TopicContract,
    /// `compat` written on the topic (the project default applies otherwise).
    pub compat: Option<CompatMode>,
    /// `partition_by`: the field and where it is written.
    pub partition_by: Option<(String, Span)>,
    /// The whole declaration.
    pub span: Span,
    /// The declared name.
    pub name_span: Span,
}

/// The versions of one type allowed as a topic's key or value.
#[derive(Debug, Clone)]
pub struct TopicContract {
    /// Each allowed type version, in ascending version order (a scalar or unversioned type
    /// has one).
    pub types: Vec<Type>,
    /// Where it is written.
    pub span: Span,
}

impl TopicContract {
    /// The allowed versions as references (empty for a scalar).
    pub fn refs(&self) -> Vec<&TypeRef> {
        self.types
            .iter()
            .filter_map(|t| match t {
                Type::Named(r) => Some(r),
                _ => None,
            })
            .collect()
    }
}
