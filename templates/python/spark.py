"""Spark for the generated record types (docs/targets-tables.md of accord).

- :func:`struct_type`: the ``StructType`` of a record type version (what the ``spark`` target of
  accord writes), built on first use;
- :func:`read_parquet`: Parquet files read with the contract's schema, never an inferred or
  merged one; a storage layout is read from its root, its Hive-style directories as partitions;
- :func:`validate`: a DataFrame checked against the contract (column types, nulls in required
  columns, duplicated ``@key`` values), every problem reported at once;
- :func:`join`: a join through a ``@ref`` field, refused before it runs when the two key columns
  differ in type or the referenced side holds a key more than once.

Needs pyspark (``pip install pyspark``, or the package's ``spark`` extra): the package imports,
type-checks and runs without it, and these functions raise ``ImportError`` saying so. Spark
objects are typed ``Any``.
"""

# The package's own private names (`_runtime`, `_FIELDS`) are its to use (docs/python.md).
# pyright: reportPrivateUsage=false

from __future__ import annotations

import importlib
import re
import sys
from typing import Any, Iterable

from . import _runtime as _rt
from . import _tables
from ._runtime import ContractError

_STRUCTS: dict[tuple[str, int], Any] = {}

# A directory of a layout template that is one Hive partition: `name={segment}`.
_HIVE_DIRECTORY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=\{[^{}]*\}")


class TableContractError(ContractError):
    """A DataFrame, or a join of two, that does not hold to the contract; ``problems`` lists
    every problem found, each one line."""

    def __init__(self, subject: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(subject + ":\n" + "\n".join(f"- {p}" for p in problems))


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise ImportError("the Spark helpers need pyspark: pip install pyspark") from None


def _name(cls: type[_rt.Record]) -> str:
    return f"{cls.FULL_NAME}@{cls.VERSION}"


def struct_type(cls: type[_rt.Record]) -> Any:
    """The ``pyspark.sql.types.StructType`` of a generated record class."""
    key = (cls.FULL_NAME, cls.VERSION)
    struct = _STRUCTS.get(key)
    if struct is None:
        types = _module("pyspark.sql.types")
        struct = types.StructType.fromJson(_tables.entry_of(cls)["spark"])
        _STRUCTS[key] = struct
    return struct


def read_parquet(spark: Any, source: Any, cls: type[_rt.Record], *, root: str | None = None) -> Any:
    """Reads Parquet files of ``cls`` with its schema (``spark.read.schema``), its columns in
    contract order. ``source`` is a path or glob, a list of them, or a generated layout class
    storing ``cls`` as Parquet, read under ``root``: the files its glob matches, with the
    layout's directories as Hive partitions when they all are ``name={segment}``."""
    schema = struct_type(cls)
    # Arrow writes dates and timestamps in the proleptic Gregorian calendar, as Spark 3 does:
    # read them as they are (Spark would refuse dates before 1582 rather than guess).
    reader = spark.read.schema(schema).option("datetimeRebaseMode", "CORRECTED").option("int96RebaseMode", "CORRECTED")
    paths: list[str]
    if isinstance(source, str):
        paths = [source]
    elif _is_layout(source):
        paths, base = _layout_paths(source, root)
        if base is not None:
            reader = reader.option("basePath", base)
    else:
        paths = list(source)
    frame = reader.parquet(*paths)
    return frame.select(*[f"`{name}`" for name in schema.names])


def _is_layout(source: Any) -> bool:
    # `_runtime.layout` exists in packages that have layouts, and is imported with the first one.
    layouts: Any = sys.modules.get(f"{__package__}._runtime.layout")
    return layouts is not None and isinstance(source, type) and issubclass(source, layouts.Layout)


def _layout_paths(layout: Any, root: str | None) -> tuple[list[str], str | None]:
    """The glob of a layout's files under ``root``, and the base path of its Hive partitions
    (``None`` when its directories are not all Hive partitions)."""
    if root is None:
        raise ContractError(f"reading layout {layout.LAYOUT}@{layout.VERSION} needs the storage root (root=...)")
    if layout.FORMAT != "parquet":
        raise ContractError(f"layout {layout.LAYOUT}@{layout.VERSION} stores {layout.FORMAT} files, not parquet")
    base = root.rstrip("/")
    literal = layout.prefix().split("/")[:-1]  # the directories before the first segment
    directories = layout.TEMPLATE.split("/")[len(literal) : -1]
    hive = bool(directories) and all(_HIVE_DIRECTORY.fullmatch(d) for d in directories)
    partitions = "/".join([base, *literal]) if hive else None
    return [f"{base}/{layout.glob()}"], partitions


def validate(df: Any, cls: type[_rt.Record]) -> None:
    """Checks a DataFrame against ``cls``'s contract: every column present with the contract's
    type (nullability aside: Spark reads every Parquet column as nullable), no other column, no
    null in a required top-level column, and each ``@key`` value once. Raises
    :class:`TableContractError` listing every problem."""
    expected = struct_type(cls)
    problems = _schema_problems(df.schema, expected)
    present = set(df.columns)
    required = [f.name for f in expected.fields if not f.nullable and f.name in present]
    if required:
        functions = _module("pyspark.sql.functions")
        is_null = [functions.when(functions.col(f"`{n}`").isNull(), 1).otherwise(0) for n in required]
        nulls = df.select(*[functions.sum(flag) for flag in is_null]).first()
        for name, count in zip(required, nulls):
            if count:
                problems.append(f"required column `{name}` holds {count} null(s)")
    keys: list[str] = _tables.entry_of(cls)["keys"]
    if keys and all(k in present for k in keys):
        values, rows = _duplicates(df, keys)
        if values:
            problems.append(f"key ({', '.join(keys)}) has {values} duplicated value(s), in {rows} rows")
    if problems:
        raise TableContractError(f"the DataFrame does not hold to {_name(cls)}", problems)


def _schema_problems(actual: Any, expected: Any) -> list[str]:
    """Columns missing, of another type, or not in the contract."""
    problems: list[str] = []
    found = {f.name: f for f in actual.fields}
    for field in expected.fields:
        got = found.get(field.name)
        want = field.dataType.simpleString()
        if got is None:
            problems.append(f"column `{field.name}` ({want}) is missing")
        elif got.dataType.simpleString() != want:
            problems.append(f"column `{field.name}` is {got.dataType.simpleString()}, the contract says {want}")
    names = set(expected.names)
    problems.extend(f"column `{f.name}` is not in the contract" for f in actual.fields if f.name not in names)
    return problems


def _duplicates(df: Any, columns: Iterable[str]) -> tuple[int, int]:
    """How many values of ``columns`` (nulls aside) occur more than once, and in how many rows."""
    functions = _module("pyspark.sql.functions")
    names = [f"`{c}`" for c in columns]
    present = df.where(" AND ".join(f"{n} IS NOT NULL" for n in names))
    counted = present.groupBy(*names).agg(functions.count(functions.lit(1)).alias("rows"))
    repeated = counted.where(functions.col("rows") > 1)
    values, rows = repeated.agg(functions.count(functions.lit(1)), functions.sum("rows")).first()
    return int(values), int(rows or 0)


def join(
    left: Any,
    left_cls: type[_rt.Record],
    field: str,
    right: Any,
    right_cls: type[_rt.Record],
    how: str = "inner",
) -> Any:
    """Joins ``left`` (rows of ``left_cls``) with ``right`` (rows of ``right_cls``) on the ``@ref``
    field ``field`` (its wire name) of ``left_cls`` and the field it refers to. Before joining,
    refuses (:class:`TableContractError`, every problem at once) when ``right_cls`` is not the
    version the field refers to, when a key column is missing or its type differs from the other
    side's or from its contract's (Spark would compare them after an implicit cast), or when
    ``right`` holds a key value more than once (the join would repeat left rows)."""
    ref = _tables.entry_of(left_cls)["refs"].get(field)
    if ref is None:
        raise ContractError(f"`{field}` is not a @ref field of {_name(left_cls)}")
    target, version, target_field = ref
    subject = f"join of {_name(left_cls)}.{field} with {target}@{version}.{target_field} refused"
    if (right_cls.FULL_NAME, right_cls.VERSION) != (target, version):
        raise TableContractError(subject, [f"the right side is {_name(right_cls)}, not {target}@{version}"])
    problems = _key_problems(left, left_cls, field, right, right_cls, target_field)
    if target_field in right.columns:
        values, rows = _duplicates(right, [target_field])
        if values:
            problems.append(
                f"the right side holds {values} duplicated value(s) of `{target_field}`, in {rows} rows: "
                "the join would repeat left rows"
            )
    if problems:
        raise TableContractError(subject, problems)
    return left.join(right, left[f"`{field}`"] == right[f"`{target_field}`"], how)


def _key_problems(
    left: Any, left_cls: type[_rt.Record], field: str, right: Any, right_cls: type[_rt.Record], target: str
) -> list[str]:
    """The key columns' problems: missing, of types that differ, or not the contract's."""
    sides = [("left", left, left_cls, field), ("right", right, right_cls, target)]
    types: list[str] = []
    problems: list[str] = []
    for side, frame, cls, column in sides:
        if column not in frame.columns:
            problems.append(f"the {side} side has no column `{column}`")
            continue
        got = frame.schema[column].dataType.simpleString()
        want = struct_type(cls)[column].dataType.simpleString()
        types.append(got)
        if got != want:
            problems.append(f"the {side} column `{column}` is {got}, its contract says {want}")
    if len(types) == 2 and types[0] != types[1]:
        problems.append(
            f"the key columns differ in type: left `{field}` is {types[0]}, right `{target}` is {types[1]}"
        )
    return problems
