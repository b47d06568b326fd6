"""Grades for the valid rulesets of zona.testing.generated (`valid_rulesets(grades=True)`).

A grade by bands over a node's score, or a rounding of it, whose bands cover the value's
range with each boundary in exactly one band (some ends open, some reaching beyond the
range), its levels sometimes capped by a condition; a grade by rules over conditions and
the first grade; and a predicate comparing each grade. Every condition is one the
generator already makes (`>=` comparisons, `every`, facts, predicates, `and`, `or`), so no
grade falls when an answer rises.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from zona.language import syntax as s
from zona.model.expr import MODES, rounded

_NAMED = ("D", "C", "CC", "B", "BB", "A", "AA", "none", "WBK", "WBBM")


def grade_declarations(builder: Any) -> list[Any]:
    """A grade by bands (when a node can score above 0), a grade by rules, a predicate on
    each; recorded in `builder.g.grades`."""
    draw = builder.draw
    nodes = sorted(n for n in builder.maxima
                   if n != "total" and not re.fullmatch(r"vg?\d+", n))
    found: list[Any] = []
    banded = _banded(builder, draw(st.sampled_from(nodes))) if nodes else None
    if banded is not None:
        found.append(banded)
    found.append(_ruled(builder, banded))
    for grade in [g for g in found if isinstance(g, s.GradeDecl)]:
        level = draw(st.sampled_from(grade.levels))
        found.append(s.PredicateDecl(name=builder.name("G"), label=None, members=(
            s.Require(condition=s.Comparison(quantity=s.GradeOf(name=grade.name), op=">=",
                                             threshold=_threshold(level))),)))
    return found


def _threshold(level: s.LevelDecl) -> s.Threshold:
    """A level as a condition's threshold: a numbered level is written as its number."""
    if level.numbered:
        return s.NumberThreshold(value=Fraction(int(level.name)))
    return s.LevelThreshold(name=level.name)


def _names(draw: Any, count: int) -> tuple[list[str], bool]:
    if draw(st.booleans()):
        start = draw(st.integers(0, 3))
        return [str(start + i) for i in range(count)], True
    return list(draw(st.lists(st.sampled_from(_NAMED), min_size=count, max_size=count,
                              unique=True))), False


def _banded(builder: Any, subject: str) -> s.GradeDecl | None:
    draw = builder.draw
    top = builder.maxima[subject]
    value: s.Expr = s.Ref(name=subject)
    high = top
    how = draw(st.sampled_from(("plain", "round", "floor", "ceil")))
    if how != "plain":
        places = draw(st.integers(0, 2))
        args: list[s.Expr] = [value, s.Number(value=Fraction(places))]
        mode = "half_up"
        if how == "round" and draw(st.booleans()):
            mode = draw(st.sampled_from(MODES))
            args.append(s.Ref(name=mode))
        value = s.Call(function=how, args=tuple(args))
        high = rounded(how, top, places, mode)
    if high <= 0:
        return None
    count = draw(st.integers(2, 4))
    cuts = [high * Fraction(c, 100) for c in sorted(draw(st.lists(
        st.integers(1, 99), min_size=count - 1, max_size=count - 1, unique=True)))]
    sides = [draw(st.booleans()) for _ in cuts]  # True: the lower band includes the cut
    names, numbered = _names(draw, count)
    levels = []
    for index in range(count):
        if index == 0:
            low, low_open = draw(st.sampled_from((Fraction(0), None, Fraction(-1)))), False
        else:
            low, low_open = cuts[index - 1], sides[index - 1]
        if index == count - 1:
            end, end_open = draw(st.sampled_from((high, None, high + 1))), False
        else:
            end, end_open = cuts[index], not sides[index]
        when = builder.condition(list(builder.g.predicates)) \
            if index and draw(st.integers(0, 3)) == 0 else None
        levels.append(s.LevelDecl(
            name=names[index], numbered=numbered, label=builder.label(),
            band=s.Band(low=low, low_open=low_open, high=end, high_open=end_open), when=when))
    name = builder.name("grade")
    builder.g.grades[name] = True
    return s.GradeDecl(name=name, label=builder.label(), by=value, members=tuple(levels))


def _ruled(builder: Any, banded: s.GradeDecl | None) -> s.GradeDecl:
    draw = builder.draw
    count = draw(st.integers(2, 4))
    names, numbered = _names(draw, count)
    levels = [s.LevelDecl(name=names[0], numbered=numbered)]
    for name in names[1:]:
        when = builder.condition(list(builder.g.predicates))
        if banded is not None and draw(st.booleans()):
            bar = draw(st.sampled_from(banded.levels))
            on_grade = s.Comparison(quantity=s.GradeOf(name=banded.name), op=">=",
                                    threshold=_threshold(bar))
            when = on_grade if draw(st.booleans()) else s.CondAnd(left=when, right=on_grade)
        levels.append(s.LevelDecl(name=name, numbered=numbered, when=when))
    name = builder.name("grade")
    builder.g.grades[name] = False
    return s.GradeDecl(name=name, label=builder.label(), members=tuple(levels))
