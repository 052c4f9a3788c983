"""The evolution cases: one accord project holding one versioned record type per case.

Every single-column retype over a lattice of column types, and the other kinds of change
(add with each kind of default, drop, rename, nullability, reorder, nested and list changes,
a name used again after a drop). Each case's record has `id: long @key` first; the column that
changes is `c` (or the path named by `subject`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

# accord spelling of each lattice type, and a short name for case names.
LATTICE: list[tuple[str, str]] = [
    ("bool", "bool"),
    ("int", "int"),
    ("long", "long"),
    ("float", "float"),
    ("double", "double"),
    ("string", "string"),
    ("bytes", "bytes"),
    ("decimal(9,2)", "decimal(9, 2)"),
    ("decimal(18,2)", "decimal(18, 2)"),
    ("decimal(9,3)", "decimal(9, 3)"),
    ("date", "date"),
    ("timestamp_us", "timestamp_us"),
    ("local_timestamp_us", "local_timestamp_us"),
    ("enum", "Color"),
    ("fixed", "Digest4"),
]

SHARED = """\
enum Color { RED, GREEN, BLUE; default RED }

fixed Digest4(4);

record Inner {
  version 1 { x: int; }
  version 2 { x: int; y: string? = null; }
  version 3 { x: long; y: string? = null; }
}

enum Shade {
  version 1 { LIGHT, DARK, PASTEL; default LIGHT }
  version 2 { LIGHT, DARK; default LIGHT }
}

record Line {
  version 1 { sku: string; qty: int; }
  version 2 { sku: string; qty: long; }
}
"""


@dataclass
class Case:
    """One evolution: data written with version `write` of `type_name`, read with `to`."""

    name: str  # e.g. "retype int->long"
    kind: str  # retype, add, drop, rename, nullability, reorder, nested, list, reuse
    type_name: str  # full name, cases.Cnnn
    versions: list[str]  # the field lists of each version, accord syntax
    subject: str | None = None  # the path of the changed column (value sets are made for it)
    frm: int = 1  # the pair accord judges: from -> to
    to: int = 2
    write: int = 1  # the version the rows are written with
    tags: list[str] = field(default_factory=list)

    def source(self) -> str:
        short = self.type_name.rsplit(".", 1)[1]
        blocks = "\n".join(f"  version {i} {{ id: long @key; {body} }}"
                           for i, body in enumerate(self.versions, 1))
        return f"/// {self.name}\nrecord {short} {{\n{blocks}\n}}\n"


def all_cases() -> list[Case]:
    cases: list[Case] = []

    def add(name: str, kind: str, versions: list[str], **kw: object) -> None:
        cases.append(Case(name=name, kind=kind, type_name=f"cases.C{len(cases) + 1:03d}",
                          versions=versions, **kw))  # type: ignore[arg-type]

    for a_name, a in LATTICE:
        for b_name, b in LATTICE:
            if a_name != b_name:
                add(f"retype {a_name}->{b_name}", "retype", [f"c: {a};", f"c: {b};"],
                    subject="c")
    add("add optional (null default)", "add", ["c: int;", "c: int; d: string? = null;"])
    add("add optional (non-null default)", "add", ["c: int;", 'c: int; d: string? = "n/a";'])
    add("add optional int (non-null default)", "add", ["c: int;", "c: int; d: int? = 5;"])
    add("add required with default", "add", ["c: int;", "c: int; d: int = 7;"])
    add("add required string with default", "add", ["c: int;", 'c: int; d: string = "z";'])
    add("add required without default", "add", ["c: int;", "c: int; d: int;"])
    add("add optional nested record", "add", ["c: int;", "c: int; n: Inner@1? = null;"])
    add("drop", "drop", ["c: int; d: string;", "c: int;"])
    add("drop nested record", "drop", ["c: int; n: Inner@1;", "c: int;"])
    add("rename", "rename", ["c: int; d: string;", "c: int; e: string @renamed(d);"])
    add("rename nested record", "rename", ["n: Inner@1;", "m: Inner@1 @renamed(n);"])
    add("optional->required", "nullability", ["c: int? = null;", "c: int;"], subject="c")
    add("optional->required string", "nullability", ["c: string? = null;", "c: string;"],
        subject="c")
    add("required->optional", "nullability", ["c: int;", "c: int? = null;"], subject="c")
    add("required->optional decimal", "nullability",
        ["c: decimal(9, 2);", "c: decimal(9, 2)? = null;"], subject="c")
    add("reorder", "reorder", ["c: int; d: string;", "d: string; c: int;"])
    add("nested record field added", "nested", ["n: Inner@1;", "n: Inner@2;"])
    add("nested record field retyped int->long", "nested", ["n: Inner@2;", "n: Inner@3;"],
        subject="n.x")
    add("list element retyped int->long", "list", ["l: list<int>;", "l: list<long>;"],
        subject="l.element")
    add("list element retyped long->int", "list", ["l: list<long>;", "l: list<int>;"],
        subject="l.element")
    add("list of records: element field retyped int->long", "list",
        ["l: list<Line@1>;", "l: list<Line@2>;"], subject="l.element.qty")
    add("map value retyped int->long", "list", ["m: map<int>;", "m: map<long>;"],
        subject="m.value")
    add("enum symbol removed", "retype", ["c: Shade@1;", "c: Shade@2;"], subject="c")
    add("list element made optional", "list", ["l: list<int>;", "l: list<int?>;"])
    add("name reused after a drop", "reuse", ["c: int;", "", "c: string? = null;"],
        frm=2, to=3, write=1)
    add("name reused after a drop, same type", "reuse", ["c: int;", "", "c: int? = null;"],
        frm=2, to=3, write=1)
    return cases


def write_project(cases: list[Case], root: str) -> None:
    """An accord project with every case (default_compat none: Avro-incompatible pairs too)."""
    os.makedirs(os.path.join(root, "schemas", "cases"), exist_ok=True)
    with open(os.path.join(root, "accord.toml"), "w") as f:
        f.write('[project]\nschemas = "schemas"\ndefault_compat = "none"\n\n'
                '# the harness judges every pair, also those no migration can be derived for\n'
                '[rules]\nM001 = "allow"\nM002 = "allow"\n')
    with open(os.path.join(root, "schemas", "cases", "cases.accord"), "w") as f:
        f.write("package cases;\n\n" + SHARED + "\n")
        for c in cases:
            f.write(c.source() + "\n")
