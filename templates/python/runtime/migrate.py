"""What the generated migration steps call (docs/migrations.md): field paths on errors, items and
values converted one by one, hooks, enum symbols, union tags and Avro's promotions. Only in
packages that have migrations."""

from __future__ import annotations

import json
import struct
from typing import TYPE_CHECKING, Any, Callable, Mapping, NoReturn, TypeVar

from .compound import Union
from .scalars import Type, read_all
from .wire import ContractError, Reader, join_path

if TYPE_CHECKING:
    from . import AccordEnum

E = TypeVar("E", bound="AccordEnum")


def fail(reason: str) -> NoReturn:
    """Raises the ``ContractError`` of a migration that has no value."""
    raise ContractError(reason)


def at(field: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, its ``ContractError`` placed under ``field``."""
    try:
        return compute()
    except ContractError as error:
        raise ContractError(error.reason, join_path(field, error.path) if error.path else field) from None


def each(convert: Callable[[Any], Any], items: Any) -> list[Any]:
    """Every item converted; an error names its index."""
    out: list[Any] = []
    for i, item in enumerate(items):
        try:
            out.append(convert(item))
        except ContractError as error:
            raise ContractError(error.reason, join_path(f"[{i}]", error.path) if error.path else f"[{i}]") from None
    return out


def each_value(convert: Callable[[Any], Any], entries: Mapping[str, Any]) -> dict[str, Any]:
    """Every value converted; an error names its key."""
    out: dict[str, Any] = {}
    for key, item in entries.items():
        try:
            out[key] = convert(item)
        except ContractError as error:
            where = f"[{json.dumps(key, ensure_ascii=False)}]"
            raise ContractError(error.reason, join_path(where, error.path) if error.path else where) from None
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
    reader = Reader(bytes(out))
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
        return read_all(target, bytes(out))
    except ContractError as error:
        raise ContractError(reason or error.reason) from None
