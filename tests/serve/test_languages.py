"""`zona serve` speaks each request's language (Accept-Language), not the server's: the
problem documents' titles and details, even when requests in both languages are served at
once (zona.i18n.speaking is a context variable, copied into each request's worker thread)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.serve.conftest import EXAMPLES
from zona.serve.app import create_app

SHEET = b"id,answer\nq1,Ya\nq2,Nope\n"  # q2 is not on its scale
DETAILS = {
    "id": ("u.csv: 1 masalah pada jawaban\n"
           "  u.csv:3:2: q2: 'Nope' tidak ada pada skala A/B/C/D (A, B, C, D)",
           "tidak ada predikat 'NOPE' di example (predikat: WBK, WBBM)"),
    "en": ("u.csv: 1 problem in the answers\n"
           "  u.csv:3:2: q2: 'Nope' is not on the scale A/B/C/D (A, B, C, D)",
           "no predicate 'NOPE' in example (predicates: WBK, WBBM)"),
}
TITLES = {"id": ("Lembar jawaban bermasalah", "Permintaan tidak dapat dipenuhi"),
          "en": ("The answer sheet has problems", "The request cannot be met")}


async def _ask(client: httpx.AsyncClient, lang: str | None, gap: bool) -> dict[str, Any]:
    headers = {"accept-language": lang} if lang else {}
    if gap:
        response = await client.post("/gap", headers=headers, json={
            "ruleset": "example", "answers": {"q1": "Ya"}, "target": "NOPE"})
    else:
        response = await client.post("/score", headers=headers, data={"ruleset": "example"},
                                     files={"file": ("u.csv", SHEET)})
    assert response.headers["content-language"] == (lang or "en")
    found: dict[str, Any] = response.json()
    return found


async def _all_at_once(asked: list[tuple[str | None, bool]]) -> list[dict[str, Any]]:
    transport = httpx.ASGITransport(app=create_app([EXAMPLES]))
    async with httpx.AsyncClient(transport=transport, base_url="http://zona") as client:
        return list(await asyncio.gather(*(_ask(client, lang, gap) for lang, gap in asked)))


def test_concurrent_requests_each_in_their_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONA_LANG", "id")  # the server's own language: no request's
    asked = [(lang, gap) for _ in range(12) for lang in ("id", "en", None) for gap in (0, 1)]
    answered = asyncio.run(_all_at_once([(lang, bool(gap)) for lang, gap in asked]))
    for (lang, gap), body in zip(asked, answered, strict=True):
        spoken = lang or "en"  # no Accept-Language: English, as docs/serve.md says
        assert (body["lang"], body["title"], body["detail"]) == (
            spoken, TITLES[spoken][gap], DETAILS[spoken][gap]), (lang, gap)


def test_the_page_speaks_the_language_of_its_form() -> None:
    """The form's `lang` decides the page, its blocking reasons and its problems, whatever
    Accept-Language says."""
    from starlette.testclient import TestClient

    from tests.serve.conftest import UNIT

    with TestClient(create_app([EXAMPLES])) as client:
        english = {"accept-language": "en"}
        page = client.post("/page/score", headers=english, files={
            "file": ("unit.json", UNIT.read_bytes())}, data={"ruleset": "permenpan-90-2021",
                                                             "lang": "id"}).text
        assert '<li data-gap="WBBM"><b>WBBM</b> <span class="bad">(tidak tercapai)</span>: ' \
               "0 jawaban yang diubah<br><small>ipkp &gt;= 15.75: tidak dapat dipenuhi dengan " \
               "mengubah jawaban yang diizinkan; fact prior_predicate &gt;= WBK: bergantung " \
               "pada fakta yang tidak diketahui; jawaban tidak dapat mengubahnya</small></li>" \
               in page
        wrong = client.post("/page/score", headers=english, data={
            "ruleset": "permenpan-90-2021", "lang": "id", "answer:q1": "Maybe"})
        assert wrong.status_code == 422
        assert "<pre>request: 1 masalah pada jawaban\n  request#/answers/q1: q1: " \
               "&#x27;Maybe&#x27; tidak ada pada skala Ya/Tidak (Ya, Tidak)</pre>" in wrong.text
