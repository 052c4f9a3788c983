"""Latency of `accord lsp`'s diagnostics after an edit (docs/editor.md, "Language server"). Not
collected by pytest; run it on a project and one of its contract files:

    python3 tests/python/bench_lsp.py target/release/accord schemas/shop/orders.accord

It opens the file, waits for the first diagnostics (the first compilation), then, ``--runs``
times (default 10), replaces the buffer with one that names an unknown type and with the
original again, timing each edit from the ``didChange`` sent to its ``publishDiagnostics``
received. It prints the first compilation's time and the median and largest edit latencies.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import statistics
import time

from test_lsp import Client, change


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", type=pathlib.Path)
    parser.add_argument("file", type=pathlib.Path)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    client = Client(args.binary.resolve())
    client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    path = args.file.resolve()
    uri = path.as_uri()
    text = path.read_text()
    # The first field type of the file becomes an unknown type.
    broken = re.sub(r"(\w+): (\w+)", r"\1: NoSuchType", text, count=1)
    start = time.monotonic()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "accord", "version": 1, "text": text}},
    )
    client.diagnostics(uri)
    first = time.monotonic() - start
    latencies = []
    for run in range(args.runs):
        for version, buffer in ((2 * run + 2, broken), (2 * run + 3, text)):
            start = time.monotonic()
            change(client, uri, version, buffer)
            client.diagnostics(uri)
            latencies.append(time.monotonic() - start)
    client.request("shutdown", None)
    client.notify("exit", {})
    print(f"first compilation: {first * 1000:.0f} ms")
    print(f"edit -> diagnostics: median {statistics.median(latencies) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms ({len(latencies)} edits)")


if __name__ == "__main__":
    main()
