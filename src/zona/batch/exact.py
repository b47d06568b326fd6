"""The exact path for the rows whose floats cannot be trusted to decide.

A row whose arithmetic is in doubt is scored whole by `zona.scoring.score`; a comparison
in doubt is decided from the exact score of its subject, computed by the exact path's
plan (`plan_of(ruleset).evaluate(values, only=...)`) from the row's own cells, once per
distinct combination of the cells the subject depends on.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from zona import model as m
from zona.batch.columns import Array
from zona.batch.inputs import InputData
from zona.batch.verdicts import Leaf, Predicates
from zona.errors import ZonaAnswerError, ZonaEvaluationError
from zona.model import expr as e
from zona.scoring import plan_of
from zona.scoring import score as exact_score

Problem = tuple[str | None, str]  # where (a column, an id, or None) and what


class Rechecks:
    """Exact results written over the float ones, row by row or leaf by leaf."""

    def __init__(self, ruleset: m.Ruleset, inputs: Mapping[str, InputData],
                 scores: Mapping[str, Array], verdicts: Array, answered: Mapping[str, Array] | None,
                 predicates: Predicates) -> None:
        self.ruleset, self.inputs, self.scores = ruleset, inputs, scores
        self.verdicts, self.answered, self.predicates = verdicts, answered, predicates
        self.plan = plan_of(ruleset)
        self.blank: dict[str, Fraction | None] = dict.fromkeys(ruleset.inputs_by_name)
        self.full: set[int] = set()  # rows scored whole
        self.checks = 0  # comparisons decided
        self.memo: dict[str, dict[tuple[object, ...], Fraction]] = {}
        self.closures: dict[str, tuple[set[str], tuple[str, ...]]] = {}

    def whole(self, row: int, facts: Mapping[str, object]) -> list[Problem]:
        """Score one row with the exact path and take all its results; its problems, if
        it has any (locations as the exact path gives them)."""
        answers = {name: data.column.raw(row) for name, data in self.inputs.items()
                   if data.column is not None}
        try:
            result = exact_score(self.ruleset, answers, facts)
        except ZonaEvaluationError as error:
            return [(None, error.message)]
        except ZonaAnswerError as error:
            return [(p.location, p.message) for p in error.problems]
        self.full.add(row)
        for name, scores in self.scores.items():
            found = result.nodes.get(name)
            scores[row] = float(found.score if found is not None else result.views[name].score)
        for index, verdict in self.predicates.from_result(result.predicates).items():
            self.verdicts[index, row] = verdict
        if self.answered is not None:
            for name, flags in self.answered.items():
                flags[row] = result.nodes[name].answered
        return []

    def leaf(self, leaf: Leaf, rows: Array) -> None:
        """Decide one comparison on some rows from exact scores of its subject. The exact
        score depends only on the cells of the inputs the subject needs, so the rows are
        grouped by those cells and each group is scored once."""
        names, needed = self._closure(leaf.subject)
        keys = np.stack([k for n in needed for k in self.inputs[n].keys(rows)], axis=1) \
            if needed else np.zeros((len(rows), 1), dtype=np.int64)
        first, groups = _groups(keys)
        distinct = keys[first]
        verdicts = np.empty(len(first), dtype=np.int8)
        points = np.empty(len(first))
        memo = self.memo.setdefault(leaf.subject, {})  # by the cells' keys
        columns = [self.inputs[n] for n in needed]
        for group, (row, key) in enumerate(zip(rows[first].tolist(), distinct.tolist(),
                                               strict=True)):
            cells = tuple(key)
            exact = memo.get(cells)
            if exact is None:
                values = dict(self.blank)
                for name, data in zip(needed, columns, strict=True):
                    values[name] = data.cell(row)
                state = self.plan.evaluate(values, only=names)
                exact = memo[cells] = self._score(state.known, leaf.subject)
            verdicts[group] = self.predicates.decide(leaf, exact)
            points[group] = float(exact)
        self.verdicts[leaf.index, rows] = verdicts[groups]
        if leaf.subject in self.scores:
            self.scores[leaf.subject][rows] = points[groups]
        self.checks += len(rows)

    def _score(self, known: Mapping[str, Fraction | None], subject: str) -> Fraction:
        """A node's exact score (0 when unanswered), or a view's: the sum of its parts."""
        if subject in self.ruleset.nodes:
            found = known[subject]
            return Fraction(0) if found is None else found
        view = self.ruleset.views_by_name[subject]
        return sum((self._score(known, p) for p in (*view.parts,
                                                    *(c.name for c in view.children))),
                   Fraction(0))

    def _closure(self, subject: str) -> tuple[set[str], tuple[str, ...]]:
        found = self.closures.get(subject)
        if found is None:
            names, needed = closure(self.ruleset, [subject])
            found = self.closures[subject] = (names, tuple(
                n for n in sorted(needed) if self.inputs[n].column is not None))
        return found


def _groups(keys: Array) -> tuple[Array, Array]:
    """Rows with equal keys (one row of integers each) as groups: the first row of each
    group, and each row's group."""
    order = np.lexsort(keys.T[::-1])
    ordered = keys[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    groups = np.empty(len(order), dtype=np.intp)
    groups[order] = np.cumsum(starts) - 1
    return order[starts], groups


def closure(ruleset: m.Ruleset, subjects: list[str]) -> tuple[set[str], set[str]]:
    """The nodes and derived values that scoring the subjects needs, and the inputs."""
    derived = {d.name: d for d in ruleset.derived}
    views = ruleset.views_by_name
    names: set[str] = set()
    needed: set[str] = set()
    stack = list(subjects)
    while stack:
        name = stack.pop()
        if name in names:
            continue
        if name in views:
            stack.extend(views[name].parts)
            stack.extend(c.name for c in views[name].children)
            continue
        names.add(name)
        expression = derived[name].expr if name in derived else ruleset.nodes[name].expr
        if name in ruleset.nodes:
            node = ruleset.nodes[name]
            stack.extend(c.name for c in node.children)
            if node.aggregate == "choice":
                needed.add(name)
        if expression is not None:
            for var in e.variables(expression):
                (needed.add(var.name) if var.kind == "input" else stack.append(var.name))
    return names, needed


def where(location: str, inputs: Mapping[str, str], facts: Mapping[str, str]) -> str:
    """An exact-path problem's location as the table's column name."""
    if location.startswith("facts.") and location[6:] in facts:
        return facts[location[6:]]
    return inputs.get(location, location)


__all__ = ["Problem", "Rechecks", "closure", "where"]
