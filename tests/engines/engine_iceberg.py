"""Iceberg format v2 through pyiceberg: a SqlCatalog (sqlite, local warehouse), a table
created from accord's Iceberg schema of the old version, rows appended, then the schema
evolved with `update_schema()` explicit operations derived from the field-id diff of the two
generated Iceberg schemas (rename, update_column type and nullability, delete, add, move),
then scanned."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Any

from arrowconv import Read, Refused, from_arrow_table, stage, to_arrow_table
from engines_py import Job

warnings.filterwarnings("ignore")


@dataclass
class Node:
    id: int
    path: tuple[str, ...]
    type: Any  # Iceberg JSON type
    required: bool
    parent: int | None
    doc: str | None
    initial_default: Any


def index(struct: dict[str, Any]) -> dict[int, Node]:
    """Every column of an Iceberg schema JSON by field id."""
    out: dict[int, Node] = {}

    def walk(t: Any, path: tuple[str, ...], parent: int | None) -> None:
        if not isinstance(t, dict):
            return
        if t["type"] == "struct":
            for f in t["fields"]:
                p = (*path, f["name"])
                out[f["id"]] = Node(f["id"], p, f["type"], bool(f["required"]), parent,
                                    f.get("doc"), f.get("initial-default"))
                walk(f["type"], p, f["id"])
        elif t["type"] == "list":
            p = (*path, "element")
            out[t["element-id"]] = Node(t["element-id"], p, t["element"],
                                        bool(t["element-required"]), parent, None, None)
            walk(t["element"], p, t["element-id"])
        elif t["type"] == "map":
            out[t["key-id"]] = Node(t["key-id"], (*path, "key"), t["key"], True, parent, None, None)
            p = (*path, "value")
            out[t["value-id"]] = Node(t["value-id"], p, t["value"], bool(t["value-required"]),
                                      parent, None, None)
            walk(t["value"], p, t["value-id"])

    walk(struct, (), None)
    return out


def _shape(t: Any) -> str:
    return t if isinstance(t, str) else t["type"]


def parse_type(t: Any) -> Any:
    """A pyiceberg type from Iceberg JSON (through a one-field schema)."""
    from pyiceberg.schema import Schema
    doc = {"type": "struct", "schema-id": 0,
           "fields": [{"id": 1_000_000, "name": "x", "required": False, "type": t}]}
    return Schema.model_validate(doc).fields[0].field_type


class Iceberg:
    """One catalog for the whole run; one table per job."""

    def __init__(self, tmp: str) -> None:
        from pyiceberg.catalog.sql import SqlCatalog
        d = os.path.join(tmp, "iceberg")
        os.makedirs(os.path.join(d, "wh"), exist_ok=True)
        self.catalog = SqlCatalog("accord", uri=f"sqlite:///{d}/catalog.db",
                                  warehouse=f"file://{d}/wh")
        self.catalog.create_namespace("t")
        self.n = 0

    def run(self, job: Job) -> Read:
        from pyiceberg.schema import Schema
        self.n += 1
        old_doc = job.schemas[0].iceberg
        schema = stage("create", Schema.model_validate, old_doc)
        tbl = stage("create", self.catalog.create_table, f"t.j{self.n}", schema=schema,
                    properties={"format-version": "2"})
        arrow = tbl.schema().as_arrow()
        stage("write", tbl.append, stage("write", to_arrow_table, job.rows, arrow))
        docs = [s.iceberg for s in job.schemas]
        for before, after in zip(docs, docs[1:]):
            evolve(tbl, before, after)
        tbl = tbl.refresh()
        got = stage("read", lambda: tbl.scan().to_arrow())
        want = stage("read", Schema.model_validate, docs[-1])
        return Read(rows=from_arrow_table(got, job.pair.new),
                    schema_diffs=struct_diffs(tbl.schema(), want))


def evolve(tbl: Any, before: dict[str, Any], after: dict[str, Any]) -> None:
    """The explicit update_schema operations that turn `before` into `after` (by field id)."""
    old, new = index(before), index(after)
    renames = [(o.path, new[i].path[-1]) for i, o in old.items()
               if i in new and o.path[-1] != new[i].path[-1]]
    retypes, nullability = [], []
    for i, n in new.items():
        o = old.get(i)
        if o is None:
            continue
        if _shape(o.type) != _shape(n.type) or (isinstance(n.type, str) and o.type != n.type):
            retypes.append((n.path, n.type))
        if o.required != n.required:
            nullability.append((n.path, n.required))
    # outermost dropped and added columns
    dropped = [o for i, o in old.items() if i not in new and (o.parent is None or o.parent in new)]
    added = [n for i, n in new.items() if i not in old and (n.parent is None or n.parent in old)]

    def txn(what: str, ops: list[Any]) -> None:
        if not ops:
            return

        def go() -> None:
            with tbl.update_schema() as u:
                for op in ops:
                    op(u)
        stage(f"evolve ({what})", go)

    txn("rename", [lambda u, p=p, n=n: u.rename_column(p, n) for p, n in renames])
    txn("update type", [lambda u, p=p, t=t: u.update_column(p, field_type=parse_type(t))
                        for p, t in retypes])
    txn("update nullability", [lambda u, p=p, r=r: u.update_column(p, required=r)
                               for p, r in nullability])

    def new_parent_path(o: Node) -> tuple[str, ...]:
        return new[o.parent].path if o.parent is not None else ()

    txn("delete", [lambda u, p=(*new_parent_path(o), o.path[-1]): u.delete_column(p)
                   for o in dropped])

    def add(u: Any, n: Node) -> None:
        kw: dict[str, Any] = {}
        if n.initial_default is not None:
            kw["default_value"] = n.initial_default
        u.add_column(n.path, parse_type(n.type), doc=n.doc, required=n.required, **kw)

    txn("add", [lambda u, n=n: add(u, n) for n in added])
    reorder(tbl, after)


def reorder(tbl: Any, after: dict[str, Any]) -> None:
    """Moves columns so that every struct has the new version's order."""
    from pyiceberg.types import ListType, MapType, StructType

    def current(path: tuple[str, ...]) -> list[str]:
        t: Any = tbl.refresh().schema().as_struct()
        for p in path:
            if isinstance(t, StructType):
                t = t.field_by_name(p).field_type
            elif isinstance(t, ListType):
                t = t.element_type
            elif isinstance(t, MapType):
                t = t.value_type if p == "value" else t.key_type
        return [f.name for f in t.fields]

    def structs(t: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], list[str]]]:
        if not isinstance(t, dict):
            return []
        if t["type"] == "struct":
            out = [(path, [f["name"] for f in t["fields"]])]
            for f in t["fields"]:
                out += structs(f["type"], (*path, f["name"]))
            return out
        if t["type"] == "list":
            return structs(t["element"], (*path, "element"))
        if t["type"] == "map":
            return structs(t["value"], (*path, "value"))
        return []

    for path, want in structs(after, ()):
        have = stage("evolve (move)", current, path)
        if [n for n in have if n in want] == want:
            continue

        def go(path: tuple[str, ...] = path, want: list[str] = want) -> None:
            with tbl.update_schema() as u:
                u.move_first((*path, want[0]))
                for a, b in zip(want, want[1:]):
                    u.move_after((*path, b), (*path, a))
        stage("evolve (move)", go)


def struct_diffs(got: Any, want: Any) -> list[str]:
    """Differences between the table's schema and the new version's (names, types,
    nullability; not ids, which pyiceberg assigns itself)."""
    def text(f: Any) -> str:
        return f"{f.name}: {'required' if f.required else 'optional'} {_type_text(f.field_type)}"

    g = {f.name: f for f in got.fields}
    w = {f.name: f for f in want.fields}
    out = [f"column {n} missing" for n in w if n not in g]
    out += [f"column {n} still there (not in the new version)" for n in g if n not in w]
    out += [f"column {text(g[n])}, the new version says {text(w[n])}"
            for n in w if n in g and text(g[n]) != text(w[n])]
    order_g = [n for n in g if n in w]
    if not out and order_g != list(w):
        out.append(f"column order {order_g}, the new version says {list(w)}")
    return out


def _type_text(t: Any) -> str:
    from pyiceberg.types import ListType, MapType, NestedField, StructType
    if isinstance(t, StructType):
        return "struct<" + ", ".join(
            f"{f.name}: {'required ' if f.required else ''}{_type_text(f.field_type)}"
            for f in t.fields) + ">"
    if isinstance(t, ListType):
        return f"list<{'required ' if t.element_required else ''}{_type_text(t.element_type)}>"
    if isinstance(t, MapType):
        return (f"map<{_type_text(t.key_type)}, {'required ' if t.value_required else ''}"
                f"{_type_text(t.value_type)}>")
    if isinstance(t, NestedField):
        return _type_text(t.field_type)
    return str(t)


__all__ = ["Iceberg", "Refused", "index", "evolve"]
