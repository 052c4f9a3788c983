"""The bottom of the runtime: the one error type, the Avro binary primitives (a hardened reader,
varints), JSON parsing and the canonical JSON of docs/json-encoding.md."""

from __future__ import annotations

import json
import math
import struct
import decimal as _decimal
from typing import Any, Callable, Sequence, cast


class ContractError(ValueError):
    """A value does not satisfy its contract: raised by every decoder, encoder and constructor.

    ``path`` is where in the value (``lines[3].quantity``, ``tags["gift"]``; empty at the root)
    and ``reason`` what is wrong.
    """

    def __init__(self, reason: str, path: str = "") -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"at `{path}`: {reason}" if path else reason)


def join_path(path: str, segment: str) -> str:
    if not path:
        return segment
    return path + segment if segment.startswith("[") else f"{path}.{segment}"


def json_object(data: Any) -> dict[str, Any] | None:
    """``data`` when it is a JSON object (a ``dict``), else ``None``."""
    return cast("dict[str, Any]", data) if isinstance(data, dict) else None


def kind_of(value: object) -> str:
    return "None" if value is None else type(value).__name__


def type_error(expected: str, value: object, path: str) -> ContractError:
    return ContractError(f"expected {expected}, found {kind_of(value)}", path)


MAX_DEPTH = 128
"""How deeply records may nest in one Avro datum: deeper data is a :class:`ContractError`."""

ZERO_WIDTH_ITEMS = 1 << 16
"""How many array items and map entries in all a datum may hold beyond one per byte (an item takes
a byte of its own unless it is written in zero bytes, such as a record without fields)."""


class Reader:
    """A cursor over Avro binary data. Hostile input raises :class:`ContractError` before anything
    it claims is allocated or looped over: lengths and block counts are checked against the bytes
    left, varints are at most 10 bytes and 64 bits, records nest at most ``MAX_DEPTH`` deep."""

    __slots__ = ("data", "pos", "depth", "items")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.depth = 0
        self.items = len(data) + ZERO_WIDTH_ITEMS

    def take(self, n: int) -> bytes:
        end = self.pos + n
        if n < 0 or end > len(self.data):
            raise ContractError(f"truncated Avro data at byte {self.pos}")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def long(self) -> int:
        shift = 0
        result = 0
        data = self.data
        while True:
            if self.pos >= len(data):
                raise ContractError(f"truncated Avro data at byte {self.pos}")
            byte = data[self.pos]
            self.pos += 1
            if shift == 63 and byte > 1:
                raise ContractError("malformed Avro varint (past 64 bits or longer than 10 bytes)")
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
            if shift > 63:
                raise ContractError("malformed Avro varint (longer than 10 bytes)")
        return (result >> 1) ^ -(result & 1)

    def bytes_(self) -> bytes:
        return self.take(self.long())

    def blocks(self) -> Any:
        """Yields once per item of an array or map (blocks with byte sizes are accepted)."""
        while True:
            count = self.long()
            if count == 0:
                return
            if count < 0:
                count = -count
                size = self.long()
                if not 0 <= size <= len(self.data) - self.pos:
                    raise ContractError(f"Avro block size {size} does not fit the {len(self.data) - self.pos} bytes left")
            if count > self.items:
                raise ContractError(f"Avro block count {count} is more than the {len(self.data) - self.pos} bytes left can hold")
            self.items -= count
            for _ in range(count):
                yield None


def write_long(value: int, out: bytearray) -> None:
    n = (value << 1) ^ (value >> 63)
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def write_bytes(data: bytes, out: bytearray) -> None:
    write_long(len(data), out)
    out += data


def parse_json(text: str | bytes) -> Any:
    def constant(name: str) -> Any:
        raise ContractError(f"{name} is not JSON (write it as the string \"{name}\")")

    try:
        return json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise ContractError(f"invalid JSON: {error}") from None
    except RecursionError:
        raise ContractError("invalid JSON: nested too deeply") from None
    except UnicodeDecodeError as error:
        raise ContractError(f"invalid UTF-8: {error}") from None


# --- canonical JSON ------------------------------------------------------------------------------


def shortest_float32(value: float) -> float:
    """The double whose shortest form is the shortest form of ``value`` as a 32-bit float
    (``0.1`` for the float nearest 0.1, not ``0.10000000149011612``)."""
    if value == 0 or not math.isfinite(value):
        return value
    pack = struct.Struct("<f")
    exact = _decimal.Decimal(value)
    for digits in range(1, 10):
        mantissa, exponent = f"{abs(value):.{digits - 1}e}".split("e")
        m = int(mantissa.replace(".", ""))
        e = int(exponent) - (digits - 1)
        found: list[tuple[_decimal.Decimal, str]] = []
        for candidate in (m - 1, m, m + 1):
            if candidate <= 0:
                continue
            text = f"{'-' if value < 0 else ''}{candidate}e{e}"
            number = float(text)
            try:
                if pack.unpack(pack.pack(number))[0] != value:
                    continue
            except OverflowError:
                continue
            found.append((abs(_decimal.Decimal(text) - exact), text))
        if found:
            # The nearest; `min` keeps the first of equal distances.
            return float(min(found, key=lambda f: f[0])[1])
    return value


def format_double(value: float) -> str:
    """A finite float in the canonical form of docs/json-encoding.md: shortest round-trip
    digits, positional for decimal exponents -5..15 (always with a fraction), otherwise
    ``d[.ddd]e±X``."""
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    text = repr(abs(value))
    mantissa, _, exp = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    all_digits = whole + fraction
    significant = all_digits.lstrip("0")
    leading = len(all_digits) - len(significant)
    e10 = len(whole) + (int(exp) if exp else 0) - leading - 1
    digits = significant.rstrip("0") or "0"
    sign = "-" if value < 0 else ""
    if -5 <= e10 <= 15:
        if e10 >= 0:
            head = digits[: e10 + 1].ljust(e10 + 1, "0")
            tail = digits[e10 + 1 :] or "0"
        else:
            head, tail = "0", "0" * (-e10 - 1) + digits
        return f"{sign}{head}.{tail}"
    rest = f".{digits[1:]}" if len(digits) > 1 else ""
    return f"{sign}{digits[0]}{rest}e{'+' if e10 >= 0 else '-'}{abs(e10)}"


def canonical_json(data: Any) -> str:
    """JSON data in the canonical form of docs/json-encoding.md (keys in the order held)."""
    parts: list[str] = []
    _dump(data, parts.append)
    return "".join(parts)


def _dump(data: Any, emit: Callable[[str], Any]) -> None:
    if data is None:
        emit("null")
    elif data is True:
        emit("true")
    elif data is False:
        emit("false")
    elif isinstance(data, str):
        emit(json.dumps(data, ensure_ascii=False))
    elif isinstance(data, int):
        emit(str(int(data)))
    elif isinstance(data, float):
        if not math.isfinite(data):
            raise ContractError(f"{data} is not a JSON number")
        emit(format_double(data))
    elif isinstance(data, dict):
        emit("{")
        first = True
        for key, value in cast("dict[str, Any]", data).items():
            if not first:
                emit(",")
            first = False
            emit(json.dumps(key, ensure_ascii=False))
            emit(":")
            _dump(value, emit)
        emit("}")
    elif isinstance(data, (list, tuple)):
        emit("[")
        for i, value in enumerate(cast("Sequence[Any]", data)):
            if i:
                emit(",")
            _dump(value, emit)
        emit("]")
    else:
        raise ContractError(f"{kind_of(data)} is not JSON data")
