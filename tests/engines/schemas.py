"""Engine schemas: loading accord's generated ones, and rendering hand-made ones.

Per record type version accord generates (`accord gen --target iceberg|spark|parquet|delta`):
- `iceberg/<stem>.json`: an Iceberg schema (spec appendix C), loaded with pyiceberg;
- `spark/<stem>.json`: a Spark StructType as `df.schema.json()` writes it (sent to the Spark
  workers as is);
- `parquet/<stem>.json`: an Arrow schema in the Arrow integration-test JSON format, loaded by
  `arrow_from_json` (pyarrow has no reader for it);
- `delta/<stem>.json`: `{"schemaString": ..., "properties": {...}}`.

`render_*` make the same documents from the harness's model. They are used only where accord
does not generate a target (while the targets are being built, or `--local-schemas`), and in
the self-test of the loaders.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

import pyarrow as pa

from model import Col, Table, Ty

# ---------------------------------------------------------------------------
# Arrow integration JSON <-> pyarrow
# ---------------------------------------------------------------------------

_TIME_UNITS = {"SECOND": "s", "MILLISECOND": "ms", "MICROSECOND": "us", "NANOSECOND": "ns"}


def _meta(items: Any) -> dict[bytes, bytes] | None:
    if not items:
        return None
    if isinstance(items, dict):
        return {str(k).encode(): str(v).encode() for k, v in items.items()}
    return {str(m["key"]).encode(): str(m["value"]).encode() for m in items}


def arrow_field_from_json(f: Mapping[str, Any]) -> pa.Field:
    t = f["type"]
    name = t["name"]
    kids = [arrow_field_from_json(c) for c in f.get("children", [])]
    if "dictionary" in f:
        idx = f["dictionary"]["indexType"]
        typ: pa.DataType = pa.dictionary(_int_type(idx), _primitive(t, kids, f),
                                         ordered=f["dictionary"].get("isOrdered", False))
    else:
        typ = _primitive(t, kids, f)
    return pa.field(f["name"], typ, nullable=f.get("nullable", True),
                    metadata=_meta(f.get("metadata")))


def _int_type(t: Mapping[str, Any]) -> pa.DataType:
    bits, signed = int(t["bitWidth"]), bool(t.get("isSigned", True))
    return getattr(pa, ("int" if signed else "uint") + str(bits))()


def _primitive(t: Mapping[str, Any], kids: list[pa.Field], f: Mapping[str, Any]) -> pa.DataType:
    name = t["name"]
    if name == "null":
        return pa.null()
    if name == "bool":
        return pa.bool_()
    if name == "int":
        return _int_type(t)
    if name == "floatingpoint":
        widths = {"HALF": pa.float16(), "SINGLE": pa.float32(), "DOUBLE": pa.float64()}
        return widths[t["precision"]]
    if name == "utf8":
        return pa.string()
    if name == "largeutf8":
        return pa.large_string()
    if name == "binary":
        return pa.binary()
    if name == "largebinary":
        return pa.large_binary()
    if name == "fixedsizebinary":
        return pa.binary(int(t["byteWidth"]))
    if name == "decimal":
        bits = int(t.get("bitWidth", 128))
        ctor = pa.decimal128 if bits == 128 else pa.decimal256
        return ctor(int(t["precision"]), int(t["scale"]))
    if name == "date":
        return pa.date32() if t.get("unit", "DAY") == "DAY" else pa.date64()
    if name == "time":
        unit = _TIME_UNITS[t["unit"]]
        return pa.time32(unit) if int(t.get("bitWidth", 64)) == 32 else pa.time64(unit)
    if name == "timestamp":
        return pa.timestamp(_TIME_UNITS[t["unit"]], tz=t.get("timezone"))
    if name == "list":
        return pa.list_(kids[0])
    if name == "largelist":
        return pa.large_list(kids[0])
    if name == "fixedsizelist":
        return pa.list_(kids[0], int(t["listSize"]))
    if name == "struct":
        return pa.struct(kids)
    if name == "map":
        entries = kids[0].type
        return pa.map_(entries.field(0), entries.field(1), keys_sorted=t.get("keysSorted", False))
    if name == "union":
        mode = t.get("mode", "SPARSE").lower()
        return pa.union(kids, mode=mode, type_codes=t.get("typeIds"))
    raise ValueError(f"unknown Arrow JSON type {t!r} in field {f.get('name')}")


def arrow_from_json(doc: Mapping[str, Any]) -> pa.Schema:
    fields = [arrow_field_from_json(f) for f in doc["fields"]]
    return pa.schema(fields, metadata=_meta(doc.get("metadata")))


# ---------------------------------------------------------------------------
# Rendering from the model (hand-made schemas)
# ---------------------------------------------------------------------------


def _iceberg_type(ty: Ty) -> Any:
    k = ty.kind
    simple = {"bool": "boolean", "int": "int", "long": "long", "float": "float",
              "double": "double", "string": "string", "uuid": "string", "enum": "string",
              "bytes": "binary", "date": "date", "time_ms": "time", "time_us": "time",
              "timestamp_ms": "timestamptz", "timestamp_us": "timestamptz",
              "local_timestamp_ms": "timestamp", "local_timestamp_us": "timestamp"}
    if k in simple:
        return simple[k]
    if k == "decimal":
        return f"decimal({ty.precision}, {ty.scale})"
    if k == "fixed":
        return f"fixed[{ty.size}]"
    if k == "struct":
        return {"type": "struct", "fields": [
            {"id": c.id, "name": c.name, "required": c.required, "type": _iceberg_type(c.ty)}
            for c in ty.fields]}
    if k == "list":
        e = ty.element
        assert e is not None
        return {"type": "list", "element-id": e.id, "element": _iceberg_type(e.ty),
                "element-required": e.required}
    if k == "map":
        assert ty.key is not None and ty.value is not None
        return {"type": "map", "key-id": ty.key.id, "key": _iceberg_type(ty.key.ty),
                "value-id": ty.value.id, "value": _iceberg_type(ty.value.ty),
                "value-required": ty.value.required}
    raise ValueError(k)


def render_iceberg(t: Table) -> dict[str, Any]:
    doc = _iceberg_type(t.struct)
    doc["schema-id"] = 0
    doc["identifier-field-ids"] = list(t.identifier_ids)
    return doc


def _spark_type(ty: Ty) -> Any:
    k = ty.kind
    simple = {"bool": "boolean", "int": "integer", "long": "long", "float": "float",
              "double": "double", "string": "string", "uuid": "string", "enum": "string",
              "bytes": "binary", "fixed": "binary", "date": "date", "time_ms": "integer",
              "time_us": "long", "timestamp_ms": "timestamp", "timestamp_us": "timestamp",
              "local_timestamp_ms": "timestamp_ntz", "local_timestamp_us": "timestamp_ntz"}
    if k in simple:
        return simple[k]
    if k == "decimal":
        return f"decimal({ty.precision},{ty.scale})"
    if k == "struct":
        return {"type": "struct", "fields": [
            {"name": c.name, "type": _spark_type(c.ty), "nullable": not c.required,
             "metadata": {}} for c in ty.fields]}
    if k == "list":
        assert ty.element is not None
        return {"type": "array", "elementType": _spark_type(ty.element.ty),
                "containsNull": not ty.element.required}
    if k == "map":
        assert ty.value is not None
        return {"type": "map", "keyType": "string", "valueType": _spark_type(ty.value.ty),
                "valueContainsNull": not ty.value.required}
    raise ValueError(k)


def render_spark(t: Table) -> dict[str, Any]:
    return _spark_type(t.struct)


def _arrow_type(ty: Ty) -> Any:
    k = ty.kind
    if k == "bool":
        return {"name": "bool"}, []
    if k in ("int", "long", "time_ms", "time_us"):
        if k.startswith("time"):
            unit = "MILLISECOND" if k == "time_ms" else "MICROSECOND"
            return {"name": "time", "unit": unit, "bitWidth": 32 if k == "time_ms" else 64}, []
        return {"name": "int", "isSigned": True, "bitWidth": 32 if k == "int" else 64}, []
    if k in ("float", "double"):
        return {"name": "floatingpoint", "precision": "SINGLE" if k == "float" else "DOUBLE"}, []
    if k in ("string", "uuid", "enum"):
        return {"name": "utf8"}, []
    if k == "bytes":
        return {"name": "binary"}, []
    if k == "fixed":
        return {"name": "fixedsizebinary", "byteWidth": ty.size}, []
    if k == "decimal":
        return {"name": "decimal", "precision": ty.precision, "scale": ty.scale,
                "bitWidth": 128}, []
    if k == "date":
        return {"name": "date", "unit": "DAY"}, []
    if k.startswith("timestamp") or k.startswith("local_timestamp"):
        unit = "MILLISECOND" if k.endswith("_ms") else "MICROSECOND"
        d: dict[str, Any] = {"name": "timestamp", "unit": unit}
        if ty.utc:
            d["timezone"] = "UTC"
        return d, []
    if k == "struct":
        return {"name": "struct"}, [_arrow_field(c) for c in ty.fields]
    if k == "list":
        assert ty.element is not None
        return {"name": "list"}, [_arrow_field(ty.element)]
    if k == "map":
        assert ty.key is not None and ty.value is not None
        entries = {"name": "entries", "nullable": False, "type": {"name": "struct"},
                   "children": [_arrow_field(ty.key), _arrow_field(ty.value)]}
        return {"name": "map", "keysSorted": False}, [entries]
    raise ValueError(k)


def _arrow_field(c: Col) -> dict[str, Any]:
    t, kids = _arrow_type(c.ty)
    return {"name": c.name, "nullable": not c.required, "type": t, "children": kids,
            "metadata": [{"key": "PARQUET:field_id", "value": str(c.id)}]}


def render_arrow(t: Table) -> dict[str, Any]:
    return {"fields": [_arrow_field(c) for c in t.columns], "metadata": []}


def render_delta(t: Table) -> dict[str, Any]:
    return {"schemaString": json.dumps(_spark_type(t.struct)), "properties": {}}


# ---------------------------------------------------------------------------
# Delta schemaString -> Arrow
# ---------------------------------------------------------------------------


def delta_to_arrow(doc: Mapping[str, Any]) -> pa.Schema:
    """The Arrow schema delta-rs uses for a Delta schema."""
    from deltalake import Schema as DeltaSchema

    ds = DeltaSchema.from_json(doc["schemaString"])
    sch = ds.to_arrow() if hasattr(ds, "to_arrow") else ds.to_pyarrow()
    return pa.schema(sch)


# ---------------------------------------------------------------------------
# Per version: every engine's schema
# ---------------------------------------------------------------------------


@dataclass
class EngineSchemas:
    """The schemas of one record type version, each with where it came from."""

    iceberg: dict[str, Any]
    spark: dict[str, Any]
    arrow: dict[str, Any]
    delta: dict[str, Any]
    avro: dict[str, Any]
    origin: dict[str, str] = field(default_factory=dict)  # target -> "accord" | "hand-made"

    def arrow_schema(self) -> pa.Schema:
        return arrow_from_json(self.arrow)


def local_schemas(t: Table, avro: dict[str, Any]) -> EngineSchemas:
    return EngineSchemas(iceberg=render_iceberg(t), spark=render_spark(t), arrow=render_arrow(t),
                         delta=render_delta(t), avro=avro,
                         origin={k: "hand-made" for k in ("iceberg", "spark", "parquet", "delta")})
