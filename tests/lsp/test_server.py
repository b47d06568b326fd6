"""`zona lsp` driven over stdio as an editor drives it: initialize, open and change documents,
then every request the server offers, and shutdown/exit. Expected values are exact."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.lsp.driver import Server, at
from zona.language.format import format_source

pytestmark = pytest.mark.slow

BASE = '''ruleset "dasar" {
    maximum 10
}

scale ya_tidak "Ya/Tidak" { Ya = 1, Tidak = 0 }

component inti "Inti" {
    weight 10
    question q1 "Soal satu" {
        scale ya_tidak
        criteria "Ya, jika ada."
        cite "Tabel 1"
        assumed "Bobot sama."
    }
    question q2 "Soal dua" { scale ya_tidak }
    question q3 "Soal tiga" { scale ya_tidak }
}

predicate LULUS "Lulus" {
    require share(inti) >= 60%
}
'''
CHILD = '''ruleset "anak" extends "dasar" { }

amend q1 { label "Soal satu, diubah" }

predicate KETAT "Ketat" {
    require predicate LULUS
    require q1 >= 1
}
'''
HOVER_Q1 = ("**question** `q1`: Soal satu\n\n"
            "no weight · maximum 1 · share of the total 1/3 (≈ 33.33%)\n\n"
            "scale `ya_tidak`\n\n**criteria** Ya, jika ada.\n\n**cite** Tabel 1\n\n"
            "**assumed** Bobot sama.")


def span(line: int, start: int, end_line: int, end: int) -> dict[str, Any]:
    return {"start": {"line": line, "character": start},
            "end": {"line": end_line, "character": end}}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("rulesets")
    (where / "dasar.zona").write_text(BASE, encoding="utf-8")
    (where / "anak.zona").write_text(CHILD, encoding="utf-8")
    return where


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[Server]:
    running = Server()
    capabilities = running.initialize(folder)["capabilities"]
    assert capabilities["hoverProvider"] is True
    assert capabilities["renameProvider"] == {"prepareProvider": True}
    assert capabilities["positionEncoding"] == "utf-16"
    yield running
    assert running.stop() == 0


@pytest.fixture(scope="module")
def base(server: Server, folder: Path) -> str:
    uri = server.open(folder / "dasar.zona")
    assert server.diagnostics(uri) == []
    return uri


@pytest.fixture(scope="module")
def child(server: Server, folder: Path, base: str) -> str:
    uri = server.open(folder / "anak.zona")
    assert server.diagnostics(uri) == []
    return uri


def test_an_error_and_a_warning_then_a_change_that_fixes_them(server: Server,
                                                               folder: Path) -> None:
    text = ('ruleset "x" { }\n'
            'scale yt { Ya = 1, Tidak = 0 }\n'
            'input jumlah { count }\n'
            'question q "😀 Soal" { scale yx }\n')
    uri = server.open(folder / "draft.zona", text)
    # `yx` is at code points 28..29; the emoji before it is two UTF-16 code units
    assert server.diagnostics(uri) == [{
        "range": span(3, 29, 3, 31), "severity": 1, "code": "unknown", "source": "zona",
        "message": "unknown scale 'yx'"}]
    server.change(uri, text.replace("scale yx", "scale yt"))  # compiles: now the warnings
    assert server.diagnostics(uri) == [{
        "range": span(2, 6, 2, 12), "severity": 2, "code": "W101", "source": "zona",
        "message": "input 'jumlah' is not used: no score, derived value or grade reads it. "
                   "Its answer is read and then ignored. Remove the input, or use it in a "
                   "`score =`."}]
    server.change(uri, text.replace("scale yx", "scale yt").replace("input jumlah { count }\n",
                                                                     ""), version=3)
    assert server.diagnostics(uri) == []


def test_a_syntax_error_keeps_the_outline_and_hover_of_the_last_good_version(
        server: Server, folder: Path) -> None:
    uri = server.open(folder / "broken.zona", BASE)
    assert server.diagnostics(uri) == []
    server.change(uri, BASE.replace("weight 10\n", "weight 10 {\n"))
    [problem] = server.diagnostics(uri)
    assert problem["severity"] == 1 and problem["code"] == "syntax"
    outline = server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert [s["name"] for s in outline] == ["ya_tidak", "inti", "LULUS"]
    hover = server.request("textDocument/hover", at(uri, 8, 14))
    assert hover["contents"]["value"] == HOVER_Q1


def test_hover_shows_a_nodes_figures_and_texts(server: Server, base: str) -> None:
    hover = server.request("textDocument/hover", at(base, 8, 14))
    assert hover == {"contents": {"kind": "markdown", "value": HOVER_Q1}}
    inti = server.request("textDocument/hover", at(base, 19, 19))["contents"]["value"]
    assert inti == ("**component** `inti`: Inti\n\nweight 10 · maximum 10 · share of the total "
                    "100%\n\naggregate mean of 3 children")
    scale = server.request("textDocument/hover", at(base, 4, 8))["contents"]["value"]
    assert scale == "**scale** `ya_tidak`: Ya/Tidak\n\n- `Ya` = 1\n- `Tidak` = 0"
    predicate = server.request("textDocument/hover", at(base, 18, 11))["contents"]["value"]
    assert predicate == "**predicate** `LULUS`: Lulus\n\nrequires:\n- `share(inti) >= 60%`"
    assert server.request("textDocument/hover", at(base, 7, 5)) is None  # `weight`


def test_hover_in_a_file_that_extends_another_shows_the_merged_model(
        server: Server, child: str) -> None:
    value = server.request("textDocument/hover", at(child, 2, 7))["contents"]["value"]
    assert value == HOVER_Q1.replace("Soal satu", "Soal satu, diubah")


def test_definition_across_extends(server: Server, base: str, child: str) -> None:
    assert server.request("textDocument/definition", at(child, 6, 13)) == [
        {"uri": base, "range": span(8, 13, 8, 15)}]
    assert server.request("textDocument/definition", at(child, 5, 24)) == [
        {"uri": base, "range": span(18, 10, 18, 15)}]
    assert server.request("textDocument/definition", at(base, 19, 19)) == [
        {"uri": base, "range": span(6, 10, 6, 14)}]


def test_references_across_extends(server: Server, base: str, child: str) -> None:
    params = {**at(base, 8, 14), "context": {"includeDeclaration": True}}
    assert server.request("textDocument/references", params) == [
        {"uri": base, "range": span(8, 13, 8, 15)},
        {"uri": child, "range": span(2, 6, 2, 8)},
        {"uri": child, "range": span(6, 12, 6, 14)}]
    params = {**at(base, 4, 8), "context": {"includeDeclaration": False}}
    assert server.request("textDocument/references", params) == [
        {"uri": base, "range": span(r, c, r, c + 8)} for r, c in
        ((9, 14), (14, 35), (15, 36))]


def test_completion_offers_scales_keywords_and_ids(server: Server, folder: Path) -> None:
    uri = server.open(folder / "complete.zona", BASE)
    server.diagnostics(uri)
    # the author types: the text does not parse, the ids come from the last version that did
    server.change(uri, BASE + "component baru {\n    weight 1\n    question q4 { scale  }\n"
                  "    \n}\n")
    server.diagnostics(uri)
    scales = server.request("textDocument/completion", at(uri, 23, 24))
    assert scales == [{"label": "ya_tidak", "kind": 13, "detail": "Ya/Tidak"}]
    members = server.request("textDocument/completion", at(uri, 24, 4))
    assert [i["label"] for i in members] == [
        "weight", "aggregate", "score", "scale", "soal", "missing", "na", "label",
        "criteria", "cite", "note", "assumed", "component", "subcomponent", "area",
        "subarea", "group", "question", "item", "input", "derived", "change", "measured"]
    server.change(uri, BASE + "predicate P { require  }\n", version=3)
    server.diagnostics(uri)
    values = server.request("textDocument/completion", at(uri, 21, 22))
    assert [i["label"] for i in values] == [
        "total", "inti", "q1", "q2", "q3", "every", "predicate", "grade", "fact", "share",
        "not", "and", "or"]
    top = server.request("textDocument/completion", at(uri, 22, 0))
    assert [i["label"] for i in top] == [
        "scale", "fact", "component", "subcomponent", "area", "subarea", "group", "question",
        "item", "input", "derived", "view", "predicate", "grade"]


def test_document_symbols_are_the_tree(server: Server, base: str) -> None:
    found = server.request("textDocument/documentSymbol", {"textDocument": {"uri": base}})

    def shape(symbol: dict[str, Any]) -> tuple[Any, ...]:
        return (symbol["name"], symbol["kind"], symbol.get("detail"),
                tuple(shape(c) for c in symbol.get("children", [])))

    assert [shape(s) for s in found] == [
        ("ya_tidak", 10, "Ya/Tidak", (("Ya", 22, None, ()), ("Tidak", 22, None, ()))),
        ("inti", 2, "Inti", (("q1", 8, "Soal satu", ()), ("q2", 8, "Soal dua", ()),
                             ("q3", 8, "Soal tiga", ()))),
        ("LULUS", 17, "Lulus", ())]
    inti = found[1]
    assert inti["range"] == span(6, 0, 16, 1)
    assert inti["selectionRange"] == span(6, 10, 6, 14)
    assert inti["children"][0]["range"] == span(8, 4, 13, 5)


def test_formatting_replaces_the_text_with_zona_fmts(server: Server, folder: Path) -> None:
    text = 'ruleset "f" {}\nscale yt {Ya=1,Tidak=0}\nquestion q { scale yt }\n'
    uri = server.open(folder / "format.zona", text)
    server.diagnostics(uri)
    options = {"tabSize": 4, "insertSpaces": True}
    edits = server.request("textDocument/formatting",
                           {"textDocument": {"uri": uri}, "options": options})
    assert edits == [{"range": span(0, 0, 3, 0), "newText": format_source(text)}]
    server.change(uri, format_source(text))
    server.diagnostics(uri)
    assert server.request("textDocument/formatting",
                          {"textDocument": {"uri": uri}, "options": options}) == []


def test_rename_changes_the_file_and_the_open_files_extending_it(
        server: Server, base: str, child: str) -> None:
    assert server.request("textDocument/prepareRename", at(base, 8, 14)) == span(8, 13, 8, 15)
    edit = server.request("textDocument/rename", {**at(base, 8, 14), "newName": "soal1"})
    assert edit == {"changes": {
        base: [{"range": span(8, 13, 8, 15), "newText": "soal1"}],
        child: [{"range": span(2, 6, 2, 8), "newText": "soal1"},
                {"range": span(6, 12, 6, 14), "newText": "soal1"}]}}
    refused = server.call("textDocument/rename", {**at(child, 2, 7), "newName": "soal1"})
    assert refused["error"]["message"].startswith("'q1' is declared in ")
    assert refused["error"]["message"].endswith("dasar.zona; rename it there")
    taken = server.call("textDocument/rename", {**at(base, 8, 14), "newName": "q2"})
    assert taken["error"]["message"] == "'q2' is already declared"
    keyword = server.call("textDocument/rename", {**at(base, 8, 14), "newName": "total"})
    assert keyword["error"]["message"] == "'total' is a keyword and cannot be used as an id"
    assert server.request("textDocument/prepareRename", at(base, 7, 5)) is None


def test_no_request_crashes_the_server(server: Server, base: str, folder: Path) -> None:
    assert server.request("textDocument/hover", at(base, 999, 999)) is None
    assert server.request("textDocument/definition", at(base, 0, 999)) == []
    unknown = (folder / "never-opened.zona").as_uri()
    assert server.request("textDocument/documentSymbol", {"textDocument": {"uri": unknown}}) \
        == []
    assert server.request("textDocument/hover", at(base, 8, 14))["contents"]["value"] == \
        HOVER_Q1
