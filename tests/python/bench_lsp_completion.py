"""Latency of `accord lsp`'s completion right after an edit, and of that edit's diagnostics
(docs/editor.md, "Latency"). Not collected by pytest; run it on a project and one of its files:

    python3 tests/python/bench_lsp_completion.py target/release/accord FILE

Ten times, it turns the type of the file's first field into a half-typed `S`, sends the
completion request at once (as an editor does while one types), and times from the
``didChange`` sent to the completion answer and to the ``publishDiagnostics`` of the edit.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import time

from test_lsp import Client, change, uri


def edit_then_complete(client: Client, doc: str, version: int, text: str, line: int) -> tuple[float, float]:
    """Seconds from the edit to the completion answer, and to the edit's diagnostics."""
    start = time.monotonic()
    change(client, doc, version, text)
    client.next_id += 1
    column = len(text.split("\n")[line])
    position = {"line": line, "character": column}
    client.send({"id": client.next_id, "method": "textDocument/completion",
                 "params": {"textDocument": {"uri": doc}, "position": position}})
    answered = published = 0.0
    while not (answered and published):
        message = client.messages.get(timeout=120)
        if message.get("id") == client.next_id:
            answered = time.monotonic() - start
        elif message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == doc:
            published = time.monotonic() - start
    return answered, published


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", type=pathlib.Path)
    parser.add_argument("file", type=pathlib.Path)
    args = parser.parse_args()
    client = Client(args.binary.resolve())
    client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    client.notify("initialized", {})
    text, doc = args.file.read_text(), uri(args.file)
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": doc, "languageId": "accord", "version": 1, "text": text}})
    client.diagnostics(doc)
    lines = text.split("\n")
    field = next(i for i, l in enumerate(lines) if ": " in l and l.rstrip().endswith(";")
                 and not l.lstrip().startswith("/"))
    half_typed = "\n".join(lines[:field] + [lines[field].split(": ")[0] + ": S"] + lines[field + 1:])
    completion, diagnostics = [], []
    for run in range(10):
        answered, published = edit_then_complete(client, doc, 2 * run + 2, half_typed, field)
        completion.append(answered)
        diagnostics.append(published)
        change(client, doc, 2 * run + 3, text)
        client.diagnostics(doc)
    ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms, max {max(xs) * 1000:.0f} ms"  # noqa: E731
    print(f"completion after an edit: {ms(completion)}; diagnostics of the edit: {ms(diagnostics)}")
    client.request("shutdown", None)
    client.notify("exit", {})


if __name__ == "__main__":
    main()
