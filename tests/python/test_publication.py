"""Publication rules of the generated layout classes (docs/layouts.md#publication) on a real
directory tree, with concurrent writers and readers in threads and in processes: readers never
see a partially written file or a group that is not committed; an immutable path is written once
(the other writers are refused and the content stays intact); a committed group of an immutable
layout is sealed; the manifest is what the docs say.

``LedgerBatches`` (boundary fixture) is immutable with ``commit``, ``Drops`` immutable alone, the
shop's ``OrderExportV3`` has ``commit`` alone, ``Parts`` has ``commit`` with a data path without
``/`` (the whole root is one group). ``tests/tests/publication.rs`` checks the same of
the Rust structs.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json
import multiprocessing
import os
import pathlib
import threading
from typing import Any

import pytest

from conftest import GENERATED, package
from publication_worker import PARTS, content, race, slowly, write_groups

DAY = datetime.date(2024, 5, 1)


def _module(project: str, name: str) -> Any:
    return importlib.import_module(f"{package(project).__name__}.{name}")


def _python_dir(project: str) -> str:
    return str(GENERATED / project / "python")


def _check_listing(cls: Any, root: pathlib.Path, committed: bool) -> int:
    """Lists ``root`` once: every file complete, and (with ``commit``) in a committed, whole group."""
    listed = cls.list(root)
    for value, path in listed:
        assert pathlib.Path(path).read_bytes() == content(value.path()), path
        if committed:
            assert (pathlib.Path(path).parent / "_MANIFEST.json").is_file()
    if committed:
        assert len(listed) % PARTS == 0, "whole groups only"
    return len(listed)


def _poll(cls: Any, root: pathlib.Path, committed: bool, done: threading.Event, counts: list[int]) -> None:
    while True:
        finished = done.is_set()
        counts.append(_check_listing(cls, root, committed))
        if finished:
            return


def _readers(cls: Any, root: pathlib.Path, committed: bool) -> tuple[threading.Event, list[threading.Thread], list[int]]:
    done = threading.Event()
    counts: list[int] = []
    readers = [threading.Thread(target=_poll, args=(cls, root, committed, done, counts)) for _ in range(2)]
    for reader in readers:
        reader.start()
    return done, readers, counts


def test_thread_writers_and_readers_see_only_committed_complete_groups(tmp_path: pathlib.Path) -> None:
    cls = _module("boundary", "bank.storage").LedgerBatches
    done, readers, counts = _readers(cls, tmp_path, committed=True)
    name = package("boundary").__name__
    writers = [
        threading.Thread(target=write_groups, args=(_python_dir("boundary"), name, str(tmp_path), f"t/{w}", 3))
        for w in range(3)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    done.set()
    for reader in readers:
        reader.join()
    assert counts[-1] == 3 * 3 * PARTS
    assert _check_listing(cls, tmp_path, committed=True) == 3 * 3 * PARTS


def test_process_writers_and_thread_readers(tmp_path: pathlib.Path) -> None:
    cls = _module("boundary", "bank.storage").LedgerBatches
    done, readers, _ = _readers(cls, tmp_path, committed=True)
    name = package("boundary").__name__
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        jobs = [
            pool.apply_async(write_groups, (_python_dir("boundary"), name, str(tmp_path), f"p{w}", 2))
            for w in range(3)
        ]
        written = sum(job.get(timeout=120) for job in jobs)
    done.set()
    for reader in readers:
        reader.join()
    assert written == 3 * 2 * PARTS
    assert _check_listing(cls, tmp_path, committed=True) == written


def test_group_invisible_until_committed_then_sealed(tmp_path: pathlib.Path) -> None:
    storage = _module("boundary", "bank.storage")
    publish = _module("boundary", "_publish")
    batch = lambda part: storage.LedgerBatches(tenant="acme", day=DAY, part=part)  # noqa: E731
    batch(0).write(tmp_path, content(batch(0).path()))
    batch(1).write(tmp_path, content(batch(1).path()))
    directory = tmp_path / "ledger/acme/day=2024-05-01"
    (directory / f"{publish.TEMP_PREFIX}1-1-part-00002.json").write_bytes(b"partial")
    assert storage.LedgerBatches.list(tmp_path) == []
    manifest = storage.LedgerBatches.commit(tmp_path, tenant="acme", day=DAY)
    assert manifest == str(directory / "_MANIFEST.json")
    assert [v.part for v, _ in storage.LedgerBatches.list(tmp_path)] == [0, 1]
    with pytest.raises(publish.ImmutableError):
        batch(2).write(tmp_path, b"late")
    assert not (directory / "part-00002.json").exists()
    with pytest.raises(publish.ImmutableError):
        storage.LedgerBatches.commit(tmp_path, tenant="acme", day=DAY)
    document = json.loads(pathlib.Path(manifest).read_text())
    assert document["layout"] == "bank.storage.LedgerBatches"
    assert document["version"] == 1
    assert document["group"] == {"tenant": "acme", "day": "2024-05-01"}
    assert [f["name"] for f in document["files"]] == ["part-00000.json", "part-00001.json"]
    for entry in document["files"]:
        data = (directory / entry["name"]).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_an_immutable_path_is_written_once_by_racing_processes(tmp_path: pathlib.Path) -> None:
    name = package("boundary").__name__
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        jobs = [pool.apply_async(race, (_python_dir("boundary"), name, str(tmp_path), f"w{i}")) for i in range(6)]
        won = [i for i, job in enumerate(jobs) if job.get(timeout=120)]
    assert len(won) == 1, won
    drop = _module("boundary", "bank.storage").Drops(tenant="race", seq=1)
    path = tmp_path / drop.path()
    assert path.read_bytes() == content(f"w{won[0]}")
    with pytest.raises(_module("boundary", "_publish").ImmutableError):
        drop.write(tmp_path, b"rewrite")
    assert path.read_bytes() == content(f"w{won[0]}")
    assert os.listdir(path.parent) == ["1.json"], "no temporary file is left"


def test_readers_without_commit_never_see_a_partial_file(tmp_path: pathlib.Path) -> None:
    cls = _module("boundary", "bank.storage").Drops
    done, readers, counts = _readers(cls, tmp_path, committed=False)

    def writer(w: int) -> None:
        for seq in range(6):
            drop = cls(tenant=f"w{w}", seq=seq)
            drop.write(tmp_path, slowly(content(drop.path())))

    writers = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    for reader in readers:
        reader.join()
    assert counts[-1] == 18


def test_a_mutable_layout_replaces_at_once_and_checks_sizes(tmp_path: pathlib.Path) -> None:
    storage = _module("shop", "shop.storage")
    customers = _module("shop", "shop.customers")
    publish = _module("shop", "_publish")
    export = storage.OrderExportV3(customer_id=customers.CustomerId("c/42"), day=DAY, part=1)
    export.write(tmp_path, b"first")
    export.write(tmp_path, b"second")
    assert storage.OrderExportV3.list(tmp_path) == []
    storage.OrderExportV3.commit(tmp_path, customer_id=customers.CustomerId("c/42"), day=DAY)
    [(value, path)] = storage.OrderExportV3.list(tmp_path)
    assert value == export and pathlib.Path(path).read_bytes() == b"second"
    export.write(tmp_path, b"third, longer")
    with pytest.raises(publish.PublicationError, match="bytes"):
        storage.OrderExportV3.list(tmp_path)


def test_a_path_without_directory_makes_the_root_one_group(tmp_path: pathlib.Path) -> None:
    parts = _module("boundary", "bank.storage").Parts
    parts(part=0).write(tmp_path, b"zero")
    parts(part=1).write(tmp_path, b"one")
    assert parts.list(tmp_path) == []
    manifest = parts.commit(tmp_path)
    assert manifest == str(tmp_path / "_MANIFEST.json")
    assert [p.part for p, _ in parts.list(tmp_path)] == [0, 1]
    assert json.loads(pathlib.Path(manifest).read_text())["group"] == {}
