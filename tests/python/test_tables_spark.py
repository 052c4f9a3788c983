"""The ``spark`` and ``delta`` targets and the Spark helpers of the generated packages
(``<package>.spark``, docs/targets-tables.md) against PySpark: every ``StructType`` JSON
round-trips through ``StructType.fromJson``; Parquet written by the Arrow helpers reads back
with the contract's schema, from paths and from a layout's Hive partitions; ``validate`` lists
every problem of a DataFrame; ``join`` refuses, before joining, the two joins plain PySpark runs
and gets wrong (keys of different types compared after an implicit cast, and a referenced key
held twice).

Needs pyspark, pyarrow and a JVM (skipped without them); slow (a local Spark session).
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import pathlib
import shutil
import time
from collections import Counter
from typing import Any, Iterator

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Runs in the engines' virtualenv (scripts/test.sh), which has pyarrow and pyspark.
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.types import StructType  # noqa: E402

from conftest import PROJECTS, VECTORS, docs_example, package, table_output  # noqa: E402


def _json_files(project: str, target: str) -> Iterator[pathlib.Path]:
    yield from sorted((table_output(project) / target).rglob("*.json"))


@pytest.mark.parametrize("project", list(PROJECTS))
def test_struct_type_json_round_trips_through_pyspark(project: str) -> None:
    checked = 0
    for path in _json_files(project, "spark"):
        doc = json.loads(path.read_text())
        assert json.loads(StructType.fromJson(doc).json()) == doc, path
        delta = json.loads((table_output(project) / "delta" / path.relative_to(table_output(project) / "spark")).read_text())
        mapped = json.loads(delta["schemaString"])
        assert json.loads(StructType.fromJson(mapped).json()) == mapped, path
        checked += 1
    assert checked > 0


@pytest.mark.parametrize("project", list(PROJECTS))
def test_the_packages_struct_type_is_the_spark_targets(project: str) -> None:
    root = package(project)
    spark_helpers = importlib.import_module(root.__name__ + ".spark")
    tables = importlib.import_module(root.__name__ + "._tables")
    out = table_output(project) / "spark"
    for (name, version), cls in root.REGISTRY.items():
        if tables.entry(name, version) is None:
            continue
        namespace, short = name.rsplit(".", 1)
        paths = [out / namespace.replace(".", "/") / f"{short}.v{version}.json", out / namespace.replace(".", "/") / f"{short}.json"]
        path = next(p for p in paths if p.exists())
        assert spark_helpers.struct_type(cls) == StructType.fromJson(json.loads(path.read_text()))


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("Spark needs a JVM")
    os.environ["TZ"] = "UTC"
    time.tzset()
    session = (
        SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _helpers(project: str) -> tuple[Any, Any, Any, Any]:
    root = package(project)
    load = lambda name: importlib.import_module(f"{root.__name__}.{name}")  # noqa: E731
    return root, load("spark"), load("arrow"), load("_tables")


def _values(project: str, name: str, version: int) -> list[Any]:
    cls = package(project).REGISTRY[(name, version)]
    return [cls.from_json(v.json) for v in VECTORS if (v.project, v.type, v.version) == (project, name, version)]


@pytest.mark.parametrize("project", ["shop", "kitchen", "evolution"])
def test_parquet_of_the_arrow_helpers_reads_with_the_contracts_schema(spark: Any, project: str, tmp_path: pathlib.Path) -> None:
    root, spark_helpers, arrow, tables = _helpers(project)
    checked = 0
    for name, version in sorted({(v.type, v.version) for v in VECTORS if v.project == project}):
        entry = tables.entry(name, version)
        if entry is None:
            continue
        cls = root.REGISTRY[(name, version)]
        values = _values(project, name, version)
        path = tmp_path / f"{name}.{version}.parquet"
        arrow.write_parquet(values, path, cls)
        df = spark_helpers.read_parquet(spark, str(path), cls)
        assert df.count() == len(values)
        assert df.schema.simpleString() == spark_helpers.struct_type(cls).simpleString()
        keys = entry["keys"]
        repeated = [k for k, n in Counter(tuple(getattr_wire(v, key) for key in keys) for v in values).items() if n > 1]
        if keys and repeated:
            with pytest.raises(spark_helpers.TableContractError) as raised:
                spark_helpers.validate(df, cls)
            assert raised.value.problems == [
                f"key ({', '.join(keys)}) has {len(repeated)} duplicated value(s), in "
                f"{sum(1 for v in values if tuple(getattr_wire(v, k) for k in keys) in repeated)} rows"
            ]
        else:
            spark_helpers.validate(df, cls)
        checked += 1
    assert checked > 0


def getattr_wire(value: Any, wire: str) -> Any:
    """The value of a field by its wire name."""
    (field,) = [f for f in type(value)._FIELDS if f.wire == wire]
    return getattr(value, field.attr)


def test_values_read_by_spark_are_the_values_written(spark: Any, shop: Any, tmp_path: pathlib.Path) -> None:
    _, spark_helpers, arrow, _ = _helpers("shop")
    cls = shop.REGISTRY[("shop.orders.OrderLine", 2)]
    values = _values("shop", "shop.orders.OrderLine", 2)
    arrow.write_parquet(values, tmp_path / "lines.parquet", cls)
    rows = spark_helpers.read_parquet(spark, [str(tmp_path / "lines.parquet")], cls).collect()
    assert [r.asDict() for r in rows] == arrow.to_arrow(values, cls).to_pylist()


def test_a_layout_reads_from_its_root_with_its_hive_partitions(spark: Any, shop: Any, tmp_path: pathlib.Path) -> None:
    _, spark_helpers, arrow, _ = _helpers("shop")
    storage = importlib.import_module("accord_shop.shop.storage")
    customers = importlib.import_module("accord_shop.shop.customers")
    order = shop.REGISTRY[("shop.orders.Order", 3)]
    values = _values("shop", "shop.orders.Order", 3)
    for part, day in enumerate([datetime.date(2024, 5, 1), datetime.date(2024, 5, 2)]):
        export = storage.OrderExportV2(customer_id=customers.CustomerId("c/1"), day=day, part=part)
        path = tmp_path / export.path()
        path.parent.mkdir(parents=True)
        arrow.write_parquet(values, path, order)
    df = spark_helpers.read_parquet(spark, storage.OrderExportV2, order, root=str(tmp_path))
    assert df.count() == 2 * len(values)
    assert df.columns == spark_helpers.struct_type(order).names
    with pytest.raises(shop.ContractError, match="needs the storage root"):
        spark_helpers.read_parquet(spark, storage.OrderExportV2, order)
    with pytest.raises(shop.ContractError, match="stores avro files, not parquet"):
        spark_helpers.read_parquet(spark, storage.OrderArchiveV2, order, root=str(tmp_path))


def test_validate_lists_every_problem_at_once(spark: Any, shop: Any) -> None:
    _, spark_helpers, _, _ = _helpers("shop")
    cls = shop.REGISTRY[("shop.orders.OrderLine", 1)]
    df = spark.createDataFrame(
        [("a", 1, "x"), ("a", None, "y"), (None, 3, "z")],
        "sku string, quantity long, extra string",
    )
    with pytest.raises(spark_helpers.TableContractError) as raised:
        spark_helpers.validate(df, cls)
    assert raised.value.problems == [
        "column `quantity` is bigint, the contract says int",
        "column `unit_price` (decimal(12,2)) is missing",
        "column `extra` is not in the contract",
        "required column `sku` holds 1 null(s)",
        "required column `quantity` holds 1 null(s)",
        "key (sku) has 1 duplicated value(s), in 2 rows",
    ]
    assert "does not hold to shop.orders.OrderLine@1" in str(raised.value)


def test_validate_counts_duplicated_keys(spark: Any, shop: Any) -> None:
    _, spark_helpers, _, _ = _helpers("shop")
    cls = shop.REGISTRY[("shop.customers.Customer", 1)]
    struct = spark_helpers.struct_type(cls)
    at = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    rows = [("c1", "a@x", "Ann", at), ("c1", "b@x", "Ann", at), ("c2", "c@x", "Bo", at), ("c2", "d@x", "Bo", at), ("c2", "e@x", "Bo", at), ("c3", "f@x", "Cy", at)]
    with pytest.raises(spark_helpers.TableContractError) as raised:
        spark_helpers.validate(spark.createDataFrame(rows, struct), cls)
    assert raised.value.problems == ["key (id) has 2 duplicated value(s), in 5 rows"]


def _customers_and_orders(shop: Any) -> tuple[Any, Any]:
    return shop.REGISTRY[("shop.customers.Customer", 3)], shop.REGISTRY[("shop.orders.Order", 3)]


def test_a_join_on_keys_of_different_types_is_refused_where_plain_pyspark_returns_wrong_rows(spark: Any, shop: Any) -> None:
    _, spark_helpers, _, _ = _helpers("shop")
    customer, order = _customers_and_orders(shop)
    # Three different customer ids, as the contract says (strings) ...
    orders = spark.createDataFrame([("o1", "1"), ("o2", "01"), ("o3", "1.0")], "id string, customer_id string")
    # ... and customers whose ids a CSV reader inferred as numbers.
    customers = spark.createDataFrame([(1.0, "Ann"), (2.0, "Bob")], "id double, full_name string")
    plain = orders.join(customers, orders["customer_id"] == customers["id"]).collect()
    assert sorted(r["customer_id"] for r in plain) == ["01", "1", "1.0"]  # all three "are" Ann
    with pytest.raises(spark_helpers.TableContractError) as raised:
        spark_helpers.join(orders, order, "customer_id", customers, customer)
    assert raised.value.problems == [
        "the right column `id` is double, its contract says string",
        "the key columns differ in type: left `customer_id` is string, right `id` is double",
    ]


def test_a_join_on_a_key_the_right_side_holds_twice_is_refused_where_plain_pyspark_repeats_rows(spark: Any, shop: Any) -> None:
    _, spark_helpers, _, _ = _helpers("shop")
    customer, order = _customers_and_orders(shop)
    orders = spark.createDataFrame([("o1", "c1"), ("o2", "c2")], "id string, customer_id string")
    customers = spark.createDataFrame([("c1", "Ann"), ("c1", "Ann B."), ("c2", "Bob")], "id string, full_name string")
    plain = orders.join(customers, orders["customer_id"] == customers["id"])
    assert plain.count() == 3  # two orders, three rows: o1 twice
    with pytest.raises(spark_helpers.TableContractError) as raised:
        spark_helpers.join(orders, order, "customer_id", customers, customer)
    assert raised.value.problems == [
        "the right side holds 1 duplicated value(s) of `id`, in 2 rows: the join would repeat left rows"
    ]
    unique = customers.where("full_name != 'Ann B.'")
    joined = spark_helpers.join(orders, order, "customer_id", unique, customer, how="left")
    assert sorted((r["id"], r["full_name"]) for r in joined.select(orders["id"], "full_name").collect()) == [("o1", "Ann"), ("o2", "Bob")]


def test_a_join_through_a_field_that_is_no_reference_or_to_another_type_is_refused(spark: Any, shop: Any) -> None:
    _, spark_helpers, _, _ = _helpers("shop")
    customer, order = _customers_and_orders(shop)
    frame = spark.createDataFrame([("x",)], "id string")
    with pytest.raises(shop.ContractError, match="not a @ref field"):
        spark_helpers.join(frame, order, "id", frame, customer)
    older = shop.REGISTRY[("shop.customers.Customer", 1)]
    with pytest.raises(spark_helpers.TableContractError, match="not shop.customers.Customer@3"):
        spark_helpers.join(frame, order, "customer_id", frame, older)


def test_the_spark_example_of_the_docs_runs(spark: Any, shop: Any) -> None:
    exec(docs_example(1), {"spark": spark})
