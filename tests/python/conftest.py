"""Fixtures of the Python target's tests: the generated packages and test vectors of the
bundled shop contracts, the kitchen fixture (every construct), the hostile-names fixture, the
hooks fixture, the boundary fixture (contract keys, every segment kind), the evolution
fixture (every conversion of the migration plans) and the machines fixture (state machines
without idempotency, over newtypes and another package's event).

`scripts/test.sh` generates them with the real CLI and points ``ACCORD_PY_GENERATED`` at the
directory holding one sub-directory per project (each with ``python/`` and ``vectors/``).
Without it, they are generated here with ``cargo run``, with the table targets (``iceberg/``,
``spark/``, ``parquet/``, ``delta/``); ``table_output`` generates those where they are missing.
"""

from __future__ import annotations

import importlib
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Any, Iterator

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
PROJECTS = {
    "shop": REPO,
    "kitchen": REPO / "compiler/tests/fixtures/kitchen",
    "hostile": REPO / "compiler/tests/fixtures/hostile_python",
    "hooks": REPO / "compiler/tests/fixtures/hooks",
    "boundary": REPO / "compiler/tests/fixtures/boundary",
    "evolution": REPO / "compiler/tests/fixtures/evolution",
    "machines": REPO / "compiler/tests/fixtures/machines",
}


def _generated() -> pathlib.Path:
    given = os.environ.get("ACCORD_PY_GENERATED")
    if given:
        return pathlib.Path(given)
    out = pathlib.Path(tempfile.mkdtemp(prefix="accord-py-"))
    for name, project in PROJECTS.items():
        subprocess.run(
            ["cargo", "run", "-q", "--bin", "accord", "--", "gen", "--target", "python",
             "--target", "vectors", *[a for t in TABLE_TARGETS for a in ("--target", t)],
             "--out", str(out / name), str(project)],
            cwd=REPO, check=True,
        )
    return out


TABLE_TARGETS = ("iceberg", "spark", "parquet", "delta")
GENERATED = _generated()
_TABLE_OUTPUT: dict[str, pathlib.Path] = {}


def table_output(project: str) -> pathlib.Path:
    """The output directory holding the table targets' files of ``project``
    (docs/targets-tables.md): the run's own when it has them, else generated here once."""
    root = GENERATED / project
    if (root / "iceberg").is_dir():
        return root
    if project not in _TABLE_OUTPUT:
        out = pathlib.Path(tempfile.mkdtemp(prefix=f"accord-tables-{project}-"))
        targets = [arg for target in TABLE_TARGETS for arg in ("--target", target)]
        subprocess.run(
            ["cargo", "run", "-q", "--bin", "accord", "--", "gen", *targets, "--out", str(out),
             str(PROJECTS[project])],
            cwd=REPO, check=True,
        )
        _TABLE_OUTPUT[project] = out
    return _TABLE_OUTPUT[project]


def docs_example(index: int) -> str:
    """The ``index``-th Python example of docs/targets-tables.md, which the table tests run."""
    text = (REPO / "docs/targets-tables.md").read_text()
    return re.findall(r"```python\n(.*?)```", text, re.S)[index]


def manifest_stamps(project: str) -> dict[tuple[str, int], dict[str, Any]]:
    """The lineage stamp of every type version of ``project``, from its manifest."""
    manifest = json.loads((GENERATED / project / "accord-manifest.json").read_text())
    return {(t["name"], t["version"]): t["stamp"] for t in manifest["types"]}


def _package(project: str) -> Any:
    python = GENERATED / project / "python"
    if str(python) not in sys.path:
        sys.path.insert(0, str(python))
    (name,) = [p.name for p in python.iterdir() if (p / "__init__.py").exists()]
    return importlib.import_module(name)


@dataclass(frozen=True)
class Vector:
    project: str
    type: str
    version: int
    name: str
    json: bytes
    avro: bytes

    @property
    def id(self) -> str:
        return f"{self.project}:{self.type}@{self.version}:{self.name}"


def _hex(text: str) -> bytes:
    assert text == text.lower(), f"not lowercase hex: {text}"
    return bytes.fromhex(text)


def _vectors() -> Iterator[Vector]:
    """Every case of every project: ``vectors/index.json``, then the ``.vectors.json`` file of
    each type version it lists, checked against the index (docs/json-encoding.md, section 8)."""
    for project in PROJECTS:
        root = GENERATED / project
        index = json.loads((root / "vectors/index.json").read_text())
        files = {entry["file"] for entry in index["types"]}
        assert len(files) == len(index["types"]), f"{project}: a file listed twice"
        on_disk = {p.relative_to(root).as_posix() for p in (root / "vectors").rglob("*.vectors.json")}
        assert on_disk == files, f"{project}: vectors files not in the index"
        for entry in index["types"]:
            doc = json.loads((root / entry["file"]).read_text(encoding="utf-8"))
            for key in ("type", "version", "fingerprint"):
                assert doc[key] == entry[key], f"{entry['file']}: {key}"
            assert [c["name"] for c in doc["cases"]] == entry["cases"], entry["file"]
            fingerprint = bytes.fromhex(doc["fingerprint"])[::-1]
            for case in doc["cases"]:
                avro = _hex(case["avro"])
                assert avro[:2] == b"\xc3\x01" and avro[2:10] == fingerprint, f"{entry['file']} {case['name']}"
                yield Vector(
                    project,
                    doc["type"],
                    doc["version"],
                    case["name"],
                    case["json"].encode("utf-8"),
                    avro,
                )


VECTORS = list(_vectors())


def vectors_of(project: str, type: str, version: int) -> list[Vector]:
    """The cases of ``type@version`` in ``project``, in file order."""
    found = [v for v in VECTORS if v.project == project and v.type == type and v.version == version]
    assert found, f"no vectors for {project}:{type}@{version}"
    return found


@pytest.fixture(scope="session")
def shop() -> Any:
    return _package("shop")


@pytest.fixture(scope="session")
def kitchen() -> Any:
    return _package("kitchen")


@pytest.fixture(scope="session")
def hostile() -> Any:
    return _package("hostile")


def package(project: str) -> Any:
    return _package(project)
