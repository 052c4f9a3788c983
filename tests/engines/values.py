"""Values: what rows are written, what a faithful reader must read, and the comparison.

Neutral values (the same in every engine's driver): bool, int, float, str (also enum symbols
and uuids), bytes, Decimal, date, datetime (aware UTC for `timestamp_*`, naive for
`local_timestamp_*`), time, dict (structs and union members), list, dict (maps).

`convert(v, old, new)` is the reference: the value of the new type that means what `v` meant
in the old one, or NOVALUE when the new type has none (2**40 as an int, "x" as a number, a
null in a required column, an instant as a wall-clock time). Where engines legitimately differ
in spelling (a number or a date as text) the reference is a `Matcher` that accepts any
spelling of the same value.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import uuid as uuidlib
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Sequence

from model import FLOATS, INTEGERS, NODEFAULT, TIMESTAMPS, TIMES, Col, Ty


class _NoValue:
    """The written value has no faithful value in the new type: only a refusal is sound."""

    def __repr__(self) -> str:
        return "<no value>"


NOVALUE: Any = _NoValue()
UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1)


def f32(x: float) -> float:
    return float(struct.unpack("f", struct.pack("f", x))[0])


def _ts(s: str, utc: bool) -> dt.datetime:
    t = dt.datetime.fromisoformat(s)
    return t.replace(tzinfo=UTC) if utc else t


# ---------------------------------------------------------------------------
# Pools. `base` fits every wider type of the lattice; `probes` are edge values, most of which
# do not fit some narrower type (used for data-dependent verdicts).
# ---------------------------------------------------------------------------

D = Decimal


def base_values(ty: Ty) -> list[Any]:
    k = ty.kind
    if k == "bool":
        return [True, False]
    if k in INTEGERS:
        return [1, -2, 123456]
    if k in FLOATS:
        return [1.5, -2.25, 0.0]
    if k == "string":
        return ["abc", "RED", "-12"]
    if k == "uuid":
        return ["123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000001"]
    if k == "enum":
        return list(ty.symbols)
    if k == "bytes":
        return [b"abc", b"\x01\x02\x03\x04"]
    if k == "fixed":
        return [bytes(range(1, ty.size + 1)), b"z" * ty.size]
    if k == "decimal":
        q = D(1).scaleb(-ty.scale)
        # 0.57 is not a binary fraction: a cast that scales through floats shows on it.
        vals = [D("1.25"), D("-0.5"), D("12.5"), D("0.57")]
        return [v.quantize(q) for v in vals if _fits_decimal(v, ty)] or [D(0).quantize(q)]
    if k == "date":
        return [dt.date(2024, 1, 2), dt.date(1970, 1, 1), dt.date(1969, 12, 31)]
    if k in TIMESTAMPS:
        micro = 123456 if k.endswith("_us") else 123000
        return [_ts("2024-01-02T03:04:05", ty.utc).replace(microsecond=micro),
                _ts("1970-01-01T00:00:00", ty.utc), _ts("2000-02-29T23:59:59", ty.utc)]
    if k in TIMES:
        return [dt.time(12, 0), dt.time(0, 0, 1, 500000 if k == "time_ms" else 123456)]
    raise ValueError(k)


def probe_values(ty: Ty) -> list[Any]:
    k = ty.kind
    if k == "int":
        return [2147483647, -2147483648, 16777217]
    if k == "long":
        return [2**40, 2**53 + 1, -(2**63), 1234567890123]
    if k == "float":
        return [f32(0.1), f32(3.0e38), 16777216.0, 3.0]
    if k == "double":
        return [0.1, 1e300, 16777217.0, 3.0]
    if k == "string":
        return ["1.5", "2024-01-02", "true", "", "x", "2024-01-02T03:04:05"]
    if k == "bytes":
        return [b"\xff\xfe", b"", b"abcd"]
    if k == "decimal":
        q = D(1).scaleb(-ty.scale)
        cands = [D("1234567.89"), D("1234567890123456.78"), D("0.01"), D("1.234"),
                 D("123456.789"), D("3")]
        return [v.quantize(q) for v in cands
                if _fits_decimal(v, ty)][:4]
    if k in TIMESTAMPS:
        return [_ts("2024-01-02T00:00:00", ty.utc)]
    if k == "fixed":
        return [b"\xff" * ty.size]
    return []


def _fits_decimal(v: Decimal, ty: Ty) -> bool:
    try:
        q = v.quantize(D(1).scaleb(-ty.scale))
    except InvalidOperation:
        return False
    if q != v:
        return False
    return abs(q) < D(10) ** (ty.precision - ty.scale)


# ---------------------------------------------------------------------------
# Matchers
# ---------------------------------------------------------------------------


class Matcher:
    def __init__(self, what: str, accept: Callable[[Any], bool]) -> None:
        self.what, self.accept = what, accept

    def __repr__(self) -> str:
        return self.what

    def matches(self, got: Any) -> bool:
        try:
            return bool(self.accept(got))
        except Exception:  # noqa: BLE001  an unparsable spelling is a different value
            return False


def number_text(n: Any) -> Matcher:
    want = D(n) if not isinstance(n, float) else D(n)  # exact binary value of a float
    return Matcher(f"text of {n!r}", lambda g: isinstance(g, str) and D(g.strip()) == want)


def bool_text(b: bool) -> Matcher:
    return Matcher(f"text of {b!r}", lambda g: isinstance(g, str) and g.lower() == str(b).lower())


def date_text(d: dt.date) -> Matcher:
    return Matcher(f"text of {d}", lambda g: isinstance(g, str)
                   and dt.date.fromisoformat(g.strip()) == d)


def ts_text(t: dt.datetime) -> Matcher:
    def accept(g: Any) -> bool:
        if not isinstance(g, str):
            return False
        s = g.strip().replace(" ", "T")
        if s.endswith("Z"):
            s = s[:-1] + "+00:00"
        p = dt.datetime.fromisoformat(s)
        if t.tzinfo is None:
            return p.tzinfo is None and p == t
        return p.tzinfo is not None and p == t

    return Matcher(f"text of {t.isoformat()}", accept)


def time_text(t: dt.time) -> Matcher:
    return Matcher(f"text of {t}", lambda g: isinstance(g, str)
                   and dt.time.fromisoformat(g.strip()) == t)


# ---------------------------------------------------------------------------
# The reference conversion
# ---------------------------------------------------------------------------

_INT_RANGE = {"int": (-(2**31), 2**31 - 1), "long": (-(2**63), 2**63 - 1)}


def _int_in(k: str, v: int) -> Any:
    lo, hi = _INT_RANGE[k]
    return v if lo <= v <= hi else NOVALUE


def _exact_float(k: str, v: Any) -> Any:
    """The float of kind k equal to the exact number v, or NOVALUE."""
    try:
        x = float(v)
    except (OverflowError, ValueError):
        return NOVALUE
    if x != x or x in (float("inf"), float("-inf")):
        return NOVALUE
    if k == "float":
        try:
            x = f32(x)
        except OverflowError:
            return NOVALUE
    return x if D(x) == D(v) else NOVALUE


def _decimal_of(v: Any, ty: Ty) -> Any:
    d = D(v)  # exact (floats convert exactly)
    return d.quantize(D(1).scaleb(-ty.scale)) if _fits_decimal(d, ty) else NOVALUE


def _integral(v: Any) -> int | None:
    d = D(v)
    return int(d) if d == d.to_integral_value() else None


def convert_leaf(v: Any, a: Ty, b: Ty) -> Any:
    ka, kb = a.kind, b.kind
    if ka == kb and ka not in ("enum", "decimal", "fixed"):
        return v
    numeric_a = ka in INTEGERS or ka in FLOATS or ka == "decimal"
    # numbers
    if numeric_a and kb in INTEGERS:
        i = _integral(v) if ka != "float" or v == v else None
        return NOVALUE if i is None else _int_in(kb, i)
    if numeric_a and kb in FLOATS:
        return _exact_float(kb, v)
    if numeric_a and kb == "decimal":
        return _decimal_of(v, b)
    if numeric_a and kb == "string":
        return number_text(v)
    # text
    if ka in ("string", "uuid", "enum"):
        s: str = v
        if kb == "string":
            return s
        if kb == "uuid":
            try:
                return s if str(uuidlib.UUID(s)) == s.lower() else NOVALUE
            except ValueError:
                return NOVALUE
        if kb == "enum":
            return s if s in b.symbols else NOVALUE
        if ka != "string":
            return NOVALUE if kb != "bytes" else s.encode()
        if kb == "bytes":
            return s.encode()
        if kb in INTEGERS:
            return _int_in(kb, int(s)) if re.fullmatch(r"[+-]?\d+", s) else NOVALUE
        if kb in FLOATS or kb == "decimal":
            try:
                d = D(s)
            except InvalidOperation:
                return NOVALUE
            if not d.is_finite() or not re.fullmatch(r"[+-]?\d+(\.\d+)?", s):
                return NOVALUE
            return _exact_float(kb, d) if kb in FLOATS else _decimal_of(d, b)
        if kb == "bool":
            return {"true": True, "false": False}.get(s, NOVALUE)
        if kb == "date":
            return dt.date.fromisoformat(s) if re.fullmatch(r"\d{4}-\d\d-\d\d", s) else NOVALUE
        if kb in TIMESTAMPS:
            m = re.fullmatch(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)?", s)
            if not m or bool(m.group(2)) != b.utc:
                return NOVALUE
            t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
            return _ts_unit(t.astimezone(UTC) if b.utc else t, b)
        return NOVALUE
    if kb == "string":
        if ka == "bool":
            return bool_text(v)
        if ka == "bytes" or ka == "fixed":
            try:
                return bytes(v).decode("utf-8")
            except UnicodeDecodeError:
                return NOVALUE
        if ka == "date":
            return date_text(v)
        if ka in TIMESTAMPS:
            return ts_text(v)
        if ka in TIMES:
            return time_text(v)
        return NOVALUE
    # binaries
    if ka in ("bytes", "fixed") and kb in ("bytes", "fixed"):
        if kb == "fixed" and len(v) != b.size:
            return NOVALUE
        return bytes(v)
    # dates and times
    if ka == "date" and kb in TIMESTAMPS:
        t = dt.datetime(v.year, v.month, v.day)
        return t.replace(tzinfo=UTC) if b.utc else t
    if ka in TIMESTAMPS and kb == "date":
        if a.utc:
            v = v.astimezone(UTC)
        return v.date() if v.time() == dt.time(0) else NOVALUE
    if ka in TIMESTAMPS and kb in TIMESTAMPS:
        if a.utc != b.utc:
            return NOVALUE  # an instant is not a wall-clock time (and back)
        return _ts_unit(v, b)
    if ka in TIMES and kb in TIMES:
        return v if kb == "time_us" or v.microsecond % 1000 == 0 else NOVALUE
    if ka == "decimal" and kb == "decimal":
        return _decimal_of(v, b)
    if ka == "enum" and kb == "enum":
        return v if v in b.symbols else NOVALUE
    return NOVALUE  # no value of the new type means the same (bool <-> number, ...)


def _ts_unit(t: dt.datetime, b: Ty) -> Any:
    if b.kind.endswith("_ms") and t.microsecond % 1000:
        return NOVALUE
    return t


def convert(v: Any, a: Col | None, b: Col) -> Any:
    """The value of column b for a row whose column a (same field id) held v."""
    if a is None:  # added: the contract's default
        if b.default is NODEFAULT:
            return None if not b.required else NOVALUE
        return b.default
    if v is None:
        return None if not b.required else NOVALUE
    return convert_type(v, a.ty, b.ty)


def convert_type(v: Any, a: Ty, b: Ty) -> Any:
    if a.kind == "struct" and b.kind == "struct":
        old = {c.id: c for c in a.fields}
        out = {}
        for c in b.fields:
            o = old.get(c.id)
            out[c.name] = convert(v.get(o.name) if o else None, o, c)
        return out
    if a.kind == "list" and b.kind == "list":
        assert a.element is not None and b.element is not None
        return [convert(x, a.element, b.element) for x in v]
    if a.kind == "map" and b.kind == "map":
        assert a.value is not None and b.value is not None
        return {k: convert(x, a.value, b.value) for k, x in v.items()}
    if a.kind in ("struct", "list", "map") or b.kind in ("struct", "list", "map"):
        return NOVALUE
    return convert_leaf(v, a, b)


def fits(v: Any) -> bool:
    """Whether a converted value holds no NOVALUE anywhere."""
    if v is NOVALUE:
        return False
    if isinstance(v, dict):
        return all(fits(x) for x in v.values())
    if isinstance(v, list):
        return all(fits(x) for x in v)
    return True


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------


def _cat(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "bytes"
    if isinstance(v, dt.datetime):
        return "datetime"
    return type(v).__name__


def diff(got: Any, want: Any, path: str) -> list[str]:
    """Where `got` differs from `want` (empty when equal)."""
    if want is NOVALUE:
        return [f"{path}: read {got!r} where the new type has no value for what was written"]
    if isinstance(want, Matcher):
        return [] if want.matches(got) else [f"{path}: read {got!r}, want {want!r}"]
    if want is None or got is None:
        return [] if got is None and want is None else [f"{path}: read {got!r}, want {want!r}"]
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{path}: read {got!r}, want {want!r}"]
        out = []
        for k in want:
            if k not in got:
                out.append(f"{path}.{k}: column missing")
            else:
                out += diff(got[k], want[k], f"{path}.{k}")
        out += [f"{path}.{k}: unexpected column" for k in got if k not in want]
        return out
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return [f"{path}: read {got!r}, want {want!r}"]
        return [d for i, (g, w) in enumerate(zip(got, want)) for d in diff(g, w, f"{path}[{i}]")]
    if _cat(got) != _cat(want):
        return [f"{path}: read {got!r} ({_cat(got)}), want {want!r} ({_cat(want)})"]
    if isinstance(want, dt.datetime):
        if (got.tzinfo is None) != (want.tzinfo is None):
            return [f"{path}: read {got!r}, want {want!r} (time zone)"]
    if isinstance(want, (bytes, bytearray, memoryview)):
        got, want = bytes(got), bytes(want)
    return [] if got == want else [f"{path}: read {got!r}, want {want!r}"]


def sample(ty: Ty, col_required: bool, i: int) -> Any:
    """A value of a column for row i (examples: every column filled from the base pools)."""
    if not col_required and i % 3 == 1:
        return None
    k = ty.kind
    if k == "struct":
        if ty.union:
            pick = i % len(ty.fields)
            return {c.name: (sample(c.ty, True, i) if j == pick else None)
                    for j, c in enumerate(ty.fields)}
        return {c.name: sample(c.ty, c.required, i + j) for j, c in enumerate(ty.fields)}
    if k == "list":
        assert ty.element is not None
        return [sample(ty.element.ty, ty.element.required, i + j) for j in range(2)]
    if k == "map":
        assert ty.value is not None
        return {f"k{j}": sample(ty.value.ty, ty.value.required, i + j) for j in range(2)}
    pool = base_values(ty)
    return pool[i % len(pool)]


def case_sets(old: Ty, new: Ty, required_old: bool, required_new: bool
              ) -> tuple[list[Any], list[Any], list[Any]]:
    """(base, fitting, non-fitting) values of a column retyped from `old` to `new`."""
    base = base_values(old) + ([None] if not required_old else [])
    every = base + [p for p in probe_values(old) if p not in base]

    def ok(v: Any) -> bool:
        if v is None:
            return not required_new
        return fits(convert_type(v, old, new))

    return base, [v for v in every if ok(v)], [v for v in every if not ok(v)]


def unique(vals: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for v in vals:
        if not any(_cat(v) == _cat(o) and v == o for o in out):
            out.append(v)
    return out
