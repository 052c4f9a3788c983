"""The generated package imports lazily (docs/python.md, "Import cost"): the root and one module
import no other generated module until a value of theirs is needed, while the public API
(REGISTRY, by_fingerprint, from_avro, decode_any, upgrade, attribute access to sub-packages)
behaves as if everything had been imported.

Each test runs in a fresh interpreter, so that modules imported by other tests do not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import GENERATED

PYTHON = GENERATED / "shop" / "python"


def _run(code: str) -> dict[str, object]:
    """Runs ``code`` (which sets ``result``) in a fresh interpreter; returns ``result`` with the
    generated modules imported by then (``modules``; the runtime package's are not counted)."""
    program = (
        "import json, sys\n"
        + code
        + "\nresult['modules'] = sorted(m for m in sys.modules if m.startswith('accord_shop.')"
        " and not m.startswith('accord_shop._runtime'))\nprint(json.dumps(result))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=PYTHON,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_root_imports_no_module() -> None:
    result = _run("import accord_shop\nresult = {'keys': len(list(accord_shop.REGISTRY))}")
    assert result["modules"] == []
    assert result["keys"] > 0


def test_one_module_imports_only_what_its_module_level_code_reads() -> None:
    # shop.orders refers to catalog, common and customers only inside lambdas and functions.
    result = _run("import accord_shop.shop.orders\nresult = {}")
    assert result["modules"] == ["accord_shop.shop", "accord_shop.shop.orders"]


def test_a_reference_to_another_module_imports_it_on_first_use() -> None:
    result = _run(
        "from accord_shop.shop.orders import OrderLine\n"
        "assert 'accord_shop.shop.catalog' not in sys.modules\n"
        "import accord_shop.shop.orders as orders\n"
        "result = {'proxy': type(orders._shop_catalog).__name__}\n"
        "result['sku'] = orders._shop_catalog.Sku.__name__\n"
        "result['rebound'] = type(orders._shop_catalog).__name__\n"
    )
    assert result["proxy"] == "LazyModule"
    assert result["sku"] == "Sku"
    assert "accord_shop.shop.catalog" in result["modules"]
    assert result["rebound"] == "module"


def test_registry_lookups_import_one_module() -> None:
    result = _run(
        "import accord_shop\n"
        "cls = accord_shop.REGISTRY[('shop.customers.Customer', 1)]\n"
        "result = {'name': cls.FULL_NAME, 'in': ('shop.customers.Customer', 1) in accord_shop.REGISTRY}\n"
    )
    assert result["name"] == "shop.customers.Customer"
    assert result["in"] is True
    assert result["modules"] == ["accord_shop.shop", "accord_shop.shop.customers"]


def test_by_fingerprint_imports_the_module_of_its_class_only() -> None:
    result = _run(
        "import accord_shop\n"
        "from accord_shop.shop.customers import CustomerV1\n"
        "before = sorted(m for m in sys.modules if m.startswith('accord_shop.'))\n"
        "found = accord_shop.by_fingerprint(CustomerV1.FINGERPRINT)\n"
        "after = sorted(m for m in sys.modules if m.startswith('accord_shop.'))\n"
        "result = {'same': found is CustomerV1, 'new': sorted(set(after) - set(before))}\n"
    )
    assert result["same"] is True
    assert result["new"] == []


def test_sub_packages_are_attributes_of_the_root() -> None:
    result = _run(
        "import accord_shop\n"
        "result = {'name': accord_shop.shop.orders.Order.FULL_NAME}\n"
        "try:\n"
        "    accord_shop.nothing\n"
        "except AttributeError:\n"
        "    result['missing'] = True\n"
    )
    assert result["name"] == "shop.orders.Order"
    assert result["missing"] is True


def test_iterating_the_registry_gives_every_class(shop: object) -> None:
    registry = shop.REGISTRY  # type: ignore[attr-defined]
    items = dict(registry.items())
    assert set(items) == set(registry) and len(items) == len(registry) > 0
    assert all(items[key] is registry[key] for key in registry)
    assert registry.get(("no.such.Type", 1)) is None
