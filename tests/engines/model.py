"""The harness's own model of a record type version as a table holds it.

A table schema is a tree of columns (`Col`) with field ids, following accord's table
projection (docs/engines.md, "Field ids"): fields, a list's `element`, a map's `key` and
`value`, a union as a struct of optional members `member0`, `member1`, ... Enums and uuids
keep their accord kind here (the engines see strings): the harness needs the symbols to make
values and to judge conversions.

The model is built from accord's generated Avro schema (types, defaults, enum symbols,
aliases) and the field ids of the generated Iceberg schema; `assign_ids` numbers columns the
same way when no Iceberg schema exists (hand-made schemas while developing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Iterator, Mapping, Sequence


class _NoDefault:
    def __repr__(self) -> str:
        return "<no default>"


NODEFAULT: Any = _NoDefault()

# Leaf kinds. Timestamps: `timestamp_*` are instants (UTC), `local_timestamp_*` wall clock.
LEAF_KINDS = (
    "bool", "int", "long", "float", "double", "string", "bytes", "uuid", "enum", "fixed",
    "decimal", "date", "time_ms", "time_us", "timestamp_ms", "timestamp_us",
    "local_timestamp_ms", "local_timestamp_us",
)
INTEGERS = ("int", "long")
FLOATS = ("float", "double")
TEXTS = ("string", "uuid", "enum")
BINARIES = ("bytes", "fixed")
TIMESTAMPS = ("timestamp_ms", "timestamp_us", "local_timestamp_ms", "local_timestamp_us")
TIMES = ("time_ms", "time_us")


@dataclass(frozen=True)
class Ty:
    """A column type: a leaf kind, or `struct`, `list`, `map`."""

    kind: str
    precision: int = 0
    scale: int = 0
    size: int = 0
    symbols: tuple[str, ...] = ()
    fields: tuple["Col", ...] = ()
    union: bool = False
    element: "Col | None" = None
    key: "Col | None" = None
    value: "Col | None" = None
    name: str = ""  # full name of a record, enum or fixed (Avro union branches)

    def __str__(self) -> str:
        k = self.kind
        if k == "decimal":
            return f"decimal({self.precision},{self.scale})"
        if k == "fixed":
            return f"fixed({self.size})"
        if k == "enum":
            return "enum{" + ",".join(self.symbols) + "}"
        if k == "struct":
            inner = ", ".join(f"{c.name}: {c.ty}{'' if c.required else '?'}" for c in self.fields)
            return ("union" if self.union else "struct") + "<" + inner + ">"
        if k == "list":
            assert self.element is not None
            return f"list<{self.element.ty}{'' if self.element.required else '?'}>"
        if k == "map":
            assert self.value is not None
            return f"map<{self.value.ty}{'' if self.value.required else '?'}>"
        return k

    @property
    def utc(self) -> bool:
        return self.kind in ("timestamp_ms", "timestamp_us")

    def children(self) -> list["Col"]:
        if self.kind == "struct":
            return list(self.fields)
        if self.kind == "list":
            assert self.element is not None
            return [self.element]
        if self.kind == "map":
            assert self.key is not None and self.value is not None
            return [self.key, self.value]
        return []


@dataclass(frozen=True)
class Col:
    """A column: a field, list element, map key or value, or union member."""

    name: str
    ty: Ty
    required: bool
    id: int = 0
    default: Any = NODEFAULT
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """The table schema of one record type version."""

    name: str  # full name of the record type
    version: int
    columns: tuple[Col, ...]
    identifier_ids: tuple[int, ...] = ()

    @property
    def struct(self) -> Ty:
        return Ty("struct", fields=self.columns)


def walk(cols: Sequence[Col], prefix: str = "") -> Iterator[tuple[str, Col]]:
    """Every column with its dotted path, depth first in schema order."""
    for c in cols:
        path = prefix + c.name
        yield path, c
        yield from walk(c.ty.children(), path + ".")


def by_id(table: Table) -> dict[int, tuple[str, Col]]:
    return {c.id: (p, c) for p, c in walk(table.columns)}


# ---------------------------------------------------------------------------
# From Avro (accord's generated .avsc)
# ---------------------------------------------------------------------------

_LOGICAL = {
    ("string", "uuid"): "uuid",
    ("int", "date"): "date",
    ("int", "time-millis"): "time_ms",
    ("long", "time-micros"): "time_us",
    ("long", "timestamp-millis"): "timestamp_ms",
    ("long", "timestamp-micros"): "timestamp_us",
    ("long", "local-timestamp-millis"): "local_timestamp_ms",
    ("long", "local-timestamp-micros"): "local_timestamp_us",
}
_PRIMS = {"boolean": "bool", "int": "int", "long": "long", "float": "float",
          "double": "double", "string": "string", "bytes": "bytes"}


class _AvroReader:
    def __init__(self) -> None:
        self.named: dict[str, Any] = {}
        self.stack: list[str] = []

    def _full(self, name: str, ns: str | None) -> str:
        return name if "." in name or not ns else f"{ns}.{name}"

    def col(self, name: str, schema: Any, ns: str | None, default: Any = NODEFAULT,
            aliases: Sequence[str] = ()) -> Col:
        required = True
        if isinstance(schema, list):
            non_null = [s for s in schema if s != "null"]
            if len(non_null) < len(schema):
                required = False
            if len(non_null) == 1:
                schema = non_null[0]
                ty = self.ty(schema, ns)
            else:
                members = tuple(
                    replace(self.col(f"member{i}", s, ns), required=False)
                    for i, s in enumerate(non_null))
                ty = Ty("struct", fields=members, union=True)
        else:
            ty = self.ty(schema, ns)
        d = NODEFAULT if default is NODEFAULT else avro_default(default, schema, ty, self)
        return Col(name=name, ty=ty, required=required, default=d, aliases=tuple(aliases))

    def ty(self, s: Any, ns: str | None) -> Ty:
        if isinstance(s, str):
            if s in _PRIMS:
                return Ty(_PRIMS[s])
            full = self._full(s, ns)
            if full in self.stack:
                return Ty("string")  # recursion: accord stores the value's JSON text
            return self.ty(self.named[full], full.rsplit(".", 1)[0] if "." in full else None)
        t = s["type"]
        if isinstance(t, (dict, list)):
            return self.ty(t, ns)
        logical = s.get("logicalType")
        if logical == "decimal":
            return Ty("decimal", precision=int(s["precision"]), scale=int(s.get("scale", 0)))
        if (t, logical) in _LOGICAL:
            return Ty(_LOGICAL[(t, logical)])
        if t in _PRIMS:
            return Ty(_PRIMS[t])
        if t == "array":
            return Ty("list", element=self.col("element", s["items"], ns))
        if t == "map":
            return Ty("map", key=Col("key", Ty("string"), True),
                      value=self.col("value", s["values"], ns))
        full = self._full(s["name"], s.get("namespace", ns))
        self.named[full] = s
        inner_ns = full.rsplit(".", 1)[0] if "." in full else None
        if t == "enum":
            return Ty("enum", symbols=tuple(s["symbols"]), name=full)
        if t == "fixed":
            return Ty("fixed", size=int(s["size"]), name=full)
        if t == "record":
            self.stack.append(full)
            cols = tuple(self.col(f["name"], f["type"], inner_ns, f.get("default", NODEFAULT),
                                  f.get("aliases", ())) for f in s["fields"])
            self.stack.pop()
            return Ty("struct", fields=cols, name=full)
        raise ValueError(f"unknown Avro schema {s!r}")


def avro_default(d: Any, schema: Any, ty: Ty, reader: _AvroReader) -> Any:
    """An Avro JSON default as a neutral value of the column type."""
    if d is None:
        return None
    if ty.kind == "struct" and ty.union:
        # a union's default is of its first non-null branch
        m = ty.fields[0]
        return {f.name: (neutral_from_avro_json(d, m.ty) if f is m else None) for f in ty.fields}
    return neutral_from_avro_json(d, ty)


def neutral_from_avro_json(d: Any, ty: Ty) -> Any:
    k = ty.kind
    if d is None:
        return None
    if k in ("bytes", "fixed"):
        return d.encode("latin-1")
    if k == "decimal":
        if isinstance(d, str):
            raw = d.encode("latin-1")
            unscaled = int.from_bytes(raw, "big", signed=True) if raw else 0
            return Decimal(unscaled).scaleb(-ty.scale)
        return Decimal(str(d))
    if k == "date":
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(d))
    if k in TIMESTAMPS:
        unit = 1000 if k.endswith("_ms") else 1
        t = dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=int(d) * unit)
        return t.replace(tzinfo=dt.timezone.utc) if ty.utc else t
    if k in TIMES:
        us = int(d) * (1000 if k == "time_ms" else 1)
        return (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=us)).time()
    if k in FLOATS:
        return float(d)
    if k == "struct":
        return {c.name: neutral_from_avro_json(d.get(c.name), c.ty) if c.name in d
                else (None if c.default is NODEFAULT else c.default) for c in ty.fields}
    if k == "list":
        assert ty.element is not None
        return [neutral_from_avro_json(x, ty.element.ty) for x in d]
    if k == "map":
        assert ty.value is not None
        return {key: neutral_from_avro_json(x, ty.value.ty) for key, x in d.items()}
    return d


def from_avro(avsc: Mapping[str, Any], version: int) -> Table:
    """The table of a record version from its Avro schema (ids 0 until attached)."""
    r = _AvroReader()
    ty = r.ty(dict(avsc), avsc.get("namespace"))
    name = avsc["name"] if "." in avsc["name"] else f"{avsc.get('namespace')}.{avsc['name']}"
    return Table(name=name, version=version, columns=ty.fields)


# ---------------------------------------------------------------------------
# Field ids
# ---------------------------------------------------------------------------


def attach_iceberg_ids(table: Table, iceberg: Mapping[str, Any]) -> Table:
    """Copies the field ids of an Iceberg schema (JSON) onto the table, matched by name."""

    def cols(cs: Sequence[Col], struct: Mapping[str, Any]) -> tuple[Col, ...]:
        fields = {f["name"]: f for f in struct["fields"]}
        out = []
        for c in cs:
            f = fields.get(c.name)
            if f is None:
                raise ValueError(f"iceberg schema has no field {c.name}")
            out.append(replace(c, id=int(f["id"]), ty=ty(c.ty, f["type"])))
        return tuple(out)

    def ty(t: Ty, it: Any) -> Ty:
        if t.kind == "struct":
            return replace(t, fields=cols(t.fields, it))
        if t.kind == "list":
            assert t.element is not None
            return replace(t, element=replace(t.element, id=int(it["element-id"]),
                                              ty=ty(t.element.ty, it["element"])))
        if t.kind == "map":
            assert t.key is not None and t.value is not None
            return replace(t, key=replace(t.key, id=int(it["key-id"])),
                           value=replace(t.value, id=int(it["value-id"]),
                                         ty=ty(t.value.ty, it["value"])))
        return t

    return replace(table, columns=cols(table.columns, iceberg),
                   identifier_ids=tuple(int(i) for i in iceberg.get("identifier-field-ids", [])))


def assign_ids(versions: Sequence[Table]) -> list[Table]:
    """Numbers the columns of consecutive versions of one type the way accord does: same
    path or a renamed field at the path of its old name keeps its id, other columns get new
    ids after the highest ever used."""
    out: list[Table] = []
    last = 0
    prev: dict[str, int] = {}
    for t in versions:
        ids: dict[str, int] = {}

        def number(cs: Sequence[Col], prefix: str, old_prefix: str | None) -> tuple[Col, ...]:
            nonlocal last
            res = []
            for c in cs:
                path = prefix + c.name
                cid = None
                old_path = None
                if old_prefix is not None:
                    for name in (c.name, *c.aliases):
                        if old_prefix + name in prev:
                            old_path = old_prefix + name
                            cid = prev[old_path]
                            break
                if cid is None:
                    last += 1
                    cid = last
                ids[path] = cid
                child_old = (old_path + ".") if old_path is not None else None
                res.append(replace(c, id=cid, ty=number_ty(c.ty, path + ".", child_old)))
            return tuple(res)

        def number_ty(ty: Ty, prefix: str, old_prefix: str | None) -> Ty:
            if ty.kind == "struct":
                return replace(ty, fields=number(ty.fields, prefix, old_prefix))
            if ty.kind == "list":
                assert ty.element is not None
                return replace(ty, element=number([ty.element], prefix, old_prefix)[0])
            if ty.kind == "map":
                assert ty.key is not None and ty.value is not None
                k, v = number([ty.key, ty.value], prefix, old_prefix)
                return replace(ty, key=k, value=v)
            return ty

        cols = number(t.columns, "", "" if prev else None)
        last = max([last, *ids.values()])
        out.append(replace(t, columns=cols))
        prev = ids
    return out


@dataclass
class Pair:
    """Two consecutive versions of a record type (data written with `old`, read with `new`),
    plus the versions between for multi-step histories (name reuse)."""

    type_name: str
    old: Table
    new: Table
    steps: list[Table] = field(default_factory=list)  # versions after old, up to new

    @property
    def key(self) -> str:
        return f"{self.type_name}@{self.old.version}->{self.new.version}"
