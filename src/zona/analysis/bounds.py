"""Scores with some answers unknown: the interval each node and view can still reach.

    >>> found = bounds(ruleset, {"q1": "Ya", "q2": None})   # q2 and the rest unknown
    >>> found["total"].low, found["total"].high, found.predicates["WBK"]

An unknown answer (absent, or None) may take any value its input allows: any option of
its scale that has a value (never "not applicable"), any decimal in its range, any count
0, 1, 2, ... Every completion answers every input, so each mean counts all its children
(a weighted mean, with their weights), and every score is a sum of its leaves' scores with
fixed positive weights. An answer given as "not applicable" stays so: what does not apply
keeps its score (its maximum under `na full`, else 0), and what its parent does with it
(left out and the rest re-weighted under `na reweight`) is fixed too. A leaf's range
comes from exact interval arithmetic over its formula (always sound) and is *tight* when
some completion attains both ends; zona searches the options, the range ends and the
formula's constants for such completions. A node is tight when its leaves are tight and
share no unknown input.

Facts: those given are used. A levels or yes/no fact that expressions or weights read and
nobody gave takes each of its values in turn (every combination is bounded, and the
results merged: bounds_facts); a number fact read by expressions ranges over its declared
range, like an unknown answer. A fact read only by conditions stays unknown, as scoring
has it (its conditions are undecided). A formula may read views; grades may be compared
in conditions, and every grade gets its lowest and highest reachable level.

The work is in bounds_reach (intervals), bounds_items (a formula item's extremes),
bounds_verdicts (predicates), bounds_grades (grades) and bounds_facts (unknown facts);
bounds_result holds what is returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from zona import model as m
from zona.analysis.bounds_facts import fact_plan, merge, read_by_expressions
from zona.analysis.bounds_items import CANDIDATES as CANDIDATES
from zona.analysis.bounds_reach import Reach
from zona.analysis.bounds_result import Bounds, GradeBounds, Interval, Verdict
from zona.analysis.bounds_verdicts import Judge
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.i18n import N_, _
from zona.model.features import FEATURES
from zona.scoring import read_value
from zona.scoring.read import fact_number, is_not_applicable, plain_facts, read_fact

#: the constructs beyond the first language that bounds supports: all of them
SUPPORTED = frozenset(FEATURES)


def bounds(ruleset: m.Ruleset, answers: Mapping[str, object],
           facts: Mapping[str, object] | None = None) -> Bounds:
    """Score with the answers absent from `answers` (or None) unknown; see the module doc."""
    problems: list[AnswerProblem] = []
    given = dict(plain_facts(ruleset, facts or {}, problems))  # other rulesets' results
    if problems:
        raise ZonaAnswerError(problems)
    plan = fact_plan(ruleset, given)
    runs = [_bounds(ruleset, answers, {**given, **combination}, plan.open)
            for combination in plan.combinations]
    if len(runs) == 1:
        return attrs.evolve(runs[0], unknown_facts=plan.unknown)
    return merge(runs, plan)


def _bounds(ruleset: m.Ruleset, answers: Mapping[str, object], facts: Mapping[str, object],
            opened: tuple[str, ...]) -> Bounds:
    """Bounds for one value of every fact but the `opened` number facts."""
    ruleset = ruleset.specialise(facts)  # weights that depend on facts: fixed by them
    ruleset.refuse(N_("bounds"), SUPPORTED)
    values, na = _read(ruleset, answers)
    unknown = tuple(i.name for i in ruleset.inputs
                    if values.get(i.name) is None and i.name not in na)
    declared = ruleset.facts_by_name
    open_facts = {n: declared[n] for n in opened}
    numbers = _fact_numbers(ruleset, facts)
    probe = {**facts, **{n: _inside(f) for n, f in open_facts.items()}}
    work = Reach(ruleset, values, _fixed(ruleset, answers, unknown, na, probe), na, numbers,
                 open_facts)
    nodes = {n.name: work.node(n) for n in ruleset.root.walk()}
    views = {v.name: work.view(v) for top in ruleset.views for v in top.walk()}
    lowest = work.completion(False, answers, facts)
    highest = work.completion(True, answers, facts)
    leaves = frozenset(n.name for n in ruleset.root.walk() if n.aggregate in ("choice", "expr"))
    exact = work.independent and all(nodes[n].tight for n in leaves) and work.apart(leaves)
    complete = all(f.name in opened or facts.get(f.name) is not None for f in ruleset.facts)
    judge = Judge(ruleset, nodes, views, lowest, highest, exact, work.lookup, open_facts,
                  complete)
    found, certain = judge.verdicts()
    grades = {g.name: judge.grade(g) for g in ruleset.grades}
    return Bounds(ruleset, unknown, nodes, views, found, certain, lowest, highest, grades)


def _fact_numbers(ruleset: m.Ruleset, facts: Mapping[str, object]) -> dict[str, Fraction]:
    """The given facts that expressions read, as they read them; bad ones are problems."""
    problems: list[AnswerProblem] = []
    found: dict[str, Fraction] = {}
    for name in read_by_expressions(ruleset):
        raw = facts.get(name)
        if raw is None:
            continue
        fact = ruleset.facts_by_name[name]
        try:
            number = fact_number(fact, read_fact(fact, raw))
        except ValueError as error:
            problems.append(AnswerProblem(f"facts.{name}", str(error)))
            continue
        if number is not None:
            found[name] = number
    if problems:
        raise ZonaAnswerError(problems)
    return found


def _inside(fact: m.Fact) -> Fraction:
    """A value within a number fact's range (to find what does not apply)."""
    if fact.low is not None:
        return fact.low
    return min(fact.high, Fraction(0)) if fact.high is not None else Fraction(0)


def _read(ruleset: m.Ruleset, answers: Mapping[str, object],
          ) -> tuple[dict[str, Fraction | None], set[str]]:
    """The known values, and the inputs answered "not applicable"."""
    problems: list[AnswerProblem] = []
    values: dict[str, Fraction | None] = {}
    na: set[str] = set()
    for key, raw in answers.items():
        spec = ruleset.inputs_by_name.get(str(key))
        if spec is None:
            problems.append(AnswerProblem(str(key), _("no question or input has this id")))
            continue
        if is_not_applicable(spec, raw):
            na.add(spec.name)
            continue
        try:
            values[spec.name] = read_value(spec, raw)
        except ValueError as error:
            problems.append(AnswerProblem(spec.name, str(error)))
    if problems:
        raise ZonaAnswerError(problems)
    return values, na


def _fixed(ruleset: m.Ruleset, answers: Mapping[str, object], unknown: tuple[str, ...],
           na: set[str], facts: Mapping[str, object]) -> Mapping[str, Fraction]:
    """The nodes that do not apply, with their scores: what follows from the answers "not
    applicable" alone (unknown answers are never that), read from one completion."""
    if not na:
        return {}
    known = {k: v for k, v in answers.items() if k not in unknown}
    for high in (False, True):
        filled = dict(known)
        for name in unknown:
            spec = ruleset.inputs_by_name[name]
            if spec.scale is not None:
                filled[name] = (spec.scale.best if high else spec.scale.worst).name
            else:
                end = spec.high if high and spec.kind == "decimal" else spec.low
                filled[name] = end if end is not None else 0
        try:
            probe = ruleset.score(filled, facts)
        except ZonaError:
            continue
        return {n.name: n.score for n in probe.nodes.values() if not n.applicable}
    raise ZonaError(_("bounds cannot tell what does not apply: scoring refuses the lowest "
                      "and the highest completion of the unknown answers"))


__all__ = ["Bounds", "GradeBounds", "Interval", "Verdict", "bounds"]
