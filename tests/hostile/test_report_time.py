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
    assert len(sections(page)) == 2  # the same target twice is one section id


def test_plans_that_use_their_whole_limit_leave_none_for_the_rest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """However fast the machine, a search that takes all the time it is given spends the
    report's limit; the plans after it are not made, and each is given at most what is left."""
    import zona.analysis.gap as gap_module

    given: list[float] = []
    real_gap = gap_module.gap

    def slow_gap(result: zona.Result, target: str, **options: object) -> object:
        seconds = options["time_limit"]
        assert isinstance(seconds, float)
        given.append(seconds)
        time.sleep(seconds)
        return real_gap(result, target, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(gap_module, "gap", slow_gap)
    monkeypatch.setenv("ZONA_MAX_REPORT_SECONDS", "1")
    page = report_html(LKE.score(extreme_answers(LKE, best=False)), "en",
                       targets=["WBK", "WBBM"], surveys=True)
    assert len(given) == 1 and 0 < given[0] <= 1  # what was left of 1 s, in tenths; then none
    assert sections(page)["WBBM"] == SPENT.format(seconds=1)


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
