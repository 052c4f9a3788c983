//! Contract-level evolution cases: small `.accord` projects whose versions evolve, each with the
//! exact multiset of diagnostic codes `accord check` must report (and, for many, where).
//!
//! Expectations follow the Avro specification's resolution rules (as Java 1.12's
//! `SchemaCompatibility` applies them) and the meaning of accord's semantic rules. The wire
//! codes (`W…`) of every case are re-derived from the Java oracle (`tests/oracle/avro-oracle`)
//! on the generated Avro schemas, so the table cannot drift from the reference.
//!
//! An expectation is `CODE`, optionally followed by `(warn)`/`(error)` when the reported severity
//! differs from the code's default, and optionally by `@` and the primary label's position:
//! `@LINE:COL` in the first file, `@FILE:LINE:COL`, or an anchor resolved in the source text:
//! `@vN` (the `version N` block), `@vN.word` (the first `word` inside it), `@Type.vN.word`
//! (the same inside the declaration of `Type`).

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use accord_compiler::avro::from_model::schema_json;
use accord_compiler::compat::effective_mode;
use accord_compiler::diagnostic::Severity;
use accord_compiler::ir::{CompatMode, Model, TypeRef};
use serde_json::{json, Value};

// ---- cases ------------------------------------------------------------------------------------

struct Case {
    name: String,
    files: Vec<(String, String)>,
    mode: Option<&'static str>,
    rules: Vec<&'static str>,
    expect: Vec<&'static str>,
}

impl Case {
    fn new(name: impl Into<String>, source: impl Into<String>) -> Case {
        Case {
            name: name.into(),
            files: vec![("t.accord".to_string(), source.into())],
            mode: None,
            rules: Vec::new(),
            expect: Vec::new(),
        }
    }

    /// `default_compat` in `accord.toml`.
    fn mode(mut self, mode: &'static str) -> Case {
        self.mode = Some(mode);
        self
    }

    /// A line of `[rules]`.
    fn rule(mut self, rule: &'static str) -> Case {
        self.rules.push(rule);
        self
    }

    fn file(mut self, name: &str, source: impl Into<String>) -> Case {
        self.files.push((name.to_string(), source.into()));
        self
    }

    fn expect(mut self, codes: &[&'static str]) -> Case {
        self.expect = codes.to_vec();
        self
    }

    fn toml(&self) -> String {
        let mut text = format!(
            "[project]\nschemas = \"schemas\"\ndefault_compat = \"{}\"\n",
            self.mode.unwrap_or("backward")
        );
        if !self.rules.is_empty() {
            text.push_str("\n[rules]\n");
            for rule in &self.rules {
                text.push_str(rule);
                text.push('\n');
            }
        }
        text
    }
}

/// `record R` with `compat mode` (none when empty) and one `version` block per entry; an entry
/// is its fields separated by `;`, each written on its own line. `extra` follows the record.
fn record_in(mode: &str, versions: &[&str], extra: &str) -> String {
    let mut text = String::from("package t;\n\nrecord R {\n");
    if !mode.is_empty() {
        text.push_str(&format!("  compat {mode};\n"));
    }
    for (index, fields) in versions.iter().enumerate() {
        text.push_str(&format!("  version {} {{\n", index + 1));
        for field in fields.split(';').map(str::trim).filter(|f| !f.is_empty()) {
            text.push_str(&format!("    {field};\n"));
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    if !extra.is_empty() {
        text.push('\n');
        text.push_str(extra);
        text.push('\n');
    }
    text
}

fn record(mode: &str, versions: &[&str]) -> String {
    record_in(mode, versions, "")
}

/// `enum E` with one `version N { symbols }` line per entry.
fn enumeration(mode: &str, versions: &[&str]) -> String {
    let mut text = String::from("package t;\n\nenum E {\n");
    if !mode.is_empty() {
        text.push_str(&format!("  compat {mode};\n"));
    }
    for (index, symbols) in versions.iter().enumerate() {
        text.push_str(&format!("  version {} {{ {symbols} }}\n", index + 1));
    }
    text.push_str("}\n");
    text
}

/// One case per mode: the same evolution, with the codes each mode reports.
fn per_mode(
    name: &str,
    versions: &[&str],
    expected: &[(&'static str, &[&'static str])],
) -> Vec<Case> {
    expected
        .iter()
        .map(|(mode, codes)| {
            Case::new(format!("{name} [{mode}]"), record(mode, versions)).expect(codes)
        })
        .collect()
}

const NONE: &[&str] = &[];

fn modes() -> Vec<Case> {
    let mut cases = Vec::new();
    // A field added without a default: new readers lack it in old data.
    cases.extend(per_mode(
        "field added without default",
        &["id: int", "id: int; email: string"],
        &[
            ("backward", &["W004@v2.email"]),
            ("backward_transitive", &["W004@v2.email"]),
            // The wire allows it, but a consumer of v2 cannot upgrade v1 data (no hook).
            ("forward", &["M001@v2.email"]),
            ("forward_transitive", &["M001@v2.email"]),
            ("full", &["W004@v2.email"]),
            ("full_transitive", &["W004@v2.email"]),
            ("none", &["M001@v2.email"]),
        ],
    ));
    // A field removed that had no default: old readers miss it in new data.
    cases.extend(per_mode(
        "field without default removed",
        &["id: int; email: string", "id: int"],
        &[
            ("backward", NONE),
            ("backward_transitive", NONE),
            ("forward", &["W004@v1.email"]),
            ("forward_transitive", &["W004@v1.email"]),
            ("full", &["W004@v1.email"]),
            ("full_transitive", &["W004@v1.email"]),
            ("none", NONE),
        ],
    ));
    // int -> long: a promotion one way only.
    cases.extend(per_mode(
        "int widened to long",
        &["n: int", "n: long"],
        &[
            ("backward", NONE),
            ("backward_transitive", NONE),
            ("forward", &["W005@v1.n"]),
            ("forward_transitive", &["W005@v1.n"]),
            ("full", &["W005@v1.n"]),
            ("full_transitive", &["W005@v1.n"]),
            ("none", NONE),
        ],
    ));
    // v1 -> v2 adds `email` with a default, v2 -> v3 drops the default: v3 reads v2 data (it has
    // `email`) but not v1 data (it lacks it). Only the transitive modes look back at v1.
    cases.extend(per_mode(
        "default dropped two versions later",
        &[
            "id: int",
            "id: int; email: string = \"\"",
            "id: int; email: string",
        ],
        &[
            ("backward", NONE),
            ("backward_transitive", &["W004@v3.email"]),
            ("forward", NONE),
            ("forward_transitive", NONE),
            ("full", NONE),
            ("full_transitive", &["W004@v3.email"]),
            ("none", NONE),
        ],
    ));
    // v2 narrows back what v1 had: int -> long -> int. Each step alone is one-way.
    cases.extend(per_mode(
        "int long int",
        &["n: int", "n: long", "n: int"],
        &[
            // v3 reads v2's long as int: no.
            ("backward", &["W005@v3.n"]),
            ("backward_transitive", &["W005@v3.n"]),
            // v1 (int) reads v2's long: no; v2 (long) reads v3 (int) and v1 reads v3: yes.
            // Upgrading v2 data to v3 narrows long to int: a hook is needed.
            ("forward", &["W005@v1.n", "M001@v3.n"]),
            ("forward_transitive", &["W005@v1.n", "M001@v3.n"]),
            // v2->v3 backward fails; v2 as of its own time fails forward against v1 too.
            ("full", &["W005@v1.n", "W005@v3.n"]),
            ("full_transitive", &["W005@v1.n", "W005@v3.n"]),
            ("none", &["M001@v3.n"]),
        ],
    ));
    // A field removed (v1 -> v2, it had a default in v1) and re-added without default in v3: the
    // forward reader v2 has no such field; v1 reads v3 data fine; transitive backward: v3 reads v1
    // data, which has it.
    cases.extend(per_mode(
        "field removed then re-added without default",
        &[
            "id: int; tag: string = \"\"",
            "id: int",
            "id: int; tag: string",
        ],
        &[
            ("backward", &["W004@v3.tag"]),
            ("backward_transitive", &["W004@v3.tag"]),
            ("forward", &["M001@v3.tag"]),
            ("forward_transitive", &["M001@v3.tag"]),
            ("full", &["W004@v3.tag"]),
            ("full_transitive", &["W004@v3.tag"]),
            ("none", &["M001@v3.tag"]),
        ],
    ));
    // Forward transitive: v2 drops the default-less field `a` only from... v1 lacks `b`, v2 adds
    // `b` with default, v3 removes `a`, which v1 and v2 need (no default).
    cases.extend(per_mode(
        "required field removed late",
        &["a: int", "a: int; b: int = 0", "b: int = 0"],
        &[
            ("backward", NONE),
            ("backward_transitive", NONE),
            ("forward", &["W004@v2.a"]),
            ("forward_transitive", &["W004@v2.a", "W004@v1.a"]),
            ("full", &["W004@v2.a"]),
            ("full_transitive", &["W004@v2.a", "W004@v1.a"]),
            ("none", NONE),
        ],
    ));
    // `compat` on the type wins over default_compat.
    cases.push(
        Case::new(
            "type compat overrides default_compat",
            record("forward", &["id: int", "id: int; email: string"]),
        )
        .mode("full")
        .expect(&["M001@v2.email"]),
    );
    cases.push(
        Case::new(
            "default_compat applies without compat",
            record("", &["id: int", "id: int; email: string"]),
        )
        .mode("forward_transitive")
        .expect(&["M001@v2.email"]),
    );
    cases.push(
        Case::new(
            "default_compat full without compat",
            record("", &["id: int; email: string", "id: int"]),
        )
        .mode("full")
        .expect(&["W004@v1.email"]),
    );
    cases.push(
        Case::new(
            "default_compat none checks neither wire nor semantic rules, only migrations",
            record("", &["at: timestamp_ms", "at: timestamp_us; extra: string"]),
        )
        .mode("none")
        .expect(&["M001@v2.extra"]),
    );
    cases
}

fn fields() -> Vec<Case> {
    vec![
        Case::new(
            "field added with default, full",
            record("full", &["id: int", "id: int; email: string = \"\""]),
        ),
        Case::new(
            "field with default removed, full",
            record("full", &["id: int; email: string = \"\"", "id: int"]),
        ),
        Case::new(
            "optional field added with null default, full_transitive",
            record(
                "full_transitive",
                &[
                    "id: int",
                    "id: int; note: string? = null",
                    "id: int; note: string? = null; n: long = 0",
                ],
            ),
        ),
        // An optional is not implicitly defaulted: without `= null` old data cannot be read.
        Case::new(
            "optional field added without default",
            record("backward", &["id: int", "id: int; note: string?"]),
        )
        .expect(&["W004@v2.note"]),
        Case::new(
            "list and map fields added with empty defaults",
            record(
                "full",
                &[
                    "id: int",
                    "id: int; tags: list<string> = []; attrs: map<long> = {}",
                ],
            ),
        ),
        Case::new(
            "list field added without default",
            record("backward", &["id: int", "id: int; tags: list<string>"]),
        )
        .expect(&["W004@v2.tags"]),
        Case::new(
            "two fields added without default",
            record("backward", &["id: int", "id: int; a: string; b: bytes"]),
        )
        .expect(&["W004@v2.a", "W004@v2.b"]),
        Case::new(
            "two fields added without default, full",
            record("full", &["id: int", "id: int; a: string; b: bytes"]),
        )
        .expect(&["W004@v2.a", "W004@v2.b"]),
        Case::new(
            "field added without default is fine forward",
            record("forward", &["id: int", "id: int; a: string; b: bytes"]),
        )
        .expect(&["M001@v2.a", "M001@v2.b"]),
        Case::new(
            "fields reordered, full",
            record(
                "full",
                &[
                    "a: int; b: string; c: double",
                    "c: double; a: int; b: string",
                ],
            ),
        ),
        Case::new(
            "all fields replaced, full",
            record("full", &["a: int", "b: bool"]),
        )
        .expect(&["W004@v2.b", "W004@v1.a"]),
        Case::new(
            "record field added with default, backward",
            record_in(
                "backward",
                &["id: int", "id: int; p: P = {x: 1}"],
                "record P { x: int; }",
            ),
        ),
        Case::new(
            "record field added without default, backward",
            record_in(
                "backward",
                &["id: int", "id: int; p: P"],
                "record P { x: int; }",
            ),
        )
        .expect(&["W004@v2.p"]),
        Case::new(
            "enum field added with default, full",
            record_in("full", &["id: int", "id: int; s: S = B"], "enum S { A, B }"),
        ),
        Case::new(
            "default added to an existing field, full",
            record("full", &["id: int; n: int", "id: int; n: int = 7"]),
        ),
        Case::new(
            "default removed from a field that stays, full",
            record("full", &["id: int; n: int = 7", "id: int; n: int"]),
        ),
        Case::new(
            "default changed, full",
            record("full", &["n: int = 7", "n: int = 8"]),
        ),
        Case::new(
            "field removed in every version, forward_transitive",
            record(
                "forward_transitive",
                &["a: int; b: int; c: int", "a: int; b: int", "a: int"],
            ),
        )
        .expect(&["W004@v1.c", "W004@v2.b", "W004@v1.b", "W004@v1.c"]),
    ]
}

/// `f` changes from `from` to `to` under `full`: backward (v2 reads v1) and forward (v1 reads
/// v2) each fail with `code`, located at that direction's reader field, unless they resolve.
fn change(from: &str, to: &str, backward_ok: bool, forward_ok: bool, code: &'static str) -> Case {
    let mut expect = Vec::new();
    let at = |v: u32| -> &'static str { Box::leak(format!("{code}@v{v}.f").into_boxed_str()) };
    if !backward_ok {
        expect.push(at(2));
    }
    if !forward_ok {
        expect.push(at(1));
    }
    Case::new(
        format!("f: {from} -> {to} (full)"),
        record("full", &[&format!("f: {from}"), &format!("f: {to}")]),
    )
    .expect(&expect)
}

fn promotions() -> Vec<Case> {
    vec![
        change("int", "long", true, false, "W005"),
        change("int", "float", true, false, "W005"),
        change("int", "double", true, false, "W005"),
        change("long", "float", true, false, "W005"),
        change("long", "double", true, false, "W005"),
        change("float", "double", true, false, "W005"),
        change("string", "bytes", true, true, "W005"),
        change("bytes", "string", true, true, "W005"),
        // Demotions: the reverse of each promotion.
        change("long", "int", false, true, "W005"),
        change("double", "float", false, true, "W005"),
        change("double", "long", false, true, "W005"),
        change("float", "int", false, true, "W005"),
        change("float", "long", false, true, "W005"),
        // No promotion either way.
        change("int", "string", false, false, "W005"),
        change("bool", "int", false, false, "W005"),
        change("string", "long", false, false, "W005"),
        change("double", "bytes", false, false, "W005"),
        // Inside containers.
        change("list<int>", "list<long>", true, false, "W005"),
        change("list<long>", "list<int>", false, true, "W005"),
        change("map<float>", "map<double>", true, false, "W005"),
        change("map<string>", "map<bytes>", true, true, "W005"),
        change("list<map<int>>", "list<map<double>>", true, false, "W005"),
        change("list<int>", "map<int>", false, false, "W005"),
        change("list<string>", "list<bytes>", true, true, "W005"),
        // Inside optionals and unions: the writer's branch finds no reader branch.
        change("int?", "long?", true, false, "W006"),
        change("long?", "int?", false, true, "W006"),
        change("string?", "bytes?", true, true, "W006"),
        change(
            "union<int, string>",
            "union<long, string>",
            true,
            false,
            "W006",
        ),
        change(
            "union<float, bool>",
            "union<double, bool>",
            true,
            false,
            "W006",
        ),
        change("list<int>?", "list<long>?", true, false, "W006"),
        change(
            "map<union<int, string>>",
            "map<union<long, string>>",
            true,
            false,
            "W006",
        ),
    ]
}

fn unions() -> Vec<Case> {
    vec![
        // Optional added: every old value reads as the non-null branch; old readers meet null.
        change("int", "int?", true, false, "W005"),
        change("int?", "int", false, true, "W005"),
        change("string", "string?", true, false, "W005"),
        // The old reader meets both branches of the new union: null and long.
        Case::new(
            "f: int -> long? (full)",
            record("full", &["f: int", "f: long?"]),
        )
        .expect(&["W005@v1.f", "W005@v1.f"]),
        change(
            "union<int, string>",
            "union<int, string, bool>",
            true,
            false,
            "W006",
        ),
        change(
            "union<int, string, bool>",
            "union<int, string>",
            false,
            true,
            "W006",
        ),
        change(
            "union<int, string>",
            "union<string, int>",
            true,
            true,
            "W006",
        ),
        change("union<int, string>", "int", false, true, "W005"),
        change("int", "union<int, string>", true, false, "W005"),
        change(
            "union<int, string>",
            "union<int, string>?",
            true,
            false,
            "W006",
        ),
        change(
            "union<int, string>?",
            "union<int, string>",
            false,
            true,
            "W006",
        ),
        change(
            "union<int, string>",
            "union<long, bytes>",
            true,
            false,
            "W006",
        ),
        change("string", "union<bytes, int>", true, false, "W005"),
        Case::new(
            "record branch added to a union (full)",
            record_in(
                "full",
                &["p: union<A, B>", "p: union<A, B, C>"],
                "record A { a: int; }\nrecord B { b: int; }\nrecord C { c: int; }",
            ),
        )
        .expect(&["W006@v1.p"]),
        Case::new(
            "record branch replaced by a look-alike without alias (full)",
            record_in(
                "full",
                &["p: union<A, B>", "p: union<A, B2>"],
                "record A { a: int; }\nrecord B { b: int; }\nrecord B2 { b: int; }",
            ),
        )
        .expect(&["W006@v2.p", "W006@v1.p"]),
        Case::new(
            "record branch renamed with @renamed (full)",
            record_in(
                "full",
                &["p: union<A, B>", "p: union<A, B2>"],
                "record A { a: int; }\nrecord B { b: int; }\n@renamed(B)\nrecord B2 { b: int; }",
            ),
        )
        .expect(&["W006@v1.p"]),
        Case::new(
            "optional with non-null default added (full)",
            record("full", &["id: int", "id: int; n: int? = 5"]),
        ),
        Case::new(
            "optional default moved from null to a value (full)",
            record("full", &["n: int? = null", "n: int? = 5"]),
        ),
    ]
}

fn enums() -> Vec<Case> {
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

fn fixed_and_names() -> Vec<Case> {
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

fn renames() -> Vec<Case> {
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

const LINE_V1: &str = "record OrderLine {\n  version 1 {\n    sku: string;\n    qty: int;\n  }\n  version 2 {\n    sku: string;\n    qty: int;\n    discount: int = 0;\n  }\n  version 3 {\n    sku: string;\n    qty: long;\n    discount: int = 0;\n    note: string;\n  }\n}";

fn nested() -> Vec<Case> {
    let order = |mode: &str, from: u32, to: u32| {
        format!(
            "package t;\n\nrecord Order {{\n  compat {mode};\n  version 1 {{\n    lines: list<OrderLine@{from}>;\n  }}\n  version 2 {{\n    lines: list<OrderLine@{to}>;\n  }}\n}}\n\n{LINE_V1}\n"
        )
    };
    vec![
        // OrderLine's own history (backward by default): v3 adds `note` without default.
        Case::new("nested versioned record grows (full)", order("full", 1, 2))
            .expect(&["W004@OrderLine.v3.note"]),
        Case::new("nested versioned record, required field (backward)", order("backward", 2, 3))
            .expect(&["W004@OrderLine.v3.note", "W004@OrderLine.v3.note"]),
        Case::new("nested versioned record, promotion (forward)", order("forward", 2, 3))
            .expect(&["W004@OrderLine.v3.note", "W005@OrderLine.v2.qty"]),
        Case::new("nested versioned record, skip a version (full)", order("full", 1, 3))
            .expect(&[
                "W004@OrderLine.v3.note",
                "W004@OrderLine.v3.note",
                "W005@OrderLine.v1.qty",
            ]),
        Case::new("nested versioned record unchanged pin (full)", order("full", 2, 2))
            .expect(&["W004@OrderLine.v3.note"]),
        Case::new("nested versioned record downgraded pin (full)", order("full", 2, 1))
            .expect(&["W004@OrderLine.v3.note"]),
        Case::new(
            "nested versioned record ignored when OrderLine is none",
            order("backward", 2, 3).replace("record OrderLine {\n", "record OrderLine {\n  compat none;\n"),
        )
        .expect(&["W004@OrderLine.v3.note", "M001@OrderLine.v3.note"]),
        Case::new(
            "nested record in an optional, required field added (backward)",
            "package t;\n\nrecord Addr {\n  compat none;\n  version 1 { city: string; }\n  version 2 { city: string; zip: string; }\n}\n\nrecord R {\n  version 1 {\n    a: Addr@1? = null;\n  }\n  version 2 {\n    a: Addr@2? = null;\n  }\n}\n",
        )
        .expect(&["W006@R.v2.a", "M001@Addr.v2.zip"]),
        Case::new(
            "nested record in a map, promotion (full)",
            "package t;\n\nrecord P {\n  compat none;\n  version 1 { x: float; }\n  version 2 { x: double; }\n}\n\nrecord R {\n  compat full;\n  version 1 {\n    m: map<P@1>;\n  }\n  version 2 {\n    m: map<P@2>;\n  }\n}\n",
        )
        .expect(&["W005@P.v1.x"]),
        Case::new(
            "recursive record grows (full)",
            "package t;\n\nrecord Node {\n  compat full;\n  version 1 {\n    value: int;\n    children: list<Node@1> = [];\n  }\n  version 2 {\n    value: int;\n    children: list<Node@2> = [];\n    next: Node@2? = null;\n  }\n}\n",
        ),
        Case::new(
            "recursive record promotes a field (full)",
            "package t;\n\nrecord Node {\n  compat full;\n  version 1 {\n    value: int;\n    children: list<Node@1> = [];\n  }\n  version 2 {\n    value: long;\n    children: list<Node@2> = [];\n  }\n}\n",
        )
        .expect(&["W005@v1.value"]),
        Case::new(
            "recursive record adds a required field (backward)",
            "package t;\n\nrecord Node {\n  version 1 {\n    value: int;\n    next: Node@1?;\n  }\n  version 2 {\n    value: int;\n    next: Node@2?;\n    label: string;\n  }\n}\n",
        )
        .expect(&["W004@v2.label"]),
        Case::new(
            "unversioned recursive record inside versions (full)",
            "package t;\n\nrecord Tree {\n  value: int;\n  kids: list<Tree> = [];\n}\n\nrecord R {\n  compat full;\n  version 1 {\n    t: Tree;\n  }\n  version 2 {\n    t: Tree;\n    u: Tree? = null;\n  }\n}\n",
        ),
    ]
}

/// Three declarations the semantic cases share: a customer with a string key, a country with
/// a uuid key and a non-key code.
const TARGETS: &str = "record Customer {\n  version 1 {\n    id: string @key;\n    email: string;\n  }\n  version 2 {\n    id: string @key;\n    email: string;\n    code: long = 0;\n  }\n}\n\nrecord Country {\n  id: uuid @key;\n  code: string;\n}\n\nnewtype CustomerId = string;\nnewtype Email = string;\nnewtype Count = long;";

fn semantics() -> Vec<Case> {
    let full = |versions: &[&str]| record_in("full", versions, TARGETS);
    vec![
        // S001: logical types and decimals.
        Case::new("timestamp_ms to timestamp_us", full(&["at: timestamp_ms", "at: timestamp_us"]))
            .expect(&["S001@v2.at"]),
        Case::new("local_timestamp_us to timestamp_us", full(&["at: local_timestamp_us", "at: timestamp_us"]))
            .expect(&["S001@v2.at"]),
        Case::new("long to timestamp_ms", full(&["at: long", "at: timestamp_ms"]))
            .expect(&["S001@v2.at"]),
        Case::new("timestamp_ms to long", full(&["at: timestamp_ms", "at: long"]))
            .expect(&["S001@v2.at"]),
        Case::new("date to int", full(&["d: date", "d: int"])).expect(&["S001@v2.d"]),
        Case::new("time_ms to date", full(&["t: time_ms", "t: date"])).expect(&["S001@v2.t"]),
        Case::new("uuid to string", full(&["id: uuid", "id: string"])).expect(&["S001@v2.id"]),
        // A promotion that also changes the logical type: Avro widens the number, and the reader
        // takes millis for micros (or days for millis).
        Case::new("time_ms to time_us (backward)", record_in("backward", &["t: time_ms", "t: time_us"], TARGETS))
            .expect(&["S001@v2.t"]),
        Case::new("date to timestamp_ms (backward)", record_in("backward", &["d: date", "d: timestamp_ms"], TARGETS))
            .expect(&["S001@v2.d"]),
        Case::new("int to timestamp_ms (backward)", record_in("backward", &["n: int", "n: timestamp_ms"], TARGETS))
            .expect(&["S001@v2.n"]),
        Case::new("uuid to bytes", full(&["id: uuid", "id: bytes"])).expect(&["S001@v2.id"]),
        Case::new("decimal to string", full(&["p: decimal(12, 2)", "p: string"])).expect(&["S001@v2.p"]),
        Case::new("timestamp_ms to timestamp_us in a list", full(&["at: list<timestamp_ms>", "at: list<timestamp_us>"]))
            .expect(&["S001@v2.at"]),
        Case::new("timestamp_ms to timestamp_us in a map", full(&["at: map<timestamp_ms>", "at: map<timestamp_us>"]))
            .expect(&["S001@v2.at"]),
        Case::new("timestamp_ms to timestamp_us in an optional", full(&["at: timestamp_ms? = null", "at: timestamp_us? = null"]))
            .expect(&["S001@v2.at"]),
        Case::new("timestamp_ms to timestamp_us in a union", full(&["at: union<string, timestamp_ms>", "at: union<string, timestamp_us>"]))
            .expect(&["S001@v2.at"]),
        Case::new("union branch added beside a timestamp", full(&["at: union<string, timestamp_ms>", "at: union<string, timestamp_ms, bool>"]))
            .expect(&["W006@v1.at"]),
        Case::new("decimal scale changed in an optional union", full(&["p: union<string, decimal(9, 2)>? = null", "p: union<string, decimal(9, 3)>? = null"]))
            .expect(&["S001@v2.p"]),
        Case::new("timestamp_ms made optional as timestamp_us", full(&["at: timestamp_ms", "at: timestamp_us? = null"]))
            .expect(&["S001@v2.at", "W005@v1.at"]),
        Case::new("decimal scale changed", full(&["p: decimal(12, 2)", "p: decimal(12, 4)"]))
            .expect(&["S001@v2.p"]),
        Case::new("decimal precision changed", full(&["p: decimal(12, 2)", "p: decimal(18, 2)"]))
            .expect(&["S001@v2.p"]),
        Case::new("decimal to bytes", full(&["p: decimal(12, 2)", "p: bytes"])).expect(&["S001@v2.p"]),
        Case::new("bytes to decimal", full(&["p: bytes", "p: decimal(12, 2)"])).expect(&["S001@v2.p"]),
        Case::new("decimal in an optional changed", full(&["p: decimal(12, 2)? = null", "p: decimal(12, 3)? = null"]))
            .expect(&["S001@v2.p"]),
        Case::new("decimal unchanged", full(&["p: decimal(12, 2)", "p: decimal(12, 2); q: int = 0"])),
        Case::new("plain promotion is no logical change", full(&["n: int", "n: long"]))
            .expect(&["W005@v1.n"]),
        // Backward fails on the wire; forward would read days as milliseconds.
        Case::new("timestamp to date is a demotion", record_in("backward", &["at: timestamp_ms", "at: date"], TARGETS))
            .expect(&["W005@v2.at", "S001@v2.at"]),
        Case::new("timestamp to string is no promotion", record_in("backward", &["at: timestamp_ms", "at: string"], TARGETS))
            .expect(&["W005@v2.at"]),
        Case::new("S001 downgraded by [rules]", full(&["at: timestamp_ms", "at: timestamp_us"]))
            .rule("S001 = \"warn\"")
            .expect(&["S001(warn)@v2.at"]),
        Case::new("S001 allowed by [rules]", full(&["at: timestamp_ms", "at: timestamp_us"]))
            .rule("S001 = \"allow\""),
        // S002: units.
        Case::new("unit changed", full(&["w: int @unit(\"g\")", "w: int @unit(\"kg\")"]))
            .expect(&["S002@v2.w"]),
        Case::new("unit removed", full(&["w: int @unit(\"g\")", "w: int"])).expect(&["S002@v2.w"]),
        Case::new("unit added", full(&["w: int", "w: int @unit(\"g\")"])).expect(&["S002@v2.w"]),
        Case::new("unit kept across a promotion", record_in("backward", &["w: int @unit(\"g\")", "w: long @unit(\"g\")"], TARGETS)),
        Case::new("unit changed on a renamed field", full(&["w: int @unit(\"g\")", "weight: int @unit(\"kg\") @renamed(w)"]))
            .expect(&["S002@v2.weight", "W004@v1.w"]),
        Case::new("unit changed, warn by [rules]", full(&["w: int @unit(\"g\")", "w: int @unit(\"kg\")"]))
            .rule("S002 = \"warn\"")
            .expect(&["S002(warn)@v2.w"]),
        // S003: keys.
        Case::new("key removed", full(&["id: string @key; n: int", "id: string; n: int"]))
            .expect(&["S003@v2"]),
        Case::new("key moved to another field", full(&["id: string @key; n: int", "id: string; n: int @key"]))
            .expect(&["S003@v2.n"]),
        Case::new("key field added", full(&["id: string @key; n: int", "id: string @key; n: int @key"]))
            .expect(&["S003@v2.id"]),
        Case::new("key added where there was none", full(&["id: string", "id: string @key"]))
            .expect(&["S003@v2.id"]),
        Case::new("key type changed", record_in("backward", &["id: int @key", "id: long @key"], TARGETS))
            .expect(&["S003@v2.id"]),
        Case::new("key renamed with @renamed", record_in("backward", &["id: string @key", "key: string @key @renamed(id)"], TARGETS)),
        Case::new("key unchanged while fields grow", full(&["id: string @key", "id: string @key; n: int = 0"])),
        Case::new("key change allowed by [rules]", full(&["id: string @key; n: int", "id: string; n: int @key"]))
            .rule("S003 = \"allow\""),
        // S004: a reference's target changes.
        Case::new("ref target changed type", full(&["c: string @ref(Customer@1.id)", "c: string @ref(Country.id)"]))
            .expect(&["S004@v2.c", "S006@9:8"]),
        Case::new("ref target no longer a key", full(&["c: string @ref(Customer@1.id)", "c: string @ref(Country.code)"]))
            .expect(&["S004@v2.c", "S005@9:15"]),
        Case::new("ref moved to a newer version of the target", full(&["c: string @ref(Customer@1.id)", "c: string @ref(Customer@2.id)"])),
        Case::new("ref added", full(&["c: string", "c: string @ref(Customer@2.id)"])),
        Case::new("ref removed", full(&["c: string @ref(Customer@1.id)", "c: string"])),
        // S005/S006 hold within each version.
        Case::new("ref to a non-key field", record_in("backward", &["c: string @ref(Country.code)"], TARGETS))
            .expect(&["S005@6:15"]),
        Case::new("ref to a non-key field of a versioned type", record_in("backward", &["c: long @ref(Customer@2.code)"], TARGETS))
            .expect(&["S005@6:13"]),
        Case::new("ref of another type: string vs uuid", record_in("backward", &["c: string @ref(Country.id)"], TARGETS))
            .expect(&["S006@6:8"]),
        Case::new("ref of another type: uuid vs string", record_in("backward", &["c: uuid @ref(Customer@1.id)"], TARGETS))
            .expect(&["S006@6:8"]),
        Case::new("optional ref holds the key type", record_in("backward", &["c: uuid? = null @ref(Country.id)"], TARGETS)),
        Case::new("ref through a newtype of the key type", record_in("backward", &["c: CustomerId @ref(Customer@1.id)"], TARGETS))
            .expect(&["S006@6:8"]),
        Case::new("ref to a non-key and of another type", record_in("backward", &["c: long @ref(Country.code)"], TARGETS))
            .expect(&["S005@6:13", "S006@6:8"]),
        Case::new("S005 warn by [rules]", record_in("backward", &["c: string @ref(Country.code)"], TARGETS))
            .rule("S005 = \"warn\"")
            .expect(&["S005(warn)@6:15"]),
        // S007: classification.
        Case::new("classification removed", full(&["e: string @classification(\"pii\")", "e: string"]))
            .expect(&["S007@v2.e"]),
        Case::new("classification weakened", full(&["e: string @classification(\"pii\")", "e: string @classification(\"internal\")"]))
            .expect(&["S007@v2.e"]),
        Case::new("classification restricted to confidential", full(&["e: string @classification(\"restricted\")", "e: string @classification(\"confidential\")"]))
            .expect(&["S007@v2.e"]),
        Case::new("classification strengthened", full(&["e: string @classification(\"internal\")", "e: string @classification(\"pii\")"])),
        Case::new("classification added", full(&["e: string", "e: string @classification(\"public\")"])),
        Case::new("classification public to internal", full(&["e: string @classification(\"public\")", "e: string @classification(\"internal\")"])),
        Case::new("classification of unknown level changed", full(&["e: string @classification(\"secret\")", "e: string @classification(\"pii\")"]))
            .expect(&["S007@v2.e"]),
        Case::new("classification kept on a renamed field", full(&["e: string @classification(\"pii\")", "email: string @classification(\"pii\") @renamed(e)"]))
            .expect(&["W004@v1.e"]),
        Case::new("classification dropped on a renamed field", full(&["e: string @classification(\"pii\")", "email: string @renamed(e)"]))
            .expect(&["S007@v2.email", "W004@v1.e"]),
        Case::new("classification removal allowed by [rules]", full(&["e: string @classification(\"pii\")", "e: string"]))
            .rule("S007 = \"allow\""),
        // S008: newtypes.
        Case::new("field moved to a newtype", full(&["id: string", "id: CustomerId"])).expect(&["S008@v2.id"]),
        Case::new("field moved off a newtype", full(&["id: CustomerId", "id: string"])).expect(&["S008@v2.id"]),
        Case::new("field moved between newtypes", full(&["id: CustomerId", "id: Email"])).expect(&["S008@v2.id"]),
        Case::new("newtype of another wire type", record_in("backward", &["n: int", "n: Count"], TARGETS)),
        Case::new("newtype change made an error by [rules]", full(&["id: string", "id: CustomerId"]))
            .rule("S008 = \"error\"")
            .expect(&["S008(error)@v2.id"]),
        Case::new("newtype change allowed by [rules]", full(&["id: string", "id: CustomerId"]))
            .rule("S008 = \"allow\""),
        // [rules] cannot lower errors of the wire: W codes keep their severity.
        Case::new("wire errors are not configurable", record("backward", &["id: int", "id: int; e: string"]))
            .rule("W004 = \"allow\"")
            .expect(&["W004@v2.e"]),
        Case::new("unknown code in [rules]", record("backward", &["id: int"]))
            .rule("S999 = \"warn\"")
            .expect(&["C002@accord.toml:6:1"]),
        // Several rules at once.
        Case::new(
            "several semantic changes in one version",
            full(&[
                "id: string @key; at: timestamp_ms; w: int @unit(\"g\"); e: string @classification(\"pii\")",
                "id: CustomerId; at: timestamp_us; w: int @unit(\"kg\"); e: string",
            ]),
        )
        .expect(&["S003@v2", "S008@v2.id", "S001@v2.at", "S002@v2.w", "S007@v2.e"]),
        Case::new(
            "semantic rules compare consecutive versions only",
            full(&["at: timestamp_ms", "at: timestamp_us", "at: timestamp_ms"]),
        )
        .expect(&["S001@v2.at", "S001@v3.at"]),
    ]
}

// ---- the harness ------------------------------------------------------------------------------

/// A diagnostic as the table writes it: code, severity note, and position.
#[derive(Debug, Clone)]
struct Found {
    code: String,
    file: String,
    line: usize,
    column: usize,
}

impl Found {
    fn show(&self) -> String {
        format!("{}@{}:{}:{}", self.code, self.file, self.line, self.column)
    }
}

struct Outcome {
    found: Vec<Found>,
    model: Option<Model>,
    default_mode: CompatMode,
    compat_ran: bool,
}

fn unique_dir(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let slug: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(40)
        .collect();
    std::env::temp_dir().join(format!(
        "accord-compat-contracts-{}-{}-{slug}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

fn run(case: &Case) -> Outcome {
    let dir = unique_dir(&case.name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schemas")).unwrap();
    std::fs::write(dir.join("accord.toml"), case.toml()).unwrap();
    for (name, text) in &case.files {
        std::fs::write(dir.join("schemas").join(name), text).unwrap();
    }
    let outcome = match accord_compiler::compile(&dir) {
        Ok(compilation) => {
            let found = compilation
                .diagnostics
                .iter()
                .map(|d| {
                    let (file, line, column) = compilation.sources.location(d.primary.span);
                    let mut code = d.code.as_str().to_string();
                    if d.severity != d.code.default_severity() {
                        code.push_str(match d.severity {
                            Severity::Warning => "(warn)",
                            _ => "(error)",
                        });
                    }
                    Found {
                        code,
                        file: file.trim_start_matches("schemas/").to_string(),
                        line,
                        column,
                    }
                })
                .collect::<Vec<_>>();
            let compat_ran = !compilation.diagnostics.iter().any(|d| {
                d.is_error() && matches!(d.code.as_str().as_bytes()[0], b'P' | b'N' | b'V' | b'C')
            });
            Outcome {
                found,
                default_mode: compilation.project.config.default_compat,
                model: Some(compilation.model),
                compat_ran,
            }
        }
        Err(accord_compiler::LoadError::Config(sources, diagnostic)) => {
            let (_, line, column) = sources.location(diagnostic.primary.span);
            Outcome {
                found: vec![Found {
                    code: diagnostic.code.as_str().to_string(),
                    file: "accord.toml".into(),
                    line,
                    column,
                }],
                model: None,
                default_mode: CompatMode::Backward,
                compat_ran: false,
            }
        }
        Err(error) => panic!("{}: {error}", case.name),
    };
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

/// Resolves the position part of an expectation to (file, line, column).
fn resolve(case: &Case, at: &str) -> Result<(String, usize, usize), String> {
    let (first_name, first_text) = &case.files[0];
    let numbers: Vec<&str> = at.split(':').collect();
    match numbers.as_slice() {
        [line, column] if line.parse::<usize>().is_ok() => {
            return Ok((
                first_name.clone(),
                line.parse().unwrap(),
                column.parse().map_err(|_| format!("bad column in {at}"))?,
            ))
        }
        [file, line, column] => {
            return Ok((
                file.to_string(),
                line.parse().map_err(|_| format!("bad line in {at}"))?,
                column.parse().map_err(|_| format!("bad column in {at}"))?,
            ))
        }
        _ => {}
    }
    let mut parts: Vec<&str> = at.split('.').collect();
    let mut offset = 0;
    if !parts[0].starts_with('v') || parts[0][1..].parse::<u32>().is_err() {
        let ty = parts.remove(0);
        offset = ["record ", "enum ", "fixed ", "newtype "]
            .iter()
            .find_map(|kw| first_text.find(&format!("{kw}{ty} ")))
            .ok_or_else(|| format!("no type {ty} for anchor {at}"))?;
    }
    let version = parts
        .first()
        .and_then(|p| p.strip_prefix('v'))
        .ok_or_else(|| format!("bad anchor {at}"))?;
    let block = format!("version {version} ");
    offset += first_text[offset..]
        .find(&block)
        .ok_or_else(|| format!("no block for anchor {at}"))?;
    if let Some(word) = parts.get(1) {
        offset += find_word(&first_text[offset..], word)
            .ok_or_else(|| format!("no `{word}` for anchor {at}"))?;
    }
    let before = &first_text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    Ok((first_name.clone(), line, column))
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// The differences between expected and found, or `None` when they agree.
fn compare(case: &Case, found: &[Found]) -> Option<String> {
    let mut left: Vec<Option<&Found>> = found.iter().map(Some).collect();
    let mut missing = Vec::new();
    let mut loose = Vec::new();
    for expected in &case.expect {
        let (code, at) = match expected.split_once('@') {
            Some((code, at)) => (code, Some(at)),
            None => (*expected, None),
        };
        match at {
            Some(at) => {
                let (file, line, column) = match resolve(case, at) {
                    Ok(position) => position,
                    Err(error) => return Some(error),
                };
                let hit = left.iter_mut().find(|f| {
                    f.is_some_and(|f| {
                        f.code == code && f.file == file && f.line == line && f.column == column
                    })
                });
                match hit {
                    Some(slot) => *slot = None,
                    None => missing.push(format!("{code}@{file}:{line}:{column} ({expected})")),
                }
            }
            None => loose.push(code),
        }
    }
    for code in loose {
        match left.iter_mut().find(|f| f.is_some_and(|f| f.code == code)) {
            Some(slot) => *slot = None,
            None => missing.push(code.to_string()),
        }
    }
    let unexpected: Vec<String> = left.into_iter().flatten().map(Found::show).collect();
    if missing.is_empty() && unexpected.is_empty() {
        None
    } else {
        Some(format!(
            "missing {missing:?}, unexpected {unexpected:?}; all found: {:?}",
            found.iter().map(Found::show).collect::<Vec<_>>()
        ))
    }
}

fn all_cases() -> Vec<Case> {
    let groups: Vec<fn() -> Vec<Case>> = vec![
        modes,
        fields,
        promotions,
        unions,
        enums,
        fixed_and_names,
        renames,
        nested,
        semantics,
    ];
    let cases: Vec<Case> = groups.into_iter().flat_map(|g| g()).collect();
    let mut names = std::collections::HashSet::new();
    for case in &cases {
        assert!(
            names.insert(case.name.clone()),
            "duplicate case {}",
            case.name
        );
    }
    cases
}

#[test]
fn contract_cases() {
    let cases = all_cases();
    let mut failures = Vec::new();
    for case in &cases {
        let outcome = run(case);
        if let Some(problem) = compare(case, &outcome.found) {
            failures.push(format!("{}: {problem}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn enough_cases() {
    let cases = all_cases();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let positioned = cases
        .iter()
        .filter(|c| c.expect.iter().any(|e| e.contains('@')))
        .count();
    assert!(positioned >= 50, "only {positioned} cases check positions");
    eprintln!("{} cases, {positioned} with positions", cases.len());
}

// ---- the oracle cross-check -------------------------------------------------------------------

/// The wire codes Java's `SchemaCompatibility` gives for every pair a mode checks.
fn oracle_requests(model: &Model, default_mode: CompatMode, tag: usize) -> Vec<Value> {
    let mut requests = Vec::new();
    for def in model.types.values().filter(|d| d.versioned) {
        let mode = effective_mode(def, default_mode);
        let schemas: Vec<Value> = def
            .versions
            .iter()
            .map(|v| {
                schema_json(
                    model,
                    &TypeRef {
                        name: def.name.clone(),
                        version: v.number,
                    },
                )
                .expect("every version projects")
            })
            .collect();
        let (backward, forward, transitive) = match mode {
            CompatMode::Backward => (true, false, false),
            CompatMode::BackwardTransitive => (true, false, true),
            CompatMode::Forward => (false, true, false),
            CompatMode::ForwardTransitive => (false, true, true),
            CompatMode::Full => (true, true, false),
            CompatMode::FullTransitive => (true, true, true),
            CompatMode::None => (false, false, false),
        };
        for new in 1..schemas.len() {
            let olds = if transitive { 0..new } else { new - 1..new };
            for old in olds {
                if backward {
                    requests
                        .push(json!({"id": tag, "writer": schemas[old], "reader": schemas[new]}));
                }
                if forward {
                    requests
                        .push(json!({"id": tag, "writer": schemas[new], "reader": schemas[old]}));
                }
            }
        }
    }
    requests
}

fn wire_code(java: &str) -> &'static str {
    match java {
        "NAME_MISMATCH" => "W001",
        "FIXED_SIZE_MISMATCH" => "W002",
        "MISSING_ENUM_SYMBOLS" => "W003",
        "READER_FIELD_MISSING_DEFAULT_VALUE" => "W004",
        "TYPE_MISMATCH" => "W005",
        "MISSING_UNION_BRANCH" => "W006",
        other => panic!("unknown incompatibility {other}"),
    }
}

#[test]
fn wire_codes_agree_with_the_java_oracle() {
    if support::oracle::skipped() {
        return;
    }
    let cases = all_cases();
    let mut requests = Vec::new();
    let mut checked = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let outcome = run(case);
        if !outcome.compat_ran {
            continue;
        }
        let model = outcome.model.as_ref().expect("a model");
        requests.extend(oracle_requests(model, outcome.default_mode, index));
        checked.push(index);
    }
    let answers = support::oracle::run("compat", &requests);
    let mut java: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
    for answer in &answers {
        let id = answer["id"].as_u64().unwrap() as usize;
        let codes = java.entry(id).or_default();
        match answer["error"].as_str() {
            Some(e) if e.starts_with("check: AvroRuntimeException: Reader record field") => {
                codes.push("W007")
            }
            Some(e) => panic!("{}: oracle error {e}", cases[id].name),
            None => {
                for incompatibility in answer["incompatibilities"].as_array().unwrap() {
                    codes.push(wire_code(incompatibility["type"].as_str().unwrap()));
                }
            }
        }
    }
    let mut failures = Vec::new();
    for index in checked {
        let case = &cases[index];
        let mut expected: Vec<&str> = case
            .expect
            .iter()
            .map(|e| e.split('@').next().unwrap())
            .filter(|c| c.starts_with('W'))
            .collect();
        let mut from_java = java.remove(&index).unwrap_or_default();
        expected.sort();
        from_java.sort();
        if expected != from_java {
            failures.push(format!(
                "{}: table {expected:?}, Java {from_java:?}",
                case.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "the table disagrees with Java on {} cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
