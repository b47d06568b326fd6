"""Chaining: a fact whose value is another ruleset's result (`from "RULESET" grade G`,
`... score NODE`, `... share NODE`), and whether a grade or a node of another ruleset can
be such a fact's value. The compiler asks this of the other ruleset when it finds it; scoring
asks it of the Result (or GradeResult) it is given. Messages only: nothing here reads files.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from zona.errors import did_you_mean
from zona.i18n import N_, _
from zona.numtext import exact_text

if TYPE_CHECKING:
    from zona.model.grades import Grade
    from zona.model.ruleset import Fact, Ruleset


class FactSource(NamedTuple):
    """Where a chained fact comes from: `("sakip-88-2021", "grade", "predikat")`; `quantity`
    is "grade", "score" or "share"."""

    ruleset: str
    quantity: str
    name: str


def range_text(fact: Fact) -> str:
    """A number fact's range as written (`0..5`), or `any number`."""
    low = "" if fact.low is None else exact_text(fact.low)
    high = "" if fact.high is None else exact_text(fact.high)
    return f"{low}..{high}" if low or high else _("any number")


def kind_problem(kind: str, quantity: str) -> str | None:
    """Why a fact of this kind (yesno, levels, number) cannot take a grade, score or share
    of another ruleset, or None."""
    if kind == "yesno":
        return _("a yes/no fact cannot come from another ruleset; make it a levels or number "
                 "fact")
    if kind == "levels" and quantity != "grade":
        return _("a levels fact comes from a grade, not a {quantity}", quantity=quantity)
    return None


def _inside(fact: Fact, value: Fraction) -> str | None:
    """None when the value lies in the fact's range, else `above`/`below`."""
    if fact.high is not None and value > fact.high:
        return "above"
    if fact.low is not None and value < fact.low:
        return "below"
    return None


#: a numbered level outside a number fact's range, above or below it
_LEVEL_OUTSIDE = {
    "above": N_("fact '{fact}' comes from {source}, whose level {level} is above the fact's "
                "range {range}"),
    "below": N_("fact '{fact}' comes from {source}, whose level {level} is below the fact's "
                "range {range}")}
#: a score or share outside a number fact's range: (its maximum rather than 0, side)
_TAKES_OUTSIDE = {
    (True, "above"): N_("fact '{fact}' takes the {quantity} of '{name}' of '{ruleset}', which "
                        "reaches {value}, above the fact's range {range}"),
    (True, "below"): N_("fact '{fact}' takes the {quantity} of '{name}' of '{ruleset}', which "
                        "reaches {value}, below the fact's range {range}"),
    (False, "above"): N_("fact '{fact}' takes the {quantity} of '{name}' of '{ruleset}', "
                         "which can be {value}, above the fact's range {range}"),
    (False, "below"): N_("fact '{fact}' takes the {quantity} of '{name}' of '{ruleset}', "
                         "which can be {value}, below the fact's range {range}")}


def grade_problem(fact: Fact, grade: Grade, ruleset: str | None) -> str | None:
    """Why this grade cannot be the fact's value (None when it can): a levels fact needs
    the same level names in the same order; a number fact needs numbered levels within
    its range; a yes/no fact comes from nowhere."""
    of = _("grade '{grade}' of '{ruleset}'", grade=grade.name, ruleset=ruleset) if ruleset \
        else _("grade '{grade}'", grade=grade.name)
    names = [level.name for level in grade.levels]
    if fact.kind == "yesno":
        return kind_problem(fact.kind, "grade")
    if fact.kind == "levels":
        if tuple(names) == fact.levels:
            return None
        return _("fact '{fact}' comes from {source}, whose levels are {levels}; the fact "
                 "lists {listed} (list the same levels, lowest first)", fact=fact.name,
                 source=of, levels=", ".join(names), listed=", ".join(fact.levels))
    for level in grade.levels:
        if level.number is None:
            return _("fact '{fact}' is a number, so the levels of {source} must be numbered; "
                     "'{level}' is not", fact=fact.name, source=of, level=level.name)
        side = _inside(fact, level.number)
        if side is not None:
            return _(_LEVEL_OUTSIDE[side], fact=fact.name, source=of, level=level.name,
                     range=range_text(fact))
    return None


def quantity_problem(fact: Fact, ruleset: Ruleset, quantity: str, name: str) -> str | None:
    """Why the score or share of node (or view, or `total`) `name` of `ruleset` cannot be
    the fact's value (None when it can): only a number fact whose range holds 0..maximum
    (0..1 for a share) takes one."""
    problem = kind_problem(fact.kind, quantity)
    if problem is not None:
        return problem
    node = ruleset.nodes.get(name) or ruleset.views_by_name.get(name)
    if node is None:
        hint = did_you_mean(name, [*ruleset.nodes, *ruleset.views_by_name])
        return _("'{ruleset}' has no node or view '{name}'", ruleset=ruleset.id, name=name) \
            + (f". {hint}" if hint else "")
    top = node.maximum if quantity == "score" else Fraction(1)
    for value in (top, Fraction(0)):
        side = _inside(fact, value)
        if side is not None:
            return _(_TAKES_OUTSIDE[bool(value), side], fact=fact.name, quantity=quantity,
                     name=name, ruleset=ruleset.id, value=exact_text(value),
                     range=range_text(fact))
    return None


def source_problem(fact: Fact, ruleset: Ruleset, source: FactSource) -> str | None:
    """Why `source` in `ruleset` cannot be the fact's value, or None."""
    if source.quantity != "grade":
        return quantity_problem(fact, ruleset, source.quantity, source.name)
    grade = ruleset.grades_by_name.get(source.name)
    if grade is None:
        hint = did_you_mean(source.name, ruleset.grades_by_name)
        return _("'{ruleset}' has no grade '{name}'", ruleset=ruleset.id, name=source.name) \
            + (f". {hint}" if hint else "")
    return grade_problem(fact, grade, ruleset.id)


def matching_grades(fact: Fact, grades: Iterable[Grade]) -> list[Grade]:
    """The grades that can be the value of a fact that does not say where it comes from."""
    return [g for g in grades if grade_problem(fact, g, None) is None]
