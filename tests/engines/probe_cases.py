"""The change matrix of tests/engines/probe.py and how it judges what an engine read back:
the cases (old column -> new column, values written, values a faithful reader sees), the
Arrow tables written, the classification of a read-back and the errors of a refusal."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pyarrow as pa


class _NoValue:
    """The written value has no faithful representation in the new type."""

    def __repr__(self) -> str:
        return "<no-value>"


NOVALUE = _NoValue()
MISSING = object()

# ---------------------------------------------------------------------------
# The change matrix. Every table has an `id: int64` column first.
# Fields are (name, arrow type, nullable).
# expected: the old rows as a faithful reader would see them in the new
# schema (NOVALUE where no faithful value exists: the only sound answer
# there is a refusal).
# ---------------------------------------------------------------------------

I32, I64, F32, F64, STR = pa.int32(), pa.int64(), pa.float32(), pa.float64(), pa.string()
D92, D182, D93 = pa.decimal128(9, 2), pa.decimal128(18, 2), pa.decimal128(9, 3)
DATE, TS = pa.date32(), pa.timestamp("us")


def f32(x: float) -> float:
    return pa.array([x], F32).to_pylist()[0]


def case(name, old, new, old_vals, new_vals, expected, kind, default=None):
    return dict(
        name=name, old=old, new=new, old_vals=old_vals, new_vals=new_vals,
        expected=expected, kind=kind, default=default,
    )


CASES = [
    case("int->long", [("c", I32, True)], [("c", I64, True)],
         [{"c": 1}, {"c": -2}, {"c": 2147483647}], [{"c": 2**40}],
         [{"c": 1}, {"c": -2}, {"c": 2147483647}], "type"),
    case("long->int", [("c", I64, True)], [("c", I32, True)],
         [{"c": 1}, {"c": 2**40}], [{"c": 7}],
         [{"c": 1}, {"c": NOVALUE}], "type"),
    case("float->double", [("c", F32, True)], [("c", F64, True)],
         [{"c": 1.5}, {"c": 0.1}], [{"c": 0.1}],
         [{"c": 1.5}, {"c": f32(0.1)}], "type"),
    case("int->double", [("c", I32, True)], [("c", F64, True)],
         [{"c": 1}, {"c": 16777217}, {"c": -3}], [{"c": 2.5}],
         [{"c": 1.0}, {"c": 16777217.0}, {"c": -3.0}], "type"),
    case("int->string", [("c", I32, True)], [("c", STR, True)],
         [{"c": 1}, {"c": -2}], [{"c": "x"}],
         [{"c": "1"}, {"c": "-2"}], "type"),
    case("string->int", [("c", STR, True)], [("c", I32, True)],
         [{"c": "1"}, {"c": "x"}], [{"c": 5}],
         [{"c": 1}, {"c": NOVALUE}], "type"),
    case("decimal(9,2)->decimal(18,2)", [("c", D92, True)], [("c", D182, True)],
         [{"c": Decimal("1234567.89")}, {"c": Decimal("-0.01")}],
         [{"c": Decimal("1234567890123456.78")}],
         [{"c": Decimal("1234567.89")}, {"c": Decimal("-0.01")}], "type"),
    case("decimal(9,2)->decimal(9,3)", [("c", D92, True)], [("c", D93, True)],
         [{"c": Decimal("1.23")}, {"c": Decimal("1234567.89")}],
         [{"c": Decimal("1.234")}],
         [{"c": Decimal("1.230")}, {"c": NOVALUE}], "type"),
    case("date->timestamp", [("c", DATE, True)], [("c", TS, True)],
         [{"c": dt.date(2024, 1, 2)}, {"c": dt.date(1970, 1, 1)}],
         [{"c": dt.datetime(2024, 5, 6, 7, 8, 9)}],
         [{"c": dt.datetime(2024, 1, 2)}, {"c": dt.datetime(1970, 1, 1)}], "type"),
    case("required->optional", [("c", I32, False)], [("c", I32, True)],
         [{"c": 1}, {"c": 2}], [{"c": None}],
         [{"c": 1}, {"c": 2}], "nullability"),
    case("optional->required", [("c", I32, True)], [("c", I32, False)],
         [{"c": 1}, {"c": None}], [{"c": 3}],
         [{"c": 1}, {"c": NOVALUE}], "nullability"),
    case("add optional column", [("c", I32, True)], [("c", I32, True), ("d", STR, True)],
         [{"c": 1}, {"c": 2}], [{"c": 3, "d": "z"}],
         [{"c": 1, "d": None}, {"c": 2, "d": None}], "add"),
    case("add required column", [("c", I32, True)], [("c", I32, True), ("d", I32, False)],
         [{"c": 1}, {"c": 2}], [{"c": 3, "d": 30}],
         [{"c": 1, "d": NOVALUE}, {"c": 2, "d": NOVALUE}], "add", default=0),
    case("drop column", [("c", I32, True), ("d", STR, True)], [("c", I32, True)],
         [{"c": 1, "d": "a"}, {"c": 2, "d": "b"}], [{"c": 3}],
         [{"c": 1}, {"c": 2}], "drop"),
    case("rename column", [("c", I32, True)], [("c2", I32, True)],
         [{"c": 1}, {"c": 2}], [{"c2": 3}],
         [{"c2": 1}, {"c2": 2}], "rename"),
    case("reorder columns", [("c", I32, True), ("d", STR, True)],
         [("d", STR, True), ("c", I32, True)],
         [{"c": 1, "d": "a"}, {"c": 2, "d": "b"}], [{"d": "z", "c": 3}],
         [{"d": "a", "c": 1}, {"d": "b", "c": 2}], "reorder"),
]


def arrow_schema(fields):
    return pa.schema([pa.field("id", I64, True)] + [pa.field(n, t, nl) for n, t, nl in fields])


def rows(c, which):
    vals = c["old_vals"] if which == "old" else c["new_vals"]
    base = 1 if which == "old" else 101
    return [dict(id=base + i, **v) for i, v in enumerate(vals)]


def arrow_table(c, which):
    fields = c["old"] if which == "old" else c["new"]
    return pa.Table.from_pylist(rows(c, which), schema=arrow_schema(fields))


def expected_rows(c, include_new=True, default=None):
    exp = []
    for i, v in enumerate(c["expected"]):
        v = dict(v)
        if default is not None:
            v = {k: (default if x is NOVALUE else x) for k, x in v.items()}
        exp.append(dict(id=1 + i, **v))
    if include_new:
        exp += rows(c, "new")
    return exp


# ---------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------


def _cat(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        return "str"
    if isinstance(v, Decimal):
        return "decimal"
    if isinstance(v, dt.datetime):
        return "datetime"
    if isinstance(v, dt.date):
        return "date"
    return type(v).__name__


def same(a, b):
    if _cat(a) != _cat(b):
        return False
    if isinstance(a, dt.datetime):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a == b


def norm_type(t: str) -> str:
    t = t.strip().lower()
    if t in ("string", "large_string", "string_view", "utf8"):
        return "string"
    if t.startswith("timestamp"):
        return "timestamp"
    if t.startswith("decimal"):
        m = re.search(r"\((\d+),\s*(\d+)\)", t)
        return f"decimal({m.group(1)},{m.group(2)})" if m else t
    return {"date32[day]": "date", "int": "int32", "integer": "int32", "bigint": "int64",
            "long": "int64", "float": "float32", "double": "float64",
            "timestamp_ntz": "timestamp"}.get(t, t)


SPARK_TO_ARROW = {"int": I32, "bigint": I64, "float": F32, "double": F64, "string": STR,
                  "date": DATE, "timestamp_ntz": TS, "timestamp": pa.timestamp("us", "UTC")}


def to_arrow_type(t):
    if isinstance(t, pa.DataType):
        return t
    m = re.fullmatch(r"decimal\((\d+),(\d+)\)", t)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2)))
    return SPARK_TO_ARROW.get(t)


def cast_value(v, src, dst):
    """The written value v (of type src) in the type the engine chose, or NOVALUE."""
    if v is None or v is NOVALUE:
        return v
    try:
        arr = pa.array([v], src)
        v = arr.to_pylist()[0]  # the value as stored (e.g. float32-rounded)
        out = arr.cast(dst, safe=True)
        # arrow's safe cast does not check float precision: require a round trip
        if out.cast(src, safe=True).to_pylist()[0] != v:
            return NOVALUE
        return out.to_pylist()[0]
    except Exception:  # noqa: BLE001
        return NOVALUE


def written(c, row_id, n):
    """(value, arrow type) written for new-schema column n of row row_id, or None."""
    if row_id >= 101:
        v = c["new_vals"][row_id - 101]
        t = {fn: ft for fn, ft, _ in c["new"]}
        return (v[n], t[n]) if n in v else None
    v = c["old_vals"][row_id - 1]
    t = {fn: ft for fn, ft, _ in c["old"]}
    src = n if n in t else ("c" if c["kind"] == "rename" and n == "c2" else None)
    return (v[src], t[src]) if src else None


def classify(got_rows, got_types, c, exp_rows, required_cols=None):
    """got_rows: list of dicts (any column names); compares on the new schema.

    Where the engine read a column with another type than the new schema's,
    the written value is compared in the type the engine chose (so that a
    union that widens to a common supertype is faithful, and one that narrows
    is not); the '*' flag in the matrix reports the type difference."""
    new_names = [n for n, _, _ in c["new"]]
    new_types = {n: t for n, t, _ in c["new"]}
    required = required_cols if required_cols is not None else {
        n for n, _, nl in c["new"] if not nl}
    by_id = {r.get("id"): r for r in got_rows}
    nulls, wrong, notes = [], [], []
    if len(got_rows) != len(exp_rows):
        notes.append(f"rows read {len(got_rows)} != expected {len(exp_rows)}")
    for e in exp_rows:
        g = by_id.get(e["id"])
        if g is None:
            wrong.append(f"id={e['id']}: row missing")
            continue
        for n in new_names:
            ev, gv = e[n], g.get(n, MISSING)
            rt = to_arrow_type(got_types.get(n)) if n in got_types else None
            if rt is not None and norm_type(str(rt)) != norm_type(str(new_types[n])):
                w = written(c, e["id"], n)
                if w is not None:
                    ev = cast_value(w[0], w[1], rt)
            if gv is MISSING:
                nulls.append(f"id={e['id']}.{n}: column absent")
            elif gv is None:
                if ev is not None or n in required:
                    nulls.append(f"id={e['id']}.{n}: null (wrote {ev!r})")
            elif ev is NOVALUE:
                wrong.append(f"id={e['id']}.{n}: got {gv!r} for an unrepresentable value")
            elif ev is None or not same(gv, ev):
                wrong.append(f"id={e['id']}.{n}: got {gv!r}, want {ev!r}")
    type_notes = []
    for n in new_names:
        gt = got_types.get(n)
        if gt is not None and norm_type(str(gt)) != norm_type(str(new_types[n])):
            type_notes.append(f"{n} read as {gt} (new schema says {norm_type(str(new_types[n]))})")
    if wrong or (notes and not nulls):
        outcome = "wrong-values"
    elif nulls:
        outcome = "null-values"
    else:
        outcome = "accepted"
    detail = "; ".join(notes + wrong[:3] + nulls[:3] + type_notes)
    return outcome, detail, not type_notes


def arrow_result(tbl: pa.Table):
    types = {f.name: f.type for f in tbl.schema}
    return tbl.to_pylist(), types


def _java_summary(msg: str) -> str:
    """Condense a Py4J/JVM error: the exception chain without stack frames."""
    msg = re.sub(r"file:/+\S+?(?=[\s.,]*(\s|$))", "<file>", msg)
    out = []
    for i, seg in enumerate(msg.split("Caused by: ")):
        if i == 0:
            for key in ("executor driver): ", ".collectToPython. : ", ".parquet. : "):
                if key in seg:
                    seg = seg.split(key, 1)[1]
                    break
        seg = re.split(r" at (?:org|scala|java|py4j|sun)\.", seg, 1)[0].strip()
        seg = seg[:220]
        if seg and seg not in out:
            out.append(seg)
    return " <- ".join(out[:3])


def short_err(e: BaseException, stage: str) -> str:
    msg = re.sub(r"\s+", " ", f"{type(e).__name__}: {e}")
    classes = re.findall(r"\[([A-Z][A-Z0-9_]+(?:\.[A-Z0-9_]+)*)\]", msg)
    if "Py4J" in type(e).__name__ or "org.apache.spark" in msg:
        head = _java_summary(msg)
    else:
        head = msg[:300]
    if classes:
        head += " [error classes: " + ",".join(dict.fromkeys(classes)) + "]"
    return f"{stage}: {head}"


class Refused(Exception):
    def __init__(self, stage, err):
        super().__init__(short_err(err, stage))


def stage(name, fn, *a, **kw):
    try:
        return fn(*a, **kw)
    except Exception as e:  # noqa: BLE001
        raise Refused(name, e) from e
