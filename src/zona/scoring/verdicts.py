"""Predicate verdicts of one unit, decided exactly in integers on the unit's score pairs
(zona.scoring.numbers), without building the ConditionResults that explain them.

A comparison `a op t` of a score a = n/d with a threshold t = tn/td (d, td > 0) holds
exactly when `n * td op tn * d` does. The ConditionResults of zona.scoring.build take
their verdicts from here, so there is one definition of every comparison.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import TYPE_CHECKING

from zona import model as m
from zona.scoring.grades import Grades
from zona.scoring.numbers import Pair, State

if TYPE_CHECKING:
    from zona.scoring.plan import Plan

_OPERATORS: dict[str, Callable[[int, int], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}

FactVerdict = Callable[[m.Compare, "m.FactValue | None"], "bool | None"]


class Verdicts:
    """The verdict of every predicate and condition of one unit, each decided once."""

    def __init__(self, plan: Plan, state: State, facts: dict[str, m.FactValue],
                 fact_verdict: FactVerdict) -> None:
        self.ruleset = plan.ruleset
        self.nodes = plan.ruleset.nodes
        self.predicates = plan.predicates
        self.comparisons = plan.comparisons
        self.points = state.points
        self.na = state.na
        self.facts = facts
        self.fact_verdict = fact_verdict
        self.views: dict[str, Pair] = {}
        self.decided: dict[str, bool | None] = {}
        self.grades = Grades(plan, state, self.condition, facts)  # zona.scoring.grades

    def predicate(self, predicate: m.Predicate) -> bool | None:
        name = predicate.name
        if name not in self.decided:
            self.decided[name] = None  # predicates do not refer to each other in a cycle
            self.decided[name] = all_of(map(self.condition, predicate.conditions))
        return self.decided[name]

    def condition(self, condition: m.Condition) -> bool | None:
        if isinstance(condition, m.Compare):
            if condition.quantity == "fact":
                return self.fact_verdict(condition, self.facts.get(condition.subject))
            if condition.quantity == "grade":
                return self.grades.compare(condition)
            return self.holds(self.comparisons_of(condition)[0])
        if isinstance(condition, m.Every):  # what does not apply is not compared
            comparisons = self.comparisons_of(condition)
            if self.na:
                comparisons = tuple(c for c in comparisons if c[0] not in self.na)
            return all_of(map(self.holds, comparisons))
        if isinstance(condition, m.AllOf):
            return all_of(map(self.condition, condition.parts))
        if isinstance(condition, m.AnyOf):
            return any_of(map(self.condition, condition.parts))
        if isinstance(condition, m.NoneOf):
            found = self.condition(condition.part)
            return None if found is None else not found
        return self.predicate(self.predicates[condition.name])

    def comparisons_of(self, condition: m.Compare | m.Every) -> tuple[Comparison, ...]:
        """What a comparison compares (an `every` condition: each child of its group), each
        with its operator and threshold; worked out once per ruleset."""
        found = self.comparisons.get(id(condition))
        if found is None:  # the ruleset keeps its conditions alive: their ids are theirs
            subjects = [condition.subject] if isinstance(condition, m.Compare) \
                else list(condition.members) or self.members(condition.group)
            found = self.comparisons[id(condition)] = tuple(
                comparison(condition, subject, self.maximum(subject)) for subject in subjects)
        return found

    def holds(self, comparison: Comparison) -> bool:
        """One comparison of a node's or view's score (or share) with its threshold."""
        subject, test, bar_n, bar_d = comparison
        if test is None:
            return bool(bar_n)
        n, d = self.pair(subject)
        return test(n * bar_d, bar_n * d)

    def members(self, group: str) -> list[str]:
        """The names an `every child of` condition compares: a view's or a node's children."""
        view = self.ruleset.views_by_name.get(group)
        children = view.children if view is not None else self.nodes[group].children
        return [c.name for c in children]

    def pair(self, subject: str) -> Pair:
        """A node's score (0 when unanswered) or a view's (the sum of its parts)."""
        if subject in self.nodes:
            return self.points[subject] or (0, 1)
        found = self.views.get(subject)
        if found is None:
            view = self.ruleset.views_by_name[subject]
            found = add((*map(self.pair, view.parts), *(self.pair(c.name) for c in view.children)))
            self.views[subject] = found
        return found

    def maximum(self, subject: str) -> Fraction:
        node = self.nodes.get(subject)
        return node.maximum if node is not None else self.ruleset.views_by_name[subject].maximum


Comparison = tuple[str, "Callable[[int, int], bool] | None", int, int]


def comparison(condition: m.Compare | m.Every, subject: str, maximum: Fraction) -> Comparison:
    """A comparison as its subject, its operator and its threshold in points as numerator
    and denominator: a share s/maximum compares with t as the score s with t x maximum.
    With a maximum of 0 the share is 0 and the verdict is known: (subject, None, verdict, 1).
    """
    threshold = condition.threshold
    assert isinstance(threshold, Fraction)
    test = _OPERATORS[condition.op]
    if condition.quantity == "share":
        if not maximum:
            return subject, None, int(test(0, threshold.numerator)), 1
        threshold *= maximum
    return subject, test, threshold.numerator, threshold.denominator


def add(parts: Iterable[Pair]) -> Pair:
    """The exact sum of pairs, as a pair."""
    total_n, total_d = 0, 1
    for pn, pd in parts:
        if pd == total_d:
            total_n += pn
        else:
            total_n, total_d = total_n * pd + pn * total_d, total_d * pd
    return total_n, total_d


def all_of(verdicts: Iterable[bool | None]) -> bool | None:
    """False if any is False, else None if any is undecided, else True."""
    found = list(verdicts)
    if False in found:
        return False
    return None if None in found else True


def any_of(verdicts: Iterable[bool | None]) -> bool | None:
    """True if any is True, else None if any is undecided, else False."""
    found = list(verdicts)
    if True in found:
        return True
    return None if None in found else False
