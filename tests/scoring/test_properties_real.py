"""Hypothesis properties of scoring, run against the real built-in rulesets."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona
from zona.scoring.result import Result

NAMES = ["permenpan-52-2014", "permenpan-90-2021", "portalrb-2026"]
FACTS = {"prior_predicate": "WBK"}
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def sheets(ruleset: zona.Ruleset,
           allow_missing: bool = True) -> st.SearchStrategy[dict[str, object]]:
    """Answer sheets: any option, count or two-decimal index; sometimes unanswered."""
    fields: dict[str, st.SearchStrategy[object]] = {}
    for spec in ruleset.inputs:
        if spec.kind == "choice" and spec.scale is not None:
            value: st.SearchStrategy[object] = st.sampled_from(spec.scale.names)
        elif spec.kind == "count":
            value = st.integers(0, 40)
        else:
            low, high = int((spec.low or 0) * 100), int((spec.high or 0) * 100)
            value = st.integers(low, high).map(lambda n: Fraction(n, 100))
        fields[spec.name] = st.one_of(st.none(), value) if allow_missing else value
    return st.fixed_dictionaries(fields)


def check_bounds_and_parts(result: Result) -> None:
    for node in result.total.walk():
        assert 0 <= node.score <= node.maximum, node.name
        if node.node.aggregate == "sum":
            assert node.score == sum((c.score for c in node.children), Fraction(0)), node.name
        if node.node.aggregate in ("sum", "mean") and node.children:
            contributions = [c.contribution for c in node.children]
            assert sum(contributions, Fraction(0)) == node.score, node.name
    for view in result.views.values():
        assert 0 <= view.score <= view.maximum


@pytest.mark.parametrize("name", NAMES)
def test_scores_are_bounded_and_parts_sum_to_the_whole(name: str) -> None:
    ruleset = zona.load_builtin(name)

    @SETTINGS
    @given(sheets(ruleset))
    def check(answers: dict[str, object]) -> None:
        check_bounds_and_parts(ruleset.score(answers, FACTS))

    check()


def _raisable(ruleset: zona.Ruleset) -> list[str]:
    return [s.name for s in ruleset.inputs if s.kind in ("choice", "decimal")]


@pytest.mark.parametrize("name", NAMES)
def test_raising_one_answer_never_lowers_a_score_or_fails_a_predicate(name: str) -> None:
    ruleset = zona.load_builtin(name)
    raisable = _raisable(ruleset)

    @SETTINGS
    @given(sheets(ruleset, allow_missing=False), st.sampled_from(raisable), st.data())
    def check(answers: dict[str, object], target: str, data: st.DataObject) -> None:
        spec = ruleset.inputs_by_name[target]
        if spec.kind == "choice" and spec.scale is not None:
            current = spec.scale.value(str(answers[target]))
            higher = [o.name for o in spec.scale.options
                      if current is not None and o.value > current]
            if not higher:
                return
            raised: object = data.draw(st.sampled_from(higher))
        else:
            current = Fraction(str(answers[target]))
            top = int((spec.high or 0) * 100)
            if current * 100 >= top:
                return
            raised = Fraction(data.draw(st.integers(int(current * 100) + 1, top)), 100)
        before = ruleset.score(answers, FACTS)
        after = ruleset.score({**answers, target: raised}, FACTS)
        for name_, node in before.nodes.items():
            assert after.nodes[name_].score >= node.score, name_
        for name_, verdict in before.predicates.items():
            if verdict.passed is True:
                assert after.predicates[name_].passed is True, name_

    check()
