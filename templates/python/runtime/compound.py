"""The type descriptors of enums, lists, maps, unions, newtypes and records, and of record
fields: each composes the descriptors of what it holds."""

# The descriptors of records and enums read the private names generated classes share
# (`_FIELDS`, `_DEFAULT`, ...), which pyright's strict mode would report (docs/python.md).
# pyright: reportPrivateUsage=false

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any, Callable, Generic, Mapping, Sequence, TypeVar, cast

from .scalars import STRING, Type, utf8
from .wire import MAX_DEPTH, ContractError, Reader, join_path, json_object, kind_of, type_error, write_bytes, write_long

if TYPE_CHECKING:
    from . import AccordEnum, Record, Wrapper

R = TypeVar("R", bound="Record")
C = TypeVar("C")


class _Named(Type, Generic[C]):
    """A named type whose values are the instances of one generated class: ``get`` returns the
    class (a lambda, so that modules referring to each other import in any order)."""

    def __init__(self, get: Callable[[], type[C]]) -> None:
        self.get = get

    def matches(self, value: Any) -> bool:
        return isinstance(value, self.get())

    def check(self, value: Any, path: str) -> Any:
        cls = self.get()
        if not isinstance(value, cls):
            raise type_error(cls.__name__, value, path)
        return value


class Enum(_Named["AccordEnum"]):
    """An enum type: ``get`` returns its :class:`AccordEnum` class."""

    def to_json(self, value: Any, path: str) -> Any:
        return self.check(value, path).value

    def from_json(self, data: Any, path: str) -> Any:
        cls = self.get()
        if not isinstance(data, str):
            raise type_error(f"a symbol of {cls.FULL_NAME}", data, path)
        member = cls._value2member_map_.get(data)
        if member is None:
            if cls._DEFAULT is not None:
                return cls(cls._DEFAULT)
            raise ContractError(f"{data!r} is not a symbol of {cls.FULL_NAME}", path)
        return member

    def write(self, value: Any, out: bytearray, path: str) -> None:
        write_long(self.check(value, path)._index(), out)

    def read(self, reader: Reader) -> Any:
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
            raise type_error("a list", value, path)
        return cast("Sequence[Any]", value)

    def check(self, value: Any, path: str) -> Any:
        item = self.item
        return [item.check(v, f"{path}[{i}]") for i, v in enumerate(self._items(value, path))]

    def to_json(self, value: Any, path: str) -> Any:
        item = self.item
        return [item.to_json(v, f"{path}[{i}]") for i, v in enumerate(self._items(value, path))]

    def from_json(self, data: Any, path: str) -> Any:
        if not isinstance(data, list):
            raise type_error("a JSON array", data, path)
        item = self.item
        return [item.from_json(v, f"{path}[{i}]") for i, v in enumerate(cast("list[object]", data))]

    def write(self, value: Any, out: bytearray, path: str) -> None:
        items = self._items(value, path)
        if items:
            write_long(len(items), out)
            for i, v in enumerate(items):
                self.item.write(v, out, f"{path}[{i}]")
        out.append(0)

    def read(self, reader: Reader) -> Any:
        return [self.item.read(reader) for _ in reader.blocks()]


class Map(Type):
    exact = (dict,)

    def __init__(self, value: Type) -> None:
        self.value = value

    def matches(self, value: Any) -> bool:
        return isinstance(value, Mapping)

    def _entries(self, value: Any, path: str) -> Any:
        if not isinstance(value, Mapping):
            raise type_error("a dict", value, path)
        entries = cast("Mapping[object, Any]", value)
        for key in entries:
            if not isinstance(key, str):
                raise ContractError(f"map keys are str, found {kind_of(key)}", path)
        return entries.items()

    def check(self, value: Any, path: str) -> Any:
        item = self.value
        return {k: item.check(v, f"{path}[{json.dumps(k, ensure_ascii=False)}]") for k, v in self._entries(value, path)}

    def to_json(self, value: Any, path: str) -> Any:
        item = self.value
        return {k: item.to_json(v, f"{path}[{json.dumps(k, ensure_ascii=False)}]") for k, v in self._entries(value, path)}

    def from_json(self, data: Any, path: str) -> Any:
        if not isinstance(data, dict):
            raise type_error("a JSON object", data, path)
        return self.check_keys_and(cast("dict[str, Any]", data), path)

    def check_keys_and(self, data: dict[str, Any], path: str) -> Any:
        item = self.value
        return {k: item.from_json(v, f"{path}[{json.dumps(k, ensure_ascii=False)}]") for k, v in data.items()}

    def write(self, value: Any, out: bytearray, path: str) -> None:
        entries = list(self._entries(value, path))
        if entries:
            write_long(len(entries), out)
            for k, v in entries:
                write_bytes(utf8(k, path), out)
                self.value.write(v, out, f"{path}[{json.dumps(k, ensure_ascii=False)}]")
        out.append(0)

    def read(self, reader: Reader) -> Any:
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
        raise ContractError(f"{kind_of(value)} is no branch of the union ({tags})", path)

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
        entries = json_object(data)
        if entries is None or len(entries) != 1:
            tags = ", ".join(repr(t) for t in self.by_tag)
            raise type_error(f"a union object with one key of {tags}", data, path)
        ((tag, inner),) = entries.items()
        found = self.by_tag.get(tag)
        if found is None:
            raise ContractError(f"unknown union branch {tag!r}", path)
        return found[1].type.from_json(inner, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        index, branch = self.choose(value, path)
        write_long(index, out)
        if branch is not None:
            branch.type.write(value, out, path)

    def read(self, reader: Reader) -> Any:
        index = reader.long()
        if not 0 <= index < len(self.branches):
            raise ContractError(f"union index {index} is out of range ({len(self.branches)} branches)")
        branch = self.branches[index]
        return None if branch is None else branch.type.read(reader)


class Wrap(_Named["Wrapper"]):
    """A union branch held in a :class:`Wrapper` class, because another branch of the same
    union has the same Python type (``int`` and ``long``, two ``bytes``, ...)."""

    def __init__(self, get: Callable[[], type[Wrapper]], inner: Type) -> None:
        super().__init__(get)
        self.inner = inner

    def check(self, value: Any, path: str) -> Any:
        wrapper = super().check(value, path)
        inner = self.inner.check(wrapper.value, path)
        cls: Any = self.get()
        return wrapper if inner is wrapper.value else cls(inner)

    def to_json(self, value: Any, path: str) -> Any:
        return self.inner.to_json(self.check(value, path).value, path)

    def from_json(self, data: Any, path: str) -> Any:
        cls: Any = self.get()
        return cls(self.inner.from_json(data, path))

    def write(self, value: Any, out: bytearray, path: str) -> None:
        self.inner.write(self.check(value, path).value, out, path)

    def read(self, reader: Reader) -> Any:
        cls: Any = self.get()
        return cls(self.inner.read(reader))


class Rec(_Named["Record"]):
    """A record type: ``get`` returns its :class:`Record` class."""

    def to_json(self, value: Any, path: str) -> Any:
        self.check(value, path)
        return {f.wire: f.type.to_json(getattr(value, f.attr), join_path(path, f.wire)) for f in value._FIELDS}

    def from_json(self, data: Any, path: str) -> Any:
        cls = self.get()
        if not isinstance(data, Mapping):
            raise type_error(f"a JSON object ({cls.FULL_NAME})", data, path)
        kwargs: dict[str, Any] = {}
        for f in cls._FIELDS:
            if f.wire in data:
                kwargs[f.attr] = f.type.from_json(data[f.wire], join_path(path, f.wire))
            elif not f.optional:
                raise ContractError("required field is missing", join_path(path, f.wire))
        return construct(cls, kwargs, path)

    def write(self, value: Any, out: bytearray, path: str) -> None:
        self.check(value, path)
        for f in value._FIELDS:
            f.type.write(getattr(value, f.attr), out, join_path(path, f.wire))

    def read(self, reader: Reader) -> Any:
        cls = self.get()
        if reader.depth >= MAX_DEPTH:
            raise ContractError(f"records nested more than {MAX_DEPTH} deep")
        reader.depth += 1
        value = from_reader(cls, {f.attr: f.type.read(reader) for f in cls._FIELDS})
        reader.depth -= 1
        return value


@dataclasses.dataclass(frozen=True)
class Field:
    """A record field: Python attribute, wire name, type; ``optional`` when it has a default;
    ``deprecated`` holds the reason (possibly empty) of a deprecated field."""

    attr: str
    wire: str
    type: Type
    optional: bool = False
    deprecated: str | None = None


def construct(cls: type[R], kwargs: dict[str, Any], path: str) -> R:
    try:
        return cls(**kwargs)
    except ContractError as error:
        raise ContractError(error.reason, join_path(path, error.path) if error.path else path) from None


def from_reader(cls: type[R], values: dict[str, Any]) -> R:
    """A record of field values the Avro reader produced: each type's ``read`` validates and
    normalizes as ``check`` does, so they are not checked a second time; deprecated fields warn
    as in the constructor."""
    record: Any = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(record, name, value)
    record._warn_deprecated()
    result: R = record
    return result
