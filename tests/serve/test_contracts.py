"""The contracts beside the server: the OpenAPI document and JSON Schemas, `-` for standard
input on the command line, and zona.io readers that take bytes or a file object."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from starlette.testclient import TestClient

import zona
from tests.conftest import WORKBOOK
from tests.serve.conftest import EXAMPLES, SAKIP, UNIT, validate
from zona.cli.main import main
from zona.io import read_answers, read_lke
from zona.serve.openapi import ENDPOINTS, SCHEMAS, openapi, schemas


def test_every_schema_is_a_valid_2020_12_schema() -> None:
    found = schemas()
    assert sorted(found) == sorted(p.name.removesuffix(".schema.json")
                                   for p in SCHEMAS.glob("*.schema.json"))
    for schema in found.values():
        Draft202012Validator.check_schema(schema)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [*([node["$ref"]] if isinstance(node.get("$ref"), str) else []),
                *(r for v in node.values() for r in _refs(v))]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_openapi_document_is_served_and_its_references_resolve(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document == json.loads(json.dumps(openapi()))
    assert document["openapi"] == "3.1.0"
    assert sorted(document["paths"]) == sorted(ENDPOINTS)
    refs = _refs(document)
    assert refs
    for ref in refs:
        assert ref.startswith("#/")
        node: Any = document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        assert isinstance(node, dict)


def test_openapi_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--openapi"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(openapi()))


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sakip = str(EXAMPLES / "sakip-88-2021.zona")
    for command in (["score", "--json"], ["explain", "--lang", "en"],
                    ["gap", "--json", "--target", "predikat>=BB"]):
        assert main([*command, "-r", sakip, str(SAKIP)]) == 0
        from_file = capsys.readouterr().out
        stdin(monkeypatch, SAKIP.read_bytes())
        assert main([*command, "-r", sakip, "-"]) == 0
        assert capsys.readouterr().out == from_file
    stdin(monkeypatch, UNIT.read_bytes())
    assert main(["score", "--json", "-r", "permenpan-90-2021", "-"]) == 0
    found = json.loads(capsys.readouterr().out)
    validate(found, "result")
    assert found["total_exact"] == "625060859/7224000"
    stdin(monkeypatch, SAKIP.read_bytes())
    assert main(["report", "-r", sakip, "-", "-o", str(tmp_path / "r.html")]) == 0
    assert "Inspektorat Kabupaten Contoh" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_dash_reads_a_workbook_from_standard_input(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    if not WORKBOOK.exists():
        pytest.skip(f"reference workbook not found at {WORKBOOK}")
    stdin(monkeypatch, WORKBOOK.read_bytes())
    assert main(["score", "--json", "-"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["total_exact"] == "261077/2730"
    assert "<stdin>: warning: LKE ZI!J8" in captured.err


def test_readers_take_bytes_and_file_objects() -> None:
    ruleset = zona.load_builtin("permenpan-90-2021")
    from_path = read_answers(UNIT, ruleset)
    data = UNIT.read_bytes()
    for given in (data, io.BytesIO(data)):
        sheet = read_answers(given, ruleset, name="unit.json")
        assert (sheet.answers, sheet.locations.get("q1")) == (
            from_path.answers, "unit.json#/0/jawaban_unit")
    assert read_answers(data, ruleset).source == "<bytes>"
    csv = read_answers(b"id,answer\nq1,Ya\n", ruleset)  # no name: the bytes say CSV
    assert csv.answers == {"q1": "Ya"}
    with pytest.raises(zona.ZonaError, match="the file is empty"):
        read_answers(b" \n", ruleset)
    with pytest.raises(zona.ZonaError, match="larger than"):
        read_answers(io.BytesIO(b"{" * (21 * 1024 * 1024)), ruleset)


def test_read_lke_takes_bytes() -> None:
    if not WORKBOOK.exists():
        pytest.skip(f"reference workbook not found at {WORKBOOK}")
    from_path = read_lke(WORKBOOK)
    from_bytes = read_lke(WORKBOOK.read_bytes(), name="lke.xlsx")
    from_file = read_lke(io.BytesIO(WORKBOOK.read_bytes()))
    assert from_bytes.answers.answers == from_path.answers.answers == \
        from_file.answers.answers
    assert (from_bytes.ruleset, from_bytes.answers.source) == ("permenpan-90-2021", "lke.xlsx")


def test_serve_without_its_extra_is_a_one_line_hint(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delitem(sys.modules, "zona.serve.app", raising=False)
    monkeypatch.setitem(sys.modules, "starlette", None)  # `import starlette` now fails
    assert main(["serve", "--port", "1"]) == 1
    err = capsys.readouterr().err
    assert err == 'zona serve needs starlette: pip install "zona-rb[serve]"\n'
