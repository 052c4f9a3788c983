"""Fixtures of the Python target's tests: the generated packages and test vectors of the
bundled shop contracts, the kitchen fixture (every construct), the hostile-names fixture, the
hooks fixture, the boundary fixture (contract keys, every segment kind) and the evolution
fixture (every conversion of the migration plans).

`scripts/test.sh` generates them with the real CLI and points ``ACCORD_PY_GENERATED`` at the
directory holding one sub-directory per project (each with ``python/`` and ``vectors/``).
Without it, they are generated here with ``cargo run``.
"""

from __future__ import annotations

import importlib
import json
import os
import pathlib
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
}


def _generated() -> pathlib.Path:
    given = os.environ.get("ACCORD_PY_GENERATED")
    if given:
        return pathlib.Path(given)
    out = pathlib.Path(tempfile.mkdtemp(prefix="accord-py-"))
    for name, project in PROJECTS.items():
        subprocess.run(
            ["cargo", "run", "-q", "--bin", "accord", "--", "gen", "--target", "python",
             "--target", "vectors", "--out", str(out / name), str(project)],
            cwd=REPO, check=True,
        )
    return out


GENERATED = _generated()


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


def _vectors() -> Iterator[Vector]:
    for project in PROJECTS:
        root = GENERATED / project
        index = json.loads((root / "vectors/index.json").read_text())
        for entry in index["types"]:
            for case in entry["cases"]:
                yield Vector(
                    project,
                    entry["type"],
                    entry["version"],
                    case["name"],
                    (root / case["json"]).read_bytes(),
                    (root / case["avro"]).read_bytes(),
                )


VECTORS = list(_vectors())


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
