"""Reading a table for batch scoring: which column is which input or fact, the facts given
for every row, every input's column, and each row's reading problems as the exact path
finds them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from zona import model as m
from zona.batch.columns import Array, Column, Table
from zona.batch.exact import Problem
from zona.batch.inputs import Flags, InputData, read_input
from zona.batch.names import Columns, columns_of, outputs
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.i18n import _
from zona.io.sheets import FACT_PREFIX
from zona.scoring import Plan, read_fact


def given_facts(ruleset: m.Ruleset, facts: Mapping[str, object],
                 columns: Columns) -> dict[str, m.FactValue]:
    """The facts given for every row, checked; a fact also given as a column is an error."""
    problems: list[AnswerProblem] = []
    found: dict[str, m.FactValue] = {}
    declared = ruleset.facts_by_name
    for key, raw in facts.items():
        name = str(key)
        where = f"facts.{name}"
        if name not in declared:
            problems.append(AnswerProblem(where, _("no fact has this id")))
        elif name in columns.facts:
            problems.append(AnswerProblem(where, _("also given by column {column}; give it "
                                                   "once", column=repr(columns.facts[name]))))
        elif raw is not None:
            try:
                found[name] = read_fact(declared[name], raw)
            except ValueError as error:
                problems.append(AnswerProblem(where, str(error)))
    if problems:
        raise ZonaAnswerError(problems, "facts")
    return found


def read_inputs(ruleset: m.Ruleset, read: Table, columns: Columns,
                pool: ThreadPoolExecutor) -> Iterator[tuple[str, InputData]]:
    """Every input's column, read by the exact path's reader in the pool's threads, which
    start at once: (input id, its data) pairs as they are read, for `dict()` to wait for.
    Each column's reader is made on this thread (Table.later: a pandas frame's columns
    are taken from it here, as pandas frames are not meant to be read from several
    threads at once; encoding texts, the slow part, then runs in the threads)."""
    names = list(ruleset.inputs_by_name)
    readers = [None if (c := columns.inputs.get(n)) is None else read.later(c) for n in names]

    def one(name: str, reader: Callable[[], Column] | None) -> InputData:
        return read_input(ruleset.inputs_by_name[name], None if reader is None else reader())

    return zip(names, pool.map(one, names, readers), strict=True)


def reading_problems(ruleset: m.Ruleset, plan: Plan, inputs: Mapping[str, InputData],
                     facts: Mapping[str, Any], given: Mapping[str, m.FactValue],
                     columns: Columns, rows: int) -> dict[int, list[Problem]]:
    """Row -> its problems, as the exact path finds them: unreadable answers (in column
    order), unreadable facts, facts that expressions read but nobody gave, then answers
    that a `missing error` policy requires (a "not applicable" answer is no problem)."""
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
    for fact, owner in plan.expression_facts.items():  # a fact an expression reads
        known = facts_known(fact, facts, given, rows)
        if known is True:
            continue
        place = columns.facts.get(fact, FACT_PREFIX + fact)
        needed = _("needed by '{owner}', but not given", owner=owner)
        for row in (range(rows) if known is False else np.flatnonzero(~known).tolist()):
            problems.setdefault(row, []).append((place, needed))
    unanswered = _("unanswered, and the missing-answer policy here is 'error'")
    for name in plan.required:
        data = inputs[name]
        answered = data.flags(0, rows)
        na = data.na_flags(0, rows)
        if na is not False:
            answered = answered | na
        if answered is True:
            continue
        place = columns.inputs.get(name, name)
        for row in (range(rows) if answered is False else np.flatnonzero(~answered).tolist()):
            if row not in data.bad:
                problems.setdefault(row, []).append(
                    (place, unanswered))
    return problems


def facts_known(fact: str, columns: Mapping[str, Any], given: Mapping[str, m.FactValue],
                rows: int) -> Flags:
    """Where a fact is given (its column's cell, or the value for every row)."""
    column = columns.get(fact)
    if column is None:
        return fact in given or not rows
    codes: Array = column.codes
    return codes >= 0 if len(codes) and int(codes.min()) < 0 else True


__all__ = ["Columns", "columns_of", "facts_known", "given_facts", "outputs", "read_inputs",
           "reading_problems"]
