"""What each verdict must look like in the engine, and the engines' known deviations.

A *check* is one way of one engine run on one value set, with what it must show:
  equal      the way accepts and every value read equals the value written, seen through
             the new type (added columns: null, or the contract's default)
  not-equal  the engine refuses (at evolve, write or read), or some value or column differs

Per verdict (docs/engines-tests.md):
  safe            the engine's way on the base values: equal
  requires X      the way without X on the base values: not-equal; and where the engine
                  offers X (Spark's reader schema), the way with X: equal
  data-dependent  the engine's way on the values that fit: equal; on those that do not: not-equal
  breaking        the engine's way on the values that fit (the base values when none does):
                  not-equal
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from arrowconv import Read
from values import diff

# The engine's own way, and for each feature a `requires` verdict names: the way without it
# and the way with it (None where the engine under test cannot enable it).
MAIN_WAY = {
    "avro": "resolve",
    "iceberg-v2": "update_schema",
    "spark-3.5": "reader",
    "spark-4.0": "reader",
    "parquet": "reader schema",
    "delta": "merge",
}
FEATURE_WAYS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("spark-3.5", "reader schema"): ("merge", "reader"),
    ("spark-4.0", "reader schema"): ("merge", "reader"),
    ("parquet", "reader schema"): ("first file", "reader schema"),
    ("delta", "typeWidening"): ("merge", None),
    ("delta", "columnMapping"): ("merge", None),
}


@dataclass
class Check:
    way: str
    values: str  # base, fit, nofit
    want: str  # equal, not-equal
    why: str


def plan(verdict: str | None, features: list[str], engine: str, has_fit: bool,
         has_nofit: bool) -> tuple[list[Check], list[str]]:
    """The checks a verdict needs, and notes (e.g. a feature the engine cannot enable)."""
    main = MAIN_WAY[engine]
    notes: list[str] = []
    if verdict is None:
        return [Check(main, "base", "", "no verdict from accord: outcome only")], notes
    if verdict == "safe":
        return [Check(main, "base", "equal", "safe")], notes
    if verdict == "requires":
        checks = []
        withs: set[str | None] = set()
        for f in features or ["?"]:
            without, with_ = FEATURE_WAYS.get((engine, f), (main, None))
            checks.append(Check(without, "base", "not-equal", f"requires {f}: without it"))
            if with_ is None:
                notes.append(f"{engine} under test cannot enable {f}: only 'without' checked")
            withs.add(with_)
        # with every feature on, the values must be equal: testable when the engine under
        # test offers every feature the pair requires, through one way
        if len(withs) == 1 and None not in withs:
            w = withs.pop()
            assert w is not None
            checks.append(Check(w, "base", "equal", "requires: with the feature"))
        elif None not in withs:
            notes.append("the features need different ways: 'with' not checked")
        return _dedup(checks), notes
    if verdict == "data-dependent":
        checks = []
        if has_fit:
            checks.append(Check(main, "fit", "equal", "data-dependent: values that fit"))
        else:
            notes.append("no written value fits the new type")
        checks.append(Check(main, "nofit", "not-equal", "data-dependent: values that do not fit"))
        return checks, notes
    if verdict == "breaking":
        vs = "fit" if has_fit else "base"
        return [Check(main, vs, "not-equal", f"breaking ({vs} values)")], notes
    raise ValueError(f"unknown verdict {verdict}")


def _dedup(checks: list[Check]) -> list[Check]:
    seen, out = set(), []
    for c in checks:
        if (c.way, c.values, c.want) not in seen:
            seen.add((c.way, c.values, c.want))
            out.append(c)
    return out


@dataclass
class Outcome:
    """A way's result compared with the expected rows."""

    status: str  # equal, differ, refused; empty (no rows to write), error (a harness bug)
    detail: str = ""
    stage: str = ""
    diffs: list[str] = field(default_factory=list)

    def short(self) -> str:
        return self.status + (f" ({self.detail[:300]})" if self.detail else "")


def compare(read: Read, expected: list[dict[str, Any]], key: str) -> Outcome:
    if read.refused is not None and read.refused.startswith("harness:"):
        return Outcome("error", read.refused + " " + " ".join(read.notes)[-600:])
    if read.refused is not None:
        return Outcome("refused", read.refused, stage=read.refused.split(":", 1)[0])
    assert read.rows is not None
    got = {_k(r.get(key)): r for r in read.rows}
    diffs = list(read.schema_diffs)
    for e in expected:
        g = got.pop(_k(e.get(key)), None)
        if g is None:
            diffs.append(f"row {key}={e.get(key)!r} missing")
            continue
        diffs += diff(g, e, f"[{key}={e.get(key)!r}]")
    diffs += [f"unexpected row {key}={k!r}" for k in got]
    if diffs:
        return Outcome("differ", "; ".join(diffs[:4]) + (f" (+{len(diffs) - 4})"
                                                          if len(diffs) > 4 else ""), diffs=diffs)
    return Outcome("equal")


def _k(v: Any) -> Any:
    return bytes(v) if isinstance(v, (bytearray, memoryview)) else v


def satisfied(check: Check, o: Outcome) -> bool:
    if check.want == "equal":
        return o.status == "equal"
    if check.want == "not-equal":
        return o.status in ("refused", "differ")
    return True


# ---------------------------------------------------------------------------
# Deviations: where the engine under test does not do what its spec says. A failed check
# counts as agreeing only when a listed deviation applies to the case and what happened is
# what the deviation describes.
# ---------------------------------------------------------------------------


@dataclass
class CaseInfo:
    name: str
    kind: str
    old: str = ""  # the subject column's old type (e.g. decimal(9,2)), retypes only
    new: str = ""


@dataclass
class Deviation:
    name: str
    engine: str
    applies: Callable[[CaseInfo, Check], bool]
    observed: Callable[[Outcome], bool]
    what: str


def _dec(t: str) -> tuple[int, int] | None:
    if not t.startswith("decimal("):
        return None
    p, s = t[len("decimal("):-1].split(",")
    return int(p), int(s)


def _scale_change_accepted(c: CaseInfo, chk: Check) -> bool:
    a, b = _dec(c.old), _dec(c.new)
    return bool(a and b and a[1] != b[1] and b[0] >= a[0])


DEVIATIONS: list[Deviation] = [
    Deviation(
        name="pyiceberg-0.12-decimal-scale",
        engine="iceberg-v2",
        applies=lambda c, chk: c.kind == "retype" and _scale_change_accepted(c, chk)
        and chk.want == "not-equal",
        observed=lambda o: o.status == "equal" or (o.status == "refused" and o.stage == "read"),
        what="pyiceberg 0.12.0 `update_column` accepts a decimal scale change the Iceberg spec "
             "forbids (`file_type.scale == file_type.scale` in promote(); apache/iceberg-python "
             "#3613): the evolution commits, and the scan rescales the values or fails",
    ),
]


def _string_binary(c: CaseInfo, chk: Check) -> bool:
    texts = ("string", "enum", "uuid")
    return c.kind == "retype" and chk.want == "not-equal" and (
        (c.old in texts and c.new == "bytes") or (c.old == "bytes" and c.new in texts))


DEVIATIONS += [
    Deviation(
        name="pyiceberg-0.12-string-binary",
        engine="iceberg-v2",
        applies=_string_binary,
        observed=lambda o: o.status == "equal",
        what="pyiceberg 0.12.0 `promote()` accepts string->binary and binary->string (an Avro "
             "promotion; the Iceberg spec allows only int->long, float->double and decimal "
             "precision widening), so `update_column` commits and the scan reads the values",
    ),
    Deviation(
        name="delta-rs-1.6-nested-nullability",
        engine="delta",
        applies=lambda c, chk: c.name == "list element made optional" and chk.want == "equal",
        observed=lambda o: o.status == "refused" and o.stage == "evolve"
        and "failed validation check" in o.detail,
        what="delta-rs 1.6.6 cannot relax the nullability of a nested column (no alter "
             "operation; schema_mode=merge keeps containsNull=false and refuses the null "
             "elements of the new rows), which the Delta protocol allows",
    ),
]

DEVIATIONS.append(Deviation(
    name="fastavro-1.13-decimal-default",
    engine="avro",
    applies=lambda c, chk: chk.want == "equal",
    observed=lambda o: o.status == "differ" and bool(o.diffs)
    and all("(str), want Decimal(" in d for d in o.diffs),
    what="fastavro 1.13.1 fills a missing decimal field with its default's JSON string "
         "(the bytes as text, e.g. '\\x00') instead of the decimal the Avro spec makes of it",
))


def deviation_for(engine: str, case: CaseInfo, check: Check, o: Outcome) -> Deviation | None:
    for d in DEVIATIONS:
        if d.engine == engine and d.applies(case, check) and d.observed(o):
            return d
    return None
