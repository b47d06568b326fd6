"""Pareto frontiers of answer changes: the building block of the exact gap search.

A *state* is `(cost, dims, trace)`: the cost of a set of answer changes, the exact
values that still matter to the conditions above it, and the changes themselves. A
frontier keeps only the states that no other state beats: none costs at most as much
with every value at least as high (some leading dims must instead be equal: how many
children a mean counts, whether a node is answered).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import TypeAlias

import attrs

from zona.analysis.gap.clock import idle


@attrs.frozen
class Join:
    """Two traces together (kept as a tree, flattened once at the end)."""

    left: Trace
    right: Trace


Trace: TypeAlias = "tuple[tuple[str, Fraction], ...] | Join | None"
Dims: TypeAlias = tuple[Fraction, ...]
State: TypeAlias = tuple[int, Dims, Trace]
ZERO = Fraction(0)
ONE = Fraction(1)


def join(left: Trace, right: Trace) -> Trace:
    if left is None:
        return right
    return left if right is None else Join(left, right)


def changes_of(trace: Trace) -> dict[str, Fraction]:
    """The answer changes a trace stands for: input -> new value."""
    found: dict[str, Fraction] = {}
    stack = [trace]
    while stack:
        item = stack.pop()
        if isinstance(item, Join):
            stack.extend((item.left, item.right))
        elif item is not None:
            found.update(item)
    return found


def prune(states: Iterable[State], same: int = 0, tick: Callable[[], None] = idle,
          ) -> list[State]:
    """Drop beaten states: the first `same` dims must match, the rest are higher-better.

    `tick` is called now and then (a Clock's: it may stop the search)."""
    groups: dict[Dims, list[State]] = defaultdict(list)
    for state in states:
        groups[state[1][:same]].append(state)
    kept: list[State] = []
    for group in groups.values():
        tick()
        group.sort(key=lambda s: (s[0], tuple(-v for v in s[1][same:])))
        width = len(group[0][1]) - same
        if width == 0:
            kept.append(group[0])
        elif width == 1:
            best: Fraction | None = None
            for state in group:
                if best is None or state[1][same] > best:
                    kept.append(state)
                    best = state[1][same]
        else:
            mine: list[State] = []
            for state in group:
                tick()
                tail = state[1][same:]
                if not any(all(a >= b for a, b in zip(k[1][same:], tail, strict=True))
                           for k in mine):
                    mine.append(state)
            kept.extend(mine)
    return kept


def convolve(states: list[State], sub: list[State], picks: list[int | None],
             tick: Callable[[], None] = idle) -> list[State]:
    """Every pair of states added up (dim i adds sub's dim picks[i]); beaten ones dropped."""
    if len(picks) != 1:
        return prune(((cost + sub_cost,
                       tuple(v if p is None else v + sub_values[p]
                             for v, p in zip(values, picks, strict=True)),
                       join(trace, sub_trace))
                      for cost, values, trace in _ticking(states, tick)
                      for sub_cost, sub_values, sub_trace in sub), tick=tick)
    pick = picks[0]
    best: dict[int, tuple[Fraction, Trace, Trace]] = {}
    for cost, values, trace in states:
        tick()
        for sub_cost, sub_values, sub_trace in sub:
            value = values[0] if pick is None else values[0] + sub_values[pick]
            total = cost + sub_cost
            found = best.get(total)
            if found is None or value > found[0]:
                best[total] = (value, trace, sub_trace)
    kept: list[State] = []
    top: Fraction | None = None
    for total in sorted(best):
        value, trace, sub_trace = best[total]
        if top is None or value > top:
            kept.append((total, (value,), join(trace, sub_trace)))
            top = value
    return kept


def _ticking(states: list[State], tick: Callable[[], None]) -> Iterable[State]:
    for state in states:
        tick()
        yield state
