"""The ``iceberg`` target (docs/targets-tables.md) read by its real consumer, pyiceberg: every
schema and default name mapping of every project parses; the schema's ids are the ids of the
``parquet`` target's columns; the name mapping finds every column, and maps every earlier name
of a renamed column to its id, as pyiceberg applies it to files written without field ids. The
Avro schemas with Iceberg ids convert to the same Iceberg schema (where Iceberg can hold the
Avro types) and read the test vectors' bytes as the Avro target's schemas do (fastavro).

Needs pyiceberg, pyarrow and fastavro (skipped without them).
"""

from __future__ import annotations

import io
import json
import pathlib
from typing import Any, Iterator

import pytest

import fastavro  # noqa: E402  (scripts/requirements-test.txt installs these)
import pyarrow as pa  # noqa: E402
from pyiceberg.io.pyarrow import pyarrow_to_schema  # noqa: E402
from pyiceberg.schema import Schema  # noqa: E402
from pyiceberg.table.name_mapping import NameMapping, parse_mapping_from_json  # noqa: E402
from pyiceberg.utils.schema_conversion import AvroSchemaConversion  # noqa: E402

from conftest import PROJECTS, VECTORS, package, table_output  # noqa: E402


def _schemas(project: str) -> Iterator[tuple[pathlib.Path, Schema, NameMapping]]:
    """Each Iceberg schema file of ``project`` with its schema and name mapping, parsed."""
    for path in sorted((table_output(project) / "iceberg").rglob("*.json")):
        if path.name.endswith(".name-mapping.json"):
            continue
        mapping_path = path.with_name(path.name[: -len(".json")] + ".name-mapping.json")
        yield path, Schema.model_validate_json(path.read_text()), parse_mapping_from_json(mapping_path.read_text())


def _find(fields: Any, names: list[str]) -> Any:
    """The mapped field of a column by its names from the root (pyiceberg's own lookup is
    private)."""
    for field in fields:
        if names[0] in field.names:
            return field if len(names) == 1 else _find(field.fields, names[1:])
    raise KeyError(".".join(names))


def _iceberg_ids(fields: list[Any]) -> list[tuple[str, int]]:
    """(name, id) of every column of an Iceberg schema JSON, depth first."""
    found: list[tuple[str, int]] = []

    def nested(t: Any) -> None:
        if not isinstance(t, dict):
            return
        if t["type"] == "struct":
            found.extend(_iceberg_ids(t["fields"]))
        elif t["type"] == "list":
            found.append(("element", t["element-id"]))
            nested(t["element"])
        else:
            found.extend([("key", t["key-id"]), ("value", t["value-id"])])
            nested(t["key"])
            nested(t["value"])

    for field in fields:
        found.append((field["name"], field["id"]))
        nested(field["type"])
    return found


def _arrow_ids(fields: list[Any]) -> list[tuple[str, int]]:
    """(name, field id) of every column of the parquet target's Arrow JSON, depth first."""
    found = []
    for field in fields:
        ids = [int(m["value"]) for m in field.get("metadata", []) if m["key"] == "PARQUET:field_id"]
        found.extend((field["name"], i) for i in ids)
        found.extend(_arrow_ids(field.get("children", [])))
    return found


@pytest.mark.parametrize("project", list(PROJECTS))
def test_schemas_parse_with_the_ids_of_the_parquet_columns(project: str) -> None:
    out = table_output(project)
    checked = 0
    for path, schema, mapping in _schemas(project):
        doc = json.loads(path.read_text())
        parquet = json.loads((out / "parquet" / path.relative_to(out / "iceberg")).read_text())
        ids = _iceberg_ids(doc["fields"])
        assert ids == _arrow_ids(parquet["fields"]), path
        assert schema.highest_field_id == max((i for _, i in ids), default=0)
        for field_id in schema.identifier_field_ids:
            field = schema.find_field(field_id)
            assert field.required and field_id in [f.field_id for f in schema.fields], path
        for _, field_id in ids:
            name = schema.find_column_name(field_id)
            assert name is not None
            assert _find(mapping, name.split(".")).field_id == field_id, (path, name)
        checked += 1
    assert checked > 0


def _versions(project: str) -> dict[str, dict[int, tuple[dict[str, Any], NameMapping]]]:
    """Per type (file stem without the version), its versions' schema JSON and mapping."""
    found: dict[str, dict[int, tuple[dict[str, Any], NameMapping]]] = {}
    for path, _, mapping in _schemas(project):
        stem, _, version = path.name[: -len(".json")].rpartition(".v")
        if stem and version.isdigit():
            key = str(path.parent / stem)
            found.setdefault(key, {})[int(version)] = (json.loads(path.read_text()), mapping)
    return found


@pytest.mark.parametrize("project", list(PROJECTS))
def test_the_name_mapping_maps_every_earlier_name_to_the_columns_id(project: str) -> None:
    for versions in _versions(project).values():
        for number, (schema, mapping) in versions.items():
            current = {f["name"]: f["id"] for f in schema["fields"]}
            for earlier, (old, _) in versions.items():
                if earlier >= number:
                    continue
                for field in old["fields"]:
                    kept = field["id"] in current.values()
                    if kept and (field["name"] not in current or current[field["name"]] == field["id"]):
                        assert _find(mapping, [field["name"]]).field_id == field["id"], (number, field["name"])


def test_a_file_written_before_a_rename_without_field_ids_reads_into_the_renamed_column() -> None:
    out = table_output("shop") / "iceberg/shop/customers"
    v2 = Schema.model_validate_json((out / "Customer.v2.json").read_text())
    mapping = parse_mapping_from_json((out / "Customer.v2.name-mapping.json").read_text())
    # Version 1's columns, as a Parquet file written without field ids holds them.
    old = pa.schema([("id", pa.string()), ("email", pa.string()), ("name", pa.string()),
                     ("created_at", pa.timestamp("us", tz="UTC"))])
    read = pyarrow_to_schema(old, name_mapping=mapping)
    assert read.find_field("name").field_id == v2.find_field("full_name").field_id


# What Iceberg cannot hold of Avro (pyiceberg 0.12 says so when converting): millisecond logical
# types (Iceberg keeps microseconds), unions of several types, recursive records.
ICEBERG_AVRO_LIMITS = ("Unknown logical/physical type", "Only null-unions", "Non-optional types", "Type not recognized")


def _uuid_as_string(schema: Schema) -> str:
    """The schema's text with Iceberg's uuid read as the table's stand-in, string."""
    return str(schema.as_struct()).replace(": required uuid", ": required string").replace(": optional uuid", ": optional string")


@pytest.mark.parametrize("project", list(PROJECTS))
def test_the_avro_schemas_convert_to_the_same_iceberg_schema(project: str) -> None:
    converted = 0
    for path, schema, _ in _schemas(project):
        avsc = json.loads(path.with_suffix(".avsc").read_text())
        try:
            from_avro = AvroSchemaConversion().avro_to_iceberg(avsc)
        except (TypeError, ValueError) as error:
            assert any(limit in str(error) for limit in ICEBERG_AVRO_LIMITS), (path, error)
            continue
        assert _uuid_as_string(from_avro) == _uuid_as_string(schema), path
        converted += 1
    if project in ("shop", "evolution"):
        assert converted > 0


def _text(value: Any) -> str:
    return json.dumps(value, default=repr, sort_keys=True)


@pytest.mark.parametrize("project", list(PROJECTS))
def test_the_avro_schemas_read_the_vectors_as_the_avro_target_does(project: str) -> None:
    out = table_output(project)
    registry = package(project).REGISTRY
    checked = 0
    for vector in (v for v in VECTORS if v.project == project):
        namespace, name = vector.type.rsplit(".", 1)
        directory = out / "iceberg" / namespace.replace(".", "/")
        candidates = [directory / f"{name}.v{vector.version}.avsc", directory / f"{name}.avsc"]
        path = next((p for p in candidates if p.exists()), None)
        if path is None:
            continue
        datum = vector.avro[10:]  # after the single-object header
        values = []
        for schema in (json.loads(path.read_text()), json.loads(registry[(vector.type, vector.version)].AVRO_SCHEMA)):
            stream = io.BytesIO(datum)
            values.append(fastavro.schemaless_reader(stream, fastavro.parse_schema(schema), None))
            assert stream.tell() == len(datum), vector.id
        assert _text(values[0]) == _text(values[1]), vector.id
        checked += 1
    assert checked > 0
