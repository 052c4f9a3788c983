use super::*;
use crate::diagnostic::Code;
use crate::source::Span;
use std::path::Path;

fn sources(files: &[(&str, &str)]) -> SourceMap {
    let mut map = SourceMap::new();
    for (name, text) in files {
        map.add(*name, Path::new(name), (*text).to_owned());
    }
    map
}

fn span(map: &SourceMap, file: u32, needle: &str) -> Span {
    let id = crate::source::FileId(file);
    let start = map.file(id).text.find(needle).expect("needle in file");
    Span::new(id, start, start + needle.len())
}

#[test]
fn escapes_data_and_properties_as_the_runner_unescapes_them() {
    assert_eq!(
        escape_data("50% done\r\nnext: a,b"),
        "50%25 done%0D%0Anext: a,b"
    );
    assert_eq!(
        escape_property("dir,x/a:b%\n.accord"),
        "dir%2Cx/a%3Ab%25%0A.accord"
    );
}

#[test]
fn one_command_per_diagnostic_with_labels_and_hint() {
    let map = sources(&[(
        "schemas/shop, orders.accord",
        "package shop;\nrecord Café { id: long; }\nrecord Café { x: long; }\n",
    )]);
    let first = span(&map, 0, "Café { id");
    let again = span(&map, 0, "Café { x");
    let diagnostic = Diagnostic::new(
        Code::N001,
        Span::new(again.file, again.start as usize, again.start as usize + 5),
        "duplicate type name `shop.Café`: 100% taken",
    )
    .with_label("defined again here")
    .with_secondary(
        Span::new(first.file, first.start as usize, first.start as usize + 5),
        "first defined here",
    )
    .with_hint("rename one of them:\nboth are `Café`");
    let warning =
        Diagnostic::new(Code::N009, first, "unused import").with_severity(Severity::Warning);
    let out = render_github(&map, &[diagnostic, warning]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(
        lines[0],
        "::error file=schemas/shop%2C orders.accord,line=3,col=8,endLine=3,endColumn=12,title=N001::\
         duplicate type name `shop.Café`: 100%25 taken\
         %0Aschemas/shop, orders.accord:3:8: defined again here\
         %0Aschemas/shop, orders.accord:2:8: first defined here\
         %0Ahint: rename one of them:%0Aboth are `Café`"
    );
    assert!(
        lines[1].starts_with(
            "::warning file=schemas/shop%2C orders.accord,line=2,col=8,endLine=2,endColumn="
        ) && lines[1].ends_with(",title=N009::unused import"),
        "{}",
        lines[1]
    );
}

#[test]
fn a_span_over_several_lines_has_no_columns() {
    let map = sources(&[("a.accord", "package a;\nenum E {\n}\n")]);
    let whole = span(&map, 0, "enum E {\n}");
    let out = render_github(&map, &[Diagnostic::new(Code::V007, whole, "empty enum")]);
    assert_eq!(
        out,
        "::error file=a.accord,line=2,endLine=3,title=V007::empty enum\n"
    );
}

#[test]
fn a_secondary_label_without_text_still_names_its_place() {
    let map = sources(&[("a.accord", "package a;\n"), ("b.accord", "package b;\n")]);
    let diagnostic = Diagnostic::new(Code::N002, span(&map, 0, "a;"), "unknown package")
        .with_secondary(span(&map, 1, "b;"), "");
    let out = render_github(&map, &[diagnostic]);
    assert!(out.ends_with("::unknown package%0Ab.accord:1:9\n"), "{out}");
}

#[test]
fn an_error_without_a_file_is_a_bare_command() {
    assert_eq!(
        render_github_error("cannot read /x: 100%\r\nno"),
        "::error::cannot read /x: 100%25%0D%0Ano\n"
    );
}
