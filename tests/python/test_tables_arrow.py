"""The Arrow helpers of the generated packages (``<package>.arrow``, docs/targets-tables.md)
against pyarrow, and the ``parquet`` target's Arrow schema JSON read by a converter of this
test's own: every test vector of every record type version goes into a Parquet file and back,
with each column's field id and the lineage stamp in the file; files of another version or
without a stamp are refused; union values land in the member their declared order names.

Needs pyarrow (skipped without it).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import pathlib
import re
from collections import defaultdict
from typing import Any, Iterator

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

import pyarrow as pa  # noqa: E402  (scripts/requirements-test.txt installs it)
import pyarrow.parquet as pq  # noqa: E402

from conftest import PROJECTS, VECTORS, docs_example, manifest_stamps, package, table_output  # noqa: E402


def _helpers(project: str) -> tuple[Any, Any, Any]:
    root = package(project)
    return root, importlib.import_module(root.__name__ + ".arrow"), importlib.import_module(root.__name__ + "._tables")


def _tabled_versions(project: str) -> Iterator[tuple[Any, list[Any]]]:
    """Each record type version of ``project`` with a table schema: its class and the values of
    its test vectors."""
    root, _, tables = _helpers(project)
    cases: dict[tuple[str, int], list[bytes]] = defaultdict(list)
    for vector in VECTORS:
        if vector.project == project:
            cases[(vector.type, vector.version)].append(vector.json)
    for (name, version), texts in cases.items():
        if tables.entry(name, version) is not None:
            cls = root.REGISTRY[(name, version)]
            yield cls, [cls.from_json(text) for text in texts]


def _comparable(value: Any) -> Any:
    """A value where NaN equals NaN."""
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_comparable(v) for v in value]
    return value


def _expected_ids(fields: list[Any]) -> list[tuple[str, int]]:
    """(name, field id) of every column of an Arrow schema JSON, depth first."""
    found = []
    for field in fields:
        ids = [m["value"] for m in field.get("metadata", []) if m["key"] == "PARQUET:field_id"]
        if ids:
            found.append((field["name"], int(ids[0])))
        found.extend(_expected_ids(field.get("children", [])))
    return found


def _parquet_ids(path: pathlib.Path) -> list[tuple[str, int]]:
    """(name, field id) of every column with an id in a Parquet file's own schema."""
    text = str(pq.ParquetFile(path).schema)
    return [(name, int(number)) for number, name in re.findall(r"field_id=(\d+) (\w+)", text)]


@pytest.mark.parametrize("project", list(PROJECTS))
def test_every_vector_round_trips_through_a_stamped_parquet_file(project: str, tmp_path: pathlib.Path) -> None:
    _, arrow, tables = _helpers(project)
    stamps = manifest_stamps(project)
    checked = 0
    for cls, values in _tabled_versions(project):
        path = tmp_path / f"{cls.FULL_NAME}.{cls.VERSION}.parquet"
        table = arrow.to_arrow(values, cls)
        assert table.schema.equals(arrow.arrow_schema(cls), check_metadata=True)
        arrow.write_parquet(values, path, cls)
        back = arrow.read_parquet(path, cls)
        assert _comparable(back.to_pylist()) == _comparable(table.to_pylist()), cls.__name__
        assert arrow.read_stamp(path) == stamps[(cls.FULL_NAME, cls.VERSION)]
        expected = _expected_ids(tables.entry(cls.FULL_NAME, cls.VERSION)["arrow"]["fields"])
        assert _parquet_ids(path) == expected, cls.__name__
        checked += 1
    assert checked > 0


def _arrow_type(doc: dict[str, Any]) -> Any:
    """This test's own reading of Arrow's integration-test JSON (independent of the package)."""
    t, children = doc["type"], doc.get("children", [])
    units = {"MILLISECOND": "ms", "MICROSECOND": "us"}
    simple = {
        "bool": pa.bool_(), "utf8": pa.string(), "binary": pa.binary(),
        ("int", 32): pa.int32(), ("int", 64): pa.int64(),
        ("floatingpoint", "SINGLE"): pa.float32(), ("floatingpoint", "DOUBLE"): pa.float64(),
        ("date", "DAY"): pa.date32(), ("time", 32): pa.time32("ms"), ("time", 64): pa.time64("us"),
    }
    key = {"int": ("int", t.get("bitWidth")), "floatingpoint": ("floatingpoint", t.get("precision")),
           "date": ("date", t.get("unit")), "time": ("time", t.get("bitWidth"))}.get(t["name"], t["name"])
    if key in simple:
        return simple[key]
    if t["name"] == "decimal":
        return pa.decimal128(t["precision"], t["scale"])
    if t["name"] == "timestamp":
        return pa.timestamp(units[t["unit"]], tz=t.get("timezone"))
    if t["name"] == "fixedsizebinary":
        return pa.binary(t["byteWidth"])
    if t["name"] == "struct":
        return pa.struct([_arrow_field(c) for c in children])
    if t["name"] == "list":
        return pa.list_(_arrow_field(children[0]))
    assert t["name"] == "map", t
    entries = children[0]
    assert entries["name"] == "key_value" and [c["name"] for c in entries["children"]] == ["key", "value"]
    return pa.map_(_arrow_field(entries["children"][0]), _arrow_field(entries["children"][1]))


def _arrow_field(doc: dict[str, Any]) -> Any:
    metadata = {m["key"]: m["value"] for m in doc.get("metadata", [])}
    return pa.field(doc["name"], _arrow_type(doc), nullable=doc["nullable"], metadata=metadata or None)


def _same_field_metadata(a: Any, b: Any) -> bool:
    """Whether two types' nested fields carry the same metadata (field ids)."""
    children = [a.field(i) for i in range(a.num_fields)] if hasattr(a, "num_fields") else []
    others = [b.field(i) for i in range(b.num_fields)] if hasattr(b, "num_fields") else []
    if isinstance(a, pa.MapType):
        children, others = [a.key_field, a.item_field], [b.key_field, b.item_field]
    elif isinstance(a, pa.ListType):
        children, others = [a.value_field], [b.value_field]
    return all(
        x.metadata == y.metadata and _same_field_metadata(x.type, y.type) for x, y in zip(children, others)
    )


@pytest.mark.parametrize("project", list(PROJECTS))
def test_the_parquet_targets_arrow_json_is_the_packages_arrow_schema(project: str) -> None:
    _, arrow, _ = _helpers(project)
    out = table_output(project)
    checked = 0
    for cls, _values in _tabled_versions(project):
        stem = cls.FULL_NAME.rsplit(".", 1)
        name = f"{stem[1]}.v{cls.VERSION}.json"
        path = out / "parquet" / stem[0].replace(".", "/") / name
        if not path.exists():
            path = path.with_name(f"{stem[1]}.json")
        doc = json.loads(path.read_text())
        assert doc["accord.generated"].startswith("@generated by accord")
        schema = pa.schema([_arrow_field(f) for f in doc["fields"]],
                           metadata={m["key"]: m["value"] for m in doc["metadata"]})
        expected = arrow.arrow_schema(cls)
        assert schema.equals(expected, check_metadata=True), cls.__name__
        for ours, theirs in zip(schema, expected):
            assert ours.metadata == theirs.metadata and _same_field_metadata(ours.type, theirs.type)
        stamp = json.loads(schema.metadata[b"accord.stamp"])
        assert schema.metadata[b"accord.contract"].decode() == stamp["contract"] == cls.FULL_NAME
        assert schema.metadata[b"accord.fingerprint"].decode() == stamp["fingerprint"] == cls.FINGERPRINT
        checked += 1
    assert checked > 0


def test_a_file_of_another_version_or_without_a_stamp_is_refused(shop: Any, tmp_path: pathlib.Path) -> None:
    arrow = importlib.import_module("accord_shop.arrow")
    (v1, v2) = (shop.REGISTRY[("shop.orders.OrderLine", 1)], shop.REGISTRY[("shop.orders.OrderLine", 2)])
    values = [cls.from_json(v.json) for v in VECTORS for cls in [v1]
              if v.project == "shop" and (v.type, v.version) == ("shop.orders.OrderLine", 1)]
    written = tmp_path / "lines.parquet"
    arrow.write_parquet(values, written, v1)
    with pytest.raises(shop.ContractError, match=r"written with shop\.orders\.OrderLine@1 .* reads shop\.orders\.OrderLine@2"):
        arrow.read_parquet(written, v2)
    plain = tmp_path / "plain.parquet"
    pq.write_table(arrow.to_arrow(values, v1).replace_schema_metadata(None), plain)
    with pytest.raises(shop.ContractError, match="has no accord stamp"):
        arrow.read_parquet(plain, v1)
    customer = shop.REGISTRY[("shop.customers.Customer", 1)]
    with pytest.raises(shop.ContractError, match="written with shop.orders.OrderLine@1"):
        arrow.read_parquet(written, customer)


def test_a_table_missing_a_column_or_with_nulls_in_a_required_one_is_not_written(shop: Any, tmp_path: pathlib.Path) -> None:
    arrow = importlib.import_module("accord_shop.arrow")
    cls = shop.REGISTRY[("shop.orders.OrderLine", 1)]
    table = pa.table({"sku": ["a", None], "quantity": [1, 2]})
    with pytest.raises(shop.ContractError, match="no column unit_price"):
        arrow.write_parquet(table, tmp_path / "x.parquet", cls)
    schema = arrow.arrow_schema(cls)
    rows = pa.Table.from_pylist([{n: None for n in schema.names}], schema=schema)
    with pytest.raises(shop.ContractError, match="null"):
        arrow.write_parquet(rows, tmp_path / "x.parquet", cls)


def test_union_values_land_in_the_member_of_their_declared_branch(kitchen: Any) -> None:
    arrow = importlib.import_module(kitchen.__name__ + ".arrow")
    cls = kitchen.REGISTRY[("test.kitchen.Kitchen", 2)]
    vector = next(v for v in VECTORS if v.project == "kitchen" and (v.type, v.version) == ("test.kitchen.Kitchen", 2))
    base = cls.from_json(vector.json)
    colour = type(base.colour)
    # `prims: union<string, long, ...> = 5` and `maybe: union<Point, Colour>? = RED` are in
    # another order on the wire (the default's branch first); the members keep the declared one.
    for prims, member in [("text", "member0"), (5, "member1"), (2.5, "member2"), (True, "member3"), (b"x", "member4")]:
        row = arrow.to_arrow([dataclasses.replace(base, prims=prims)], cls).to_pylist()[0]
        assert {k: v for k, v in row["prims"].items() if v is not None} == {member: prims}
    row = arrow.to_arrow([dataclasses.replace(base, maybe=colour.GREEN)], cls).to_pylist()[0]
    assert row["maybe"] == {"member0": None, "member1": "GREEN"}
    row = arrow.to_arrow([dataclasses.replace(base, maybe=None)], cls).to_pylist()[0]
    assert row["maybe"] is None


def test_stand_ins_hold_the_values_json_where_no_table_type_exists(kitchen: Any) -> None:
    arrow = importlib.import_module(kitchen.__name__ + ".arrow")
    cls = kitchen.REGISTRY[("test.kitchen.Kitchen", 2)]
    vector = next(v for v in VECTORS if v.project == "kitchen" and (v.type, v.version) == ("test.kitchen.Kitchen", 2))
    tree_cls = kitchen.REGISTRY[("test.kitchen.Tree", 1)]
    inner = tree_cls(value=2)
    value = dataclasses.replace(cls.from_json(vector.json), tree=tree_cls(value=1, next_=inner, kids={"k": inner}))
    row = arrow.to_arrow([value], cls).to_pylist()[0]
    assert row["colour"] == value.colour.value  # an enum is its symbol
    assert row["scalars"]["u"] == str(value.scalars.u)  # a uuid its text
    # a record met inside itself is its canonical JSON
    assert row["tree"]["next"] == {"member0": inner.to_json(), "member1": None}
    assert row["tree"]["kids"] == [("k", inner.to_json())]


def test_the_arrow_example_of_the_docs_runs(shop: Any, tmp_path: pathlib.Path) -> None:
    exec(docs_example(0), {"path": tmp_path / "lines.parquet"})
