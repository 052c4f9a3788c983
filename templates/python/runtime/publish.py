"""Publication rules of layouts (docs/layouts.md#publication), for the layout classes that
declare them: writers that never expose a partially written file, commit manifests that publish
a group of files at once, and readers that list only published data. Only the standard library
is used.

A writer writes a temporary file in the target's directory (its name starts with ``.accord-tmp-``,
which no data path produces), then publishes it in one step: ``os.link`` where the layout is
immutable (it fails when the path exists, atomically), else ``os.replace``. A group's manifest is
written the same way, last. Readers list only groups that have a manifest, and only the files it
names, at the size it gives; without ``commit``, the data files that exist.
"""

# The modules of the package share its private names (docs/python.md).
# pyright: reportPrivateUsage=false

from __future__ import annotations

import dataclasses
import errno
import hashlib
import itertools
import json
import os
import threading
from typing import Any, Callable, Iterable, Mapping, TypeVar, Union

from .layout import PathPart, layout_prefix, path_text
from .wire import ContractError

__all__ = ["ImmutableError", "PublicationError", "Root", "Rules"]

# A storage root: a directory of the local file system (or a mount of an object store).
Root = Union[str, "os.PathLike[str]"]

T = TypeVar("T")

# The prefix of temporary files: never a data file's or a manifest's name (docs/layouts.md).
TEMP_PREFIX = ".accord-tmp-"

_COUNTER = itertools.count()
_CHUNK = 1 << 16


@dataclasses.dataclass(frozen=True)
class Rules:
    """The publication rules of one layout version."""

    immutable: bool
    """A path, once written, is never rewritten."""
    manifest: str | None
    """The file name of each group's commit manifest (``None``: no ``commit``)."""
    accord: str
    """The version of accord that generated the layout class (written in manifests)."""


class PublicationError(ContractError):
    """Published data breaks the layout's publication rules: a manifest that does not parse or
    names another layout, or a listed file whose size is not the manifest's."""


class ImmutableError(FileExistsError):
    """A write would rewrite a path of an immutable layout, or add to a sealed group (committed,
    in an immutable layout). What was there is left intact."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(errno.EEXIST, reason, path)


def _temp_path(directory: str, name: str) -> str:
    unique = f"{os.getpid()}-{threading.get_ident()}-{next(_COUNTER)}"
    return os.path.join(directory, f"{TEMP_PREFIX}{unique}-{name}")


def _publish(rules: Rules, directory: str, name: str, chunks: Iterable[bytes]) -> str:
    """Writes ``chunks`` to a temporary file in ``directory``, then publishes it as ``name``:
    linked (refused when it exists) where the layout is immutable, else renamed over it."""
    os.makedirs(directory, exist_ok=True)
    target = os.path.join(directory, name)
    temp = _temp_path(directory, name)
    try:
        with open(temp, "xb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if rules.immutable:
            try:
                os.link(temp, target)
            except FileExistsError:
                raise ImmutableError(target, "the path exists and the layout is immutable") from None
        else:
            os.replace(temp, target)
    finally:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
    return target


def write(rules: Rules, root: Root, relative: str, data: bytes | Iterable[bytes]) -> str:
    """Writes ``data`` (bytes, or chunks of bytes) at ``relative`` under ``root``, readers never
    seeing it partially written; returns the full path."""
    directory, name = os.path.split(os.path.join(os.fspath(root), relative))
    if rules.immutable and rules.manifest and os.path.exists(os.path.join(directory, rules.manifest)):
        raise ImmutableError(
            os.path.join(directory, name), "the group is committed and the layout is immutable: it is sealed"
        )
    chunks: Iterable[bytes] = (data,) if isinstance(data, bytes) else data
    return _publish(rules, directory, name, chunks)


def _digest(path: str) -> tuple[int, str]:
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as data:
        for chunk in iter(lambda: data.read(_CHUNK), b""):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def commit(
    rules: Rules,
    layout: str,
    version: int,
    root: Root,
    parts: tuple[PathPart, ...],
    group: Mapping[str, Any],
    parse: Callable[[str], object],
) -> str:
    """Publishes the group of ``group`` (its segment values, by field name): writes its manifest,
    naming each data file of the group's directory with its size and SHA-256, last and at once.
    Returns the manifest's path."""
    manifest = rules.manifest
    if manifest is None:
        raise ValueError(f"`{layout}` version {version} has no `commit`")
    prefix = layout_prefix(parts, group)
    relative = prefix[: prefix.rfind("/") + 1]
    directory = os.path.join(os.fspath(root), relative)
    if rules.immutable and os.path.exists(os.path.join(directory, manifest)):
        raise ImmutableError(os.path.join(directory, manifest), "the group is committed already: it is sealed")
    files: list[dict[str, Any]] = []
    for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
        path = os.path.join(directory, name)
        if name == manifest or name.startswith(TEMP_PREFIX) or not os.path.isfile(path):
            continue
        try:
            parse(relative + name)
        except ContractError:
            continue
        size, sha256 = _digest(path)
        files.append({"name": name, "size": size, "sha256": sha256})
    texts = {p[1]: path_text(p, group[p[2]]) for p in parts if p[0] == "seg" and p[2] in group}
    document = {"accord": rules.accord, "layout": layout, "version": version, "group": texts, "files": files}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return _publish(rules, directory, manifest, (text.encode("utf-8"),))


def _manifest_files(path: str, layout: str) -> list[tuple[str, int]]:
    """The files a manifest names, with their sizes."""
    try:
        with open(path, "rb") as data:
            document = json.loads(data.read())
        if document["layout"] != layout:
            raise PublicationError(f"the manifest is of `{document['layout']}`, not `{layout}`", path)
        return [(str(f["name"]), int(f["size"])) for f in document["files"]]
    except (ValueError, KeyError, TypeError) as error:
        raise PublicationError(f"the manifest does not parse: {error}", path) from None


def published(rules: Rules, layout: str, root: Root, parse: Callable[[str], T]) -> list[tuple[T, str]]:
    """The published data files under ``root``, each with its values, in the order of their paths
    relative to ``root`` (code points: an object store's listing order, and the Rust reader's): with
    ``commit``, the files that the manifest of a group names (at the size it gives); else every
    data file (never a temporary file)."""
    found: list[tuple[str, T, str]] = []
    base = os.fspath(root)
    for directory, subdirs, names in os.walk(base):
        subdirs.sort()
        relative = os.path.relpath(directory, base).replace(os.sep, "/")
        relative = "" if relative == "." else relative + "/"
        if rules.manifest is None:
            candidates = [(n, -1) for n in names if not n.startswith(TEMP_PREFIX)]
        elif rules.manifest in names:
            candidates = _manifest_files(os.path.join(directory, rules.manifest), layout)
        else:
            continue
        for name, size in candidates:
            try:
                value = parse(relative + name)
            except ContractError:
                continue
            path = os.path.join(directory, name)
            if size >= 0 and os.path.getsize(path) != size:
                raise PublicationError(f"the manifest gives {size} bytes, the file has {os.path.getsize(path)}", path)
            found.append((relative + name, value, path))
    found.sort(key=lambda item: item[0])
    return [(value, path) for _, value, path in found]
