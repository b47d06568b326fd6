"""Score every row of a table: float64 chunks in threads, then the exact path for the
rows whose float results cannot be trusted to decide (see vector.py, verdicts.py)."""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array, Table, read_table
from zona.batch.inputs import InputData, read_input
from zona.batch.vector import Env, VectorPlan
from zona.batch.verdicts import FALSE, TRUE, UNKNOWN, Leaf, Predicates
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError, ZonaEvaluationError
from zona.io.sheets import FACT_PREFIX, SOAL, input_id
from zona.scoring import Plan, _dependency_order, _fsum, plan_of, read_fact, read_value
from zona.scoring import score as exact_score

CHUNK = 16384
Progress = Callable[[int, int], None]
Problem = tuple[str | None, str]  # where (a column, an id, or None) and what


def problem_text(problem: Problem) -> str:
    """`where: message`, or the message alone."""
    where, message = problem
    return message if where is None else f"{where}: {message}"


@attrs.frozen(eq=False)
class BatchScores:
    """Scores of many units. `scores`: node and view id -> float64 per row (NaN on a bad
    row); `verdicts`: predicate -> int8 per row (0 failed, 1 undecided, 2 passed, -1 bad
    row); `conditions`: one int8 row per leaf of `leaves`, and `answered`: node id ->
    whether anything under it was answered (both only when asked for, `conditions=True`);
    `problems`: row -> what is wrong with it, as (where, message) pairs: `where` is
    the column (or an input or node id without one; None for an evaluation error);
    `exact_rows`: how many rows the exact path scored whole; `exact_checks`: how many
    single comparisons it decided."""

    ruleset: m.Ruleset
    table: Table
    rows: int
    scores: Mapping[str, Array]
    verdicts: Mapping[str, Array]
    leaves: tuple[Leaf, ...]
    conditions: Array | None
    answered: Mapping[str, Array] | None
    problems: Mapping[int, tuple[Problem, ...]]
    carried: tuple[str, ...]
    warnings: tuple[str, ...]
    exact_rows: int
    exact_checks: int


@attrs.define
class _Columns:
    inputs: dict[str, str] = attrs.field(factory=dict)  # input id -> column
    facts: dict[str, str] = attrs.field(factory=dict)  # fact id -> column
    carried: list[str] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)


def score_arrays(ruleset: m.Ruleset, table: object, *, facts: Mapping[str, object] | None = None,
                 nodes: Sequence[str] | None = None, conditions: bool = False,
                 progress: Progress | None = None, workers: int | None = None,
                 chunk: int = CHUNK) -> BatchScores:
    """Score every row of a table; see zona.batch.score_table."""
    read = read_table(table)
    columns = _columns(ruleset, read.names)
    given = _given_facts(ruleset, facts or {}, columns)
    inputs = {name: read_input(spec, read.column(columns.inputs[name])
                               if name in columns.inputs else None)
              for name, spec in ruleset.inputs_by_name.items()}
    fact_columns = {f: read.column(c).as_codes() for f, c in columns.facts.items()}
    plan = plan_of(ruleset)
    problems = _reading_problems(ruleset, plan, inputs, fact_columns, columns, read.rows)
    outputs = _outputs(ruleset, nodes)
    job = _Job(ruleset, plan, read, inputs, outputs, conditions)
    job.facts(fact_columns, given)
    job.chunks(chunk, progress, workers)
    job.unanswered_errors(problems)
    job.exact(problems, columns, fact_columns, given)
    verdicts = job.predicates.combine(job.verdicts)
    bad = np.fromiter(problems, dtype=np.int64, count=len(problems))
    for scores in job.scores.values():
        scores[bad] = np.nan
    for found in verdicts.values():
        found[bad] = -1
    return BatchScores(ruleset, read, read.rows, job.scores, verdicts,
                       tuple(job.predicates.leaves), job.verdicts if conditions else None,
                       job.answered,
                       {row: tuple(found) for row, found in sorted(problems.items())},
                       tuple(columns.carried), tuple(columns.warnings),
                       len(job.full), job.checks)


# --- columns and reading -----------------------------------------------------------------


def _columns(ruleset: m.Ruleset, names: Sequence[str]) -> _Columns:
    found = _Columns()
    problems: list[AnswerProblem] = []
    facts = ruleset.facts_by_name
    for name in names:
        key = name.strip()
        if key.startswith(FACT_PREFIX):
            fact = key[len(FACT_PREFIX):]
            if fact not in facts:
                problems.append(AnswerProblem(name, f"{ruleset.id} has no fact {fact!r}"))
            elif fact in found.facts:
                problems.append(AnswerProblem(name, f"a second column for fact {fact} "
                                              f"(first: {found.facts[fact]})"))
            else:
                found.facts[fact] = name
            continue
        input_name = input_id(key, ruleset)
        if input_name in ruleset.inputs_by_name:
            if input_name in found.inputs:
                problems.append(AnswerProblem(name, f"a second column for {input_name} "
                                              f"(first: {found.inputs[input_name]})"))
            else:
                found.inputs[input_name] = name
            continue
        if SOAL.fullmatch(key):
            found.warnings.append(f"column {name!r} names no soal of {ruleset.id}; it is "
                                  "carried over as it is")
        found.carried.append(name)
    if problems:
        raise ZonaAnswerError(problems, "table")
    if not found.inputs and ruleset.inputs:
        raise ZonaAnswerError([AnswerProblem("table", "no column names a question: use "
                                             "input ids (q1, ...) or soal_<n>")], "table")
    return found


def _given_facts(ruleset: m.Ruleset, facts: Mapping[str, object],
                 columns: _Columns) -> dict[str, m.FactValue]:
    """The facts given for every row, checked; a fact also given as a column is an error."""
    problems: list[AnswerProblem] = []
    found: dict[str, m.FactValue] = {}
    declared = ruleset.facts_by_name
    for key, raw in facts.items():
        name = str(key)
        where = f"facts.{name}"
        if name not in declared:
            problems.append(AnswerProblem(where, "no fact has this id"))
        elif name in columns.facts:
            problems.append(AnswerProblem(where, f"also given by column "
                                          f"{columns.facts[name]!r}; give it once"))
        elif raw is not None:
            try:
                found[name] = read_fact(declared[name], raw)
            except ValueError as error:
                problems.append(AnswerProblem(where, str(error)))
    if problems:
        raise ZonaAnswerError(problems, "facts")
    return found


def _reading_problems(ruleset: m.Ruleset, plan: Plan, inputs: Mapping[str, InputData],
                      facts: Mapping[str, Any], columns: _Columns,
                      rows: int) -> dict[int, list[Problem]]:
    """Row -> its problems, as the exact path finds them: unreadable answers (in column
    order), unreadable facts, then answers that a `missing error` policy requires."""
    problems: dict[int, list[Problem]] = {}
    for name, data in inputs.items():
        for row, message in data.bad.items():
            problems.setdefault(row, []).append((columns.inputs[name], message))
    for fact, column in facts.items():
        spec = ruleset.facts_by_name[fact]
        for code, raw in enumerate(column.uniques):
            try:
                read_fact(spec, raw)
            except ValueError as error:
                for row in np.flatnonzero(column.codes == code).tolist():
                    problems.setdefault(row, []).append((columns.facts[fact], str(error)))
    for name in plan.required:
        data = inputs[name]
        missing = np.ones(rows, dtype=bool)
        for start in range(0, rows, CHUNK):
            stop = min(rows, start + CHUNK)
            missing[start:stop] = ~data.chunk(start, stop)[1]
        where = columns.inputs.get(name, name)
        for row in np.flatnonzero(missing).tolist():
            if row not in data.bad:
                problems.setdefault(row, []).append(
                    (where, "unanswered, and the missing-answer policy here is 'error'"))
    return problems


def _outputs(ruleset: m.Ruleset, nodes: Sequence[str] | None) -> list[str]:
    views = [v.name for top in ruleset.views for v in top.walk()]
    every = [*ruleset.nodes, *views]
    if nodes is None:
        return every
    unknown = [n for n in nodes if n not in ruleset.nodes and n not in views]
    if unknown:
        raise ZonaError(f"{ruleset.id} has no node or view {', '.join(map(repr, unknown))}")
    return list(dict.fromkeys(["total", *nodes]))


# --- the work ----------------------------------------------------------------------------


class _Job:
    def __init__(self, ruleset: m.Ruleset, plan: Plan, table: Table,
                 inputs: Mapping[str, InputData], outputs: list[str], conditions: bool) -> None:
        self.ruleset, self.plan, self.table, self.inputs = ruleset, plan, table, inputs
        self.rows = table.rows
        self.vector, self.predicates = _plans(ruleset)
        block = np.empty((len(outputs), self.rows))
        self.scores = {name: block[i] for i, name in enumerate(outputs)}
        self.verdicts = np.full((len(self.predicates.leaves), self.rows), UNKNOWN, np.int8)
        self.answered: dict[str, Array] | None = None
        if conditions:
            flags = np.zeros((len(ruleset.nodes), self.rows), dtype=bool)
            self.answered = {name: flags[i] for i, name in enumerate(ruleset.nodes)}
        self.unsure: dict[int, list[Array]] = {}
        self.suspect: list[Array] = []
        self.unanswered: dict[str, list[Array]] = {}
        self.full: set[int] = set()
        self.checks = 0
        self.memo: dict[str, dict[tuple[object, ...], Fraction]] = {}
        self.closures: dict[str, tuple[set[str], tuple[str, ...]]] = {}

    def facts(self, columns: Mapping[str, Any], given: Mapping[str, m.FactValue]) -> None:
        """Fact leaves' verdicts: from fact columns by distinct value, else the given facts."""
        for leaf in self.predicates.leaves:
            if leaf.kind != "fact":
                continue
            column = columns.get(leaf.subject)
            if column is None:
                self.verdicts[leaf.index] = self.predicates.fact_verdict(
                    leaf, given.get(leaf.subject))
                continue
            spec = self.ruleset.facts_by_name[leaf.subject]
            table = np.full(len(column.uniques) + 1, UNKNOWN, dtype=np.int8)
            for code, raw in enumerate(column.uniques):
                try:
                    value = None if raw is None else read_fact(spec, raw)
                except ValueError:
                    continue  # a bad row, reported
                table[code] = self.predicates.fact_verdict(leaf, value)
            self.verdicts[leaf.index] = table[column.codes]

    def chunks(self, size: int, progress: Progress | None, workers: int | None) -> None:
        starts = list(range(0, self.rows, size))
        done = 0
        count = workers or min(len(starts), os.cpu_count() or 1) or 1
        with ThreadPoolExecutor(max_workers=count) as pool:
            for start, (suspect, unsure, unanswered) in zip(
                    starts, pool.map(lambda s: self._chunk(s, min(self.rows, s + size)), starts),
                    strict=True):
                self.suspect.append(suspect)
                for index, rows in unsure.items():
                    self.unsure.setdefault(index, []).append(rows)
                for name, rows in unanswered.items():
                    self.unanswered.setdefault(name, []).append(rows)
                done = min(self.rows, start + size)
                if progress is not None:
                    progress(done, self.rows)

    def _chunk(self, start: int, stop: int) -> tuple[Array, dict[int, Array], dict[str, Array]]:
        env = Env(stop - start, out={n: a[start:stop] for n, a in self.scores.items()})
        wanted = self.vector.in_expressions
        for name, data in self.inputs.items():
            env.val[name], env.ans[name], env.err[name] = data.chunk(start, stop,
                                                                     name in wanted)
        self.vector.run(env)
        if self.answered is not None:
            for name, flags in self.answered.items():
                flags[start:stop] = env.answered[name]
        unsure = self.predicates.run(env, self.verdicts, start)
        unanswered = {name: np.flatnonzero(~env.answered[name]) + start
                      for name in self.plan.error_nodes if not env.answered[name].all()}
        return np.flatnonzero(env.suspect) + start, unsure, unanswered

    def unanswered_errors(self, problems: dict[int, list[Problem]]) -> None:
        """Rows where a node under `missing error` has nothing answered. The exact path
        looks for these last, so rows with reading problems are left as they are, and rows
        it scores whole (suspect ones) get its own verdict."""
        skip = set(problems)
        if self.suspect:
            skip.update(np.concatenate(self.suspect).tolist())
        for name in self.plan.error_nodes:
            for rows in self.unanswered.get(name, []):
                for row in rows.tolist():
                    if row not in skip:
                        problems.setdefault(row, []).append(
                            (name, "nothing it depends on was answered, and the "
                             "missing-answer policy here is 'error'"))

    # the exact path

    def exact(self, problems: dict[int, list[Problem]], columns: _Columns,
              fact_columns: Mapping[str, Any], given: Mapping[str, m.FactValue]) -> None:
        bad = set(problems)
        suspect = set(np.concatenate(self.suspect).tolist()) if self.suspect else set()
        for row in sorted(suspect - bad):
            self._whole(row, problems, columns, fact_columns, given)
        skip = np.fromiter(bad | self.full, dtype=np.int64, count=len(bad | self.full))
        for index, parts in self.unsure.items():
            rows = np.concatenate(parts)
            rows = rows[~np.isin(rows, skip)] if len(skip) else rows
            if len(rows):
                self._leaf(self.predicates.leaves[index], rows)

    def _answers(self, row: int) -> dict[str, object]:
        return {name: data.column.raw(row) for name, data in self.inputs.items()
                if data.column is not None}

    def _whole(self, row: int, problems: dict[int, list[Problem]], columns: _Columns,
               fact_columns: Mapping[str, Any], given: Mapping[str, m.FactValue]) -> None:
        """Score one row with the exact path and take all its results."""
        facts: dict[str, object] = dict(given)
        for fact, column in fact_columns.items():
            facts[fact] = column.raw(row)
        try:
            result = exact_score(self.ruleset, self._answers(row), facts)
        except ZonaEvaluationError as error:
            problems.setdefault(row, []).append((None, error.message))
            return
        except ZonaAnswerError as error:
            problems.setdefault(row, []).extend(
                (_where(p.location, columns), p.message) for p in error.problems)
            return
        self.full.add(row)
        for name, scores in self.scores.items():
            found = result.nodes.get(name)
            scores[row] = float(found.score if found is not None else result.views[name].score)
        for index, verdict in self.predicates.from_result(result.predicates).items():
            self.verdicts[index, row] = verdict
        if self.answered is not None:
            for name, flags in self.answered.items():
                flags[row] = result.nodes[name].answered

    def _leaf(self, leaf: Leaf, rows: Array) -> None:
        """Decide one comparison on some rows from exact scores of its subject. The exact
        score depends only on the cells of the inputs the subject needs, so the rows are
        grouped by those cells and each group is scored once."""
        names, needed = self._closure(leaf.subject)
        keys = np.stack([k for n in needed for k in self.inputs[n].keys(rows)], axis=1) \
            if needed else np.zeros((len(rows), 1), dtype=np.int64)
        _, first, groups = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        verdicts = np.empty(len(first), dtype=np.int8)
        points = np.empty(len(first))
        memo = self.memo.setdefault(leaf.subject, {})
        for group, row in enumerate(rows[first].tolist()):
            cells = tuple(self.inputs[n].column.raw(row)  # type: ignore[union-attr]
                          for n in needed)
            exact = memo.get(cells)
            if exact is None:
                values = dict(self.plan.blank)
                for name, raw in zip(needed, cells, strict=True):
                    values[name] = read_value(self.inputs[name].spec, raw)
                state = self.plan.evaluate(values, only=names)
                exact = memo[cells] = _exact_score(self.ruleset, state, leaf.subject)
            verdicts[group] = self.predicates.decide(leaf, exact)
            points[group] = float(exact)
        groups = groups.reshape(-1)
        self.verdicts[leaf.index, rows] = verdicts[groups]
        if leaf.subject in self.scores:
            self.scores[leaf.subject][rows] = points[groups]
        self.checks += len(rows)

    def _closure(self, subject: str) -> tuple[set[str], tuple[str, ...]]:
        found = self.closures.get(subject)
        if found is None:
            names, needed = _closure(self.ruleset, [subject])
            found = self.closures[subject] = (names, tuple(
                n for n in sorted(needed) if self.inputs[n].column is not None))
        return found


def _where(location: str, columns: _Columns) -> str:
    """An exact-path problem's location as the table's column name."""
    if location.startswith("facts.") and location[6:] in columns.facts:
        return columns.facts[location[6:]]
    return columns.inputs.get(location, location)


def _exact_score(ruleset: m.Ruleset, state: Any, subject: str) -> Fraction:
    if subject in ruleset.nodes:
        return state.score(subject)  # type: ignore[no-any-return]
    view = ruleset.views_by_name[subject]
    return _fsum([*(state.score(p) for p in view.parts),
                  *(_exact_score(ruleset, state, c.name) for c in view.children)])


def _closure(ruleset: m.Ruleset, subjects: list[str]) -> tuple[set[str], set[str]]:
    """The nodes and derived values that scoring the subjects needs, and the inputs."""
    from zona import expr as e

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


_VECTOR_PLANS: weakref.WeakKeyDictionary[m.Ruleset, tuple[VectorPlan, Predicates]] = \
    weakref.WeakKeyDictionary()


def _plans(ruleset: m.Ruleset) -> tuple[VectorPlan, Predicates]:
    """The ruleset's vector plan and predicate leaves, made on first use."""
    found = _VECTOR_PLANS.get(ruleset)
    if found is None:
        found = _VECTOR_PLANS[ruleset] = (VectorPlan(ruleset, _dependency_order(ruleset)),
                                          Predicates(ruleset))
    return found


__all__ = ["FALSE", "TRUE", "UNKNOWN", "BatchScores", "Problem", "problem_text", "score_arrays"]
