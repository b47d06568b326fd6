"""Notebook views: ruleset and result HTML (balanced, escaped, true to the Result) and plots."""

from __future__ import annotations

import re
import sys
from fractions import Fraction
from html import unescape
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.sheets import extreme_answers
from tests.strategies import answer_sheets, valid_rulesets
from zona.io import read_answers
from zona.render.html import result_html, ruleset_html

EXAMPLE = ROOT / "examples" / "example.zona"
ANSWERS = ROOT / "examples" / "example-answers.json"
_VOID = {"meta", "br", "img", "input", "link", "hr", "col", "source", "wbr"}

_TRICKY = """
ruleset "t" { title "Uji <b>&</b> \\"kutip\\"" maximum 10 }
scale yt "Ya/Tidak" { Ya = 1, Tidak = 0 }
component a "A <script>alert(1)</script>" {
    weight 4
    question q1 "Q1 <i>miring</i> & 'kutip'" { scale yt criteria "a. <Ya> & benar" }
    question q2 "Q2" { scale yt }
}
component b "B" { weight 6  question q3 "Q3" { scale yt } }
predicate P "Lulus <P>" { require every child of total: share >= 60%  require total >= 5 }
"""


class _Checker(HTMLParser):
    """Collects tags and fails on a closing tag that does not match the open one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [], checker.stack
    return checker


def _names(page: str) -> list[str]:
    """The node ids shown, one per row."""
    return [unescape(n) for n in re.findall(r'<span class="name">([^<]*)</span>', page)]


def test_ruleset_tree_has_every_node_and_weight() -> None:
    ruleset = zona.load_builtin("permenpan-90-2021")
    page = ruleset_html(ruleset)
    found = parsed(page)
    assert sorted(_names(page)) == sorted(ruleset.nodes)
    inner = [n for n in ruleset.root.walk() if n.children]
    assert page.count("<details") == len(inner)
    assert "<script" not in page.lower()
    assert "area_mp" in page and "pem_mp + ref_mp" in page
    text = "".join(found.text)
    assert "Menuju Wilayah Bebas dari Korupsi (WBK)" in text
    assert "Towards a Corruption-Free Zone" in "".join(parsed(ruleset_html(ruleset, "en")).text)


def test_text_is_escaped() -> None:
    ruleset = zona.loads(_TRICKY)
    result = ruleset.score({"q1": "Ya", "q2": "Tidak", "q3": "Ya"})
    for page in (ruleset_html(ruleset), result_html(result)):
        found = parsed(page)
        assert {tag for tag, _ in found.tags} <= {"div", "style", "h3", "details", "summary",
                                                  "span", "ul", "li", "b", "code", "table",
                                                  "tr", "th", "td", "br"}
        assert "<script>alert" not in page and "<i>miring" not in page
    assert "A <script>alert(1)</script>" in "".join(parsed(ruleset_html(ruleset)).text)


def test_result_view_matches_the_result() -> None:
    ruleset = zona.loads(_TRICKY)
    result = ruleset.score({"q1": "Ya", "q2": "Tidak", "q3": "Ya"})
    found = parsed(result_html(result, "en"))
    rows = [a for tag, a in found.tags if tag == "tr" and "data-predicate" in a]
    assert [(a["data-predicate"], a["data-passed"]) for a in rows] == [("P", "false")]
    # area a is at 50 % < 60 %: its comparison row is highlighted, and so is a in the tree
    failed = [a for tag, a in found.tags if tag == "tr" and a.get("class") == "failed"]
    assert len(failed) == 3  # the every-condition, area a's row in it, and a in the areas
    fills = [a["style"] for tag, a in found.tags if tag == "span" and a.get("class") == "fill"]
    assert "width:80.00%" in fills[2]  # the tree's first bar: the total, 8 of 10
    assert "✗ P" in "".join(found.text)


def test_unanswered_nodes_are_marked() -> None:
    result = zona.loads(_TRICKY).score({"q1": "Ya", "q3": "Ya"})
    found = parsed(result_html(result))
    classes = [a.get("class") for tag, a in found.tags if tag == "div"]
    assert "row leaf unanswered" in classes


def test_real_result_view() -> None:
    ruleset = zona.load_builtin("permenpan-90-2021")
    result = ruleset.score(extreme_answers(ruleset, best=False))
    page = result_html(result, open_depth=0)
    found = parsed(page)
    rows = {a["data-predicate"]: a["data-passed"] for tag, a in found.tags
            if tag == "tr" and "data-predicate" in a}
    assert rows == {"WBK": "false", "WBBM": "false", "ELIGIBLE_WBK": "null",
                    "ELIGIBLE_WBBM": "null"}
    assert page.count("<details open") == 0
    with pytest.raises(zona.ZonaError, match="unknown language"):
        result_html(result, "xx")


# --- plots ---------------------------------------------------------------------


@pytest.fixture
def pyplot() -> object:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plot_areas_marks_the_predicates_thresholds(pyplot: object) -> None:
    from zona.render.plots import plot_areas

    ruleset = zona.load_builtin("permenpan-90-2021")
    result = read_answers(ANSWERS).score(zona.load(EXAMPLE))
    ax = plot_areas(result, lang="en")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Change management",
                                                            "Business processes"]
    assert sorted(round(p.get_width(), 6) for p in ax.patches) == [72.277778, 100.0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["WBK >= 60.00 %"]
    result = ruleset.score(extreme_answers(ruleset, best=True))
    ax = plot_areas(result)
    assert len(ax.patches) == 6
    lines = {round(float(s.get_segments()[0][0][0]), 6) for s in ax.collections}
    assert lines == {60.0, 75.0}


def test_plot_cohort_marks_total_thresholds(pyplot: object) -> None:
    from zona.render.plots import plot_cohort, total_thresholds

    ruleset = zona.load_builtin("permenpan-90-2021")
    assert total_thresholds(ruleset) == [("WBK", Fraction(75)), ("WBBM", Fraction(85))]
    results = [ruleset.score(extreme_answers(ruleset, best)) for best in (True, False, True)]
    ax = plot_cohort(results, lang="en")
    assert sum(p.get_height() for p in ax.patches) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["WBK: total >= 75.00 (2/3)", "WBBM: total >= 85.00 (2/3)"]
    with pytest.raises(zona.ZonaError, match="at least one"):
        plot_cohort([])


def test_plots_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    from zona.render.plots import plot_areas

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = read_answers(ANSWERS).score(zona.load(EXAMPLE))
    with pytest.raises(zona.ZonaError, match=re.escape('pip install "zona-rb[notebook]"')):
        plot_areas(result)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_views_of_generated_rulesets_are_balanced_and_true(data: st.DataObject) -> None:
    """For any valid ruleset and answers: both views parse as balanced HTML, every node is
    shown once, and the predicate rows carry the Result's verdicts."""
    generated = data.draw(valid_rulesets())
    answers, facts = data.draw(answer_sheets(generated))
    ruleset = zona.loads(generated.text)
    result = ruleset.score(answers, facts)
    assert sorted(_names(ruleset_html(ruleset, "en"))) == sorted(ruleset.nodes)
    found = parsed(result_html(result))
    rows = [(a["data-predicate"], a["data-passed"]) for tag, a in found.tags
            if tag == "tr" and "data-predicate" in a]
    assert rows == [(n, {True: "true", False: "false", None: "null"}[p.passed])
                    for n, p in result.predicates.items()]
