"""What the heuristic gap search aims at: every score condition of a target, any shape
('or', 'not', <, <=, ==, !=), and how far a scored unit is from meeting them all.

The distance of a unit is 0 exactly when every condition is met; otherwise it adds, for
each comparison in the way, how far its score is from the threshold (as a share of the
score's maximum) plus a tiny step (so a strict threshold, or ==, also counts). 'and'
adds its parts' distances, 'or' takes the least, 'not' measures the opposite comparison.
Facts never change: one that fails where it is needed counts as BLOCKED. Conditions on
facts alone, needed by the target as a whole, are not aimed at: they are reported
(conditions.fact_blockings), as in the exact search.
"""

from __future__ import annotations

from fractions import Fraction

from zona import model as m
from zona.analysis.gap.conditions import reads_scores, top_conditions
from zona.errors import ZonaError
from zona.model.expr import compare
from zona.scoring.result import ConditionResult, Result

ZERO = Fraction(0)
STEP = Fraction(1, 10**9)  # what a failing comparison adds beyond its distance
BLOCKED = Fraction(10**6)  # a fact that fails where it is needed
OPPOSITE = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}


class Goal:
    """The score conditions predicate `target` needs, read on any scored unit."""

    def __init__(self, result: Result, target: str) -> None:
        self.ruleset = result.ruleset
        self.target = target
        self.facts: dict[int, bool | None] = {}  # a fact comparison's verdict, by id
        for predicate in result.predicates.values():
            for found in predicate.conditions:
                self._read_facts(found)
        self.top = [c for c, _ in top_conditions(result, target) if reads_scores(c)]

    def _read_facts(self, found: ConditionResult) -> None:
        condition = found.condition
        if isinstance(condition, m.Compare) and condition.quantity == "fact":
            self.facts[id(condition)] = found.passed
        for part in found.parts:
            self._read_facts(part)

    def met(self, result: Result) -> bool:
        """Every score condition passes in `result`, by scoring's own verdicts."""
        return all(found.passed is True for condition, found
                   in top_conditions(result, self.target) if reads_scores(condition))

    def failing(self, result: Result) -> list[str]:
        """The score conditions that do not pass in `result`."""
        return [condition.text for condition, found in top_conditions(result, self.target)
                if reads_scores(condition) and found.passed is not True]

    def distance(self, result: Result) -> Fraction:
        """How far `result` is from meeting every score condition (0: all met)."""
        return sum((self._distance(c, True, result) for c in self.top), ZERO)

    def _distance(self, condition: m.Condition, want: bool, result: Result) -> Fraction:
        """How far `condition` is from being `want` (True, or False under a 'not')."""
        if isinstance(condition, m.Compare):
            if condition.quantity == "fact":
                return ZERO if self.facts.get(id(condition)) is want else BLOCKED
            if condition.quantity not in ("score", "share"):
                raise ZonaError(f"gap analysis cannot aim at '{condition.text}' yet: it "
                                f"compares a {condition.quantity}, not a score")
            assert isinstance(condition.threshold, Fraction)
            return self._compare(condition.subject, condition.quantity, condition.op,
                                 condition.threshold, want, result)
        if isinstance(condition, m.Every):
            members = getattr(condition, "members", ()) or self._members(condition.group)
            parts = [self._compare(s, condition.quantity, condition.op, condition.threshold,
                                   want, result) for s in members]
            return _join(parts, want)
        if isinstance(condition, m.NoneOf):
            return self._distance(condition.part, not want, result)
        if isinstance(condition, m.AllOf | m.AnyOf):
            parts = [self._distance(p, want, result) for p in condition.parts]
            return _join(parts, want == isinstance(condition, m.AllOf))
        assert isinstance(condition, m.PredicateRef)
        inner = self.ruleset.predicates_by_name[condition.name].conditions
        return _join([self._distance(p, want, result) for p in inner], want)

    def _compare(self, subject: str, quantity: str, op: str, threshold: Fraction,
                 want: bool, result: Result) -> Fraction:
        found = result[subject]
        actual = found.share if quantity == "share" else found.score
        scale = Fraction(1) if quantity == "share" else found.maximum or Fraction(1)
        op = op if want else OPPOSITE[op]
        if compare(op, actual, threshold):
            return ZERO
        if op in (">=", ">"):
            return (threshold - actual) / scale + STEP
        if op in ("<=", "<"):
            return (actual - threshold) / scale + STEP
        return (abs(actual - threshold) / scale if op == "==" else ZERO) + STEP

    def _members(self, group: str) -> list[str]:
        view = self.ruleset.views_by_name.get(group)
        children = view.children if view is not None else self.ruleset.node(group).children
        return [c.name for c in children]


def _join(parts: list[Fraction], every: bool) -> Fraction:
    """All parts needed (their sum), or any one enough (the least; none: BLOCKED)."""
    if every:
        return sum(parts, ZERO)
    return min(parts, default=BLOCKED)


__all__ = ["Goal"]
