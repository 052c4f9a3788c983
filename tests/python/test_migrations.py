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
