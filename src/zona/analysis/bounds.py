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

The work is in bounds_reach (intervals), bounds_items (a formula item's extremes) and
bounds_verdicts (predicates); bounds_result holds what is returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from zona import model as m
from zona.analysis.bounds_items import CANDIDATES as CANDIDATES
from zona.analysis.bounds_reach import Reach
from zona.analysis.bounds_result import Bounds, Interval, Verdict
from zona.analysis.bounds_verdicts import verdicts
from zona.errors import AnswerProblem, ZonaAnswerError, ZonaError
from zona.scoring import read_value
from zona.scoring.read import is_not_applicable

#: the constructs beyond the first language that bounds supports
SUPPORTED = frozenset({"ranged-scales", "na", "weighted", "rounding", "every-under",
                       "fact-weights"})


def bounds(ruleset: m.Ruleset, answers: Mapping[str, object],
           facts: Mapping[str, object] | None = None) -> Bounds:
    """Score with the answers absent from `answers` (or None) unknown; see the module doc."""
    ruleset = ruleset.specialise(facts or {})  # weights that depend on facts: fixed by them
    ruleset.refuse("bounds", SUPPORTED)  # facts and views in formulas, grades in conditions
    values, na = _read(ruleset, answers)
    unknown = tuple(i.name for i in ruleset.inputs
                    if values.get(i.name) is None and i.name not in na)
    work = Reach(ruleset, values, _fixed(ruleset, answers, unknown, na, facts or {}), na)
    nodes = {n.name: work.node(n) for n in ruleset.root.walk()}
    views = {v.name: work.view(v) for top in ruleset.views for v in top.walk()}
    lowest = work.completion(False, answers, facts or {})
    highest = work.completion(True, answers, facts or {})
    leaves = frozenset(n.name for n in ruleset.root.walk() if n.aggregate in ("choice", "expr"))
    exact = work.independent and all(nodes[n].tight for n in leaves) and work.apart(leaves)
    found, certain = verdicts(ruleset, nodes, views, lowest, highest, exact)
    return Bounds(ruleset, unknown, nodes, views, found, certain, lowest, highest)


def _read(ruleset: m.Ruleset, answers: Mapping[str, object],
          ) -> tuple[dict[str, Fraction | None], set[str]]:
    """The known values, and the inputs answered "not applicable"."""
    problems: list[AnswerProblem] = []
    values: dict[str, Fraction | None] = {}
    na: set[str] = set()
    for key, raw in answers.items():
        spec = ruleset.inputs_by_name.get(str(key))
        if spec is None:
            problems.append(AnswerProblem(str(key), "no question or input has this id"))
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
    raise ZonaError("bounds cannot tell what does not apply: scoring refuses the lowest and "
                    "the highest completion of the unknown answers")


__all__ = ["Bounds", "Interval", "Verdict", "bounds"]
