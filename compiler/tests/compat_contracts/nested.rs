//! Cases of nested types whose versions are pinned by the records that hold them.

use super::*;

const LINE_V1: &str = "record OrderLine {\n  version 1 {\n    sku: string;\n    qty: int;\n  }\n  version 2 {\n    sku: string;\n    qty: int;\n    discount: int = 0;\n  }\n  version 3 {\n    sku: string;\n    qty: long;\n    discount: int = 0;\n    note: string;\n  }\n}";

pub(super) fn nested() -> Vec<Case> {
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
