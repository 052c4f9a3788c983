"""Every shared path vector (``vectors/layouts/``) against the generated layout classes: values
give exactly the vector's path, the path parses back to the values, partial values give the
vector's prefix and glob, and each invalid path raises ContractError naming the vector's segment."""

from __future__ import annotations

import datetime
import importlib
import json
import uuid
from typing import Any, Iterator

import pytest

from conftest import GENERATED, PROJECTS, package

EPOCH = datetime.date(1970, 1, 1)


def _entries() -> Iterator[tuple[str, dict[str, Any]]]:
    for project in PROJECTS:
        index = GENERATED / project / "vectors/layouts/index.json"
        if not index.exists():
            continue
        for entry in json.loads(index.read_text())["layouts"]:
            doc = json.loads((GENERATED / project / entry["file"]).read_text())
            yield project, doc


ENTRIES = list(_entries())


def _class(project: str, layout: str, version: int) -> Any:
    root = package(project).__name__
    module = importlib.import_module(f"{root}.{layout.rsplit('.', 1)[0]}")
    rt = importlib.import_module(f"{root}._runtime.layout")
    for name in module.__all__:
        cls = getattr(module, name)
        if isinstance(cls, type) and issubclass(cls, rt.Layout) and cls.LAYOUT == layout and cls.VERSION == version:
            return cls
    raise AssertionError(f"no class for {layout}@{version}")


class Unrepresentable(Exception):
    pass


def _value(part: tuple[Any, ...], json_value: Any) -> Any:
    kind, enum_cls = part[3], part[5]
    if kind == "uuid":
        return uuid.UUID(json_value)
    if kind == "date":
        try:
            return EPOCH + datetime.timedelta(days=json_value)
        except OverflowError:
            raise Unrepresentable from None  # Python dates are years 1..9999
    if kind == "enum":
        return enum_cls(json_value)
    return json_value


def _values(cls: Any, segments: dict[str, Any]) -> dict[str, Any]:
    parts = {p[1]: p for p in cls._PARTS if p[0] == "seg"}
    return {parts[name][2]: _value(parts[name], v) for name, v in segments.items()}


@pytest.mark.parametrize("project,doc", ENTRIES, ids=[f"{p}:{d['layout']}@{d['version']}" for p, d in ENTRIES])
def test_layout_replays_path_vectors(project: str, doc: dict[str, Any]) -> None:
    cls = _class(project, doc["layout"], doc["version"])
    rt = importlib.import_module(f"{package(project).__name__}._runtime")
    assert cls.TEMPLATE == doc["template"]
    checked = 0
    for case in doc["cases"]:
        try:
            values = cls(**_values(cls, case["segments"]))
            partial = _values(cls, case["partial"]["segments"])
        except Unrepresentable:
            continue
        assert values.path() == case["path"], case["name"]
        assert cls.parse(case["path"]) == values, case["name"]
        assert cls.prefix(**partial) == case["partial"]["prefix"]
        assert cls.glob(**partial) == case["partial"]["glob"]
        checked += 1
    assert checked > 0
    for invalid in doc["invalid"]:
        with pytest.raises(rt.ContractError) as error:
            cls.parse(invalid["path"])
        assert error.value.path == (invalid["segment"] or ""), invalid["path"]


def test_hostile_strings_and_errors(shop: Any) -> None:
    from accord_shop.shop.storage import OrderExportV2  # type: ignore[import-not-found]

    path = OrderExportV2(customer_id="c/42=%é", day=datetime.date(2024, 5, 1), part=-42).path()
    assert path == "orders/customer=c%2F42%3D%25%C3%A9/dt=2024-05-01/part--0042.parquet"
    assert OrderExportV2.parse(path).customer_id == "c/42=%é"
    with pytest.raises(shop.ContractError) as error:
        OrderExportV2.parse("orders/customer=c/dt=2024-02-30/part-00001.parquet")
    assert error.value.path == "day"
    assert OrderExportV2.prefix(customer_id="") == "orders/customer=%/dt="
    assert OrderExportV2.glob(customer_id="") == "orders/customer=%/dt=*/part-*.parquet"
