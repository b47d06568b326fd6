"""Expressions over a chunk of rows in float64, every value with a bound on its error.

A Number is (values, error): values an array (a float for a constant), error a float that
bounds every row's error or an array with a bound per row; 0.0 means exact. Constants
are worked out exactly; whole numbers below 2**53 (counts and what + - * make of them)
stay exact; otherwise each operation's own rounding error is computed exactly (TwoSum
for + and -, Dekker's TwoProduct for *, the exact remainder a - q*b for a division; a
quotient of whole numbers is exact when it is whole). A decision that depends
on a float (a comparison, an `if`, a division by zero) is taken from the floats only when
they are farther apart than their bounds, or the bounds are 0; rows in doubt are handed
to `chunk.doubt` and end up with the exact path.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Protocol

import numpy as np

from zona import model as m
from zona.batch import bounds, rounding, truths
from zona.batch.inputs import EXACT_INTEGER, U, error_bound
from zona.model import expr as e
from zona.model.intervals import Span, span

Number = tuple[Any, Any]  # values (array or float) and error bounds (array or float)
Interval = tuple[Fraction | None, Fraction | None]  # None: unbounded

_SMALL_ERROR = 2.0**-40  # errors below this (relative) are not worth refining


class Chunk(Protocol):
    """What an expression reads from a chunk of rows."""

    def number(self, var: e.Var) -> Number:
        """A variable's values and error bounds."""

    def doubt(self, rows: Any) -> None:
        """Note rows whose float results cannot be trusted to decide."""

    def denominator(self, x: e.Expr, rows: Any) -> Any:
        """A bound on the denominator of an expression's exact value on some rows (an int,
        an array with one per row, or None: unbounded)."""


class Expressions:
    """Compiles a ruleset's expressions to closures over a Chunk."""

    def __init__(self, ruleset: m.Ruleset) -> None:
        self.ruleset = ruleset
        self.inputs = ruleset.inputs_by_name
        self.derived = {d.name: d for d in ruleset.derived}

    def number(self, x: e.Expr, per_row: bool = True) -> Callable[[Chunk], Number]:
        """A closure computing the expression's values and error bounds: per row, or
        (`per_row=False`) one bound for the chunk where nothing inside needs more
        (zona.batch.bounds)."""
        if not isinstance(x, e.Const) and next(e.variables(x), None) is None:
            found = e.evaluate(x, lambda var: None)  # constant: worked out exactly
            x = e.Const(found if isinstance(found, Fraction) else Fraction(int(bool(found))))
        if isinstance(x, e.Const):
            value = float(x.value)
            constant = (value, error_bound(value, x.value))
            return lambda chunk: constant
        if isinstance(x, e.Var):
            var = x
            if not per_row:
                return lambda chunk: bounds.collapse(chunk.number(var))
            return lambda chunk: chunk.number(var)
        if isinstance(x, e.Negate):
            inner = self.number(x.operand, per_row)
            return lambda chunk: _negate(inner(chunk))
        if isinstance(x, e.If):
            test = self.truth(x.test)
            then, otherwise = self.number(x.then, per_row), self.number(x.otherwise, per_row)
            return lambda chunk: _choose(chunk, test(chunk), then(chunk), otherwise(chunk))
        if isinstance(x, e.Divide):
            whole = self.integral(x.numerator) and self.integral(x.denominator)
            top, bottom, zero = (self.number(p, per_row or not whole)
                                 for p in (x.numerator, x.denominator, x.if_zero))
            if per_row:
                return lambda chunk: _divide(chunk, top(chunk), bottom(chunk), zero(chunk),
                                             whole)
            return lambda chunk: _divide_bounded(chunk, top(chunk), bottom(chunk),
                                                 zero(chunk), whole)
        if isinstance(x, e.Extremum):
            args = [self.number(a, per_row) for a in x.args]
            lowest = x.function == "min"
            return lambda chunk: _extremum(lowest, [a(chunk) for a in args])
        if isinstance(x, e.Round):
            rounded, how, argument = self.number(x.value), (x.function, x.places, x.mode), \
                x.value
            if not per_row:
                return lambda chunk: bounds.collapse(_round(chunk, how, rounded(chunk),
                                                            argument))
            return lambda chunk: _round(chunk, how, rounded(chunk), argument)
        assert isinstance(x, e.Binary)
        left, right = self.number(x.left, per_row), self.number(x.right, per_row)
        op, whole = x.op, self.integral(x)
        if not per_row:
            return lambda chunk: bounds.arithmetic(op, left(chunk), right(chunk), whole)
        return lambda chunk: _arithmetic(op, left(chunk), right(chunk), whole)

    def truth(self, x: e.Expr) -> Callable[[Chunk], truths.Truth]:
        """A closure computing a condition per row, and the rows it is unsure of."""
        if next(e.variables(x), None) is None:
            constant = (bool(e.evaluate(x, lambda var: None)), None)
            return lambda chunk: constant
        if isinstance(x, e.Not):
            inner = self.truth(x.operand)
            return lambda chunk: truths.negation(inner(chunk))
        if isinstance(x, e.If):
            test = self.truth(x.test)
            then, otherwise = self.truth(x.then), self.truth(x.otherwise)
            return lambda chunk: truths.choose(test(chunk), then(chunk), otherwise(chunk))
        assert isinstance(x, e.Binary)
        if x.op in ("and", "or"):
            left_truth, right_truth = self.truth(x.left), self.truth(x.right)
            both = x.op == "and"
            return lambda chunk: truths.logic(both, left_truth(chunk), right_truth(chunk))
        left, right = self.number(x.left), self.number(x.right)
        compare = truths.COMPARE[x.op]
        return lambda chunk: truths.comparison(compare, left(chunk), right(chunk))

    def integral(self, x: e.Expr) -> bool:
        """Whether the expression is a whole number whenever its inputs are (counts)."""
        if isinstance(x, e.Const):
            return x.value.denominator == 1
        if isinstance(x, e.Var):
            if x.kind == "derived":
                return self.integral(self.derived[x.name].expr)
            return x.kind == "input" and self.inputs[x.name].kind == "count"
        if isinstance(x, e.Negate):
            return self.integral(x.operand)
        if isinstance(x, e.Binary) and x.op in ("+", "-", "*"):
            return self.integral(x.left) and self.integral(x.right)
        if isinstance(x, e.Extremum):
            return all(self.integral(a) for a in x.args)
        if isinstance(x, e.If):
            return self.integral(x.then) and self.integral(x.otherwise)
        return isinstance(x, e.Round) and x.places <= 0

    def interval(self, x: e.Expr) -> Interval:
        """Bounds on an expression's exact value, from the inputs' ranges (counts >= 0,
        decimals in their range, options in their values, nodes in 0..maximum, facts in
        theirs), by the model's exact interval arithmetic."""
        found = span(x, self._var_span)
        return found.low, found.high

    def _var_span(self, x: e.Var) -> Span:
        if x.kind == "node":
            return Span(Fraction(0), self.ruleset.nodes[x.name].maximum)
        if x.kind == "view":
            return Span(Fraction(0), self.ruleset.views_by_name[x.name].maximum)
        if x.kind == "derived":
            return span(self.derived[x.name].expr, self._var_span)
        if x.kind == "fact":
            fact = self.ruleset.facts_by_name[x.name]
            if fact.kind == "number":
                return Span(fact.low, fact.high)
            return Span(Fraction(0), Fraction(max(len(fact.levels) - 1, 1)))
        spec = self.inputs[x.name]
        if spec.kind == "count":
            return Span(Fraction(0), None)
        if spec.kind == "decimal":
            return Span(spec.low, spec.high)
        scale = spec.scale
        values = [o.value for o in scale.valued] if scale is not None else [Fraction(0)]
        if scale is not None and scale.not_applicable:  # read as the top, or as 0
            values += [scale.high, Fraction(0)]
        return Span(min(values), max(values))


# --- arithmetic with error bounds -------------------------------------------------------


def exact(error: Any) -> bool:
    """Whether an error bound says "exact on every row"."""
    return isinstance(error, float) and error == 0.0


def _total(*terms: Any) -> Any:
    """A bound no smaller than the sum of the terms (floats or arrays), allowing for the
    rounding of the sum itself."""
    scalar = math.fsum(t for t in terms if isinstance(t, float)) * (1 + U)
    arrays = [t for t in terms if not isinstance(t, float)]
    if not arrays:
        return scalar
    total = arrays[0] * (1 + U)
    for other in arrays[1:]:
        total += other * (1 + U)
    if scalar:
        total += scalar
    return total


def _rounding(value: Any) -> Any:
    """A bound on one rounding of a result (8 units in its last place)."""
    return abs(value) * U if isinstance(value, float) else np.abs(value) * U


def _below(value: Any) -> bool:
    """Whether every value is below 2**53 in size (whole numbers there are exact)."""
    if isinstance(value, float):
        return abs(value) < EXACT_INTEGER
    return not len(value) or bool(value.max() < EXACT_INTEGER and value.min() > -EXACT_INTEGER)


def _two_sum(a: Any, b: Any) -> tuple[Any, Any]:
    """a + b and its exact rounding error (Knuth's TwoSum)."""
    total = a + b
    virtual = total - a
    return total, (a - (total - virtual)) + (b - virtual)


def _split(a: Any) -> tuple[Any, Any]:
    scaled = 134217729.0 * a  # 2**27 + 1 (Veltkamp)
    high = scaled - (scaled - a)
    return high, a - high


def _two_product(a: Any, b: Any) -> tuple[Any, Any]:
    """a * b and its exact rounding error (Dekker's TwoProduct)."""
    product = a * b
    (ah, al), (bh, bl) = _split(a), _split(b)
    return product, ((ah * bh - product) + ah * bl + al * bh) + al * bl


def _quotient(a: Any, b: Any) -> tuple[Any, Any]:
    """a / b and a bound on its rounding error: the remainder a - q*b is exact."""
    quotient = a / b
    product, low = _two_product(quotient, b)
    remainder = (a - product) - low
    return quotient, abs(remainder / b) * (1 + U)


def _negate(number: Number) -> Number:
    return -number[0], number[1]


def _arithmetic(op: str, left: Number, right: Number, whole: bool) -> Number:
    """+, -, * and / by a non-zero constant, with a bound on the error: the operation's
    own rounding error is computed exactly (0 when the float result is exact)."""
    (a, ea), (b, eb) = left, right
    if op != "/" and whole and exact(ea) and exact(eb):
        value = a + b if op == "+" else a - b if op == "-" else a * b
        if _below(value):
            return value, 0.0  # whole numbers below 2**53: exact
    if op in ("+", "-"):
        value, rounding = _two_sum(a, b if op == "+" else -b)
        return value, _total(ea, eb, abs(rounding))
    if op == "*":
        # |a~ b~ - a b| <= |a~| eb + |b~| ea + ea eb, plus the product's own rounding
        if bounds.power_of_two(a) or bounds.power_of_two(b):
            value, terms = a * b, []
        else:
            value, rounding = _two_product(a, b)
            terms = [abs(rounding)]
        if not exact(eb):
            terms.append(abs(a) * eb)
        if not exact(ea):
            terms.append(abs(b) * ea)
        if not exact(ea) and not exact(eb):
            terms.append(ea * eb)
        return value, _total(0.0, *terms)
    # a / b for a constant b (|b| > eb): (ea + |q| eb) / (|b| - eb), plus the rounding
    if bounds.power_of_two(b):
        value, terms = a / b, []
    else:
        value, rounding = _quotient(a, b)
        terms = [rounding]
    if not exact(ea) or not exact(eb):
        scale = 1 / (abs(b) - eb) * (1 + U)
        terms.append((ea + abs(value) * eb) * scale if not exact(eb) else ea * scale)
    return value, _total(0.0, *terms)


def _divide(chunk: Chunk, numerator: Number, denominator: Number, if_zero: Number,
            whole: bool) -> Number:
    (a, ea), (b, eb), (r, er) = numerator, denominator, if_zero
    if whole and exact(ea) and exact(eb):  # exact whole numbers: b == 0 is certain
        zero = b == 0
        value = a / b  # inf or nan where b is 0: replaced below
        # a quotient of whole numbers below 2**53 is exact if it is whole (it is within
        # 1/b of the next whole number otherwise, farther than one rounding): elsewhere
        # its error is at most one rounding of the largest quotient of the chunk
        rows = np.flatnonzero(zero)  # few: set by index (np.copyto(where=) is slower)
        value[rows] = 0.0
        top = max(float(value.max()), -float(value.min())) if len(value) else 0.0
        if _below(a):
            rounding = np.multiply(np.not_equal(np.floor(value), value), top * U,
                                   dtype=np.float64)
        else:
            rounding = np.full(len(value), top * U)
        if len(rows):
            value[rows] = r if isinstance(r, float) else r[rows]
            rounding[rows] = er if isinstance(er, float) else er[rows]
        return value, rounding
    zero = np.asarray((eb == 0) & (b == 0))
    nonzero = np.asarray(np.abs(b) > 2 * eb)
    chunk.doubt(~(zero | nonzero))
    safe = np.where(nonzero, b, 1.0)
    quotient, rounding = _quotient(a, safe)
    size = np.abs(safe)
    error = (np.abs(a) * eb + size * ea) / (size * np.maximum(size - eb, 1e-300))
    error = _total(error, rounding)
    return np.where(zero, r, quotient), np.where(zero, er, error)


def _divide_bounded(chunk: Chunk, numerator: Number, denominator: Number, if_zero: Number,
                    whole: bool) -> Number:
    """divide with one bound for the chunk, of exact whole numbers (bounds.quotient); of
    anything else (counts past 2**53), no bound: the caller scores the chunk per row."""
    if whole and exact(numerator[1]) and exact(denominator[1]):
        return bounds.quotient(numerator, denominator, if_zero)
    return numerator[0], math.inf


def _extremum(lowest: bool, numbers: list[Number]) -> Number:
    """min or max: no farther from the exact result than the farthest argument."""
    pick = np.minimum if lowest else np.maximum
    value = numbers[0][0]
    for other, _ in numbers[1:]:
        value = pick(value, other)
    errors = [error for _, error in numbers]
    if all(isinstance(error, float) for error in errors):
        return value, max(errors)
    if len(numbers) == 2 and any(isinstance(x, float) and exact(ex) for x, ex in numbers):
        # min(c, x) with an exact constant c: exactly c where x is surely above it (worth
        # working out only where x's errors are large enough to matter)
        (c, _), (x, ex) = numbers if isinstance(numbers[0][0], float) else numbers[::-1]
        if not float(ex.max()) <= _SMALL_ERROR * max(abs(c), 1.0):
            clear = (x - ex > c) if lowest else (x + ex < c)
            return value, np.where(clear, 0.0, ex)
        return value, ex
    return value, np.maximum.reduce(np.broadcast_arrays(*errors))


def _round(chunk: Chunk, how: tuple[str, int, str], number: Number, argument: e.Expr
           ) -> Number:
    """round/floor/ceil to `places` decimals: y = x x 10**places (with its error), its
    whole number (zona.batch.rounding, exact or with an error of half a step where it is
    one of two), / 10**places."""
    places = how[1]
    scale = (float(10 ** abs(places)), 0.0)
    y, error = _arithmetic("*" if places >= 0 else "/", number, scale, False)
    found = rounding.rounded(chunk, how, number, argument, y, error)
    return _arithmetic("/" if places >= 0 else "*", found, scale, True)


def _choose(chunk: Chunk, test: truths.Truth, then: Number, otherwise: Number) -> Number:
    truth, unsure = test
    if unsure is not None:
        chunk.doubt(np.asarray(unsure, dtype=bool))
    value = np.where(truth, then[0], otherwise[0])
    if isinstance(then[1], float) and isinstance(otherwise[1], float):
        return value, max(then[1], otherwise[1])  # one bound for every row
    return value, np.where(truth, then[1], otherwise[1])
