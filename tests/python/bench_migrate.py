"""Throughput of the generated Python migration shims against fastavro's schema resolution
(docs/benchmarks.md). Not collected by pytest; run by ``scripts/bench-python-migrate.sh``:

    python3 tests/python/bench_migrate.py GENERATED_DIR

``GENERATED_DIR`` holds ``python/`` and ``vectors/`` of the shop contracts. For each type, the
test vectors of the oldest version (single-object bytes) are migrated to the latest version:

* ``accord decode+upgrade``: ``decode_any(data, latest, of=...)``: reads the bytes into the
  generated class of the writer version and upgrades it with the generated step function;
* ``accord upgrade``: ``upgrade(value)`` on values already decoded;
* ``fastavro resolve``: ``fastavro.schemaless_reader(datum, writer, reader)`` on the same datum
  (writer: the oldest version's schema, reader: the latest), into fastavro's dicts.

The ratio is accord decode+upgrade over fastavro resolve, measured in the same run.
"""

from __future__ import annotations

import importlib
import io
import json
import pathlib
import sys
import time
from typing import Any, Callable

import fastavro

BUDGET_SECONDS = 2.0
TYPES = ("shop.shipments.Shipment", "shop.orders.Order")


def rate(inputs: list[Any], work: Callable[[Any], object]) -> float:
    """Records per second of ``work`` over ``inputs``, repeated for about ``BUDGET_SECONDS``."""
    records, start = 0, time.perf_counter()
    while time.perf_counter() - start < BUDGET_SECONDS:
        for item in inputs:
            work(item)
        records += len(inputs)
    return records / (time.perf_counter() - start)


def vectors(root: pathlib.Path, name: str, version: int) -> list[bytes]:
    index = json.loads((root / "vectors/index.json").read_text())
    entry = next(t for t in index["types"] if t["type"] == name and t["version"] == version)
    doc = json.loads((root / entry["file"]).read_text(encoding="utf-8"))
    return [bytes.fromhex(case["avro"]) for case in doc["cases"]]


def main(root: pathlib.Path) -> None:
    sys.path.insert(0, str(root / "python"))
    shop: Any = importlib.import_module("accord_shop")
    for name in TYPES:
        versions = sorted(v for (n, v) in shop.REGISTRY if n == name)
        old, new = shop.REGISTRY[(name, versions[0])], shop.REGISTRY[(name, versions[-1])]
        inputs = vectors(root, name, versions[0])
        writer = fastavro.parse_schema(json.loads(old.AVRO_SCHEMA))
        reader = fastavro.parse_schema(json.loads(new.AVRO_SCHEMA))
        decoded = [old.from_avro(data) for data in inputs]
        datums = [data[10:] for data in inputs]
        latest = versions[-1]
        ours = rate(inputs, lambda data: shop.decode_any(data, latest, of=new))
        upgrade_only = rate(decoded, shop.upgrade)
        theirs = rate(datums, lambda datum: fastavro.schemaless_reader(io.BytesIO(datum), writer, reader))
        print(f"{name}@{versions[0]} -> @{latest} ({len(inputs)} vectors)")
        print(f"  accord decode+upgrade  {ours:>12,.0f} records/s")
        print(f"  accord upgrade         {upgrade_only:>12,.0f} records/s")
        print(f"  fastavro resolve       {theirs:>12,.0f} records/s")
        print(f"  ratio accord/fastavro  {ours / theirs:>12.2f}x")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
