"""The exact plan: the search (zona.analysis.gap.search) for the fewest changes, each change
then lowered to the least that still passes, or the conditions that block when no plan
exists. Raises Unsupported for a shape it cannot optimise and OutOfTime at the deadline
of the search; once the search is done, its finishing runs up to the whole time limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

import attrs

from zona import model as m
from zona.analysis.gap.answers import apply, input_order
from zona.analysis.gap.clock import Clock, OutOfTime
from zona.analysis.gap.conditions import Alternative, Blocking, Requirement, alternatives
from zona.analysis.gap.search import Need, Search
from zona.analysis.gap.targets import Target
from zona.i18n import N_
from zona.scoring.result import Result

ZERO = Fraction(0)


@attrs.frozen
class Exact:
    """What the exact search found: `plan` (input -> new value), or None when no allowed
    change meets every score condition, with `blocking` saying which are in the way."""

    plan: dict[str, Fraction] | None
    needed: list[Requirement]
    facts: list[Blocking]
    blocking: list[Blocking] = attrs.Factory(list)


def exact(result: Result, target: str | Target, answers: Mapping[str, object],
          free: list[str], steps: bool, clock: Clock, held: Iterable[str] = ()) -> Exact:
    """The fewest changes (or grade steps) of the `free` inputs meeting the target's score
    conditions, proven minimal: over every way to meet them (an `or`, a grade's levels),
    the cheapest, preferring a way no fact blocks. `held` are the inputs frozen."""
    ruleset = result.ruleset
    values = {i.name: result.values.get(i.name) for i in ruleset.inputs}
    search = Search(ruleset, values, free, steps=steps, tick=clock.tick, unit=result)
    ways = alternatives(result, target)
    best: tuple[tuple[bool, int, int], Alternative, dict[str, Fraction]] | None = None
    for way in ways:  # met as it is, and no fact in the way: nothing to do
        if not way.facts and all(r.met(result) for r in way.needed):
            clock.enter("finishing")
            return Exact({}, way.needed, [])
    for index, way in enumerate(ways):
        if any(not r.need.form and not r.need.met(ZERO) for r in way.needed):
            continue  # a threshold on nothing: never met
        found = search.solve([r.need for r in way.needed])
        if found is not None and (best is None or (bool(way.facts), found[0], index) < best[0]):
            best = ((bool(way.facts), found[0], index), way, found[1])
    clock.until(1.0)  # the search is done: the rest may use the whole limit
    clock.enter("finishing")
    if best is None:
        blocking: dict[str, Blocking] = {}
        facts: dict[str, Blocking] = {}
        for way in ways:
            for found_block in _why(search, way, set(held), result):
                blocking.setdefault(found_block.condition, found_block)
            for fact in way.facts:
                facts.setdefault(fact.condition, fact)
        return Exact(None, ways[0].needed, list(facts.values()), list(blocking.values()))
    _, way, plan = best
    plan = _shrink(search, ruleset, answers, result.facts, plan, way.needed)
    return Exact(plan, way.needed, way.facts)


def _why(search: Search, way: Alternative, frozen: set[str], result: Result,
         ) -> list[Blocking]:
    """The conditions that keep one way to meet the target from being met."""
    constant = [r for r in way.needed if not r.need.form and not r.need.met(ZERO)]
    if constant:
        return [Blocking(r.text, N_("can never be met: its maximum is 0"), ZERO, r.need.threshold)
                for r in constant]
    return _blockers(search, way.needed, frozen, result)


def _shrink(search: Search, ruleset: m.Ruleset, answers: Mapping[str, object],
            facts: Mapping[str, object], plan: dict[str, Fraction],
            needed: list[Requirement]) -> dict[str, Fraction]:
    """Lower each change, one at a time, to the least that still meets every condition.

    The cost never rises, so the plan stays optimal; no single change overshoots. At the
    time limit the plan is returned as lowered so far (still minimal, and still passing).
    """
    plan = dict(plan)

    def passes(trial: Mapping[str, Fraction]) -> bool:
        search.tick()
        scored = ruleset.score(apply(ruleset, answers, trial), facts)
        return all(r.met(scored) for r in needed)

    try:
        for name in sorted(plan, key=input_order(ruleset)):
            plan[name] = _least(search, ruleset, plan, name, passes)
    except OutOfTime:
        pass
    return plan


def _least(search: Search, ruleset: m.Ruleset, plan: dict[str, Fraction], name: str,
           passes: Callable[[Mapping[str, Fraction]], bool]) -> Fraction:
    """The value of input `name` with the least leaf score that still passes, at no more
    cost, closest to the original answer."""
    leaves = search.leaves
    leaf = ruleset.node(leaves.leaf_of.get(name, name))
    original = leaves.values.get(name)
    if leaf.aggregate == "choice":
        top = leaves.high(name)
        options = [(v, c, v / top * leaf.maximum) for v, c in leaves.domain(name)]
    else:
        options = leaves.alternatives(leaf, plan, name)
    mine = plan[name]
    now = next(p for v, _, p in options if v == mine)
    cost = next(c for v, c, _ in options if v == mine)
    options = [o for o in options if o[1] <= cost and o[2] <= now]
    scores = sorted({p for _, _, p in options})
    low, high = 0, len(scores) - 1  # scores[high] == now passes
    while low < high:
        middle = (low + high) // 2
        pick = next(v for v, _, p in options if p == scores[middle])
        if passes({**plan, name: pick}):
            high = middle
        else:
            low = middle + 1
    least = scores[high]
    base = original if original is not None else Fraction(0)
    return min((o for o in options if o[2] >= least),
               key=lambda o: (o[1], abs(o[0] - base), o[0]))[0]


def _blockers(search: Search, needed: list[Requirement], frozen: set[str],
              result: Result) -> list[Blocking]:
    """The conditions no allowed change can meet: each alone, else a smallest joint set.

    At the time limit: the conditions the unit fails now, together (no plan exists; which
    of them block was not narrowed down).
    """
    try:
        return _blocking(search, needed, frozen)
    except OutOfTime:
        failing = [r for r in needed if not r.met(result)] or needed
        return [Blocking(r.text, N_("no allowed change meets it together with the other "
                                    "conditions listed (not narrowed down within the time "
                                    "limit)"),
                         None, r.need.threshold, frozen_inputs(search, r, frozen))
                for r in failing]


def _blocking(search: Search, needed: list[Requirement], frozen: set[str]) -> list[Blocking]:
    alone = []
    for r in needed:
        highest = search.highest(Need(r.text, r.need.form, None))
        if highest is None or not r.need.met(highest):
            alone.append(Blocking(r.text, N_("cannot be met by changing the allowed answers"),
                                  highest, r.need.threshold, frozen_inputs(search, r, frozen)))
    if alone:
        return alone
    kept = list(needed)
    for r in list(kept):
        trial = [k for k in kept if k is not r]
        if search.solve([k.need for k in trial]) is None:
            kept = trial
    return [Blocking(r.text, N_("cannot be met together with the other blocking conditions"),
                     None, r.need.threshold, frozen_inputs(search, r, frozen)) for r in kept]


def frozen_inputs(search: Search, requirement: Requirement,
                  frozen: set[str]) -> tuple[str, ...]:
    """The frozen inputs that feed a requirement's score."""
    ruleset = search.ruleset
    found: list[str] = []
    for name in requirement.need.form:
        for node in ruleset.node(name).walk():
            names = (node.name,) if node.aggregate == "choice" else \
                search.leaves.inputs_of(node) if node.aggregate == "expr" else ()
            found.extend(n for n in names if n in frozen and n not in found)
    return tuple(found)


__all__ = ["Exact", "exact", "frozen_inputs"]
