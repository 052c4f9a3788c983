#!/usr/bin/env python3
"""Empirical probe of schema-evolution rules in real data engines.

For each change in a small matrix (old column -> new column) and each engine
"way" of evolving a schema, this script writes data with the old schema,
applies the new schema the engine's own way, reads the data back and records:

  outcome  accepted     read succeeded and every value read equals the value
                        written (seen through the new schema)
           refused      the engine raised (at evolve, write or read time)
           null-values  read succeeded but a value came back null where a
                        value was written (or null in a required column)
           wrong-values read succeeded but some value differs from what was
                        written (overflow, truncation, reinterpretation, ...)
           n/a          the engine has no way to express this change

Not part of the Rust build or CI. Run it with the engine virtualenv:

    python3 -m venv /work/engine-venv
    /work/engine-venv/bin/pip install pyarrow duckdb 'pyiceberg[sql-sqlite,pyarrow]' \
        deltalake 'pyspark>=3.5,<3.6'
    /work/engine-venv/bin/python tests/engines/probe.py            # all engines
    /work/engine-venv/bin/python tests/engines/probe.py --engines pyarrow,duckdb

It writes tests/engines/probe-results.json (next to this file, or --out) and
prints a matrix. pyspark needs a JVM (Java 17 works with Spark 3.5).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from importlib import metadata

warnings.filterwarnings("ignore")

import pyarrow as pa  # noqa: E402
import pyarrow.dataset as pads  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from probe_cases import (  # noqa: E402
    CASES,
    DATE,
    F32,
    F64,
    I32,
    I64,
    STR,
    Refused,
    arrow_result,
    arrow_schema,
    arrow_table,
    classify,
    expected_rows,
    rows,
    short_err,
    stage,
)

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# Engines. Each way is fn(case, tmpdir) -> (outcome, detail, type_ok)
# raising Refused for a refusal, or returning ("n/a", why, None).
# ---------------------------------------------------------------------------


def write_two_parquet(c, d, old_first=True):
    os.makedirs(d, exist_ok=True)
    p_old = os.path.join(d, "part-0-old.parquet" if old_first else "part-1-old.parquet")
    p_new = os.path.join(d, "part-1-new.parquet" if old_first else "part-0-new.parquet")
    pq.write_table(arrow_table(c, "old"), p_old)
    pq.write_table(arrow_table(c, "new"), p_new)
    return p_old, p_new


# --- pyarrow -------------------------------------------------------------

def pyarrow_default(c, d):
    write_two_parquet(c, d)
    tbl = stage("read", lambda: pads.dataset(d, format="parquet").to_table())
    return classify(*arrow_result(tbl), c, expected_rows(c))


def pyarrow_unified(c, d):
    write_two_parquet(c, d)
    sch = stage("unify", pa.unify_schemas,
                [arrow_schema(c["old"]), arrow_schema(c["new"])], promote_options="permissive")
    tbl = stage("read", lambda: pads.dataset(d, format="parquet", schema=sch).to_table())
    out, det, tok = classify(*arrow_result(tbl), c, expected_rows(c))
    shown = ", ".join(f"{f.name}:{f.type}" for f in sch if f.name != "id")
    return out, (f"unified=({shown}); " + det).strip("; "), tok


def pyarrow_new_schema(c, d):
    write_two_parquet(c, d)
    sch = arrow_schema(c["new"])
    tbl = stage("read", lambda: pads.dataset(d, format="parquet", schema=sch).to_table())
    return classify(*arrow_result(tbl), c, expected_rows(c))


# --- duckdb --------------------------------------------------------------

def _duck(c, d, union):
    import duckdb
    p_old, p_new = write_two_parquet(c, d)
    con = duckdb.connect()
    try:
        q = (f"SELECT * FROM read_parquet(['{p_old}', '{p_new}'], "
             f"union_by_name={'true' if union else 'false'})")
        tbl = stage("read", lambda: con.sql(q).to_arrow_table())
    finally:
        con.close()
    got, types = arrow_result(tbl)
    out, det, tok = classify(got, types, c, expected_rows(c))
    shown = {k: str(v) for k, v in types.items() if k != "id"}
    return out, (f"types={shown}; " + det).strip("; "), tok


def duckdb_union(c, d):
    return _duck(c, d, True)


def duckdb_position(c, d):
    return _duck(c, d, False)


# --- pyiceberg -----------------------------------------------------------

def _ice_type(t: pa.DataType):
    from pyiceberg import types as it
    if t == I32:
        return it.IntegerType()
    if t == I64:
        return it.LongType()
    if t == F32:
        return it.FloatType()
    if t == F64:
        return it.DoubleType()
    if t == STR:
        return it.StringType()
    if t == DATE:
        return it.DateType()
    if pa.types.is_timestamp(t):
        return it.TimestampType()
    if pa.types.is_decimal(t):
        return it.DecimalType(t.precision, t.scale)
    raise ValueError(t)


def _ice_table(c, d, version):
    from pyiceberg.catalog.sql import SqlCatalog
    os.makedirs(os.path.join(d, "wh"), exist_ok=True)
    cat = SqlCatalog("probe", uri=f"sqlite:///{d}/catalog.db", warehouse=f"file://{d}/wh")
    cat.create_namespace("ns")
    tbl = stage("create", cat.create_table, "ns.t", schema=arrow_schema(c["old"]),
                properties={"format-version": str(version)})
    stage("write-old", tbl.append, arrow_table(c, "old"))
    return cat, tbl


def _ice_explicit_ops(c, u, with_default=False):
    """Express the change with the explicit UpdateSchema operations."""
    old = {n: (t, nl) for n, t, nl in c["old"]}
    new = {n: (t, nl) for n, t, nl in c["new"]}
    k = c["kind"]
    if k == "type":
        u.update_column("c", field_type=_ice_type(new["c"][0]))
    elif k == "nullability":
        u.update_column("c", required=not new["c"][1])
    elif k == "add":
        t, nl = new["d"]
        if with_default and not nl:
            u.add_column("d", _ice_type(t), required=True, default_value=c["default"])
        else:
            u.add_column("d", _ice_type(t), required=not nl)
    elif k == "drop":
        for n in old:
            if n not in new:
                u.delete_column(n)
    elif k == "rename":
        u.rename_column("c", "c2")
    elif k == "reorder":
        u.move_after("c", "d")
    else:
        raise ValueError(k)


def _ice_read(c, tbl, exp):
    tbl = tbl.refresh()
    got = stage("read", lambda: tbl.scan().to_arrow())
    req = {f.name for f in tbl.schema().fields if f.required}
    out, det, tok = classify(*arrow_result(got), c, exp, required_cols=req)
    return out, det, tok


def _ice_way(c, d, version=2, incompatible=False, union=False, with_default=False):
    _, tbl = _ice_table(c, d, version)

    def evolve():
        with tbl.update_schema(allow_incompatible_changes=incompatible) as u:
            if union:
                u.union_by_name(arrow_schema(c["new"]))
            else:
                _ice_explicit_ops(c, u, with_default)

    stage("evolve", evolve)
    tbl = tbl.refresh()
    schema_now = ", ".join(
        f"{f.name}:{f.field_type}{'' if f.required else '?'}" for f in tbl.schema().fields)
    default = c["default"] if with_default else None
    out, det, tok = _ice_read(c, tbl, expected_rows(c, include_new=False, default=default))
    if union:
        # union_by_name does not express drop/rename/reorder: it only adds/widens.
        det = (f"schema after union: {schema_now}; " + det).strip("; ")
    return out, det, tok


def ice_v2(c, d):
    return _ice_way(c, d)


def ice_v2_incompat(c, d):
    return _ice_way(c, d, incompatible=True)


def ice_v2_union(c, d):
    return _ice_way(c, d, union=True)


def ice_v3(c, d):
    # v3 only changes the rules for date->timestamp and for adding a required
    # column with an initial default; the other cases are as in v2.
    if c["name"] not in ("date->timestamp", "add required column"):
        return "n/a", "v3 rules equal v2 rules for this change", None
    return _ice_way(c, d, version=3, with_default=c["kind"] == "add")


# --- deltalake (delta-rs) -------------------------------------------------

def _delta_read(path, c, exp):
    from deltalake import DeltaTable
    got = stage("read", lambda: DeltaTable(path).to_pyarrow_table())
    return classify(*arrow_result(got), c, exp)


def delta_merge(c, d, configuration=None):
    from deltalake import write_deltalake
    path = os.path.join(d, "t")
    stage("write-old", write_deltalake, path, arrow_table(c, "old"), configuration=configuration)
    stage("write-new", write_deltalake, path, arrow_table(c, "new"), mode="append",
          schema_mode="merge")
    return _delta_read(path, c, expected_rows(c))


def delta_merge_typewidening(c, d):
    if c["kind"] != "type":
        return "n/a", "type-widening only concerns type changes", None
    return delta_merge(c, d, configuration={"delta.enableTypeWidening": "true"})


def delta_overwrite(c, d):
    from deltalake import write_deltalake
    path = os.path.join(d, "t")
    stage("write-old", write_deltalake, path, arrow_table(c, "old"))
    stage("write-new", write_deltalake, path, arrow_table(c, "new"), mode="overwrite",
          schema_mode="overwrite")
    exp = rows(c, "new")
    out, det, tok = _delta_read(path, c, exp)
    return out, ("old rows replaced by the rewrite; " + det).strip("; "), tok


def delta_alter(c, d):
    """Metadata-only DDL that delta-rs exposes: add_columns, drop_column_not_null."""
    from deltalake import DeltaTable, write_deltalake
    from deltalake.schema import Field, PrimitiveType
    path = os.path.join(d, "t")
    k = c["kind"]
    if k not in ("add", "nullability") or c["name"] == "optional->required":
        return "n/a", "delta-rs TableAlterer has no operation for this change", None
    stage("write-old", write_deltalake, path, arrow_table(c, "old"))
    dtbl = DeltaTable(path)
    if k == "add":
        t, nl = [(t, nl) for n, t, nl in c["new"] if n == "d"][0]
        prim = {"string": "string", "int32": "integer"}[str(t)]
        stage("evolve", dtbl.alter.add_columns, [Field("d", PrimitiveType(prim), nullable=nl)])
    else:
        stage("evolve", dtbl.alter.drop_column_not_null, "c")
    return _delta_read(path, c, expected_rows(c, include_new=False))


# --- pyspark --------------------------------------------------------------

_SPARK = None


def spark():
    global _SPARK
    if _SPARK is None:
        from pyspark.sql import SparkSession
        _SPARK = (SparkSession.builder.master("local[1]").appName("accord-engine-probe")
                  .config("spark.driver.memory", "1g")
                  .config("spark.ui.enabled", "false")
                  .config("spark.sql.shuffle.partitions", "1")
                  .config("spark.sql.session.timeZone", "UTC")
                  .config("spark.driver.bindAddress", "127.0.0.1")
                  .config("spark.driver.host", "127.0.0.1")
                  .getOrCreate())
        _SPARK.sparkContext.setLogLevel("OFF")
    return _SPARK


def _spark_type(t):
    from pyspark.sql import types as st
    if t == I32:
        return st.IntegerType()
    if t == I64:
        return st.LongType()
    if t == F32:
        return st.FloatType()
    if t == F64:
        return st.DoubleType()
    if t == STR:
        return st.StringType()
    if t == DATE:
        return st.DateType()
    if pa.types.is_timestamp(t):
        return st.TimestampNTZType()
    if pa.types.is_decimal(t):
        return st.DecimalType(t.precision, t.scale)
    raise ValueError(t)


def _spark_schema(fields):
    from pyspark.sql import types as st
    return st.StructType([st.StructField("id", st.LongType(), True)] + [
        st.StructField(n, _spark_type(t), nl) for n, t, nl in fields])


def _spark_write(c, d):
    s = spark()
    p_old, p_new = os.path.join(d, "old"), os.path.join(d, "new")
    for which, p, fields in (("old", p_old, c["old"]), ("new", p_new, c["new"])):
        df = s.createDataFrame(rows(c, which), _spark_schema(fields))
        df.coalesce(1).write.parquet(p)
    return p_old, p_new


def _spark_collect(df):
    got = [r.asDict() for r in df.collect()]
    types = {f.name: f.dataType.simpleString() for f in df.schema.fields}
    return got, types


def spark_merge(c, d):
    p_old, p_new = _spark_write(c, d)
    s = spark()
    df = stage("read", lambda: s.read.option("mergeSchema", "true").parquet(p_old, p_new))
    got = stage("read", _spark_collect, df)
    return classify(*got, c, expected_rows(c))


def _spark_read_schema(c, d, vectorized):
    p_old, _ = _spark_write(c, d)
    s = spark()
    s.conf.set("spark.sql.parquet.enableVectorizedReader", "true" if vectorized else "false")
    try:
        df = stage("read", lambda: s.read.schema(_spark_schema(c["new"])).parquet(p_old))
        got = stage("read", _spark_collect, df)
    finally:
        s.conf.set("spark.sql.parquet.enableVectorizedReader", "true")
    # Spark turns every file-source column nullable on read: required-ness is not enforced.
    return classify(*got, c, expected_rows(c, include_new=False))


def spark_read_schema(c, d):
    return _spark_read_schema(c, d, True)


def spark_read_schema_mr(c, d):
    return _spark_read_schema(c, d, False)


ENGINES = {
    "pyiceberg": ("pyiceberg", [
        ("update_schema", ice_v2),
        ("update_schema(allow_incompatible_changes)", ice_v2_incompat),
        ("update_schema.union_by_name", ice_v2_union),
        ("format-version 3 update_schema", ice_v3),
    ]),
    "pyarrow": ("pyarrow", [
        ("dataset (first file schema)", pyarrow_default),
        ("dataset(schema=unify_schemas permissive)", pyarrow_unified),
        ("dataset(schema=new)", pyarrow_new_schema),
    ]),
    "duckdb": ("duckdb", [
        ("read_parquet union_by_name=true", duckdb_union),
        ("read_parquet union_by_name=false", duckdb_position),
    ]),
    "deltalake": ("deltalake", [
        ("append schema_mode=merge", delta_merge),
        ("append schema_mode=merge, delta.enableTypeWidening=true", delta_merge_typewidening),
        ("overwrite schema_mode=overwrite", delta_overwrite),
        ("TableAlterer", delta_alter),
    ]),
    "pyspark": ("pyspark", [
        ("parquet mergeSchema=true", spark_merge),
        ("read.schema(new) on old files (vectorized)", spark_read_schema),
        ("read.schema(new) on old files (parquet-mr)", spark_read_schema_mr),
    ]),
}


def run(engines, out_path, cases_filter=None, merge=False):
    results = []
    versions = {"python": platform.python_version()}
    for eng in engines:
        pkg = ENGINES[eng][0]
        try:
            versions[eng] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[eng] = None
    if "pyspark" in engines:
        try:
            import subprocess
            jv = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
            versions["java"] = jv.splitlines()[0] if jv else None
        except Exception as e:  # noqa: BLE001
            versions["java"] = f"unavailable: {e}"
    for eng in engines:
        if versions.get(eng) is None:
            print(f"[skip] {eng}: not installed", file=sys.stderr)
            continue
        for way_name, fn in ENGINES[eng][1]:
            for c in CASES:
                if cases_filter and c["name"] not in cases_filter:
                    continue
                d = tempfile.mkdtemp(prefix="accord-probe-")
                t0 = time.time()
                try:
                    outcome, detail, type_ok = fn(c, d)
                except Refused as e:
                    outcome, detail, type_ok = "refused", str(e), None
                except Exception as e:  # noqa: BLE001  probe bug or unexpected crash
                    tb = traceback.format_exc(limit=2)
                    outcome, detail, type_ok = "refused", short_err(e, "unexpected") + " | " + \
                        re.sub(r"\s+", " ", tb)[-200:], None
                finally:
                    shutil.rmtree(d, ignore_errors=True)
                r = dict(engine=eng, version=versions[eng], way=way_name, change=c["name"],
                         outcome=outcome, type_matches_new=type_ok, detail=detail,
                         seconds=round(time.time() - t0, 2))
                results.append(r)
                print(f"{eng:9} | {way_name[:44]:44} | {c['name']:27} | {outcome:12} | "
                      f"{detail[:140]}", flush=True)
    runs = [dict(versions=versions, platform=platform.platform())]
    if merge and os.path.exists(out_path):
        # keep the results of other (engine, version) pairs, e.g. another pyspark
        with open(out_path) as fh:
            prev = json.load(fh)
        mine = {(r["engine"], r["version"]) for r in results}
        results = [r for r in prev["results"] if (r["engine"], r["version"]) not in mine] + results
        runs = prev.get("runs", []) + runs
    report = dict(
        generated=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        runs=runs,
        outcomes={
            "accepted": "read back equals what was written, seen through the new schema",
            "refused": "the engine raised at evolve/write/read time",
            "null-values": "a written value came back null (or null in a required column)",
            "wrong-values": "a value came back different (overflow, truncation, ...)",
            "n/a": "the engine has no way to express this change",
        },
        results=results,
    )
    with open(out_path, "w") as fh:
        json.dump(report, fh, indent=1, default=str)
    print_matrix(report)
    return report


ABBR = {"accepted": "ok", "refused": "REFUSE", "null-values": "NULLS",
        "wrong-values": "WRONG", "n/a": "-"}


def print_matrix(report):
    res = report["results"]
    cols = list(dict.fromkeys((r["engine"], r["version"], r["way"]) for r in res))
    changes = list(dict.fromkeys(r["change"] for r in res))
    cell = {(r["engine"], r["version"], r["way"], r["change"]): r for r in res}
    print("\nLegend: ok=accepted  REFUSE=refused  NULLS=null-values  WRONG=wrong-values  -=n/a;"
          " '*' = read type differs from the new schema")
    for i, (e, v, w) in enumerate(cols):
        print(f"  [{i}] {e} {v}: {w}")
    hdr = f"{'change':28}" + "".join(f"{'[' + str(i) + ']':>8}" for i in range(len(cols)))
    print(hdr)
    for ch in changes:
        line = f"{ch:28}"
        for e, v, w in cols:
            r = cell.get((e, v, w, ch))
            s = "" if r is None else ABBR[r["outcome"]] + (
                "*" if r["type_matches_new"] is False and r["outcome"] != "refused" else "")
            line += f"{s:>8}"
        print(line)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engines", default=",".join(ENGINES),
                    help="comma list among " + ",".join(ENGINES))
    ap.add_argument("--cases", default="",
                    help="';'-separated change names, e.g. 'int->long;rename column' (default all)")
    ap.add_argument("--out", default=os.path.join(HERE, "probe-results.json"))
    ap.add_argument("--merge", action="store_true",
                    help="keep results of other engine versions already in --out")
    a = ap.parse_args()
    engines = [e for e in a.engines.split(",") if e]
    for e in engines:
        if e not in ENGINES:
            ap.error(f"unknown engine {e}")
    cases = {x.strip() for x in a.cases.split(";") if x.strip()} or None
    run(engines, a.out, cases, merge=a.merge)
    if _SPARK is not None:
        _SPARK.stop()


if __name__ == "__main__":
    main()
