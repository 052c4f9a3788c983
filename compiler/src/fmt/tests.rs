use super::*;

fn formatted(text: &str) -> String {
    format_source(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn fields_get_one_line_each_and_canonical_spacing() {
    assert_eq!(
        formatted("package p;record R{a:int;b : list<string>?=null@deprecated;}"),
        "package p;\nrecord R {\n  a: int;\n  b: list<string>? = null @deprecated;\n}\n"
    );
}

#[test]
fn crlf_line_ends_become_lf_and_the_file_ends_with_one() {
    let text = "package p; // c\r\n\r\n\r\nrecord R {\r\n  a: int;\r\n}";
    assert_eq!(
        formatted(text),
        "package p; // c\n\nrecord R {\n  a: int;\n}\n"
    );
}

#[test]
fn doc_text_is_kept_exactly() {
    let text = "package p;\n///  two spaces\n///trailing  \n///\nrecord R {}\n";
    let out = formatted(text);
    assert_eq!(
        out,
        "package p;\n///  two spaces\n/// trailing  \n///\nrecord R {}\n"
    );
    let docs = |text: &str| -> Vec<PieceKind> {
        pieces::pieces(text)
            .unwrap()
            .into_iter()
            .map(|p| p.kind)
            .filter(|k| matches!(k, PieceKind::Doc(_)))
            .collect()
    };
    assert_eq!(docs(text), docs(&out));
}

#[test]
fn four_slashes_stay_a_comment() {
    let text = "package p;\n//// banner\nrecord R {}\n";
    assert_eq!(formatted(text), text);
}

#[test]
fn a_syntax_error_is_refused_with_the_parse_diagnostics() {
    let Err(FormatError::Syntax(diagnostics)) = format_source("package p;\nrecord R { a int; }\n")
    else {
        panic!("formatted a file with a syntax error");
    };
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["P005"]);
    assert_eq!(diagnostics[0].primary.span.start, 24);
}

#[test]
fn lexical_errors_are_refused_too() {
    for text in [
        "package p;\nrecord R { a: int; } $\n",
        "package p;\nrecord R { a: string = \"open; }\n",
        "package p;\nrecord R { a: long = 0x10; }\n",
        "package p;\n/* block */\n",
        "",
    ] {
        assert!(
            matches!(format_source(text), Err(FormatError::Syntax(_))),
            "{text:?}"
        );
    }
}

#[test]
fn a_warning_does_not_stop_formatting() {
    let text = "/// detached\npackage p;\nrecord R {}\n";
    assert_eq!(formatted(text), text);
}

#[test]
fn diagnostics_point_into_the_file_given() {
    let Err(FormatError::Syntax(diagnostics)) = format_file(FileId(7), "record R {}") else {
        panic!("no package, no error");
    };
    assert!(diagnostics.iter().all(|d| d.primary.span.file == FileId(7)));
}

#[test]
fn is_formatted_tells_whether_the_text_would_change() {
    assert!(is_formatted("package p;\n").unwrap());
    assert!(!is_formatted("package p;").unwrap());
    assert!(is_formatted("package").is_err());
}

#[test]
fn version_pins_and_ranges_stay_glued() {
    let text = "package p;\ntopic T {\n  name \"t\";\n  key K @ 1;\n  value V @ 1 .. 3;\n  compat full;\n}\n";
    assert_eq!(
        formatted(text),
        "package p;\ntopic T {\n  name \"t\";\n  key K@1;\n  value V@1..3;\n  compat full;\n}\n"
    );
}

#[test]
fn deep_nesting_formats_without_recursion() {
    let depth = 60;
    let ty = format!("{}int{}", "list<".repeat(depth), ">".repeat(depth));
    let text = format!("package p;\nrecord R {{\n  a: {ty};\n}}\n");
    assert_eq!(formatted(&text), text);
}

#[test]
fn the_verification_catches_a_changed_token() {
    let original = pieces::pieces("package p;\n").unwrap();
    assert!(verify(&original, "package q;\n").is_err());
    assert!(verify(&original, "package p; // new\n").is_err());
    assert!(verify(&original, "package  p ;\n").is_ok());
}
