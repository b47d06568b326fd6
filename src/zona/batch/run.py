"""Score every row of a table: float64 chunks in threads, then the exact path for the
rows whose float results cannot be trusted to decide (see vector.py, verdicts.py)."""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array, Table, read_table
from zona.batch.exact import Problem, Rechecks, where
from zona.batch.inputs import InputData, read_input
from zona.batch.vector import Env, VectorPlan
from zona.batch.verdicts import FALSE, TRUE, UNKNOWN, Leaf, Predicates
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.io.sheets import FACT_PREFIX, SOAL, input_id
from zona.scoring import Plan, dependency_order, plan_of, read_fact

#: the constructs beyond the first language that batch scoring supports
SUPPORTED = frozenset({"ranged-scales", "weighted", "every-under"})
CHUNK = 65536  # rows per chunk: long numpy operations, so that threads overlap well
BUFFERED = 32768  # rows per chunk when only some scores are output (a buffer per thread)
Progress = Callable[[int, int], None]


def problem_text(problem: Problem) -> str:
    """`where: message`, or the message alone."""
    place, message = problem
    return message if place is None else f"{place}: {message}"


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
    if ruleset.weight_facts:  # weights that depend on facts: fixed by `facts` for every row
        if not all((facts or {}).get(f) is not None for f in ruleset.weight_facts):
            raise ZonaError(f"this ruleset's weights depend on facts "
                            f"({', '.join(ruleset.weight_facts)}); give them for every row "
                            f"with facts=")
        ruleset = ruleset.specialise(facts or {})
    ruleset.refuse("batch scoring", SUPPORTED)
    read = read_table(table)
    columns = _columns(ruleset, read.names)
    given = _given_facts(ruleset, facts or {}, columns)
    outputs = _outputs(ruleset, nodes)
    if outputs != _plans(ruleset)[0].names:
        chunk = min(chunk, BUFFERED)
    count = workers or min(-(-read.rows // chunk), os.cpu_count() or 1) or 1
    with ThreadPoolExecutor(max_workers=count) as pool:
        inputs = _read_inputs(ruleset, read, columns, pool)
        fact_columns = {f: read.column(c).as_codes() for f, c in columns.facts.items()}
        plan = plan_of(ruleset)
        problems = _reading_problems(ruleset, plan, inputs, fact_columns, columns, read.rows)
        job = _Job(ruleset, plan, read, inputs, outputs, conditions)
        job.facts(fact_columns, given)
        job.chunks(chunk, progress, pool)
    job.unanswered_errors(problems)
    job.rechecks(problems, columns, fact_columns, given)
    verdicts = job.predicates.combine(job.verdicts)
    if problems:
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
                       len(job.exact.full), job.exact.checks)


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


def _read_inputs(ruleset: m.Ruleset, read: Table, columns: _Columns,
                 pool: ThreadPoolExecutor) -> dict[str, InputData]:
    """Every input's column, read by the exact path's reader (in threads, but for pandas,
    whose frames are not meant to be read from several threads at once)."""
    def one(name: str) -> InputData:
        column = columns.inputs.get(name)
        spec = ruleset.inputs_by_name[name]
        return read_input(spec, None if column is None else read.column(column))

    names = list(ruleset.inputs_by_name)
    found = map(one, names) if read.kind == "pandas" else pool.map(one, names)
    return dict(zip(names, found, strict=True))


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
        answered = data.flags(0, rows)
        if answered is True:
            continue
        place = columns.inputs.get(name, name)
        for row in (range(rows) if answered is False else np.flatnonzero(~answered).tolist()):
            if row not in data.bad:
                problems.setdefault(row, []).append(
                    (place, "unanswered, and the missing-answer policy here is 'error'"))
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
        # one block, a row per output column: chunks write their scores straight into it
        # when every node and view is wanted, else into a buffer per thread, then copied
        self.block = np.empty((len(outputs), self.rows))
        self.direct = outputs == self.vector.names
        self.copies = [(i, self.vector.rows[name]) for i, name in enumerate(outputs)]
        self.buffers = threading.local()
        self.scores = {name: self.block[i] for i, name in enumerate(outputs)}
        # every leaf's row is written before it is read: score leaves by the chunks, fact
        # leaves by facts(), predicate leaves by Predicates.combine
        self.verdicts = np.empty((len(self.predicates.leaves), self.rows), np.int8)
        self.answered: dict[str, Array] | None = None
        if conditions:
            flags = np.zeros((len(ruleset.nodes), self.rows), dtype=bool)
            self.answered = {name: flags[i] for i, name in enumerate(ruleset.nodes)}
        self.unsure: dict[int, list[Array]] = {}
        self.suspect: list[Array] = []
        self.unanswered: dict[str, list[Array]] = {}
        self.exact = Rechecks(ruleset, inputs, self.scores, self.verdicts, self.answered,
                              self.predicates)

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

    def chunks(self, size: int, progress: Progress | None, pool: ThreadPoolExecutor) -> None:
        starts = list(range(0, self.rows, size))
        for start, (suspect, unsure, unanswered) in zip(
                starts, pool.map(lambda s: self._chunk(s, min(self.rows, s + size)), starts),
                strict=True):
            self.suspect.append(suspect)
            for index, rows in unsure.items():
                self.unsure.setdefault(index, []).append(rows)
            for name, rows in unanswered.items():
                self.unanswered.setdefault(name, []).append(rows)
            if progress is not None:
                progress(min(self.rows, start + size), self.rows)

    def _chunk(self, start: int, stop: int) -> tuple[Array, dict[int, Array], dict[str, Array]]:
        n = stop - start
        work = self.block[:, start:stop] if self.direct else self._buffer(n)
        env = Env(start, n, work, self.vector.rows, self.inputs, self.vector.in_expressions,
                  scratch=getattr(self.buffers, "scratch", None))
        self.buffers.scratch = env.scratch
        self.vector.run(env)
        if not self.direct:
            for index, row in self.copies:
                np.copyto(self.block[index, start:stop], work[row])
        if self.answered is not None:
            for name, flags in self.answered.items():
                flags[start:stop] = env.answered[name]
        unsure = self.predicates.run(env, self.verdicts, start)
        unanswered = {}
        for name in self.plan.error_nodes:
            found = env.answered[name]
            if found is False:
                unanswered[name] = np.arange(start, stop)
            elif found is not True and not found.all():
                unanswered[name] = np.flatnonzero(~found) + start
        suspect = _NONE if env.suspect is None else np.flatnonzero(env.suspect) + start
        return suspect, unsure, unanswered

    def _buffer(self, n: int) -> Array:
        """This thread's block for a chunk's scores (when only some are output)."""
        found: Array | None = getattr(self.buffers, "block", None)
        if found is None or found.shape[1] < n:
            found = self.buffers.block = np.empty((len(self.vector.names), n))
        return found[:, :n]

    def unanswered_errors(self, problems: dict[int, list[Problem]]) -> None:
        """Rows where a node under `missing error` has nothing answered. The exact path
        looks for these last, so rows with reading problems are left as they are, and rows
        it scores whole (suspect ones) get its own verdict."""
        skip = set(problems)
        skip.update(np.concatenate(self.suspect).tolist() if self.suspect else ())
        for name in self.plan.error_nodes:
            for rows in self.unanswered.get(name, []):
                for row in rows.tolist():
                    if row not in skip:
                        problems.setdefault(row, []).append(
                            (name, "nothing it depends on was answered, and the "
                             "missing-answer policy here is 'error'"))

    def rechecks(self, problems: dict[int, list[Problem]], columns: _Columns,
                 fact_columns: Mapping[str, Any], given: Mapping[str, m.FactValue]) -> None:
        """The exact path on suspect rows, then on the comparisons in doubt."""
        bad = set(problems)
        suspect = set(np.concatenate(self.suspect).tolist()) if self.suspect else set()
        for row in sorted(suspect - bad):
            facts: dict[str, object] = dict(given)
            for fact, column in fact_columns.items():
                facts[fact] = column.raw(row)
            found = self.exact.whole(row, facts)
            if found:
                problems.setdefault(row, []).extend(
                    (None if at is None else where(at, columns.inputs, columns.facts), message)
                    for at, message in found)
        skip = bad | self.exact.full
        skipped = np.fromiter(skip, dtype=np.int64, count=len(skip))
        doubtful: dict[int, Array] = {}
        for index, parts in self.unsure.items():
            rows = np.concatenate(parts)
            rows = rows[~np.isin(rows, skipped)] if len(skipped) else rows
            if len(rows):
                doubtful[index] = rows
        if self.answered is None:  # only the predicates are returned, not their conditions
            doubtful = self.predicates.needed(self.verdicts, doubtful)
        for index, rows in doubtful.items():
            self.exact.leaf(self.predicates.leaves[index], rows)


_NONE = np.zeros(0, dtype=np.int64)


_VECTOR_PLANS: weakref.WeakKeyDictionary[m.Ruleset, tuple[VectorPlan, Predicates]] = \
    weakref.WeakKeyDictionary()


def _plans(ruleset: m.Ruleset) -> tuple[VectorPlan, Predicates]:
    """The ruleset's vector plan and predicate leaves, made on first use."""
    found = _VECTOR_PLANS.get(ruleset)
    if found is None:
        found = _VECTOR_PLANS[ruleset] = (VectorPlan(ruleset, dependency_order(ruleset)),
                                          Predicates(ruleset))
    return found


__all__ = ["FALSE", "TRUE", "UNKNOWN", "BatchScores", "Problem", "problem_text", "score_arrays"]
