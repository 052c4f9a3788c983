"""Storage layouts (docs/layouts.md): the text of each segment type, paths, prefixes and globs, a
strict parser, and the base of generated layout classes. Only in packages that have layouts."""

from __future__ import annotations

import datetime as _dt
import uuid as _uuid
from typing import Any, Callable, ClassVar, Mapping, TypeVar

from .scalars import utf8
from .wire import ContractError, type_error


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
    return "".join(chr(b) if b in _PATH_PLAIN else f"%{b:02X}" for b in utf8(value, segment))


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


def path_text(part: PathPart, value: Any) -> str:
    _, name, _, kind, pad, enum_cls = part
    if kind == "string":
        if not isinstance(value, str):
            raise type_error("str", value, name)
        return path_escape(value, name)
    if kind in ("int", "long"):
        bits = 32 if kind == "int" else 64
        if isinstance(value, bool) or not isinstance(value, int):
            raise type_error("int", value, name)
        if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
            raise ContractError(f"{value} does not fit in an {kind}", name)
        return f"{value:0{pad}d}" if pad else str(value)
    if kind == "uuid":
        if not isinstance(value, _uuid.UUID):
            raise type_error("UUID", value, name)
        return str(value)
    if kind == "date":
        if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
            raise type_error("date", value, name)
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if kind == "bool":
        if not isinstance(value, bool):
            raise type_error("bool", value, name)
        return "true" if value else "false"
    if not isinstance(value, enum_cls):
        raise type_error(enum_cls.__name__, value, name)
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
    if path_text(part, value) != text:
        raise ContractError(f"`{text}` is not the canonical text of a {kind}", name)
    return value


def layout_path(parts: tuple[PathPart, ...], values: Mapping[str, Any]) -> str:
    """The path of the values (by field name)."""
    return "".join(p[1] if p[0] == "lit" else path_text(p, values[p[2]]) for p in parts)


def layout_prefix(parts: tuple[PathPart, ...], values: Mapping[str, Any]) -> str:
    """The text up to the first segment without a value (``None``)."""
    out: list[str] = []
    for p in parts:
        if p[0] == "lit":
            out.append(p[1])
        elif values.get(p[2]) is None:
            break
        else:
            out.append(path_text(p, values[p[2]]))
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
            out.append(path_text(p, values[p[2]]))
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
