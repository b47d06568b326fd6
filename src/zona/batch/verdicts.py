"""Predicates over many rows: each comparison is a leaf with a verdict per row, decided
in float64 where the float is farther from the threshold than its error bound and by
the exact path otherwise; require lines combine leaves by three-valued logic.

Verdicts are int8: FALSE 0, UNKNOWN 1 (a fact is not known), TRUE 2, so that `and` is
the minimum, `or` the maximum and `not` is 2 - x, as in the exact path's Kleene logic.
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
from zona.batch.inputs import U, error_bound
from zona.batch.vector import Env
from zona.result import ConditionResult, PredicateResult
from zona.scoring import fact_condition

FALSE, UNKNOWN, TRUE = 0, 1, 2
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}


@attrs.frozen
class Leaf:
    """One comparison of one predicate: `text` is the require line (for `every child of`,
    the line, with `subject` naming the child), `kind` 'score', 'share', 'fact' or
    'predicate' (another predicate's verdict)."""

    index: int
    predicate: str
    text: str
    kind: str
    subject: str
    condition: m.Condition = attrs.field(eq=False, repr=False)

    @property
    def label(self) -> str:
        """The condition as shown to a reader: the line, and the child for `every`."""
        if isinstance(self.condition, m.Every):
            return f"{self.text} [{self.subject}]"
        return self.text


Tree = tuple[str, Any]  # ("all"|"any", [trees]), ("not", tree), ("leaf", index)


class Predicates:
    """Every predicate's leaves and how they combine."""

    def __init__(self, ruleset: m.Ruleset) -> None:
        self.ruleset = ruleset
        self.leaves: list[Leaf] = []
        self.trees: dict[str, Tree] = {}
        self.order: list[str] = []
        by_name = ruleset.predicates_by_name
        for predicate in ruleset.predicates:
            self._predicate(predicate.name, by_name)

    def _predicate(self, name: str, by_name: Mapping[str, m.Predicate]) -> None:
        if name in self.trees:
            return
        self.trees[name] = ("all", [])  # predicates have no cycles (the compiler checks)
        predicate = by_name[name]
        tree = ("all", [self._tree(name, c, by_name) for c in predicate.conditions])
        self.trees[name] = tree
        self.order.append(name)

    def _tree(self, owner: str, condition: m.Condition,
              by_name: Mapping[str, m.Predicate]) -> Tree:
        if isinstance(condition, m.AllOf | m.AnyOf):
            how = "all" if isinstance(condition, m.AllOf) else "any"
            return (how, [self._tree(owner, p, by_name) for p in condition.parts])
        if isinstance(condition, m.NoneOf):
            return ("not", self._tree(owner, condition.part, by_name))
        if isinstance(condition, m.PredicateRef):
            self._predicate(condition.name, by_name)
            return self._leaf(owner, condition, "predicate", condition.name)
        if isinstance(condition, m.Every):
            return ("all", [self._leaf(owner, condition, condition.quantity, child)
                            for child in self.group(condition.group)])
        return self._leaf(owner, condition, condition.quantity, condition.subject)

    def _leaf(self, owner: str, condition: m.Condition, kind: str, subject: str) -> Tree:
        text = condition.text
        self.leaves.append(Leaf(len(self.leaves), owner, text, kind, subject, condition))
        return ("leaf", len(self.leaves) - 1)

    def group(self, name: str) -> list[str]:
        """The children of a node, of `total`, or the member views of a view group."""
        views = self.ruleset.views_by_name
        if name in views:
            return [c.name for c in views[name].children]
        return [c.name for c in self.ruleset.node(name).children]

    def maximum(self, subject: str) -> Fraction:
        node = self.ruleset.nodes.get(subject)
        return node.maximum if node is not None else self.ruleset.views_by_name[subject].maximum

    # chunks

    def run(self, env: Env, verdicts: Array, start: int) -> dict[int, Array]:
        """Write the score leaves' verdicts for a chunk; the rows each leaf is unsure of."""
        unsure: dict[int, Array] = {}
        stop = start + env.n
        for leaf in self.leaves:
            if leaf.kind not in ("score", "share"):
                continue
            threshold = self.threshold(leaf)
            if threshold is None:  # a share of a maximum of 0 is 0
                verdict = self.decide(leaf, Fraction(0)) == TRUE
                verdicts[leaf.index, start:stop] = TRUE if verdict else FALSE
                continue
            value, bound = env.score[leaf.subject], env.bound[leaf.subject]
            bar = float(threshold)
            margin = bound + error_bound(bar, threshold)
            passed = _COMPARE[_op(leaf)](value, bar)
            verdicts[leaf.index, start:stop] = np.where(passed, TRUE, FALSE)
            if margin > 0:
                doubt = np.abs(value - bar) <= 2 * (margin + U * (np.abs(value) + abs(bar)))
                rows = np.flatnonzero(doubt)
                if len(rows):
                    unsure[leaf.index] = rows + start
        return unsure

    def threshold(self, leaf: Leaf) -> Fraction | None:
        """The leaf's threshold in score points (a share's, times the maximum)."""
        assert isinstance(leaf.condition, m.Compare | m.Every)
        threshold = leaf.condition.threshold
        assert isinstance(threshold, Fraction)
        if leaf.kind == "share":
            top = self.maximum(leaf.subject)
            return threshold * top if top else None
        return threshold

    def decide(self, leaf: Leaf, points: Fraction) -> int:
        """An exact verdict from the subject's exact score."""
        assert isinstance(leaf.condition, m.Compare | m.Every)
        threshold = leaf.condition.threshold
        if leaf.kind == "share":
            top = self.maximum(leaf.subject)
            points = points / top if top else Fraction(0)
        return TRUE if _COMPARE[_op(leaf)](points, threshold) else FALSE

    def fact_verdict(self, leaf: Leaf, value: m.FactValue | None) -> int:
        assert isinstance(leaf.condition, m.Compare)
        return _code(fact_condition(self.ruleset, leaf.condition, value).passed)

    # combining

    def combine(self, verdicts: Array) -> dict[str, Array]:
        """Each predicate's verdict per row, from the leaves' (predicate leaves filled in)."""
        found: dict[str, Array] = {}
        for name in self.order:
            for leaf in self.leaves:
                if leaf.kind == "predicate" and leaf.subject in found:
                    verdicts[leaf.index] = found[leaf.subject]
            found[name] = _combine(self.trees[name], verdicts)
        return found

    def from_result(self, predicates: Mapping[str, PredicateResult]) -> dict[int, int]:
        """Every leaf's verdict read from an exact Result's predicates."""
        found: dict[int, int] = {}
        for name in self.order:
            tree = self.trees[name]
            _read(tree, predicates[name].conditions, found, top=True)
        return found


def _op(leaf: Leaf) -> str:
    return getattr(leaf.condition, "op", ">=")


def _code(passed: bool | None) -> int:
    return UNKNOWN if passed is None else (TRUE if passed else FALSE)


def _combine(tree: Tree, verdicts: Array) -> Array:
    how, inner = tree
    if how == "leaf":
        return verdicts[inner]
    if how == "not":
        return TRUE - _combine(inner, verdicts)
    if not inner:
        return np.full(verdicts.shape[1], TRUE, dtype=np.int8)
    parts = [_combine(t, verdicts) for t in inner]
    pick = np.minimum if how == "all" else np.maximum
    return pick.reduce(parts) if len(parts) > 1 else parts[0]


def _read(tree: Tree, results: tuple[ConditionResult, ...] | ConditionResult,
          found: dict[int, int], top: bool = False) -> None:
    """Walk a tree beside the ConditionResults it mirrors, collecting leaf verdicts."""
    how, inner = tree
    if top:
        for part, result in zip(inner, results, strict=True):  # type: ignore[arg-type]
            _read(part, result, found)
        return
    assert isinstance(results, ConditionResult)
    if how == "leaf":
        found[inner] = _code(results.passed)
    elif how == "not":
        _read(inner, results.parts[0], found)
    else:
        for part, result in zip(inner, results.parts, strict=True):
            _read(part, result, found)
