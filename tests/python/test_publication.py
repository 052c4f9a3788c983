"""Publication rules of the generated layout classes (docs/layouts.md#publication) on a real
directory tree, with concurrent writers and readers in threads and in processes: readers never
see a partially written file or a group that is not committed; an immutable path is written once
(the other writers are refused and the content stays intact); a committed group of an immutable
layout is sealed; the manifest is what the docs say.

``LedgerBatches`` (boundary fixture) is immutable with ``commit``, ``Drops`` immutable alone, the
shop's ``OrderExportV3`` has ``commit`` alone, ``Parts`` has ``commit`` with a data path without
``/`` (the whole root is one group). ``tests/tests/publication.rs`` checks the same of
the Rust structs.

Across languages: ``tests/fixtures/publication/`` holds a golden tree of committed groups
(``cases.json`` says what was written; its README how the tree is regenerated). The Python writer
must write it byte for byte and the Python reader list exactly its committed files; the Rust
tests check the same of the Rust writer and reader, so the two languages write the same manifests
and read each other's.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json
import multiprocessing
import os
import pathlib
import re
import shutil
import threading
from typing import Any

import pytest

from conftest import GENERATED, REPO, package
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
    publish = _module("boundary", "_runtime.publish")
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
    with pytest.raises(_module("boundary", "_runtime.publish").ImmutableError):
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
    publish = _module("shop", "_runtime.publish")
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


# The golden tree of tests/fixtures/publication/ (see its README.md), shared with
# tests/tests/publication.rs.

FIXTURE = REPO / "tests/fixtures/publication"
CASES: dict[str, Any] = json.loads((FIXTURE / "cases.json").read_text(encoding="utf-8"))
GOLDEN_CASES = pytest.mark.parametrize("case", CASES["layouts"], ids=lambda case: case["struct"])


def _accord_version() -> str:
    """The workspace's version (Cargo.toml's ``[workspace.package]``): the accord that generated
    the packages under test."""
    cargo = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    found = re.search(r"^\[workspace\.package\]$[^\[]*?^version = \"([^\"]+)\"$", cargo, re.M)
    assert found, "Cargo.toml has a workspace version"
    return found.group(1)


def _golden_class(case: dict[str, Any]) -> Any:
    cls = getattr(_module(case["project"], case["module"]), case["struct"])
    assert (cls.LAYOUT, cls.VERSION) == (case["layout"], case["version"])
    return cls


def _golden_segments(case: dict[str, Any], segments: dict[str, Any]) -> dict[str, Any]:
    """A group's segment values as the layout class takes them."""
    convert: dict[str, Any] = {"day": datetime.date.fromisoformat}
    if case["project"] == "shop":
        convert["customer_id"] = _module("shop", "shop.customers").CustomerId
    return {name: convert.get(name, str)(value) for name, value in segments.items()}


def _golden_data(file: dict[str, Any]) -> bytes:
    """A file's content: its ``text`` (UTF-8) ``repeat`` times."""
    data: bytes = file["text"].encode("utf-8") * file["repeat"]
    return data


def _late(file: dict[str, Any]) -> bool:
    """Written after its group's commit (so not in its manifest)."""
    return bool(file.get("after_commit", False))


def _tree(root: pathlib.Path) -> dict[str, bytes]:
    """Every file under ``root`` by its path relative to ``root`` (with ``/``), with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if not p.is_dir()}


def _swap_version(manifest: bytes, old: str, new: str, path: str) -> bytes:
    """Replaces the manifest line ``  "accord": "<old>",`` by the one of ``new``, which must be
    there exactly once."""
    text = manifest.decode("utf-8")
    line = lambda version: f"\n  \"accord\": {json.dumps(version)},\n"  # noqa: E731
    assert text.count(line(old)) == 1, f"{path} has one line `\"accord\": {old!r}`:\n{text}"
    return text.replace(line(old), line(new)).encode("utf-8")


def _golden_tree(case: dict[str, Any]) -> dict[str, bytes]:
    """The golden tree of ``case`` as the current version of accord writes it (the placeholder of
    the ``"accord"`` field replaced by this version)."""
    return {
        path: _swap_version(data, CASES["version_placeholder"], _accord_version(), path)
        if path.endswith("/" + case["manifest"])
        else data
        for path, data in _tree(FIXTURE / "trees" / case["struct"]).items()
    }


def test_the_golden_cases_are_the_rust_tests() -> None:
    assert [case["struct"] for case in CASES["layouts"]] == ["OrderExportV3", "LedgerBatches"]


@GOLDEN_CASES
def test_the_python_writer_writes_the_golden_tree_byte_for_byte(case: dict[str, Any], tmp_path: pathlib.Path) -> None:
    """The same files (nothing else, no temporary file left) with the same bytes, manifests
    included. The fixture's manifests hold a placeholder where the writer writes its version:
    the field changes with every release while no other byte does; the whole line is substituted,
    once per manifest, with the workspace's version (tests/tests/publication.rs says more)."""
    cls = _golden_class(case)
    for group in case["groups"]:
        segments = _golden_segments(case, group["segments"])
        directory = tmp_path / group["directory"]
        for file in [f for f in group["files"] if not _late(f)]:
            path = cls(**segments, part=file["part"]).write(tmp_path, _golden_data(file))
            assert path == str(directory / file["name"])
        if group["committed"]:
            manifest = cls.commit(tmp_path, **segments)
            assert manifest == str(directory / case["manifest"])
        for file in [f for f in group["files"] if _late(f)]:
            path = cls(**segments, part=file["part"]).write(tmp_path, _golden_data(file))
            assert path == str(directory / file["name"])
    written, golden = _tree(tmp_path), _golden_tree(case)
    assert sorted(written) == sorted(golden), "the files written are the golden tree's"
    for path, data in written.items():
        assert data == golden[path], f"{path}: the Python writer wrote\n{data!r}\nthe golden file is\n{golden[path]!r}"


@GOLDEN_CASES
def test_the_python_reader_lists_exactly_the_committed_files_of_the_golden_tree(case: dict[str, Any]) -> None:
    """The files that the manifests name: not a group without manifest, not a file written after
    its group's commit, never a manifest; in the order of the paths' text, the Rust reader's and
    an object store's (``customer=c%2F42%25/`` before ``customer=c/``)."""
    cls = _golden_class(case)
    root = FIXTURE / "trees" / case["struct"]
    expected = [
        (
            cls(**_golden_segments(case, group["segments"]), part=file["part"]),
            str(root / group["directory"] / file["name"]),
        )
        for group in case["groups"]
        if group["committed"]
        for file in group["files"]
        if not _late(file)
    ]
    assert list(cls.list(root)) == sorted(expected, key=lambda entry: entry[1])


@GOLDEN_CASES
def test_a_golden_file_of_another_size_fails_the_python_reader(case: dict[str, Any], tmp_path: pathlib.Path) -> None:
    """A copy of the golden tree, listed fine, with the first file of its first committed group
    rewritten one byte longer: ``list`` raises ``PublicationError`` naming that file."""
    cls = _golden_class(case)
    publish = _module(case["project"], "_runtime.publish")
    root = tmp_path / "copy"
    shutil.copytree(FIXTURE / "trees" / case["struct"], root)
    assert cls.list(root)
    group = next(g for g in case["groups"] if g["committed"])
    file = group["files"][0]
    path = root / group["directory"] / file["name"]
    path.write_bytes(_golden_data(file) + b"!")
    with pytest.raises(publish.PublicationError, match="bytes") as error:
        cls.list(root)
    assert error.value.path == str(path)
