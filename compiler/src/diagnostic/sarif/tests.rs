use super::*;
use crate::source::FileId;

fn sources(files: &[(&str, &str)]) -> SourceMap {
    let mut map = SourceMap::new();
    for (name, text) in files {
        map.add(*name, Path::new(name), (*text).to_owned());
    }
    map
}

fn span(map: &SourceMap, file: u32, needle: &str) -> Span {
    let id = FileId(file);
    let start = map.file(id).text.find(needle).expect("needle in file");
    Span::new(id, start, start + needle.len())
}

#[test]
fn anchors_are_formed_as_github_forms_them_from_the_headings() {
    assert_eq!(doc_anchor(Code::P001), "p001-unexpected-character");
    assert_eq!(doc_anchor(Code::P005), "p005-syntax-error-unexpected-token");
    assert_eq!(
        doc_anchor(Code::P009),
        "p009-a-type-mixes-version-blocks-with-unversioned-members"
    );
    assert_eq!(
        doc_anchor(Code::V003),
        "v003-versions-are-not-numbered-1-2-3--in-order"
    );
    assert_eq!(
        doc_anchor(Code::W001),
        "w001-wire-a-named-type-was-renamed-without-an-alias-name_mismatch"
    );
    assert_eq!(doc_anchor(Code::C002), "c002-invalid-accordtoml");
}

#[test]
fn columns_count_utf16_code_units() {
    // `é` is one UTF-16 unit (two bytes), `𝄞` two units (four bytes).
    let map = sources(&[("a.accord", "é𝄞x\ny")]);
    let file = map.file(FileId(0));
    assert_eq!(utf16_position(file, 0), (1, 1));
    assert_eq!(utf16_position(file, 2), (1, 2));
    assert_eq!(utf16_position(file, 6), (1, 4));
    assert_eq!(utf16_position(file, 7), (1, 5));
    assert_eq!(utf16_position(file, 8), (2, 1));
    assert_eq!(
        utf16_position(file, 4),
        (1, 2),
        "inside `𝄞`: back to its start"
    );
    assert_eq!(utf16_position(file, 99), (2, 2), "past the end: clamped");
}

#[test]
fn a_result_has_its_rule_level_message_hint_and_locations() {
    let map = sources(&[
        (
            "schemas/a b.accord",
            "package a;\nrecord 𝄞 {\n  x: long;\n}\n",
        ),
        ("schemas/c.accord", "package c;\n"),
    ]);
    let whole = span(&map, 0, "record 𝄞 {\n  x: long;\n}");
    let diagnostic = Diagnostic::new(Code::V008, whole, "record [R] contains itself, [x](1)")
        .with_label("here")
        .with_secondary(span(&map, 1, "c;"), "see [c]")
        .with_secondary(span(&map, 1, "package"), "")
        .with_hint("make it optional");
    let warning = Diagnostic::new(Code::N009, span(&map, 1, "c"), "unused import")
        .with_severity(Severity::Warning);
    let log = render_sarif(&map, &[warning, diagnostic], SarifRun::default());
    let run = &log["runs"][0];
    let rules = &run["tool"]["driver"]["rules"];
    assert_eq!(rules[0]["id"], "N009", "catalogue order");
    assert_eq!(rules[1]["id"], "V008");
    assert_eq!(rules[1]["shortDescription"]["text"], Code::V008.summary());
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "warning");
    let result = &run["results"][1];
    assert_eq!(result["ruleId"], "V008");
    assert_eq!(result["ruleIndex"], 1);
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["message"]["text"],
        "record [R] contains itself, [x\\](1)\n[see \\[c\\]](1)\n[schemas/c.accord:1:1](2)\nhint: make it optional"
    );
    let primary = &result["locations"][0];
    assert_eq!(
        primary["physicalLocation"]["artifactLocation"],
        json!({ "uri": "schemas/a%20b.accord", "uriBaseId": "PROJECTROOT" })
    );
    assert_eq!(
        primary["physicalLocation"]["region"],
        json!({ "startLine": 2, "startColumn": 1, "endLine": 4, "endColumn": 2 })
    );
    assert_eq!(primary["message"]["text"], "here");
    let related = &result["relatedLocations"];
    assert_eq!(related[0]["id"], 1);
    assert_eq!(related[0]["message"]["text"], "see [c]");
    assert_eq!(
        related[0]["physicalLocation"]["region"],
        json!({ "startLine": 1, "startColumn": 9, "endLine": 1, "endColumn": 11 })
    );
    assert_eq!(related[1]["id"], 2);
    assert!(related[1].get("message").is_none());
    assert_eq!(run["results"][0]["level"], "warning");
    assert!(run.get("originalUriBaseIds").is_none());
    assert_eq!(
        run["invocations"][0],
        json!({ "executionSuccessful": true })
    );
}

#[test]
fn a_unicode_region_is_measured_in_utf16() {
    let map = sources(&[("a.accord", "package a;\nrecord 𝄞é {}\n")]);
    let name = span(&map, 0, "𝄞é");
    let log = render_sarif(
        &map,
        &[Diagnostic::new(Code::N004, name, "x")],
        SarifRun::default(),
    );
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        *region,
        json!({ "startLine": 2, "startColumn": 8, "endLine": 2, "endColumn": 11 })
    );
}

#[test]
fn the_root_and_a_failure_are_part_of_the_run() {
    let log = render_sarif(
        &SourceMap::new(),
        &[],
        SarifRun {
            root: Some(Path::new("/home/me/my project,1/")),
            failure: Some("cannot read x"),
        },
    );
    let run = &log["runs"][0];
    assert_eq!(log["$schema"], SARIF_SCHEMA);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        run["originalUriBaseIds"]["PROJECTROOT"]["uri"],
        "file:///home/me/my%20project%2C1/"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
        "cannot read x"
    );
    assert_eq!(run["results"], json!([]));
    assert_eq!(run["tool"]["driver"]["name"], "accord");
    assert_eq!(run["tool"]["driver"]["version"], crate::ACCORD_VERSION);
}

#[test]
fn relative_uris_encode_what_a_uri_path_cannot_hold() {
    assert_eq!(
        encode_uri_path("origin/main:schemas/é #1.accord", false),
        "origin/main%3Aschemas/%C3%A9%20%231.accord"
    );
    assert_eq!(file_uri(Path::new("C:\\work\\p")), "file:///C:/work/p/");
    assert_eq!(file_uri(Path::new("/")), "file:///");
}
