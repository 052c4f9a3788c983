"""Property tests of the Python migration shims (docs/migrations.md) on random values.

* Against fastavro: for every versioned type of the shop contracts and of the ``evolution``
  fixture (every conversion the shop lacks) and every pair of its versions, seeded random
  datums of the source version (written here from the Avro schema: hostile strings, extreme
  integers, NaN and infinities, empty and large collections, blocks with byte sizes, every union
  branch and enum symbol) migrate with ``decode_any(data, to_version)`` exactly as
  ``fastavro.schemaless_reader(data, writer, reader)`` resolves them (compared as the values
  fastavro reads),
  and fail with ``ContractError`` and a documented reason where fastavro does not resolve them.
* Against Rust: every random input of ``cargo test -p accord-tests --test migration_props``
  (``target/migrations-random-rust.json``: input, target version, output or error) gives the
  same bytes, or fails too, and the same canonical JSON when migrated through the JSON encoding
  (``decode_json``); up-then-down round trips that are lossless in Rust (``full`` types whose
  upgrade drops nothing) give the value back in Python.
"""

from __future__ import annotations

import io
import json
import math
import pathlib
import random
import re
import struct
import subprocess
import zlib
from typing import Any, Callable

import fastavro
import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

from conftest import package

REPO = pathlib.Path(__file__).resolve().parents[2]
RUST_CASES = REPO / "target/migrations-random-rust.json"
CASES_PER_VERSION = 40
DOCUMENTED = ("has no counterpart", "does not exist", "fails on", "no migration of")
HOSTILE = [
    "", " ", '"', "\\", "\x00", "\n\r\t", "\x7f\x1b[0m", "é", "\u2028\u2029", "\u202eabc",
    "😀👨‍👩‍👧", "\ufffd", "\uffff", "null", '{"a":1}', "</script>", "'; DROP TABLE orders; --",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]
MIN_DAY, MAX_DAY = -719_162, 2_932_896
MIN_SECOND, MAX_SECOND = -62_135_596_800, 253_402_300_799
LOGICAL_RANGES = {
    "date": (MIN_DAY, MAX_DAY),
    "time-millis": (0, 86_399_999),
    "time-micros": (0, 86_399_999_999),
    "timestamp-millis": (MIN_SECOND * 1000, MAX_SECOND * 1000 + 999),
    "local-timestamp-millis": (MIN_SECOND * 1000, MAX_SECOND * 1000 + 999),
    "timestamp-micros": (MIN_SECOND * 1_000_000, MAX_SECOND * 1_000_000 + 999_999),
    "local-timestamp-micros": (MIN_SECOND * 1_000_000, MAX_SECOND * 1_000_000 + 999_999),
}


def _long(value: int, out: bytearray) -> None:
    n = (value << 1) ^ (value >> 63)
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _bytes(data: bytes, out: bytearray) -> None:
    _long(len(data), out)
    out += data


class Datums:
    """Random Avro datums of one schema, within the domain of accord's types."""

    def __init__(self, schema_text: str, rng: random.Random) -> None:
        self.root = json.loads(schema_text)
        self.named: dict[str, Any] = {}
        self.rng = rng
        self._collect(self.root, "")

    def _collect(self, schema: Any, namespace: str) -> None:
        if isinstance(schema, list):
            for branch in schema:
                self._collect(branch, namespace)
        elif isinstance(schema, dict):
            kind = schema.get("type")
            if kind in ("record", "enum", "fixed"):
                name = schema["name"]
                space = schema.get("namespace", namespace)
                full = name if "." in name or not space else f"{space}.{name}"
                self.named[full] = schema
                for field in schema.get("fields", []):
                    self._collect(field["type"], full.rpartition(".")[0])
            elif kind == "array":
                self._collect(schema["items"], namespace)
            elif kind == "map":
                self._collect(schema["values"], namespace)
            elif isinstance(kind, (dict, list)):
                self._collect(kind, namespace)

    def datum(self) -> bytes:
        out = bytearray()
        self._write(self.root, 0, out)
        return bytes(out)

    def _write(self, schema: Any, depth: int, out: bytearray) -> None:
        rng = self.rng
        if isinstance(schema, str) and schema in self.named:
            schema = self.named[schema]
        if isinstance(schema, list):
            index = schema.index("null") if depth > 6 and "null" in schema else rng.randrange(len(schema))
            _long(index, out)
            self._write(schema[index], depth + 1, out)
            return
        if isinstance(schema, str):
            self._primitive(schema, out)
            return
        kind, logical = schema["type"], schema.get("logicalType")
        if isinstance(kind, (dict, list)):
            self._write(kind, depth, out)
        elif kind == "record":
            for field in schema["fields"]:
                self._write(field["type"], depth + 1, out)
        elif kind == "enum":
            _long(rng.randrange(len(schema["symbols"])), out)
        elif kind == "array":
            self._blocks(depth, out, lambda o: self._write(schema["items"], depth + 1, o))
        elif kind == "map":
            keys: set[str] = set()

            def entry(o: bytearray) -> None:
                key = self._string()
                while key in keys:
                    key = self._string()
                keys.add(key)
                _bytes(key.encode("utf-8"), o)
                self._write(schema["values"], depth + 1, o)

            self._blocks(depth, out, entry)
        elif logical == "decimal":
            unscaled = self._decimal(int(schema["precision"]))
            if kind == "fixed":
                out += unscaled.to_bytes(int(schema["size"]), "big", signed=True)
            else:
                _bytes(unscaled.to_bytes((unscaled.bit_length() + 8) // 8, "big", signed=True), out)
        elif kind == "fixed":
            out += rng.randbytes(int(schema["size"]))
        elif logical == "uuid":
            _bytes(str(__import__("uuid").UUID(int=rng.getrandbits(128))).encode(), out)
        elif logical in LOGICAL_RANGES:
            lo, hi = LOGICAL_RANGES[logical]
            _long(rng.choice([lo, hi, 0]) if rng.randrange(4) == 0 else rng.randint(lo, hi), out)
        else:
            self._primitive(kind, out)

    def _blocks(self, depth: int, out: bytearray, item: Callable[[bytearray], None]) -> None:
        rng = self.rng
        choice = rng.randrange(8)
        count = 0 if depth > 6 or choice < 2 else 20 + rng.randrange(20) if choice == 2 else 1 + rng.randrange(4)
        while count > 0:
            block = 1 + rng.randrange(count)
            items = bytearray()
            for _ in range(block):
                item(items)
            if rng.randrange(3) == 0:
                _long(-block, out)
                _long(len(items), out)
            else:
                _long(block, out)
            out += items
            count -= block
        _long(0, out)

    def _decimal(self, precision: int) -> int:
        top = 10**precision - 1
        roll = self.rng.randrange(4)
        if roll == 0:
            return self.rng.choice([top, -top, 0, 1, -1])
        if roll == 1:
            return self.rng.randint(-10_000, 10_000)
        return self.rng.randint(-top, top)

    def _string(self) -> str:
        rng = self.rng
        roll = rng.randrange(5)
        if roll < 2:
            return rng.choice(HOSTILE)
        if roll == 2:
            return "x" * rng.randrange(300)
        chars = []
        for _ in range(rng.randrange(12)):
            while True:
                c = rng.choice([(0, 0x7F), (0x80, 0x7FF), (0x800, 0xFFFF), (0x10000, 0x10FFFF)])
                code = rng.randint(*c)
                if not 0xD800 <= code <= 0xDFFF:
                    break
            chars.append(chr(code))
        return "".join(chars)

    def _integer(self, bits: int) -> int:
        lo, hi = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        roll = self.rng.randrange(6)
        if roll == 0:
            return self.rng.choice([lo, hi, 0, -1, 1, lo + 1, hi - 1])
        if roll == 1:
            return self.rng.randint(-1000, 1000)
        return self.rng.randint(lo, hi)

    def _primitive(self, kind: str, out: bytearray) -> None:
        rng = self.rng
        if kind == "null":
            return
        if kind == "boolean":
            out.append(rng.randrange(2))
        elif kind in ("int", "long"):
            _long(self._integer(32 if kind == "int" else 64), out)
        elif kind == "float":
            special = [math.nan, math.inf, -math.inf, -0.0, 3.4028234663852886e38, 1e-45]
            bits = struct.pack("<I", rng.getrandbits(32))
            x = rng.choice(special) if rng.randrange(3) == 0 else struct.unpack("<f", bits)[0]
            out += struct.pack("<f", math.nan if math.isnan(x) else x)
        elif kind == "double":
            special = [math.nan, math.inf, -math.inf, -0.0, 1.7976931348623157e308, 5e-324, 0.1]
            bits = struct.pack("<Q", rng.getrandbits(64))
            x = rng.choice(special) if rng.randrange(3) == 0 else struct.unpack("<d", bits)[0]
            out += struct.pack("<d", math.nan if math.isnan(x) else x)
        elif kind == "string":
            _bytes(self._string().encode("utf-8"), out)
        elif kind == "bytes":
            _bytes(rng.randbytes(rng.choice([0, 1, 3, 17, 300])), out)
        else:
            raise AssertionError(f"unknown primitive {kind}")


def _plain(schema: Any) -> Any:
    """The schema without logical types: fastavro then resolves the underlying primitives (as
    Avro does for logical types on the same primitive) and writes back exactly what it read."""
    if isinstance(schema, list):
        return [_plain(s) for s in schema]
    if isinstance(schema, dict):
        return {k: _plain(v) for k, v in schema.items() if k != "logicalType"}
    return schema


_UNRESOLVED = object()


def _fastavro(writer: Any, reader: Any, datum: bytes) -> Any:
    """What fastavro reads from ``datum`` (writer schema ``writer``) with ``reader`` (defaults
    of ``bytes`` fields as bytes); ``_UNRESOLVED`` where it does not resolve it."""
    w = fastavro.parse_schema(_plain(json.loads(writer.AVRO_SCHEMA)))
    r = fastavro.parse_schema(_plain(json.loads(reader.AVRO_SCHEMA)))
    try:
        record = fastavro.schemaless_reader(io.BytesIO(datum), w, r)
    except Exception:
        return _UNRESOLVED
    plain = _plain(json.loads(reader.AVRO_SCHEMA))
    return _normalize(plain, Datums(json.dumps(plain), random.Random()).named, record)


def _read(cls: Any, datum: bytes) -> Any:
    """What fastavro reads from a datum of ``cls``'s own schema."""
    schema = fastavro.parse_schema(_plain(json.loads(cls.AVRO_SCHEMA)))
    return fastavro.schemaless_reader(io.BytesIO(datum), schema, None)


def _same(a: Any, b: Any) -> bool:
    """Equality of fastavro values, NaN equal to NaN. (Values, not re-encoded bytes: fastavro
    writes a union value in the first branch that takes it, so it would move a `long` branch
    value to an `int` branch; union branches are compared in Rust, against apache-avro, and
    across languages, byte for byte.)"""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and bool(a == b)


def _not_a_uuid(error: Any, expected: Any) -> bool:
    """Whether ``error`` is the plan refusing, as a ``uuid``, a field fastavro read as a string
    that is not a UUID (docs/migrations.md: Avro's checker accepts any string as a uuid)."""
    if error.reason != "fails on a string that is not a UUID" or expected is _UNRESOLVED:
        return False
    text = expected.get(error.path)
    return isinstance(text, str) and not re.fullmatch(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", text
    )


def _normalize(schema: Any, named: dict[str, Any], value: Any) -> Any:
    """``value`` as Avro means it where fastavro returns something else: defaults of ``bytes``
    or ``fixed`` fields it returns as text (Avro JSON writes those as ISO-8859-1 code points) as
    bytes, and an ``int`` promoted to ``float`` it returns unrounded, rounded to 32 bits."""
    schema = named.get(schema, schema) if isinstance(schema, str) else schema
    if isinstance(schema, list):
        kinds = [named.get(b, b) if isinstance(b, str) else b for b in schema]
        texts = [b for b in kinds if b == "string" or (isinstance(b, dict) and b.get("type") == "string")]
        if isinstance(value, str) and not texts:
            return value.encode("latin-1")
        if isinstance(value, dict):
            for branch in kinds:
                if isinstance(branch, dict) and branch.get("type") == "record" and {
                    f["name"] for f in branch["fields"]
                } == set(value):
                    return _normalize(branch, named, value)
        return value
    kind = schema if isinstance(schema, str) else schema["type"]
    if isinstance(kind, (dict, list)):
        return _normalize(kind, named, value)
    if kind in ("bytes", "fixed") and isinstance(value, str):
        return value.encode("latin-1")
    if kind == "float" and isinstance(value, float):
        return struct.unpack("<f", struct.pack("<f", value))[0]
    if kind == "record":
        return {f["name"]: _normalize(f["type"], named, value[f["name"]]) for f in schema["fields"]}
    if kind == "array":
        return [_normalize(schema["items"], named, v) for v in value]
    if kind == "map":
        return {k: _normalize(schema["values"], named, v) for k, v in value.items()}
    return value


def _versioned(shop: Any) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for name, version in shop.REGISTRY:
        found.setdefault(name, []).append(version)
    return {n: sorted(vs) for n, vs in found.items() if len(vs) > 1}


# The shop contracts, and the fixture exercising every conversion the shop lacks.
PROJECTS = ("shop", "evolution")


def _pairs() -> list[tuple[str, str, int, int]]:
    return [
        (project, name, a, b)
        for project in PROJECTS
        for name, versions in sorted(_versioned(package(project)).items())
        for a in versions
        for b in versions
        if a != b
    ]


PAIRS = _pairs()
IDS = [f"{p}:{n}:{a}->{b}" for p, n, a, b in PAIRS]


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_random_values_migrate_as_fastavro_resolves_them(pair: tuple[str, str, int, int]) -> None:
    project, name, a, b = pair
    shop = package(project)
    writer, reader = shop.REGISTRY[(name, a)], shop.REGISTRY[(name, b)]
    rng = random.Random(zlib.crc32(f"{name}@{a}->{b}".encode()))
    datums = Datums(writer.AVRO_SCHEMA, rng)
    header = b"\xc3\x01" + bytes.fromhex(writer.FINGERPRINT)[::-1]
    failures, compared, resolved = [], 0, 0
    for _ in range(CASES_PER_VERSION):
        datum = datums.datum()
        expected = _fastavro(writer, reader, datum)
        resolved += expected is not _UNRESOLVED
        try:
            ours = shop.decode_any(header + datum, b)
        except shop.ContractError as error:
            if _not_a_uuid(error, expected):
                # Avro reads any string as a uuid; the plan refuses text that is not one.
                resolved -= 1
            elif expected is not _UNRESOLVED:
                failures.append(f"{datum.hex()}: fails ({error}) where fastavro resolves it")
            elif not any(d in error.reason for d in DOCUMENTED):
                failures.append(f"{datum.hex()}: undocumented error {error}")
            continue
        if expected is _UNRESOLVED:
            failures.append(f"{datum.hex()}: migrates where fastavro does not resolve it")
        elif not _same(_read(reader, ours.to_avro_datum()), expected):
            failures.append(f"{datum.hex()}: {ours!r} is not fastavro's {expected!r}")
        else:
            compared += 1
    assert not failures, "\n".join(failures[:10])
    assert compared == resolved


def _rust_cases() -> list[dict[str, Any]]:
    if not RUST_CASES.exists():
        subprocess.run(
            ["cargo", "test", "-q", "-p", "accord-tests", "--test", "migration_props"],
            cwd=REPO, check=True,
        )
    cases: list[dict[str, Any]] = json.loads(RUST_CASES.read_text())
    return cases


@pytest.fixture(scope="module")
def rust_cases() -> list[dict[str, Any]]:
    return _rust_cases()


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_python_and_rust_shims_agree_on_random_values(
    pair: tuple[str, str, int, int], rust_cases: list[dict[str, Any]]
) -> None:
    project, name, a, b = pair
    shop = package(project)
    writer = shop.REGISTRY[(name, a)]
    cases = [c for c in rust_cases if (c["project"], c["type"], c["from"], c["to"]) == pair]
    assert cases, "the Rust property test covers every pair"
    failures = []
    for case in cases:
        data = bytes.fromhex(case["input"])
        try:
            ours = shop.decode_any(data, b)
        except shop.ContractError as error:
            if "output" in case:
                failures.append(f"{case['input']}: fails ({error}) where Rust migrates it")
            continue
        if "output" not in case:
            failures.append(f"{case['input']}: migrates where Rust fails ({case['error']})")
        elif ours.to_avro() != bytes.fromhex(case["output"]):
            failures.append(f"{case['input']}: {ours.to_avro().hex()} != Rust {case['output']}")
        elif shop.decode_json(case["json_in"], a, b, of=writer).to_json() != case["json_out"]:
            failures.append(f"{case['input']}: through JSON, not Rust's {case['json_out']}")
        elif case.get("round_trip") and shop.downgrade(ours, a).to_avro() != shop.decode_any(data).to_avro():
            failures.append(f"{case['input']}: up-then-down round trip is lossy")
    assert not failures, "\n".join(failures[:10])
