"""A heuristic plan, verified: for the predicates the exact search cannot optimise ('or',
'not', <, <=, ==, != on scores, a score reading another score, an answer feeding two
scored nodes) and for when it does not finish within the time limit.

Greedy: repeatedly make the single answer change that brings the target's score
conditions closest to met (zona.analysis.gap.goal) per unit of cost, each candidate
re-scored exactly by `ruleset.score`, until they are met or no change helps. Gains are
re-measured lazily (a candidate is re-scored when it comes to the top). Then changes not
needed are taken back, and each is lowered to the least value that still passes. The plan
is not proven minimal.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Mapping
from fractions import Fraction

from zona import model as m
from zona.analysis.gap.answers import answer, input_order, unit_answers
from zona.analysis.gap.clock import Clock, OutOfTime
from zona.analysis.gap.goal import Goal
from zona.analysis.gap.leaves import GRID, steps_between
from zona.errors import ZonaError
from zona.model import expr as e
from zona.model.changes import allows
from zona.scoring.result import Result

Key = tuple[int, Fraction]  # (0, -gain) for a change that costs nothing more, else (1, -gain/cost)
Plan = dict[str, Fraction]


class Greedy:
    """The heuristic search for one unit, target and set of inputs that may change."""

    def __init__(self, goal: Goal, result: Result, free: Iterable[str], steps: bool,
                 clock: Clock) -> None:
        self.goal = goal
        self.ruleset = ruleset = result.ruleset
        self.facts = result.facts
        self.values = {i.name: result.values.get(i.name) for i in ruleset.inputs}
        self.answers = unit_answers(result)  # answers "not applicable" kept as they are
        self.free = sorted(free, key=input_order(ruleset))
        self.steps = steps
        self.clock = clock
        self.partners = _partners(ruleset)
        self._answers: dict[tuple[str, Fraction], object] = {}

    def score(self, plan: Mapping[str, Fraction]) -> Result | None:
        """The unit re-scored with `plan`, or None when scoring refuses those answers."""
        self.clock.tick()
        answers = dict(self.answers)
        for name, value in plan.items():
            found = self._answers.get((name, value))
            if found is None:
                found = self._answers[name, value] = answer(self.ruleset.inputs_by_name[name],
                                                            value)
            answers[name] = found
        try:
            return self.ruleset.score(answers, self.facts)
        except ZonaError:
            return None

    def passes(self, plan: Mapping[str, Fraction]) -> bool:
        found = self.score(plan)
        return found is not None and self.goal.met(found)

    def own(self, name: str, value: Fraction | None) -> int:
        """What changing `name` to `value` costs: 1, or its grade steps (0 for no change)."""
        original = self.values[name]
        if value is None or value == original:
            return 0
        return steps_between(self.ruleset.inputs_by_name[name], original, value) \
            if self.steps else 1

    def cost(self, plan: Mapping[str, Fraction]) -> int:
        """A plan's cost: its changes, or their grade steps."""
        return sum(self.own(name, value) for name, value in plan.items())

    def more(self, plan: Mapping[str, Fraction], name: str, value: Fraction) -> int:
        """How much changing `name` to `value` adds to the plan's cost."""
        return self.own(name, value) - self.own(name, plan.get(name))

    # --- the search -------------------------------------------------------------------

    def search(self) -> tuple[Plan, bool]:
        """(the plan, True) once the conditions are met; (where it got stuck, False)."""
        plan: Plan = {}
        now = self.score(plan)
        if now is None or self.goal.met(now):
            return plan, now is not None
        distance = self.goal.distance(now)
        heap: list[tuple[Key, int, int, str, Fraction]] = []
        order = itertools.count()
        stamp = 0  # the number of changes made: a key measured at this stamp is fresh
        refreshed = False

        def fill(names: Iterable[str]) -> None:
            for name in names:
                for value in self.candidates(name, plan):
                    key = self._key(plan, distance, name, value)
                    if key is not None:
                        heapq.heappush(heap, (key, stamp, next(order), name, value))

        allowed = set(self.free)  # a partner held by the user or the ruleset stays as it is
        fill(self.free)
        while True:
            if not heap:
                if refreshed:
                    return plan, False  # no single change brings the conditions closer
                refreshed = True  # gains measured before some changes: measure all again
                fill(self.free)
                continue
            _, when, _, name, value = heapq.heappop(heap)
            if plan.get(name, self.values[name]) == value:
                continue
            if when != stamp:  # measured before the last change: measure again
                key = self._key(plan, distance, name, value)
                if key is not None:
                    heapq.heappush(heap, (key, stamp, next(order), name, value))
                continue
            plan[name] = value
            stamp += 1
            refreshed = False
            found = self.score(plan)
            assert found is not None  # it scored when measured
            distance = self.goal.distance(found)
            self.clock.changes = len(plan)
            if not distance and self.goal.met(found):
                return plan, True
            fill([name, *(p for p in self.partners.get(name, ()) if p in allowed)])

    def _key(self, plan: Plan, distance: Fraction, name: str, value: Fraction) -> Key | None:
        """How good changing `name` to `value` is now (smaller is better); None: no gain."""
        trial = {**plan, name: value}
        found = self.score(trial)
        if found is None:
            return None
        gain = distance - self.goal.distance(found)
        if gain <= 0:
            return None
        more = self.more(plan, name, value)
        return (0, -gain) if more <= 0 else (1, -gain / more)

    def candidates(self, name: str, plan: Mapping[str, Fraction]) -> list[Fraction]:
        """The values input `name` may change to: every option; a count's 0, 1, one
        either side, the counts it is compared with and their sum; a decimal's ends."""
        spec = self.ruleset.inputs_by_name[name]
        original = self.values[name]
        now = plan.get(name, original)
        if spec.kind == "choice":
            assert spec.scale is not None
            found = {o.value for o in spec.scale.valued}
        elif spec.kind == "count":
            here = now or Fraction(0)
            others = [v for p in self.partners.get(name, ())
                      if (v := plan.get(p, self.values.get(p))) is not None]
            found = {v for v in (Fraction(0), Fraction(1), here - 1, here + 1, *others,
                                 sum(others, here) + 1) if v >= 0}
        else:
            low = spec.low if spec.low is not None else Fraction(0)
            high = spec.high if spec.high is not None else max(now or low, low) + 100
            middle = _grid((low + high) / 2)
            found = {low, high, *(v for v in (middle,) if low <= v <= high)}
        return sorted(v for v in found if v != now and v != original
                      and allows(spec.change, original, v))

    # --- tidying a passing plan ---------------------------------------------------------

    def tidy(self, plan: Plan) -> Plan:
        """Take back the changes not needed (the last made first), then lower each to the
        least value that still passes. At the time limit, the plan as tidied so far."""
        plan = dict(plan)
        try:
            for name in reversed(list(plan)):
                trial = {k: v for k, v in plan.items() if k != name}
                if self.passes(trial):
                    plan = trial
            for name in sorted(plan, key=input_order(self.ruleset)):
                plan[name] = self._least(plan, name)
        except OutOfTime:
            pass
        return plan

    def _least(self, plan: Plan, name: str) -> Fraction:
        """The value of `name` closest to its original answer that still passes, at no
        more cost (a binary search when there are many, as if passing were monotone)."""
        values = [v for v in self._between(name, plan[name]) if self.more(plan, name, v) <= 0]
        if len(values) <= 8:
            return next((v for v in values if self.passes({**plan, name: v})), plan[name])
        low, high = 0, len(values)  # values[len] would be plan[name], which passes
        while low < high:
            middle = (low + high) // 2
            if self.passes({**plan, name: values[middle]}):
                high = middle
            else:
                low = middle + 1
        return values[high] if high < len(values) else plan[name]

    def _between(self, name: str, mine: Fraction) -> list[Fraction]:
        """Values of `name` other than `mine` and its original, closest to the original
        first: any option; counts and decimals (on the 0.01 grid) between the two."""
        spec = self.ruleset.inputs_by_name[name]
        original = self.values[name]
        if spec.kind == "choice":
            assert spec.scale is not None
            found = sorted({o.value for o in spec.scale.valued} - {mine, original},
                           key=lambda v: (abs(v - original) if original is not None else v, v))
            return [v for v in found if allows(spec.change, original, v)]
        step = Fraction(1) if spec.kind == "count" else GRID
        start = original if original is not None else (spec.low or Fraction(0))
        low, high = min(start, mine), max(start, mine)
        if (high - low) / step > 100_000:
            return []
        found = [k * step for k in range(math.floor(low / step) + 1, math.ceil(high / step))]
        if mine < start:
            found.reverse()
        if original is None:
            found.insert(0, start)
        return [v for v in found if v != mine and allows(spec.change, original, v)]


def _grid(value: Fraction) -> Fraction:
    return Fraction(math.floor(value / GRID)) * GRID


def _partners(ruleset: m.Ruleset) -> dict[str, tuple[str, ...]]:
    """For each input, the other inputs read by the same scored node's formula."""
    derived = {d.name: d for d in ruleset.derived}
    found: dict[str, list[str]] = {}
    for node in ruleset.root.walk():
        if node.expr is None:
            continue
        names: list[str] = []
        stack: list[e.Expr] = [node.expr]
        seen: set[str] = set()
        while stack:
            for var in e.variables(stack.pop()):
                if var.kind == "derived" and var.name not in seen:
                    seen.add(var.name)
                    stack.append(derived[var.name].expr)
                elif var.kind == "input" and var.name not in names:
                    names.append(var.name)
        for name in names:
            mine = found.setdefault(name, [])
            mine.extend(n for n in names if n != name and n not in mine)
    return {k: tuple(v) for k, v in found.items()}


__all__ = ["Greedy"]
