"""Bounds and sensitivity on the constructs beyond the first language: scales on a range,
weighted means, answers "not applicable" with every `na` policy, `every KIND under`,
rounding; checked against the normal scoring path on generated rulesets."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import ROOT
from tests.strategies_levels import Levels, level_rulesets, level_sheets
from zona.analysis.bounds import bounds
from zona.analysis.gap.answers import unit_answers
from zona.analysis.sensitivity import sensitivity
from zona.errors import ZonaError

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large])
SPBE = ROOT / "examples" / "spbe-59-2020.zona"

NA = """ruleset "na" { maximum 10 }
scale ytr { Y = 1, T = 0, TR = na }
scale tingkat range 1..5 { 1, 2, 3, 4, 5, TR = na }
component a { weight 6  question a1 { weight 3 scale ytr } question a2 { weight 3 scale ytr } }
component b { weight 4  aggregate weighted  na full
              question b1 { weight 1 scale tingkat } question b2 { weight 3 scale tingkat } }
predicate P { require total >= 8 }
predicate Q { require every question under total: share >= 50% }
"""


@pytest.fixture(scope="module")
def na_rules() -> zona.Ruleset:
    return zona.loads(NA)


def test_bounds_by_hand_with_na(na_rules: zona.Ruleset) -> None:
    # a2 does not apply: a re-weights a1 to its full weight 6; b1 does not apply under
    # `na full`: share 1 (weight 1); b2 unknown on 1..5: share 1/5 .. 1 (weight 3)
    found = bounds(na_rules, {"a1": "Y", "a2": "TR", "b1": "TR"})
    assert found.unknown == ("b2",)
    assert (found["a"].low, found["a"].high, found["a"].tight) == (6, 6, True)
    # b = 4 x (1 x 1 + 3 x b2 / 5) / 4: in [8/5, 4]; total = 6 + b
    assert (found["b"].low, found["b"].high) == (Fraction(8, 5), 4)
    assert (found.total.low, found.total.high) == (Fraction(38, 5), 10)
    assert found.predicates["P"] == "undecided"
    assert found.lowest.total.score == found.total.low
    assert found.highest.total.score == found.total.high
    # Q skips what does not apply: a1 (1) and b2 (1/5 .. 1) are compared
    assert found.predicates["Q"] == "undecided"
    assert bounds(na_rules, {"a1": "Y", "a2": "TR", "b1": "TR", "b2": 3}).predicates == {
        "P": "passed", "Q": "passed"}


def test_sensitivity_by_hand_with_na(na_rules: zona.Ruleset) -> None:
    result = na_rules.score({"a1": "T", "a2": "TR", "b1": 2, "b2": 4})
    found = {q.id: q for q in sensitivity(result)}
    # a2 does not apply: a1 alone fills a (reweight). Answering T (lowest) shares a again:
    # 3 x 0 + 3 x 0 = 0, no change; Y: 3 more points; 3 points per unit once it applies
    a2 = found["a2"]
    assert (a2.not_applicable, a2.answer, a2.next) == (True, "TR", "T")
    assert (a2.gain, a2.headroom, a2.weight) == (0, 3, 3)
    # a1 alone fills a (6 points per unit); b: 4 x weight / 4, per level (1/5 of a share)
    assert found["a1"].weight == 6 and found["a1"].gain == 6
    assert found["b1"].weight == Fraction(4 * 1, 4 * 5) and found["b1"].next == "3"
    assert found["b2"].weight == Fraction(4 * 3, 4 * 5)
    assert found["b2"].gain == Fraction(3, 5)


def test_spbe_bounds_and_sensitivity() -> None:
    ruleset = zona.load(SPBE)
    import json

    answers = json.loads((ROOT / "examples" / "spbe-59-2020.answers.json").read_text(
        encoding="utf-8"))["answers"]
    result = ruleset.score(answers)
    ordered = sensitivity(result)
    i47 = next(q for q in ordered if q.id == "i47")  # tidak relevan: what answering does
    assert (i47.not_applicable, i47.answer, i47.next) == (True, "TR", "1")
    _sensitivity_matches_scoring(result)
    found = bounds(ruleset, {k: v for k, v in answers.items() if k not in ("i1", "i46")})
    assert set(found.unknown) == {"i1", "i46"}
    assert found.total.low <= result.total.score <= found.total.high
    assert found.total.tight


def _completions(ruleset: zona.Ruleset, unknown: tuple[str, ...]) -> list[dict[str, object]]:
    """Every completion of the unknown answers: options with a value (never "not
    applicable")."""
    domains = []
    for name in unknown:
        spec = ruleset.inputs_by_name[name]
        assert spec.scale is not None
        domains.append([o.name for o in spec.scale.valued])
    if any(len(d) == 0 for d in domains) or \
            len(list(itertools.islice(itertools.product(*domains), 301))) > 300:
        return []
    return [dict(zip(unknown, picks, strict=True)) for picks in itertools.product(*domains)]


@SETTINGS
@given(level_rulesets(na=True), st.data())
def test_bounds_contain_every_completion(generated: Levels, data: st.DataObject) -> None:
    """Every completion's node and view scores lie in the intervals, verdicts hold for every
    completion, and tight ends are reached by the witnesses."""
    ruleset = zona.loads(generated.text)
    answers = data.draw(level_sheets(generated))
    known = {k: v for k, v in answers.items() if data.draw(st.integers(0, 2))}
    try:
        found = bounds(ruleset, known)
    except ZonaError as error:
        assume("refuses" not in str(error))
        raise
    completions = _completions(ruleset, found.unknown)
    assume(completions)
    outcomes: dict[str, set[bool | None]] = {p.name: set() for p in ruleset.predicates}
    for completion in completions:
        scored = ruleset.score({**known, **completion})
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
        elif found.exact[name]:
            assert outcomes[name] == {True, False}
    for node in found.lowest.total.walk():
        if found[node.name].tight:
            assert found.lowest[node.name].score == found[node.name].low, node.name
            assert found.highest[node.name].score == found[node.name].high, node.name


def _sensitivity_matches_scoring(result: zona.Result) -> None:
    ruleset = result.ruleset
    answers = unit_answers(result)
    for q in sensitivity(result):
        assert q.not_applicable == (q.id in result.not_applicable), q.id
        if q.next is None:
            continue
        rescored = ruleset.score({**answers, q.id: q.next}, result.facts)
        assert rescored.total.score - result.total.score == q.gain, q.id
        if q.value is not None and q.linear:
            spec = ruleset.inputs_by_name[q.id]
            assert spec.scale is not None
            step = spec.scale.value(q.next) - q.value  # type: ignore[operator]
            assert q.gain == q.weight * step, q.id


@SETTINGS
@given(level_rulesets(na=True), st.data())
def test_sensitivity_gains_match_scoring(generated: Levels, data: st.DataObject) -> None:
    ruleset = zona.loads(generated.text)
    result = ruleset.score(data.draw(level_sheets(generated)))
    _sensitivity_matches_scoring(result)
