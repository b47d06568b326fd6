"""Per-row bounds on the denominators of exact values, for the rows in doubt where the bound
of zona.batch.denominators is too large to use: a mean divides by how many children it
counted, a weighted mean by their weights, a re-weighted sum by the maxima of the children
that apply, and a static bound must allow for every combination, while a row has one.

Bounds are int64 arrays, one per row in doubt; 0 means unbounded (a divide() by a variable,
or a bound above zona.batch.denominators.LIMIT).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from zona import model as m
from zona.batch.columns import Array
from zona.batch.denominators import LIMIT, Denominators
from zona.model import expr as e

if TYPE_CHECKING:
    from zona.batch.env import Env


def _lcm(a: Array, b: Array) -> Array:
    gcd = np.gcd(a, b)
    part = a // np.where(gcd == 0, 1, gcd)
    bad = (a == 0) | (b == 0) | (part > LIMIT // np.maximum(b, 1))
    return np.where(bad, 0, part * np.where(bad, 1, b))


def _times(a: Array, b: Array) -> Array:
    bad = (a == 0) | (b == 0) | (a > LIMIT // np.maximum(b, 1))
    return np.where(bad, 0, a * np.where(bad, 1, b))


class RowBounds:
    """The bounds of some rows of a chunk (`rows`: indices into the chunk)."""

    def __init__(self, bounds: Denominators, env: Env, rows: Array) -> None:
        self.bounds, self.env, self.rows = bounds, env, rows
        self.ruleset = bounds.ruleset
        self.memo: dict[object, Array] = {}

    def _full(self, value: int | None) -> Array:
        return np.full(len(self.rows), value or 0, dtype=np.int64)

    def _take(self, flags: Any) -> Array:
        """Chunk flags (an array, or True / False for every row) for these rows."""
        if flags is True or flags is False:
            return np.full(len(self.rows), flags)
        return np.asarray(flags)[self.rows]

    def of(self, kind: str, name: str) -> Array:
        key = (kind, name)
        if key not in self.memo:
            if kind == "node":
                self.memo[key] = self._node(self.ruleset.nodes[name])
            elif kind == "view":
                view = self.ruleset.views_by_name[name]
                found = self._full(1)
                for part in (*(("node", p) for p in view.parts),
                             *(("view", c.name) for c in view.children)):
                    found = _lcm(found, self.of(*part))
                self.memo[key] = found
            elif kind == "derived":
                self.memo[key] = self.expr(self.bounds.derived[name].expr)
            else:
                self.memo[key] = self._full(self.bounds.of(kind, name))
        return self.memo[key]

    def expr(self, x: e.Expr) -> Array:
        if isinstance(x, e.Var):
            return self.of(x.kind, x.name)
        if isinstance(x, e.Const | e.Round):
            return self._full(self.bounds.expr(x))
        if isinstance(x, e.Negate):
            return self.expr(x.operand)
        if isinstance(x, e.Extremum | e.If):
            found = self._full(1)
            for part in (x.args if isinstance(x, e.Extremum) else (x.then, x.otherwise)):
                found = _lcm(found, self.expr(part))
            return found
        if isinstance(x, e.Binary) and x.op in ("+", "-", "*"):
            join = _lcm if x.op != "*" else _times
            return join(self.expr(x.left), self.expr(x.right))
        if isinstance(x, e.Binary) and x.op == "/" and isinstance(x.right, e.Const):
            return _times(self.expr(x.left), self._full(abs(x.right.value.numerator)))
        return self._full(None)

    def _node(self, node: m.Node) -> Array:
        env, top = self.env, node.maximum
        if node.aggregate == "choice":
            return self._full(self.bounds.of("node", node.name))
        if node.aggregate == "expr":
            found = self.expr(node.expr) if node.expr is not None else self._full(1)
        else:
            found = self._full(1)
            gone = [self._take(env.gone.get(c.name, False)) for c in node.children]
            if node.aggregate == "sum":
                for child in node.children:
                    found = _lcm(found, self.of("node", child.name))
                if any(g.any() for g in gone):  # re-weighted: max x raw / (maxima counted)
                    common = math.lcm(*(c.maximum.denominator for c in node.children))
                    room = sum(np.where(g, 0, int(c.maximum * common))
                               for c, g in zip(node.children, gone, strict=True))
                    stretch = _times(np.maximum(room, 1), self._full(top.denominator))
                    found = np.where(np.logical_or.reduce(gone), _times(found, stretch),
                                     found)
            else:
                weighted = node.aggregate == "weighted"
                common = math.lcm(*(c.weight.denominator for c in node.children
                                    if c.weight)) if weighted else 1
                count = np.zeros(len(self.rows), dtype=np.int64)
                for child, g in zip(node.children, gone, strict=True):
                    share = _times(self.of("node", child.name),
                                   self._full(child.maximum.numerator))
                    found = _lcm(found, share)
                    counted = self._take(env.answered[child.name]) | (
                        child.missing == "zero") & ~g
                    size = int((child.weight or 1) * common) if weighted else 1
                    count += np.where(counted, size, 0)
                found = _times(_times(found, np.maximum(count, 1)),
                               self._full(top.denominator))
        na = self._take(env.na.get(node.name, False))
        if node.na == "full" and na.any():
            found = np.where(na, _lcm(found, self._full(top.denominator)), found)
        return found


__all__ = ["RowBounds"]
