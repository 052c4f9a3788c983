"""Every JSON and Avro test vector loads into its generated class and re-encodes identically;
fastavro reads what ``to_avro`` writes."""

from __future__ import annotations

import enum
import io
import json
import math
import warnings
from typing import Any

import fastavro
import pytest

from conftest import VECTORS, Vector, package


def _codec(vector: Vector) -> Any:
    return package(vector.project).REGISTRY[(vector.type, vector.version)]


def _encode(cls: Any, value: Any, method: str) -> Any:
    # Records and enums encode themselves; newtype and fixed codecs take the value.
    if hasattr(value, method) and not isinstance(value, (bytes, str)):
        return getattr(value, method)()
    return getattr(cls, method)(value)


def _same(a: Any, b: Any) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


@pytest.fixture(autouse=True)
def _quiet_deprecations() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_json_vector_round_trips_byte_for_byte(vector: Vector) -> None:
    cls = _codec(vector)
    value = cls.from_json(vector.json)
    assert _encode(cls, value, "to_json").encode("utf-8") == vector.json
    assert cls.from_dict(json.loads(vector.json)) == value or "nan" in vector.name


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_avro_vector_round_trips_byte_for_byte(vector: Vector) -> None:
    cls = _codec(vector)
    value = cls.from_avro(vector.avro)
    assert _encode(cls, value, "to_avro") == vector.avro
    assert _encode(cls, value, "to_avro_datum") == vector.avro[10:]
    from_datum = cls.from_avro_datum(vector.avro[10:])
    from_json = cls.from_json(vector.json)
    if "nan" not in vector.name:
        assert from_datum == value == from_json
    # The JSON of the Avro value is the JSON vector: both encodings carry the same value.
    assert _encode(cls, value, "to_json").encode("utf-8") == vector.json


def _as_fastavro(rt: Any, value: Any) -> Any:
    """A generated value in fastavro's representation: records as dicts of wire names, enums
    as symbols, union wrappers unwrapped."""
    if isinstance(value, rt.Record):
        return {f.wire: _as_fastavro(rt, getattr(value, f.attr)) for f in value._FIELDS}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, rt.Wrapper):
        return _as_fastavro(rt, value.value)
    if isinstance(value, list):
        return [_as_fastavro(rt, v) for v in value]
    if isinstance(value, dict):
        return {k: _as_fastavro(rt, v) for k, v in value.items()}
    return value


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b) and type(a) is type(b)


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.id)
def test_fastavro_reads_what_to_avro_writes(vector: Vector) -> None:
    cls = _codec(vector)
    value = cls.from_json(vector.json)
    datum = _encode(cls, value, "to_avro_datum")
    rt = package(vector.project)._runtime
    stream = io.BytesIO(datum)
    read = fastavro.schemaless_reader(stream, rt.fastavro_schema(cls), None)
    assert stream.tell() == len(datum)
    expected = _as_fastavro(rt, value)
    assert _equal(read, expected), (read, expected)


def test_every_type_version_has_vectors() -> None:
    for project in ("shop", "kitchen", "hostile"):
        registry = package(project).REGISTRY
        covered = {(v.type, v.version) for v in VECTORS if v.project == project}
        assert covered == set(registry), project


def test_registry_finds_classes_by_fingerprint() -> None:
    shop = package("shop")
    for (name, version), cls in shop.REGISTRY.items():
        assert (cls.FULL_NAME, cls.VERSION) == (name, version)
        # Newtypes of one type share their Avro schema, so their fingerprint.
        assert shop.by_fingerprint(cls.FINGERPRINT).FINGERPRINT == cls.FINGERPRINT
        assert shop.by_fingerprint(int(cls.FINGERPRINT, 16)).FINGERPRINT == cls.FINGERPRINT
        if hasattr(cls, "_FIELDS"):
            assert shop.by_fingerprint(cls.FINGERPRINT) is cls
    vector = next(v for v in VECTORS if v.project == "shop" and v.type == "shop.orders.Order")
    assert shop.from_avro(vector.avro) == _codec(vector).from_avro(vector.avro)
    with pytest.raises(KeyError):
        shop.by_fingerprint("0000000000000000")
