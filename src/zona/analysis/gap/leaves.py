"""The answers behind one scored leaf: what each may change to, at what cost, and the
leaf's score then. Used by the gap search (zona.analysis.gap.search) and by bounds.

Domains searched (documented in docs/analysis.md):
- a choice: every option of its scale;
- a count: 0..B, B = 1 + max(the item's current counts added up, its formula's largest
  whole constant); for ratios of counts that box holds every score the item can reach;
- a decimal (a survey index, only when surveys may change): its range in steps of GRID
  (0.01), plus both ends;
each only where the input's `change` allows (`up`: values above the answer; `down`: below;
zona.model.changes).

A change costs 1 (minimising answers), or its grade steps (options apart on the scale
ordered by value; from unanswered, the option's rank + 1; a count or decimal, 1). A
question on a scale with a range scores value / HIGH x its maximum. An answer "not
applicable" never changes and is never proposed: an option `= na` is no value; a formula
reads such an answer as the input's `na` policy says (HIGH under `full`, 0 under `zero`).
"""

from __future__ import annotations

import itertools
import math
from collections import ChainMap
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction

from zona import model as m
from zona.analysis.gap.clock import idle
from zona.analysis.gap.frontier import ONE, ZERO, State, prune
from zona.errors import ZonaError
from zona.i18n import N_, Message
from zona.model import expr as e
from zona.model.changes import allows
from zona.scoring.read import fact_number
from zona.scoring.result import Result

GRID = Fraction(1, 100)  # the granularity of decimal (survey) answers searched
LIMIT = 250_000  # evaluations of one item's formula before the search gives up


class Unsupported(ZonaError):
    """The ruleset or condition has a shape gap analysis cannot optimise exactly: the gap
    analysis then makes a heuristic plan (zona.analysis.gap.greedy). `message` says why in
    either language (a plan's `note` keeps it); `str()` in the language in use."""

    def __init__(self, msgid: str, /, **fields: object) -> None:
        self.message = Message(msgid, tuple(fields.items()))
        super().__init__(self.message.said("en"))

    def __str__(self) -> str:
        return self.message.said()


_READS_NODE = N_("gap analysis cannot search '{name}' exactly: its score reads the score of "
                 "node '{other}'")
_READS_VIEW = N_("gap analysis cannot search '{name}' exactly: its score reads the score of "
                 "view '{other}'")
VALUES = 100_000  # values of one input the exact search may try (counts 0..B, a 0.01 grid)


def _searchable(name: str, values: int) -> None:
    """Unsupported (the heuristic search takes over) when one input has more than VALUES
    values to try: a count of 10^12 would otherwise fill memory before any clock tick."""
    if values > VALUES:
        raise Unsupported(N_("gap analysis cannot search '{name}' exactly: more than {most} "
                             "values to try"), name=name, most=VALUES)


def steps_between(spec: m.Input, old: Fraction | None, new: Fraction) -> int:
    """Grade steps from `old` to `new`: options apart on the scale (from blank: rank + 1).

    A count or decimal has no grade scale: any change of it is one step.
    """
    if spec.kind != "choice" or spec.scale is None:
        return 1
    ranks = sorted({o.value for o in spec.scale.valued})
    here = ranks.index(old) if old in ranks else -1
    return abs(ranks.index(new) - here)


def high(spec: m.Input | None) -> Fraction:
    """The full mark of a choice's scale: HIGH of its range (1 without one)."""
    return spec.scale.high if spec is not None and spec.scale is not None else Fraction(1)


def reading(result: Result) -> dict[str, Fraction | None]:
    """What formulas read of a scored unit: each input's value (an answer "not applicable"
    as its `na` policy says: HIGH under `full`, 0 under `zero`, nothing under `reweight`),
    and the facts as expressions read them (a level's position, yes 1, no 0, a number)."""
    ruleset = result.ruleset
    found: dict[str, Fraction | None] = {i.name: result.values.get(i.name)
                                         for i in ruleset.inputs}
    for name in result.not_applicable:
        spec = ruleset.inputs_by_name[name]
        found[name] = high(spec) if spec.na == "full" else ZERO if spec.na == "zero" else None
    for name, value in result.facts.items():
        fact = ruleset.facts_by_name.get(name)
        number = fact_number(fact, value) if fact is not None else None
        if number is not None:
            found[name] = number
    return found


def item_points(node: m.Node, derived: Mapping[str, m.Derived],
                values: Mapping[str, Fraction | None]) -> Fraction | bool | None:
    """An item's score from input values (and facts, by name), evaluated as scoring
    evaluates it.

    None when it is unanswered, False when scoring would refuse the answers (a score
    outside 0..maximum, or a condition where a number is needed).
    """
    assert node.expr is not None

    def lookup(var: e.Var) -> Fraction | None:
        if var.kind == "derived":
            found = e.evaluate(derived[var.name].expr, lookup)
            if isinstance(found, bool):
                raise _Refused
            return found
        return values.get(var.name)

    try:
        points = e.evaluate(node.expr, lookup)
    except _Refused:
        return False
    if points is None:
        return None
    if isinstance(points, bool) or not 0 <= points <= node.maximum:
        return False
    return points


class _Refused(Exception):
    """A derived value gave a condition where a number was needed."""


def constants(expression: e.Expr) -> Iterable[e.Const]:
    """Every constant in an expression."""
    if isinstance(expression, e.Const):
        yield expression
    for child in e.children(expression):
        yield from constants(child)


class Leaves:
    """One unit's answers, which may change, and the states of each scored leaf."""

    def __init__(self, ruleset: m.Ruleset, values: Mapping[str, Fraction | None],
                 free: Iterable[str], steps: bool, grid: Fraction | None = None,
                 tick: Callable[[], None] = idle) -> None:
        self.ruleset = ruleset
        self.tick = tick  # called in long loops: a Clock's may stop the search
        self.values = dict(values)
        self.free = frozenset(free)
        self.steps = steps
        self.grid = grid if grid is not None else GRID
        self.inputs = ruleset.inputs_by_name
        self.derived = {d.name: d for d in ruleset.derived}
        self.leaf_of: dict[str, str] = {}  # input -> the one scored node it feeds

    def high(self, name: str) -> Fraction:
        """The full mark of input `name`'s scale (1 without a range)."""
        return high(self.inputs.get(name))

    def inputs_of(self, node: m.Node) -> tuple[str, ...]:
        """The inputs an item's formula reads, directly or through derived values."""
        found: list[str] = []
        stack: list[e.Expr] = [node.expr] if node.expr is not None else []
        seen: set[str] = set()
        while stack:
            for var in e.variables(stack.pop()):
                if var.kind not in ("input", "derived", "fact"):  # facts never change
                    raise Unsupported(_READS_VIEW if var.kind == "view" else _READS_NODE,
                                      name=node.name, other=var.name)
                if var.kind == "derived" and var.name not in seen:
                    seen.add(var.name)
                    stack.append(self.derived[var.name].expr)
                elif var.kind == "input" and var.name not in found:
                    found.append(var.name)
        return tuple(found)

    def claim(self, node: m.Node) -> None:
        """Record the inputs `node` reads; each may feed only one scored node."""
        names = (node.name,) if node.aggregate == "choice" else \
            self.inputs_of(node) if node.aggregate == "expr" else ()
        for name in names:
            other = self.leaf_of.setdefault(name, node.name)
            if other != node.name:
                raise Unsupported(N_("gap analysis needs each answer to feed one scored "
                                     "node, but '{name}' feeds both '{other}' and '{node}'"),
                                  name=name, other=other, node=node.name)

    def bound(self, node: m.Node) -> int:
        """Counts are searched in 0..B: B = 1 + max(the item's counts summed, its constants)."""
        names = self.inputs_of(node) if node.expr is not None else ()
        counts = sum(int(self.values.get(n) or 0) for n in names
                     if self.inputs[n].kind == "count")
        exprs: list[e.Expr] = [node.expr] if node.expr is not None else []
        stack = list(exprs)
        seen: set[str] = set()
        while stack:
            for var in e.variables(stack.pop()):
                if var.kind == "derived" and var.name not in seen:
                    seen.add(var.name)
                    stack.append(self.derived[var.name].expr)
                    exprs.append(self.derived[var.name].expr)
        found = [math.floor(abs(c.value)) for x in exprs for c in constants(x)]
        return max([counts, *found]) + 1

    def domain(self, name: str, bound: int = 0) -> list[tuple[Fraction, int]]:
        """Every other value input `name` may take, with the cost of changing to it: only
        the values its `change` allows (`up`: higher ones; zona.model.changes)."""
        spec = self.inputs[name]
        current = self.values.get(name)
        return [(v, c) for v, c in self._domain(spec, current, bound)
                if allows(spec.change, current, v)]

    def _domain(self, spec: m.Input, current: Fraction | None,
                bound: int) -> list[tuple[Fraction, int]]:
        name = spec.name
        if spec.kind == "choice":
            assert spec.scale is not None
            ranks = sorted({o.value for o in spec.scale.valued})
            return [(v, steps_between(spec, current, v) if self.steps else 1)
                    for v in ranks if v != current]
        if spec.kind == "count":
            _searchable(name, bound)  # counts of 10^12 would be 10^12 values in memory
            values = [Fraction(bound), *(Fraction(i) for i in range(bound))]
        else:
            if spec.low is None or spec.high is None:
                raise Unsupported(N_("gap analysis cannot search '{name}': it has no range"),
                                  name=name)
            first = math.ceil(spec.low / self.grid)
            last = math.floor(spec.high / self.grid)
            _searchable(name, last - first)
            grid = [k * self.grid for k in range(last, first - 1, -1)]
            values = list(dict.fromkeys([spec.high, spec.low, *grid]))
        return [(v, 1) for v in values if v != current]

    def score(self, node: m.Node, changes: Mapping[str, Fraction]) -> Fraction | bool | None:
        """The leaf's score with some inputs changed (see item_points)."""
        if node.aggregate == "choice":
            value = changes.get(node.name, self.values.get(node.name))
            return None if value is None else value / self.high(node.name) * node.maximum
        return item_points(node, self.derived, ChainMap(dict(changes), self.values))

    def alternatives(self, node: m.Node, fixed: Mapping[str, Fraction], name: str,
                     ) -> list[tuple[Fraction, int, Fraction]]:
        """Each other value of input `name`: (value, cost, the leaf's score then).

        The leaf's other inputs take their values from `fixed`, else their current ones;
        values that leave the leaf unanswered or that scoring would refuse are skipped.
        """
        found = []
        for value, cost in self.domain(name, self.bound(node)):
            points = self.score(node, {**fixed, name: value})
            if isinstance(points, Fraction):
                found.append((value, cost, points))
        return found

    def states(self, node: m.Node) -> list[State]:
        """The leaf's frontier: dims (answered, score), cheapest first.

        For an item, sets of changes are tried by size; once the item's maximum is
        reached at cost c, nothing of cost c or more can do better, and the search stops.
        """
        self.claim(node)
        if node.aggregate == "choice" or node.expr is None:
            return self._question(node)
        free = [n for n in self.inputs_of(node) if n in self.free]
        bound = self.bound(node)
        domains = {n: self.domain(n, bound) for n in free}

        def state(cost: int, changes: dict[str, Fraction]) -> State | None:
            points = self.score(node, changes)
            if points is False:
                return None
            answered = isinstance(points, Fraction)
            dims = (ONE if answered else ZERO, points if isinstance(points, Fraction) else ZERO)
            return (cost, dims, tuple(changes.items()) or None)

        start = state(0, {})
        found = [start] if start is not None else []
        best = 0 if start is not None and start[1] == (ONE, node.maximum) else None
        evaluations = 0
        for size in range(1, len(free) + 1):
            if best is not None and size > best:
                break  # every change costs at least 1
            for chosen in itertools.combinations(free, size):
                for picks in itertools.product(*(domains[n] for n in chosen)):
                    cost = sum(c for _, c in picks)
                    if best is not None and cost >= best:
                        continue
                    evaluations += 1
                    self.tick()
                    if evaluations > LIMIT:
                        raise Unsupported(
                            N_("gap analysis gave up on '{name}': more than {most} "
                               "combinations of its answers ({inputs}) to try"),
                            name=node.name, most=LIMIT, inputs=", ".join(free))
                    made = state(cost, dict(zip(chosen, (v for v, _ in picks), strict=True)))
                    if made is not None:
                        found.append(made)
                        if made[1] == (ONE, node.maximum):
                            best = cost if best is None else min(best, cost)
        return prune(found, 1, self.tick)

    def _question(self, node: m.Node) -> list[State]:
        current = self.values.get(node.name) if node.aggregate == "choice" else None
        top = self.high(node.name)
        found: list[State] = [(0, (ZERO if current is None else ONE,
                                   (current or ZERO) / top * node.maximum), None)]
        if node.aggregate == "choice" and node.name in self.free:
            found.extend((cost, (ONE, value / top * node.maximum), ((node.name, value),))
                         for value, cost in self.domain(node.name))
        return found
