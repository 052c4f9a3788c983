#!/usr/bin/env python3
"""Runs Spark jobs for differential.py in a virtualenv with one pyspark (3.5 or 4.x).

    python spark_worker.py TASKS.json RESULTS.json

One SparkSession (local[1], UTC) for every task. Each task writes rows with the old
version's StructType (Spark's own Parquet writer, default settings), then reads them the
task's way:
  reader  spark.read.schema(<StructType of the new version>).parquet(old files)
  merge   spark.read.option("mergeSchema", "true").parquet(old files, new files)
and returns the rows (codec-encoded) and the schema Spark read, or the error.
Standard library and pyspark only.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
import traceback
from typing import Any

os.environ["TZ"] = "UTC"
time.tzset()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from codec import dec, enc  # noqa: E402


def session() -> Any:
    from pyspark.sql import SparkSession
    s = (SparkSession.builder.master("local[1]").appName("accord-engine-tests")
         .config("spark.driver.memory", "1g")
         .config("spark.ui.enabled", "false")
         .config("spark.sql.shuffle.partitions", "1")
         .config("spark.sql.session.timeZone", "UTC")
         .config("spark.driver.bindAddress", "127.0.0.1")
         .config("spark.driver.host", "127.0.0.1")
         .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
         .getOrCreate())
    s.sparkContext.setLogLevel("OFF")
    return s


def short(e: BaseException) -> str:
    msg = re.sub(r"\s+", " ", f"{type(e).__name__}: {e}")
    msg = re.sub(r"file:/+\S+", "<file>", msg)
    parts: list[str] = []
    for seg in msg.split("Caused by: "):
        for key in ("executor driver): ", ".collectToPython. : ", ".parquet. : "):
            if key in seg:
                seg = seg.split(key, 1)[1]
                break
        seg = re.split(r" at (?:org|scala|java|py4j|sun)\.", seg, maxsplit=1)[0].strip()
        if seg and seg not in parts:
            parts.append(seg[:300])
    return " <- ".join(parts[:3])[:700]


def plain(v: Any) -> Any:
    """Row values as plain Python (Rows are dicts, bytearrays bytes)."""
    from pyspark.sql import Row
    if isinstance(v, Row):
        return {k: plain(x) for k, x in v.asDict().items()}
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, bytearray):
        return bytes(v)
    return v


def main() -> None:
    tasks_path, out_path = sys.argv[1], sys.argv[2]
    with open(tasks_path) as f:
        tasks = json.load(f)
    import pyspark
    from pyspark.sql.types import StructType
    t0 = time.time()
    s = session()
    started = time.time() - t0
    tmp = tempfile.mkdtemp(prefix="accord-spark-")
    written: dict[str, str] = {}
    results = []

    def write(key: str, schema: Any, rows: list[Any]) -> str:
        if key not in written:
            path = os.path.join(tmp, f"d{len(written)}")
            df = s.createDataFrame([dec(r) for r in rows], StructType.fromJson(schema))
            df.coalesce(1).write.parquet(path)
            written[key] = path
        return written[key]

    for task in tasks:
        res: dict[str, Any] = {"id": task["id"]}
        stage = "write"
        try:
            old = write(task["data_key"] + "/old", task["old_schema"], task["rows"])
            if task["way"] == "reader":
                stage = "read"
                df = s.read.schema(StructType.fromJson(task["new_schema"])).parquet(old)
            else:
                new = write(task["data_key"] + "/new", task["new_schema"], task["new_rows"])
                stage = "read"
                df = s.read.option("mergeSchema", "true").parquet(old, new)
            rows = [plain(r) for r in df.collect()]
            res.update(rows=[enc(r) for r in rows], schema=json.loads(df.schema.json()))
        except Exception as e:  # noqa: BLE001  Spark's refusal
            res.update(refused=f"{stage}: {short(e)}")
            if "Py4J" not in type(e).__name__ and "Spark" not in type(e).__name__ \
                    and "Analysis" not in type(e).__name__:
                res["traceback"] = traceback.format_exc(limit=3)[-600:]
        results.append(res)
    s.stop()
    with open(out_path, "w") as f:
        json.dump({"version": pyspark.__version__, "startup_seconds": round(started, 1),
                   "seconds": round(time.time() - t0, 1), "results": results}, f)


if __name__ == "__main__":
    main()
