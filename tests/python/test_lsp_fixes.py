"""The fix-its of `accord lsp`, requested and applied as an editor does: for each golden case of
`compiler/tests/fixes` (the ones `accord check --fix` is tested on), every file is opened, the
quick fix of a diagnostic is requested with `textDocument/codeAction` on its range, its edit
applied to the buffer and sent back, until no diagnostic offers one; the buffers must then be
the case's `after/` files and the diagnostics empty. Then the "start version N+1" refactoring.
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
from typing import Any

import pytest

from test_lsp import Client, binary, change, client, uri  # noqa: F401  (fixtures)

REPO = pathlib.Path(__file__).resolve().parents[2]
CASES = REPO / "compiler/tests/fixes"


def git(cwd: pathlib.Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main",
         *args],
        cwd=cwd, check=True, capture_output=True,
    )


def prepare(case: pathlib.Path, work: pathlib.Path) -> None:
    """The case's project: `before/`, over a git commit of `released/` when it has one."""
    if (case / "released").is_dir():
        shutil.copytree(case / "released", work)
        git(work, "init", "-q")
        git(work, "add", ".")
        git(work, "commit", "-q", "-m", "released")
        shutil.rmtree(work / "schemas")
    shutil.copytree(case / "before", work, dirs_exist_ok=True)


def offset(text: str, position: dict[str, int]) -> int:
    """The index in `text` of an LSP position (UTF-16 columns)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position["line"]])
    line = lines[position["line"]] if position["line"] < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position["character"]:
            return start + index
        units += len(char.encode("utf-16-le")) // 2
    return start + len(line)


def apply(text: str, edits: list[dict[str, Any]]) -> str:
    ordered = sorted(edits, key=lambda e: offset(text, e["range"]["start"]), reverse=True)
    for edit in ordered:
        start = offset(text, edit["range"]["start"])
        end = offset(text, edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


class Project:
    """Every contract of a project open in the client, with its latest diagnostics."""

    def __init__(self, client: Client, root: pathlib.Path) -> None:
        self.client = client
        self.texts = {uri(p): p.read_text() for p in sorted((root / "schemas").glob("*.accord"))}
        self.versions = dict.fromkeys(self.texts, 1)
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        for doc, text in self.texts.items():
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": doc, "languageId": "accord", "version": 1, "text": text}})
        self.settle()

    def settle(self) -> None:
        """Waits for the diagnostics of every open file (each compilation publishes them all)."""
        seen: dict[str, list[dict[str, Any]]] = {}
        while set(seen) != set(self.texts):
            message = self.client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
            if message["params"]["uri"] in self.texts:
                seen[message["params"]["uri"]] = message["params"]["diagnostics"]
        self.diagnostics = seen

    def actions(self, doc: str, at: dict[str, Any]) -> list[dict[str, Any]]:
        return self.client.request("textDocument/codeAction", {
            "textDocument": {"uri": doc}, "range": at,
            "context": {"diagnostics": []},
        })

    def perform(self, action: dict[str, Any]) -> None:
        for doc, edits in action["edit"]["changes"].items():
            assert doc in self.texts, f"an edit of a file that is not open: {doc}"
            self.texts[doc] = apply(self.texts[doc], edits)
            self.versions[doc] += 1
            change(self.client, doc, self.versions[doc], self.texts[doc])
        self.settle()

    def next_fix(self) -> dict[str, Any] | None:
        """The preferred quick fix to apply next: renames first, as `accord check --fix` does."""
        found = [(d["code"] != "S009", doc, d) for doc, ds in self.diagnostics.items() for d in ds]
        for _, doc, diagnostic in sorted(found, key=lambda f: (f[0], f[1])):
            fixes = [a for a in self.actions(doc, diagnostic["range"])
                     if a["kind"] == "quickfix" and a.get("isPreferred")
                     and a["diagnostics"][0]["code"] == diagnostic["code"]]
            if fixes:
                return fixes[0]
        return None


CASE_NAMES = sorted(p.name for p in CASES.iterdir() if not (p / "against").is_dir())


@pytest.mark.parametrize("name", CASE_NAMES)
def test_each_quick_fix_gives_the_golden_files(
    client: Client, tmp_path: pathlib.Path, name: str  # noqa: F811
) -> None:
    case = CASES / name
    work = tmp_path / name
    prepare(case, work)
    project = Project(client, work)
    assert any(project.diagnostics.values()), "the case starts with diagnostics"
    titles = []
    for _ in range(30):
        action = project.next_fix()
        if action is None:
            break
        titles.append(action["title"])
        project.perform(action)
    expected = [line.split(": ", 1)[1] for line in (case / "expected.txt").read_text().splitlines()]
    assert sorted(titles) == sorted(expected)
    for path in sorted((case / "after/schemas").glob("*.accord")):
        assert project.texts[uri(work / "schemas" / path.name)] == path.read_text(), path.name
    assert project.diagnostics == dict.fromkeys(project.texts, [])


def test_start_a_new_version_copies_the_latest(client: Client, tmp_path: pathlib.Path) -> None:  # noqa: F811
    work = tmp_path / "project"
    shutil.copytree(CASES / "s009_renamed/after", work)
    project = Project(client, work)
    doc = uri(work / "schemas/customers.accord")
    text = project.texts[doc]
    inside = text.index("full_name: string")
    line = text.count("\n", 0, inside)
    at = {"line": line, "character": 4}
    refactors = [a for a in project.actions(doc, {"start": at, "end": at})
                 if a["kind"] == "refactor.rewrite"]
    assert [a["title"] for a in refactors] == ["Start version 3 of `Customer` (a copy of version 2)"]
    project.perform(refactors[0])
    version_2 = text[text.index("  version 2 {"):text.rindex("  }\n") + 4]
    assert project.texts[doc] == text.replace(
        version_2, version_2 + version_2.replace("version 2", "version 3"))
    assert project.diagnostics[doc] == []
    # Outside any type, no refactoring is offered.
    top = {"line": 0, "character": 0}
    assert [a for a in project.actions(doc, {"start": top, "end": top})
            if a["kind"] == "refactor.rewrite"] == []
