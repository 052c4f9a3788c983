"""The type descriptors of scalars: how values of each primitive and logical type are checked,
written and read in JSON and Avro."""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import decimal as _decimal
import math
import re
import struct
import uuid as _uuid
from typing import Any

from .wire import ContractError, Reader, shortest_float32, type_error, write_bytes, write_long


UNIX_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_EPOCH_UTC = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_EPOCH_LOCAL = _dt.datetime(1970, 1, 1)
_MICROSECOND = _dt.timedelta(microseconds=1)


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
        """The JSON form of the value: by default the checked value itself."""
        return self.check(value, path)

    def from_json(self, data: Any, path: str) -> Any:
        """The value of a JSON form: by default the checked JSON value itself."""
        return self.check(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        raise NotImplementedError

    def read(self, reader: Reader) -> Any:
        raise NotImplementedError


class _Null(Type):
    """The Avro `null` type: ``None`` in Python, ``null`` in JSON, no bytes in Avro."""

    exact = (type(None),)

    def check(self, value: Any, path: str) -> Any:
        if value is not None:
            raise type_error("None", value, path)
        return value

    def write(self, value: Any, out: bytearray, path: str) -> None:
        self.check(value, path)

    def read(self, reader: Reader) -> Any:
        return None


class _Bool(Type):
    exact = (bool,)

    def check(self, value: Any, path: str) -> Any:
        if type(value) is not bool:
            raise type_error("a bool", value, path)
        return value

    def write(self, value: Any, out: bytearray, path: str) -> None:
        out.append(1 if self.check(value, path) else 0)

    def read(self, reader: Reader) -> Any:
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
            raise type_error(self.name, value, path)
        if not self.low <= value <= self.high:
            raise ContractError(f"{value} is outside the range of {self.kind}", path)
        return int(value)

    def from_json(self, data: Any, path: str) -> Any:
        if isinstance(data, float) and data.is_integer():
            data = int(data)
        return self.check(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        write_long(self.check(value, path), out)

    def read(self, reader: Reader) -> Any:
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
            raise type_error(self.name, value, path)
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

    def read(self, reader: Reader) -> Any:
        if self.single:
            return struct.unpack("<f", reader.take(4))[0]
        return struct.unpack("<d", reader.take(8))[0]


def utf8(value: str, path: str) -> bytes:
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise ContractError("the string is not valid Unicode (lone surrogate)", path) from None


class _String(Type):
    exact = (str,)

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            raise type_error("a str", value, path)
        if not value.isascii():
            utf8(value, path)
        return value

    def write(self, value: Any, out: bytearray, path: str) -> None:
        if not isinstance(value, str):
            raise type_error("a str", value, path)
        write_bytes(utf8(value, path), out)

    def read(self, reader: Reader) -> Any:
        try:
            return reader.bytes_().decode("utf-8")
        except UnicodeDecodeError:
            raise ContractError("invalid UTF-8 in an Avro string") from None


def _b64decode(data: Any, path: str) -> bytes:
    if not isinstance(data, str):
        raise type_error("a base64 string", data, path)
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
            raise type_error("bytes", value, path)
        return bytes(value)

    def to_json(self, value: Any, path: str) -> Any:
        return base64.b64encode(self.check(value, path)).decode("ascii")

    def from_json(self, data: Any, path: str) -> Any:
        return _b64decode(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        write_bytes(self.check(value, path), out)

    def read(self, reader: Reader) -> Any:
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

    def read(self, reader: Reader) -> Any:
        return reader.take(self.size)


_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


def _parse_uuid(text: Any, path: str) -> _uuid.UUID:
    if not isinstance(text, str):
        raise type_error("a uuid string", text, path)
    if not _UUID_RE.match(text):
        raise ContractError(f"{text!r} is not a uuid (8-4-4-4-12 hex digits)", path)
    return _uuid.UUID(text)


class _Uuid(Type):
    exact = (_uuid.UUID,)

    def check(self, value: Any, path: str) -> Any:
        if not isinstance(value, _uuid.UUID):
            raise type_error("a uuid.UUID", value, path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        return str(self.check(value, path))

    def from_json(self, data: Any, path: str) -> Any:
        return _parse_uuid(data, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        write_bytes(str(self.check(value, path)).encode("ascii"), out)

    def read(self, reader: Reader) -> Any:
        return _parse_uuid(reader.bytes_().decode("utf-8", "replace"), "")


_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


class _Date(Type):
    exact = (_dt.date,)

    def matches(self, value: Any) -> bool:
        return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)

    def check(self, value: Any, path: str) -> Any:
        if not self.matches(value):
            raise type_error("a datetime.date", value, path)
        return value

    def to_json(self, value: Any, path: str) -> Any:
        return self.check(value, path).isoformat()

    def from_json(self, data: Any, path: str) -> Any:
        match = _DATE_RE.match(data) if isinstance(data, str) else None
        if match is None:
            raise type_error("a date YYYY-MM-DD", data, path)
        try:
            return _dt.date(*map(int, match.groups()))
        except ValueError as error:
            raise ContractError(f"invalid date {data!r}: {error}", path) from None

    def write(self, value: Any, out: bytearray, path: str) -> None:
        write_long(self.check(value, path).toordinal() - UNIX_EPOCH_ORDINAL, out)

    def read(self, reader: Reader) -> Any:
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
            raise type_error("a datetime.time", value, path)
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
            raise type_error(f"a time {form}", data, path)
        hours, minutes, seconds, fraction = match.groups()
        try:
            micros = int(fraction) * (1000 if self.millis else 1)
            return _dt.time(int(hours), int(minutes), int(seconds), micros)
        except ValueError as error:
            raise ContractError(f"invalid time {data!r}: {error}", path) from None

    def write(self, value: Any, out: bytearray, path: str) -> None:
        value = self.check(value, path)
        micros = ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond
        write_long(micros // 1000 if self.millis else micros, out)

    def read(self, reader: Reader) -> Any:
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
            raise type_error("a datetime.datetime", value, path)
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
            raise type_error("a timestamp in the form of docs/json-encoding.md", data, path)
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
        write_long(micros // 1000 if self.millis else micros, out)

    def read(self, reader: Reader) -> Any:
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
            raise type_error("a decimal.Decimal", value, path)
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
            raise type_error(f"a decimal string with {self.scale} fraction digits", data, path)
        return self.check(_decimal.Decimal(data), path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        unscaled = self.unscaled(value, path)
        if self.size is None:
            length = ((unscaled if unscaled >= 0 else ~unscaled).bit_length() + 8) // 8
            write_bytes(unscaled.to_bytes(length, "big", signed=True), out)
        else:
            try:
                out += unscaled.to_bytes(self.size, "big", signed=True)
            except OverflowError:
                raise ContractError(f"{value} does not fit {self.size} bytes", path) from None

    def read(self, reader: Reader) -> Any:
        raw = reader.bytes_() if self.size is None else reader.take(self.size)
        unscaled = int.from_bytes(raw, "big", signed=True)
        if abs(unscaled) >= 10**self.precision:
            raise ContractError(f"{self.of(unscaled)} has more than {self.precision} digits (decimal({self.precision}, {self.scale}))")
        return self.of(unscaled)


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


def read_all(t: Type, data: bytes) -> Any:
    reader = Reader(bytes(data))
    try:
        value = t.read(reader)
    except RecursionError:
        raise ContractError("the Avro datum is nested too deeply") from None
    if reader.pos != len(reader.data):
        raise ContractError(f"{len(reader.data) - reader.pos} trailing bytes after the Avro datum")
    return value
