"""Hostile bytes against every decoder of the generated Python packages: every prefix of every
Avro vector, length and count prefixes of 2^62 (and other huge or over-long varints, negative
block counts with huge byte sizes, small out-of-range union and enum indexes) put in place of
and in front of every byte, seeded random bytes, and deep nesting in Avro and JSON. Each must
raise ``ContractError`` (the documented error; any other exception fails), never hang (an
alarm), and never allocate what the input claims (tracemalloc's peak stays under 10 MB)."""

from __future__ import annotations

import random
import signal
import tracemalloc
import warnings
from typing import Any, Callable, Iterator

import pytest

from conftest import VECTORS, Vector, package

HEAP_LIMIT = 10 << 20


def _varint(value: int) -> bytes:
    n = (value << 1) ^ (value >> 63)
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


CLAIMS = [
    _varint(1 << 62),
    _varint(-(1 << 62)) + _varint(1 << 62),
    _varint((1 << 63) - 1),
    b"\xff" * 11,
    _varint(63),
]


@pytest.fixture(autouse=True)
def _guard() -> Iterator[None]:
    """Fails a decoder that hangs, and silences deprecation warnings of decoded values."""

    def hang(signum: int, frame: Any) -> None:
        raise TimeoutError("a decoder hangs")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(120)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _error(project: str) -> type[Exception]:
    error: type[Exception] = package(project).ContractError
    return error


def _decodes(error: type[Exception], decode: Callable[[bytes], Any], data: bytes) -> bool:
    """Whether ``data`` decodes; a ``ContractError`` is False, any other exception fails."""
    try:
        decode(data)
    except error:
        return False
    return True


def _mutations(datum: bytes, rng: random.Random) -> Iterator[bytes]:
    for at in range(len(datum) + 1):
        for claim in CLAIMS:
            yield datum[:at] + claim + datum[at:]
            if at < len(datum):
                yield datum[:at] + claim + datum[at + 1 :]
        if at < len(datum):
            for byte in (0x7F, 0xFF):
                yield datum[:at] + bytes([byte]) + datum[at + 1 :]
            yield datum[:at] + rng.randbytes(rng.randrange(17))


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_avro_decoders_refuse_hostile_bytes(vector: Vector) -> None:
    cls = package(vector.project).REGISTRY[(vector.type, vector.version)]
    error = _error(vector.project)
    datum = vector.avro[10:]
    for n in range(len(datum)):
        assert not _decodes(error, cls.from_avro_datum, datum[:n]), f"prefix {n} decodes"
    for n in range(len(vector.avro)):
        assert not _decodes(error, cls.from_avro, vector.avro[:n]), f"single-object prefix {n} decodes"
    rng = random.Random(f"{vector.id}")
    tracemalloc.start()
    try:
        for mutated in _mutations(datum, rng):
            _decodes(error, cls.from_avro_datum, mutated)
        for _ in range(16):
            _decodes(error, cls.from_avro_datum, rng.randbytes(rng.randrange(65)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < HEAP_LIMIT, f"decoding hostile bytes used {peak} bytes"


@pytest.mark.parametrize("vector", VECTORS[::7], ids=lambda v: v.id)
def test_json_decoders_refuse_truncated_and_deep_json(vector: Vector) -> None:
    cls = package(vector.project).REGISTRY[(vector.type, vector.version)]
    error = _error(vector.project)
    text = vector.json.decode("utf-8")
    closed = text[:1] in ("{", "[", '"')
    for n in range(len(text)):
        decodes = _decodes(error, cls.from_json, text[:n].encode("utf-8"))
        assert not (decodes and closed), f"JSON prefix {text[:n]!r} decodes"
    for deep in ("[" * 100_000, '{"a":' * 100_000, "[" * 500 + "1" + "]" * 500):
        assert not _decodes(error, cls.from_json, deep.encode())


def _category_chain(levels: int) -> bytes:
    return b"\x00\x00\x02" * levels + b"\x00\x00\x00\x00" + b"\x00" * levels


def test_recursive_data_nested_too_deep_is_a_contract_error(shop: Any) -> None:
    category = shop.REGISTRY[("shop.catalog.Category", 1)]
    assert category.from_avro_datum(_category_chain(100)).parent is not None
    for levels in (200, 10_000, 1_000_000):
        with pytest.raises(shop.ContractError, match="nested"):
            category.from_avro_datum(_category_chain(levels))
    deep = '{"id":0,"name":"","parent":' * 2000 + "null" + "}" * 2000
    with pytest.raises(shop.ContractError, match="nested"):
        category.from_json(deep)


def test_false_claims_of_zero_width_items_are_refused_at_once() -> None:
    runtime = package("shop")._runtime
    for data in (_varint(1 << 62), _varint(1 << 20) * 1000, _varint(-(1 << 62)) + _varint(0)):
        reader = runtime.wire.Reader(data)
        with pytest.raises(runtime.ContractError):
            for _ in reader.blocks():
                pass
    for data in (b"\xff" * 9 + b"\x02", b"\x80" * 10 + b"\x00"):
        with pytest.raises(runtime.ContractError, match="varint"):
            runtime.wire.Reader(data).long()
    assert runtime.wire.Reader(b"\xff" * 9 + b"\x01").long() == -(1 << 63)
