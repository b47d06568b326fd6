"""Scores with some answers unknown: the interval each node and view can still reach.

    >>> found = bounds(ruleset, {"q1": "Ya", "q2": None})   # q2 and the rest unknown
    >>> found["total"].low, found["total"].high, found.predicates["WBK"]

An unknown answer (absent, or None) may take any value its input allows: any option of
its scale, any decimal in its range, any count 0, 1, 2, ... Every completion answers
every input, so each mean counts all its children, and every score is a sum of its
leaves' scores with fixed positive weights. A leaf's range comes from exact interval
arithmetic over its formula (always sound) and is *tight* when some completion attains
both ends; zona searches the options, the range ends and the formula's constants for
such completions. A node is tight when its leaves are tight and share no unknown input.

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
from zona.errors import AnswerProblem, ZonaAnswerError
from zona.scoring import read_value


def bounds(ruleset: m.Ruleset, answers: Mapping[str, object],
           facts: Mapping[str, object] | None = None) -> Bounds:
    """Score with the answers absent from `answers` (or None) unknown; see the module doc."""
    ruleset.refuse("bounds")  # the constructs beyond the first language: not yet
    values = _read(ruleset, answers)
    unknown = tuple(i.name for i in ruleset.inputs if values.get(i.name) is None)
    work = Reach(ruleset, values)
    nodes = {n.name: work.node(n) for n in ruleset.root.walk()}
    views = {v.name: work.view(v) for top in ruleset.views for v in top.walk()}
    lowest = work.completion(False, answers, facts or {})
    highest = work.completion(True, answers, facts or {})
    leaves = frozenset(n.name for n in ruleset.root.walk() if n.aggregate in ("choice", "expr"))
    exact = work.independent and all(nodes[n].tight for n in leaves) and work.apart(leaves)
    found, certain = verdicts(ruleset, nodes, views, lowest, highest, exact)
    return Bounds(ruleset, unknown, nodes, views, found, certain, lowest, highest)


def _read(ruleset: m.Ruleset, answers: Mapping[str, object]) -> dict[str, Fraction | None]:
    problems: list[AnswerProblem] = []
    values: dict[str, Fraction | None] = {}
    for key, raw in answers.items():
        spec = ruleset.inputs_by_name.get(str(key))
        if spec is None:
            problems.append(AnswerProblem(str(key), "no question or input has this id"))
            continue
        try:
            values[spec.name] = read_value(spec, raw)
        except ValueError as error:
            problems.append(AnswerProblem(spec.name, str(error)))
    if problems:
        raise ZonaAnswerError(problems)
    return values


__all__ = ["Bounds", "Interval", "Verdict", "bounds"]
