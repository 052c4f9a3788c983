"""The engines driven from Python: Parquet read by Arrow, Delta (delta-rs), Avro (fastavro).
Iceberg is in engine_iceberg.py, Spark in spark_driver.py and spark_worker.py.

Each driver takes a `Job` (data written with the pair's old version, then the new version
applied the engine's way) and returns a `Read`.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from arrowconv import Read, Refused, from_arrow_table, schema_diffs, stage, to_arrow_table
from model import Pair, Table, by_id
from schemas import EngineSchemas, delta_to_arrow


@dataclass
class Job:
    id: str
    pair: Pair
    schemas: list[EngineSchemas]  # the old version's, then each later version's up to new
    rows: list[dict[str, Any]]  # written with the old version
    new_rows: list[dict[str, Any]]  # written with the new version (ways that append)
    tmp: str

    @property
    def versions(self) -> list[Table]:
        return [self.pair.old, *self.pair.steps]


# ---------------------------------------------------------------------------
# Parquet files read by Arrow with the new version's schema
# ---------------------------------------------------------------------------


def parquet_reader_schema(job: Job) -> Read:
    """pyarrow dataset over a file written with the old schema, read with `schema=new`."""
    old = job.schemas[0].arrow_schema()
    new = job.schemas[-1].arrow_schema()
    path = os.path.join(job.tmp, f"{job.id}.parquet")
    stage("write", pq.write_table, stage("write", to_arrow_table, job.rows, old), path)
    tbl = stage("read", lambda: pads.dataset(path, format="parquet", schema=new).to_table())
    return Read(rows=from_arrow_table(tbl, job.pair.new),
                schema_diffs=schema_diffs(tbl.schema, new))


def parquet_first_file(job: Job) -> Read:
    """Without a reader schema: a dataset of the old file and a new one, with the schema of
    the first file (pyarrow's default)."""
    old = job.schemas[0].arrow_schema()
    new = job.schemas[-1].arrow_schema()
    d = os.path.join(job.tmp, f"{job.id}-first")
    os.makedirs(d)
    stage("write", pq.write_table, to_arrow_table(job.rows, old), os.path.join(d, "0-old.parquet"))
    stage("write", pq.write_table, to_arrow_table(job.new_rows, new),
          os.path.join(d, "1-new.parquet"))
    tbl = stage("read", lambda: pads.dataset(d, format="parquet").to_table())
    return Read(rows=from_arrow_table(tbl, job.pair.new),
                schema_diffs=schema_diffs(tbl.schema, new))


# ---------------------------------------------------------------------------
# Delta (delta-rs)
# ---------------------------------------------------------------------------

def without_features(doc: dict[str, Any]) -> dict[str, Any]:
    """A Delta schema document without column mapping metadata (`delta.columnMapping.*` on
    fields), which delta-rs refuses to write; the table features stay off."""
    def strip(t: Any) -> Any:
        if isinstance(t, dict):
            return {k: ({m: x for m, x in v.items() if not m.startswith("delta.columnMapping")}
                        if k == "metadata" and isinstance(v, dict) else strip(v))
                    for k, v in t.items()}
        if isinstance(t, list):
            return [strip(x) for x in t]
        return t

    return {**doc, "schemaString": json.dumps(strip(json.loads(doc["schemaString"])))}


def delta_merge(job: Job) -> Read:
    """The delta-rs way: a table created with the old version; per later version, the
    metadata-only operations delta-rs has (`alter.drop_column_not_null` for a column made
    optional, `alter.add_columns` is covered by the merge), then an append of rows written
    with that version under `schema_mode="merge"` (no rows for the versions in between).
    No table feature is enabled (delta-rs has neither type widening nor column mapping)."""
    from deltalake import DeltaTable, write_deltalake

    path = os.path.join(job.tmp, f"{job.id}-delta")
    old = delta_to_arrow(without_features(job.schemas[0].delta))
    stage("create", write_deltalake, path, to_arrow_table(job.rows, old))
    versions = job.versions
    for i in range(1, len(versions)):
        before, after = by_id(versions[i - 1]), versions[i]
        for c in after.columns:
            was = before.get(c.id)
            if was is not None and was[1].required and not c.required:
                stage("evolve", DeltaTable(path).alter.drop_column_not_null, c.name)
        schema = delta_to_arrow(without_features(job.schemas[i].delta))
        rows = job.new_rows if i == len(versions) - 1 else []
        stage("evolve", write_deltalake, path, to_arrow_table(rows, schema), mode="append",
              schema_mode="merge")
    got = stage("read", lambda: DeltaTable(path).to_pyarrow_table())
    new = delta_to_arrow(without_features(job.schemas[-1].delta))
    notes = []
    props = {k: v for k, v in job.schemas[-1].delta.get("properties", {}).items()
             if k.startswith(("delta.columnMapping", "delta.enableTypeWidening"))}
    if props:
        notes.append(f"table features accord's delta schema asks for, off here: {props}")
    return Read(rows=from_arrow_table(got, job.pair.new),
                schema_diffs=schema_diffs(got.schema, new),
                notes=notes)


# ---------------------------------------------------------------------------
# Avro (fastavro): writer schema old, reader schema new
# ---------------------------------------------------------------------------


def _avro_in(v: Any, ty: Any) -> Any:
    """Neutral value to fastavro's: unions as (branch name, value)."""
    from model import Ty
    assert isinstance(ty, Ty)
    if v is None:
        return None
    if ty.kind == "struct" and ty.union:
        for c in ty.fields:
            if v.get(c.name) is not None:
                val = _avro_in(v[c.name], c.ty)
                return (c.ty.name, val) if c.ty.name else val
        return None
    if ty.kind == "struct":
        return {c.name: _avro_in(v.get(c.name), c.ty) for c in ty.fields}
    if ty.kind == "list":
        return [_avro_in(x, ty.element.ty) for x in v]  # type: ignore[union-attr]
    if ty.kind == "map":
        return {k: _avro_in(x, ty.value.ty) for k, x in v.items()}  # type: ignore[union-attr]
    return v


def _avro_out(v: Any, ty: Any) -> Any:
    import datetime as dt
    if v is None:
        return None
    if ty.kind == "struct" and ty.union:
        return _avro_union_out(v, ty)
    if isinstance(v, tuple):  # a named branch of an optional: (full name, value)
        v = v[1]
    if ty.kind == "struct":
        return {c.name: _avro_out(v.get(c.name), c.ty) for c in ty.fields}
    if ty.kind == "list":
        return [_avro_out(x, ty.element.ty) for x in v]
    if ty.kind == "map":
        return {k: _avro_out(x, ty.value.ty) for k, x in v.items()}
    if isinstance(v, uuid.UUID):
        return str(v)
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.astimezone(dt.timezone.utc)
    return v


def _avro_union_out(v: Any, ty: Any) -> Any:
    """fastavro gives a union's record, enum or fixed branch as (full name, value)
    (return_record_name), other branches as the value: put it in its member."""
    out: dict[str, Any] = {c.name: None for c in ty.fields}
    if isinstance(v, tuple):
        name, val = v
        for c in ty.fields:
            if c.ty.name == name:
                out[c.name] = _avro_out(val, c.ty)
                return out
    for c in ty.fields:
        if _python_kind_fits(v, c.ty.kind):
            out[c.name] = _avro_out(v, c.ty)
            return out
    raise ValueError(f"no union member for {v!r}")


def _python_kind_fits(v: Any, kind: str) -> bool:
    import datetime as dt
    from decimal import Decimal
    checks = {"bool": lambda: isinstance(v, bool),
              "int": lambda: isinstance(v, int) and not isinstance(v, bool),
              "long": lambda: isinstance(v, int) and not isinstance(v, bool),
              "float": lambda: isinstance(v, float), "double": lambda: isinstance(v, float),
              "string": lambda: isinstance(v, str), "uuid": lambda: isinstance(v, (str, uuid.UUID)),
              "bytes": lambda: isinstance(v, bytes), "decimal": lambda: isinstance(v, Decimal),
              "date": lambda: isinstance(v, dt.date) and not isinstance(v, dt.datetime),
              "list": lambda: isinstance(v, list), "map": lambda: isinstance(v, dict)}
    fn = checks.get(kind)
    return bool(fn and fn()) or (kind.endswith(("timestamp_ms", "timestamp_us"))
                                 and isinstance(v, dt.datetime))


def avro_resolve(job: Job) -> Read:
    import fastavro

    w = fastavro.parse_schema(_strip(job.schemas[0].avro))
    r = fastavro.parse_schema(_strip(job.schemas[-1].avro))
    old_t = job.pair.old.struct
    new_t = job.pair.new.struct
    buf = io.BytesIO()
    stage("write", fastavro.writer, buf, w, [_avro_in(x, old_t) for x in job.rows])
    buf.seek(0)
    got = stage("read", lambda: list(fastavro.reader(buf, reader_schema=r,
                                                        return_record_name=True)))
    return Read(rows=[_avro_out(x, new_t) for x in got])


def _strip(doc: Any) -> Any:
    """The schema without accord's attributes (fastavro warns about unknown ones)."""
    if isinstance(doc, dict):
        return {k: _strip(v) for k, v in doc.items() if not k.startswith("accord.")}
    if isinstance(doc, list):
        return [_strip(x) for x in doc]
    return doc


__all__ = ["Job", "Read", "Refused", "parquet_reader_schema", "parquet_first_file",
           "delta_merge", "avro_resolve", "pa"]
