"""Writers of ``test_publication.py`` that run in other processes (multiprocessing, spawned):
a module of its own, so that a child imports only the generated package (``sys.path`` is given)
and not the test module and its fixtures."""

from __future__ import annotations

import datetime
import importlib
import sys
import time
from typing import Any, Iterator

PARTS = 3
FILLER = 6_000


def content(label: str) -> bytes:
    """A data file: its label, filler, and a trailer that only a complete file has."""
    return f"BEGIN {label}\n".encode() + b"x" * FILLER + f"\nEND {label}\n".encode()


def slowly(data: bytes, pause: float = 0.0003) -> Iterator[bytes]:
    """``data`` in chunks of 512 bytes, sleeping before each: a writer that takes its time."""
    for at in range(0, len(data), 512):
        time.sleep(pause)
        yield data[at : at + 512]


def ledger(python_dir: str, package: str) -> Any:
    """The boundary fixture's ``LedgerBatches`` class (immutable, commit)."""
    if python_dir not in sys.path:
        sys.path.insert(0, python_dir)
    return importlib.import_module(f"{package}.bank.storage").LedgerBatches


def write_groups(python_dir: str, package: str, root: str, tenant: str, days: int) -> int:
    """Writes ``days`` groups of ``PARTS`` files each for ``tenant``, committing each group after
    its files; returns the number of files written."""
    cls = ledger(python_dir, package)
    written = 0
    for d in range(days):
        day = datetime.date(2024, 5, 1) + datetime.timedelta(days=d)
        for part in range(PARTS):
            batch = cls(tenant=tenant, day=day, part=part)
            batch.write(root, slowly(content(batch.path())))
            written += 1
        cls.commit(root, tenant=tenant, day=day)
    return written


def race(python_dir: str, package: str, root: str, label: str) -> bool:
    """Writes one immutable path of ``Drops``; whether this write won."""
    if python_dir not in sys.path:
        sys.path.insert(0, python_dir)
    storage = importlib.import_module(f"{package}.bank.storage")
    publish = importlib.import_module(f"{package}._runtime.publish")
    try:
        storage.Drops(tenant="race", seq=1).write(root, slowly(content(label)))
        return True
    except publish.ImmutableError:
        return False
