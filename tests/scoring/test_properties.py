"""Property-based tests (hypothesis) over generated syntax trees, rulesets and answers."""

from __future__ import annotations

import contextlib
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.conftest import DATA
from tests.strategies import (
    LINE_SEPARATORS,
    Generated,
    answer_sheets,
    any_modules,
    dense_modules,
    grammar_texts,
    mutated,
    valid_rulesets,
)
from zona.language import syntax as s
from zona.language import unparse
from zona.language.parser import parse
from zona.model import expr as e
from zona.numtext import terminates

FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

CORPUS = sorted((DATA / "valid").glob("*.zona"))


def _compile(generated: Generated) -> zona.Ruleset:
    return zona.loads(generated.text)


# --- round trip --------------------------------------------------------------


@FAST
@given(any_modules)
def test_round_trip_any_tree(tree: s.Module) -> None:
    """parse(unparse(tree)) == tree for syntax trees of every shape the grammar can write."""
    assert parse(unparse.module(tree)) == tree


@FAST
@given(valid_rulesets())
def test_round_trip_valid_ruleset(generated: Generated) -> None:
    """parse(unparse(tree)) == tree for generated valid rulesets, and unparse is a fixpoint."""
    text = generated.text
    assert parse(text) == generated.module
    assert unparse.module(parse(text)) == text


@pytest.mark.parametrize("separator", list(LINE_SEPARATORS))
def test_round_trip_line_separators(separator: str) -> None:
    """A note holding a line-separator character inside a node survives the round trip."""
    tree = s.Module(header=s.Header(id="r"), declarations=(
        s.NodeDecl(kind="item", name="i", label=None, members=(
            s.Text(kind="note", text=f"a{separator}b"),)),))
    assert parse(unparse.module(tree)) == tree


def test_round_trip_empty_extends() -> None:
    """A header that extends the ruleset named "" survives the round trip."""
    tree = s.Module(header=s.Header(id="r", extends=""))
    assert parse(unparse.module(tree)) == tree


# --- scores ------------------------------------------------------------------


def _assert_consistent(result: zona.Result) -> None:
    assert list(result.nodes) == [n.name for n in result.total.walk()]
    for found in result.total.walk():
        assert result.nodes[found.name] is found and result[found.name] is found
        assert 0 <= found.score <= found.maximum, found.name
        children = found.children
        how = found.node.aggregate
        if how == "sum":
            assert found.score == sum((c.score for c in children), Fraction(0)), found.name
        elif how == "mean":
            counted = [c for c in children if c.answered or c.node.missing == "zero"]
            expected = (found.maximum * sum((c.share for c in counted), Fraction(0))
                        / len(counted)) if counted else Fraction(0)
            assert found.score == expected, found.name
            assert found.answered == bool(counted), found.name
        if how in ("sum", "mean"):
            contributions = [c.contribution for c in children]
            assert None not in contributions, found.name
            assert sum(contributions, Fraction(0)) == found.score, found.name  # type: ignore[arg-type]
    top = result.total.children
    assert result.total.score == sum((c.score for c in top), Fraction(0))
    for view in result.views.values():
        parts = view.view.parts
        expected = sum((result.nodes[p].score for p in parts), Fraction(0)) + sum(
            (c.score for c in view.children), Fraction(0))
        assert view.score == expected, view.name
        assert 0 <= view.score <= view.maximum, view.name
    _assert_verdicts_explained(result)


def _assert_verdicts_explained(result: zona.Result) -> None:
    """A predicate's verdict (decided in integers, before any ConditionResult exists) is what
    its conditions say, and every comparison's verdict is its actual value against its
    threshold, compared as Fractions."""
    for predicate in result.predicates.values():
        verdict = predicate.passed
        parts = [c.passed for c in predicate.conditions]
        expected = False if False in parts else (None if None in parts else True)
        assert verdict == expected, predicate.name
        for leaf in (c for top in predicate.conditions for c in top.leaves()):
            actual, threshold = leaf.actual, leaf.threshold
            if isinstance(actual, Fraction) and isinstance(threshold, Fraction):
                op = leaf.condition.op  # type: ignore[union-attr]
                assert leaf.passed == e.compare(op, actual, threshold), leaf.text
                if leaf.margin is not None:
                    assert (leaf.margin >= 0) == ((op in (">=", ">") and actual >= threshold)
                                                  or (op in ("<=", "<") and actual <= threshold))


@FAST
@given(st.data())
def test_scores_are_consistent(data: st.DataObject) -> None:
    """Every score lies in 0..maximum; sums add up, means are weight x mean of the counted
    children's shares, children's contributions add up to their parent's score, the total
    is the sum of the top-level nodes, and a view is the sum of its parts."""
    generated = data.draw(valid_rulesets())
    answers, facts = data.draw(answer_sheets(generated))
    _assert_consistent(_compile(generated).score(answers, facts))


@FAST
@given(st.data())
def test_raising_an_answer_never_lowers_a_score(data: st.DataObject) -> None:
    """Raising one choice to a higher-valued option, or one decimal index, never lowers any
    node's or view's score, and never turns a passing predicate (only >= conditions) into
    a failing one."""
    generated = data.draw(valid_rulesets())
    ruleset = _compile(generated)
    answers, facts = data.draw(answer_sheets(generated))
    raisable: list[str] = []
    for name, options in generated.choices.items():
        values = dict(options)
        if name in answers and any(v > values[str(answers[name])] for v in values.values()):
            raisable.append(name)
    raisable += [n for n, (_, high) in generated.decimals.items()
                 if n in answers and Fraction(str(answers[n])) < high]
    assume(raisable)
    name = data.draw(st.sampled_from(raisable))
    raised = dict(answers)
    if name in generated.choices:
        values = dict(generated.choices[name])
        current = values[str(answers[name])]
        raised[name] = data.draw(st.sampled_from([o for o, v in values.items() if v > current]))
    else:
        current = Fraction(str(answers[name]))
        high = generated.decimals[name][1]
        step = data.draw(st.integers(1, 100))
        raised[name] = unparse.number(current + (high - current) * Fraction(step, 100))
    before = ruleset.score(answers, facts)
    after = ruleset.score(raised, facts)
    for node, found in before.nodes.items():
        assert after.nodes[node].score >= found.score, node
    for view, found_view in before.views.items():
        assert after.views[view].score >= found_view.score, view
    for predicate, verdict in before.predicates.items():
        if verdict.passed is True:
            assert after.predicates[predicate].passed is True, predicate


@FAST
@given(st.data())
def test_a_unit_exactly_on_a_threshold_passes(data: st.DataObject) -> None:
    """A predicate whose threshold is exactly the unit's score (or share, or the lowest
    child's score) passes; the same threshold with `>` fails."""
    generated = data.draw(valid_rulesets())
    answers, facts = data.draw(answer_sheets(generated))
    result = _compile(generated).score(answers, facts)
    candidates = [n for n in result.total.walk() if terminates(n.score)]
    assume(candidates)
    target = data.draw(st.sampled_from(candidates))
    score = target.score
    at = [s.Require(condition=s.Comparison(quantity=s.ScoreOf(name=target.name), op=">=",
                                           threshold=s.NumberThreshold(value=score)))]
    if terminates(target.share):
        at.append(s.Require(condition=s.Comparison(
            quantity=s.ShareOf(name=target.name), op=">=",
            threshold=s.NumberThreshold(value=target.share))))
    if target.children and terminates(lowest := min(c.score for c in target.children)):
        at.append(s.Require(condition=s.EveryChild(
            group=target.name, quantity="score", op=">=",
            threshold=s.NumberThreshold(value=lowest))))
    extra = [s.PredicateDecl(name="OnTheLine", label=None, members=tuple(at))]
    if score < target.maximum:
        extra.append(s.PredicateDecl(name="Above", label=None, members=(s.Require(
            condition=s.Comparison(quantity=s.ScoreOf(name=target.name), op=">",
                                   threshold=s.NumberThreshold(value=score))),)))
    module = attrs.evolve(generated.module,
                          declarations=(*generated.module.declarations, *extra))
    again = zona.loads(unparse.module(module)).score(answers, facts)
    assert again.predicates["OnTheLine"].passed is True
    if "Above" in again.predicates:
        assert again.predicates["Above"].passed is False


# --- robustness: only ZonaErrors escape ---------------------------------------


def _compiles_or_zona_error(text: str) -> None:
    try:
        ruleset = zona.loads(text)
    except (zona.ZonaSyntaxError, zona.ZonaCompileError) as error:
        assert str(error)  # renders without crashing
        return
    with contextlib.suppress(zona.ZonaAnswerError, zona.ZonaEvaluationError):
        ruleset.score({})


@FUZZ
@given(grammar_texts(spaced=True))
def test_grammar_texts_spaced(text: str) -> None:
    """Texts drawn from zona.lark (one space after every token) compile or raise
    ZonaSyntaxError/ZonaCompileError; nothing else escapes."""
    _compiles_or_zona_error(text)


@FUZZ
@given(grammar_texts(spaced=False))
def test_grammar_texts_raw(text: str) -> None:
    """Texts drawn from zona.lark with tokens glued together compile or raise a ZonaError."""
    _compiles_or_zona_error(text)


@FUZZ
@given(dense_modules)
def test_syntax_trees_compile_or_raise_compile_errors(tree: s.Module) -> None:
    """Any syntax tree (ids from a handful, so references resolve) either compiles or raises
    ZonaCompileError: its text parses, so it is never a ZonaSyntaxError, and nothing else
    escapes."""
    text = unparse.module(tree)
    try:
        zona.loads(text)
    except zona.ZonaCompileError as error:
        assert str(error)


@FUZZ
@given(st.data())
def test_mutated_rulesets(data: st.DataObject) -> None:
    """Valid rulesets with characters or tokens deleted, duplicated or swapped compile or
    raise ZonaSyntaxError/ZonaCompileError; nothing else escapes."""
    if data.draw(st.booleans()):
        text = data.draw(st.sampled_from(CORPUS)).read_text(encoding="utf-8")
    else:
        text = data.draw(valid_rulesets()).text
    _compiles_or_zona_error(data.draw(mutated(text)))


@FUZZ
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    """Any text at all compiles or raises ZonaSyntaxError/ZonaCompileError."""
    _compiles_or_zona_error(text)


@FUZZ
@given(st.text(alphabet='ruleset"{}()=+-*/<>!.,:%#\n 0123456789abqyt_', max_size=80))
def test_arbitrary_text_near_the_language(text: str) -> None:
    """Texts over the language's own characters compile or raise a ZonaError."""
    _compiles_or_zona_error('ruleset "r" { }\n' + text)


# --- answers ------------------------------------------------------------------


def _bad_value(generated: Generated, name: str, choice: int) -> object:
    if name in generated.choices:
        return ("Nope", "", 3)[choice % 2 * 2] if choice % 3 else "Nope"
    if name in generated.counts:
        return (-3, "1.5", "abc")[choice % 3]
    high = generated.decimals[name][1]
    return (unparse.number(high + 1) if high + 1 >= 0 else "999", "x", "nan")[choice % 3]


@FAST
@given(st.data())
def test_invalid_answers_raise_one_error_listing_all(data: st.DataObject) -> None:
    """Unknown ids, values off the scale, negative or fractional counts, decimals out of
    range, unknown facts and unanswered inputs under `missing error` raise ONE
    ZonaAnswerError whose problems are exactly the ones injected."""
    generated = data.draw(valid_rulesets(error_policy=True))
    ruleset = _compile(generated)
    answers, facts = data.draw(answer_sheets(generated, complete=True))
    injected = 0
    strict = [n for n in generated.inputs if generated.policy_of[n] == "error"]
    lenient = [n for n in generated.inputs if generated.policy_of[n] != "error"]
    if lenient:
        for name in data.draw(st.lists(st.sampled_from(lenient), unique=True, max_size=4)):
            answers[name] = _bad_value(generated, name, data.draw(st.integers(0, 5)))
            injected += 1
    if strict:
        for name in data.draw(st.lists(st.sampled_from(strict), unique=True, max_size=4)):
            if data.draw(st.booleans()):
                del answers[name]
            else:
                answers[name] = data.draw(st.sampled_from((None, "", "   ")))
            injected += 1
    for i in range(data.draw(st.integers(0, 2))):
        answers[f"zz_unknown_{i}"] = "A"
        injected += 1
    if data.draw(st.booleans()):
        facts["zz_fact"] = "yes"
        injected += 1
    levels = [n for n, lv in generated.facts.items() if lv]
    if levels and data.draw(st.booleans()):
        facts[levels[0]] = "NOT_A_LEVEL"
        injected += 1
    if injected == 0:
        ruleset.score(answers, facts)
        return
    with pytest.raises(zona.ZonaAnswerError) as caught:
        ruleset.score(answers, facts)
    problems = caught.value.problems
    assert len(problems) == injected, [str(p) for p in problems]
    assert str(caught.value).splitlines()[0] == (
        f"answers: {injected} problem{'s' if injected != 1 else ''} in the answers")
