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
