"""Facts nobody gave, for bounds: which expressions and weights read, every combination of
the levels and yes/no ones (each bounded on its own), and the merging of those bounds into
one: the hull of the intervals, the verdicts over every combination, the grades' lowest
and highest levels. A number fact nobody gave is not enumerated: it ranges over its
declared range inside the intervals (zona.analysis.bounds_reach)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from zona import model as m
from zona.analysis.bounds_result import Bounds, GradeBounds, Interval, Verdict
from zona.errors import ZonaError
from zona.i18n import _, whole
from zona.model import expr as e
from zona.scoring.result import Result

MAX_COMBINATIONS = 64  # combinations of unknown levels and yes/no facts bounded one by one


@attrs.frozen
class FactPlan:
    """The unknown facts: those enumerated (each combination of their values), and the
    number facts that range over their declared range."""

    enumerated: tuple[str, ...]
    combinations: tuple[dict[str, object], ...]
    open: tuple[str, ...]

    @property
    def unknown(self) -> tuple[str, ...]:
        return (*self.enumerated, *self.open)


def read_by_expressions(ruleset: m.Ruleset) -> list[str]:
    """The facts that derived values, scores and grades' values read, and weights depend
    on, in declaration order: scoring needs every one of them."""
    expressions = [*(d.expr for d in ruleset.derived),
                   *(n.expr for n in ruleset.nodes.values() if n.expr is not None),
                   *(g.value for g in ruleset.grades if g.value is not None)]
    read = {v.name for x in expressions for v in e.variables(x) if v.kind == "fact"}
    read.update(ruleset.weight_facts)
    return [f.name for f in ruleset.facts if f.name in read]


def fact_plan(ruleset: m.Ruleset, facts: Mapping[str, object]) -> FactPlan:
    """What to do about each fact expressions or weights read that `facts` does not give."""
    declared = ruleset.facts_by_name
    missing = [n for n in read_by_expressions(ruleset) if facts.get(n) is None]
    enumerated = tuple(n for n in missing if declared[n].kind != "number")
    opened = tuple(n for n in missing if declared[n].kind == "number")
    choices = [declared[n].levels if declared[n].kind == "levels" else (False, True)
               for n in enumerated]
    count = 1
    for values in choices:
        count *= len(values)
    if count > MAX_COMBINATIONS:
        raise ZonaError(_("bounds would try {count} combinations of the facts nobody gave "
                          "({facts}); at most {most}: give some of them", count=whole(count),
                          facts=", ".join(enumerated), most=whole(MAX_COMBINATIONS)))
    combinations = tuple(dict(zip(enumerated, picked, strict=True))
                         for picked in itertools.product(*choices))
    return FactPlan(enumerated, combinations, opened)


def merge(runs: Sequence[Bounds], plan: FactPlan) -> Bounds:
    """One Bounds over every combination of the enumerated facts: `lowest` is the lowest
    completion whose total is least, `highest` the highest whose total is greatest; an
    interval is tight when those two reach its ends."""
    lowest = min(runs, key=lambda b: b.total.low).lowest
    highest = max(runs, key=lambda b: b.total.high).highest
    first = runs[0]
    nodes = {name: _hull([r.nodes[name] for r in runs], lowest, highest, name)
             for name in first.nodes}
    views = {name: _hull([r.views[name] for r in runs], lowest, highest, name)
             for name in first.views}
    verdicts: dict[str, Verdict] = {}
    exact: dict[str, bool] = {}
    for name in first.predicates:
        seen = {r.predicates[name] for r in runs}
        verdicts[name] = seen.pop() if len(seen) == 1 else "undecided"
        open_both = {"passed", "failed"} <= {r.predicates[name] for r in runs} or any(
            r.predicates[name] == "undecided" and r.exact[name] for r in runs)
        exact[name] = verdicts[name] != "undecided" or open_both
    grades = {name: _levels([r.grades[name] for r in runs]) for name in first.grades}
    return Bounds(first.ruleset, first.unknown, nodes, views, verdicts, exact, lowest, highest,
                  grades, plan.unknown)


def _hull(found: list[Interval], lowest: Result, highest: Result, name: str) -> Interval:
    low = min(i.low for i in found)
    high = max(i.high for i in found)
    shares = (min(i.share_low for i in found), max(i.share_high for i in found))
    tight = _score(lowest, name) == low and _score(highest, name) == high
    return Interval(low, high, max(i.maximum for i in found), tight, shares)


def _score(result: Result, name: str) -> Fraction | None:
    return result.nodes[name].score if name in result.nodes else result.views[name].score


def _levels(found: list[GradeBounds]) -> GradeBounds:
    """The lowest and highest level over every combination; exact when a combination that
    reaches each end exactly has it."""
    grade = found[0].grade
    answered = [g for g in found if g.low is not None and g.high is not None]
    if not answered:
        return GradeBounds(grade, None, None, all(g.exact for g in found))
    low = min(answered, key=lambda g: grade.position(g.low or "")).low
    high = max(answered, key=lambda g: grade.position(g.high or "")).high
    exact = len(answered) == len(found) and any(g.exact and g.low == low for g in found) \
        and any(g.exact and g.high == high for g in found)
    return GradeBounds(grade, low, high, exact)


__all__ = ["MAX_COMBINATIONS", "FactPlan", "fact_plan", "merge", "read_by_expressions"]
