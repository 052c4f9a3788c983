"""`accord lsp` driven by a real language client from PyPI: pygls's `LanguageClient`, which frames
the messages and decodes every response into the typed LSP structures of `lsprotocol` (a
response whose shape is not the protocol's fails to decode). As an editor: open the example
project, introduce an error and fix it, hover, go to a definition in another file, and request
and apply every quick fix of each golden case of `compiler/tests/fixes`, then the "start version
N+1" refactoring. The hand-written client of test_lsp.py covers the same ground in more detail.
"""

from __future__ import annotations

import asyncio
import pathlib
import shutil
from typing import Any, Awaitable, Callable, TypeVar

import pytest
from lsprotocol import types as lsp
from lsprotocol.converters import get_converter
from pygls.lsp.client import LanguageClient

from test_lsp import CUSTOMERS, ORDERS, binary, uri  # noqa: F401  (fixture)
from test_lsp_fixes import CASE_NAMES, CASES, apply, prepare

T = TypeVar("T")
TIMEOUT = 60.0
CONVERTER = get_converter()


class Editor:
    """A pygls client with open buffers and the diagnostics last published for each."""

    def __init__(self) -> None:
        self.client = LanguageClient("accord-tests", "1")
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.published: asyncio.Queue[lsp.PublishDiagnosticsParams] = asyncio.Queue()
        self.diagnostics: dict[str, list[lsp.Diagnostic]] = {}

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: lsp.PublishDiagnosticsParams) -> None:
            self.published.put_nowait(params)

    async def start(self, accord: pathlib.Path) -> lsp.InitializeResult:
        await self.client.start_io(str(accord), "lsp")
        capabilities = lsp.ClientCapabilities(
            text_document=lsp.TextDocumentClientCapabilities(
                code_action=lsp.CodeActionClientCapabilities(
                    code_action_literal_support=lsp.ClientCodeActionLiteralOptions(
                        code_action_kind=lsp.ClientCodeActionKindOptions(
                            value_set=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.RefactorRewrite]
                        )
                    )
                ),
                hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown]),
            )
        )
        result = await self.answer(
            self.client.initialize_async(lsp.InitializeParams(capabilities=capabilities))
        )
        self.client.initialized(lsp.InitializedParams())
        return result

    async def stop(self) -> None:
        await self.answer(self.client.shutdown_async(None))
        self.client.exit(None)
        await self.client.stop()

    @staticmethod
    async def answer(request: Awaitable[T]) -> T:
        return await asyncio.wait_for(request, TIMEOUT)

    async def open(self, path: pathlib.Path) -> str:
        doc = uri(path)
        self.texts[doc] = path.read_text()
        self.versions[doc] = 1
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=doc, language_id="accord", version=1, text=self.texts[doc])
        ))
        return doc

    def edit(self, doc: str, text: str) -> None:
        self.texts[doc] = text
        self.versions[doc] += 1
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=doc, version=self.versions[doc]),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        ))

    async def settle(self) -> None:
        """Waits until every open buffer has had its diagnostics published (each compilation
        publishes those of every open file)."""
        seen: dict[str, list[lsp.Diagnostic]] = {}
        while set(seen) != set(self.texts):
            params = await asyncio.wait_for(self.published.get(), TIMEOUT)
            if params.uri in self.texts:
                seen[params.uri] = list(params.diagnostics)
        self.diagnostics = seen

    async def actions(self, doc: str, at: lsp.Range) -> list[lsp.CodeAction]:
        found = await self.answer(self.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc), range=at,
            context=lsp.CodeActionContext(diagnostics=[]),
        )))
        assert found is not None
        assert all(isinstance(a, lsp.CodeAction) for a in found), found
        return [a for a in found if isinstance(a, lsp.CodeAction)]

    async def perform(self, action: lsp.CodeAction) -> None:
        """Applies the action's workspace edit to the open buffers, as an editor does."""
        assert action.edit is not None and action.edit.changes is not None, action
        for doc, edits in action.edit.changes.items():
            assert doc in self.texts, f"an edit of a file that is not open: {doc}"
            plain: list[dict[str, Any]] = CONVERTER.unstructure(edits)
            self.edit(doc, apply(self.texts[doc], plain))
        await self.settle()


def run(body: Callable[[Editor], Awaitable[None]], accord: pathlib.Path) -> None:
    async def session() -> None:
        editor = Editor()
        result = await editor.start(accord)
        assert result.capabilities.hover_provider and result.capabilities.definition_provider
        assert result.capabilities.code_action_provider
        try:
            await body(editor)
        finally:
            await editor.stop()

    asyncio.run(session())


def at(text: str, needle: str) -> lsp.Position:
    index = text.index(needle)
    return lsp.Position(line=text.count("\n", 0, index), character=index - (text.rfind("\n", 0, index) + 1))


def test_an_error_comes_and_goes_hover_and_definition(binary: pathlib.Path) -> None:  # noqa: F811
    async def body(editor: Editor) -> None:
        doc = await editor.open(ORDERS)
        await editor.settle()
        assert [d.code for d in editor.diagnostics[doc]] == ["S008"]  # a warning of the shop
        text = editor.texts[doc]
        editor.edit(doc, text.replace("placed_at: timestamp_ms;", "placed_at: Timestmap;", 1))
        await editor.settle()
        errors = [d for d in editor.diagnostics[doc] if d.severity == lsp.DiagnosticSeverity.Error]
        assert [d.code for d in errors] == ["N004"]
        assert errors[0].range.start == at(editor.texts[doc], "Timestmap")
        editor.edit(doc, text)
        await editor.settle()
        assert [d.code for d in editor.diagnostics[doc]] == ["S008"]

        usage = at(text, "CustomerId @ref")
        hover = await editor.answer(editor.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc), position=usage)))
        assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
        assert "shop.customers.CustomerId" in hover.contents.value
        found = await editor.answer(editor.client.text_document_definition_async(
            lsp.DefinitionParams(text_document=lsp.TextDocumentIdentifier(uri=doc), position=usage)))
        locations = found if isinstance(found, list) else [found]
        assert [(loc.uri, loc.range.start) for loc in locations if isinstance(loc, lsp.Location)] == [
            (uri(CUSTOMERS), at(CUSTOMERS.read_text(), "CustomerId = string"))
        ]

    run(body, binary)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_quick_fix_applies(binary: pathlib.Path, tmp_path: pathlib.Path, name: str) -> None:  # noqa: F811
    case = CASES / name
    work = tmp_path / name
    prepare(case, work)

    async def body(editor: Editor) -> None:
        for path in sorted((work / "schemas").glob("*.accord")):
            await editor.open(path)
        await editor.settle()
        assert any(editor.diagnostics.values()), "the case starts with diagnostics"
        titles = []
        for _ in range(30):
            action = await next_fix(editor)
            if action is None:
                break
            titles.append(action.title)
            await editor.perform(action)
        expected = [line.split(": ", 1)[1] for line in (case / "expected.txt").read_text().splitlines()]
        assert sorted(titles) == sorted(expected)
        for path in sorted((case / "after/schemas").glob("*.accord")):
            assert editor.texts[uri(work / "schemas" / path.name)] == path.read_text(), path.name
        assert editor.diagnostics == dict.fromkeys(editor.texts, [])

    run(body, binary)


async def next_fix(editor: Editor) -> lsp.CodeAction | None:
    """The preferred quick fix to apply next: renames first, as `accord check --fix` does."""
    found = [(d.code != "S009", doc, d) for doc, ds in editor.diagnostics.items() for d in ds]
    for _, doc, diagnostic in sorted(found, key=lambda f: (f[0], f[1])):
        for action in await editor.actions(doc, diagnostic.range):
            if (action.kind == lsp.CodeActionKind.QuickFix and action.is_preferred
                    and action.diagnostics and action.diagnostics[0].code == diagnostic.code):
                return action
    return None


def test_start_a_new_version(binary: pathlib.Path, tmp_path: pathlib.Path) -> None:  # noqa: F811
    work = tmp_path / "project"
    shutil.copytree(CASES / "s009_renamed/after", work)

    async def body(editor: Editor) -> None:
        doc = await editor.open(work / "schemas/customers.accord")
        await editor.settle()
        text = editor.texts[doc]
        inside = at(text, "full_name: string")
        actions = await editor.actions(doc, lsp.Range(start=inside, end=inside))
        refactors = [a for a in actions if a.kind == lsp.CodeActionKind.RefactorRewrite]
        assert [a.title for a in refactors] == ["Start version 3 of `Customer` (a copy of version 2)"]
        await editor.perform(refactors[0])
        version_2 = text[text.index("  version 2 {"):text.rindex("  }\n") + 4]
        assert editor.texts[doc] == text.replace(version_2, version_2 + version_2.replace("version 2", "version 3"))
        assert editor.diagnostics[doc] == []

    run(body, binary)
