"""Invalid inputs raise the one documented error, ContractError, naming the path and the
reason; construction validates; deprecations warn; names are escaped but keep wire names."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
import uuid
import warnings
from typing import Any

import pytest

ORDER = {
    "id": "123e4567-e89b-12d3-a456-426614174000",
    "customer_id": "c-42",
    "total_cents": 3750,
    "currency": "EUR",
    "placed_at": "2024-01-01T00:00:00.123Z",
    "lines": [
        {"sku": "SKU-1", "quantity": 3, "unit_price": "12.50", "discount": "0.00"},
        {"sku": "SKU-2", "quantity": 1, "unit_price": "1.00", "discount": "0.00"},
    ],
    "note": None,
    "status": "PAID",
    "shipping_address": None,
    "tags": {"gift": "yes"},
    "channel": {"shop.orders.WebChannel": {"session_id": "s-1", "user_agent": None}},
    "receipt_digest": None,
}


def _order(**changes: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(ORDER))
    data.update(changes)
    return data


@pytest.fixture(autouse=True)
def _quiet_deprecations() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def test_the_document_example_is_canonical(shop: Any) -> None:
    order = shop.shop.orders.OrderV3.from_dict(ORDER)
    assert order.to_json() == json.dumps(ORDER, separators=(",", ":"), ensure_ascii=False)
    assert order.lines[0].unit_price == decimal.Decimal("12.50")
    assert order.placed_at == dt.datetime(2024, 1, 1, 0, 0, 0, 123000, tzinfo=dt.timezone.utc)
    assert shop.shop.orders.Order is shop.shop.orders.OrderV3


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        ({"lines": [ORDER["lines"][0], {"sku": "S", "quantity": "3", "unit_price": "1.00"}]}, "lines[1].quantity", "expected an int, found str"),
        ({"lines": [{"sku": "S", "unit_price": "1.00"}]}, "lines[0].quantity", "required field is missing"),
        ({"lines": [{"sku": "S", "quantity": 2**31, "unit_price": "1.00"}]}, "lines[0].quantity", "outside the range of int"),
        ({"lines": [{"sku": "S", "quantity": 1, "unit_price": "1.005"}]}, "lines[0].unit_price", "more than 2 fraction digits"),
        ({"lines": [{"sku": "S", "quantity": 1, "unit_price": "12345678901.00"}]}, "lines[0].unit_price", "more than 12 digits"),
        ({"tags": {"gift": 1}}, 'tags["gift"]', "expected a str, found int"),
        ({"channel": {"shop.orders.Phone": {}}}, "channel", "unknown union branch"),
        ({"channel": {"session_id": "s"}}, "channel", "unknown union branch"),
        ({"id": "not-a-uuid"}, "id", "is not a uuid"),
        ({"placed_at": "2024-01-01T00:00:00Z"}, "placed_at", "expected a timestamp"),
        ({"placed_at": "2023-02-29T00:00:00.000Z"}, "placed_at", "invalid timestamp"),
        ({"receipt_digest": "AAAA"}, "receipt_digest", "expected exactly 32 bytes, found 3"),
        ({"receipt_digest": "***"}, "receipt_digest", "invalid base64"),
        ({"status": 1}, "status", "expected a symbol"),
        ({"total_cents": None}, "total_cents", "expected a long, found None"),
        ({"shipping_address": {"line1": "x"}}, "shipping_address.city", "required field is missing"),
    ],
)
def test_invalid_json_names_path_and_reason(shop: Any, change: dict[str, Any], path: str, reason: str) -> None:
    with pytest.raises(shop.ContractError) as caught:
        shop.shop.orders.OrderV3.from_dict(_order(**change))
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"at `{path}`: ")


def test_contract_error_is_a_value_error(shop: Any) -> None:
    assert issubclass(shop.ContractError, ValueError)
    with pytest.raises(shop.ContractError, match="invalid JSON"):
        shop.shop.orders.OrderV3.from_json("{")
    with pytest.raises(shop.ContractError, match="NaN is not JSON"):
        shop.shop.shipments.TrackingEvent.from_json('{"temperature_c": NaN}')
    with pytest.raises(shop.ContractError, match="expected a JSON object"):
        shop.shop.orders.OrderV3.from_dict([])  # type: ignore[arg-type]


def test_unknown_symbols_read_as_the_enum_default(shop: Any) -> None:
    order = shop.shop.orders.OrderV3.from_dict(_order(currency="JPY"))
    assert order.currency is shop.shop.common.CurrencyV3.EUR


def test_unknown_properties_are_ignored(shop: Any) -> None:
    order = shop.shop.orders.OrderV3.from_dict(_order(later_field=1))
    assert "later_field" not in order.to_dict()


def test_missing_fields_with_defaults_take_them(shop: Any) -> None:
    data = _order()
    for name in ("currency", "note", "status", "tags", "channel", "lines"):
        del data[name]
    order = shop.shop.orders.OrderV3.from_dict(data)
    assert order.lines == [] and order.tags == {} and order.channel is None
    assert order.status is shop.shop.orders.OrderStatusV2.PLACED


def test_construction_validates(shop: Any) -> None:
    line = shop.shop.orders.OrderLineV2
    with pytest.raises(shop.ContractError) as caught:
        line(sku="S", quantity=2**40, unit_price=decimal.Decimal("1"))
    assert caught.value.path == "quantity"
    with pytest.raises(shop.ContractError, match="more than 2 fraction digits"):
        line(sku="S", quantity=1, unit_price=decimal.Decimal("1.001"))
    ok = line(sku="S", quantity=1, unit_price=decimal.Decimal("1.5"))
    assert str(ok.unit_price) == "1.50"
    customer = shop.shop.customers.CustomerV1
    with pytest.raises(shop.ContractError, match="timezone-aware"):
        customer(id_="c", email="e", name="n", created_at=dt.datetime(2024, 1, 1))
    with pytest.raises(shop.ContractError, match="whole milliseconds"):
        customer(id_="c", email="e", name="n", created_at=dt.datetime(2024, 1, 1, 0, 0, 0, 1, tzinfo=dt.timezone.utc))
    paris = dt.timezone(dt.timedelta(hours=1))
    c = customer(id_="c", email="e", name="n", created_at=dt.datetime(2024, 1, 1, 1, tzinfo=paris))
    assert c.created_at == dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    assert c.created_at.tzinfo is dt.timezone.utc


def test_mutable_defaults_are_not_shared(shop: Any) -> None:
    order = shop.shop.orders.OrderV3
    a = order.from_dict({k: v for k, v in ORDER.items() if k != "lines"})
    b = order.from_dict({k: v for k, v in ORDER.items() if k != "lines"})
    assert a.lines == [] and a.lines is not b.lines


def test_records_are_frozen(shop: Any) -> None:
    order = shop.shop.orders.OrderV3.from_dict(ORDER)
    with pytest.raises(AttributeError):
        order.note = "x"


def test_avro_errors(shop: Any) -> None:
    order = shop.shop.orders.OrderV3.from_dict(ORDER)
    data = order.to_avro()
    with pytest.raises(shop.ContractError, match="schema fingerprint"):
        shop.shop.orders.OrderV2.from_avro(data)
    with pytest.raises(shop.ContractError, match="C3 01"):
        shop.shop.orders.OrderV3.from_avro(data[10:])
    with pytest.raises(shop.ContractError, match="truncated"):
        shop.shop.orders.OrderV3.from_avro(data[:-3])
    with pytest.raises(shop.ContractError, match="trailing bytes"):
        shop.shop.orders.OrderV3.from_avro(data + b"\x00")
    assert shop.shop.orders.OrderV3.from_avro(data) == order


def test_deprecated_fields_warn_when_set(hostile: Any) -> None:
    t = hostile.hostile.type_
    base = dict(class__="c", type___=1, type__=2, id_=uuid.UUID(int=0))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        t(**base)
    with pytest.warns(DeprecationWarning, match="hostile.type.old is deprecated"):
        t(**base, old="x")


def test_escaped_names_keep_wire_names(hostile: Any) -> None:
    t = hostile.hostile.type_(class__="c", type___=1, type__=2, id_=uuid.UUID(int=0))
    data = t.to_dict()
    assert list(data)[:5] == ["class", "type", "type_", "id", "list"]
    assert data["from"] == "value" and data["_rt"] == "\"\"\""
    assert data["field"] == "AP8i" and data["match"] == "-1.50"
    assert hostile.hostile.type_.from_dict(data) == t
    assert hostile.hostile.None_.True_.value == "True"
    assert hostile.hostile.None_.x_private.value == "_private"
    assert "\\" in (hostile.hostile.type_.__doc__ or "")


def test_colliding_union_branches_are_wrapped(hostile: Any) -> None:
    h = hostile.hostile
    order = h.OrderV2(a=1, b=h.LongValue_(7), d=h.DigestValue(b"abcd"))
    data = order.to_dict()
    assert data["b"] == {"long": 7}
    assert data["d"] == {"hostile.class.Digest": "YWJjZA=="}
    assert h.OrderV2.from_dict(data) == order
    assert h.OrderV2.from_avro(order.to_avro()) == order
    assert h.OrderV2(a=1, d=h.BytesValue(b"")).b == h.IntValue_(7)
    with pytest.raises(hostile.ContractError) as caught:
        h.OrderV2(a=1, b=7, d=h.BytesValue(b""))
    assert caught.value.path == "b"
    with pytest.raises(hostile.ContractError, match="exactly 4 bytes"):
        h.OrderV2(a=1, d=h.DigestValue(b"abc"))
    assert h.OrderV1 is not h.OrderV1_ and h.Order is h.OrderV2


def test_float_fields_hold_32_bit_values(shop: Any) -> None:
    payment = shop.shop.payments.PaymentV2.from_dict(
        {
            "id": "123e4567-e89b-12d3-a456-426614174000",
            "order_id": "123e4567-e89b-12d3-a456-426614174000",
            "amount": "1.0000",
            "method": {"shop.payments.BankTransfer": {"iban": "x", "reference": "y"}},
            "authorized_at": "2024-01-01T00:00:00.000000Z",
            "risk_score": 0.1,
        }
    )
    assert payment.risk_score == 0.10000000149011612
    assert '"risk_score":0.1' in payment.to_json()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (100.0, "100.0"), (0.00001, "0.00001"), (1e-7, "1e-7"), (1e16, "1e+16"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (5e-324, "5e-324"),
        (-0.0, "-0.0"), (1e15, "1000000000000000.0"), (123.456, "123.456"),
    ],
)
def test_canonical_double_form(shop: Any, value: float, text: str) -> None:
    assert shop._runtime.format_double(value) == text


def test_fastavro_schema_needs_fastavro_only_when_called(shop: Any, monkeypatch: Any) -> None:
    # `None` in sys.modules: importing fastavro raises ImportError, as without it.
    monkeypatch.setitem(sys.modules, "fastavro", None)
    with pytest.raises(ImportError, match="pip install fastavro"):
        shop._runtime.fastavro_schema(shop.shop.orders.OrderV3)
