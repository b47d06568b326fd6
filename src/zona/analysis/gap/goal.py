"""What the heuristic gap search aims at: every score condition of a target, any shape
('or', 'not', <, <=, ==, !=, grades and their levels), and how far a scored unit is from
meeting them all.

The distance of a unit is 0 exactly when every condition is met; otherwise it adds, for
each comparison in the way, how far its score is from the threshold (as a share of the
score's maximum) plus a tiny step (so a strict threshold, or ==, also counts); a band adds
how far the grade's value is below the band's low end (as a share of that end). 'and'
adds its parts' distances, 'or' takes the least, 'not' measures the opposite. Facts never
change: one that fails where it is needed counts as BLOCKED. Conditions on facts alone,
needed by the target as a whole, are not aimed at: they are reported
(conditions.fact_blockings), as in the exact search.
"""

from __future__ import annotations

from fractions import Fraction

from zona.analysis.gap.targets import Target, parse_target
from zona.analysis.gap.tree import (
    And,
    Band,
    Node,
    Not,
    Or,
    measure,
    members,
    reads_scores,
    target_tree,
    top_items,
    verdict,
)
from zona.model import Compare
from zona.model.expr import compare
from zona.scoring.result import Result

ZERO = Fraction(0)
ONE = Fraction(1)
STEP = Fraction(1, 10**9)  # what a failing comparison adds beyond its distance
BLOCKED = Fraction(10**6)  # a fact that fails where it is needed
OPPOSITE = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}


class Goal:
    """The score conditions a target needs, read on any scored unit."""

    def __init__(self, result: Result, target: str | Target) -> None:
        self.ruleset = result.ruleset
        self.target = parse_target(self.ruleset, target)
        self.original = result  # facts and what applies never change
        self.top = [item for item in top_items(target_tree(self.ruleset, self.target))
                    if reads_scores(item)]
        self.facts: dict[int, bool | None] = {}  # a fact comparison's verdict, by id

    def met(self, result: Result) -> bool:
        """Every score condition passes in `result`."""
        return all(verdict(item, result) is True for item in self.top)

    def failing(self, result: Result) -> list[str]:
        """The score conditions that do not pass in `result`."""
        return [item.text for item in self.top if verdict(item, result) is not True]

    def distance(self, result: Result) -> Fraction:
        """How far `result` is from meeting every score condition (0: all met)."""
        return sum((self._distance(item, True, result) for item in self.top), ZERO)

    def _distance(self, node: Node, want: bool, result: Result) -> Fraction:
        """How far `node` is from being `want` (True, or False under a 'not')."""
        if isinstance(node, Not):
            return self._distance(node.part, not want, result)
        if isinstance(node, And | Or):
            parts = [self._distance(p, want, result) for p in node.parts]
            return _join(parts, want == isinstance(node, And))
        if isinstance(node, Band):
            return self._band(node, want, result)
        if isinstance(node, Compare):
            if node.quantity == "fact":
                found = self.facts.get(id(node), self)
                if found is self:
                    found = self.facts[id(node)] = verdict(node, self.original)
                return ZERO if found is want else BLOCKED
            assert isinstance(node.threshold, Fraction)
            return self._compare(node.subject, node.quantity, node.op, node.threshold, want,
                                 result)
        parts = [self._compare(s, node.quantity, node.op, node.threshold, want, result)
                 for s in members(self.ruleset, node, self.original)]
        return _join(parts, want)

    def _compare(self, subject: str, quantity: str, op: str, threshold: Fraction,
                 want: bool, result: Result) -> Fraction:
        actual = measure(result, subject, quantity)
        scale = ONE if quantity == "share" else result[subject].maximum or ONE
        return _apart(actual, op if want else OPPOSITE[op], threshold, scale)

    def _band(self, node: Band, want: bool, result: Result) -> Fraction:
        value = result.grades[node.grade].value
        if value is None:
            return ONE + STEP  # the value is not answered yet
        low = node.band.low
        assert low is not None
        op = ">" if node.band.low_open else ">="
        return _apart(value, op if want else OPPOSITE[op], low, max(abs(low), ONE))


def _apart(actual: Fraction, op: str, threshold: Fraction, scale: Fraction) -> Fraction:
    """How far `actual op threshold` is from holding, as a share of `scale`."""
    if compare(op, actual, threshold):
        return ZERO
    if op in (">=", ">"):
        return (threshold - actual) / scale + STEP
    if op in ("<=", "<"):
        return (actual - threshold) / scale + STEP
    return (abs(actual - threshold) / scale if op == "==" else ZERO) + STEP


def _join(parts: list[Fraction], every: bool) -> Fraction:
    """All parts needed (their sum), or any one enough (the least; none: BLOCKED)."""
    if every:
        return sum(parts, ZERO)
    return min(parts, default=BLOCKED)


__all__ = ["Goal"]
