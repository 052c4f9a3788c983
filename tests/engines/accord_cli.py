"""Running accord: its verdicts (`check --engine all --format json`) and its generated schemas
(`gen --target avro --target iceberg --target spark --target parquet --target delta`)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from typing import Any

from model import Pair, Table, assign_ids, attach_iceberg_ids, from_avro
from schemas import EngineSchemas, render_arrow, render_delta, render_iceberg, render_spark

TABLE_TARGETS = ("iceberg", "spark", "parquet", "delta")
ENGINES = ("avro", "iceberg-v2", "spark-3.5", "spark-4.0", "parquet", "delta")


class AccordError(Exception):
    pass


@dataclass
class Verdicts:
    """accord's verdicts on one pair: the pair's verdict per engine and its column changes."""

    pair: dict[str, str]
    columns: list[dict[str, Any]]

    def requires(self, engine: str) -> list[str]:
        """The features the engine's `requires` column verdicts name."""
        out = []
        for c in self.columns:
            v = c.get("verdicts", {}).get(engine)
            if v and v.get("verdict") == "requires" and v.get("requires"):
                out.append(v["requires"])
        return sorted(set(out))


@dataclass
class Project:
    """One accord project: every versioned record type's tables, schemas and verdicts."""

    root: str
    tables: dict[tuple[str, int], Table] = field(default_factory=dict)
    schemas: dict[tuple[str, int], EngineSchemas] = field(default_factory=dict)
    verdicts: dict[tuple[str, int, int], Verdicts] = field(default_factory=dict)
    targets_generated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def pair(self, type_name: str, frm: int, to: int, write: int | None = None) -> Pair:
        w = frm if write is None else write
        steps = [self.tables[(type_name, v)] for v in range(w + 1, to + 1)]
        return Pair(type_name=type_name, old=self.tables[(type_name, w)],
                    new=self.tables[(type_name, to)], steps=steps)


def run(accord: str, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([accord, *args], capture_output=True, text=True)


def check(accord: str, root: str) -> dict[tuple[str, int, int], Verdicts]:
    p = run(accord, ["check", "--engine", "all", "--format", "json", root])
    if p.returncode not in (0, 1):
        raise AccordError(f"accord check failed ({p.returncode}): {p.stderr.strip()[:2000]}")
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError as e:
        raise AccordError(f"accord check printed no JSON: {p.stdout[:500]} {p.stderr[:500]}") from e
    others = [d for d in doc.get("diagnostics", [])
              if d.get("severity") == "error" and not str(d.get("code", "")).startswith("E")]
    if others:
        raise AccordError("accord check reports errors besides engine findings: "
                          + "; ".join(f"{d['code']} {d['message']}" for d in others[:5]))
    engines = doc.get("engines")
    if not engines:
        raise AccordError("accord check --engine all printed no `engines` object")
    out = {}
    for ch in engines["changes"]:
        out[(ch["type"], int(ch["from"]), int(ch["to"]))] = Verdicts(
            pair=dict(ch["verdicts"]), columns=list(ch.get("columns", [])))
    return out


def _stem_files(out: str, target: str, ext: str) -> dict[tuple[str, int], str]:
    """(full type name, version) -> file, for every versioned type's files of a target."""
    base = os.path.join(out, target)
    found: dict[tuple[str, int], str] = {}
    for d, _, files in os.walk(base):
        for f in files:
            if not f.endswith(ext):
                continue
            stem = f[: -len(ext)]
            if ".v" not in stem:
                continue
            name, _, v = stem.rpartition(".v")
            if not v.isdigit():
                continue
            rel = os.path.relpath(os.path.join(d, name), base).replace(os.sep, ".")
            found[(rel, int(v))] = os.path.join(d, f)
    return found


def generate(accord: str, root: str, out: str, local: bool = False) -> list[str]:
    """Generates Avro and every table target accord knows; returns the table targets made."""
    made: list[str] = []
    p = run(accord, ["gen", "--target", "avro", "--out", out, root])
    if p.returncode != 0:
        raise AccordError(f"accord gen --target avro failed: {p.stderr.strip()[:2000]}")
    if local:
        return made
    for t in TABLE_TARGETS:
        p = run(accord, ["gen", "--target", "avro", "--target", t, "--out", out, root])
        if p.returncode == 0:
            made.append(t)
        elif "unknown target" not in p.stderr:
            raise AccordError(f"accord gen --target {t} failed: {p.stderr.strip()[:2000]}")
    if made:  # one run with every target, so that the output directory holds them all
        args = ["gen", "--target", "avro"]
        for t in made:
            args += ["--target", t]
        p = run(accord, [*args, "--out", out, root])
        if p.returncode != 0:
            raise AccordError(f"accord gen failed: {p.stderr.strip()[:2000]}")
    return made


def load(accord: str, root: str, out: str, local: bool = False) -> Project:
    proj = Project(root=root)
    proj.verdicts = check(accord, root)
    proj.targets_generated = generate(accord, root, out, local)
    avsc = _stem_files(out, "avro", ".avsc")
    gen = {t: _stem_files(out, t, ".json") for t in proj.targets_generated}
    versions: dict[str, list[int]] = {}
    for name, v in avsc:
        versions.setdefault(name, []).append(v)
    for name, vs in versions.items():
        vs.sort()
        docs = [_read(avsc[(name, v)]) for v in vs]
        if docs[0].get("type") != "record":
            continue
        tables = [from_avro(d, v) for d, v in zip(docs, vs)]
        if "iceberg" in gen and all((name, v) in gen["iceberg"] for v in vs):
            tables = [attach_iceberg_ids(t, _read(gen["iceberg"][(name, t.version)]))
                      for t in tables]
        else:
            tables = assign_ids(tables)
        for t, d in zip(tables, docs):
            key = (name, t.version)
            proj.tables[key] = t
            proj.schemas[key] = _schemas(t, d, {k: g.get(key) for k, g in gen.items()})
    missing = [k for k in proj.verdicts if (k[0], k[1]) not in proj.tables]
    if missing:
        proj.notes.append(f"{len(missing)} judged pairs without generated Avro: {missing[:3]}")
    return proj


def _read(path: str) -> dict[str, Any]:
    with open(path) as f:
        doc: dict[str, Any] = json.load(f)
    return doc


def _schemas(t: Table, avro: dict[str, Any], files: dict[str, str | None]) -> EngineSchemas:
    origin = {}
    docs: dict[str, Any] = {}
    render = {"iceberg": render_iceberg, "spark": render_spark, "parquet": render_arrow,
              "delta": render_delta}
    for target, fn in render.items():
        path = files.get(target)
        if path:
            docs[target] = _read(path)
            origin[target] = "accord"
        else:
            docs[target] = fn(t)
            origin[target] = "hand-made"
    return EngineSchemas(iceberg=docs["iceberg"], spark=docs["spark"], arrow=docs["parquet"],
                         delta=docs["delta"], avro=avro, origin=origin)
