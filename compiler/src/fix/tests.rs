use super::*;
use crate::diagnostic::Edit;
use crate::source::{FileId, Span};

fn edit(start: usize, end: usize, text: &str) -> Edit {
    Edit {
        span: Span::new(FileId(0), start, end),
        text: text.to_string(),
    }
}

#[test]
fn edits_apply_from_the_end_and_an_insertion_after_a_replacement_follows_it() {
    let text = "version 2 { a: int; }";
    let edits = [
        edit(0, 21, "version 2 { a: long; }"),
        edit(21, 21, "\n\nnext"),
    ];
    assert_eq!(apply_edits(text, &edits), "version 2 { a: long; }\n\nnext");
    let inserts = [edit(18, 18, " = 0"), edit(0, 0, "// x\n")];
    assert_eq!(
        apply_edits(text, &inserts),
        "// x\nversion 2 { a: int = 0; }"
    );
}

#[test]
fn spans_that_meet_conflict_and_spans_apart_do_not() {
    let span = |s, e| Span::new(FileId(0), s, e);
    assert!(touches(span(3, 3), span(3, 3)));
    assert!(touches(span(0, 3), span(3, 5)));
    assert!(!touches(span(0, 3), span(4, 5)));
    assert!(!touches(span(0, 3), Span::new(FileId(1), 0, 3)));
}

#[test]
fn the_minimal_change_leaves_out_the_common_prefix_and_suffix() {
    assert_eq!(minimal_change("abcdef", "abXdef"), (2..3, "X".to_string()));
    assert_eq!(minimal_change("aaa", "aaaa"), (3..3, "a".to_string()));
    assert_eq!(minimal_change("same", "same"), (4..4, String::new()));
    // Never inside a character: `é` and `è` share their first byte.
    assert_eq!(minimal_change("é", "è"), (0..2, "è".to_string()));
}

#[test]
fn a_block_is_renumbered_only_from_its_own_number() {
    use super::versions::renumbered;
    assert_eq!(
        renumbered("version 2 {\n  a: int;\n}", 2, 3).as_deref(),
        Some("version 3 {\n  a: int;\n}")
    );
    assert_eq!(renumbered("version 12 { }", 1, 2), None);
    assert_eq!(renumbered("version12 { }", 12, 13), None);
}
