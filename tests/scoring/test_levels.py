"""Properties of scales on a range, weighted means and not-applicable answers, over
generated rulesets (tests.strategies_levels): every score within its bounds and as the
rules of docs/language.md compute it from the children, monotone in every answer, and a
not-applicable answer never changes the share of anything but its own ancestors."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.strategies_levels import Levels, level_rulesets, level_sheets
from zona.language import unparse
from zona.language.parser import parse
from zona.scoring.result import NodeResult

FAST = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_ZERO = Fraction(0)


def _dropped(node: NodeResult) -> bool:
    return not node.applicable and node.node.na == "reweight"


def _expected(node: NodeResult) -> tuple[Fraction, bool, bool]:
    """A node's score, answered and applicable, from its children's results alone."""
    children, how, top = node.children, node.node.aggregate, node.maximum
    kept = [c for c in children if not _dropped(c)]
    own = top if node.node.na == "full" else _ZERO
    if not kept:
        return own, True, False
    if how == "sum":
        if not any(c.answered for c in kept):
            return _ZERO, False, True
        raw = sum((c.score for c in kept), _ZERO)
        room = sum((c.maximum for c in kept), _ZERO)
        return (raw if room == top else top * raw / room), True, True
    counted = [c for c in kept if c.answered or c.node.missing == "zero"]
    weights = [c.node.weight or 1 if how == "weighted" else 1 for c in counted]
    if not counted:
        return _ZERO, False, True
    total = sum((w * c.share for w, c in zip(weights, counted, strict=True)), _ZERO)
    return top * total / sum(weights, _ZERO), True, True


def _assert_consistent(result: zona.Result, generated: Levels) -> None:
    for found in result.total.walk():
        assert 0 <= found.score <= found.maximum, found.name
        how = found.node.aggregate
        if how in ("sum", "mean", "weighted") and found.children:
            assert _expected(found) == (found.score, found.answered, found.applicable), \
                found.name
            if found.applicable:
                contributions = [c.contribution for c in found.children]
                assert sum(contributions, _ZERO) == found.score, found.name  # type: ignore[arg-type]
        if how == "choice":
            na = found.name in result.not_applicable
            assert found.applicable is not na, found.name
            assert result.values[found.name] is None or not na
            if na:
                assert found.score == (found.maximum if found.node.na == "full" else 0)
    for view in result.views.values():
        assert 0 <= view.score <= view.maximum, view.name
    document = result.to_dict()
    for name, fields in document["nodes"].items():
        assert fields.get("applicable", True) is result.nodes[name].applicable


@FAST
@given(st.data())
def test_level_rulesets_round_trip(data: st.DataObject) -> None:
    """Ranged scales, numbered and not-applicable options, `na` policies, `aggregate
    weighted` and `share()` print and parse back to the same tree."""
    generated = data.draw(level_rulesets(na=data.draw(st.booleans())))
    assert parse(unparse.module(generated.module)) == generated.module
    assert zona.check(generated.text) == []


@FAST
@given(st.data())
def test_scores_within_bounds_and_as_the_rules_say(data: st.DataObject) -> None:
    """Every node lies in 0..its maximum and is what sums (re-weighted), means and weighted
    means make of its children; contributions add up; views stay within their maxima."""
    generated = data.draw(level_rulesets(na=True))
    ruleset = zona.loads(generated.text)
    _assert_consistent(ruleset.score(data.draw(level_sheets(generated))), generated)


@FAST
@given(st.data())
def test_raising_an_answer_never_lowers_a_score(data: st.DataObject) -> None:
    """A higher-valued option never lowers any node's or view's score, and never turns a
    passing predicate (only >= conditions) into a failing one."""
    generated = data.draw(level_rulesets(na=data.draw(st.booleans())))
    ruleset = zona.loads(generated.text)
    answers = data.draw(level_sheets(generated))

    def value(name: str, answer: object) -> Fraction | None:
        options = dict(generated.choices[name])
        key = str(int(answer)) if isinstance(answer, float) else str(answer)
        return options.get(key)

    raisable = [n for n in generated.choices if n in answers and value(n, answers[n]) is not None
                and any(v > value(n, answers[n]) for _, v in generated.choices[n])]  # type: ignore[operator]
    assume(raisable)
    name = data.draw(st.sampled_from(raisable))
    current = value(name, answers[name])
    assert current is not None
    higher = [o for o, v in generated.choices[name] if v > current]
    raised = {**answers, name: data.draw(st.sampled_from(higher))}
    before, after = ruleset.score(answers), ruleset.score(raised)
    for node, found in before.nodes.items():
        assert after.nodes[node].score >= found.score, node
    for view, found_view in before.views.items():
        assert after.views[view].score >= found_view.score, view
    for predicate, verdict in before.predicates.items():
        if verdict.passed is True:
            assert after.predicates[predicate].passed is True, predicate


@FAST
@given(st.data())
def test_not_applicable_changes_only_its_ancestors(data: st.DataObject) -> None:
    """Answering a question "not applicable" instead of an option (or nothing) leaves the
    score, and so the share, of every node that is not the question or above it as it
    was: a sibling's share in particular never moves."""
    generated = data.draw(level_rulesets(na=True))
    candidates = sorted(n for n in generated.na_options if generated.kinds.get(n) == "question")
    assume(candidates)
    ruleset = zona.loads(generated.text)
    answers = data.draw(level_sheets(generated))
    name = data.draw(st.sampled_from(candidates))
    other = data.draw(st.sampled_from([None, *(o for o, _ in generated.choices[name])]))
    applicable = {k: v for k, v in answers.items() if k != name}
    if other is not None:
        applicable[name] = other
    before = ruleset.score(applicable)
    after = ruleset.score({**applicable, name: generated.na_options[name][0]})
    ancestors = {name}
    parent = generated.parents.get(name)
    while parent is not None:
        ancestors.add(parent)
        parent = generated.parents.get(parent)
    assert not after.nodes[name].applicable
    for node, found in before.nodes.items():
        if node not in ancestors and node != "total":
            assert after.nodes[node].score == found.score, node
            assert after.nodes[node].share == found.share, node
    _assert_consistent(after, generated)


def test_missing_error_is_satisfied_by_not_applicable() -> None:
    """Under `missing error` an unanswered question is an answer problem; a question
    answered "not applicable" is not."""
    ruleset = zona.loads('ruleset "t" { missing error }\n'
                         'scale y { Y = 1, T = 0, TR = na }\n'
                         'group g { question a { scale y }  question b { scale y } }\n')
    result = ruleset.score({"a": "Y", "b": "tr"})
    assert result.total.score == 1 and result.not_applicable == ("b",)
    assert result.values["b"] is None and not result.nodes["b"].applicable
    try:
        ruleset.score({"a": "Y"})
    except zona.ZonaAnswerError as error:
        assert [p.location for p in error.problems] == ["b"]
    else:
        raise AssertionError("an unanswered question passed `missing error`")
