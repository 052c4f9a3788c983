"""Neutral values to and from Arrow, and Arrow schemas compared as an engine reads them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import pyarrow as pa


@dataclass
class Read:
    """What an engine's way gave: a refusal (stage and message), or rows (neutral values)
    with the differences between the schema it read and the new version's."""

    refused: str | None = None
    rows: list[dict[str, Any]] | None = None
    schema_diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Refused(Exception):
    """An engine raised: at `stage` (create, write, evolve, read)."""

    def __init__(self, stage: str, err: BaseException | str) -> None:
        self.stage = stage
        super().__init__(f"{stage}: {short_error(err)}")


def short_error(e: BaseException | str) -> str:
    if isinstance(e, str):
        return e[:400]
    msg = re.sub(r"\s+", " ", f"{type(e).__name__}: {e}")
    msg = re.sub(r"file:/+\S+", "<file>", msg)
    # a JVM error: the first line of each cause, no stack frames
    if "org.apache.spark" in msg or "Py4J" in type(e).__name__:
        parts = []
        for seg in msg.split("Caused by: "):
            seg = re.split(r" at (?:org|scala|java|py4j|sun)\.", seg, maxsplit=1)[0].strip()
            if seg and seg not in parts:
                parts.append(seg[:240])
        msg = " <- ".join(parts[:3])
    return msg[:400]


def stage(name: str, fn: Any, *a: Any, **kw: Any) -> Any:
    try:
        return fn(*a, **kw)
    except Refused:
        raise
    except Exception as e:  # noqa: BLE001  the engine's refusal, whatever it raised
        raise Refused(name, e) from e


# ---------------------------------------------------------------------------
# values
# ---------------------------------------------------------------------------


def to_arrow_value(v: Any, t: pa.DataType) -> Any:
    if v is None:
        return None
    if pa.types.is_map(t):
        return [(k, to_arrow_value(x, t.item_type)) for k, x in v.items()]
    if pa.types.is_struct(t):
        return {t.field(i).name: to_arrow_value(v.get(t.field(i).name), t.field(i).type)
                for i in range(t.num_fields)}
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return [to_arrow_value(x, t.value_type) for x in v]
    if isinstance(v, dt.time) and pa.types.is_integer(t):
        # a time column as an integer (Delta and Spark have no time type): ms in an int32
        us = ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond
        return us // 1000 if t.bit_width == 32 else us
    return v


def to_arrow_table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    conv = [{f.name: to_arrow_value(r.get(f.name), f.type) for f in schema} for r in rows]
    return pa.Table.from_pylist(conv, schema=schema)


def from_arrow_value(v: Any, t: pa.DataType) -> Any:
    if v is None:
        return None
    if pa.types.is_dictionary(t):
        return from_arrow_value(v, t.value_type)
    if pa.types.is_map(t):
        return {k: from_arrow_value(x, t.item_type) for k, x in v}
    if pa.types.is_struct(t):
        return {t.field(i).name: from_arrow_value(v.get(t.field(i).name), t.field(i).type)
                for i in range(t.num_fields)}
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return [from_arrow_value(x, t.value_type) for x in v]
    if pa.types.is_timestamp(t) and isinstance(v, dt.datetime):
        if t.tz is not None:
            return v.astimezone(dt.timezone.utc)
        return v
    if isinstance(v, (bytearray, memoryview)):
        return bytes(v)
    return v


def from_arrow_table(tbl: pa.Table, model: Any = None) -> list[dict[str, Any]]:
    """Rows as neutral values; with the new version's model (a `Table`), integers read in its
    time columns become times again."""
    types = {f.name: f.type for f in tbl.schema}
    rows = [{k: from_arrow_value(x, types[k]) for k, x in r.items()} for r in tbl.to_pylist()]
    if model is not None:
        cols = {c.name: c.ty for c in model.columns}
        rows = [{k: times(x, cols.get(k)) for k, x in r.items()} for r in rows]
    return rows


def times(v: Any, ty: Any) -> Any:
    """Integers in the time columns of a model type as times (ms or us after midnight)."""
    if v is None or ty is None:
        return v
    if ty.kind in ("time_ms", "time_us") and isinstance(v, int) and not isinstance(v, bool):
        us = v * 1000 if ty.kind == "time_ms" else v
        return (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=us)).time()
    if ty.kind == "struct" and isinstance(v, dict):
        cols = {c.name: c.ty for c in ty.fields}
        return {k: times(x, cols.get(k)) for k, x in v.items()}
    if ty.kind == "list" and isinstance(v, list) and ty.element is not None:
        return [times(x, ty.element.ty) for x in v]
    if ty.kind == "map" and isinstance(v, dict) and ty.value is not None:
        return {k: times(x, ty.value.ty) for k, x in v.items()}
    return v


# ---------------------------------------------------------------------------
# schemas as read
# ---------------------------------------------------------------------------


def type_text(t: pa.DataType) -> str:
    """A type without nullability or metadata (nested fields included)."""
    if pa.types.is_dictionary(t):
        return type_text(t.value_type)
    if pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return "string"
    if pa.types.is_struct(t):
        return "struct<" + ", ".join(f"{t.field(i).name}: {type_text(t.field(i).type)}"
                                     for i in range(t.num_fields)) + ">"
    if pa.types.is_map(t):
        return f"map<{type_text(t.key_type)}, {type_text(t.item_type)}>"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"list<{type_text(t.value_type)}>"
    if pa.types.is_timestamp(t):
        return f"timestamp[{t.unit}{', UTC' if t.tz else ''}]"
    return str(t)


def schema_diffs(got: pa.Schema, want: pa.Schema) -> list[str]:
    """Columns the engine read missing, extra or with another type than the new version's."""
    g = {f.name: f for f in got}
    w = {f.name: f for f in want}
    out = [f"column {n} missing" for n in w if n not in g]
    out += [f"column {n} still there (not in the new version)" for n in g if n not in w]
    for n in w:
        if n in g and type_text(g[n].type) != type_text(w[n].type):
            out.append(f"column {n} read as {type_text(g[n].type)}, the new version says "
                       f"{type_text(w[n].type)}")
    return out
