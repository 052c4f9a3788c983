//! Cases of record schemas: the registry modes, fields added and removed, promotions, unions.

use super::*;

pub(super) fn modes() -> Vec<Case> {
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

pub(super) fn fields() -> Vec<Case> {
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

pub(super) fn promotions() -> Vec<Case> {
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

pub(super) fn unions() -> Vec<Case> {
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
