"""The generated topic classes of the shop contracts: every allowed value version's vectors decode
through ``decode_value`` and re-encode identically, other versions are refused, and the stamp
headers equal the manifest's stamps.

Keys: every topic key vector (``vectors/topics/``, the same the Rust tests replay) of every
project: ``key_bytes`` gives exactly the vector's bytes and ``headers(value, key)`` its
``accord.key.*`` headers; ``decode_key`` reads the bytes with those headers back to the key, and
refuses every invalid key. Keys produced by the Rust target are these bytes (tests/tests/topics.rs),
so each language reads what the other writes."""

from __future__ import annotations

import importlib
import json
from typing import Any, Iterator

import pytest

from conftest import GENERATED, PROJECTS, package, vectors_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _avro(version: int) -> list[bytes]:
    return sorted(v.avro for v in vectors_of("shop", "shop.orders.Order", version))


def test_allowed_versions_decode_and_others_are_refused(shop: Any) -> None:
    from accord_shop.shop.streams import Orders  # type: ignore[import-not-found]

    assert Orders.NAME == "shop.orders"
    assert Orders.VALUE_VERSIONS == (2, 3)
    for version in (2, 3):
        for data in _avro(version):
            value = Orders.decode_value(data)
            assert value.VERSION == version
            assert Orders.value_bytes(value) == data
    for data in _avro(1):
        with pytest.raises(shop.ContractError):
            Orders.decode_value(data)


def test_headers_are_the_manifest_stamps(shop: Any) -> None:
    from accord_shop.shop.streams import Orders, Payments  # type: ignore[import-not-found]

    manifest = json.loads((GENERATED / "shop/accord-manifest.json").read_text())
    value = Orders.decode_value(_avro(3)[0])
    headers = dict(Orders.headers(value))
    stamp = next(t["stamp"] for t in manifest["types"] if t["stamp"]["contract"] == "shop.orders.Order" and t["stamp"]["version"] == 3)
    assert headers == {
        "accord.contract": stamp["contract"].encode(),
        "accord.version": b"3",
        "accord.fingerprint": stamp["fingerprint"].encode(),
        "accord.definition": stamp["definition"].encode(),
        "accord.accord_version": stamp["accord_version"].encode(),
        "accord.topic": b"shop.streams.Orders",
    }
    assert Payments.key_bytes("p-1") == b"p-1"


def _key_entries() -> Iterator[tuple[str, dict[str, Any]]]:
    for project in PROJECTS:
        index = GENERATED / project / "vectors/topics/index.json"
        if index.exists():
            for entry in json.loads(index.read_text())["topics"]:
                yield project, json.loads((GENERATED / project / entry["file"]).read_text())


KEY_ENTRIES = list(_key_entries())


def _topic_class(project: str, topic: str) -> Any:
    package_name, name = topic.rsplit(".", 1)
    module = importlib.import_module(f"{package(project).__name__}.{package_name}")
    return getattr(module, name)


def _first_value(project: str, cls: Any) -> Any:
    """A value of the topic's first allowed version, from its test vectors."""
    value_cls = cls.VALUE_CLASSES[0]
    return cls.decode_value(vectors_of(project, value_cls.FULL_NAME, value_cls.VERSION)[0].avro)


def _key(cls: Any, case: dict[str, Any]) -> Any:
    if not cls.KEY_CLASSES:
        return json.loads(case["json"])
    key_cls = cls.KEY_CLASSES[cls.KEY_VERSIONS.index(case["version"])] if case["version"] else cls.KEY_CLASSES[0]
    return key_cls.from_json(case["json"])


@pytest.mark.parametrize("project,doc", KEY_ENTRIES, ids=[f"{p}:{d['topic']}" for p, d in KEY_ENTRIES])
def test_keys_replay_the_key_vectors(project: str, doc: dict[str, Any]) -> None:
    cls = _topic_class(project, doc["topic"])
    rt = importlib.import_module(f"{package(project).__name__}._runtime")
    assert cls.NAME == doc["name"]
    assert list(cls.KEY_VERSIONS) == doc["key_versions"]
    value = _first_value(project, cls)
    for case in doc["cases"]:
        key = _key(cls, case)
        data = bytes.fromhex(case["key"])
        headers = [(name, text.encode()) for name, text in case["headers"]]
        assert cls.key_bytes(key) == data, case["name"]
        if headers:
            produced = [(k, v) for k, v in cls.headers(value, key) if k.startswith("accord.key.")]
            assert produced == headers, case["name"]
        assert cls.decode_key(data, headers or None) == key, case["name"]
    for case in doc["invalid"]:
        headers = [(name, text.encode()) for name, text in case["headers"]]
        with pytest.raises(rt.ContractError):
            cls.decode_key(bytes.fromhex(case["key"]), headers)
    assert len(doc["cases"]) + len(doc["invalid"]) > 2


def test_contract_keys_name_their_version() -> None:
    topics = package("boundary")
    from accord_boundary.bank.accounts import (  # type: ignore[import-not-found]
        AccountIdCodec, AccountKeyV1, AccountKeyV2, Accounts, AccountsById, AccountsV2, Ledger, Region, RegionTotals,
    )
    import uuid

    key = AccountKeyV1(tenant="t/1", number=7)
    assert Accounts.key_bytes(key) == key.to_avro_datum()
    v1 = [("accord.key.fingerprint", AccountKeyV1.FINGERPRINT.encode()), ("accord.key.version", b"1")]
    assert Accounts.decode_key(key.to_avro_datum(), v1) == key
    with pytest.raises(topics.ContractError, match="accord.key.fingerprint"):
        Accounts.decode_key(key.to_avro_datum())
    # The bytes of v2's minimal key are v1's minimal key and a byte more: only headers tell.
    minimal_v2 = AccountKeyV2(tenant="", number=0, branch="")
    with pytest.raises(topics.ContractError):
        Accounts.decode_key(minimal_v2.to_avro_datum(), v1)
    assert AccountsV2.decode_key(minimal_v2.to_avro_datum()) == minimal_v2
    with pytest.raises(topics.ContractError):
        Accounts.key_bytes("not a key")
    account_id = uuid.UUID(int=0x0123456789ABCDEF0123456789ABCDEF)
    assert AccountsById.key_bytes(account_id) == b"01234567-89ab-cdef-0123-456789abcdef"
    assert AccountsById.decode_key(b"01234567-89ab-cdef-0123-456789abcdef") == account_id
    with pytest.raises(topics.ContractError):
        AccountsById.decode_key(b"not a uuid")
    assert AccountIdCodec.to_json(account_id) == '"01234567-89ab-cdef-0123-456789abcdef"'
    assert RegionTotals.decode_key(RegionTotals.key_bytes(Region.APAC)) is Region.APAC
    # A `long` key has no helpers: the bytes are the producer's, as they are.
    assert Ledger.key_bytes(b"\x00\x01\xff") == b"\x00\x01\xff"
    assert Ledger.decode_key(b"\x00\x01\xff") == b"\x00\x01\xff"
    with pytest.raises(topics.ContractError):
        Ledger.key_bytes("1")
