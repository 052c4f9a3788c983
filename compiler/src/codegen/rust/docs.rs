//! Doc comments of generated Rust, written one way for every item: contract text trimmed and
//! escaped so that none of it becomes a doctest or a strikethrough, and annotations as notes.

use super::code::Code;
use crate::codegen::annotations::{annotation_facts, reference_target, AnnotationFact};
use crate::ir::Annotations;

/// The lines of a contract doc comment as `#[doc]` texts: each trimmed, with backticks and
/// tildes escaped (so no fence opens a doctest) and a leading space, as `///` writes it.
pub(super) fn doc_lines(doc: Option<&str>) -> Vec<String> {
    doc.map(|d| {
        d.lines()
            .map(|l| format!(" {}", escape_doc(l.trim())))
            .collect()
    })
    .unwrap_or_default()
}

/// Writes `///` lines for a doc comment and annotation notes, a blank line between.
pub(super) fn write_docs(code: &mut Code, doc: Option<&str>, notes: &[String]) {
    let lines = doc_lines(doc);
    code.docs(&lines);
    if !notes.is_empty() {
        if !lines.is_empty() {
            code.doc("");
        }
        for note in notes {
            code.doc(&format!(" {note}"));
        }
    }
}

fn escape_doc(line: &str) -> String {
    line.replace('`', "\\`").replace('~', "\\~")
}

/// What the annotations say, as doc notes (deprecation is an attribute, not a note).
pub(super) fn annotation_notes(annotations: &Annotations) -> Vec<String> {
    annotation_facts(annotations)
        .into_iter()
        .filter_map(|fact| match fact {
            AnnotationFact::Key => Some("Key field.".to_owned()),
            AnnotationFact::References(r) => Some(format!("References {}.", reference_target(r))),
            AnnotationFact::Unit(unit) => Some(format!("Unit: {unit}.")),
            AnnotationFact::Classification(class) => Some(format!("Classification: {class}.")),
            AnnotationFact::Formerly(names) => Some(format!("Formerly: {}.", names.join(", "))),
            AnnotationFact::Deprecated(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_text_cannot_open_a_doctest_or_a_strikethrough() {
        assert_eq!(
            doc_lines(Some("  ```rust\n~~gone~~ ")),
            [" \\`\\`\\`rust", " \\~\\~gone\\~\\~"]
        );
        assert!(doc_lines(None).is_empty());
    }
}
