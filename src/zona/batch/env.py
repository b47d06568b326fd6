"""One chunk of rows as the vectorised steps see it (Env), the arrays they reuse (Scratch),
and helpers for answered and dropped flags.

Flags are a boolean array per row, or True / False for every row of the chunk. A node (or
derived value, or input) is *dropped* where it does not apply under `na reweight`: left out
of its parent and of what reads it (zona.scoring.applicable); `na` holds the nodes that do
not apply under any policy (`every` conditions skip them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from zona.batch.columns import Array
from zona.batch.denominators import Denominators
from zona.batch.facts import FactData
from zona.batch.inputs import Flags, InputData, U
from zona.batch.row_bounds import RowBounds
from zona.model import expr as e

if TYPE_CHECKING:
    from zona.batch.fused import Fusion

Number = tuple[Any, Any]  # values (array or float) and error bounds (array or float)


@attrs.define(eq=False)
class Env:
    """One chunk of rows: the scores (`work`, one row per name of the plan), input and
    derived values with their error bounds, answered flags, one error bound per node and
    view, what does not apply, and the rows the exact path must score (`suspect`, None for
    none)."""

    start: int
    n: int
    work: Array | list[Array]  # a row per name of the plan (rows of a block, or arrays)
    rows: Mapping[str, int]
    inputs: Mapping[str, InputData]
    wanted: frozenset[str]  # inputs read by expressions: they need error bounds
    facts: Mapping[str, FactData] = attrs.field(factory=dict)
    views: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)  # every view's nodes
    val: dict[str, Any] = attrs.field(factory=dict)
    err: dict[str, Any] = attrs.field(factory=dict)
    ans: dict[str, Flags] = attrs.field(factory=dict)
    drop: dict[str, Flags] = attrs.field(factory=dict)  # inputs and derived values dropped
    answered: dict[str, Flags] = attrs.field(factory=dict)
    bound: dict[str, float] = attrs.field(factory=dict)
    na: dict[str, Flags] = attrs.field(factory=dict)  # nodes that do not apply
    gone: dict[str, Flags] = attrs.field(factory=dict)  # nodes dropped (na reweight)
    grades: dict[str, tuple[Any, Any, Flags]] = attrs.field(factory=dict)
    suspect: Array | None = None
    unsure: Any = None  # rows in doubt in the expression at hand
    scratch: Scratch | None = None
    denominators: Denominators | None = None
    fusion: Fusion | None = None  # means scored from codes, questions not scored alone
    cache: dict[str, Number] = attrs.field(factory=dict, init=False)

    def __attrs_post_init__(self) -> None:
        if self.scratch is None or len(self.scratch.index) < self.n:
            self.scratch = Scratch(self.n)

    def score(self, name: str) -> Array:
        return self.work[self.rows[name]]

    def number(self, var: e.Var) -> Number:
        if var.kind == "node":
            return self.score(var.name), self.bound[var.name]
        if var.kind == "view":
            return self._view(var.name)
        if var.kind == "fact":
            values, _, errors = self.facts[var.name].chunk(self.start, self.start + self.n)
            return values, errors
        if var.name not in self.val:
            self._read(var.name)
        return self.val[var.name], self.err[var.name]

    def flags(self, kind: str, name: str) -> Flags:
        """Whether each row has a value (answered, or not applicable under `full`/`zero`)."""
        if kind == "node":
            return self.answered[name]
        if kind == "view":
            return any_of([self.answered[p] for p in self.views[name]])
        if kind == "fact":
            return self.facts[name].chunk(self.start, self.start + self.n)[1]
        if name not in self.ans:
            self._read(name)
        return self.ans[name]

    def dropped(self, kind: str, name: str) -> Flags:
        """Where a value does not apply under `na reweight` (a view: where all its parts)."""
        if kind == "node":
            return self.gone.get(name, False)
        if kind == "view":
            return all_of([self.gone.get(p, False) for p in self.views[name]])
        if kind == "fact":
            return False
        if kind == "input" and name not in self.drop:
            self.drop[name] = self.inputs[name].dropped(self.start, self.start + self.n)
        return self.drop.get(name, False)

    def _read(self, name: str) -> None:
        self.val[name], self.ans[name], self.err[name] = self.inputs[name].chunk(
            self.start, self.start + self.n, name in self.wanted)

    def _view(self, name: str) -> Number:
        """A view's score read by an expression: the sum of its nodes' scores."""
        found = self.cache.get(name)
        if found is None:
            parts = self.views[name]
            total = np.zeros(self.n)
            for part in parts:
                total += self.score(part)
            top = float(np.max(np.abs(total))) if len(total) else 0.0
            found = self.cache[name] = (total, sum(self.bound[p] for p in parts)
                                         + len(parts) * U * top)
        return found

    def denominator(self, x: e.Expr, rows: Array) -> Any:
        """A bound on the denominator of an expression's exact value on some rows of the
        chunk: one for every row, or an array with one per row where that is needed (0:
        unbounded); None when none is known."""
        if self.denominators is None:
            return None
        found = self.denominators.expr(x)
        if found is not None:
            return found
        if self.denominators.unbounded(x):  # no row has a bound: nothing to work out
            return None
        return RowBounds(self.denominators, self, rows).expr(x)

    def doubt(self, rows: Any) -> None:
        self.unsure = rows if self.unsure is None else self.unsure | rows

    def suspicious(self, rows: Any) -> None:
        """Add rows (a mask, or True for all) to those the exact path scores whole."""
        rows = np.broadcast_to(np.asarray(rows, dtype=bool), (self.n,))
        if rows.any():
            self.suspect = rows.copy() if self.suspect is None else self.suspect | rows


@attrs.define(eq=False)
class Scratch:
    """Arrays a chunk's steps reuse instead of allocating their own (one set per thread):
    answer codes as indices, two booleans per row, and four blocks of 4 bytes per
    row for whole numbers (zona.batch.fused)."""

    size: int
    index: Array = attrs.field(init=False)
    flag: Array = attrs.field(init=False)
    near: Array = attrs.field(init=False)
    whole: list[Array] = attrs.field(init=False)
    views: dict[tuple[int, Any], Array] = attrs.field(init=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        self.index = np.empty(self.size, dtype=np.intp)
        self.flag = np.empty(self.size, dtype=bool)
        self.near = np.empty(self.size, dtype=bool)
        self.whole = [np.empty(self.size, dtype=np.int32) for _ in range(4)]

    def ints(self, slot: int, dtype: Any, n: int) -> Array:
        """Whole-number block `slot` (0 to 3) as n values of an integer type of at most
        4 bytes."""
        found = self.views.get((slot, dtype))
        if found is None:
            found = self.views[slot, dtype] = self.whole[slot].view(dtype)
        return found[:n]


def any_of(flags: list[Flags]) -> Flags:
    """Whether any is set (True: on every row)."""
    if any(f is True for f in flags):
        return True
    arrays = [f for f in flags if f is not False]
    if not arrays:
        return False
    found = np.array(arrays[0], dtype=bool)
    for other in arrays[1:]:
        found |= other
    return found


def all_of(flags: list[Flags]) -> Flags:
    """Whether all are set (True: on every row; True when there are none)."""
    if any(f is False for f in flags):
        return False
    arrays = [f for f in flags if f is not True]
    if not arrays:
        return True
    found = np.array(arrays[0], dtype=bool)
    for other in arrays[1:]:
        found &= other
    return found


def needs_of(expression: e.Expr | None) -> list[tuple[str, str]]:
    """What an expression reads, each once: (kind, name)."""
    if expression is None:
        return []
    return list(dict.fromkeys((v.kind, v.name) for v in e.variables(expression)))


def all_answered(env: Env, needs: list[tuple[str, str]]) -> Flags:
    """Whether every value an expression needs has a value."""
    return all_of([env.flags(kind, name) for kind, name in needs])


def any_dropped(env: Env, needs: list[tuple[str, str]]) -> Flags:
    """Whether any value an expression reads does not apply (then neither does it)."""
    return any_of([env.dropped(kind, name) for kind, name in needs])


def where(flags: Flags, then: Any, otherwise: Any) -> Any:
    """np.where for flags that may be True or False for every row."""
    if flags is True:
        return then
    if flags is False:
        return otherwise
    return np.where(flags, then, otherwise)


def and_not(flags: Flags, other: Flags) -> Flags:
    """flags and not other."""
    if other is False or flags is False:
        return flags
    if other is True:
        return False
    return (np.asarray(flags) if flags is not True else np.ones(len(other), bool)) & ~other


__all__ = ["Env", "Number", "Scratch", "all_answered", "all_of", "and_not", "any_dropped",
           "any_of", "needs_of", "where"]
