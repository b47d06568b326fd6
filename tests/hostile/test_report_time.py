"""A report's gap plans share one time limit, `ZONA_MAX_REPORT_SECONDS` (30 s): each plan
gets at most its own 5 s and what is left of the report's, and a plan with nothing left is
not made, the report saying so where it would be. So `zona report` on a unit whose counts
an attacker made huge ends within the limit, whatever the number of targets."""

from __future__ import annotations

import re
import time

import pytest

import zona
from tests.sheets import extreme_answers
from zona.render.report import report_html
from zona.render.report_budget import Budget

LKE = zona.load_builtin("permenpan-90-2021")
SPENT = ('<p class="note" data-out-of-time="report">No plan was made: the report&#x27;s time '
         'limit ({seconds} s, for all its plans together) was spent on the plans above it; '
         'raise it with ZONA_MAX_REPORT_SECONDS.</p>')


def hostile() -> zona.Result:
    answers = extreme_answers(LKE, best=False)
    for number, spec in enumerate(s for s in LKE.inputs if s.kind == "count"):
        answers[spec.name] = 10**15 + 1 - 2 * number
    return LKE.score(answers, facts={"prior_predicate": "none"})


def sections(page: str) -> dict[str, str]:
    """Each gap plan's section, by its target."""
    return dict(re.findall(r'<h2 data-gap="([^"]*)">.*?</h2>(.*?)</section>', page, re.S))


def test_a_spent_budget_makes_no_plan_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONA_MAX_REPORT_SECONDS", "0")
    started = time.monotonic()
    page = report_html(hostile(), "en", targets=["WBK", "WBBM"], surveys=True)
    assert time.monotonic() - started < 5
    assert sections(page) == {"WBK": SPENT.format(seconds=0), "WBBM": SPENT.format(seconds=0)}


def test_the_report_keeps_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZONA_MAX_REPORT_SECONDS", "2")
    result = hostile()
    started = time.monotonic()
    page = report_html(result, "en", targets=["WBK", "WBBM", "WBK", "WBBM"], surveys=True)
    assert time.monotonic() - started < 2 + 1.5  # the plans, then the rest of the page
    found = sections(page)
    assert len(found) == 2  # the same target twice is one section id
    assert page.count(SPENT.format(seconds=2)) >= 1


def test_a_plan_gets_what_is_left() -> None:
    budget = Budget(3.0)
    assert budget.left(5.0) in (2.9, 3.0)
    assert Budget(10.0).left(5.0) == 5.0
    spent = Budget(0.0)
    assert spent.left(5.0) is None
    assert spent.spent("id") == (
        '<p class="note" data-out-of-time="report">Tidak ada rencana yang dibuat: batas waktu '
        "laporan (0 detik, untuk semua rencananya bersama-sama) telah habis untuk rencana di "
        "atasnya; naikkan dengan ZONA_MAX_REPORT_SECONDS.</p>")
