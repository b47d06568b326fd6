"""Score every row of a table: float64 chunks in threads, then the exact path for the
rows whose float results cannot be trusted to decide (see vector.py, verdicts.py)."""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch import SUPPORTED, memory
from zona.batch import grades as g
from zona.batch.columns import Array, Table, read_table
from zona.batch.denominators import Denominators
from zona.batch.exact import Problem, Rechecks, where
from zona.batch.facts import FactData, read_facts
from zona.batch.fused import fusion
from zona.batch.inputs import InputData
from zona.batch.logic import FALSE, TRUE, UNKNOWN
from zona.batch.reading import (
    Columns,
    columns_of,
    given_facts,
    outputs,
    read_inputs,
    reading_problems,
)
from zona.batch.vector import Env, VectorPlan
from zona.batch.verdicts import Leaf, Predicates
from zona.errors import ZonaError
from zona.i18n import N_, _, language, speak_in_this_thread
from zona.scoring import Plan, dependency_order, plan_of, read_fact

CHUNK = 65536  # rows per chunk: long numpy operations, so that threads overlap well
Progress = Callable[[int, int], None]


def problem_text(problem: Problem) -> str:
    """`where: message`, or the message alone."""
    place, message = problem
    return message if place is None else f"{place}: {message}"


@attrs.frozen(eq=False)
class BatchScores:
    """Scores of many units. `scores`: node and view id -> float64 per row (NaN on a bad
    row); `verdicts`: predicate -> int8 per row (0 failed, 1 undecided, 2 passed, -1 bad
    row); `grades`: grade -> int16 per row (its level's position, lowest 0; -1 undecided,
    -2 unanswered, -3 bad row); `conditions`: one int8 row per leaf of `leaves`, and
    `answered`: node id -> whether it has a score that counts (answered, or not applicable
    under `na full`/`zero`), and `dropped`: node id -> whether it does not apply under `na
    reweight` (None without `= na` options) (all only when asked for, `conditions=True`);
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
    grades: Mapping[str, Array] = attrs.field(factory=dict)
    dropped: Mapping[str, Array] | None = None

    def level(self, grade: str, row: int) -> str | None:
        """A grade's level on one row (None when undecided, unanswered or a bad row)."""
        code = int(self.grades[grade][row])
        return self.ruleset.grades_by_name[grade].levels[code].name if code >= 0 else None


def score_arrays(ruleset: m.Ruleset, table: object, *, facts: Mapping[str, object] | None = None,
                 nodes: Sequence[str] | str | None = None, conditions: bool = False,
                 progress: Progress | None = None, workers: int | None = None,
                 chunk: int = CHUNK) -> BatchScores:
    """Score every row of a table; see zona.batch.score_table."""
    if ruleset.weight_facts:  # weights that depend on facts: fixed by `facts` for every row
        if not all((facts or {}).get(f) is not None for f in ruleset.weight_facts):
            raise ZonaError(_("this ruleset's weights depend on facts ({facts}); give them "
                              "for every row with facts=",
                              facts=", ".join(ruleset.weight_facts)))
        ruleset = ruleset.specialise(facts or {})
    ruleset.refuse(N_("batch scoring"), SUPPORTED)
    read = read_table(table)
    columns = columns_of(ruleset, read.names)
    given = given_facts(ruleset, facts or {}, columns)
    wanted = outputs(ruleset, nodes)
    count = workers or min(-(-read.rows // chunk), os.cpu_count() or 1) or 1
    with ThreadPoolExecutor(max_workers=count, initializer=speak_in_this_thread,
                            initargs=(language(),)) as pool:
        # the threads fault in the output's fresh pages and read the columns while this
        # one builds the plans (made once per ruleset); the fault-in goes on, chunk by
        # chunk, while the first chunks run, and no chunk writes a score before its own
        # columns are faulted in (the fault-in writes a byte a page)
        block = memory.empty((len(wanted), read.rows))
        ahead = memory.Ahead(block, chunk)
        faulting = pool.submit(ahead.run)
        reading = read_inputs(ruleset, read, columns, pool)
        plan, plans = plan_of(ruleset), _plans(ruleset)
        inputs = dict(reading)
        fact_columns = {f: read.column(c).as_codes() for f, c in columns.facts.items()}
        problems = reading_problems(ruleset, plan, inputs, fact_columns, given, columns,
                                    read.rows)
        job = _Job(ruleset, plan, plans, read, inputs, wanted, (block, ahead), conditions,
                   read_facts(ruleset, fact_columns, given))
        job.facts(fact_columns, given)
        job.chunks(chunk, progress, pool)
        faulting.result()
    job.unanswered_errors(problems)
    job.rechecks(problems, columns, fact_columns, given)
    verdicts, decided = job.predicates.combine(job.verdicts, job.graded, job.constants)
    grades = g.codes(decided)
    if problems:
        bad = np.fromiter(problems, dtype=np.int64, count=len(problems))
        for scores in job.scores.values():
            scores[bad] = np.nan
        for found in verdicts.values():
            found[bad] = -1
        for found in grades.values():
            found[bad] = g.BAD
    return BatchScores(ruleset, read, read.rows, job.scores, verdicts,
                       tuple(job.predicates.leaves), job.verdicts if conditions else None,
                       job.answered,
                       {row: tuple(found) for row, found in sorted(problems.items())},
                       tuple(columns.carried), tuple(columns.warnings),
                       len(job.exact.full), job.exact.checks, grades, job.dropped)


# --- the work ----------------------------------------------------------------------------


class _Job:
    def __init__(self, ruleset: m.Ruleset, plan: Plan, plans: tuple[VectorPlan, Predicates],
                 table: Table, inputs: Mapping[str, InputData], outputs: list[str],
                 block: tuple[Array, memory.Ahead], conditions: bool,
                 facts: Mapping[str, FactData]) -> None:
        self.ruleset, self.plan, self.table, self.inputs = ruleset, plan, table, inputs
        self.fact_data = facts
        self.rows = table.rows
        self.vector, self.predicates = plans
        # one block, a row per output column: chunks write their scores straight into it,
        # and the other scores they need into a buffer per thread (see _work)
        self.block, self.ahead = block
        self.direct = outputs == self.vector.names
        self.buffers = threading.local()
        self.scores = {name: self.block[i] for i, name in enumerate(outputs)}
        # every leaf's row is written before it is read: score leaves by the chunks, fact
        # leaves by facts(), predicate leaves by Predicates.combine
        self.verdicts = memory.empty((len(self.predicates.leaves), self.rows), np.int8)
        self.answered: dict[str, Array] | None = None
        self.dropped: dict[str, Array] | None = None
        if conditions:
            flags = np.zeros((len(ruleset.nodes), self.rows), dtype=bool)
            self.answered = {name: flags[i] for i, name in enumerate(ruleset.nodes)}
            if "na" in ruleset.features:
                gone = np.zeros((len(ruleset.nodes), self.rows), dtype=bool)
                self.dropped = {name: gone[i] for i, name in enumerate(ruleset.nodes)}
        # where the value each grade by bands reads is answered
        self.graded = {grade.name: np.ones(self.rows, dtype=bool) for grade in ruleset.grades
                       if grade.value is not None}
        #: each fact leaf's verdict: one for every row, or by code (with the codes)
        self.fact_fills: list[tuple[int, Any, Array | None]] = []
        #: the leaves with one verdict on every row, when their rows are not returned
        #: (`conditions=False`): combined as numbers, their rows never written
        self.constants: dict[int, int] = {}
        self.unsure: dict[int, list[Array]] = {}
        self.suspect: list[Array] = []
        self.unanswered: dict[str, list[Array]] = {}
        self.exact = Rechecks(ruleset, inputs, self.scores, self.verdicts, self.answered,
                              self.predicates, facts, self.graded, self.dropped)
        self.denominators = Denominators(ruleset, inputs, facts)
        # the scores something reads besides their parent: the outputs, expressions, views
        # and conditions (a fact's or a grade's name among them is no score: harmless)
        read = {*outputs, *self.vector.read, *(leaf.subject for leaf in self.predicates.leaves)}
        self.fusion = fusion(ruleset, self.vector.rows, inputs, read)
        # each of the plan's rows: its output row, or its row in the buffer (None: skipped)
        place = {name: i for i, name in enumerate(outputs)}
        inner, self.inner = _buffer_rows(ruleset, self.vector.written, place.keys() |
                                         self.fusion.skip, read)
        self.layout = [(place.get(n), inner.get(n)) for n in self.vector.names]

    def facts(self, columns: Mapping[str, Any], given: Mapping[str, m.FactValue]) -> None:
        """Fact leaves' verdicts: from fact columns by distinct value, else the given facts
        (each a value, or a table by code and the codes; written by the chunks, so that the
        fresh memory is filled on both cores)."""
        for leaf in self.predicates.leaves:
            if leaf.kind != "fact":
                continue
            column = columns.get(leaf.subject)
            if column is None:
                verdict = self.predicates.fact_verdict(leaf, given.get(leaf.subject))
                if self.answered is not None:  # the conditions are returned
                    self.fact_fills.append((leaf.index, verdict, None))
                else:
                    self.constants[leaf.index] = verdict
                continue
            spec = self.ruleset.facts_by_name[leaf.subject]
            table = np.full(len(column.uniques) + 1, UNKNOWN, dtype=np.int8)
            for code, raw in enumerate(column.uniques):
                try:
                    value = None if raw is None else read_fact(spec, raw)
                except ValueError:
                    continue  # a bad row, reported
                table[code] = self.predicates.fact_verdict(leaf, value)
            self.fact_fills.append((leaf.index, table, column.codes))

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
        for index, verdict, codes in self.fact_fills:
            self.verdicts[index, start:stop] = verdict if codes is None \
                else np.take(verdict, codes[start:stop], mode="wrap")
        self.ahead.wait(start)  # (the output's columns of this chunk are faulted in)
        work = self.block[:, start:stop] if self.direct else self._work(start, stop)
        env = Env(start, n, work, self.vector.rows, self.inputs, self.vector.in_expressions,
                  self.fact_data, self.vector.view_parts,
                  scratch=getattr(self.buffers, "scratch", None),
                  denominators=self.denominators, fusion=self.fusion)
        self.buffers.scratch = env.scratch
        self.vector.run(env)
        if self.answered is not None:
            for name, flags in self.answered.items():
                flags[start:stop] = env.answered[name]
        if self.dropped is not None:
            for name, flags in self.dropped.items():
                flags[start:stop] = env.gone.get(name, False)
        for name, flags in self.graded.items():
            flags[start:stop] = env.grades[name][2]
        unsure = self.predicates.run(env, self.verdicts, start)
        unanswered = {}
        for name in self.plan.error_nodes:
            found = env.answered[name]
            if name in env.na:  # what does not apply is not unanswered
                found = found | env.na[name]
            if found is False:
                unanswered[name] = np.arange(start, stop)
            elif found is not True and not found.all():
                unanswered[name] = np.flatnonzero(~found) + start
        suspect = _NONE if env.suspect is None else np.flatnonzero(env.suspect) + start
        return suspect, unsure, unanswered

    def _work(self, start: int, stop: int) -> list[Array]:
        """A chunk's row of every score (when only some are output): the output's own rows,
        and this thread's buffer for the scores that are not output (a skipped question's
        row is never written nor read: zona.batch.fused)."""
        n = stop - start
        found: Array | None = getattr(self.buffers, "block", None)
        if found is None or found.shape[1] < n:
            found = self.buffers.block = memory.empty((max(self.inner, 1), n))
        return [self.block[out, start:stop] if out is not None
                else found[own if own is not None else 0, :n] for out, own in self.layout]

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
                            (name, _("nothing it depends on was answered, and the "
                                     "missing-answer policy here is 'error'")))

    def rechecks(self, problems: dict[int, list[Problem]], columns: Columns,
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
            doubtful = self.predicates.needed(self.verdicts, doubtful, self.graded,
                                              self.constants)
        for index, rows in doubtful.items():
            self.exact.leaf(self.predicates.leaves[index], rows)


_NONE = np.zeros(0, dtype=np.int64)


def _buffer_rows(ruleset: m.Ruleset, written: Sequence[str], elsewhere: Iterable[str],
                 needed: Iterable[str]) -> tuple[dict[str, int], int]:
    """Each score's row in a thread's buffer (the scores that are neither output nor
    skipped), and how many rows: a node that only its parent reads shares its row with
    others, each taking a row its parent's step has finished with (the parent's step runs
    after its children's and before any later one: VectorPlan.written). Fewer rows are
    fewer fresh pages for each thread to fault in (54 rows, 27 MB a thread, on the
    90/2021 LKE's default outputs; 7 with sharing) and stay in the cache."""
    parent = {c.name: node.name for node in ruleset.nodes.values() for c in node.children}
    skip, keep = set(elsewhere), set(needed)
    rows: dict[str, int] = {}
    free: list[int] = []
    done: dict[str, list[int]] = {}  # parent -> the rows its children leave once it is done
    count = 0
    for name in written:
        if name not in skip:
            shared = name in parent and name not in keep
            if shared and free:
                rows[name] = free.pop()
            else:
                rows[name], count = count, count + 1
            if shared:
                done.setdefault(parent[name], []).append(rows[name])
        free.extend(done.pop(name, ()))
    return rows, count


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
