"""A grade as one line of `zona score`'s table, in the language in use:

    Predikat SAKIP (predikat): B  (value 67.69, band > 60 .. 70; BB needs > 70: 2.31 more)
    Predikat SAKIP (predikat): B  (nilai 67,69, pita > 60 .. 70; BB memerlukan > 70: kurang 2,31)
"""

from __future__ import annotations

import functools
from fractions import Fraction

from zona.i18n import _, exact, number
from zona.limits import printable
from zona.numtext import exact_text
from zona.scoring.grade_result import GradeResult


def grade_line(result: GradeResult) -> str:
    """The grade's level, its value and band, and what the next level up needs."""
    grade = result.grade
    title = f"{printable(grade.label)} ({grade.name})" if grade.label else grade.name
    if not result.answered:
        level = _("unanswered")
    elif result.level is None:
        level = _("undecided, at least {level}", level=result.at_least)
    else:
        level = result.level
    figures = []
    if result.value is not None:
        figures.append(_("value {value}", value=_number(result.value)) + (
            ", " + _("band {band}", band=result.band) if result.band else ""))
    needs = _needs(result)
    if needs:
        figures.append(needs)
    return f"{title}: {level}" + (f"  ({'; '.join(figures)})" if figures else "")


def _needs(result: GradeResult) -> str | None:
    """What the next level up needs: more value for its band, or its failing conditions."""
    if result.next is None:
        return None
    following = result.levels[result.next]
    band = following.level.band
    gap = result.gap_to_next
    if band is not None and band.low is not None and gap is not None and following.reached is False:
        sign = ">" if band.low_open else ">="
        bound = sign + " " + _number(band.low)
        return _("{next} needs {bound}: {gap} more", next=result.next, bound=bound,
                 gap=_number(gap))
    failing = [c.text for c in following.failing()]
    if failing:
        both = functools.reduce(lambda left, right: _("{left} and {right}", left=left,
                                                      right=right), failing)
        return _("{next} needs {conditions}", next=result.next, conditions=both)
    return None


def _number(value: Fraction) -> str:
    """Exact when it is a finite decimal (67.69), else rounded to 4 places."""
    return exact(value) if "/" not in exact_text(value) else number(value, 4)
