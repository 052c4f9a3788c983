"""The base of the classes of machine reducers (docs/coordination.md, "Python"): snapshots and
outcomes are frozen, slotted and compared by value, like ``@dataclass(frozen=True, slots=True)``
classes, for a fraction of the cost of creating a dataclass at import. Only the standard library
is used.
"""

# The modules of the package share its private names (docs/python.md).
# pyright: reportPrivateUsage=false

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

from . import Record, canonical_json

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    from . import dataclass_transform

__all__ = ["Value", "key_json"]


@dataclass_transform(frozen_default=True)
class _ValueType(type):
    """The metaclass of :class:`Value`: the fields of a class are the names its body annotates,
    in order; they become its ``__slots__`` and ``__match_args__``."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _ValueType:
        if bases:
            fields = tuple(namespace.get("__annotations__", ()))
            namespace["__slots__"] = fields
            namespace["__match_args__"] = fields
        return super().__new__(mcls, name, bases, namespace)


class Value(metaclass=_ValueType):
    """Base of snapshots and outcomes: built from their fields, by position or by name; frozen;
    equal and hashed by class and fields."""

    __slots__ = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()

    if not TYPE_CHECKING:

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            cls = type(self)
            fields = cls.__match_args__
            if len(args) > len(fields):
                raise TypeError(f"{cls.__qualname__}() takes {len(fields)} arguments, {len(args)} given")
            values = dict(zip(fields, args))
            for name, value in kwargs.items():
                if name not in fields or name in values:
                    raise TypeError(f"{cls.__qualname__}() got an unexpected or repeated argument {name!r}")
                values[name] = value
            missing = [name for name in fields if name not in values]
            if missing:
                raise TypeError(f"{cls.__qualname__}() is missing {', '.join(missing)}")
            for name in fields:
                object.__setattr__(self, name, values[name])

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__match_args__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Value) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.__class__, self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__match_args__)
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._values())


def key_json(event: Record, attr: str) -> str:
    """The idempotency key of ``event`` (its field ``attr``) as its canonical JSON text: how a
    reducer keeps keys whose Python values are not hashable, or not equal exactly when their
    encodings are (records, lists, maps, unions, floats)."""
    for field in type(event)._FIELDS:
        if field.attr == attr:
            return canonical_json(field.type.to_json(getattr(event, attr), field.wire))
    raise AttributeError(attr)
