"""Bounds with unknown answers: exact intervals by hand, containment and tightness."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.analysis.test_gap import small_units
from tests.conftest import ROOT
from tests.sheets import extreme_answers
from tests.strategies import Generated, answer_sheets, valid_rulesets
from zona.analysis.bounds import bounds
from zona.errors import ZonaAnswerError

EXAMPLE = ROOT / "examples" / "example.zona"
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def example() -> zona.Ruleset:
    return zona.load(EXAMPLE)


def test_example_by_hand(example: zona.Ruleset) -> None:
    # q2 and the IPAK index unknown: mp_tim = 10 x (1 + q2) / 2 in [5, 10], ipak in [0, 40]
    found = bounds(example, {"q1": "Ya", "q2": None, "n_agen": 3, "n_ubah": 2, "q5": "A"})
    assert found.unknown == ("q2", "ipak_index")
    assert (found["mp_tim"].low, found["mp_tim"].high) == (5, 10)
    assert (found["ipak"].low, found["ipak"].high) == (0, 40)
    assert (found.total.low, found.total.high) == (Fraction(145, 3), Fraction(280, 3))
    assert found.total.tight and found["area_mp"].share_low == Fraction(55, 90)
    assert found.lowest.total.score == Fraction(145, 3)
    assert found.highest.total.score == Fraction(280, 3)
    assert found.predicates["WBK"] == "undecided" and found.exact["WBK"]
    assert found.predicates["WBBM"] == "undecided"


def test_example_decided(example: zona.Ruleset) -> None:
    answers = {"q1": "Ya", "n_agen": 3, "n_ubah": 2, "q5": "A", "ipak_index": "3.6"}
    found = bounds(example, answers, {"prior_predicate": "WBK"})
    # total in [253/3, 268/3] = [84.33, 89.33]: WBK (>= 75) surely, WBBM (>= 85) open
    assert (found.total.low, found.total.high) == (Fraction(253, 3), Fraction(268, 3))
    assert found.predicates == {"WBK": "passed", "WBBM": "undecided"}
    assert bounds(example, answers, {"prior_predicate": "none"}).predicates["WBBM"] == "failed"
    hopeless = bounds(example, {"q5": "D", "ipak_index": "1"})
    assert hopeless.predicates == {"WBK": "failed", "WBBM": "failed"}


def test_unknown_counts_range_over_the_ratio(example: zona.Ruleset) -> None:
    for answers in ({"n_agen": 3}, {"n_ubah": 2}, {}):
        found = bounds(example, {"q1": "Ya", "q2": "B", "q5": "A", "ipak_index": "4",
                                 **answers})
        item = found["agen_konkret"]
        assert (item.low, item.high, item.tight) == (0, 1, True)


def test_complete_answers_give_points(example: zona.Ruleset) -> None:
    answers = {"q1": "Ya", "q2": "B", "n_agen": 3, "n_ubah": 2, "q5": "A", "ipak_index": "3.6"}
    found = bounds(example, answers, {"prior_predicate": "WBK"})
    scored = example.score(answers, {"prior_predicate": "WBK"})
    assert found.unknown == ()
    for node in scored.total.walk():
        assert found[node.name].low == found[node.name].high == node.score
    assert found.predicates == {"WBK": "passed", "WBBM": "passed"}


def test_bad_answers_are_reported(example: zona.Ruleset) -> None:
    with pytest.raises(ZonaAnswerError) as error:
        bounds(example, {"q1": "Maybe", "zz": 1})
    assert len(error.value.problems) == 2


def test_lke_with_the_surveys_unknown() -> None:
    lke = zona.load_builtin("permenpan-90-2021")
    answers = {k: v for k, v in extreme_answers(lke, True).items() if k not in ("q125", "q127")}
    found = bounds(lke, answers)
    assert (found["ipak"].low, found["ipak"].high) == (0, Fraction(35, 2))
    assert (found.total.low, found.total.high) == (65, 100)
    assert found.predicates["WBK"] == "undecided"
    assert found["area_mp"].low == found["area_mp"].high == 8
    assert found.to_dict()["total"]["high_exact"] == "100"


# --- properties on small generated rulesets --------------------------------------------


def _completions(ruleset: zona.Ruleset, unknown: tuple[str, ...]) -> list[dict[str, object]]:
    domains = []
    for name in unknown:
        spec = ruleset.inputs_by_name[name]
        if spec.scale is not None:
            domains.append([o.name for o in spec.scale.options])
        elif spec.kind == "count":
            domains.append([0, 1, 2, 5])
        else:
            assert spec.low is not None and spec.high is not None
            domains.append([spec.low + (spec.high - spec.low) * Fraction(k, 4) for k in range(5)])
    size = 1
    for domain in domains:
        size *= len(domain)
    if size > 250:
        return []
    return [dict(zip(unknown, picks, strict=True)) for picks in itertools.product(*domains)]


def _check(ruleset: zona.Ruleset, known: dict[str, object], facts: dict[str, object]) -> None:
    found = bounds(ruleset, known, facts)
    completions = _completions(ruleset, found.unknown)
    assume(completions)
    outcomes: dict[str, set[bool | None]] = {p.name: set() for p in ruleset.predicates}
    for completion in completions:
        try:
            scored = ruleset.score({**known, **completion}, facts)
        except zona.ZonaError:
            continue  # answers scoring refuses are no completion
        for node in scored.total.walk():
            assert node.score in found[node.name], node.name
        for name, view in scored.views.items():
            assert view.score in found[name], name
        for name, predicate in scored.predicates.items():
            outcomes[name].add(predicate.passed)
    for name, verdict in found.predicates.items():
        if verdict == "passed":
            assert outcomes[name] <= {True}
        elif verdict == "failed":
            assert outcomes[name] <= {False}
        elif found.exact[name] and all(f.name in facts for f in ruleset.facts):
            assert found.highest.predicates[name].passed is True
            assert found.lowest.predicates[name].passed is False
    for node in found.lowest.total.walk():  # tight ends are reached by the witnesses
        if found[node.name].tight:
            assert found.lowest[node.name].score == found[node.name].low, node.name
            assert found.highest[node.name].score == found[node.name].high, node.name


@SETTINGS
@given(small_units(), st.data())
def test_bounds_contain_every_completion(unit: tuple[zona.Ruleset, dict[str, object],
                                                     dict[str, object]],
                                         data: st.DataObject) -> None:
    ruleset, answers, facts = unit
    known = {k: v for k, v in answers.items() if data.draw(st.integers(0, 2))}
    _check(ruleset, known, facts)


@SETTINGS
@given(valid_rulesets(), st.data())
def test_bounds_on_generated_rulesets(generated: Generated, data: st.DataObject) -> None:
    ruleset = zona.loads(generated.text)
    answers, facts = data.draw(answer_sheets(generated))
    known: dict[str, Any] = {k: v for k, v in answers.items() if data.draw(st.integers(0, 2))}
    _check(ruleset, known, facts)


def test_shared_input_is_sound_but_not_tight() -> None:
    ruleset = zona.loads('''ruleset "shared" { }
        scale abc { A = 1, B = 0.5, C = 0 }
        input c { scale abc }
        item up { score = c }
        item down { score = 1 - c }
        predicate HIGH { require total >= 1.5 }
        ''')
    found = bounds(ruleset, {})
    # up + down is always 1, but each alone ranges over [0, 1] and they share c
    assert (found["up"].low, found["up"].high, found["up"].tight) == (0, 1, True)
    assert (found.total.low, found.total.high, found.total.tight) == (0, 2, False)
    assert (found.predicates["HIGH"], found.exact["HIGH"]) == ("undecided", False)
