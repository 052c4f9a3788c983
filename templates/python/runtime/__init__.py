"""Runtime support of the generated package: the base classes of generated records, enums,
newtypes and codecs, the JSON encoding of docs/json-encoding.md (canonical form included), the
Avro binary and single-object encodings, the registry and lazy imports.

Generated classes describe their fields with the type descriptors of ``scalars`` and ``compound``,
re-exported here; every encoder and decoder is written once, in those modules. ``wire`` holds the
error type and the Avro and JSON primitives. ``migrate``, ``layout``, ``topic``, ``publish`` and
``machine`` come only with packages that have migrations, layouts, topics, publication rules or
machines. Only the standard library is used (fastavro is optional: see :func:`fastavro_schema`).
"""

# The modules of the package share its private names (`_FIELDS`, ...), which pyright's strict
# mode would report where a source tree holds the package (docs/python.md).
# pyright: reportPrivateUsage=false

from __future__ import annotations

import dataclasses
import enum as _enum
import importlib as _importlib
import json
import sys
import warnings
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    ClassVar,
    Iterator,
    Mapping,
    NoReturn,
    Sequence,
    TypeVar,
    cast,
)

# The descriptors and primitives generated code reads as `_rt.<name>`.
from .compound import (
    Branch as Branch,
    Enum as Enum,
    Field as Field,
    List as List,
    Map as Map,
    Rec as Rec,
    Union as Union,
    Wrap as Wrap,
)
from .scalars import (
    BOOL as BOOL,
    BYTES as BYTES,
    DATE as DATE,
    DOUBLE as DOUBLE,
    FLOAT as FLOAT,
    INT as INT,
    LOCAL_TIMESTAMP_MS as LOCAL_TIMESTAMP_MS,
    LOCAL_TIMESTAMP_US as LOCAL_TIMESTAMP_US,
    LONG as LONG,
    NULL as NULL,
    STRING as STRING,
    TIME_MS as TIME_MS,
    TIME_US as TIME_US,
    TIMESTAMP_MS as TIMESTAMP_MS,
    TIMESTAMP_US as TIMESTAMP_US,
    UUID as UUID,
    Decimal as Decimal,
    Fixed as Fixed,
    Type as Type,
    read_all,
)
from .wire import (
    ContractError as ContractError,
    canonical_json as canonical_json,
    format_double as format_double,
    parse_json,
    write_long,
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


# --- generated classes --------------------------------------------------------------------------

R = TypeVar("R", bound="Record")
E = TypeVar("E", bound="AccordEnum")


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
        return cls.from_dict(parse_json(text))

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
        value: R = read_all(Rec(lambda: cls), data)
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
        return cls.from_dict(parse_json(text))

    def to_avro_datum(self) -> bytes:
        out = bytearray()
        write_long(self._index(), out)
        return bytes(out)

    def to_avro(self) -> bytes:
        return _single_object(type(self).FINGERPRINT, self.to_avro_datum())

    @classmethod
    def from_avro_datum(cls: type[E], data: bytes) -> E:
        member: E = read_all(Enum(lambda: cls), data)
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
        return cls._from_dict(parse_json(text))

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
        return read_all(cls._TYPE, data)

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


# ---- migrations (docs/migrations.md) -------------------------------------------------------
# The package root's `upgrade` finds the generated step of a pair of versions here; what the
# steps call is in `migrate`, which only packages that have migrations get.


def migrate_to(
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
