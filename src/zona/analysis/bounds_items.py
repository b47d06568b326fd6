"""The extremes of one formula item over completions of its unknown inputs (and of the
unknown number facts it reads): a search of the options, the range ends and the formula's
constants, for completions that reach the ends of the item's (sound) interval."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from fractions import Fraction

from zona import model as m
from zona.analysis.gap.leaves import constants, item_points
from zona.errors import ZonaError
from zona.i18n import _
from zona.model import expr as e

CANDIDATES = 20_000  # completions of one item tried when looking for its extremes

Extreme = tuple[Fraction, dict[str, Fraction]]  # points, and the completion reaching them


def item_inputs(node: m.Node, derived: Mapping[str, m.Derived]) -> tuple[bool, list[str]]:
    """Whether the item's formula reads other nodes or views, and the inputs and facts it
    reads (through derived values too)."""
    names: list[str] = []
    reads_nodes = False
    stack: list[e.Expr] = [node.expr] if node.expr is not None else []
    seen: set[str] = set()
    while stack:
        for var in e.variables(stack.pop()):
            if var.kind in ("node", "view"):
                reads_nodes = True
            elif var.kind == "derived" and var.name not in seen:
                seen.add(var.name)
                stack.append(derived[var.name].expr)
            elif var.kind in ("input", "fact") and var.name not in names:
                names.append(var.name)
    return reads_nodes, names


def extremes(ruleset: m.Ruleset, derived: Mapping[str, m.Derived],
             values: Mapping[str, Fraction | None], node: m.Node, names: list[str],
             unknown: list[str]) -> tuple[Extreme, Extreme]:
    """The lowest and highest points among (up to CANDIDATES) completions of `unknown`."""
    low: Extreme | None = None
    high: Extreme | None = None
    choices = [candidates(ruleset, values, node, n, names) for n in unknown]
    for picks in itertools.islice(itertools.product(*choices), CANDIDATES):
        assignment = dict(zip(unknown, picks, strict=True))
        points = item_points(node, derived, {**values, **assignment})
        if not isinstance(points, Fraction) or isinstance(points, bool):
            continue
        if low is None or points < low[0]:
            low = (points, assignment)
        if high is None or points > high[0]:
            high = (points, assignment)
    if low is None or high is None:
        raise ZonaError(_("no completion of the unknown answers gives '{node}' a score "
                          "scoring accepts ({unknown})", node=node.name,
                          unknown=", ".join(unknown)))
    return low, high


def candidates(ruleset: m.Ruleset, values: Mapping[str, Fraction | None], node: m.Node,
               name: str, names: list[str]) -> list[Fraction]:
    """Values of unknown input (or number fact) `name` tried for the item's extremes."""
    spec = ruleset.inputs_by_name.get(name)
    numbers = {c.value for c in constants(node.expr)} if node.expr is not None else set()
    if spec is None:  # a number fact nobody gave: its range's ends, 0, 1 and the constants
        fact = ruleset.facts_by_name[name]
        tried = {v for v in (fact.low, fact.high) if v is not None} | {Fraction(0), Fraction(1),
                                                                     *numbers}
        return sorted(v for v in tried if (fact.low is None or v >= fact.low)
                      and (fact.high is None or v <= fact.high))
    if spec.kind == "choice":
        assert spec.scale is not None
        return sorted({o.value for o in spec.scale.valued})
    if spec.kind == "decimal":
        assert spec.low is not None and spec.high is not None
        return sorted({spec.low, spec.high,
                       *(c for c in numbers if spec.low <= c <= spec.high)})
    known = [int(values.get(n) or 0) for n in names
             if n in ruleset.inputs_by_name and ruleset.inputs_by_name[n].kind == "count"]
    found = {0, 1, 2, *known, sum(known), sum(known) + 1,
             *(math.floor(c) for c in numbers if c >= 0),
             *(math.ceil(c) for c in numbers if c >= 0)}
    return sorted(Fraction(v) for v in found)


__all__ = ["CANDIDATES", "candidates", "extremes", "item_inputs"]
