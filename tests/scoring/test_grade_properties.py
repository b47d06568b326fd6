"""Property-based tests of grades over generated rulesets (valid_rulesets(grades=True)):
they round-trip, the grade is the band its value falls in, it is the highest level that
holds (three-valued), and no grade falls when an answer rises."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zona
from tests.strategies import Generated, answer_sheets, valid_rulesets
from zona.language import unparse
from zona.language.parser import parse
from zona.scoring.grade_result import GradeResult

FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _compile(generated: Generated) -> zona.Ruleset:
    return zona.loads(generated.text)


@FAST
@given(valid_rulesets(grades=True))
def test_round_trip_rulesets_with_grades(generated: Generated) -> None:
    """parse(unparse(tree)) == tree with grades, bands, rounding and `grade` conditions."""
    text = generated.text
    assert parse(text) == generated.module
    assert unparse.module(parse(text)) == text
    assert zona.check(text) == []


def _containing(grade: GradeResult) -> list[str]:
    assert grade.value is not None
    return [level.name for level in grade.grade.levels
            if level.band is not None and level.band.contains(grade.value)]


def _assert_decided(grade: GradeResult) -> None:
    """The level is the highest that holds unless one above is undecided; each level holds
    as its band and its `when` say; the lowest always holds."""
    levels = list(grade.levels.values())
    assert levels[0].holds is True
    for found in levels[1:]:
        band = found.level.band
        reached = True if band is None else (None if grade.value is None
                                             else band.reaches(grade.value))
        assert found.reached == reached, found.name
        when = found.conditions[0].passed if found.conditions else True
        parts = [reached, when]
        expected = False if False in parts else (None if None in parts else True)
        assert found.holds == expected, found.name
    holding = [v.name for v in levels if v.holds is True]
    assert grade.at_least == holding[-1]
    above = levels[[v.name for v in levels].index(grade.at_least) + 1:]
    undecided = any(v.holds is None for v in above) or not grade.answered
    assert grade.level == (None if undecided else grade.at_least)


@FAST
@given(st.data())
def test_a_grade_is_the_band_its_value_falls_in(data: st.DataObject) -> None:
    """A grade by bands: exactly one band holds the value (the bands cover its range once);
    the grade is that band's level unless the level's `when` fails or is undecided, and
    then a lower one. Every grade is the highest level that holds."""
    generated = data.draw(valid_rulesets(grades=True))
    answers, facts = data.draw(answer_sheets(generated))
    result = _compile(generated).score(answers, facts)
    for name, banded in generated.grades.items():
        grade = result.grades[name]
        _assert_decided(grade)
        if not banded or grade.value is None:
            continue
        (inside,) = _containing(grade)
        level = grade.grade.levels_by_name[inside]
        position = grade.grade.position
        assert position(grade.at_least or "") <= position(inside)
        if level.when is None:
            assert grade.level == inside
        assert grade.band == (grade.grade.levels_by_name[grade.at_least or ""].band.text
                              if grade.at_least else None)


def _raise_one(data: st.DataObject, generated: Generated, answers: dict[str, object]
               ) -> dict[str, object]:
    """The answers with one choice raised to a higher-valued option, or one decimal raised."""
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
    return raised


@FAST
@given(st.data())
def test_no_grade_falls_when_an_answer_rises(data: st.DataObject) -> None:
    """Raising one answer never lowers a grade's level (when both are decided), nor the
    level known to hold, nor the value its bands read."""
    generated = data.draw(valid_rulesets(grades=True))
    ruleset = _compile(generated)
    answers, facts = data.draw(answer_sheets(generated))
    raised = _raise_one(data, generated, answers)
    before, after = ruleset.score(answers, facts), ruleset.score(raised, facts)
    for name in generated.grades:
        low, high = before.grades[name], after.grades[name]
        position = low.grade.position
        assert position(high.at_least or "") >= position(low.at_least or ""), name
        if low.level is not None and high.level is not None:
            assert position(high.level) >= position(low.level), name
        if low.value is not None and high.value is not None:
            assert high.value >= low.value, name
