"""The harness side of the Spark engines: tasks for spark_worker.py (run by the pyspark of each
Spark line in its own virtualenv, concurrently with the other engines), and their results as
`Read`s."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

from arrowconv import Read
from codec import dec, enc
from engines_py import Job
from model import Col, Ty

HERE = os.path.dirname(os.path.abspath(__file__))


def _spark_kind(t: Any) -> str:
    return t if isinstance(t, str) else t["type"]


def to_spark(v: Any, ty: Ty, st: Any) -> Any:
    """A neutral value as pyspark takes it for Spark type `st` (times as int/long)."""
    if v is None:
        return None
    k = _spark_kind(st)
    if k == "struct":
        fields = {f["name"]: f["type"] for f in st["fields"]}
        cols = {c.name: c for c in ty.fields} if ty.kind == "struct" else {}
        return {n: to_spark(v.get(n), cols[n].ty, t) if n in cols else None
                for n, t in fields.items()}
    if k == "array":
        assert ty.element is not None
        return [to_spark(x, ty.element.ty, st["elementType"]) for x in v]
    if k == "map":
        assert ty.value is not None
        return {key: to_spark(x, ty.value.ty, st["valueType"]) for key, x in v.items()}
    if ty.kind in ("time_ms", "time_us") and k in ("integer", "long"):
        us = ((v.hour * 60 + v.minute) * 60 + v.second) * 1_000_000 + v.microsecond
        return us // 1000 if ty.kind == "time_ms" else us
    return v


def from_spark(v: Any, ty: Ty | None, st: Any) -> Any:
    """A value Spark read (type `st`) as a neutral value of model type `ty` (where known)."""
    if v is None:
        return None
    k = _spark_kind(st)
    if k == "struct":
        cols = {c.name: c for c in ty.fields} if ty is not None and ty.kind == "struct" else {}
        return {f["name"]: from_spark(v.get(f["name"]), cols[f["name"]].ty
                                      if f["name"] in cols else None, f["type"])
                for f in st["fields"]}
    if k == "array":
        el = ty.element.ty if ty is not None and ty.kind == "list" and ty.element else None
        return [from_spark(x, el, st["elementType"]) for x in v]
    if k == "map":
        val = ty.value.ty if ty is not None and ty.kind == "map" and ty.value else None
        return {key: from_spark(x, val, st["valueType"]) for key, x in v.items()}
    if k == "timestamp" and isinstance(v, dt.datetime):
        # pyspark gives TimestampType as a naive local time; the worker runs in UTC
        return v.replace(tzinfo=dt.timezone.utc)
    if ty is not None and ty.kind in ("time_ms", "time_us") and k in ("integer", "long"):
        us = v * 1000 if ty.kind == "time_ms" else v
        return (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=us)).time()
    return v


def spark_type_text(t: Any) -> str:
    k = _spark_kind(t)
    if k == "struct":
        return "struct<" + ", ".join(f"{f['name']}: {spark_type_text(f['type'])}"
                                     for f in t["fields"]) + ">"
    if k == "array":
        return f"array<{spark_type_text(t['elementType'])}>"
    if k == "map":
        return f"map<{spark_type_text(t['keyType'])}, {spark_type_text(t['valueType'])}>"
    return str(t)


def schema_diffs(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    g = {f["name"]: f for f in got["fields"]}
    w = {f["name"]: f for f in want["fields"]}
    out = [f"column {n} missing" for n in w if n not in g]
    out += [f"column {n} still there (not in the new version)" for n in g if n not in w]
    for n in w:
        if n in g and spark_type_text(g[n]["type"]) != spark_type_text(w[n]["type"]):
            out.append(f"column {n} read as {spark_type_text(g[n]['type'])}, the new version "
                       f"says {spark_type_text(w[n]['type'])}")
    return out


@dataclass
class SparkLine:
    """One Spark line (`spark-3.5` with its python, `spark-4.0` with another)."""

    engine: str
    python: str
    tmp: str
    tasks: list[dict[str, Any]] = field(default_factory=list)
    jobs: dict[str, tuple[Job, str]] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    version: str = ""
    seconds: float = 0.0
    error: str = ""

    def add(self, job: Job, way: str, data_key: str) -> str:
        tid = f"{job.id}/{way}"
        old_t, new_t = job.pair.old.struct, job.pair.new.struct
        old_s, new_s = job.schemas[0].spark, job.schemas[-1].spark
        self.tasks.append({
            "id": tid, "way": way, "data_key": data_key,
            "old_schema": old_s, "new_schema": new_s,
            "rows": [enc(to_spark(r, old_t, old_s)) for r in job.rows],
            "new_rows": [enc(to_spark(r, new_t, new_s)) for r in job.new_rows] if way == "merge"
            else [],
        })
        self.jobs[tid] = (job, way)
        return tid

    def start(self) -> None:
        if not self.tasks:
            return
        tasks_path = os.path.join(self.tmp, f"{self.engine}-tasks.json")
        with open(tasks_path, "w") as f:
            json.dump(self.tasks, f)
        self.out = os.path.join(self.tmp, f"{self.engine}-results.json")
        self.log = open(os.path.join(self.tmp, f"{self.engine}.log"), "wb")
        env = dict(os.environ, TZ="UTC", PYSPARK_PYTHON=self.python,
                   PYSPARK_DRIVER_PYTHON=self.python)
        self.proc = subprocess.Popen([self.python, os.path.join(HERE, "spark_worker.py"),
                                      tasks_path, self.out], stdout=self.log,
                                     stderr=subprocess.STDOUT, env=env)

    def results(self) -> dict[str, Read]:
        if self.proc is None:
            return {}
        rc = self.proc.wait()
        self.log.close()
        if rc != 0 or not os.path.exists(self.out):
            with open(self.log.name, "rb") as log:
                tail = log.read()[-3000:].decode(errors="replace")
            self.error = f"spark worker for {self.engine} failed ({rc}): {tail}"
            print(self.error, file=sys.stderr)
            return {}
        with open(self.out) as res:
            doc = json.load(res)
        self.version, self.seconds = doc["version"], doc["seconds"]
        out = {}
        for r in doc["results"]:
            job, way = self.jobs[r["id"]]
            if "refused" in r:
                read = Read(refused=r["refused"])
                if "traceback" in r:
                    read.notes.append("worker traceback: " + r["traceback"])
            else:
                schema = r["schema"]
                want = job.schemas[-1].spark
                new_cols: dict[str, Col] = {c.name: c for c in job.pair.new.columns}
                types = {f["name"]: f["type"] for f in schema["fields"]}
                rows = []
                for raw in r["rows"]:
                    row = dec(raw)
                    rows.append({k: from_spark(x, new_cols[k].ty if k in new_cols else None,
                                               types[k]) for k, x in row.items()})
                read = Read(rows=rows, schema_diffs=schema_diffs(schema, want))
            out[r["id"]] = read
        return out
