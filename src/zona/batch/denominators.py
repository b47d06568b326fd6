"""Bounds on the denominators of exact values, and exact values recovered from floats.

Every exact value of a ruleset is a fraction. Where the denominators of what it reads are
bounded (option values, weights, counts, the decimals a table holds), so is its own: a
multiple of 1/D for a D worked out here the way the SQL back end works out its static
denominators (a sum: the least common multiple; a product: the product; a mean: times the
least common multiple of the counts it may divide by; a divide() by a variable: unbounded).

A float v within E of such a value x = N/D with E x D < 1/4 determines it: N is the whole
number nearest v x D. So a comparison or a rounding the float alone cannot decide (x on the
threshold, or on a half) is decided exactly from N, in integers, without the exact path.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from zona import model as m
from zona.batch.facts import FactData
from zona.batch.inputs import InputData, U
from zona.model import expr as e

LIMIT = 2**40  # larger denominators are taken as unbounded
_EXACT = 2.0**52  # whole numbers below this are exact as floats


def _lcm(*values: int | None) -> int | None:
    if any(v is None for v in values):
        return None
    found = math.lcm(*(v for v in values if v is not None)) if values else 1
    return found if found <= LIMIT else None


def _times(*values: int | None) -> int | None:
    if any(v is None for v in values):
        return None
    found = math.prod(v for v in values if v is not None)
    return found if found <= LIMIT else None


class Denominators:
    """Denominator bounds for one table's values (decimal answers and number facts are
    bounded by the values the table holds), each worked out once."""

    def __init__(self, ruleset: m.Ruleset, inputs: Mapping[str, InputData],
                 facts: Mapping[str, FactData]) -> None:
        self.ruleset, self.inputs, self.facts = ruleset, inputs, facts
        self.derived = {d.name: d for d in ruleset.derived}
        self.views = ruleset.views_by_name
        self.memo: dict[object, int | None] = {}
        self.lock = threading.RLock()  # chunks ask from several threads

    def of(self, kind: str, name: str) -> int | None:
        """The bound of a node's, view's, input's, derived value's or fact's value."""
        key = (kind, name)
        with self.lock:
            if key not in self.memo:
                self.memo[key] = self._of(kind, name)
            return self.memo[key]

    def expr(self, x: e.Expr) -> int | None:
        """The bound of an expression's value."""
        key = ("expr", x)  # (expressions are frozen: equal ones have one bound)
        with self.lock:
            if key not in self.memo:
                self.memo[key] = self._expr(x)
            found: int | None = self.memo[key]
            return found

    def _expr(self, x: e.Expr) -> int | None:
        if isinstance(x, e.Const):
            return x.value.denominator
        if isinstance(x, e.Var):
            return self.of(x.kind, x.name)
        if isinstance(x, e.Negate):
            return self.expr(x.operand)
        if isinstance(x, e.Round):
            return int(10 ** max(x.places, 0))
        if isinstance(x, e.Extremum):
            return _lcm(*(self.expr(a) for a in x.args))
        if isinstance(x, e.If):
            return _lcm(self.expr(x.then), self.expr(x.otherwise))
        if isinstance(x, e.Binary) and x.op in ("+", "-"):
            return _lcm(self.expr(x.left), self.expr(x.right))
        if isinstance(x, e.Binary) and x.op == "*":
            return _times(self.expr(x.left), self.expr(x.right))
        if isinstance(x, e.Binary) and x.op == "/" and isinstance(x.right, e.Const):
            return _times(self.expr(x.left), abs(x.right.value.numerator))
        return None  # divide() by a variable, or a condition

    def _of(self, kind: str, name: str) -> int | None:
        if kind == "node":
            return self._node(self.ruleset.nodes[name])
        if kind == "view":
            view = self.views[name]
            return _lcm(*(self.of("node", p) for p in view.parts),
                        *(self.of("view", c.name) for c in view.children))
        if kind == "derived":
            return self.expr(self.derived[name].expr)
        if kind == "fact":
            fact = self.facts.get(name)
            if fact is None or fact.spec.kind != "number":
                return 1
            return _lcm(*(v.denominator for v in fact.reads if isinstance(v, Fraction)))
        data = self.inputs[name]
        spec = data.spec
        if spec.kind == "count":
            return 1
        if spec.scale is not None:
            return _lcm(*(o.value.denominator for o in spec.scale.valued),
                        spec.scale.high.denominator)
        if data.codes is None:
            return 1 if data.column is None or data.column.integral else None
        return _lcm(*(v.denominator for v in data.exacts if v is not None))

    def unbounded(self, x: e.Expr) -> bool:
        """Whether an expression's value has no denominator bound on any row (it reads a
        divide() by a variable, a float column or a value whose static bound is unknown
        for every row), so that no per-row bound need be worked out."""
        key = ("unbounded", x)
        with self.lock:
            if key not in self.memo:
                self.memo[key] = int(self._unbounded(x))
            return bool(self.memo[key])

    def _unbounded(self, x: e.Expr) -> bool:
        if isinstance(x, e.Const | e.Round):
            return False
        if isinstance(x, e.Negate):
            return self.unbounded(x.operand)
        if isinstance(x, e.Extremum | e.If):
            parts = x.args if isinstance(x, e.Extremum) else (x.then, x.otherwise)
            return any(self.unbounded(p) for p in parts)
        if isinstance(x, e.Binary) and x.op in ("+", "-", "*"):
            return self.unbounded(x.left) or self.unbounded(x.right)
        if isinstance(x, e.Binary) and x.op == "/" and isinstance(x.right, e.Const):
            return self.unbounded(x.left)
        if not isinstance(x, e.Var):
            return True  # divide() by a variable, or a condition
        if x.kind == "node":
            node = self.ruleset.nodes[x.name]
            if node.aggregate == "choice":
                return self.of("node", x.name) is None
            if node.aggregate == "expr":
                return node.expr is not None and self.unbounded(node.expr)
            return any(self.unbounded(e.Var(c.name, "node")) for c in node.children)
        if x.kind == "view":
            view = self.views[x.name]
            return any(self.unbounded(e.Var(p, "node")) for p in view.parts) or any(
                self.unbounded(e.Var(c.name, "view")) for c in view.children)
        if x.kind == "derived":
            return self.unbounded(self.derived[x.name].expr)
        return self.of(x.kind, x.name) is None

    def droppable(self, name: str) -> bool:
        """Whether a node may not apply under `na reweight` (and be left out)."""
        key = ("dropped", name)
        with self.lock:
            if key not in self.memo:
                node = self.ruleset.nodes[name]
                self.memo[key] = int(node.na == "reweight" and self._na(node))
            return bool(self.memo[key])

    def _na(self, node: m.Node) -> bool:
        """Whether a node may not apply: a question with a "not applicable" option, a
        formula reading what may be dropped, a node whose children may all be."""
        if node.aggregate == "choice":
            scale = self.inputs[node.name].spec.scale
            return scale is not None and bool(scale.not_applicable)
        if node.aggregate == "expr":
            return node.expr is not None and self._reads_dropped(node.expr)
        return bool(node.children) and all(self.droppable(c.name) for c in node.children)

    def _reads_dropped(self, x: e.Expr) -> bool:
        for var in e.variables(x):
            if var.kind == "node" and self.droppable(var.name):
                return True
            if var.kind == "view" and all(self.droppable(p) for v in
                                          self.views[var.name].walk() for p in v.parts):
                return True
            if var.kind == "derived" and self._reads_dropped(self.derived[var.name].expr):
                return True
            if var.kind == "input":
                spec = self.inputs[var.name].spec
                if spec.na == "reweight" and spec.scale is not None and \
                        spec.scale.not_applicable:
                    return True
        return False

    def _node(self, node: m.Node) -> int | None:
        top = node.maximum
        na = top.denominator  # a node that does not apply: its maximum, or 0
        if node.aggregate == "choice":
            spec = self.inputs[node.name].spec
            high = spec.scale.high if spec.scale is not None else Fraction(1)
            return _lcm(_times(self.of("input", node.name), high.numerator,
                               top.denominator), na)
        if node.aggregate == "expr":
            return _lcm(self.expr(node.expr), na) if node.expr is not None else 1
        children = [self.of("node", c.name) for c in node.children]
        if node.aggregate == "sum":
            found = _lcm(*children)
            dropped = [self.droppable(c.name) for c in node.children]
            if any(dropped):  # re-weighted: max x raw / (the maxima counted)
                common = math.lcm(*(c.maximum.denominator for c in node.children))
                rooms = _sums([int(c.maximum * common) for c in node.children], dropped)
                found = _times(found, top.denominator, _lcm(*rooms))
            return _lcm(found, na)
        shares = [_times(d, c.maximum.numerator) for d, c in zip(children, node.children,
                                                                  strict=True)]
        if node.aggregate == "weighted":
            common = math.lcm(*(c.weight.denominator for c in node.children if c.weight))
            counts = _sums([int((c.weight or 1) * common) for c in node.children],
                           [True] * len(node.children))
        else:
            counts = list(range(1, len(node.children) + 1))
        return _lcm(_times(_lcm(*shares), _lcm(*counts), top.denominator), na)


def _sums(sizes: list[int], optional: list[bool]) -> list[int]:
    """The sums above 0 of the sizes, each always counted or (`optional`) perhaps (a
    large list: unbounded)."""
    found = {0}
    for size, perhaps in zip(sizes, optional, strict=True):
        found = {f + size for f in found} | (found if perhaps else set())
        if len(found) > 4096:
            return [LIMIT + 1]
    return sorted(f for f in found if f > 0)


Bound = Any  # an int, or an int64 array with a bound per row (0: unbounded)


def snap(values: Any, error: Any, bound: Bound | None) -> tuple[Any, Any] | None:
    """The exact numerators N over `bound` of float values within `error` of multiples of
    1 / bound, and where that is sure (None when no bound is known)."""
    if bound is None:
        return None
    below = np.asarray(bound, dtype=float)
    scaled = np.asarray(values, dtype=float) * below
    found = np.rint(scaled)
    sure = (np.asarray(error) * below + np.abs(scaled) * U < 0.25) & \
        (np.abs(scaled) < _EXACT) & (below > 0) & (np.abs(scaled - found) < 0.25)
    return found, sure


def compare(numerators: Any, bound: Bound, op: str, threshold: Fraction) -> tuple[Any, Any]:
    """N / bound op threshold, exactly, and where the integers were small enough to be."""
    left = numerators * float(threshold.denominator)
    top = threshold.numerator
    right = float(top) * np.asarray(bound, dtype=float) if abs(top) < _EXACT else \
        np.full(np.shape(numerators), np.inf)
    sure = (np.abs(left) < _EXACT) & (np.abs(right) < _EXACT)
    return _OPS[op](left, right), sure


_OPS = {"==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
        ">": np.greater, ">=": np.greater_equal}


def rounded(numerators: Any, bound: Bound, function: str, places: int, mode: str
            ) -> tuple[Any, Any]:
    """zona.model.expr.rounded's whole number of N / bound x 10**places, in integers, and
    where the integers were small enough to be exact."""
    scale = 10 ** abs(places)
    top = numerators * float(scale if places > 0 else 1)
    below = np.asarray(bound, dtype=float) * (scale if places < 0 else 1)
    sure = (np.abs(top) < _EXACT) & (below < _EXACT) & (below > 0)
    a = np.where(sure, top, 0).astype(np.int64)
    b = np.where(sure, below, 1).astype(np.int64)
    low = np.floor_divide(a, b)
    rest = a - low * b
    if function == "floor":
        return low, sure
    if function == "ceil":
        return low + (rest > 0), sure
    twice = 2 * rest
    half = {"half_up": a > 0, "half_down": a < 0, "half_even": low % 2 != 0}[mode]
    return np.where(twice > b, low + 1, np.where(twice < b, low, low + half)), sure


__all__ = ["LIMIT", "Bound", "Denominators", "compare", "rounded", "snap"]
