"""Runtime support of the generated package: the one error type, the JSON encoding of
docs/json-encoding.md (canonical form included), and the Avro binary and single-object encodings.

Generated classes describe their fields with the type descriptors of this module; every encoder
and decoder is written once, here. Only the standard library is used (fastavro is optional: see
:func:`fastavro_schema`).
"""

# The modules of the package share its private names (this module, `_FIELDS`, ...), which
# pyright's strict mode would report where a source tree holds the package (docs/python.md).
# pyright: reportPrivateUsage=false

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as _dt
import decimal as _decimal
import enum as _enum
import importlib as _importlib
import json
import math
import re
import struct
import sys
import uuid as _uuid
import warnings
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    ClassVar,
    Iterator,
    Mapping,
    NoReturn,
    Optional,
    Sequence,
    TypeVar,
    cast,
)

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        """Type checkers only (PEP 681): at run time the decorated class is unchanged."""
        return lambda cls: cls

__all__ = [
    "ContractError",
    "Record",
    "AccordEnum",
    "Codec",
    "Wrapper",
    "canonical_json",
    "format_double",
    "fastavro_schema",
]


class ContractError(ValueError):
    """A value does not satisfy its contract: raised by every decoder, encoder and constructor.

    ``path`` is where in the value (``lines[3].quantity``, ``tags["gift"]``; empty at the root)
    and ``reason`` what is wrong.
    """

    def __init__(self, reason: str, path: str = "") -> None:
        self.reason = reason
        self.path = path
        super().__init__(f"at `{path}`: {reason}" if path else reason)


def _join(path: str, segment: str) -> str:
    if not path:
        return segment
    return path + segment if segment.startswith("[") else f"{path}.{segment}"


def _json_object(data: Any) -> dict[str, Any] | None:
    """``data`` when it is a JSON object (a ``dict``), else ``None``."""
    return cast("dict[str, Any]", data) if isinstance(data, dict) else None


def _kind(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _fail(expected: str, value: object, path: str) -> ContractError:
    return ContractError(f"expected {expected}, found {_kind(value)}", path)


UNIX_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_EPOCH_UTC = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_EPOCH_LOCAL = _dt.datetime(1970, 1, 1)
_MICROSECOND = _dt.timedelta(microseconds=1)


MAX_DEPTH = 128
"""How deeply records may nest in one Avro datum: deeper data is a :class:`ContractError`."""

ZERO_WIDTH_ITEMS = 1 << 16
"""How many array items and map entries in all a datum may hold beyond one per byte (an item takes
a byte of its own unless it is written in zero bytes, such as a record without fields)."""


class _Reader:
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


def _write_long(value: int, out: bytearray) -> None:
    n = (value << 1) ^ (value >> 63)
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _write_bytes(data: bytes, out: bytearray) -> None:
    _write_long(len(data), out)
    out += data


# --- type descriptors --------------------------------------------------------------------------


class Type:
    """How values of one accord type are checked, written and read (JSON and Avro)."""

    #: Python classes a union branch of this type is chosen for, exactly (no subclass).
    exact: tuple[type, ...] = ()

    def check(self, value: Any, path: str) -> Any:
        """The value, validated and normalized, or :class:`ContractError`."""
        raise NotImplementedError

    def matches(self, value: Any) -> bool:
        """Whether a union branch of this type takes ``value``."""
        return isinstance(value, self.exact)

    def to_json(self, value: Any, path: str) -> Any:
        raise NotImplementedError

    def from_json(self, data: Any, path: str) -> Any:
        raise NotImplementedError

    def write(self, value: Any, out: bytearray, path: str) -> None:
        raise NotImplementedError

    def read(self, reader: _Reader) -> Any:
        raise NotImplementedError


class _Null(Type):
    """The Avro `null` type: ``None`` in Python, ``null`` in JSON, no bytes in Avro."""

    exact = (type(None),)

    def check(self, value: Any, path: str) -> Any:
        if value is not None:
            raise _fail("None", value, path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        return self.check(value, path)

    def from_json(self, data: Any, path: str) -> Any:
        return self.check(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        self.check(value, path)

    def read(self, reader: _Reader) -> Any:
        return None


class _Bool(Type):
    exact = (bool,)

    def check(self, value: Any, path: str) -> Any:
        if type(value) is not bool:
            raise _fail("a bool", value, path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        return self.check(value, path)

    def from_json(self, data: Any, path: str) -> Any:
        return self.check(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        out.append(1 if self.check(value, path) else 0)

    def read(self, reader: _Reader) -> Any:
        byte = reader.take(1)[0]
        if byte > 1:
            raise ContractError(f"invalid Avro boolean byte {byte}")
        return byte == 1


class _Int(Type):
    exact = (int,)

    def __init__(self, bits: int) -> None:
        self.name = "an int" if bits == 32 else "a long"
        self.kind = "int" if bits == 32 else "long"
        self.low = -(1 << (bits - 1))
        self.high = (1 << (bits - 1)) - 1

    def matches(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _fail(self.name, value, path)
        if not self.low <= value <= self.high:
            raise ContractError(f"{value} is outside the range of {self.kind}", path)
        return int(value)

    def to_json(self, value: Any, path: str) -> Any:
        return self.check(value, path)

    def from_json(self, data: Any, path: str) -> Any:
        if isinstance(data, float) and data.is_integer():
            data = int(data)
        return self.check(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        _write_long(self.check(value, path), out)

    def read(self, reader: _Reader) -> Any:
        value = reader.long()
        if not self.low <= value <= self.high:
            raise ContractError(f"{value} is outside the range of {self.kind}")
        return value


_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


class _Float(Type):
    exact = (float,)

    def __init__(self, single: bool) -> None:
        self.single = single
        self.name = "a float" if single else "a double"

    def matches(self, value: Any) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool)

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise _fail(self.name, value, path)
        try:
            value = float(value)
            if self.single:
                value = struct.unpack("<f", struct.pack("<f", value))[0]
        except (OverflowError, struct.error):
            raise ContractError(f"{value} is outside the range of float", path) from None
        return value

    def to_json(self, value: Any, path: str) -> Any:
        value = self.check(value, path)
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return shortest_float32(value) if self.single else value

    def from_json(self, data: Any, path: str) -> Any:
        if isinstance(data, str):
            if data not in _SPECIAL_FLOATS:
                raise ContractError(f"expected a number, NaN, Infinity or -Infinity, found {data!r}", path)
            return _SPECIAL_FLOATS[data]
        return self.check(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        out += struct.pack("<f" if self.single else "<d", self.check(value, path))

    def read(self, reader: _Reader) -> Any:
        if self.single:
            return struct.unpack("<f", reader.take(4))[0]
        return struct.unpack("<d", reader.take(8))[0]


def _utf8(value: str, path: str) -> bytes:
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise ContractError("the string is not valid Unicode (lone surrogate)", path) from None


class _String(Type):
    exact = (str,)

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            raise _fail("a str", value, path)
        if not value.isascii():
            _utf8(value, path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        return self.check(value, path)

    def from_json(self, data: Any, path: str) -> Any:
        return self.check(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        if not isinstance(value, str):
            raise _fail("a str", value, path)
        _write_bytes(_utf8(value, path), out)

    def read(self, reader: _Reader) -> Any:
        try:
            return reader.bytes_().decode("utf-8")
        except UnicodeDecodeError:
            raise ContractError("invalid UTF-8 in an Avro string") from None


def _b64decode(data: Any, path: str) -> bytes:
    if not isinstance(data, str):
        raise _fail("a base64 string", data, path)
    try:
        return base64.b64decode(data.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ContractError("invalid base64", path) from None


class _Bytes(Type):
    exact = (bytes,)

    def matches(self, value: Any) -> bool:
        return isinstance(value, (bytes, bytearray, memoryview))

    def check(self, value: Any, path: str) -> Any:
        if not self.matches(value):
            raise _fail("bytes", value, path)
        return bytes(value)

    def to_json(self, value: Any, path: str) -> Any:
        return base64.b64encode(self.check(value, path)).decode("ascii")

    def from_json(self, data: Any, path: str) -> Any:
        return _b64decode(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        _write_bytes(self.check(value, path), out)

    def read(self, reader: _Reader) -> Any:
        return reader.bytes_()


class Fixed(_Bytes):
    """``fixed(n)``: exactly ``size`` bytes."""

    def __init__(self, size: int) -> None:
        self.size = size

    def check(self, value: Any, path: str) -> Any:
        value = super().check(value, path)
        if len(value) != self.size:
            raise ContractError(f"expected exactly {self.size} bytes, found {len(value)}", path)
        return value

    def from_json(self, data: Any, path: str) -> Any:
        return self.check(_b64decode(data, path), path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        out += self.check(value, path)

    def read(self, reader: _Reader) -> Any:
        return reader.take(self.size)


_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


def _parse_uuid(text: Any, path: str) -> _uuid.UUID:
    if not isinstance(text, str):
        raise _fail("a uuid string", text, path)
    if not _UUID_RE.match(text):
        raise ContractError(f"{text!r} is not a uuid (8-4-4-4-12 hex digits)", path)
    return _uuid.UUID(text)


class _Uuid(Type):
    exact = (_uuid.UUID,)

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, _uuid.UUID):
            raise _fail("a uuid.UUID", value, path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        return str(self.check(value, path))

    def from_json(self, data: Any, path: str) -> Any:
        return _parse_uuid(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        _write_bytes(str(self.check(value, path)).encode("ascii"), out)

    def read(self, reader: _Reader) -> Any:
        return _parse_uuid(reader.bytes_().decode("utf-8", "replace"), "")


_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


class _Date(Type):
    exact = (_dt.date,)

    def matches(self, value: Any) -> bool:
        return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)

    def check(self, value: Any, path: str) -> Any:
        if not self.matches(value):
            raise _fail("a datetime.date", value, path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        return self.check(value, path).isoformat()

    def from_json(self, data: Any, path: str) -> Any:
        match = _DATE_RE.match(data) if isinstance(data, str) else None
        if match is None:
            raise _fail("a date YYYY-MM-DD", data, path)
        try:
            return _dt.date(*map(int, match.groups()))
        except ValueError as error:
            raise ContractError(f"invalid date {data!r}: {error}", path) from None

    def write(self, value: Any, out: bytearray, path: str) -> None:
        _write_long(self.check(value, path).toordinal() - UNIX_EPOCH_ORDINAL, out)

    def read(self, reader: _Reader) -> Any:
        days = reader.long()
        try:
            return _dt.date.fromordinal(days + UNIX_EPOCH_ORDINAL)
        except (ValueError, OverflowError):
            raise ContractError(f"date {days} (days since 1970-01-01) is outside years 0001..9999") from None


class _Time(Type):
    exact = (_dt.time,)

    def __init__(self, millis: bool) -> None:
        self.millis = millis
        digits = 3 if millis else 6
        self.pattern = re.compile(r"(\d{2}):(\d{2}):(\d{2})\.(\d{%d})\Z" % digits)

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, _dt.time):
            raise _fail("a datetime.time", value, path)
        if value.tzinfo is not None:
            raise ContractError("a time of day has no timezone: expected a naive datetime.time", path)
        if self.millis and value.microsecond % 1000:
            raise ContractError(f"time_ms holds whole milliseconds, found {value.isoformat()}", path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        value = self.check(value, path)
        return value.isoformat(timespec="milliseconds" if self.millis else "microseconds")

    def from_json(self, data: Any, path: str) -> Any:
        match = self.pattern.match(data) if isinstance(data, str) else None
        if match is None:
            form = "HH:MM:SS.mmm" if self.millis else "HH:MM:SS.uuuuuu"
            raise _fail(f"a time {form}", data, path)
        hours, minutes, seconds, fraction = match.groups()
        try:
            micros = int(fraction) * (1000 if self.millis else 1)
            return _dt.time(int(hours), int(minutes), int(seconds), micros)
        except ValueError as error:
            raise ContractError(f"invalid time {data!r}: {error}", path) from None

    def write(self, value: Any, out: bytearray, path: str) -> None:
        value = self.check(value, path)
        micros = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
        _write_long(micros // 1000 if self.millis else micros, out)

    def read(self, reader: _Reader) -> Any:
        value = reader.long()
        unit = 1000 if self.millis else 1
        if not 0 <= value < 86_400_000_000 // unit:
            raise ContractError(f"time {value} is outside one day")
        micros = value * unit
        seconds, micro = divmod(micros, 1_000_000)
        return _dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, micro)


class _Timestamp(Type):
    exact = (_dt.datetime,)

    def __init__(self, millis: bool, utc: bool) -> None:
        self.millis = millis
        self.utc = utc
        self.epoch = _EPOCH_UTC if utc else _EPOCH_LOCAL
        digits = 3 if millis else 6
        zone = "Z" if utc else ""
        self.pattern = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{%d})%s\Z" % (digits, zone))

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, _dt.datetime):
            raise _fail("a datetime.datetime", value, path)
        if self.utc:
            if value.tzinfo is None or value.utcoffset() is None:
                raise ContractError("expected a timezone-aware datetime (UTC), found a naive one", path)
            if value.tzinfo is not _dt.timezone.utc:
                try:
                    value = value.astimezone(_dt.timezone.utc)
                except OverflowError:
                    raise ContractError("the timestamp is outside years 0001..9999 in UTC", path) from None
        elif value.tzinfo is not None:
            raise ContractError("expected a naive datetime (local timestamp), found an aware one", path)
        if self.millis and value.microsecond % 1000:
            raise ContractError(f"a millisecond timestamp holds whole milliseconds, found {value.isoformat()}", path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        value = self.check(value, path)
        text = value.replace(tzinfo=None).isoformat(timespec="milliseconds" if self.millis else "microseconds")
        return text + "Z" if self.utc else text

    def from_json(self, data: Any, path: str) -> Any:
        match = self.pattern.match(data) if isinstance(data, str) else None
        if match is None:
            raise _fail("a timestamp in the form of docs/json-encoding.md", data, path)
        year, month, day, hour, minute, second, fraction = (int(g) for g in match.groups())
        try:
            return _dt.datetime(
                year,
                month,
                day,
                hour,
                minute,
                second,
                fraction * 1000 if self.millis else fraction,
                tzinfo=_dt.timezone.utc if self.utc else None,
            )
        except ValueError as error:
            raise ContractError(f"invalid timestamp {data!r}: {error}", path) from None

    def write(self, value: Any, out: bytearray, path: str) -> None:
        micros = (self.check(value, path) - self.epoch) // _MICROSECOND
        _write_long(micros // 1000 if self.millis else micros, out)

    def read(self, reader: _Reader) -> Any:
        value = reader.long()
        try:
            return self.epoch + _dt.timedelta(microseconds=value * 1000 if self.millis else value)
        except OverflowError:
            raise ContractError(f"timestamp {value} is outside years 0001..9999, which Python's datetime cannot represent") from None


_DECIMAL_RE = re.compile(r"-?\d+(\.\d+)?\Z")


class Decimal(Type):
    """``decimal(p, s)`` on bytes, or on ``fixed(size)`` bytes."""

    exact = (_decimal.Decimal,)

    def __init__(self, precision: int, scale: int, size: int | None = None) -> None:
        self.precision = precision
        self.scale = scale
        self.size = size

    def unscaled(self, value: Any, path: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            value = _decimal.Decimal(value)
        if not isinstance(value, _decimal.Decimal):
            raise _fail("a decimal.Decimal", value, path)
        if not value.is_finite():
            raise ContractError(f"decimal({self.precision}, {self.scale}) cannot hold {value}", path)
        sign, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        number: int = int("".join(map(str, digits)) or "0")
        shift = exponent + self.scale
        if shift >= 0:
            number *= 10**shift
        else:
            number, rest = divmod(number, 10**-shift)
            if rest:
                raise ContractError(f"{value} has more than {self.scale} fraction digits (decimal({self.precision}, {self.scale}))", path)
        if len(str(number)) > self.precision:
            raise ContractError(f"{value} has more than {self.precision} digits (decimal({self.precision}, {self.scale}))", path)
        return -number if sign else number

    def of(self, unscaled: int) -> _decimal.Decimal:
        # Exact: a Decimal built from a string is never rounded by the context.
        return _decimal.Decimal(f"{unscaled}E-{self.scale}")

    def check(self, value: Any, path: str) -> Any:
        return self.of(self.unscaled(value, path))

    def to_json(self, value: Any, path: str) -> Any:
        unscaled = self.unscaled(value, path)
        digits = str(abs(unscaled)).rjust(self.scale + 1, "0")
        sign = "-" if unscaled < 0 else ""
        if self.scale == 0:
            return sign + digits
        return f"{sign}{digits[: -self.scale]}.{digits[-self.scale :]}"

    def from_json(self, data: Any, path: str) -> Any:
        if not isinstance(data, str) or not _DECIMAL_RE.match(data):
            raise _fail(f"a decimal string with {self.scale} fraction digits", data, path)
        return self.check(_decimal.Decimal(data), path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        unscaled = self.unscaled(value, path)
        if self.size is None:
            length = ((unscaled if unscaled >= 0 else ~unscaled).bit_length() + 8) // 8
            _write_bytes(unscaled.to_bytes(length, "big", signed=True), out)
        else:
            try:
                out += unscaled.to_bytes(self.size, "big", signed=True)
            except OverflowError:
                raise ContractError(f"{value} does not fit {self.size} bytes", path) from None

    def read(self, reader: _Reader) -> Any:
        raw = reader.bytes_() if self.size is None else reader.take(self.size)
        unscaled = int.from_bytes(raw, "big", signed=True)
        if abs(unscaled) >= 10**self.precision:
            raise ContractError(f"{self.of(unscaled)} has more than {self.precision} digits (decimal({self.precision}, {self.scale}))")
        return self.of(unscaled)


class Enum(Type):
    """An enum type: ``get`` returns its :class:`AccordEnum` class."""

    def __init__(self, get: Callable[[], type[AccordEnum]]) -> None:
        self.get = get

    def matches(self, value: Any) -> bool:
        return isinstance(value, self.get())

    def check(self, value: Any, path: str) -> Any:
        cls = self.get()
        if not isinstance(value, cls):
            raise _fail(cls.__name__, value, path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        return self.check(value, path).value

    def from_json(self, data: Any, path: str) -> Any:
        cls = self.get()
        if not isinstance(data, str):
            raise _fail(f"a symbol of {cls.FULL_NAME}", data, path)
        member = cls._value2member_map_.get(data)
        if member is None:
            if cls._DEFAULT is not None:
                return cls(cls._DEFAULT)
            raise ContractError(f"{data!r} is not a symbol of {cls.FULL_NAME}", path)
        return member

    def write(self, value: Any, out: bytearray, path: str) -> None:
        _write_long(self.check(value, path)._index(), out)

    def read(self, reader: _Reader) -> Any:
        members = self.get()._members()
        index = reader.long()
        if not 0 <= index < len(members):
            raise ContractError(f"enum index {index} is out of range ({len(members)} symbols)")
        return members[index]


class List(Type):
    exact = (list,)

    def __init__(self, item: Type) -> None:
        self.item = item

    def matches(self, value: Any) -> bool:
        return isinstance(value, (list, tuple))

    def _items(self, value: Any, path: str) -> Sequence[Any]:
        if not isinstance(value, (list, tuple)):
            raise _fail("a list", value, path)
        return cast("Sequence[Any]", value)

    def check(self, value: Any, path: str) -> Any:
        item = self.item
        return [item.check(v, f"{path}[{i}]") for i, v in enumerate(self._items(value, path))]

    def to_json(self, value: Any, path: str) -> Any:
        item = self.item
        return [item.to_json(v, f"{path}[{i}]") for i, v in enumerate(self._items(value, path))]

    def from_json(self, data: Any, path: str) -> Any:
        if not isinstance(data, list):
            raise _fail("a JSON array", data, path)
        item = self.item
        return [item.from_json(v, f"{path}[{i}]") for i, v in enumerate(cast("list[object]", data))]

    def write(self, value: Any, out: bytearray, path: str) -> None:
        items = self._items(value, path)
        if items:
            _write_long(len(items), out)
            for i, v in enumerate(items):
                self.item.write(v, out, f"{path}[{i}]")
        out.append(0)

    def read(self, reader: _Reader) -> Any:
        return [self.item.read(reader) for _ in reader.blocks()]


class Map(Type):
    exact = (dict,)

    def __init__(self, value: Type) -> None:
        self.value = value

    def matches(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def _entries(self, value: Any, path: str) -> Any:
        if not isinstance(value, Mapping):
            raise _fail("a dict", value, path)
        entries = cast("Mapping[object, Any]", value)
        for key in entries:
            if not isinstance(key, str):
                raise ContractError(f"map keys are str, found {_kind(key)}", path)
        return entries.items()

    def check(self, value: Any, path: str) -> Any:
        item = self.value
        return {k: item.check(v, f"{path}[{json.dumps(k, ensure_ascii=False)}]") for k, v in self._entries(value, path)}

    def to_json(self, value: Any, path: str) -> Any:
        item = self.value
        return {k: item.to_json(v, f"{path}[{json.dumps(k, ensure_ascii=False)}]") for k, v in self._entries(value, path)}

    def from_json(self, data: Any, path: str) -> Any:
        if not isinstance(data, dict):
            raise _fail("a JSON object", data, path)
        return self.check_keys_and(cast("dict[str, Any]", data), path)

    def check_keys_and(self, data: dict[str, Any], path: str) -> Any:
        item = self.value
        return {k: item.from_json(v, f"{path}[{json.dumps(k, ensure_ascii=False)}]") for k, v in data.items()}

    def write(self, value: Any, out: bytearray, path: str) -> None:
        entries = list(self._entries(value, path))
        if entries:
            _write_long(len(entries), out)
            for k, v in entries:
                _write_bytes(_utf8(k, path), out)
                self.value.write(v, out, f"{path}[{json.dumps(k, ensure_ascii=False)}]")
        out.append(0)

    def read(self, reader: _Reader) -> Any:
        out: dict[str, Any] = {}
        string = STRING
        for _ in reader.blocks():
            key = string.read(reader)
            out[key] = self.value.read(reader)
        return out


@dataclasses.dataclass(frozen=True)
class Branch:
    """A value branch of a union: its JSON tag and type."""

    tag: str
    type: Type


class Union(Type):
    """``T?`` and ``union<...>``: ``branches`` in Avro wire order, ``None`` for null.

    ``tagged`` unions are written ``{"<tag>": value}`` in JSON; an optional of one type is not.
    """

    def __init__(self, branches: tuple[Branch | None, ...]) -> None:
        self.branches = branches
        values = [b for b in branches if b is not None]
        self.tagged = len(values) > 1 or len(values) == len(branches)
        self.by_tag = {b.tag: (i, b) for i, b in enumerate(branches) if b is not None}

    def choose(self, value: Any, path: str) -> tuple[int, Branch | None]:
        if value is None:
            for i, b in enumerate(self.branches):
                if b is None:
                    return i, None
            raise ContractError("None is not a branch of this union", path)
        for i, b in enumerate(self.branches):
            if b is not None and type(value) in b.type.exact:
                return i, b
        for i, b in enumerate(self.branches):
            if b is not None and b.type.matches(value):
                return i, b
        tags = ", ".join(b.tag for b in self.branches if b is not None)
        raise ContractError(f"{_kind(value)} is no branch of the union ({tags})", path)

    def matches(self, value: Any) -> bool:
        return False

    def check(self, value: Any, path: str) -> Any:
        _, branch = self.choose(value, path)
        return None if branch is None else branch.type.check(value, path)

    def to_json(self, value: Any, path: str) -> Any:
        _, branch = self.choose(value, path)
        if branch is None:
            return None
        data = branch.type.to_json(value, path)
        return {branch.tag: data} if self.tagged else data

    def from_json(self, data: Any, path: str) -> Any:
        if data is None:
            if any(b is None for b in self.branches):
                return None
            raise ContractError("null is not a branch of this union", path)
        if not self.tagged:
            branch = next(b for b in self.branches if b is not None)
            return branch.type.from_json(data, path)
        entries = _json_object(data)
        if entries is None or len(entries) != 1:
            tags = ", ".join(repr(t) for t in self.by_tag)
            raise _fail(f"a union object with one key of {tags}", data, path)
        ((tag, inner),) = entries.items()
        found = self.by_tag.get(tag)
        if found is None:
            raise ContractError(f"unknown union branch {tag!r}", path)
        return found[1].type.from_json(inner, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        index, branch = self.choose(value, path)
        _write_long(index, out)
        if branch is not None:
            branch.type.write(value, out, path)

    def read(self, reader: _Reader) -> Any:
        index = reader.long()
        if not 0 <= index < len(self.branches):
            raise ContractError(f"union index {index} is out of range ({len(self.branches)} branches)")
        branch = self.branches[index]
        return None if branch is None else branch.type.read(reader)


class Wrap(Type):
    """A union branch held in a :class:`Wrapper` class, because another branch of the same
    union has the same Python type (``int`` and ``long``, two ``bytes``, ...)."""

    def __init__(self, get: Callable[[], type[Wrapper]], inner: Type) -> None:
        self.get = get
        self.inner = inner

    def matches(self, value: Any) -> bool:
        return isinstance(value, self.get())

    def check(self, value: Any, path: str) -> Any:
        cls: Any = self.get()
        if not isinstance(value, cls):
            raise _fail(cls.__name__, value, path)
        inner = self.inner.check(value.value, path)
        return value if inner is value.value else cls(inner)

    def to_json(self, value: Any, path: str) -> Any:
        return self.inner.to_json(self.check(value, path).value, path)

    def from_json(self, data: Any, path: str) -> Any:
        cls: Any = self.get()
        return cls(self.inner.from_json(data, path))

    def write(self, value: Any, out: bytearray, path: str) -> None:
        self.inner.write(self.check(value, path).value, out, path)

    def read(self, reader: _Reader) -> Any:
        cls: Any = self.get()
        return cls(self.inner.read(reader))


class Rec(Type):
    """A record type: ``get`` returns its :class:`Record` class."""

    def __init__(self, get: Callable[[], type[Record]]) -> None:
        self.get = get

    def matches(self, value: Any) -> bool:
        return isinstance(value, self.get())

    def check(self, value: Any, path: str) -> Any:
        cls = self.get()
        if not isinstance(value, cls):
            raise _fail(cls.__name__, value, path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        self.check(value, path)
        return {f.wire: f.type.to_json(getattr(value, f.attr), _join(path, f.wire)) for f in value._FIELDS}

    def from_json(self, data: Any, path: str) -> Any:
        cls = self.get()
        if not isinstance(data, Mapping):
            raise _fail(f"a JSON object ({cls.FULL_NAME})", data, path)
        kwargs: dict[str, Any] = {}
        for f in cls._FIELDS:
            if f.wire in data:
                kwargs[f.attr] = f.type.from_json(data[f.wire], _join(path, f.wire))
            elif not f.optional:
                raise ContractError("required field is missing", _join(path, f.wire))
        return _construct(cls, kwargs, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        self.check(value, path)
        for f in value._FIELDS:
            f.type.write(getattr(value, f.attr), out, _join(path, f.wire))

    def read(self, reader: _Reader) -> Any:
        cls = self.get()
        if reader.depth >= MAX_DEPTH:
            raise ContractError(f"records nested more than {MAX_DEPTH} deep")
        reader.depth += 1
        value = _from_reader(cls, {f.attr: f.type.read(reader) for f in cls._FIELDS})
        reader.depth -= 1
        return value


NULL: Type = _Null()
BOOL: Type = _Bool()
INT: Type = _Int(32)
LONG: Type = _Int(64)
FLOAT: Type = _Float(True)
DOUBLE: Type = _Float(False)
STRING: Type = _String()
BYTES: Type = _Bytes()
UUID: Type = _Uuid()
DATE: Type = _Date()
TIME_MS: Type = _Time(True)
TIME_US: Type = _Time(False)
TIMESTAMP_MS: Type = _Timestamp(True, True)
TIMESTAMP_US: Type = _Timestamp(False, True)
LOCAL_TIMESTAMP_MS: Type = _Timestamp(True, False)
LOCAL_TIMESTAMP_US: Type = _Timestamp(False, False)


@dataclasses.dataclass(frozen=True)
class Field:
    """A record field: Python attribute, wire name, type; ``optional`` when it has a default;
    ``deprecated`` holds the reason (possibly empty) of a deprecated field."""

    attr: str
    wire: str
    type: Type
    optional: bool = False
    deprecated: str | None = None


# --- generated classes --------------------------------------------------------------------------

R = TypeVar("R", bound="Record")
E = TypeVar("E", bound="AccordEnum")


def _construct(cls: type[R], kwargs: dict[str, Any], path: str) -> R:
    try:
        return cls(**kwargs)
    except ContractError as error:
        raise ContractError(error.reason, _join(path, error.path) if error.path else path) from None


def _from_reader(cls: type[R], values: dict[str, Any]) -> R:
    """A record of field values the Avro reader produced: each type's ``read`` validates and
    normalizes as ``check`` does, so they are not checked a second time; deprecated fields warn
    as in the constructor."""
    record: Any = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(record, name, value)
    record._warn_deprecated()
    result: R = record
    return result


def empty_list() -> list[Any]:
    """The default factory of a list field whose default is ``[]`` (typed, unlike ``list``)."""
    return []


def empty_dict() -> dict[str, Any]:
    """The default factory of a map field whose default is ``{}`` (typed, unlike ``dict``)."""
    return {}


def _defaults(cls: type[Record]) -> dict[str, Any]:
    cached: dict[str, Any] | None = cls.__dict__.get("_accord_defaults")
    if cached is None:
        cached = {}
        for name, (value, factory) in cls._accord_fields.items():
            if factory is not None:
                cached[name] = factory()
            elif value is not dataclasses.MISSING:
                cached[name] = value
        type.__setattr__(cls, "_accord_defaults", cached)
    return cached


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field,))
class _RecordType(type):
    """The metaclass of :class:`Record`: makes each generated class a frozen, slotted,
    keyword-only class with the semantics of ``@dataclass(frozen=True, slots=True,
    kw_only=True)`` (``__init__``, ``__eq__``, ``__hash__``, ``__repr__`` and pickling are the
    generic methods of ``Record``) for a fraction of the cost of creating a dataclass
    (docs/python.md, "Import cost"). The fields are the annotated names of the class body (a
    generated class annotates nothing else); it takes their defaults out of the body (a slot and
    a class attribute cannot share a name) into ``_accord_fields``: attribute name to
    ``(default, default_factory)``, ``dataclasses.MISSING`` and ``None`` when absent."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _RecordType:
        if "_FIELD_TABLE" in namespace:
            fields: dict[str, tuple[Any, Callable[[], Any] | None]] = {}
            required: list[str] = []
            missing: Any = dataclasses.MISSING
            for attr in namespace.get("__annotations__", ()):
                value = namespace.pop(attr, missing)
                if value is missing:
                    required.append(attr)
                    fields[attr] = (missing, None)
                elif isinstance(value, dataclasses.Field):
                    factory: Any = cast("dataclasses.Field[object]", value).default_factory
                    fields[attr] = (missing, factory)
                else:
                    fields[attr] = (value, None)
            namespace["__slots__"] = tuple(fields)
            namespace["_accord_fields"] = fields
            namespace["_accord_required"] = tuple(required)
        return super().__new__(mcls, name, bases, namespace)


class _FieldTable:
    """``Record._FIELDS``: a generated class's ``_FIELD_TABLE`` (the Python source of its tuple
    of :class:`Field` descriptors, written by accord) evaluated in its module on first use and
    kept on the class, so that importing a module does not compile nor build the descriptors
    of every class (docs/python.md, "Import cost")."""

    def __get__(self, instance: Any, owner: type[Record]) -> tuple[Field, ...]:
        namespace = sys.modules[owner.__module__].__dict__
        fields: tuple[Field, ...] = eval(owner.__dict__["_FIELD_TABLE"], namespace)
        type.__setattr__(owner, "_FIELDS", fields)
        return fields


class _Schema:
    """Class constants of a generated type version."""

    __slots__ = ()

    FULL_NAME: ClassVar[str]
    VERSION: ClassVar[int]
    FINGERPRINT: ClassVar[str]
    AVRO_SCHEMA: ClassVar[str]


def _single_object(fingerprint: str, datum: bytes) -> bytes:
    return b"\xc3\x01" + int(fingerprint, 16).to_bytes(8, "little") + datum


def _datum_of(fingerprint: str, full_name: str, version: int, data: bytes) -> bytes:
    data = bytes(data)
    if data[:2] != b"\xc3\x01" or len(data) < 10:
        raise ContractError("not Avro single-object encoding (no C3 01 marker)")
    found = int.from_bytes(data[2:10], "little")
    if found != int(fingerprint, 16):
        raise ContractError(
            f"the data was written with schema fingerprint {found:016x}, "
            f"not {fingerprint} ({full_name}@{version})"
        )
    return data[10:]


def _read_all(t: Type, data: bytes) -> Any:
    reader = _Reader(bytes(data))
    try:
        value = t.read(reader)
    except RecursionError:
        raise ContractError("the Avro datum is nested too deeply") from None
    if reader.pos != len(reader.data):
        raise ContractError(f"{len(reader.data) - reader.pos} trailing bytes after the Avro datum")
    return value


def _loads(text: str | bytes) -> Any:
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


class _DataclassFields:
    """``Record.__dataclass_fields__``, built on first use, so that ``dataclasses.fields``,
    ``replace``, ``asdict`` and ``is_dataclass`` work on generated records as on dataclasses."""

    def __get__(self, instance: Any, owner: type[Record]) -> dict[str, dataclasses.Field[Any]]:
        fields: dict[str, dataclasses.Field[Any]] = {}
        annotations = owner.__dict__.get("__annotations__", {})
        for name, (value, factory) in owner.__dict__.get("_accord_fields", {}).items():
            if factory is not None:
                f: dataclasses.Field[Any] = dataclasses.field(default_factory=factory, kw_only=True)
            else:
                f = dataclasses.field(default=value, kw_only=True)
            f.name = name
            f.type = annotations.get(name, Any)
            f._field_type = dataclasses._FIELD  # type: ignore[attr-defined]
            fields[name] = f
        type.__setattr__(owner, "__dataclass_fields__", fields)
        return fields


class Record(_Schema, metaclass=_RecordType):
    """Base of every generated record class: frozen, slotted, keyword-only, compared and hashed
    by value like ``@dataclass(frozen=True, slots=True, kw_only=True)`` classes."""

    __slots__ = ()
    __match_args__ = ()
    _FIELD_TABLE: ClassVar[str]
    _FIELDS: ClassVar[tuple[Field, ...]]
    _accord_fields: ClassVar[dict[str, tuple[Any, Callable[[], Any] | None]]] = {}
    _accord_required: ClassVar[tuple[str, ...]] = ()
    if not TYPE_CHECKING:
        __dataclass_fields__ = _DataclassFields()
        _FIELDS = _FieldTable()

        def __init__(self, /, **kwargs: Any) -> None:
            cls = type(self)
            fields = cls._accord_fields
            for name in kwargs:
                if name not in fields:
                    raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword argument {name!r}")
            missing = [repr(name) for name in cls._accord_required if name not in kwargs]
            if missing:
                names = " and ".join(", ".join(missing).rsplit(", ", 1))
                plural = "s" if len(missing) > 1 else ""
                raise TypeError(
                    f"{cls.__qualname__}.__init__() missing {len(missing)} required keyword-only argument{plural}: {names}"
                )
            for name, (value, factory) in fields.items():
                if name in kwargs:
                    value = kwargs[name]
                elif factory is not None:
                    value = factory()
                object.__setattr__(self, name, value)
            self.__post_init__()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = self._accord_fields
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in self._accord_fields))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._accord_fields)
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[Any]:
        return [getattr(self, name) for name in self._accord_fields]

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(self._accord_fields, state):
            object.__setattr__(self, name, value)

    def __post_init__(self) -> None:
        for f in type(self)._FIELDS:
            value = getattr(self, f.attr)
            checked = f.type.check(value, f.attr)
            if checked is not value:
                object.__setattr__(self, f.attr, checked)
        self._warn_deprecated()

    def _warn_deprecated(self) -> None:
        """A ``DeprecationWarning`` per deprecated field holding something else than its default."""
        cls = type(self)
        defaults: dict[str, Any] | None = None
        for f in cls._FIELDS:
            if f.deprecated is None:
                continue
            defaults = defaults if defaults is not None else _defaults(cls)
            value = getattr(self, f.attr)
            if f.attr not in defaults or value != defaults[f.attr]:
                reason = f": {f.deprecated}" if f.deprecated else ""
                warnings.warn(f"{cls.FULL_NAME}.{f.wire} is deprecated{reason}", DeprecationWarning, stacklevel=5)

    def to_dict(self) -> dict[str, Any]:
        """The value as JSON data (docs/json-encoding.md): dicts, lists, str, int, float, bool, None."""
        data: dict[str, Any] = Rec(lambda: type(self)).to_json(self, "")
        return data

    @classmethod
    def from_dict(cls: type[R], data: Mapping[str, Any]) -> R:
        """Validates JSON data (as ``json.loads`` returns it) and builds the value; raises
        :class:`ContractError` naming the path of the first problem."""
        try:
            value: R = Rec(lambda: cls).from_json(data, "")
        except RecursionError:
            raise ContractError("the JSON data is nested too deeply") from None
        return value

    def to_json(self) -> str:
        """The canonical JSON text (UTF-8 encoded, byte for byte the accord test vectors)."""
        return canonical_json(self.to_dict())

    @classmethod
    def from_json(cls: type[R], text: str | bytes) -> R:
        """Parses and validates JSON text."""
        return cls.from_dict(_loads(text))

    def to_avro_datum(self) -> bytes:
        """The Avro binary encoding of the value (no header)."""
        out = bytearray()
        Rec(lambda: type(self)).write(self, out, "")
        return bytes(out)

    def to_avro(self) -> bytes:
        """The Avro single-object encoding: ``C3 01``, the schema fingerprint, the datum."""
        return _single_object(self.FINGERPRINT, self.to_avro_datum())

    @classmethod
    def from_avro_datum(cls: type[R], data: bytes) -> R:
        """Reads an Avro binary datum written with this exact schema."""
        value: R = _read_all(Rec(lambda: cls), data)
        return value

    @classmethod
    def from_avro(cls: type[R], data: bytes) -> R:
        """Reads Avro single-object encoding; the fingerprint must be this class's."""
        return cls.from_avro_datum(_datum_of(cls.FINGERPRINT, cls.FULL_NAME, cls.VERSION, data))


class Wrapper:
    """Base of the classes that hold a union branch whose Python type another branch shares."""

    __slots__ = ()
    TAG: ClassVar[str]


class _AccordEnumType(_enum.EnumMeta):
    """The class constants of generated enums (in an enum body they would be members)."""

    _DEFAULT: str | None
    FULL_NAME: str
    VERSION: int
    FINGERPRINT: str
    AVRO_SCHEMA: str


class AccordEnum(_enum.Enum, metaclass=_AccordEnumType):
    """Base of every generated enum: member values are the wire symbols."""

    @classmethod
    def _members(cls: type[E]) -> list[E]:
        members: list[E] | None = cls.__dict__.get("_accord_members")
        if members is None:
            members = list(cls)
            type.__setattr__(cls, "_accord_members", members)
            type.__setattr__(cls, "_accord_index", {m: i for i, m in enumerate(members)})
        return members

    def _index(self) -> int:
        cls = type(self)
        cls._members()
        index: int = cls.__dict__["_accord_index"][self]
        return index

    def to_dict(self) -> str:
        """The JSON data of the symbol: its wire name."""
        return str(self.value)

    @classmethod
    def from_dict(cls: type[E], data: str) -> E:
        """The member of a wire symbol (the enum's default for an unknown symbol, if it has one)."""
        member: E = Enum(lambda: cls).from_json(data, "")
        return member

    def to_json(self) -> str:
        return canonical_json(self.to_dict())

    @classmethod
    def from_json(cls: type[E], text: str | bytes) -> E:
        return cls.from_dict(_loads(text))

    def to_avro_datum(self) -> bytes:
        out = bytearray()
        _write_long(self._index(), out)
        return bytes(out)

    def to_avro(self) -> bytes:
        return _single_object(type(self).FINGERPRINT, self.to_avro_datum())

    @classmethod
    def from_avro_datum(cls: type[E], data: bytes) -> E:
        member: E = _read_all(Enum(lambda: cls), data)
        return member

    @classmethod
    def from_avro(cls: type[E], data: bytes) -> E:
        return cls.from_avro_datum(_datum_of(cls.FINGERPRINT, cls.FULL_NAME, cls.VERSION, data))


def describe(cls: type[AccordEnum], full_name: str, version: int, fingerprint: str, schema: str, default: str | None) -> None:
    """Sets the class constants of a generated enum (an enum body would make them members)."""
    for name, value in (
        ("FULL_NAME", full_name),
        ("VERSION", version),
        ("FINGERPRINT", fingerprint),
        ("AVRO_SCHEMA", schema),
        ("_DEFAULT", default),
    ):
        type.__setattr__(cls, name, value)


class Codec(_Schema):
    """Base of the codec classes of newtypes and fixed types, whose values are plain Python
    values (``typing.NewType``): the typed methods live in each generated subclass."""

    _TYPE: ClassVar[Type]

    @classmethod
    def _to_dict(cls, value: Any) -> Any:
        return cls._TYPE.to_json(value, "")

    @classmethod
    def _from_dict(cls, data: Any) -> Any:
        try:
            return cls._TYPE.from_json(data, "")
        except RecursionError:
            raise ContractError("the JSON data is nested too deeply") from None

    @classmethod
    def _to_json(cls, value: Any) -> str:
        return canonical_json(cls._to_dict(value))

    @classmethod
    def _from_json(cls, text: str | bytes) -> Any:
        return cls._from_dict(_loads(text))

    @classmethod
    def _to_avro_datum(cls, value: Any) -> bytes:
        out = bytearray()
        cls._TYPE.write(value, out, "")
        return bytes(out)

    @classmethod
    def _to_avro(cls, value: Any) -> bytes:
        return _single_object(cls.FINGERPRINT, cls._to_avro_datum(value))

    @classmethod
    def _from_avro_datum(cls, data: bytes) -> Any:
        return _read_all(cls._TYPE, data)

    @classmethod
    def _from_avro(cls, data: bytes) -> Any:
        return cls._from_avro_datum(_datum_of(cls.FINGERPRINT, cls.FULL_NAME, cls.VERSION, data))


def unrepresentable(reason: str) -> NoReturn:
    """The default of a field whose declared value Python cannot represent."""
    raise ContractError(reason)


def decode_any(registry: Mapping[tuple[str, int], type], fingerprints: Mapping[str, tuple[str, int]], data: bytes) -> Any:
    """Reads Avro single-object encoding of any generated type, chosen by its fingerprint."""
    data = bytes(data)
    if data[:2] != b"\xc3\x01" or len(data) < 10:
        raise ContractError("not Avro single-object encoding (no C3 01 marker)")
    try:
        cls: Any = lookup_fingerprint(registry, fingerprints, data[2:10])
    except KeyError as error:
        raise ContractError(str(error.args[0])) from None
    return cls.from_avro(data)


def decode_among(classes: Sequence[Any], data: bytes) -> Any:
    """Reads Avro single-object encoding of one of ``classes``, chosen by its fingerprint."""
    registry = {(c.FULL_NAME, c.VERSION): c for c in classes}
    fingerprints: dict[str, tuple[str, int]] = {}
    for c in classes:
        fingerprints.setdefault(c.FINGERPRINT, (c.FULL_NAME, c.VERSION))
    return decode_any(registry, fingerprints, data)


def lookup_fingerprint(
    registry: Mapping[tuple[str, int], type], fingerprints: Mapping[str, tuple[str, int]], fingerprint: str | int | bytes
) -> type:
    """The class of a fingerprint: 16 hex digits, the integer, or the 8 little-endian bytes of
    a single-object header. ``fingerprints`` maps each fingerprint to the first type version of
    ``registry`` that has it. Raises ``KeyError`` when no class has it."""
    if isinstance(fingerprint, bytes):
        fingerprint = int.from_bytes(fingerprint, "little")
    if isinstance(fingerprint, int):
        fingerprint = f"{fingerprint:016x}"
    key = fingerprints.get(fingerprint.lower())
    if key is None:
        raise KeyError(f"no generated type has fingerprint {fingerprint}")
    return registry[key]


# ---- lazy imports (docs/python.md, "Import cost") --------------------------------------------
# The package root and the modules import other generated modules only when a value of theirs is
# first needed, so importing the root and one module does not import the whole package.

_K = TypeVar("_K")
_V = TypeVar("_V")


class LazyMapping(Mapping[_K, _V]):
    """A read-only mapping whose values live in generated modules: each key maps to a (module
    path relative to ``package``, attribute) pair, imported on first lookup and then kept.
    Keys, ``len`` and ``in`` import nothing; ``values()`` and ``items()`` import every module."""

    __slots__ = ("_package", "_where", "_loaded")

    def __init__(self, package: str, where: dict[_K, tuple[str, str]]) -> None:
        self._package = package
        self._where = where
        self._loaded: dict[_K, _V] = {}

    def __getitem__(self, key: _K) -> _V:
        try:
            return self._loaded[key]
        except KeyError:
            pass
        module, name = self._where[key]
        value: _V = getattr(_importlib.import_module(f"{self._package}.{module}"), name)
        self._loaded[key] = value
        return value

    def __iter__(self) -> Iterator[_K]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, key: object) -> bool:
        return key in self._where

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self._where)} entries of {self._package}>"


def registry_table(text: str) -> dict[tuple[str, int], tuple[str, str]]:
    """The ``REGISTRY`` entries of the package root: each line of ``text`` is a type's full
    name, version, module (relative to the root) and class, separated by spaces."""
    table: dict[tuple[str, int], tuple[str, str]] = {}
    for line in text.splitlines():
        if line:
            name, version, module, cls = line.split(" ")
            table[name, int(version)] = (module, cls)
    return table


def fingerprint_table(text: str) -> dict[str, tuple[str, int]]:
    """The ``_FINGERPRINTS`` of the package root: each line of ``text`` is a fingerprint (16 hex
    digits), a type's full name and version, separated by spaces."""
    table: dict[str, tuple[str, int]] = {}
    for line in text.splitlines():
        if line:
            fingerprint, name, version = line.split(" ")
            table[fingerprint] = (name, int(version))
    return table


class LazyModule:
    """Stands for another generated module until an attribute of it is first read: then the
    module is imported and replaces this stand-in under ``alias`` in the ``namespace`` (the
    importing module's globals), so later reads cost nothing."""

    __slots__ = ("_accord_name", "_accord_namespace", "_accord_alias")

    def __init__(self, name: str, namespace: dict[str, Any], alias: str) -> None:
        self._accord_name = name
        self._accord_namespace = namespace
        self._accord_alias = alias

    def __getattr__(self, attr: str) -> Any:
        module = _importlib.import_module(self._accord_name)
        self._accord_namespace[self._accord_alias] = module
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<not yet imported module {self._accord_name!r}>"


def submodule(package: str, names: frozenset[str], name: str) -> Any:
    """The module-level ``__getattr__`` of a generated package: imports the sub-package ``name``
    on first access (``accord_shop.shop``), as importing every module eagerly would have bound it."""
    if name not in names:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    return _importlib.import_module(f"{package}.{name}")


def fastavro_schema(cls: type[_Schema]) -> Any:
    """The class's Avro schema parsed by fastavro (optional dependency), for use with
    ``fastavro.schemaless_reader`` / ``schemaless_writer``."""
    try:
        # Imported by name: the package type-checks whether fastavro is installed or not.
        fastavro: Any = _importlib.import_module("fastavro")
    except ImportError:
        raise ImportError(
            "fastavro is not installed: `pip install fastavro` to use fastavro_schema "
            "(the generated to_avro/from_avro need only the standard library)"
        ) from None
    return fastavro.parse_schema(json.loads(cls.AVRO_SCHEMA))


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
        raise ContractError(f"{_kind(data)} is not JSON data")


# ---- migrations (docs/migrations.md) -------------------------------------------------------
# The generated step functions follow the migration plans; these helpers are what they call.


def migrate(
    table: Mapping[tuple[str, int, int], Callable[[Any, Any], Any]], value: Any, to_version: int, hooks: Any
) -> Any:
    """The value in version ``to_version`` of its type, by the generated migration of that pair
    of versions; ``ContractError`` where none exists."""
    cls: Any = value.__class__
    if cls.VERSION == to_version:
        return value
    step = table.get((cls.FULL_NAME, cls.VERSION, to_version))
    if step is None:
        raise ContractError(f"no migration of {cls.FULL_NAME} from version {cls.VERSION} to {to_version}")
    return step(value, hooks)


def latest_version(latest: Mapping[str, int], cls: Any) -> int:
    """The latest version of the versioned type of class ``cls``."""
    version = latest.get(cls.FULL_NAME)
    if version is None:
        raise ContractError(f"{cls.FULL_NAME} is not a versioned type")
    return version


def require_type(value: Any, cls: Any) -> None:
    """Raises unless ``value`` is a version of the type of class ``cls``."""
    full_name = value.__class__.FULL_NAME
    if full_name != cls.FULL_NAME:
        raise ContractError(f"the data is a {full_name}, not a {cls.FULL_NAME}")


def fail(reason: str) -> NoReturn:
    """Raises the ``ContractError`` of a migration that has no value."""
    raise ContractError(reason)


def at(field: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, its ``ContractError`` placed under ``field``."""
    try:
        return compute()
    except ContractError as error:
        raise ContractError(error.reason, _join(field, error.path) if error.path else field) from None


def each(convert: Callable[[Any], Any], items: Any) -> list[Any]:
    """Every item converted; an error names its index."""
    out: list[Any] = []
    for i, item in enumerate(items):
        try:
            out.append(convert(item))
        except ContractError as error:
            raise ContractError(error.reason, _join(f"[{i}]", error.path) if error.path else f"[{i}]") from None
    return out


def each_value(convert: Callable[[Any], Any], entries: Mapping[str, Any]) -> dict[str, Any]:
    """Every value converted; an error names its key."""
    out: dict[str, Any] = {}
    for key, item in entries.items():
        try:
            out[key] = convert(item)
        except ContractError as error:
            where = f"[{json.dumps(key, ensure_ascii=False)}]"
            raise ContractError(error.reason, _join(where, error.path) if error.path else where) from None
    return out


def hook(hooks: Any, name: str, argument: Any) -> Any:
    """Calls the ``@migrate`` hook ``name`` of ``hooks``."""
    if hooks is None:
        raise ContractError(f"needs the hook `{name}` (pass hooks=)")
    return getattr(hooks, name)(argument)


def symbol(table: Mapping[str, E], value: Any) -> E:
    """The target member of an enum member, by its wire symbol."""
    found = table.get(value.value)
    if found is None:
        raise ContractError(f"symbol `{value.value}` does not exist and there is no default")
    return found


def tag_of(union: Union, value: Any) -> str | None:
    """The JSON tag of the union branch ``value`` is in (``None`` for null)."""
    _, branch = union.choose(value, "")
    return None if branch is None else branch.tag


def int_to_float32(value: int) -> float:
    """An integer rounded once to the nearest 32-bit float (ties to even), as Avro promotes
    ``int`` and ``long`` to ``float``."""
    magnitude = abs(value)
    excess = magnitude.bit_length() - 24
    if excess > 0:
        quotient, remainder = divmod(magnitude, 1 << excess)
        half = 1 << (excess - 1)
        if remainder > half or (remainder == half and quotient & 1):
            quotient += 1
        magnitude = quotient << excess
    return float(magnitude) if value >= 0 else -float(magnitude)


def promote(source: Type, value: Any, primitive: str, single: bool) -> float:
    """A value of an ``int``, ``long`` or ``float`` type read as ``float`` (``single``) or
    ``double``, as Avro promotes the primitive it is written as."""
    out = bytearray()
    source.write(value, out, "")
    reader = _Reader(bytes(out))
    if primitive == "float":
        number: float = struct.unpack("<f", reader.take(4))[0]
        return number
    whole = reader.long()
    return int_to_float32(whole) if single else float(whole)


def rescalar(source: Type, target: Type, value: Any, reason: str | None) -> Any:
    """A scalar read with another type of the same Avro primitive (or a promotion between
    ``string`` and ``bytes``): the source writes it, the target reads it; the plan's ``reason``
    when the target cannot read it."""
    out = bytearray()
    source.write(value, out, "")
    try:
        return _read_all(target, bytes(out))
    except ContractError as error:
        raise ContractError(reason or error.reason) from None


# --- storage layouts (docs/layouts.md) ----------------------------------------------------------
# The text of each segment type and a strict left-to-right parser, exactly as the reference
# (accord_compiler::layout::template). Errors name the segment at fault (ContractError.path).

_PATH_PLAIN = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_PATH_ALPHABETS = {
    "string": frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_%"),
    "int": frozenset("0123456789-"),
    "long": frozenset("0123456789-"),
    "date": frozenset("0123456789-"),
    "uuid": frozenset("0123456789abcdef-"),
    "bool": frozenset("abcdefghijklmnopqrstuvwxyz"),
    "enum": frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"),
}
_UPPER_HEX = frozenset("0123456789ABCDEF")


def path_escape(value: str, segment: str = "") -> str:
    """The text of a string segment: bytes outside ``[A-Za-z0-9_]`` as ``%XX``; ``%`` for "".
    A string that is not valid UTF-8 (a lone surrogate) raises ContractError at ``segment``."""
    if value == "":
        return "%"
    return "".join(chr(b) if b in _PATH_PLAIN else f"%{b:02X}" for b in _utf8(value, segment))


def path_unescape(text: str) -> str | None:
    """The string a text stands for, if it is a text ``path_escape`` makes."""
    if text == "%":
        return ""
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == "%":
            hex_ = text[i + 1 : i + 3]
            if len(hex_) != 2 or not set(hex_) <= _UPPER_HEX:
                return None
            out.append(int(hex_, 16))
            i += 3
        else:
            out.append(ord(text[i]))
            i += 1
    try:
        value = out.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return value if path_escape(value) == text else None


# A part of a template: ("lit", text) or ("seg", segment name, field name, kind, pad, enum class).
PathPart = tuple[Any, ...]


def _path_text(part: PathPart, value: Any) -> str:
    _, name, _, kind, pad, enum_cls = part
    if kind == "string":
        if not isinstance(value, str):
            raise _fail("str", value, name)
        return path_escape(value, name)
    if kind in ("int", "long"):
        bits = 32 if kind == "int" else 64
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail("int", value, name)
        if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
            raise ContractError(f"{value} does not fit in an {kind}", name)
        return f"{value:0{pad}d}" if pad else str(value)
    if kind == "uuid":
        if not isinstance(value, _uuid.UUID):
            raise _fail("UUID", value, name)
        return str(value)
    if kind == "date":
        if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
            raise _fail("date", value, name)
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if kind == "bool":
        if not isinstance(value, bool):
            raise _fail("bool", value, name)
        return "true" if value else "false"
    if not isinstance(value, enum_cls):
        raise _fail(enum_cls.__name__, value, name)
    return str(value.value)


def _path_value(part: PathPart, text: str) -> Any:
    _, name, _, kind, _, enum_cls = part
    bad = ContractError(f"`{text}` is not a {kind}", name)
    value: Any
    if kind == "string":
        value = path_unescape(text)
        if value is None:
            raise bad
        return value
    if kind in ("int", "long"):
        digits = text[1:] if text.startswith("-") else text
        if not digits or not digits.isdigit() or not digits.isascii():
            raise bad
        value = int(text)
    elif kind == "uuid":
        try:
            value = _uuid.UUID(text)
        except ValueError:
            raise bad from None
    elif kind == "date":
        if len(text) != 10 or text[4] != "-" or text[7] != "-" or not (text[:4] + text[5:7] + text[8:]).isdigit():
            raise bad
        try:
            value = _dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            raise bad from None
    elif kind == "bool":
        if text not in ("true", "false"):
            raise bad
        return text == "true"
    else:
        try:
            return enum_cls(text)
        except ValueError:
            raise ContractError(f"`{text}` is not a symbol", name) from None
    if _path_text(part, value) != text:
        raise ContractError(f"`{text}` is not the canonical text of a {kind}", name)
    return value


def layout_path(parts: tuple[PathPart, ...], values: Mapping[str, Any]) -> str:
    """The path of the values (by field name)."""
    return "".join(p[1] if p[0] == "lit" else _path_text(p, values[p[2]]) for p in parts)


def layout_prefix(parts: tuple[PathPart, ...], values: Mapping[str, Any]) -> str:
    """The text up to the first segment without a value (``None``)."""
    out: list[str] = []
    for p in parts:
        if p[0] == "lit":
            out.append(p[1])
        elif values.get(p[2]) is None:
            break
        else:
            out.append(_path_text(p, values[p[2]]))
    return "".join(out)


def layout_glob(parts: tuple[PathPart, ...], values: Mapping[str, Any]) -> str:
    """The glob of every path with the values: ``*`` for each segment without one."""
    out: list[str] = []
    for p in parts:
        if p[0] == "lit":
            out.append(p[1])
        elif values.get(p[2]) is None:
            out.append("*")
        else:
            out.append(_path_text(p, values[p[2]]))
    return "".join(out)


def layout_parse(parts: tuple[PathPart, ...], path: str) -> dict[str, Any]:
    """The values of a path, by field name; ContractError names the segment at fault."""
    values: dict[str, Any] = {}
    rest = path
    previous = ""
    for p in parts:
        if p[0] == "lit":
            if not rest.startswith(p[1]):
                raise ContractError(f"expected `{p[1]}` at byte {len(path) - len(rest)}", previous)
            rest = rest[len(p[1]) :]
            previous = ""
            continue
        alphabet = _PATH_ALPHABETS[p[3]]
        end = 0
        while end < len(rest) and rest[end] in alphabet:
            end += 1
        if end == 0:
            raise ContractError("the text is empty", p[1])
        values[p[2]] = _path_value(p, rest[:end])
        rest = rest[end:]
        previous = p[1]
    if rest:
        raise ContractError(f"unexpected `{rest}` at the end of the path", previous)
    return values


L = TypeVar("L", bound="Layout")


class Layout:
    """Base of generated layout classes: ``path()``, ``parse(path)``; subclasses add typed
    ``prefix(...)`` and ``glob(...)`` class methods."""

    __slots__ = ()
    LAYOUT: ClassVar[str]
    VERSION: ClassVar[int]
    TEMPLATE: ClassVar[str]
    FORMAT: ClassVar[str]
    _PARTS: ClassVar[tuple[PathPart, ...]]

    def path(self) -> str:
        """The path of these values."""
        return layout_path(self._PARTS, {p[2]: getattr(self, p[2]) for p in self._PARTS if p[0] == "seg"})

    @classmethod
    def parse(cls: type[L], path: str) -> L:
        """The values of a path; raises ContractError naming the segment at fault."""
        construct: Callable[..., L] = cls
        return construct(**layout_parse(cls._PARTS, path))


# --- topic keys (docs/topics.md#keys) -----------------------------------------------------------
# A string key, and a contract whose Avro schema is a string (newtypes of string or uuid), is its
# UTF-8 text ("string", "text"); any other contract key is its Avro datum ("datum"); keys without
# helpers are the bytes given ("bytes"). A versioned key's version travels in accord.key.* headers.

# Record headers as Kafka clients give them (confluent-kafka: a list of (str, bytes), or None).
Headers = Optional[Sequence[tuple[str, bytes | str | None]]]


def _key_class(classes: tuple[Any, ...], key: Any) -> Any:
    """The allowed key version ``key`` is a value of: its record or enum class, else (newtype
    values are plain Python values, whatever their version) the latest allowed version."""
    for cls in classes:
        if type(key) is cls:
            return cls
    if classes and issubclass(classes[-1], Codec):
        return classes[-1]
    names = ", ".join(c.__name__ for c in classes)
    raise ContractError(f"expected a key of {names}, found {_kind(key)}")


def _text_of_datum(datum: bytes) -> bytes:
    reader = _Reader(datum)
    text = reader.bytes_()
    if reader.pos != len(datum):
        raise ContractError("trailing bytes after the key's text")
    return text


def _datum_of_text(data: bytes) -> bytes:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContractError(f"the key is not UTF-8 text: {error.reason} at byte {error.start}") from None
    out = bytearray()
    _write_bytes(data, out)
    return bytes(out)


def topic_key_bytes(kind: str, classes: tuple[Any, ...], key: Any) -> bytes:
    """The bytes of a topic's key (``kind``: "string", "text", "datum" or "bytes")."""
    if kind == "string":
        if not isinstance(key, str):
            raise _fail("str", key, "")
        return _utf8(key, "")
    if kind == "bytes":
        data: bytes = BYTES.check(key, "")
        return data
    datum: bytes = _key_class(classes, key).to_avro_datum(key)
    return _text_of_datum(datum) if kind == "text" else datum


def _header(headers: Headers, name: str) -> str | None:
    found: str | None = None
    for key, value in headers or ():
        if key == name and value is not None:
            try:
                found = value if isinstance(value, str) else bytes(value).decode("utf-8")
            except UnicodeDecodeError:
                raise ContractError(f"the `{name}` header is not UTF-8") from None
    return found


def topic_key_version(stamps: Mapping[int, Mapping[str, str]], headers: Headers) -> int:
    """The allowed key version the ``accord.key.*`` headers name: the one with the
    ``accord.key.fingerprint`` (and the ``accord.key.version`` and ``accord.key.contract`` when
    given). Without a fingerprint, a topic allowing one key version takes it; else it refuses."""
    fingerprint = _header(headers, "accord.key.fingerprint")
    if fingerprint is None:
        if len(stamps) == 1:
            return next(iter(stamps))
        raise ContractError(
            f"the key's version is unknown: no `accord.key.fingerprint` header (the topic allows {len(stamps)} key versions)"
        )
    version = _header(headers, "accord.key.version")
    contract = _header(headers, "accord.key.contract")
    for number, stamp in stamps.items():
        if (
            stamp["accord.key.fingerprint"] == fingerprint
            and version in (None, stamp["accord.key.version"])
            and contract in (None, stamp["accord.key.contract"])
        ):
            return number
    raise ContractError(
        f"key fingerprint {fingerprint} (version {version or 'not given'}) is not a key version allowed on the topic"
    )


def topic_decode_key(
    kind: str, classes: tuple[Any, ...], stamps: Mapping[int, Mapping[str, str]], data: bytes, headers: Headers
) -> Any:
    """Reads a topic's key bytes; the headers pick the version of a versioned key."""
    data = bytes(data)
    if kind == "string":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ContractError(f"the key is not UTF-8 text: {error.reason} at byte {error.start}") from None
    if kind == "bytes":
        return data
    cls = classes[list(stamps).index(topic_key_version(stamps, headers))] if stamps else classes[0]
    return cls.from_avro_datum(_datum_of_text(data) if kind == "text" else data)


def topic_key_headers(stamps: Mapping[int, Mapping[str, str]], classes: tuple[Any, ...], key: Any) -> dict[str, str]:
    """The ``accord.key.*`` headers of the key's version (none for an unversioned key)."""
    if not stamps:
        return {}
    cls = _key_class(classes, key)
    return dict(stamps[cls.VERSION])
