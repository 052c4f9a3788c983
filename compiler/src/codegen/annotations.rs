//! What a type's or a field's annotations say to a reader, listed once for every target: each
//! target renders the [`AnnotationFact`]s in its own words (Rust doc notes, Python docstrings).

use crate::ir::{Annotations, Reference};

/// One thing an annotation tells a reader of generated code, in the order targets list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnnotationFact<'a> {
    /// `@key`.
    Key,
    /// `@ref(Type@N.field)`.
    References(&'a Reference),
    /// `@unit("...")`.
    Unit(&'a str),
    /// `@classification("...")`.
    Classification(&'a str),
    /// `@renamed(...)`: the earlier names.
    Formerly(&'a [String]),
    /// `@deprecated`, with its reason (empty when none was given).
    Deprecated(&'a str),
}

/// The facts `annotations` state: key, reference, unit, classification, former names,
/// deprecation.
pub fn annotation_facts(annotations: &Annotations) -> Vec<AnnotationFact<'_>> {
    let mut facts = Vec::new();
    if annotations.key {
        facts.push(AnnotationFact::Key);
    }
    if let Some(reference) = &annotations.reference {
        facts.push(AnnotationFact::References(reference));
    }
    if let Some(unit) = &annotations.unit {
        facts.push(AnnotationFact::Unit(unit));
    }
    if let Some(class) = &annotations.classification {
        facts.push(AnnotationFact::Classification(class));
    }
    if !annotations.renamed_from.is_empty() {
        facts.push(AnnotationFact::Formerly(&annotations.renamed_from));
    }
    if let Some(reason) = &annotations.deprecated {
        facts.push(AnnotationFact::Deprecated(reason.as_deref().unwrap_or("")));
    }
    facts
}

/// `Type@N.field`, the field a reference names.
pub fn reference_target(reference: &Reference) -> String {
    format!(
        "{}@{}.{}",
        reference.target.name, reference.target.version, reference.field
    )
}
