"""The evaluators' page: upload, see the result, change an answer and score again, download
the report; in both languages; and the same in headless Chromium against a real server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

import zona
from tests.render.test_report import _SHOWN, DevTools, _evaluate, devtools  # noqa: F401
from tests.serve.conftest import UNIT
from zona.io import read_answers

RULESET = zona.load_builtin("permenpan-90-2021")


def _fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))


def _predicates(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-predicate="([^"]+)" data-passed="([^"]+)"', page))


def test_the_form_in_both_languages(client: TestClient) -> None:
    indonesian = client.get("/page", headers={"accept-language": "id"}).text
    english = client.get("/page?lang=en").text
    assert '<html lang="id">' in indonesian and "Penilaian Zona Integritas" in indonesian
    assert '<html lang="en">' in english and "Zona Integritas scoring" in english
    for page in (indonesian, english):
        assert '<input type="file" name="file" required>' in page
        assert "<script" not in page and 'name="viewport"' in page
        assert '<option value="sakip-88-2021">' in page


def test_upload_change_an_answer_and_download_the_report(client: TestClient) -> None:
    uploaded = client.post("/page/score", data={"ruleset": "permenpan-90-2021", "lang": "en"},
                           files={"file": ("unit.json", UNIT.read_bytes())})
    assert uploaded.status_code == 200
    page = uploaded.text
    result = read_answers(UNIT, RULESET).score(RULESET)
    assert _predicates(page) == {n: json.dumps(p.passed) for n, p in result.predicates.items()}
    assert [h for h in re.findall(r"<h2>([^<]+)</h2>", page)] == [
        "Explanation", "Plans to improve", "Warnings", "Answers"]
    assert re.findall(r'data-gap="([^"]+)"', page) == ["WBBM"]
    fields = _fields(page)
    assert fields["answer:q1"] == "Ya" and fields["ruleset"] == "permenpan-90-2021"

    changed = {**fields, "answer:q1": "Tidak"}
    again = client.post("/page/score", data=changed).text
    worse = RULESET.score({**read_answers(UNIT, RULESET).answers, "q1": "Tidak"})
    assert _predicates(again) == {n: json.dumps(p.passed) for n, p in worse.predicates.items()}
    assert _fields(again)["answer:q1"] == "Tidak"
    assert worse.total.score < result.total.score

    report = client.post("/page/report", data=changed)
    assert report.headers["content-disposition"] == \
        'attachment; filename="permenpan-90-2021.html"'
    assert report.text.startswith("<!DOCTYPE html>") and '<html lang="en">' in report.text


def test_a_bad_answer_or_file_is_shown_on_the_page(client: TestClient) -> None:
    uploaded = client.post("/page/score", data={"ruleset": "permenpan-90-2021"},
                           files={"file": ("unit.json", UNIT.read_bytes())})
    wrong = client.post("/page/score", data={**_fields(uploaded.text), "answer:q1": "Maybe"})
    assert wrong.status_code == 422
    assert "request#/answers/q1" in wrong.text and "<h2 class=\"bad\">" in wrong.text
    broken = client.post("/page/score", files={"file": ("lke.xlsx", b"PK\x03\x04 junk")})
    assert broken.status_code == 422 and "lke.xlsx" in broken.text


@pytest.mark.slow
def test_the_page_in_chromium(devtools: DevTools, server: str) -> None:  # noqa: F811
    """Load the form, choose the file and the ruleset, submit: the page shows the Result's
    predicates, with no console message, exception or outside request."""
    target = devtools.send("Target.createTarget", url="about:blank")["targetId"]
    session = devtools.send("Target.attachToTarget", targetId=target,
                            flatten=True)["sessionId"]
    for domain in ("Runtime", "Log", "Page", "DOM"):
        devtools.send(f"{domain}.enable", session)
    devtools.send("Page.navigate", session, url=f"{server}/page?lang=en")
    devtools.wait(lambda m: m.get("method") == "Page.loadEventFired")
    root = devtools.send("DOM.getDocument", session)["root"]["nodeId"]
    field = devtools.send("DOM.querySelector", session, nodeId=root,
                          selector="input[type=file]")["nodeId"]
    devtools.send("DOM.setFileInputFiles", session, nodeId=field, files=[str(Path(UNIT))])
    _evaluate(devtools, session, "document.querySelector('select').value = "
                                 "'permenpan-90-2021'; document.forms[0].submit(); 1")
    devtools.wait(lambda m: m.get("method") == "Page.loadEventFired")
    shown = json.loads(_evaluate(devtools, session, _SHOWN))
    result = read_answers(UNIT, RULESET).score(RULESET)
    assert [[name, passed] for name, passed, _ in shown] == [
        [n, json.dumps(p.passed)] for n, p in result.predicates.items()]
    assert _evaluate(devtools, session, "document.querySelector('#a-q1').value") == "Ya"
    problems = [e for e in devtools.events
                if e.get("method") in ("Runtime.exceptionThrown", "Runtime.consoleAPICalled")
                or (e.get("method") == "Log.entryAdded"
                    and e["params"]["entry"]["level"] == "error")]
    assert problems == []
