"""A grade's reachable levels over every completion of the unknown answers.

Level L holds when the grade's value reaches L's band and L's `when` holds (the lowest
always holds); the grade is the highest level that holds. Over intervals each of those is
three-valued: the band is surely reached when the value's lowest reaches it, surely not
when its highest does not; `when` is judged as predicates are (zona.analysis.bounds_verdicts).
The lowest reachable level is the highest level that surely holds, the highest reachable
the highest that may hold: sound. When the grade is monotone (its value rises with the
scores, every `when` is monotone) and the lowest and highest completions reach every low
and high at once, the two completions' grades are the exact ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from zona import model as m
from zona.analysis.bounds_result import GradeBounds
from zona.analysis.intervals import Lookup, Span, span
from zona.model import expr as e
from zona.scoring.grade_result import GradeResult

if TYPE_CHECKING:
    from zona.analysis.bounds_verdicts import Judge

Trend = Literal["const", "up"]


def grade_bounds(judge: Judge, grade: m.Grade) -> GradeBounds:
    """The lowest and highest level of `grade` any completion can have."""
    low_result = judge.lowest.grades[grade.name]
    high_result = judge.highest.grades[grade.name]
    if not low_result.answered:  # what it reads does not apply: the same in every completion
        return GradeBounds(grade, None, None, True)
    names = [v.name for v in grade.levels]
    if judge.exact and judge.monotone_grade(grade, set()):
        return GradeBounds(grade, low_result.at_least, names[_possible(high_result)], True)
    low, high = _sound(judge, grade, low_result)
    seen_low = min(grade.position(r.at_least or names[0]) for r in (low_result, high_result))
    seen_high = max(_possible(r) for r in (low_result, high_result))
    return GradeBounds(grade, names[low], names[high], (seen_low, seen_high) == (low, high))


def _possible(result: GradeResult) -> int:
    """The position of the highest level that holds or may hold."""
    holds = [level.holds for level in result.levels.values()]
    return max(i for i, verdict in enumerate(holds) if verdict is not False)


def _sound(judge: Judge, grade: m.Grade, probe: GradeResult) -> tuple[int, int]:
    """(the highest level that surely holds, the highest that may hold), over intervals."""
    value = span(grade.value, judge.lookup) if grade.value is not None else None
    low = high = 0
    for index, level in enumerate(grade.levels):
        if index == 0:
            continue
        band = _reaches(level.band, value)
        when: bool | None = True
        if level.when is not None:
            when = judge.truth(level.when, probe.levels[level.name].conditions[0])
        holds = False if False in (band, when) else None if None in (band, when) else True
        if holds is True:
            low = index
        if holds is not False:
            high = index
    return low, high


def _reaches(band: m.Band | None, value: Span | None) -> bool | None:
    """Whether every value in the span reaches the band (True), none does (False)."""
    if band is None or band.low is None:
        return True
    if value is None:
        return None
    if value.low is not None and band.reaches(value.low):
        return True
    if value.high is not None and not band.reaches(value.high):
        return False
    return None


def rising(expression: e.Expr, ruleset: m.Ruleset, lookup: Lookup) -> Trend | None:
    """"const" when the expression is the same in every completion, "up" when it never
    falls as node and view scores rise (with everything else fixed), None otherwise:
    sums, differences and positive multiples of such values, derived values, `min`,
    `max` and rounding of them. `lookup` gives every value a variable can take."""
    found = span(expression, lookup)
    if found.low is not None and found.low == found.high:
        return "const"
    if isinstance(expression, e.Var):
        if expression.kind in ("node", "view"):
            return "up"
        if expression.kind == "derived":
            derived = {d.name: d for d in ruleset.derived}[expression.name]
            return rising(derived.expr, ruleset, lookup)
        return None
    if isinstance(expression, e.Round):
        return rising(expression.value, ruleset, lookup)
    if isinstance(expression, e.Extremum):
        trends = [rising(a, ruleset, lookup) for a in expression.args]
        return None if None in trends else "up"
    if isinstance(expression, e.Binary) and expression.op in ("+", "-", "*", "/"):
        left = rising(expression.left, ruleset, lookup)
        right = rising(expression.right, ruleset, lookup)
        if expression.op == "+":
            return None if None in (left, right) else "up"
        if expression.op in ("-", "/"):
            positive = expression.op == "-" or _at_least(expression.right, lookup, strict=True)
            return left if right == "const" and positive else None
        if left == "const" and right == "up" and _at_least(expression.left, lookup):
            return "up"
        if right == "const" and left == "up" and _at_least(expression.right, lookup):
            return "up"
    return None


def _at_least(expression: e.Expr, lookup: Lookup, strict: bool = False) -> bool:
    """Whether the expression is at least 0 (above it when `strict`) in every completion."""
    low = span(expression, lookup).low
    return low is not None and (low > 0 if strict else low >= 0)


__all__ = ["grade_bounds", "rising"]
