"""`zona test --properties`: the generic properties hold on every built-in and example
ruleset, and find a real violation in crafted rulesets; the public strategies give what
scoring accepts; monotonicity is skipped exactly where the language gives no direction."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import zona
from tests.conftest import ROOT
from zona.cli.main import main
from zona.testing.monotone import DOWN, FLAT, UP, directions
from zona.testing.properties import check_properties, recomputed
from zona.testing.strategies import answer_sheets, facts, rulesets

RULESETS = sorted([*(ROOT / "rulesets").glob("*.zona"), *(ROOT / "examples").glob("*.zona")])
HEADER = 'ruleset "crafted" { }\nscale yt { Ya = 1, Tidak = 0 }\n'


@pytest.mark.parametrize("path", RULESETS, ids=lambda p: p.stem)
def test_properties_hold_on_every_builtin_and_example(path: Path) -> None:
    report = check_properties(zona.load(path), examples=5)
    assert report.violations == ()
    assert report.checked == ("bounds", "parts sum to the whole", "monotone",
                              "reachable and avoidable")


def test_an_item_above_its_maximum_is_found(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "crafted.zona"
    path.write_text(HEADER + "input n { count }\nitem twice { score = min(2, n) }\n"
                    "question q { scale yt }\n", encoding="utf-8")
    code = main(["test", "--properties", "--examples", "20", str(path)])
    assert code == 1
    assert capsys.readouterr().out == f"""\
crafted: properties: 3 of 4 held
  VIOLATED bounds: scoring stopped: {path}:4:6: error: 'twice' scored 2, outside 0..1; bound its score, for example with min(1, ...)
      4 | item twice {{ score = min(2, n) }}
        |      ^^^^^
    answers {{'n': 2}}
0 cases in 0 files: 0 passed, 0 failed; properties of 1 ruleset: 0 held, 1 violated
"""  # noqa: E501


def test_thresholds_that_always_or_never_hold_are_found() -> None:
    ruleset = zona.loads(HEADER + "group g { weight 10  question a { scale yt }  question b "
                         "{ scale yt } }\nitem half { weight 2  score = 1 }\n"
                         "predicate ALWAYS { require total >= 1 }\n"
                         "predicate P { require g >= 5  require half >= 1 }\n")
    report = check_properties(ruleset, examples=5)
    assert [v.message for v in report.violations] == [
        "predicate 'ALWAYS' holds whatever the answers: it cannot fail",
        "the threshold `total >= 1` of predicate 'ALWAYS' holds whatever the answers: it "
        "cannot fail",
        "the threshold `half >= 1` of predicate 'P' holds whatever the answers: it cannot fail",
    ]
    assert {v.prop for v in report.violations} == {"reachable and avoidable"}


def test_monotone_directions_and_the_reasons_for_none() -> None:
    ruleset = zona.loads(HEADER + """
input n { count }
input m { count }
input x { decimal 0..4 }
item ratio { score = min(1, divide(n, m, 0)) }
item low { score = if x < 2 then 1 else 0 }
item exact { score = if x == 2 then 1 else 0 }
item fall { weight 4  score = 4 - x }
question q { scale yt }
""")
    assert directions(ruleset, "q")["total"] == UP
    assert directions(ruleset, "n")["ratio"] == UP
    assert directions(ruleset, "m")["ratio"] == "a divide() by a value that depends on it"
    assert directions(ruleset, "x")["low"] == DOWN
    assert directions(ruleset, "x")["fall"] == DOWN
    assert directions(ruleset, "x")["exact"] == "a comparison with =="
    assert directions(ruleset, "x")["ratio"] == FLAT
    assert directions(ruleset, "x")["total"] == "a comparison with =="
    report = check_properties(ruleset, examples=10)
    assert report.skipped == ("monotone in 'm': a divide() by a value that depends on it",
                              "monotone in 'x': a comparison with ==")
    assert report.violations == ()


def test_recomputed_follows_the_language() -> None:
    """sakip-88-2021: a mean that leaves out a not-applicable answer and an unanswered one."""
    sheet = json.loads((ROOT / "examples" / "sakip-88-2021.answers.json").read_text("utf-8"))
    result = zona.load(ROOT / "examples" / "sakip-88-2021.zona").score(sheet["answers"])
    assert recomputed(result.nodes["ev_ada"]) == Fraction(5, 2)
    assert recomputed(result.total) == result.total.score
    assert recomputed(result.nodes["ev_ada_1"]) is None  # a question


def test_json_reports_the_properties(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--json", "--properties", "--examples", "3",
                 str(ROOT / "examples" / "example.tests.toml")]) == 0
    (report,) = json.loads(capsys.readouterr().out)["properties"]
    assert report == {"ruleset": "example", "held": True,
                      "checked": ["bounds", "parts sum to the whole", "monotone",
                                  "reachable and avoidable"],
                      "violations": [],
                      "skipped": ["monotone in 'n_agen': a divide() by a value that depends "
                                  "on it"]}


@settings(max_examples=10, deadline=None)
@given(rulesets(grades=True).flatmap(
    lambda r: answer_sheets(r).flatmap(lambda a: facts(r).map(lambda f: (r, a, f)))))
def test_strategies_give_what_scoring_accepts(
        drawn: tuple[zona.Ruleset, dict[str, object], dict[str, object]]) -> None:
    ruleset, answers, known = drawn
    result = ruleset.score(answers, known)
    assert 0 <= result.total.score <= result.total.maximum


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.nested_given])
@given(rulesets(constructs=True))
def test_generated_rulesets_with_every_construct_have_the_properties(
        ruleset: zona.Ruleset) -> None:
    """Bounds, sums and monotonicity hold for ranged scales, weighted means and not
    applicable (the generator may draw a threshold of 0, which always holds: reachability
    is not claimed for generated rulesets)."""
    report = check_properties(ruleset, examples=5)
    assert [v for v in report.violations if v.prop != "reachable and avoidable"] == []
