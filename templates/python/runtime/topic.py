"""Topic keys (docs/topics.md#keys): the bytes of a key, its version in record headers, and
decoding. Only in packages that have topics."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from . import Codec
from .scalars import BYTES, utf8
from .wire import ContractError, Reader, kind_of, type_error, write_bytes


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
    raise ContractError(f"expected a key of {names}, found {kind_of(key)}")


def _text_of_datum(datum: bytes) -> bytes:
    reader = Reader(datum)
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
    write_bytes(data, out)
    return bytes(out)


def topic_key_bytes(kind: str, classes: tuple[Any, ...], key: Any) -> bytes:
    """The bytes of a topic's key (``kind``: "string", "text", "datum" or "bytes")."""
    if kind == "string":
        if not isinstance(key, str):
            raise type_error("str", key, "")
        return utf8(key, "")
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
