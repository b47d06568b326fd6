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
from zona.scoring import fact_condition
from zona.scoring.result import ConditionResult, PredicateResult

FALSE, UNKNOWN, TRUE = 0, 1, 2
_TWO = np.int8(TRUE)
_EXACT: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}
_COMPARE: dict[str, Any] = {
    "==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
    ">": np.greater, ">=": np.greater_equal}


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
        self._leaves: list[tuple[Leaf, float | None, float, float, Any]] | None = None
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
                            for child in condition.members or self.group(condition.group)])
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
        for leaf, bar, bar_error, reach, compare in self._compared():
            row = verdicts[leaf.index, start:stop]
            if bar is None:  # a share of a maximum of 0 is 0
                row.fill(self.decide(leaf, Fraction(0)))
                continue
            value = env.score(leaf.subject)
            assert env.scratch is not None
            spare, flag = env.scratch.spare[:env.n], env.scratch.flag[:env.n]
            np.multiply(compare(value, bar, out=flag), _TWO, out=row)
            margin = env.bound[leaf.subject] + bar_error
            if margin > 0:  # rows this close to the threshold: the exact path decides
                np.abs(np.subtract(value, bar, out=spare), out=spare)
                doubt = np.flatnonzero(np.less_equal(spare, 2 * (margin + reach), out=flag))
                if len(doubt):
                    unsure[leaf.index] = doubt + start
        return unsure

    def _compared(self) -> list[tuple[Leaf, float | None, float, float, Any]]:
        """The score and share leaves: threshold in points as a float, its error, a bound
        on one rounding near it, and the comparison."""
        if self._leaves is None:
            self._leaves = []
            for leaf in self.leaves:
                if leaf.kind not in ("score", "share"):
                    continue
                threshold = self.threshold(leaf)
                if threshold is None:
                    self._leaves.append((leaf, None, 0.0, 0.0, None))
                    continue
                bar, top = float(threshold), float(self.maximum(leaf.subject))
                self._leaves.append((leaf, bar, error_bound(bar, threshold),
                                     U * (abs(top) + abs(bar)), _COMPARE[_op(leaf)]))
        return self._leaves

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
        return TRUE if _EXACT[_op(leaf)](points, threshold) else FALSE

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

    def needed(self, verdicts: Array, doubtful: Mapping[int, Array]) -> dict[int, Array]:
        """Of the rows where a comparison is in doubt, those where its predicate's verdict
        depends on it: taken as unknown, the predicate (three-valued logic) stays unknown.
        Elsewhere another condition settles the predicate whatever the comparison gives."""
        if not doubtful:
            return {}
        rows = np.unique(np.concatenate(list(doubtful.values())))
        trial = verdicts[:, rows]  # a copy: the doubtful leaves made unknown there
        for index, found in doubtful.items():
            trial[index, np.searchsorted(rows, found)] = UNKNOWN
        open_ = {name: found == UNKNOWN for name, found in self.combine(trial).items()}
        kept = {index: found[open_[self.leaves[index].predicate][np.searchsorted(rows, found)]]
                for index, found in doubtful.items()}
        return {index: found for index, found in kept.items() if len(found)}

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
    pick = np.minimum if how == "all" else np.maximum
    found = _combine(inner[0], verdicts)
    if len(inner) > 1:
        found = found.copy()  # not a view of a leaf's row: combined in place
        for tree in inner[1:]:
            pick(found, _combine(tree, verdicts), out=found)
    return found


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
