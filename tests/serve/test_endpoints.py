"""Every endpoint of `zona serve` on a test client: the bodies are exactly what the library
and the command line give for the same answers, and valid against their JSON Schemas."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import zona
from tests.conftest import WORKBOOK
from tests.serve.conftest import EXAMPLES, SAKIP, UNIT, load, validate
from zona.analysis.explain import explain
from zona.cli.main import main
from zona.io import read_answers
from zona.io.template import template_text
from zona.version import __version__

RULESET = zona.load_builtin("permenpan-90-2021")
SAKIP_RULESET = zona.load(EXAMPLES / "sakip-88-2021.zona")
HEAD = {"zona_version": __version__, "ruleset": "permenpan-90-2021",
        "ruleset_fingerprint": RULESET.fingerprint}


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> dict[str, object]:
    assert main([str(a) for a in argv]) == 0
    found: dict[str, object] = json.loads(capsys.readouterr().out)
    return found


def test_rulesets_lists_builtin_and_folder_rulesets(client: TestClient) -> None:
    response = client.get("/rulesets")
    assert response.status_code == 200
    body = response.json()
    validate(body, "rulesets")
    assert [r["id"] for r in body["rulesets"]] == [
        "permenpan-52-2014", "permenpan-90-2021", "portalrb-2026", "example", "sakip-88-2021",
        "spbe-59-2020", "spip-maturity"]
    first = body["rulesets"][1]
    assert first["fingerprint"] == RULESET.fingerprint
    assert (first["effective_from"], first["builtin"]) == ("2021-12-31", True)
    assert body["rulesets"][4]["builtin"] is False


def test_one_ruleset_has_its_tree_predicates_and_grades(client: TestClient) -> None:
    body = client.get("/rulesets/sakip-88-2021").json()
    validate(body, "ruleset")
    assert body["ruleset_fingerprint"] == SAKIP_RULESET.fingerprint
    assert body["tree"]["id"] == "total"
    assert [c["id"] for c in body["tree"]["children"]] == [
        n.name for n in SAKIP_RULESET.root.children]
    assert body["grades"][0]["levels"][3] == {"name": "B", "label": "Baik",
                                              "band": "> 60 .. 70", "when": None}
    wbk = client.get("/rulesets/permenpan-90-2021").json()["predicates"]
    assert [p["id"] for p in wbk] == [p.name for p in RULESET.predicates]
    assert [p["id"] for p in wbk][:2] == ["WBK", "WBBM"]
    assert wbk[0]["conditions"][0] == "total >= 75"


def test_score_portalrb_list_equals_the_command_line(
        client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    response = client.post("/score?ruleset=permenpan-90-2021", json=load(UNIT))
    assert response.status_code == 200
    assert response.headers["zona-ruleset-fingerprint"] == RULESET.fingerprint
    body = response.json()
    validate(body, "result")
    assert body["total_exact"] == "625060859/7224000"
    assert {k: body[k] for k in HEAD} == HEAD
    cli = cli_json(capsys, "score", "--json", "-r", "permenpan-90-2021", UNIT)
    validate(cli, "result")
    assert {k: v for k, v in body.items() if k not in ("unit_id", "warnings")} == cli
    assert body["warnings"] == []


def test_score_zona_json_object_and_upload_agree(client: TestClient) -> None:
    sheet = load(SAKIP)
    from_json = client.post("/score", json=sheet)
    uploaded = client.post("/score", files={"file": ("unit.json", SAKIP.read_bytes())})
    raw = client.post("/score", content=SAKIP.read_bytes(),
                      headers={"content-type": "application/octet-stream"})
    assert from_json.status_code == uploaded.status_code == raw.status_code == 200
    assert from_json.json()["total_exact"] == "67.6875"
    assert from_json.json()["grades"]["predikat"]["level"] == "B"
    assert from_json.content == raw.content
    assert {**uploaded.json(), "unit": None} == {**from_json.json(), "unit": None} or \
        uploaded.json() == from_json.json()


def test_score_the_official_workbook_upload(client: TestClient) -> None:
    if not WORKBOOK.exists():
        pytest.skip(f"reference workbook not found at {WORKBOOK}")
    response = client.post("/score", files={"file": ("lke.xlsx", WORKBOOK.read_bytes())})
    body = response.json()
    validate(body, "result")
    assert body["total_exact"] == "261077/2730"
    assert body["workbook"]["workbook_total"]["exact"] == "20071/210"
    assert [w["cell"] for w in body["warnings"]] == ["J8", "K185"]


def test_identical_requests_give_identical_bodies(client: TestClient) -> None:
    first = client.post("/score?ruleset=permenpan-90-2021", json=load(UNIT))
    second = client.post("/score?ruleset=permenpan-90-2021", json=load(UNIT))
    assert first.content == second.content
    request = {**load(SAKIP), "date": "2026-01-02"}
    assert client.post("/report", json=request).content == \
        client.post("/report", json=request).content


def test_explain_in_both_languages(client: TestClient) -> None:
    result = read_answers(SAKIP, SAKIP_RULESET).score(SAKIP_RULESET)
    unit = "Inspektorat Kabupaten Contoh (contoh)"
    for lang in ("id", "en"):
        body = client.post("/explain", json={**load(SAKIP), "lang": lang, "top": 3}).json()
        validate(body, "explain")
        assert body["text"] == explain(result, lang, top=3, unit=unit)
        assert (body["lang"], body["unit"]) == (lang, unit)
    assert client.post("/explain", json=load(SAKIP)).json()["lang"] == "id"


def test_gap_equals_the_command_line(client: TestClient,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    body = client.post("/gap", json={**load(SAKIP), "target": "predikat>=BB"}).json()
    validate(body, "gap")
    assert (body["feasible"], body["cost"], body["proven_minimal"]) == (True, 1, True)
    assert body["after"]["grades"]["predikat"]["level"] == "BB"
    cli = cli_json(capsys, "gap", "--json", "-r", EXAMPLES / "sakip-88-2021.zona",
                   "--target", "predikat>=BB", SAKIP)
    assert body == cli


def test_gap_keeps_frozen_inputs(client: TestClient) -> None:
    free = client.post("/gap", json={**load(SAKIP), "target": "predikat>=BB"}).json()
    changed = free["changes"][0]["id"]
    frozen = client.post("/gap", json={**load(SAKIP), "target": "predikat>=BB",
                                       "freeze": [changed]}).json()
    assert changed in frozen["frozen"]
    assert changed not in [c["id"] for c in frozen["changes"]]


def test_report_is_html_with_the_unit(client: TestClient) -> None:
    response = client.post("/report", json={**load(SAKIP), "lang": "en", "date": "2026-01-02"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["zona-ruleset"] == "sakip-88-2021"
    assert "Inspektorat Kabupaten Contoh" in response.text
    assert "2026-01-02" in response.text


def test_template_in_each_format(client: TestClient) -> None:
    text = client.get("/template/sakip-88-2021?format=csv")
    assert text.status_code == 200
    assert text.text == template_text(SAKIP_RULESET, "csv")
    book = client.get("/template/example")
    assert book.headers["content-type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert book.content[:4] == b"PK\x03\x04"
    assert client.get("/template/example?format=xlsx").content == book.content
    sheet = read_answers(book.content, zona.load(EXAMPLES / "example.zona"), name="t.xlsx")
    assert sheet.ruleset == "example"  # the template reads back as the ruleset's
    bad = client.get("/template/example?format=pdf")
    assert (bad.status_code, bad.json()["field"]) == (400, "format")


def test_compare_two_assessors(client: TestClient) -> None:
    # no `TR` answer: zona.analysis.compare fails on a "not applicable" one (see the report)
    unit = {k: "T" if v == "TR" else v for k, v in load(SAKIP)["answers"].items()}
    first = "pr_ada_1"
    tpi = {**unit, first: "T"}  # the unit says Y
    body = client.post("/compare", json={"ruleset": "sakip-88-2021",
                                         "sheets": {"unit": unit, "tpi": tpi}}).json()
    validate(body, "compare")
    assert body["precedence"] == ["tpi", "unit"]
    assert [d["id"] for d in body["disagreements"]] == [first]


def test_table_streams_exact_rows(client: TestClient) -> None:
    # no `TR` (not applicable) answer: zona.io.tables refuses it (noted in the report)
    answers = {k: "T" if v == "TR" else v for k, v in load(SAKIP)["answers"].items()}
    exact = client.post("/score", json={"ruleset": "sakip-88-2021", "answers": answers})
    total = exact.json()["total_exact"]
    columns = ["unit", *answers]
    rows = [["A", *answers.values()], ["B", *answers.values()]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([columns, *rows])
    data = buffer.getvalue().encode()
    lines = client.post("/table", files={"file": ("units.csv", data)},
                        data={"ruleset": "sakip-88-2021"}).text.splitlines()
    head = json.loads(lines[0])
    assert (head["ruleset"], head["rows"], head["bad_rows"]) == ("sakip-88-2021", 2, 0)
    assert [json.loads(line)["total_exact"] for line in lines[1:]] == [total, total]
    table = client.post("/table?ruleset=sakip-88-2021&format=csv", content=data,
                        headers={"content-type": "text/csv"})
    found = list(csv.reader(io.StringIO(table.text)))
    assert found[0][:4] == ["unit_id", "unit", "total", "total_exact"]
    assert [[row[1], row[3]] for row in found[1:]] == [["A", total], ["B", total]]


def test_score_summary_is_the_full_result_without_nodes_and_views(client: TestClient) -> None:
    full = client.post("/score?ruleset=permenpan-90-2021", json=load(UNIT)).json()
    brief = client.post("/score?ruleset=permenpan-90-2021&detail=summary",
                        json=load(UNIT)).json()
    validate(brief, "result")
    assert brief == {k: v for k, v in full.items() if k not in ("nodes", "views")}
    sakip = load(SAKIP)
    assert client.post("/score", json={**sakip, "detail": "summary"}).json()["grades"] == \
        client.post("/score", json=sakip).json()["grades"]


def test_workbooks_are_sent_without_their_clock_readings() -> None:
    import zipfile

    from zona.serve.work import stable_zip

    def book(when: tuple[int, int, int, int, int, int], stamp: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            core = (f'<cp:coreProperties><dcterms:created xsi:type="dcterms:W3CDTF">{stamp}'
                    f'</dcterms:created></cp:coreProperties>')
            archive.writestr(zipfile.ZipInfo("docProps/core.xml", when), core)
            archive.writestr(zipfile.ZipInfo("xl/workbook.xml", when), "<workbook/>")
        return out.getvalue()

    first = book((2026, 1, 2, 3, 4, 5), "2026-01-02T03:04:05Z")
    later = book((2026, 2, 2, 3, 4, 5), "2026-02-02T03:04:05Z")
    assert first != later
    assert stable_zip(first) == stable_zip(later)
    with zipfile.ZipFile(io.BytesIO(stable_zip(first))) as archive:
        assert archive.read("xl/workbook.xml") == b"<workbook/>"
        assert b">2000-01-01T00:00:00Z<" in archive.read("docProps/core.xml")
