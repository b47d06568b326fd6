"""Predicates and grades over many rows: each comparison is a leaf with a verdict per row,
decided in float64 where the float is farther from the threshold than its error bound and
by the exact path otherwise; require lines combine leaves by three-valued logic, and a
grade's levels combine their band's leaf and their `when` (zona.batch.grades).

Verdicts are int8: FALSE 0, UNKNOWN 1 (a fact is not known), TRUE 2, so that `and` is
the minimum, `or` the maximum and `not` is 2 - x, as in the exact path's Kleene logic
(zona.batch.logic combines them).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch import denominators
from zona.batch import grades as g
from zona.batch.columns import Array
from zona.batch.env import Env
from zona.batch.inputs import U, error_bound
from zona.batch.logic import FALSE, TRUE, UNKNOWN, Tree, combine_tree
from zona.model import expr as e
from zona.scoring import fact_condition
from zona.scoring.grade_result import GradeResult
from zona.scoring.result import ConditionResult, PredicateResult

_NONE = np.zeros(0, dtype=np.intp)
_EXACT: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}
_COMPARE: dict[str, Any] = {
    "==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
    ">": np.greater, ">=": np.greater_equal}


@attrs.frozen
class Leaf:
    """One comparison of one predicate (or grade: `predicate` names its owner): `text` is
    the require line (for `every child of`, the line, with `subject` naming the child),
    `kind` 'score', 'share', 'fact', 'predicate' (another predicate's verdict), 'grade' (a
    grade's level compared) or 'band' (whether the value of grade `subject` reaches the
    band of its level `level`; `condition` is None)."""

    index: int
    predicate: str
    text: str
    kind: str
    subject: str
    condition: m.Condition | None = attrs.field(eq=False, repr=False)
    level: int = 0

    @property
    def label(self) -> str:
        """The condition as shown to a reader: the line, and the child for `every`."""
        if isinstance(self.condition, m.Every):
            return f"{self.text} [{self.subject}]"
        return self.text


class Predicates:
    """Every predicate's leaves and how they combine."""

    def __init__(self, ruleset: m.Ruleset) -> None:
        self.ruleset = ruleset
        self.leaves: list[Leaf] = []
        self.trees: dict[str, Tree] = {}
        self.grades: dict[str, g.Levels] = {}
        #: predicates and grades, each after those it reads (the compiler rules out cycles)
        self.order: list[tuple[str, str]] = []
        self._leaves: list[tuple[Leaf, float | None, float, float, Any]] | None = None
        self._bands: list[tuple[Leaf, float | None, float, Any]] | None = None
        by_name = ruleset.predicates_by_name
        for predicate in ruleset.predicates:
            self._predicate(predicate.name, by_name)
        for grade in ruleset.grades:
            self._grade(grade.name, by_name)
        self.refs: dict[str, list[Leaf]] = {}  # by owner: its predicate and grade leaves
        for leaf in self.leaves:
            if leaf.kind in ("predicate", "grade"):
                self.refs.setdefault(leaf.predicate, []).append(leaf)

    def _predicate(self, name: str, by_name: Mapping[str, m.Predicate]) -> None:
        if name in self.trees:
            return
        self.trees[name] = ("all", [])
        predicate = by_name[name]
        tree = ("all", [self._tree(name, c, by_name) for c in predicate.conditions])
        self.trees[name] = tree
        self.order.append(("predicate", name))

    def _grade(self, name: str, by_name: Mapping[str, m.Predicate]) -> None:
        if name in self.grades or name in self.trees:
            return
        self.trees[name] = ("all", [])  # (a grade and a predicate never share a name)
        grade = self.ruleset.grades_by_name[name]
        bands: list[int | None] = [None]
        whens: list[Tree | None] = [None]
        for index, level in enumerate(grade.levels[1:], start=1):
            band = None
            if level.band is not None:
                self.leaves.append(Leaf(len(self.leaves), name, f"{name}: {level.name} "
                                        f"{level.band.text}", "band", name, None, index))
                band = len(self.leaves) - 1
            bands.append(band)
            whens.append(None if level.when is None else self._tree(name, level.when, by_name))
        self.grades[name] = g.Levels(grade, tuple(bands), tuple(whens))
        self.order.append(("grade", name))

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
        if condition.quantity == "grade":
            self._grade(condition.subject, by_name)
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
        """Write the score and band leaves' verdicts for a chunk; the rows each leaf is
        unsure of."""
        unsure: dict[int, Array] = {}
        stop = start + env.n
        for leaf, bar, bar_error, reach, compare in self._compared():
            row = verdicts[leaf.index, start:stop]
            if bar is None:  # a share of a maximum of 0 is 0
                row.fill(self.decide(leaf, Fraction(0)))
                continue
            value = env.score(leaf.subject)
            assert env.scratch is not None
            flag, near = env.scratch.flag[:env.n], env.scratch.near[:env.n]
            passed = compare(value, bar, out=flag).view(np.int8)
            np.add(passed, passed, out=row)  # 2 (TRUE) or 0 (FALSE)
            margin = env.bound[leaf.subject] + bar_error
            skipped = env.na.get(leaf.subject, False) \
                if isinstance(leaf.condition, m.Every) else False
            if skipped is not False:  # `every` skips what does not apply
                np.copyto(row, TRUE, where=np.asarray(skipped) | np.zeros(env.n, bool))
            if margin > 0:  # rows this close to the threshold: the exact path decides
                # |value - bar| <= 2 (margin + reach), with the interval's ends rounded
                # outwards by less than reach (U x |bar|)
                width = 2 * (margin + reach)
                close = np.greater_equal(value, bar - width, out=flag)
                close &= np.less_equal(value, bar + width, out=near)
                if skipped is not False:
                    close &= ~np.asarray(skipped)
                doubt = np.flatnonzero(close) if np.count_nonzero(close) else _NONE
                if len(doubt):
                    kind = "node" if leaf.subject in self.ruleset.nodes else "view"
                    doubt = _settle(row, doubt, value, env.bound[leaf.subject],
                                    env.denominator(e.Var(leaf.subject, kind), doubt),
                                    _op(leaf), self.threshold(leaf))
                if len(doubt):
                    unsure[leaf.index] = doubt + start
        for leaf, bar, bar_error, compare in self._banded():
            row = verdicts[leaf.index, start:stop]
            value, error, answered = env.grades[leaf.subject]
            if bar is None:  # a band without a low end: reached whenever there is a value
                row[:] = np.where(answered, TRUE, UNKNOWN)
                continue
            row[:] = np.where(compare(value, bar), TRUE, FALSE)
            if answered is False:
                row.fill(UNKNOWN)
                continue
            if answered is not True:
                row[~answered] = UNKNOWN
            margin = error + bar_error
            if isinstance(margin, float) and margin == 0:
                continue
            close = np.abs(value - bar) <= 2 * (margin + U * (np.abs(value) + abs(bar)))
            doubt = np.flatnonzero(close & answered)
            if len(doubt):
                level = self.grades[leaf.subject].grade.levels[leaf.level]
                assert level.band is not None and level.band.low is not None
                grade_value = self.grades[leaf.subject].grade.value
                assert grade_value is not None
                doubt = _settle(row, doubt, value, error, env.denominator(grade_value, doubt),
                                ">" if level.band.low_open else ">=", level.band.low)
            if len(doubt):
                unsure[leaf.index] = doubt + start
        return unsure

    def _banded(self) -> list[tuple[Leaf, float | None, float, Any]]:
        """The band leaves: the low end of the level's band as a float and that float's
        error, and the comparison (`>` for an open end)."""
        if self._bands is None:
            self._bands = []
            for leaf in self.leaves:
                if leaf.kind != "band":
                    continue
                level = self.ruleset.grades_by_name[leaf.subject].levels[leaf.level]
                assert level.band is not None
                low = level.band.low
                if low is None:
                    self._bands.append((leaf, None, 0.0, None))
                    continue
                self._bands.append((leaf, float(low), error_bound(float(low), low),
                                    _COMPARE[">" if level.band.low_open else ">="]))
        return self._bands

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

    def combine(self, verdicts: Array, answered: Mapping[str, Array] | None = None,
                constants: Mapping[int, int] | None = None
                ) -> tuple[dict[str, Array], dict[str, g.Decided]]:
        """Each predicate's verdict and each grade per row, from the leaves' (predicate and
        grade leaves filled in as they are decided). `answered`: where the value each grade
        by bands reads is answered; `constants`: the leaves with one verdict on every row
        (their rows of `verdicts` are not read)."""
        found: dict[str, Array] = {}
        decided: dict[str, g.Decided] = {}
        rows = verdicts.shape[1]

        def combine(tree: Tree, verdicts: Array) -> Array | int:
            return combine_tree(tree, verdicts, constants or {})

        for kind, name in self.order:
            for leaf in self.refs.get(name, ()):
                if leaf.kind == "predicate":
                    verdicts[leaf.index] = found[leaf.subject]
                else:
                    assert isinstance(leaf.condition, m.Compare)
                    verdicts[leaf.index] = g.compared(self.grades[leaf.subject].grade,
                                                      leaf.condition, decided[leaf.subject])
            if kind == "predicate":
                verdict = combine(self.trees[name], verdicts)
                found[name] = np.full(rows, verdict, dtype=np.int8) \
                    if isinstance(verdict, int) else verdict
            else:
                decided[name] = g.decide(self.grades[name], verdicts, combine,
                                         None if answered is None else answered.get(name))
        return found, decided

    def needed(self, verdicts: Array, doubtful: Mapping[int, Array],
               answered: Mapping[str, Array],
               constants: Mapping[int, int] | None = None) -> dict[int, Array]:
        """Of the rows where a comparison is in doubt, those where its predicate's verdict
        (or its grade) depends on it: taken as unknown, the predicate (three-valued logic)
        stays unknown, or the grade undecided. Elsewhere other conditions settle it
        whatever the comparison gives."""
        if not doubtful:
            return {}
        rows = np.unique(np.concatenate(list(doubtful.values())))
        # a copy of the rows' verdicts, the doubtful leaves then made unknown there: of
        # the leaves that combine() reads (not the constants, nor the predicate and grade
        # leaves, which it writes first)
        read = np.array([leaf.index for leaf in self.leaves if leaf.index not in
                         (constants or {}) and leaf.kind not in ("predicate", "grade")],
                        dtype=np.intp)
        trial = np.empty((len(self.leaves), len(rows)), dtype=verdicts.dtype)
        trial[read] = verdicts[np.ix_(read, rows)]
        for index, found in doubtful.items():
            trial[index, np.searchsorted(rows, found)] = UNKNOWN
        predicates, grades = self.combine(trial, {k: v[rows] for k, v in answered.items()},
                                          constants)
        open_ = {name: found == UNKNOWN for name, found in predicates.items()}
        open_.update((name, found.level == g.UNDECIDED) for name, found in grades.items())
        kept = {index: found[open_[self.leaves[index].predicate][np.searchsorted(rows, found)]]
                for index, found in doubtful.items()}
        return {index: found for index, found in kept.items() if len(found)}

    def from_result(self, predicates: Mapping[str, PredicateResult],
                    grades: Mapping[str, GradeResult]) -> dict[int, int]:
        """Every leaf's verdict read from an exact Result's predicates and grades."""
        found: dict[int, int] = {}
        for kind, name in self.order:
            if kind == "predicate":
                tree = self.trees[name]
                for part, result in zip(tree[1], predicates[name].conditions, strict=True):
                    _read(part, result, found, self.leaves)
                continue
            levels, decided = self.grades[name], grades[name].levels
            for index, level in enumerate(levels.grade.levels):
                band, when = levels.bands[index], levels.whens[index]
                if band is not None:
                    found[band] = _code(decided[level.name].reached)
                if when is not None:
                    _read(when, decided[level.name].conditions[0], found, self.leaves)
        return found


def _settle(row: Array, doubt: Array, value: Array, error: Any, bound: Any, op: str,
            threshold: Fraction | None) -> Array:
    """Decide the rows in doubt whose exact value the float determines (a multiple of
    1 / bound: zona.batch.denominators) exactly, writing their verdicts; the rows still in
    doubt."""
    if bound is None or threshold is None:
        return doubt
    errors = error if isinstance(error, float) else np.asarray(error)[doubt]
    snapped = denominators.snap(value[doubt], errors, bound)
    if snapped is None:
        return doubt
    numerators, sure = snapped
    found, small = denominators.compare(numerators, bound, op, threshold)
    settled = sure & small
    row[doubt[settled]] = np.where(found[settled], TRUE, FALSE)
    left: Array = doubt[~settled]
    return left


def _op(leaf: Leaf) -> str:
    return getattr(leaf.condition, "op", ">=")


def _code(passed: bool | None) -> int:
    return UNKNOWN if passed is None else (TRUE if passed else FALSE)


def _read(tree: Tree, result: ConditionResult, found: dict[int, int],
          leaves: list[Leaf]) -> None:
    """Walk a tree beside the ConditionResult it mirrors, collecting leaf verdicts; an
    `every` condition's parts are matched by subject (what does not apply is skipped)."""
    how, inner = tree
    if how == "leaf":
        found[inner] = _code(result.passed)
    elif how == "not":
        _read(inner, result.parts[0], found, leaves)
    elif isinstance(result.condition, m.Every):
        parts = {part.subject: part for part in result.parts}
        for leaf in inner:
            part = parts.get(leaves[leaf[1]].subject)
            found[leaf[1]] = TRUE if part is None else _code(part.passed)
    else:
        for part, found_part in zip(inner, result.parts, strict=True):
            _read(part, found_part, found, leaves)
