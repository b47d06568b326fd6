"""A grade as one line of `zona score`'s table:

    Predikat SAKIP (predikat): B  (value 67.69, band > 60 .. 70; BB needs > 70: 2.31 more)
"""

from __future__ import annotations

from fractions import Fraction

from zona.limits import printable
from zona.numtext import approx_text, exact_text
from zona.scoring.grade_result import GradeResult


def grade_line(result: GradeResult) -> str:
    """The grade's level, its value and band, and what the next level up needs."""
    grade = result.grade
    title = f"{printable(grade.label)} ({grade.name})" if grade.label else grade.name
    if not result.answered:
        level = "unanswered"
    elif result.level is None:
        level = f"undecided, at least {result.at_least}"
    else:
        level = result.level
    figures = []
    if result.value is not None:
        figures.append(f"value {_number(result.value)}" + (
            f", band {result.band}" if result.band else ""))
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
        return f"{result.next} needs {sign} {_number(band.low)}: {_number(gap)} more"
    failing = [c.text for c in following.failing()]
    if failing:
        return f"{result.next} needs {' and '.join(failing)}"
    return None


def _number(value: Fraction) -> str:
    text = exact_text(value)
    return text if "/" not in text else approx_text(value, 4)
