"""Grades over many rows: each level's verdict from leaves (its band, as a comparison of the
grade's value with the band's low end, and its `when` condition), then the grade per row as
zona.scoring.grades decides it: the highest level that holds, unless a level above it is
undecided (the grade is then undecided, at least that level); unanswered when the value
it reads is.

A grade per row is an int16: its level's position (lowest 0), UNDECIDED, UNANSWERED, or
BAD on a row with problems; `at_least` is the highest level known to hold.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array

UNDECIDED, UNANSWERED, BAD = -1, -2, -3
FALSE, UNKNOWN, TRUE = 0, 1, 2
_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}

Tree = tuple[str, Any]


@attrs.frozen
class Levels:
    """A grade's levels as leaves: per level (lowest first), the index of its band's leaf
    (None: no low end to reach, or the lowest level) and its `when` tree (None: none)."""

    grade: m.Grade
    bands: tuple[int | None, ...]
    whens: tuple[Tree | None, ...]


@attrs.frozen
class Decided:
    """A grade over some rows: the level (or UNDECIDED, UNANSWERED, BAD) and the highest
    level known to hold."""

    level: Array
    at_least: Array


def decide(levels: Levels, verdicts: Array,
           combine: Callable[[Tree, Array], Array | int],
           answered: Array | None) -> Decided:
    """The grade per row from its leaves' verdicts (`answered`: where the value it reads is
    answered; None for a grade by rules)."""
    rows = verdicts.shape[1]
    level = np.full(rows, UNDECIDED, dtype=np.int16)
    at_least = np.zeros(rows, dtype=np.int16)
    found = np.zeros(rows, dtype=bool)  # a level that holds is found
    undecided = np.zeros(rows, dtype=bool)  # a level above it is undecided
    for index in range(len(levels.grade.levels) - 1, 0, -1):
        holds = np.full(rows, TRUE, dtype=np.int8)
        band, when = levels.bands[index], levels.whens[index]
        if band is not None:
            np.minimum(holds, verdicts[band], out=holds)
        if when is not None:
            np.minimum(holds, combine(when, verdicts), out=holds)
        newly = ~found & (holds == TRUE)
        at_least[newly] = index
        level[newly & ~undecided] = index
        undecided |= ~found & (holds == UNKNOWN)
        found |= newly
    level[~found & ~undecided] = 0
    if answered is not None:
        level[~answered] = UNANSWERED
    return Decided(level, at_least)


def compared(grade: m.Grade, condition: m.Compare, decided: Decided) -> Array:
    """`grade ID OP LEVEL` per row: by position; an undecided grade leaves it undecided,
    except that `>=` and `>` pass when the level known to hold passes."""
    test = _OPERATORS[condition.op]
    bar = grade.position(str(condition.threshold))
    known = decided.level >= 0
    found = np.where(test(decided.level, bar), TRUE, FALSE).astype(np.int8)
    found[~known] = UNKNOWN
    if condition.op in (">=", ">"):
        found[~known & test(decided.at_least, bar)] = TRUE
    return found


def band_of(levels: Levels, leaf: int) -> tuple[m.Level, int]:
    """The level whose band a leaf compares, and its position."""
    index = levels.bands.index(leaf)
    return levels.grade.levels[index], index


def reaches(level: m.Level, value: Fraction | None) -> int:
    """An exact band verdict: whether the value reaches the level's band."""
    assert level.band is not None
    if value is None:
        return UNKNOWN
    return TRUE if level.band.reaches(value) else FALSE


def codes(decided: Mapping[str, Decided]) -> dict[str, Array]:
    """Each grade's level per row (a position, or UNDECIDED, UNANSWERED)."""
    return {name: found.level for name, found in decided.items()}


__all__ = ["BAD", "UNANSWERED", "UNDECIDED", "Decided", "Levels", "band_of", "codes",
           "compared", "decide", "reaches"]
