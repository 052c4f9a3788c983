"""`accord lsp` driven over stdio by a small JSON-RPC client (Content-Length framing), as an
editor drives it: on the bundled shop project, an edit that introduces an error publishes its
diagnostic (code and range as `accord check` reports them) and the fix clears it; hover, go to
definition across files and document symbols answer from the edited buffers.
"""

from __future__ import annotations

import json
import pathlib
import queue
import subprocess
import threading
import time
from typing import Any, Iterator

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
ORDERS = REPO / "schemas/shop/orders.accord"
CUSTOMERS = REPO / "schemas/shop/customers.accord"


class Client:
    """A minimal language client: requests, notifications, and a queue of what the server sent."""

    def __init__(self, binary: pathlib.Path) -> None:
        self.process = subprocess.Popen(
            [str(binary), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd="/"
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.process.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self.messages.put(json.loads(out.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def wait(self, matches: Any, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.01))
            if matches(message):
                return message

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The next diagnostics published for `uri`."""
        message = self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
        )
        return message["params"]["diagnostics"]


def uri(path: pathlib.Path) -> str:
    return path.resolve().as_uri()


@pytest.fixture(scope="module")
def binary() -> pathlib.Path:
    subprocess.run(["cargo", "build", "-q", "--bin", "accord"], cwd=REPO, check=True)
    return REPO / "target/debug/accord"


@pytest.fixture
def client(binary: pathlib.Path) -> Iterator[Client]:
    client = Client(binary)
    result = client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    capabilities = result["capabilities"]
    assert capabilities["textDocumentSync"] == 1
    assert capabilities["hoverProvider"] and capabilities["definitionProvider"]
    client.notify("initialized", {})
    yield client
    assert client.request("shutdown", None) is None
    client.notify("exit", {})
    assert client.process.wait(timeout=10) == 0


def open_orders(client: Client) -> str:
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri(ORDERS), "languageId": "accord", "version": 1,
                          "text": ORDERS.read_text()}},
    )
    return uri(ORDERS)


def change(client: Client, doc: str, version: int, text: str) -> None:
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": doc, "version": version}, "contentChanges": [{"text": text}]},
    )


def position_of(text: str, needle: str, offset: int = 0) -> dict[str, int]:
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return {"line": line, "character": index - (text.rfind("\n", 0, index) + 1)}


def test_diagnostics_follow_the_buffer(client: Client) -> None:
    doc = open_orders(client)
    first = client.diagnostics(doc)  # the project as on disk: S008, a warning
    assert [d["code"] for d in first] == ["S008"]
    assert first[0]["severity"] == 2 and first[0]["source"] == "accord"
    text = ORDERS.read_text()
    broken = text.replace("placed_at: timestamp_ms;", "placed_at: Timestmap;", 1)
    change(client, doc, 2, broken)
    errors = [d for d in client.diagnostics(doc) if d["severity"] == 1]
    assert errors, "an unknown type is an error"
    assert errors[0]["code"] == "N004"
    start = position_of(broken, "Timestmap")
    assert errors[0]["range"]["start"] == start
    assert errors[0]["range"]["end"] == {"line": start["line"], "character": start["character"] + 9}
    change(client, doc, 3, text)
    assert [d["code"] for d in client.diagnostics(doc)] == ["S008"]
    # A clean file gets an empty list when it is opened (the editor knows it was checked).
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri(CUSTOMERS), "languageId": "accord", "version": 1,
                          "text": CUSTOMERS.read_text()}},
    )
    assert client.diagnostics(uri(CUSTOMERS)) == []


def test_hover_definition_and_symbols(client: Client) -> None:
    doc = open_orders(client)
    client.diagnostics(doc)
    text = ORDERS.read_text()
    at = position_of(text, "Customer@1.id", 2)
    hover = client.request("textDocument/hover", {"textDocument": {"uri": doc}, "position": at})
    value = hover["contents"]["value"]
    assert "// shop.customers.Customer version 1 of 3" in value
    assert "/// A customer of the shop" in value and "record Customer {" in value
    assert hover["contents"]["kind"] == "markdown"
    key = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": doc}, "position": position_of(text, "@key", 1)},
    )
    assert "key" in key["contents"]["value"]
    target = client.request(
        "textDocument/definition", {"textDocument": {"uri": doc}, "position": at}
    )
    assert target["uri"] == uri(CUSTOMERS)
    customers = CUSTOMERS.read_text()
    version_1 = customers.index("version 1", customers.index("record Customer"))
    assert target["range"]["start"] == position_of(customers, customers[version_1:version_1 + 20])
    newtype = client.request(
        "textDocument/definition",
        {"textDocument": {"uri": doc}, "position": position_of(text, "CustomerId @ref", 3)},
    )
    assert newtype["range"]["start"] == position_of(customers, "CustomerId = string")
    symbols = client.request("textDocument/documentSymbol", {"textDocument": {"uri": doc}})
    order = next(s for s in symbols if s["name"] == "Order")
    assert [c["name"] for c in order["children"]][:2] == ["version 1", "version 2"]


def test_imports_and_a_second_project_with_an_invalid_config(
    client: Client, tmp_path: pathlib.Path
) -> None:
    doc = open_orders(client)
    client.diagnostics(doc)
    text = ORDERS.read_text()
    package = client.request(
        "textDocument/definition",
        {"textDocument": {"uri": doc}, "position": position_of(text, "shop.customers.{", 6)},
    )
    assert package["uri"] == uri(CUSTOMERS)
    (tmp_path / "accord.toml").write_text('[project]\nschemas = 3\n')
    contract = tmp_path / "schemas/a.accord"
    contract.parent.mkdir()
    contract.write_text("package a;\nrecord A { x: int; }\n")
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri(contract), "languageId": "accord", "version": 1,
                          "text": contract.read_text()}},
    )
    config = client.diagnostics(uri(tmp_path / "accord.toml"))
    assert len(config) == 1 and config[0]["severity"] == 1
    assert config[0]["range"]["start"]["line"] == 1


def test_formatting_replaces_the_document_with_accord_fmt_layout(client: Client) -> None:
    doc = open_orders(client)
    client.diagnostics(doc)
    text = ORDERS.read_text()
    formatting = {"textDocument": {"uri": doc}, "options": {"tabSize": 2, "insertSpaces": True}}
    assert client.request("textDocument/formatting", formatting) == []  # formatted already
    squeezed = text.replace("  version 1 {\n    id: uuid @key;", "  version 1 {   id:uuid@key;", 1)
    change(client, doc, 2, squeezed)
    client.diagnostics(doc)
    [edit] = client.request("textDocument/formatting", formatting)
    assert edit["newText"] == text
    lines = squeezed.split("\n")
    assert edit["range"] == {
        "start": {"line": 0, "character": 0},
        "end": {"line": len(lines) - 1, "character": len(lines[-1])},
    }
    change(client, doc, 3, "package shop.orders;\nrecord {")
    client.diagnostics(doc)
    assert client.request("textDocument/formatting", formatting) == []  # does not parse


def test_an_edit_publishes_the_errors_it_causes_in_other_files(client: Client) -> None:
    doc = open_orders(client)
    client.diagnostics(doc)
    customers = CUSTOMERS.read_text()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri(CUSTOMERS), "languageId": "accord", "version": 1,
                          "text": customers}},
    )
    client.diagnostics(uri(CUSTOMERS))
    client.diagnostics(doc)  # the same compilation publishes every file with diagnostics
    renamed = customers.replace("newtype CustomerId =", "newtype ClientId =", 1)
    change(client, uri(CUSTOMERS), 2, renamed)
    orders = client.diagnostics(doc)  # orders.accord imports CustomerId: now unresolved
    text = ORDERS.read_text()
    import_line = position_of(text, "import shop.customers")["line"]
    assert any(d["severity"] == 1 and d["range"]["start"]["line"] == import_line for d in orders)
    change(client, uri(CUSTOMERS), 3, customers)
    assert [d["code"] for d in client.diagnostics(doc)] == ["S008"]


SHOP = REPO / "schemas/shop"


def locations(result: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """`(file name, line, character)` of each location's start."""
    return [
        (pathlib.Path(r["uri"].removeprefix("file://")).name, r["range"]["start"]["line"],
         r["range"]["start"]["character"])
        for r in result
    ]


def written(name: str, needle: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Where `needle` is written in the shop file `name` (every occurrence, moved by `offset`)."""
    text = (SHOP / name).read_text()
    found, start = [], 0
    while (index := text.find(needle, start)) >= 0:
        at = position_of(text[index:], needle, offset)  # relative to the occurrence
        line = text.count("\n", 0, index) + at["line"]
        column = index - (text.rfind("\n", 0, index) + 1) + at["character"]
        found.append((name, line, column))
        start = index + 1
    return found


def references(client: Client, doc: str, at: dict[str, int], declaration: bool) -> Any:
    return client.request(
        "textDocument/references",
        {"textDocument": {"uri": doc}, "position": at,
         "context": {"includeDeclaration": declaration}},
    )


def test_references_of_a_type_across_files(client: Client) -> None:
    doc = open_orders(client)
    client.diagnostics(doc)
    text = ORDERS.read_text()
    start = time.monotonic()
    found = references(client, doc, position_of(text, "CustomerId @ref", 3), True)
    elapsed = time.monotonic() - start
    print(f"references of CustomerId: {elapsed * 1000:.1f} ms")
    # Every place naming it: its declaration, its uses in customers.accord, the imports, the
    # field types of orders.accord, the topics' keys of streams.accord (no comment mentions it).
    expected = (
        written("customers.accord", "CustomerId")
        + written("orders.accord", "CustomerId")
        + written("streams.accord", "CustomerId")
    )
    assert len(expected) == 10
    assert locations(found) == expected
    assert all(r["range"]["end"]["character"] - r["range"]["start"]["character"] == 10
               for r in found)
    without = references(client, doc, position_of(text, "CustomerId @ref", 3), False)
    assert locations(without) == expected[1:]  # the declaration is the first
    assert ("customers.accord", 5, 8) == expected[0]


def test_references_of_a_pinned_version_and_of_the_type(client: Client) -> None:
    doc = open_orders(client)
    client.diagnostics(doc)
    text = ORDERS.read_text()
    pin = position_of(text, "Currency@2", 9)  # on the `2`
    found = references(client, doc, pin, True)
    header = written("common.accord", "version 2")
    assert locations(found) == header + written("orders.accord", "Currency@2")
    assert locations(references(client, doc, pin, False)) == written("orders.accord", "Currency@2")
    whole = references(client, doc, position_of(text, "Currency@2", 1), False)
    # The bare name: every version (Money's `Currency@3` too) and the import.
    assert locations(whole) == (
        written("common.accord", "Currency@")
        + written("orders.accord", "Currency")
    )


def completion(client: Client, doc: str, text: str, needle: str, offset: int) -> Any:
    at = position_of(text, needle, offset)
    start = time.monotonic()
    result = client.request(
        "textDocument/completion", {"textDocument": {"uri": doc}, "position": at}
    )
    print(f"completion at {needle!r}: {(time.monotonic() - start) * 1000:.1f} ms")
    assert result["isIncomplete"] is False  # the shop has far fewer types than the cap
    return result["items"]


def test_completion_of_annotations_versions_and_ref_fields(client: Client) -> None:
    doc = open_orders(client)
    client.diagnostics(doc)
    text = ORDERS.read_text()
    typing = text.replace("    note: string? = null;\n    status: OrderStatus@2",
                          "    note: string? @\n    status: OrderStatus@2", 1)
    typing = typing.replace("currency: Currency@3 = EUR;", "currency: Currency@", 1)
    typing = typing.replace("@ref(Customer@1.id)", "@ref(Customer@1.", 1)
    change(client, doc, 2, typing)
    assert any(d["severity"] == 1 for d in client.diagnostics(doc)), "the buffer does not parse"
    annotations = completion(client, doc, typing, "string? @", 9)
    assert {"key", "ref", "unit", "deprecated", "renamed"} <= {i["label"] for i in annotations}
    assert all(i["documentation"]["value"] for i in annotations)
    versions = completion(client, doc, typing, "currency: Currency@", 19)
    assert [v["label"] for v in versions] == ["3", "2", "1"]
    assert versions[0]["preselect"] and "latest" in versions[0]["detail"]
    assert "CHF" in versions[0]["documentation"]["value"]
    fields = completion(client, doc, typing, "@ref(Customer@1.", 16)
    fields.sort(key=lambda i: i["sortText"])
    assert [f["label"] for f in fields] == ["id", "email", "name", "created_at"]
    assert fields[0]["detail"] == "CustomerId @key" and fields[0]["kind"] == 5


def test_completion_of_types_adds_the_import(client: Client) -> None:
    doc = open_orders(client)
    client.diagnostics(doc)
    text = ORDERS.read_text()
    typing = text + "\nrecord Draft {\n  tier: Ti"
    change(client, doc, 2, typing)
    client.diagnostics(doc)
    items = {i["label"]: i for i in completion(client, doc, typing, "tier: Ti", 8)}
    tier = items["Tier"]
    assert tier["detail"] == "enum shop.customers.Tier"
    assert tier["documentation"]["value"] == "Loyalty tier of a customer."
    [edit] = tier["additionalTextEdits"]
    # Into the import of shop.customers: `import shop.customers.{Customer, CustomerId, Tier};`.
    assert edit["newText"] == ", Tier"
    close = position_of(text, "CustomerId};", 10)
    assert edit["range"] == {"start": close, "end": close}
    assert "additionalTextEdits" not in items["OrderStatus"]  # of this package
    assert "additionalTextEdits" not in items["Currency"]  # imported already
    assert items["TraceId"]["additionalTextEdits"][0]["newText"] == ", TraceId"
    assert "Draft" in items and "timestamp_ms" in items and "list" in items
    compat = completion(client, doc, text, "compat backward_transitive", 7)
    assert "backward_transitive" in {i["label"] for i in compat}


def test_machines_are_document_symbols_with_their_versions(client: Client) -> None:
    exports = REPO / "schemas/shop/exports.accord"
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri(exports), "languageId": "accord", "version": 1,
                          "text": exports.read_text()}},
    )
    symbols = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri(exports)}})
    assert [s["name"] for s in symbols] == ["ExportStatus", "ExportEvent", "ExportJob"]
    job = symbols[2]
    assert job["kind"] == 11 and job["detail"] == "machine"  # SymbolKind.Interface
    assert [c["name"] for c in job["children"]] == ["version 1", "version 2"]
