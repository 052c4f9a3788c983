"""Migration shims of the Python target (docs/migrations.md): for every versioned type of the
bundled contracts, every pair of its versions and every test vector of the source version,
``decode_any(data, to_version)`` gives what fastavro's schema resolution reads from the same
bytes (compared as the Avro datum of the result), fails with ``ContractError`` where fastavro
fails, and gives the same canonical JSON as the Rust shims (``target/migrations-rust-.json``,
written by ``cargo test -p accord-tests --test migrations``)."""

from __future__ import annotations

import io
import json
import pathlib
import re
from typing import Any

import fastavro
import pytest

from conftest import VECTORS, Vector, package

REPO = pathlib.Path(__file__).resolve().parents[2]


def _versions() -> dict[str, list[int]]:
    found: dict[str, set[int]] = {}
    for v in VECTORS:
        if v.project == "shop":
            found.setdefault(v.type, set()).add(v.version)
    return {t: sorted(vs) for t, vs in found.items() if len(vs) > 1}


VERSIONED = _versions()
CASES = [
    (v, to)
    for v in VECTORS
    if v.project == "shop" and v.type in VERSIONED
    for to in VERSIONED[v.type]
    if to != v.version
]


def _rust_results() -> dict[str, str]:
    path = REPO / "target/migrations-rust-..json"
    return json.loads(path.read_text()) if path.exists() else {}


RUST = _rust_results()


def _resolve(v: Vector, to: int, shop: Any) -> tuple[bool, bytes | None]:
    """Whether fastavro resolves the vector, and the datum of the result (``None`` where
    fastavro cannot write back what it read: it returns a decimal default as its string)."""
    writer = shop.REGISTRY[(v.type, v.version)]
    reader = shop.REGISTRY[(v.type, to)]
    w = fastavro.parse_schema(json.loads(writer.AVRO_SCHEMA))
    r = fastavro.parse_schema(json.loads(reader.AVRO_SCHEMA))
    try:
        record = fastavro.schemaless_reader(io.BytesIO(v.avro[10:]), w, r)
    except Exception:
        return False, None
    out = io.BytesIO()
    try:
        fastavro.schemaless_writer(out, r, record)
    except TypeError:
        return True, None
    return True, out.getvalue()


@pytest.mark.parametrize("case", CASES, ids=[f"{v.id}->{to}" for v, to in CASES])
def test_migration_equals_avro_resolution(case: tuple[Vector, int]) -> None:
    v, to = case
    shop = package("shop")
    resolved, expected = _resolve(v, to, shop)
    try:
        ours = shop.decode_any(v.avro, to)
    except shop.ContractError as error:
        assert not resolved, f"shim fails ({error}) where fastavro resolves"
        return
    assert type(ours).VERSION == to
    assert resolved, "fastavro does not resolve it"
    if expected is not None:
        assert ours.to_avro_datum() == expected
    label = f'{v.type} {v.version}->{to} "{v.name}"'
    if label in RUST:
        assert ours.to_json() == RUST[label]


def test_upgrade_and_downgrade() -> None:
    shop = package("shop")
    from accord_shop.shop.common import CurrencyV1, CurrencyV3  # type: ignore[import-not-found]

    latest = shop.upgrade(CurrencyV1.USD)
    assert latest is CurrencyV3.USD
    assert shop.downgrade(latest, 1) is CurrencyV1.USD
    with pytest.raises(shop.ContractError):
        shop.downgrade(CurrencyV1.USD, 2)
    with pytest.raises(shop.ContractError):
        shop.upgrade(CurrencyV3.CHF, 1)


def test_fallible_downgrade_raises_contract_error() -> None:
    shop = package("shop")
    failures = []
    for v in VECTORS:
        if v.project == "shop" and v.type == "shop.events.Envelope" and v.version == 2:
            try:
                shop.downgrade(shop.decode_any(v.avro), 1)
            except shop.ContractError as error:
                failures.append(error)
    assert failures, "some Envelope@2 vector has a payload version 1 lacks"
    assert all(e.path == "payload" for e in failures), [str(e) for e in failures]


def test_rust_and_python_shims_agree_on_many_vectors() -> None:
    labels = {f'{v.type} {v.version}->{to} "{v.name}"' for v, to in CASES}
    if not RUST:
        pytest.skip("run cargo test -p accord-tests --test migrations first")
    assert len(labels & RUST.keys()) > 50


class _Hooks:
    """Implements accord_hooks.hooks.orders.OrderHooks, counting calls."""

    def __init__(self) -> None:
        self.calls = 0

    def cents_to_euros(self, total_cents: int, /) -> Any:
        import decimal

        self.calls += 1
        return decimal.Decimal(total_cents).scaleb(-2)

    def euros_to_cents(self, total: Any, /) -> int:
        self.calls += 1
        return int(total.scaleb(2))


def test_hooks_are_called_both_ways() -> None:
    hooks_pkg = package("hooks")
    import uuid

    from accord_hooks.hooks.orders import OrderHooks, OrderV1, OrderV2  # type: ignore[import-not-found]

    impl: OrderHooks = _Hooks()
    v1 = OrderV1(id_=uuid.UUID(int=0), total_cents=1234, note="gift")
    v2 = hooks_pkg.upgrade(v1, hooks=impl)
    assert isinstance(v2, OrderV2)
    assert str(v2.total) == "12.34" and v2.note == "gift"
    assert hooks_pkg.downgrade(v2, 1, hooks=impl) == v1
    assert impl.calls == 2  # type: ignore[attr-defined]
    assert hooks_pkg.decode_any(v1.to_avro(), 2, hooks=impl) == v2
    with pytest.raises(hooks_pkg.ContractError) as error:
        hooks_pkg.upgrade(v1)
    assert error.value.path == "total"


def test_hook_errors_carry_the_field_path() -> None:
    hooks_pkg = package("hooks")
    import uuid

    from accord_hooks.hooks.orders import OrderV1  # type: ignore[import-not-found]

    class Failing(_Hooks):
        def cents_to_euros(self, total_cents: int, /) -> Any:
            raise hooks_pkg.ContractError("no rate")

    with pytest.raises(hooks_pkg.ContractError) as error:
        hooks_pkg.upgrade(OrderV1(id_=uuid.UUID(int=0), total_cents=1, note=""), hooks=Failing())
    assert error.value.path == "total" and error.value.reason == "no rate"


def test_a_missing_hook_is_a_mypy_error(tmp_path: pathlib.Path) -> None:
    import subprocess
    import sys

    hooks_root = pathlib.Path(package("hooks").__file__).parents[1]
    source = tmp_path / "missing_hook.py"
    source.write_text(
        "from accord_hooks.hooks.orders import OrderHooks\n\n\n"
        "class Partial:\n"
        "    def cents_to_euros(self, total_cents: int, /) -> int:\n"
        "        return total_cents\n\n\n"
        "hooks: OrderHooks = Partial()\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", "/dev/null",
         str(source)],
        env={**__import__("os").environ, "MYPYPATH": str(hooks_root)},
        capture_output=True, text=True,
    )
    assert result.returncode == 1, result.stdout
    assert "euros_to_cents" in result.stdout and "cents_to_euros" in result.stdout


def _mypy(tmp_path: pathlib.Path, project: str, source: str) -> Any:
    import os
    import subprocess
    import sys

    root = pathlib.Path(package(project).__file__).parents[1]
    path = tmp_path / "typed_api.py"
    path.write_text(source)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental",
         "--cache-dir", "/dev/null", str(path)],
        env={**os.environ, "MYPYPATH": str(root)}, capture_output=True, text=True,
    )


def test_mypy_infers_the_version_of_a_migration(tmp_path: pathlib.Path) -> None:
    result = _mypy(tmp_path, "shop", (
        "from accord_shop import upgrade, downgrade, decode_any, decode_json\n"
        "from accord_shop.shop.orders import Order, OrderV1, OrderV3\n\n\n"
        "def f(v1: OrderV1, v3: OrderV3, data: bytes) -> None:\n"
        "    reveal_type(upgrade(v1))\n"
        "    reveal_type(upgrade(v1, to_version=2))\n"
        "    reveal_type(downgrade(v3, 1))\n"
        "    reveal_type(decode_any(data, of=Order))\n"
        "    reveal_type(decode_any(data, 2, of=Order))\n"
        "    reveal_type(decode_any(data))\n"
        "    reveal_type(decode_json('{}', 1, 3, of=Order))\n"
    ))
    revealed = [line.split("Revealed type is ")[1] for line in result.stdout.splitlines() if "Revealed" in line]
    # mypy 2 writes unions as `A | B`, mypy 1 as `Union[A, B]`.
    revealed = [re.sub(r"Union\[(.*)\]", lambda m: m[1].replace(", ", " | "), r) for r in revealed]
    assert revealed == [
        '"accord_shop.shop.orders.OrderV3"',
        '"accord_shop.shop.orders.OrderV2"',
        '"accord_shop.shop.orders.OrderV1"',
        '"accord_shop.shop.orders.OrderV1 | accord_shop.shop.orders.OrderV2 | accord_shop.shop.orders.OrderV3"',
        '"accord_shop.shop.orders.OrderV2"',
        '"Any"',
        '"accord_shop.shop.orders.OrderV3"',
    ], result.stdout


def test_mypy_refuses_impossible_migrations(tmp_path: pathlib.Path) -> None:
    result = _mypy(tmp_path, "shop", (
        "from accord_shop import upgrade, downgrade\n"
        "from accord_shop.shop.orders import OrderV1, OrderV3\n"
        "from accord_shop.shop.catalog import Category\n\n\n"
        "def f(v1: OrderV1, v3: OrderV3, c: Category) -> None:\n"
        "    upgrade(v3, to_version=1)\n"
        "    downgrade(v1, 3)\n"
        "    upgrade(c)\n"
    ))
    errors = [line for line in result.stdout.splitlines() if "No overload variant" in line]
    assert len(errors) == 3, result.stdout


def test_decode_any_of_another_type_raises() -> None:
    shop = package("shop")
    from accord_shop.shop.common import CurrencyV1  # type: ignore[import-not-found]
    from accord_shop.shop.orders import Order  # type: ignore[import-not-found]

    with pytest.raises(shop.ContractError, match="not a shop.orders.Order"):
        shop.decode_any(CurrencyV1.USD.to_avro(), of=Order)
    assert shop.decode_any(CurrencyV1.USD.to_avro(), 3, of=CurrencyV1).VERSION == 3


def test_a_pair_without_a_migration_raises() -> None:
    shop = package("shop")
    from accord_shop.shop.customers import CustomerV3  # type: ignore[import-not-found]

    vector = next(v for v in VECTORS if v.project == "shop" and v.type == "shop.customers.Customer" and v.version == 3)
    value = shop.decode_any(vector.avro)
    assert isinstance(value, CustomerV3)
    with pytest.raises(shop.ContractError, match="no migration of shop.customers.Customer from version 3 to 1"):
        shop.downgrade(value, 1)
