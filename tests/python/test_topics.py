"""The generated topic classes of the shop contracts: every allowed value version's vectors decode
through ``decode_value`` and re-encode identically, other versions are refused, and the stamp
headers equal the manifest's stamps."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import GENERATED

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _avro(version: int) -> list[bytes]:
    root = GENERATED / "shop/vectors/shop/orders" / f"Order.v{version}"
    cases = sorted(p.read_bytes() for p in root.glob("*.avro"))
    assert cases
    return cases


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
