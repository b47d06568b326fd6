"""Hostile and mistaken requests get a 4xx problem document (RFC 9457) with a stable code,
the place of each answer problem, the title in the requested language; the server keeps
serving afterwards."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.serve.conftest import EXAMPLES, SAKIP, UNIT, load, validate
from zona.serve.app import BODY_BYTES, create_app
from zona.serve.problems import language


def problem(response: object, status: int, code: str) -> dict[str, object]:
    assert hasattr(response, "status_code") and hasattr(response, "json")
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    body: dict[str, object] = response.json()  # type: ignore[attr-defined]
    validate(body, "problem")
    assert (body["code"], body["status"], body["type"]) == (code, status,
                                                            f"urn:zona:problem:{code}")
    return body


def still_serving(client: TestClient) -> None:
    assert client.post("/score?ruleset=permenpan-90-2021", json=load(UNIT)).json()[
        "total_exact"] == "625060859/7224000"


JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(("body", "status", "code"), [
    (b'{"ruleset": "example", "answers": {"q1": NaN}}', 400, "not-a-number"),
    (b'{"ruleset": "example", "answers": {"q1": Infinity}}', 400, "not-a-number"),
    (b"[" * 200_000, 400, "too-deep"),
    (b'{"a": ' * 40 + b"1" + b"}" * 40, 400, "too-deep"),
    (b'{"ruleset": "example", "answers": {"q1": "Ya"', 400, "malformed-json"),
    (b"\xff\xfe{}", 400, "malformed-json"),
    (b"", 400, "malformed-json"),
    (b'{"ruleset": "example", "answers": {}, "colour": "red"}', 400, "unknown-field"),
    (b'{"ruleset": "example", "ruleset": "x", "answers": {}}', 400, "invalid-field"),
    (b'{"ruleset": "example", "answers": "Ya"}', 400, "invalid-field"),
    (b'{"ruleset": "example"}', 400, "missing-field"),
    (b'{"answers": {"q1": "Ya"}}', 400, "missing-field"),
    (b'{"ruleset": "../../etc/passwd", "answers": {}}', 404, "ruleset-unknown"),
    (b'{"ruleset": ["x"], "answers": {}}', 404, "ruleset-unknown"),
    (b'{"ruleset": "example", "answers": {}}', 422, "answers"),
    (b'{"ruleset": "example", "answers": {"q1": 1' + b"0" * 5000 + b"}}", 400,
     "malformed-json"),
])
def test_bad_json_bodies(client: TestClient, body: bytes, status: int, code: str) -> None:
    problem(client.post("/score", content=body, headers=JSON), status, code)
    still_serving(client)


def test_answer_problems_name_their_place_and_soal(client: TestClient) -> None:
    rows = load(UNIT)
    rows[0] = {**rows[0], "jawaban_unit": "Zzz"}
    body = problem(client.post("/score?ruleset=permenpan-90-2021", json=rows), 422, "answers")
    assert body["problems"] == [{
        "location": "request#/answers/0/jawaban_unit", "pointer": "/answers/0/jawaban_unit",
        "message": "q1: 'Zzz' is not on the scale Ya/Tidak (Ya, Tidak)",
        "input": "q1", "soal": 1}]


def test_csv_problems_name_their_line(client: TestClient) -> None:
    data = b"id,answer\nq1,Ya\nq2,Nope\n"
    body = problem(client.post("/score", files={"file": ("u.csv", data)},
                               data={"ruleset": "example"}), 422, "answers")
    found = body["problems"]
    assert isinstance(found, list)
    assert [(p["line"], p.get("input")) for p in found] == [(3, "q2")]


def test_the_language_of_the_request(client: TestClient) -> None:
    """Title and detail in the language Accept-Language asks for, whatever the server's."""
    request = {"ruleset": "example", "answers": {}, "x": 1}
    known = "ruleset, answers, facts, unit, unit_id, assessor, lang, top"
    indonesian = problem(client.post("/explain", json=request,
                                     headers={"accept-language": "id-ID,en;q=0.5"}),
                         400, "unknown-field")
    assert (indonesian["title"], indonesian["detail"], indonesian["lang"]) == (
        "Kolom tidak dikenal", f"kolom 'x' tidak dikenal (yang dikenal: {known})", "id")
    english = problem(client.post("/explain", json=request,
                                  headers={"accept-language": "en-GB,id;q=0.9"}),
                      400, "unknown-field")
    assert (english["title"], english["detail"], english["lang"]) == (
        "Unknown field", f"unknown field 'x' (known: {known})", "en")
    assert "note" not in indonesian and "note" not in english
    assert [language(h) for h in (None, "fr", "id", "fr, en;q=0.3, id;q=0.8", "id;q=0")] == [
        "en", "en", "id", "id", "en"]


def test_uploads_that_are_not_workbooks(client: TestClient) -> None:
    for data in (b"PK\x03\x04 not really a zip", b"\xd0\xcf\x11\xe0old xls"):
        problem(client.post("/score", files={"file": ("lke.xlsx", data)},
                            data={"ruleset": "permenpan-90-2021"}), 422, "answers")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 30_000_000)
    assert len(bomb.getvalue()) < 100_000
    problem(client.post("/score", files={"file": ("lke.xlsx", bomb.getvalue())},
                        data={"ruleset": "permenpan-90-2021"}), 422, "answers")
    still_serving(client)


def test_size_limit(client: TestClient) -> None:
    big = b'{"ruleset": "example", "answers": {"q1": "' + b"x" * BODY_BYTES + b'"}}'
    problem(client.post("/score", content=big, headers=JSON), 413, "too-large")
    problem(client.post("/score", files={"file": ("u.json", big)}), 413, "too-large")
    still_serving(client)


def test_media_types_routes_and_methods(client: TestClient) -> None:
    problem(client.post("/score", content=b"x", headers={"content-type": "text/html"}),
            415, "unsupported-media-type")
    problem(client.get("/nowhere"), 404, "not-found")
    problem(client.get("/score"), 405, "method-not-allowed")
    problem(client.post("/score", files={"other": ("u.json", b"{}")}), 400, "missing-field")
    problem(client.post("/explain", json={**load(SAKIP), "lang": "fr"}), 400, "invalid-field")
    problem(client.post("/explain", json={**load(SAKIP), "top": -1}), 400, "invalid-field")
    problem(client.post("/gap", json={**load(SAKIP), "time_limit": 1e9}), 400,
            "invalid-field")
    problem(client.post("/gap", json={**load(SAKIP), "target": "nothing"}), 422, "invalid")


def test_time_limit_answers_and_the_server_goes_on() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with TestClient(create_app([EXAMPLES], time_limit=1e-9)) as hurried:
            body = problem(hurried.post("/score?ruleset=permenpan-90-2021", json=load(UNIT)),
                           422, "time-limit")
            assert body["time_limit"] == 1e-9
            assert hurried.get("/rulesets").status_code == 200


def test_problem_documents_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from zona.cli.main import main

    code = main(["--lang", "en", "score", "--json", "-r", str(EXAMPLES / "example.zona"),
                 str(EXAMPLES / "nowhere.json")])
    body = json.loads(capsys.readouterr().out)
    validate(body, "problem")
    assert (code, body["code"], body["lang"]) == (1, "answers", "en")
    assert body["problems"][0]["message"] == "cannot read: No such file or directory"


def test_command_line_problems_name_the_soal(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    from zona.cli.main import main

    rows = load(UNIT)
    rows[1] = {**rows[1], "jawaban_unit": "Q"}
    sheet = tmp_path / "unit.json"
    sheet.write_text(json.dumps(rows), encoding="utf-8")
    assert main(["--lang", "id", "score", "--json", "-r", "permenpan-90-2021",
                 str(sheet)]) == 1
    body = json.loads(capsys.readouterr().out)
    validate(body, "problem")
    assert (body["title"], body["detail"].splitlines()[0]) == (
        "Lembar jawaban bermasalah", f"{sheet}: 1 masalah pada jawaban")
    assert [(p["pointer"], p["input"], p["soal"]) for p in body["problems"]] == [
        ("/1/jawaban_unit", "q2", 2)]
