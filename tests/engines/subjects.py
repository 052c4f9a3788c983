"""Subjects: the pairs under test (generated cases and the bundled example contracts) with
the rows written, what a faithful reader reads, and accord's verdicts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from accord_cli import Project, Verdicts
from cases import Case
from judge import CaseInfo
from model import Col, Pair, Table, Ty, by_id, walk
from schemas import EngineSchemas
from values import base_values, case_sets, convert_type, fits, probe_values, sample


@dataclass
class Subject:
    info: CaseInfo
    pair: Pair
    schemas: list[EngineSchemas]
    verdicts: Verdicts | None
    key: str  # the column rows are matched by
    sets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # base/fit/nofit rows
    expected: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    new_rows: list[dict[str, Any]] = field(default_factory=list)
    origin: str = "case"  # case | example


def _key_value(col: Col, i: int) -> Any:
    k = col.ty.kind
    if k == "uuid":
        return str(uuid.UUID(int=i + 1))
    if k in ("int", "long"):
        return i + 1
    if k in ("string", "enum"):
        return f"key{i + 1}"
    return None


def _with_key(row: dict[str, Any], t: Table, i: int) -> dict[str, Any]:
    first = t.columns[0]
    v = _key_value(first, i)
    if v is not None:
        row[first.name] = v
    return row


def _sample_row(t: Table, i: int) -> dict[str, Any]:
    return {c.name: sample(c.ty, c.required, i + j) for j, c in enumerate(t.columns)}


def _set_path(row: dict[str, Any], t: Table, path: str, v: Any) -> None:
    """Puts v at a dotted column path of a row (`element`: a one-element list, `value`: a
    one-entry map; the structs on the way keep their sample values)."""
    parts = path.split(".")
    col = {c.name: c for c in t.columns}[parts[0]]
    row[parts[0]] = _with(row.get(parts[0]), col.ty, parts[1:], v)


def _with(cur: Any, ty: Ty, parts: list[str], v: Any) -> Any:
    if not parts:
        return v
    if ty.kind == "struct":
        f = {c.name: c for c in ty.fields}[parts[0]]
        out = dict(cur) if isinstance(cur, dict) else sample(ty, True, 0)
        out[parts[0]] = _with(out.get(parts[0]), f.ty, parts[1:], v)
        return out
    if ty.kind == "list" and parts[0] == "element":
        assert ty.element is not None
        return [_with(sample(ty.element.ty, True, 0), ty.element.ty, parts[1:], v)]
    if ty.kind == "map" and parts[0] == "value":
        assert ty.value is not None
        return {"k": _with(sample(ty.value.ty, True, 0), ty.value.ty, parts[1:], v)}
    raise KeyError(f"no column {'.'.join(parts)} in {ty}")


def _col_at(t: Table, path: str) -> Col:
    for p, c in walk(t.columns):
        if p == path:
            return c
    raise KeyError(f"{t.name}@{t.version} has no column {path}")


def _expect(pair: Pair, rows: list[dict[str, Any]]) -> list[Any]:
    return [convert_type(r, pair.old.struct, pair.new.struct) for r in rows]


def build(subject: Subject, subject_path: str | None) -> None:
    pair = subject.pair
    old, new = pair.old, pair.new
    rows: list[tuple[dict[str, Any], bool]] = []  # (row, in base)
    if subject_path is None:
        rows = [(_with_key(_sample_row(old, i), old, i), True) for i in range(3)]
    else:
        a = _col_at(old, subject_path)
        b = by_id(new)[a.id][1]
        base, fit, nofit = case_sets(a.ty, b.ty, a.required, b.required)
        seen: list[Any] = []
        for v in base + [x for x in fit + nofit if x not in base]:
            if any(type(v) is type(s) and v == s for s in seen):
                continue
            seen.append(v)
            i = len(rows)
            r = _with_key(_sample_row(old, i), old, i)
            _set_path(r, old, subject_path, v)
            rows.append((r, any(type(v) is type(x) and v == x for x in base)))
    expected = _expect(pair, [r for r, _ in rows])
    # fit: the base values that fit (values that fit every wider type), or when none does,
    # every written value that fits; nofit: every value that does not
    sets: dict[str, list[int]] = {"base": [], "fit": [], "nofit": []}
    fitting = []
    for i, ((_, in_base), e) in enumerate(zip(rows, expected)):
        if in_base:
            sets["base"].append(i)
        if fits(e):
            fitting.append(i)
        else:
            sets["nofit"].append(i)
    sets["fit"] = [i for i in fitting if i in sets["base"]] or fitting
    for name, idx in sets.items():
        subject.sets[name] = [rows[i][0] for i in idx]
        subject.expected[name] = [expected[i] for i in idx]
    subject.new_rows = [_with_key(_sample_row(new, 100 + i), new, 100 + i) for i in range(2)]


def _types(pair: Pair, path: str | None) -> tuple[str, str]:
    if path is None:
        return "", ""
    a = _col_at(pair.old, path)
    b = by_id(pair.new)[a.id][1]
    return _type_name(a.ty), _type_name(b.ty)


def _type_name(t: Ty) -> str:
    return "enum" if t.kind == "enum" else "fixed" if t.kind == "fixed" else str(t)


def from_cases(cases: list[Case], proj: Project) -> list[Subject]:
    out = []
    for c in cases:
        pair = proj.pair(c.type_name, c.frm, c.to, c.write)
        versions = range(c.write, c.to + 1)
        old_t, new_t = _types(pair, c.subject)
        s = Subject(
            info=CaseInfo(name=c.name, kind=c.kind, old=old_t, new=new_t),
            pair=pair, schemas=[proj.schemas[(c.type_name, v)] for v in versions],
            verdicts=proj.verdicts.get((c.type_name, c.frm, c.to)), key="id")
        build(s, c.subject)
        out.append(s)
    return out


def from_examples(proj: Project) -> list[Subject]:
    out = []
    for (name, frm, to), v in sorted(proj.verdicts.items()):
        if (name, frm) not in proj.tables or (name, to) not in proj.tables:
            continue
        pair = proj.pair(name, frm, to)
        s = Subject(info=CaseInfo(name=f"example {name} {frm}->{to}", kind="example"),
                    pair=pair, schemas=[proj.schemas[(name, x)] for x in (frm, to)],
                    verdicts=v, key=pair.new.columns[0].name, origin="example")
        build(s, None)
        out.append(s)
    return out


__all__ = ["Subject", "from_cases", "from_examples", "base_values", "probe_values"]
