#!/usr/bin/env python3
"""Differential tests of accord's per-engine evolution verdicts against the real engines.

Writes every generated evolution case (cases.py) as one accord project, runs `accord check
--engine all --format json` and `accord gen` once, and for every case and the bundled example
contracts' pairs, on every engine: writes rows with the old version, applies the new version
the engine's way, reads back and compares with what accord's verdict says must happen
(judge.py; docs/engines-tests.md). Prints per engine how many checks ran, agreed and
disagreed, and ends with `engines: N passed, M failed`; exits 1 on any disagreement.

    scripts/test-engines.sh                       # venvs, build, then this
    python differential.py --accord target/debug/accord --spark4-python PY [--engines ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass
from typing import Any, Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
warnings.filterwarnings("ignore")

import accord_cli  # noqa: E402
import cases as case_gen  # noqa: E402
import report  # noqa: E402
from arrowconv import Read, Refused, short_error  # noqa: E402
from engines_py import (  # noqa: E402
    Job, avro_resolve, delta_merge, parquet_first_file, parquet_reader_schema)
from judge import Check, Outcome, compare, deviation_for, plan, satisfied  # noqa: E402
from spark_driver import SparkLine  # noqa: E402
from subjects import Subject, from_cases, from_examples  # noqa: E402

ENGINES = ("avro", "iceberg-v2", "spark-3.5", "spark-4.0", "parquet", "delta")
# avro is opt-in: accord's avro verdict is Avro's wire-level resolution (proven against Java
# Avro by the Rust tests), which reads logical-type changes (int->date) and enum defaults by
# Avro's rules, not by the meaning of the values this suite compares (docs/engines-tests.md)
DEFAULT_ENGINES = ENGINES[1:]
APPENDS = {"merge", "first file"}  # ways that also write rows with the new version


@dataclass
class Result:
    subject: Subject
    engine: str
    verdict: str | None
    check: Check
    outcome: Outcome
    agreed: bool
    deviation: str = ""
    notes: str = ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--accord",
                    default=os.path.join(HERE, "..", "..", "target", "debug", "accord"))
    ap.add_argument("--spark35-python", default=sys.executable,
                    help="python of a virtualenv with pyspark 3.5 (default: this one)")
    ap.add_argument("--spark4-python", default="", help="python of a virtualenv with pyspark 4")
    ap.add_argument("--engines", default=",".join(DEFAULT_ENGINES),
                    help=f"comma list among {', '.join(ENGINES)} (default: all but avro)")
    ap.add_argument("--filter", default="",
                    help="only cases (and example pairs, 'example TYPE N->M') whose name "
                         "contains this")
    ap.add_argument("--no-examples", action="store_true", help="skip the bundled contracts")
    ap.add_argument("--examples", default=os.path.join(HERE, "..", ".."),
                    help="project directory of the example contracts")
    ap.add_argument("--local-schemas", action="store_true",
                    help="render the engines' schemas here instead of `accord gen`")
    ap.add_argument("--json", default="", help="write every check's result to this file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every check")
    a = ap.parse_args()
    engines = [e for e in a.engines.split(",") if e]
    for e in engines:
        if e not in ENGINES:
            ap.error(f"unknown engine {e} (engines: {', '.join(ENGINES)})")
    if "spark-4.0" in engines and not a.spark4_python:
        print("spark-4.0: no --spark4-python; skipped", file=sys.stderr)
        engines.remove("spark-4.0")

    t0 = time.time()
    tmp = tempfile.mkdtemp(prefix="accord-engines-")
    try:
        subjects, gen_info = load_subjects(a, tmp)
        results = run_all(subjects, engines, a, tmp)
    finally:
        if a.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.time() - t0
    summary = report.print_report(results, engines, gen_info, elapsed, a.verbose)
    if a.json:
        report.write_json(a.json, results, summary, gen_info)
    return 0 if summary["failed"] == 0 else 1


def load_subjects(a: argparse.Namespace, tmp: str) -> tuple[list[Subject], dict[str, Any]]:
    all_cases = [c for c in case_gen.all_cases() if a.filter in c.name]
    root = os.path.join(tmp, "project")
    case_gen.write_project(case_gen.all_cases(), root)  # every case: stable type names
    proj = accord_cli.load(a.accord, root, os.path.join(tmp, "gen"), a.local_schemas)
    subjects = from_cases(all_cases, proj)
    info: dict[str, Any] = {"targets": proj.targets_generated, "notes": list(proj.notes),
                            "cases": len(subjects)}
    if not a.no_examples:
        ex = accord_cli.load(a.accord, os.path.abspath(a.examples), os.path.join(tmp, "gen-ex"),
                             a.local_schemas)
        exs = [s for s in from_examples(ex) if a.filter in s.info.name]
        subjects += exs
        info["examples"] = len(exs)
        info["notes"] += ex.notes
    return subjects, info


def run_all(subjects: list[Subject], engines: list[str], a: argparse.Namespace,
            tmp: str) -> list[Result]:
    data = os.path.join(tmp, "data")
    os.makedirs(data, exist_ok=True)
    # every check of every subject on every engine
    todo: list[tuple[Subject, str, Check, str]] = []
    for s in subjects:
        for e in engines:
            verdict = s.verdicts.pair.get(e) if s.verdicts else None
            feats = s.verdicts.requires(e) if s.verdicts else []
            checks, plan_notes = plan(verdict, feats, e, bool(s.sets["fit"]),
                                      bool(s.sets["nofit"]))
            for c in checks:
                todo.append((s, e, c, "; ".join(plan_notes)))
    jobs: dict[tuple[int, str], Job] = {}

    def job(s: Subject, values: str) -> Job:
        k = (id(s), values)
        if k not in jobs:
            jobs[k] = Job(id=f"j{len(jobs)}", pair=s.pair, schemas=s.schemas,
                          rows=s.sets[values], new_rows=s.new_rows, tmp=data)
        return jobs[k]

    # Spark first: its workers run while the Python engines do
    lines = {"spark-3.5": SparkLine("spark-3.5", a.spark35_python, tmp),
             "spark-4.0": SparkLine("spark-4.0", a.spark4_python, tmp)}
    spark_ids: dict[int, str] = {}
    for n, (s, e, c, _) in enumerate(todo):
        if e in lines and s.sets[c.values]:
            j = job(s, c.values)
            spark_ids[n] = lines[e].add(j, c.way, j.id)
    for line in lines.values():
        line.start()

    iceberg = None
    if "iceberg-v2" in engines:
        from engine_iceberg import Iceberg
        iceberg = Iceberg(tmp)
    drivers: dict[tuple[str, str], Callable[[Job], Read]] = {
        ("parquet", "reader schema"): parquet_reader_schema,
        ("parquet", "first file"): parquet_first_file,
        ("delta", "merge"): delta_merge,
        ("avro", "resolve"): avro_resolve,
    }
    if iceberg is not None:
        drivers[("iceberg-v2", "update_schema")] = iceberg.run
    reads: dict[int, Read] = {}
    done: dict[tuple[str, str, str], Read] = {}  # (job id, engine, way) -> read
    for n, (s, e, c, _) in enumerate(todo):
        if e in lines or not s.sets[c.values]:
            continue
        j = job(s, c.values)
        k = (j.id, e, c.way)
        if k not in done:
            done[k] = run_driver(drivers.get((e, c.way)), j, e, c.way)
        reads[n] = done[k]
    spark_reads: dict[str, Read] = {}
    for line in lines.values():
        spark_reads.update(line.results())
        if line.error:
            print(line.error, file=sys.stderr)
    for n, tid in spark_ids.items():
        reads[n] = spark_reads.get(tid, Read(refused=f"harness: no result for {tid}"))
    results = []
    for n, (s, e, c, notes) in enumerate(todo):
        verdict = s.verdicts.pair.get(e) if s.verdicts else None
        if not s.sets[c.values]:
            o = Outcome("empty", f"no written value for '{c.values}'")
            results.append(Result(s, e, verdict, c, o, agreed=not c.want, notes=notes))
            continue
        expected = list(s.expected[c.values])
        if c.way in APPENDS:
            expected += s.new_rows
        o = compare(reads[n], expected, s.key)
        agreed = satisfied(c, o)
        dev = ""
        if not agreed and c.want:
            d = deviation_for(e, s.info, c, o)
            if d is not None:
                agreed, dev = True, d.name
        if reads[n].notes:
            notes = "; ".join([notes, *reads[n].notes]).strip("; ")
        results.append(Result(s, e, verdict, c, o, agreed, dev, notes))
    return results


def run_driver(fn: Callable[[Job], Read] | None, j: Job, engine: str, way: str) -> Read:
    if fn is None:
        return Read(refused=f"harness: no driver for {engine} way '{way}'")
    try:
        return fn(j)
    except Refused as e:
        return Read(refused=str(e))
    except Exception as e:  # noqa: BLE001  a harness bug: reported as such, never as agreement
        tb = traceback.format_exc(limit=4)
        return Read(refused=f"harness: {short_error(e)}", notes=[tb[-800:]])


if __name__ == "__main__":
    sys.exit(main())
