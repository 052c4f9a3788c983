//! Cases of named types: enums, fixed, full names and aliases, renames.

use super::*;

pub(super) fn enums() -> Vec<Case> {
    let mut cases = vec![
        Case::new(
            "enum symbol added (backward)",
            enumeration("backward", &["A, B", "A, B, C"]),
        ),
        Case::new(
            "enum symbol added (forward)",
            enumeration("forward", &["A, B", "A, B, C"]),
        )
        .expect(&["W003@v1"]),
        Case::new(
            "enum symbol added, old default (forward)",
            enumeration("forward", &["A, B; default A", "A, B, C; default A"]),
        ),
        Case::new(
            "enum symbol added, default only in new version (full)",
            enumeration("full", &["A, B", "A, B, C; default A"]),
        )
        .expect(&["W003@v1"]),
        Case::new(
            "enum symbol removed (backward)",
            enumeration("backward", &["A, B, C", "A, B"]),
        )
        .expect(&["W003@v2"]),
        Case::new(
            "enum symbol removed, new default (backward)",
            enumeration("backward", &["A, B, C", "A, B; default A"]),
        ),
        Case::new(
            "enum symbol removed, new default (full)",
            enumeration("full", &["A, B, C", "A, B; default A"]),
        ),
        Case::new(
            "enum symbol removed (forward)",
            enumeration("forward", &["A, B, C", "A, B"]),
        ),
        Case::new(
            "enum symbols reordered (full)",
            enumeration("full", &["A, B, C", "C, A, B"]),
        ),
        Case::new(
            "enum grows with default (full_transitive)",
            enumeration(
                "full_transitive",
                &[
                    "A, B; default A",
                    "A, B, C; default A",
                    "A, B, C, D; default A",
                ],
            ),
        ),
        // v3 drops its own default, but v3 reads every older symbol, and the older readers
        // keep their defaults for the symbols they lack.
        Case::new(
            "enum default dropped late (full_transitive)",
            enumeration(
                "full_transitive",
                &["A, B; default A", "A, B, C; default A", "A, B, C, D"],
            ),
        ),
        // v1 has no default: it reads neither v2's B nor v3's B and C.
        Case::new(
            "enum symbol added (forward_transitive)",
            enumeration("forward_transitive", &["A", "A, B; default A", "A, B, C"]),
        )
        .expect(&["W003@v1", "W003@v1"]),
        Case::new(
            "enum symbol added twice (forward)",
            enumeration("forward", &["A", "A, B; default A", "A, B, C"]),
        )
        .expect(&["W003@v1"]),
        Case::new(
            "enum symbol renamed (backward)",
            enumeration("backward", &["A, B", "A, C"]),
        )
        .expect(&["W003@v2", "S010@v2.C"]),
        Case::new(
            "enum symbol renamed, with defaults (full)",
            enumeration("full", &["A, B; default A", "A, C; default A"]),
        )
        .expect(&["S010@v2.C"]),
        Case::new(
            "enum symbol renamed (forward)",
            enumeration("forward", &["A, B, C", "A, X, C"]),
        )
        .expect(&["W003@v1", "S010@v2.X"]),
        Case::new(
            "two enum symbols renamed (full)",
            enumeration("full", &["A, B, C; default A", "A, Y, Z; default A"]),
        )
        .expect(&["S010@v2.Y", "S010@v2.Z"]),
        Case::new(
            "enum symbol replaced in place while another is appended (backward)",
            enumeration("backward", &["A, B; default A", "A, C, D; default A"]),
        )
        .expect(&["S010@v2.C"]),
        Case::new(
            "enum symbol removed at the end, with defaults (full)",
            enumeration("full", &["A, B, C; default A", "A, B; default A"]),
        ),
    ];
    // An enum inside a record: the record's check meets the enum's symbols.
    let host = |mode: &str, field_v2: &str| {
        format!(
            "package t;\n\nenum E {{\n  compat none;\n  version 1 {{ A, B }}\n  version 2 {{ A, B, C }}\n  version 3 {{ A, B, C; default A }}\n}}\n\nrecord R {{\n  compat {mode};\n  version 1 {{\n    e: E@1;\n  }}\n  version 2 {{\n    e: {field_v2};\n  }}\n}}\n"
        )
    };
    cases.push(Case::new(
        "versioned enum field, symbol added (backward)",
        host("backward", "E@2"),
    ));
    cases.push(
        Case::new(
            "versioned enum field, symbol added (forward)",
            host("forward", "E@2"),
        )
        .expect(&["W003@R.v1.e"]),
    );
    cases.push(
        Case::new(
            "versioned enum field, symbol added with default (full)",
            host("full", "E@3"),
        )
        .expect(&["W003@R.v1.e"]),
    );
    cases.push(Case::new(
        "versioned enum field, unchanged pin (full)",
        host("full", "E@1"),
    ));
    cases
}

pub(super) fn fixed_and_names() -> Vec<Case> {
    let extra = "fixed Hash16(16);\n@renamed(Hash16)\nfixed Hash32(32);\nfixed Other16(16);\n@renamed(Hash16)\nfixed Hash16b(16);";
    vec![
        Case::new(
            "fixed size changed, aliased (backward)",
            record_in("backward", &["h: Hash16", "h: Hash32"], extra),
        )
        .expect(&["W002@v2.h"]),
        Case::new(
            "fixed size changed, aliased (full)",
            record_in("full", &["h: Hash16", "h: Hash32"], extra),
        )
        .expect(&["W002@v2.h", "W001@v1.h", "W002@v1.h"]),
        Case::new(
            "fixed size changed, aliased (forward)",
            record_in("forward", &["h: Hash16", "h: Hash32"], extra),
        )
        .expect(&["W001@v1.h", "W002@v1.h", "M001@v2.h"]),
        Case::new(
            "fixed replaced by another name, same size (backward)",
            record_in("backward", &["h: Hash16", "h: Other16"], extra),
        )
        .expect(&["W001@v2.h"]),
        Case::new(
            "fixed renamed with @renamed, same size (backward)",
            record_in("backward", &["h: Hash16", "h: Hash16b"], extra),
        ),
        Case::new(
            "fixed renamed with @renamed, same size (full)",
            record_in("full", &["h: Hash16", "h: Hash16b"], extra),
        )
        .expect(&["W001@v1.h"]),
        Case::new(
            "fixed to bytes (full)",
            record_in("full", &["h: Hash16", "h: bytes"], extra),
        )
        .expect(&["W005@v2.h", "W005@v1.h"]),
        Case::new(
            "optional fixed size changed (backward)",
            record_in("backward", &["h: Hash16? = null", "h: Hash32? = null"], extra),
        )
        .expect(&["W006@v2.h"]),
        Case::new(
            "record type renamed without @renamed (backward)",
            record_in("backward", &["a: Addr", "a: Address"], "record Addr { city: string; }\nrecord Address { city: string; }"),
        )
        .expect(&["W001@v2.a"]),
        Case::new(
            "record type renamed with @renamed (backward)",
            record_in("backward", &["a: Addr", "a: Address"], "record Addr { city: string; }\n@renamed(Addr)\nrecord Address { city: string; }"),
        ),
        // The old reader knows only its own name: an alias on the new type does not help it.
        Case::new(
            "record type renamed with @renamed (forward)",
            record_in("forward", &["a: Addr", "a: Address"], "record Addr { city: string; }\n@renamed(Addr)\nrecord Address { city: string; }"),
        )
        .expect(&["W001@v1.a"]),
        Case::new(
            "record type renamed with @renamed (full)",
            record_in("full", &["a: Addr", "a: Address"], "record Addr { city: string; }\n@renamed(Addr)\nrecord Address { city: string; }"),
        )
        .expect(&["W001@v1.a"]),
        Case::new(
            "enum type renamed without @renamed (backward)",
            record_in("backward", &["s: S1", "s: S2"], "enum S1 { A, B }\nenum S2 { A, B }"),
        )
        .expect(&["W001@v2.s"]),
        Case::new(
            "enum type renamed with @renamed (backward)",
            record_in("backward", &["s: S1", "s: S2"], "enum S1 { A, B }\n@renamed(S1)\nenum S2 { A, B }"),
        ),
        // Java compares short names (and aliases against the writer's full name): moving a type
        // to another package keeps it readable.
        Case::new(
            "record moved to another package (full)",
            "package t;\n\nrecord R {\n  compat full;\n  version 1 {\n    a: p1.Addr;\n  }\n  version 2 {\n    a: p2.Addr;\n  }\n}\n",
        )
        .file("p1.accord", "package p1;\n\nrecord Addr { city: string; }\n")
        .file("p2.accord", "package p2;\n\nrecord Addr { city: string; }\n"),
        // An alias names the old type by its full name.
        Case::new(
            "record moved and renamed with a full-name alias (backward)",
            "package t;\n\nrecord R {\n  version 1 {\n    a: p1.Addr;\n  }\n  version 2 {\n    a: p2.Address;\n  }\n}\n",
        )
        .file("p1.accord", "package p1;\n\nrecord Addr { city: string; }\n")
        .file("p2.accord", "package p2;\n\n@renamed(p1.Addr)\nrecord Address { city: string; }\n"),
        // A short alias is relative to the type's own package: `Addr` in p2 is p2.Addr.
        Case::new(
            "record moved and renamed with a short alias (backward)",
            "package t;\n\nrecord R {\n  version 1 {\n    a: p1.Addr;\n  }\n  version 2 {\n    a: p2.Address;\n  }\n}\n",
        )
        .file("p1.accord", "package p1;\n\nrecord Addr { city: string; }\n")
        .file("p2.accord", "package p2;\n\n@renamed(Addr)\nrecord Address { city: string; }\n")
        .expect(&["W001@v2.a"]),
    ]
}

pub(super) fn renames() -> Vec<Case> {
    vec![
        Case::new(
            "field renamed with @renamed (backward)",
            record(
                "backward",
                &[
                    "id: int; name: string",
                    "id: int; full_name: string @renamed(name)",
                ],
            ),
        ),
        Case::new(
            "field renamed with @renamed (backward_transitive)",
            record(
                "backward_transitive",
                &[
                    "id: int; name: string",
                    "id: int; full_name: string @renamed(name)",
                    "id: int; display: string @renamed(full_name, name)",
                ],
            ),
        ),
        // Old readers look the new name up by their own name only.
        Case::new(
            "field renamed with @renamed (forward)",
            record(
                "forward",
                &[
                    "id: int; name: string",
                    "id: int; full_name: string @renamed(name)",
                ],
            ),
        )
        .expect(&["W004@v1.name"]),
        Case::new(
            "field renamed with @renamed (full)",
            record(
                "full",
                &[
                    "id: int; name: string",
                    "id: int; full_name: string @renamed(name)",
                ],
            ),
        )
        .expect(&["W004@v1.name"]),
        Case::new(
            "field renamed with @renamed, old default (full)",
            record(
                "full",
                &[
                    "id: int; name: string = \"\"",
                    "id: int; full_name: string @renamed(name)",
                ],
            ),
        ),
        Case::new(
            "field renamed without @renamed (backward)",
            record(
                "backward",
                &["id: int; name: string", "id: int; full_name: string"],
            ),
        )
        .expect(&["W004@v2.full_name", "S009@v2.full_name"]),
        Case::new(
            "field renamed without @renamed, with default (backward)",
            record(
                "backward",
                &["id: int; name: string", "id: int; full_name: string = \"\""],
            ),
        )
        .expect(&["S009@v2.full_name"]),
        Case::new(
            "field renamed without @renamed (full)",
            record(
                "full",
                &["id: int; name: string", "id: int; full_name: string"],
            ),
        )
        .expect(&["W004@v2.full_name", "W004@v1.name", "S009@v2.full_name"]),
        // One removed field is the probable origin of one added field, not of both.
        Case::new(
            "one field removed, two of its type added (backward)",
            record(
                "backward",
                &[
                    "id: int; name: string",
                    "id: int; full_name: string; email: string",
                ],
            ),
        )
        .expect(&["W004@v2.full_name", "W004@v2.email", "S009@v2.full_name"]),
        Case::new(
            "two fields removed, two of their type added (backward)",
            record(
                "backward",
                &["a: string; b: string", "c: string = \"\"; d: string = \"\""],
            ),
        )
        .expect(&["S009@v2.c", "S009@v2.d"]),
        Case::new(
            "field replaced by one of another type is no rename (backward)",
            record("backward", &["id: int; name: string", "id: int; age: int"]),
        )
        .expect(&["W004@v2.age"]),
        Case::new(
            "field renamed and promoted with @renamed (backward)",
            record("backward", &["n: int", "count: long @renamed(n)"]),
        ),
        Case::new(
            "field renamed and demoted with @renamed (backward)",
            record("backward", &["n: long", "count: int @renamed(n)"]),
        )
        .expect(&["W005@v2.count"]),
        Case::new(
            "S009 allowed by [rules]",
            record(
                "backward",
                &["id: int; name: string", "id: int; full_name: string = \"\""],
            ),
        )
        .rule("S009 = \"allow\""),
        Case::new(
            "S009 made an error by [rules]",
            record(
                "backward",
                &["id: int; name: string", "id: int; full_name: string = \"\""],
            ),
        )
        .rule("S009 = \"error\"")
        .expect(&["S009(error)@v2.full_name"]),
        // Renamed with the old name kept as an alias while a new field takes the old name: the
        // next version's `full_name` matches both `full_name` and `name` of v2 (Java throws).
        Case::new(
            "renamed field and a new field with the old name (backward)",
            record(
                "backward",
                &[
                    "name: string",
                    "full_name: string @renamed(name); name: string = \"\"",
                    "full_name: string @renamed(name); name: string = \"\"",
                ],
            ),
        )
        .expect(&["W007@v3.full_name"]),
        Case::new(
            "renamed field and a new field with the old name (forward)",
            record(
                "forward",
                &[
                    "name: string",
                    "full_name: string @renamed(name); name: string = \"\"",
                    "full_name: string @renamed(name); name: string = \"\"",
                ],
            ),
        )
        .expect(&["W007@v2.full_name", "M001@v3.full_name"]),
        Case::new(
            "renamed onto an existing field (backward)",
            record(
                "backward",
                &["old: string; new: string", "new: string @renamed(old)"],
            ),
        )
        .expect(&["W007@v2.new"]),
        Case::new(
            "renamed onto an existing field (none)",
            record(
                "none",
                &["old: string; new: string", "new: string @renamed(old)"],
            ),
        )
        .expect(&["M001@v2.new"]),
    ]
}
