"""Reading a table for batch scoring: which column is which input or fact, the facts given
for every row, every input's column, and each row's reading problems as the exact path
finds them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs
import numpy as np

from zona import model as m
from zona.batch.columns import Array, Table
from zona.batch.exact import Problem
from zona.batch.inputs import Flags, InputData, read_input
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.io.sheets import FACT_PREFIX, SOAL, input_id
from zona.scoring import Plan, read_fact


@attrs.define
class Columns:
    """Which column holds each input and fact, the columns carried over, and warnings."""

    inputs: dict[str, str] = attrs.field(factory=dict)  # input id -> column
    facts: dict[str, str] = attrs.field(factory=dict)  # fact id -> column
    carried: list[str] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)



def columns_of(ruleset: m.Ruleset, names: Sequence[str]) -> Columns:
    found = Columns()
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


def read_inputs(ruleset: m.Ruleset, read: Table, columns: Columns,
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
        for row in (range(rows) if known is False else np.flatnonzero(~known).tolist()):
            problems.setdefault(row, []).append((place, f"needed by '{owner}', but not given"))
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
                    (place, "unanswered, and the missing-answer policy here is 'error'"))
    return problems


def outputs(ruleset: m.Ruleset, nodes: Sequence[str] | None) -> list[str]:
    views = [v.name for top in ruleset.views for v in top.walk()]
    every = [*ruleset.nodes, *views]
    if nodes is None:
        return every
    unknown = [n for n in nodes if n not in ruleset.nodes and n not in views]
    if unknown:
        raise ZonaError(f"{ruleset.id} has no node or view {', '.join(map(repr, unknown))}")
    return list(dict.fromkeys(["total", *nodes]))


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
