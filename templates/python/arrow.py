"""Arrow and Parquet for the generated record types (docs/targets-tables.md of accord).

- :func:`arrow_schema`: the ``pyarrow.Schema`` of a record type version, every column (list
  elements, map keys and values included) with its field id as ``PARQUET:field_id``, and the
  version's lineage stamp in the schema metadata (``accord.stamp``, and one key per stamp field);
- :func:`to_arrow`: an Arrow table of instances of a generated record class;
- :func:`write_parquet`: a Parquet file with that schema, so its columns carry the field ids and
  its footer the stamp;
- :func:`read_parquet`: reads such a file back, refusing a file without a stamp or stamped with
  another contract or version.

Needs pyarrow (``pip install pyarrow``, or the package's ``arrow`` extra): the package imports,
type-checks and runs without it, and these functions raise ``ImportError`` saying so. pyarrow
ships no type information, so tables and schemas are typed ``Any``.
"""

# The package's own private names (`_runtime`, `_FIELDS`) are its to use (docs/python.md).
# pyright: reportPrivateUsage=false

from __future__ import annotations

import importlib
import json
import os
from typing import Any, Iterable

from . import _runtime as _rt
from . import _tables
from ._runtime import ContractError

STAMP_KEY = "accord.stamp"
"""The key of the lineage stamp (its JSON text) in the schema metadata and the Parquet footer."""

_SCHEMAS: dict[tuple[str, int], Any] = {}

_UNITS = {"SECOND": "s", "MILLISECOND": "ms", "MICROSECOND": "us", "NANOSECOND": "ns"}


def _pyarrow() -> Any:
    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        raise ImportError("the Arrow helpers need pyarrow: pip install pyarrow") from None


def _parquet() -> Any:
    _pyarrow()
    return importlib.import_module("pyarrow.parquet")


def arrow_schema(cls: type[_rt.Record]) -> Any:
    """The ``pyarrow.Schema`` of a generated record class (one per type version)."""
    key = (cls.FULL_NAME, cls.VERSION)
    schema = _SCHEMAS.get(key)
    if schema is None:
        schema = schema_from_json(_tables.entry_of(cls)["arrow"])
        _SCHEMAS[key] = schema
    return schema


def schema_from_json(doc: Any) -> Any:
    """A ``pyarrow.Schema`` from Arrow's integration-test JSON, what the ``parquet`` target of
    accord writes (``{"fields": [...], "metadata": [...]}``)."""
    pa = _pyarrow()
    fields = [_field(pa, field) for field in doc["fields"]]
    return pa.schema(fields, metadata=_metadata(doc))


def _metadata(doc: Any) -> dict[str, str] | None:
    return {m["key"]: m["value"] for m in doc.get("metadata", [])} or None


def _field(pa: Any, doc: Any) -> Any:
    return pa.field(doc["name"], _type(pa, doc), nullable=doc["nullable"], metadata=_metadata(doc))


def _type(pa: Any, doc: Any) -> Any:
    t = doc["type"]
    name = t["name"]
    children = doc.get("children", [])
    if name == "int":
        return getattr(pa, f"{'int' if t['isSigned'] else 'uint'}{t['bitWidth']}")()
    if name == "floatingpoint":
        return {"HALF": pa.float16, "SINGLE": pa.float32, "DOUBLE": pa.float64}[t["precision"]]()
    if name == "decimal":
        make = pa.decimal128 if t.get("bitWidth", 128) == 128 else pa.decimal256
        return make(t["precision"], t["scale"])
    if name == "date":
        return pa.date32() if t["unit"] == "DAY" else pa.date64()
    if name == "time":
        make = pa.time32 if t["bitWidth"] == 32 else pa.time64
        return make(_UNITS[t["unit"]])
    if name == "timestamp":
        return pa.timestamp(_UNITS[t["unit"]], tz=t.get("timezone"))
    if name == "fixedsizebinary":
        return pa.binary(t["byteWidth"])
    if name == "struct":
        return pa.struct([_field(pa, child) for child in children])
    if name == "list":
        return pa.list_(_field(pa, children[0]))
    if name == "map":
        key, value = children[0]["children"]
        return pa.map_(_field(pa, key), _field(pa, value), keys_sorted=t.get("keysSorted", False))
    leaves = {"bool": pa.bool_, "utf8": pa.string, "binary": pa.binary, "null": pa.null}
    if name in leaves:
        return leaves[name]()
    raise ValueError(f"unknown Arrow type {name!r}")


def to_arrow(records: Iterable[Any], cls: type[_rt.Record] | None = None) -> Any:
    """A ``pyarrow.Table`` of instances of one generated record class (``cls``, else the class
    of the first record), with :func:`arrow_schema`'s schema. Values take the table's stand-ins
    where a table type is missing: enum symbols, uuids and decimals wider than 38 digits as
    text, a union as the struct of its members, a recursive record as its canonical JSON."""
    pa = _pyarrow()
    rows = list(records)
    if cls is None:
        if not rows:
            raise ContractError("to_arrow of no records needs their class (cls=...)")
        first: _rt.Record = rows[0]
        cls = type(first)
    schema = arrow_schema(cls)
    converter = _Converter(pa, _tables.entry_of(cls)["unions"])
    data: list[dict[str, Any]] = []
    for index, record in enumerate(rows):
        if type(record) is not cls:
            raise ContractError(f"expected {cls.__name__}, found {type(record).__name__}", f"[{index}]")
        data.append(converter.record(record, schema, ""))
    return pa.Table.from_pylist(data, schema=schema)


class _Converter:
    """Python values of the generated classes to the values ``pyarrow`` builds columns from,
    led by the runtime's type descriptors and the Arrow types."""

    def __init__(self, pa: Any, unions: dict[str, list[int | None]]) -> None:
        self.pa = pa
        self.unions = unions

    def record(self, value: Any, struct: Any, prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        fields: tuple[_rt.Field, ...] = value._FIELDS
        for f in fields:
            arrow_type = struct.field(f.wire).type
            out[f.wire] = self.value(f.type, getattr(value, f.attr), arrow_type, prefix + f.wire)
        return out

    def value(self, desc: _rt.Type, value: Any, arrow_type: Any, path: str) -> Any:
        if value is None:
            return None
        if isinstance(desc, _rt.Union):
            return self.union(desc, value, arrow_type, path)
        if isinstance(desc, _rt.Wrap):
            return self.value(desc.inner, value.value, arrow_type, path)
        if self.pa.types.is_string(arrow_type):
            # A string column: a string, or a stand-in (enum, uuid, wide decimal, recursion).
            data = desc.to_json(value, path)
            return data if isinstance(data, str) or data is None else _rt.canonical_json(data)
        if isinstance(desc, _rt.Rec):
            return self.record(value, arrow_type, path + ".")
        if isinstance(desc, _rt.List):
            element = arrow_type.value_type
            return [self.value(desc.item, v, element, path + ".element") for v in value]
        if isinstance(desc, _rt.Map):
            item = arrow_type.item_type
            return [(k, self.value(desc.value, v, item, path + ".value")) for k, v in value.items()]
        return value

    def union(self, desc: _rt.Union, value: Any, arrow_type: Any, path: str) -> Any:
        index, branch = desc.choose(value, path)
        if branch is None:
            return None
        if not desc.tagged:  # a plain optional: the column is the value's
            return self.value(branch.type, value, arrow_type, path)
        order = self.unions.get(path)
        if order is not None:
            member = order[index]
        else:
            member = sum(1 for b in desc.branches[:index] if b is not None)
        name = f"member{member}"
        member_path = f"{path}.{name}"
        return {name: self.value(branch.type, value, arrow_type.field(name).type, member_path)}


def write_parquet(data: Any, path: str | os.PathLike[str], cls: type[_rt.Record]) -> None:
    """Writes a Parquet file of ``cls``: ``data`` is instances of ``cls`` (see :func:`to_arrow`)
    or a ``pyarrow.Table`` with its columns (cast to :func:`arrow_schema`; a null in a required
    top-level column is refused). The columns carry their field ids and the footer the stamp."""
    pa = _pyarrow()
    table = _conform(data, cls) if isinstance(data, pa.Table) else to_arrow(data, cls)
    _parquet().write_table(table, path)


def _conform(table: Any, cls: type[_rt.Record]) -> Any:
    pa = _pyarrow()
    schema = arrow_schema(cls)
    missing = [name for name in schema.names if name not in table.column_names]
    if missing:
        raise ContractError(f"the table has no column {', '.join(missing)} of {_name(cls)}")
    table = table.select(schema.names)
    for field in schema:
        nulls = table.column(field.name).null_count
        if not field.nullable and nulls:
            raise ContractError(f"{nulls} null(s) in a required column", field.name)
    try:
        table = table.cast(schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as error:
        raise ContractError(f"the table does not cast to {_name(cls)}: {error}") from None
    return table.replace_schema_metadata(schema.metadata)


def _name(cls: type[_rt.Record]) -> str:
    return f"{cls.FULL_NAME}@{cls.VERSION}"


def read_parquet(path: str | os.PathLike[str], cls: type[_rt.Record]) -> Any:
    """Reads a Parquet file written under ``cls``'s contract version: its footer's stamp must
    name the same contract and fingerprint (:class:`ContractError` otherwise, and for a file
    without a stamp). Returns the table cast to :func:`arrow_schema`."""
    pq = _parquet()
    stamp = read_stamp(path)
    if stamp is None:
        raise ContractError(f"{os.fspath(path)} has no accord stamp ({STAMP_KEY}): it was not written under a contract")
    contract, version = stamp.get("contract"), stamp.get("version")
    if contract != cls.FULL_NAME or stamp.get("fingerprint") != cls.FINGERPRINT:
        raise ContractError(
            f"{os.fspath(path)} was written with {contract}@{version} (fingerprint {stamp.get('fingerprint')}); "
            f"{cls.__name__} reads {cls.FULL_NAME}@{cls.VERSION} (fingerprint {cls.FINGERPRINT})"
        )
    schema = arrow_schema(cls)
    return pq.read_table(path).select(schema.names).cast(schema)


def read_stamp(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The lineage stamp in a Parquet file's footer, ``None`` when it has none."""
    metadata: dict[bytes, bytes] = _parquet().read_metadata(path).metadata or {}
    raw = metadata.get(STAMP_KEY.encode())
    if raw is None:
        return None
    stamp: dict[str, Any] = json.loads(raw)
    return stamp
