"""JSON transport of neutral values between the harness and the Spark workers (which run in
other virtualenvs). Standard library only: the Spark virtualenvs hold pyspark alone."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal
from typing import Any


def enc(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return {"$f": repr(v)}
    if isinstance(v, Decimal):
        return {"$dec": str(v)}
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"$b": base64.b64encode(bytes(v)).decode()}
    if isinstance(v, dt.datetime):
        return {"$dt": v.isoformat()}
    if isinstance(v, dt.date):
        return {"$date": v.isoformat()}
    if isinstance(v, dt.time):
        return {"$time": v.isoformat()}
    if isinstance(v, dict):
        return {"$o": [[k, enc(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    raise TypeError(f"cannot encode {type(v).__name__}: {v!r}")


def dec(v: Any) -> Any:
    if isinstance(v, list):
        return [dec(x) for x in v]
    if not isinstance(v, dict):
        return v
    (tag, x), = v.items()
    if tag == "$f":
        return float(x)
    if tag == "$dec":
        return Decimal(x)
    if tag == "$b":
        return base64.b64decode(x)
    if tag == "$dt":
        return dt.datetime.fromisoformat(x)
    if tag == "$date":
        return dt.date.fromisoformat(x)
    if tag == "$time":
        return dt.time.fromisoformat(x)
    if tag == "$o":
        return {k: dec(y) for k, y in x}
    raise ValueError(f"unknown tag {tag}")
