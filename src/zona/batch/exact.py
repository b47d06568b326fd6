"""The exact path for the rows whose floats cannot be trusted to decide.

A row whose arithmetic is in doubt is scored whole by `zona.scoring.score`; a comparison
in doubt (a threshold, or whether a grade's value reaches a band) is decided from the
exact value of its subject, computed by the exact path's plan (`plan_of(ruleset).evaluate(
values, only=...)`) from the row's own cells, once per distinct combination of the cells
(and facts) the subject depends on.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from zona import model as m
from zona.batch import grades as g
from zona.batch.columns import Array
from zona.batch.facts import FactData
from zona.batch.inputs import InputData
from zona.batch.verdicts import Leaf, Predicates
from zona.errors import ZonaAnswerError, ZonaEvaluationError
from zona.model import expr as e
from zona.scoring import plan_of
from zona.scoring import score as exact_score
from zona.scoring.applicable import fact_values
from zona.scoring.grades import Grades
from zona.scoring.numbers import State

Problem = tuple[str | None, str]  # where (a column, an id, or None) and what


class Rechecks:
    """Exact results written over the float ones, row by row or leaf by leaf."""

    def __init__(self, ruleset: m.Ruleset, inputs: Mapping[str, InputData],
                 scores: Mapping[str, Array], verdicts: Array, answered: Mapping[str, Array] | None,
                 predicates: Predicates, facts: Mapping[str, FactData] | None = None,
                 graded: Mapping[str, Array] | None = None,
                 dropped: Mapping[str, Array] | None = None) -> None:
        self.ruleset, self.inputs, self.scores = ruleset, inputs, scores
        self.verdicts, self.answered, self.predicates = verdicts, answered, predicates
        self.facts = facts or {}
        self.graded = graded or {}  # where each grade's value is answered
        self.dropped = dropped
        self.plan = plan_of(ruleset)
        self.blank: dict[str, Fraction | None] = dict.fromkeys(ruleset.inputs_by_name)
        self.full: set[int] = set()  # rows scored whole
        self.checks = 0  # comparisons decided
        self.memo: dict[str, dict[tuple[object, ...], Fraction | None]] = {}
        self.closures: dict[str, tuple[set[str], tuple[str, ...], tuple[str, ...]]] = {}

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
        for index, verdict in self.predicates.from_result(result.predicates,
                                                          result.grades).items():
            self.verdicts[index, row] = verdict
        for name, flags in self.graded.items():
            flags[row] = result.grades[name].answered
        if self.answered is not None:
            for name, flags in self.answered.items():
                node = result.nodes[name]
                # a score that counts: answered, or not applicable under `full`/`zero`
                flags[row] = node.answered if node.applicable else node.node.na != "reweight"
        if self.dropped is not None:
            for name, flags in self.dropped.items():
                node = result.nodes[name]
                flags[row] = not node.applicable and node.node.na == "reweight"
        return []

    def leaf(self, leaf: Leaf, rows: Array) -> None:
        """Decide one comparison on some rows from exact values of its subject. The exact
        value depends only on the cells of the inputs (and the facts) the subject needs, so
        the rows are grouped by those cells and each group is valued once."""
        names, needed, facts = self._closure(leaf)
        parts = [k for n in needed for k in self.inputs[n].keys(rows)]
        parts += [k for f in facts for k in self.facts[f].keys(rows)]
        keys = np.stack(parts, axis=1) if parts else np.zeros((len(rows), 1), dtype=np.int64)
        first, groups = _groups(keys)
        distinct = keys[first]
        verdicts = np.empty(len(first), dtype=np.int8)
        points = np.empty(len(first))
        memo = self.memo.setdefault(leaf.subject, {})  # by the cells' keys
        columns = [self.inputs[n] for n in needed]
        for group, (row, key) in enumerate(zip(rows[first].tolist(), distinct.tolist(),
                                               strict=True)):
            cells = tuple(key)
            if cells in memo:
                exact = memo[cells]
            else:
                exact = memo[cells] = self._value(leaf, row, names, needed, columns, facts)
            if leaf.kind == "band":
                level = self.ruleset.grades_by_name[leaf.subject].levels[leaf.level]
                verdicts[group] = g.reaches(level, exact)
            else:
                assert exact is not None
                verdicts[group] = self.predicates.decide(leaf, exact)
                points[group] = float(exact)
        self.verdicts[leaf.index, rows] = verdicts[groups]
        if leaf.kind != "band" and leaf.subject in self.scores:
            self.scores[leaf.subject][rows] = points[groups]
        self.checks += len(rows)

    def _value(self, leaf: Leaf, row: int, names: set[str], needed: tuple[str, ...],
               columns: list[InputData], facts: tuple[str, ...]) -> Fraction | None:
        """The subject's exact value on one row: a node's score (0 when unanswered), a
        view's (the sum of its parts), or a grade's value (None when unanswered)."""
        values = dict(self.blank)
        na: set[str] = set()
        for name, data in zip(needed, columns, strict=True):
            if data.na_cell(row):
                na.add(name)
            else:
                values[name] = data.cell(row)
        read = {f: v for f in facts if (v := self.facts[f].value(row)) is not None}
        state = self.plan.evaluate(values, only=names, na=na,
                                   facts=fact_values(self.plan, read))
        if leaf.kind == "band":
            grade = self.ruleset.grades_by_name[leaf.subject]
            return Grades(self.plan, state, lambda c: None, read).value(grade)
        return self._score(state, leaf.subject)

    def _score(self, state: State, subject: str) -> Fraction:
        """A node's exact score (0 when unanswered), or a view's: the sum of its parts."""
        if subject in self.ruleset.nodes:
            found = state.known[subject]
            return Fraction(0) if found is None else found
        view = self.ruleset.views_by_name[subject]
        return sum((self._score(state, p) for p in (*view.parts,
                                                    *(c.name for c in view.children))),
                   Fraction(0))

    def _closure(self, leaf: Leaf) -> tuple[set[str], tuple[str, ...], tuple[str, ...]]:
        found = self.closures.get(leaf.subject)
        if found is None:
            if leaf.kind == "band":
                value = self.ruleset.grades_by_name[leaf.subject].value
                assert value is not None
                names, needed, facts = closure(self.ruleset, [], value)
            else:
                names, needed, facts = closure(self.ruleset, [leaf.subject])
            found = self.closures[leaf.subject] = (names, tuple(
                n for n in sorted(needed) if self.inputs[n].column is not None),
                tuple(sorted(facts)))
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


def closure(ruleset: m.Ruleset, subjects: list[str], expression: e.Expr | None = None
            ) -> tuple[set[str], set[str], set[str]]:
    """The nodes and derived values that scoring the subjects (and an expression) needs, the
    inputs, and the facts."""
    derived = {d.name: d for d in ruleset.derived}
    views = ruleset.views_by_name
    names: set[str] = set()
    needed: set[str] = set()
    facts: set[str] = set()
    stack = list(subjects)

    def reads(found: e.Expr) -> None:
        for var in e.variables(found):
            if var.kind == "input":
                needed.add(var.name)
            elif var.kind == "fact":
                facts.add(var.name)
            else:
                stack.append(var.name)

    if expression is not None:
        reads(expression)
    while stack:
        name = stack.pop()
        if name in names:
            continue
        if name in views:
            stack.extend(views[name].parts)
            stack.extend(c.name for c in views[name].children)
            continue
        names.add(name)
        found = derived[name].expr if name in derived else ruleset.nodes[name].expr
        if name in ruleset.nodes:
            node = ruleset.nodes[name]
            stack.extend(c.name for c in node.children)
            if node.aggregate == "choice":
                needed.add(name)
        if found is not None:
            reads(found)
    return names, needed, facts


def where(location: str, inputs: Mapping[str, str], facts: Mapping[str, str]) -> str:
    """An exact-path problem's location as the table's column name."""
    if location.startswith("facts.") and location[6:] in facts:
        return facts[location[6:]]
    return inputs.get(location, location)


__all__ = ["Problem", "Rechecks", "closure", "where"]
