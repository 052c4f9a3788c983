"""Property tests of the generated layout classes.

* Cross-language: ``tests/tests/layouts.rs`` (run by ``cargo test`` before pytest in
  ``scripts/test.sh``) checks the generated Rust structs on thousands of seeded random values per
  layout version against the reference formatter, and writes the values, paths, partial values
  with their prefix and glob, and a mutated path each to ``ACCORD_LAYOUT_PROPERTIES``. Here the
  Python classes must give exactly the same paths, prefixes and globs, parse each path back to
  the value, and accept or refuse each mutated path as Rust did.
* Python alone: seeded random values of every segment kind (hostile, long and arbitrary Unicode
  strings, ints at their limits and padding edges, dates at the bounds Python holds, every enum
  symbol) round-trip through ``path()``/``parse()`` for every layout class of every project.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import pathlib
import random
import re
import subprocess
import tempfile
import uuid
from typing import Any, Callable

import pytest

from conftest import REPO, package
from test_layouts import ENTRIES, Unrepresentable, _class, _values

SEED = 0x1A70_2024
CASES = 2_000


def _rust_cases() -> dict[str, Any]:
    given = os.environ.get("ACCORD_LAYOUT_PROPERTIES")
    if given:
        path = pathlib.Path(given)
    else:
        path = pathlib.Path(tempfile.mkdtemp(prefix="accord-props-")) / "layout-properties.json"
        subprocess.run(
            ["cargo", "test", "-q", "-p", "accord-tests", "--test", "layouts", "generated_layouts_round_trip_random_values"],
            cwd=REPO, check=True, env=dict(os.environ, ACCORD_LAYOUT_PROPERTIES=str(path)),
        )
    doc: dict[str, Any] = json.loads(path.read_text())
    return doc


def _glob_regex(glob: str) -> re.Pattern[str]:
    """``*`` stands for any text without ``/``, as object stores list."""
    return re.compile("[^/]*".join(re.escape(piece) for piece in glob.split("*")), re.DOTALL)


def _check_partial(path: str, prefix: str, glob: str) -> None:
    assert path.startswith(prefix), (path, prefix)
    assert _glob_regex(glob).fullmatch(path), (path, glob)
    assert glob.split("*")[0] == prefix, (glob, prefix)


def test_python_agrees_with_rust_on_random_values() -> None:
    doc = _rust_cases()
    layouts = {(p, d["layout"], d["version"]) for p, d in ENTRIES}
    assert {(d["project"], d["layout"], d["version"]) for d in doc["layouts"]} == layouts
    checked = unrepresentable = 0
    for entry in doc["layouts"]:
        cls = _class(entry["project"], entry["layout"], entry["version"])
        rt = importlib.import_module(f"{package(entry['project']).__name__}._runtime")
        assert len(entry["cases"]) == doc["cases_per_version"] >= 1_000
        for case in entry["cases"]:
            where = f"{cls.__name__}: {case['path']!r}"
            try:
                values = cls(**_values(cls, case["segments"]))
            except Unrepresentable:
                # A year-0000 date: Rust writes it, Python cannot hold it; parsing must say so.
                with pytest.raises(rt.ContractError) as error:
                    cls.parse(case["path"])
                assert error.value.path in {p[1] for p in cls._PARTS if p[0] == "seg" and p[3] == "date"}
                unrepresentable += 1
                continue
            assert values.path() == case["path"], where
            assert cls.parse(case["path"]) == values, where
            partial = _values(cls, case["partial"]["segments"])
            assert cls.prefix(**partial) == case["partial"]["prefix"], where
            assert cls.glob(**partial) == case["partial"]["glob"], where
            _check_partial(case["path"], case["partial"]["prefix"], case["partial"]["glob"])
            mutated = case["mutated"]
            try:
                assert cls.parse(mutated).path() == mutated, where
                parses = True
            except rt.ContractError:
                parses = False
            assert parses == case["mutated_parses"], (where, mutated)
            checked += 1
    assert checked >= 0.9 * len(layouts) * doc["cases_per_version"], (checked, unrepresentable)


# --- Python alone -------------------------------------------------------------------------------

HOSTILE = ["", "/", "%", "%%", "%2F", "=", "a=b", "..", ".", "-", " ", "*?[]#", "\\", "\0", "\x7f",
           "é", "ü/ß", "日本", "😀", "\u200b", "\ufeff", "plain", "UPPER_lower_09"]
DATES = [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(1970, 1, 1),
         datetime.date(2000, 2, 29), datetime.date(1969, 12, 31)]


def _char(rng: random.Random) -> str:
    pick = rng.randrange(4)
    if pick == 0:
        return rng.choice("aZ09_/%=-.~ +:@?#&\\")
    if pick == 1:
        return chr(rng.randrange(0x20))
    while True:  # any Unicode scalar value (no surrogates: they cannot be written in UTF-8)
        code = rng.randrange(0x110000)
        if not 0xD800 <= code < 0xE000:
            return chr(code)


def _string(rng: random.Random) -> str:
    pick = rng.randrange(4)
    if pick == 0:
        return rng.choice(HOSTILE)
    if pick == 1:
        return "." * rng.randint(1, 3)
    length = rng.randrange(600) if rng.randrange(4) == 0 else rng.randrange(16)
    return "".join(_char(rng) for _ in range(length))


def _int(rng: random.Random, bits: int) -> int:
    low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    pick = rng.randrange(3)
    if pick == 0:
        return rng.choice([low, low + 1, high - 1, high, 0, -1, 1])
    if pick == 1:
        value = 10 ** rng.randrange(19 if bits == 64 else 10) + rng.randint(-1, 1)
        return max(low, min(high, rng.choice([value, -value])))
    return rng.randint(low, high)


def _date(rng: random.Random) -> datetime.date:
    if rng.randrange(2) == 0:
        anchor = rng.choice(DATES)
        try:
            return anchor + datetime.timedelta(days=rng.randint(-7, 7))
        except OverflowError:
            return anchor
    return datetime.date.fromordinal(rng.randint(1, datetime.date.max.toordinal()))


def _generator(part: tuple[Any, ...]) -> Callable[[random.Random], Any]:
    kind, enum_cls = part[3], part[5]
    generators: dict[str, Callable[[random.Random], Any]] = {
        "string": _string,
        "int": lambda rng: _int(rng, 32),
        "long": lambda rng: _int(rng, 64),
        "uuid": lambda rng: uuid.UUID(int=rng.getrandbits(128)),
        "date": _date,
        "bool": lambda rng: rng.random() < 0.5,
        "enum": lambda rng: rng.choice(list(enum_cls)),
    }
    return generators[kind]


def _layout_classes() -> list[tuple[str, Any]]:
    return [(p, _class(p, d["layout"], d["version"])) for p, d in ENTRIES]


LAYOUT_CLASSES = _layout_classes()


@pytest.mark.parametrize("project,cls", LAYOUT_CLASSES, ids=[f"{p}:{c.LAYOUT}@{c.VERSION}" for p, c in LAYOUT_CLASSES])
def test_random_values_round_trip(project: str, cls: Any) -> None:
    rng = random.Random(f"{SEED}:{cls.LAYOUT}@{cls.VERSION}")
    segments = [p for p in cls._PARTS if p[0] == "seg"]
    generators = [(p[2], _generator(p)) for p in segments]
    kinds = {p[3] for p in segments}
    for _ in range(CASES):
        values = {attr: generate(rng) for attr, generate in generators}
        value = cls(**values)
        path = value.path()
        assert cls.parse(path) == value, path
        partial = {attr: v for attr, v in values.items() if rng.randrange(2) == 0}
        _check_partial(path, cls.prefix(**partial), cls.glob(**partial))
    assert kinds  # every layout has a segment


def test_strings_that_cannot_be_written_raise(shop: Any) -> None:
    from accord_shop.shop.storage import OrderExportV2  # type: ignore[import-not-found]

    value = OrderExportV2(customer_id="a\ud800b", day=datetime.date(2024, 5, 1), part=1)
    with pytest.raises(shop.ContractError) as error:
        value.path()
    assert error.value.path == "customer_id"
