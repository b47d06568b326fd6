"""Arithmetic with one error bound for a whole chunk of rows.

An item's score is read by the rest of the tree with one bound per chunk (vector.py), so
where nothing inside its expression needs a bound per row (no range check of the item,
no comparison, rounding or inexact division), each operation's rounding is bounded by
U x its largest result in the chunk (one pass over the rows) instead of being worked out
exactly row by row (TwoSum, TwoProduct: ten passes). A bound that is not finite (a bad
row) is left to the per-row arithmetic of expressions.py, which isolates that row.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from zona.batch.inputs import U

Number = tuple[Any, Any]  # values (array or float) and error bounds (array or float)


def largest(values: Any) -> float:
    """The largest |value| (NaN when a value is NaN; 0 for no rows)."""
    if isinstance(values, float):
        return abs(values)
    if not len(values):
        return 0.0
    return max(float(np.maximum.reduce(values)), -float(np.minimum.reduce(values)))


def collapse(number: Number) -> Number:
    """The same values with one bound for every row."""
    value, error = number
    return value, error if isinstance(error, float) else largest(error)


def arithmetic(op: str, left: Number, right: Number, whole: bool) -> Number:
    """+, -, * and / by a non-zero constant, bounded once for the chunk."""
    (a, ea), (b, eb) = collapse(left), collapse(right)
    if op == "+" or op == "-":
        value = a + b if op == "+" else a - b
        if whole and ea == 0 and eb == 0 and largest(value) < 2.0**53:
            return value, 0.0  # whole numbers below 2**53: exact
        return value, _total(ea, eb, largest(value) * U)
    if op == "*":
        value = a * b
        if whole and ea == 0 and eb == 0 and largest(value) < 2.0**53:
            return value, 0.0
        terms = [] if power_of_two(a) or power_of_two(b) else [largest(value) * U]
        if eb:
            terms.append(largest(a) * eb)
        if ea:
            terms.append(largest(b) * ea)
        if ea and eb:
            terms.append(ea * eb)
        return value, _total(*terms)
    # / by a constant b with |b| > eb: (ea + |q| eb) / (|b| - eb), plus the rounding
    value = a / b
    terms = [] if power_of_two(b) else [largest(value) * U]
    if ea or eb:
        smallest = abs(b) if isinstance(b, float) else float(np.min(np.abs(b)))
        terms.append((ea + largest(value) * eb) / (smallest - eb) * (1 + U))
    return value, _total(*terms)


def quotient(numerator: Number, denominator: Number, if_zero: Number) -> Number:
    """divide(a, b, r) of exact whole numbers a and b: the float quotient is correctly
    rounded, so within U x the largest quotient of the chunk; r where b is 0."""
    (a, _), (b, _), (r, er) = numerator, denominator, collapse(if_zero)
    if isinstance(b, float):
        return (r, er) if b == 0 else (a / b, largest(a / b) * U)
    value = a / b  # inf or nan where b is 0: replaced below
    rows = np.flatnonzero(b == 0)  # few: set by index
    value[rows] = 0.0
    error = largest(value) * U
    if len(rows):
        value[rows] = r if isinstance(r, float) else r[rows]
        error = max(error, er)
    return value, error


def _total(*terms: float) -> float:
    return sum(terms) * (1 + U) if terms else 0.0


def power_of_two(value: Any) -> bool:
    """Whether multiplying or dividing by this float is exact (0 or a power of two; values
    far from underflow and overflow, as zona's are)."""
    return isinstance(value, float) and (value == 0 or math.frexp(value)[0] in (0.5, -0.5))


__all__ = ["arithmetic", "collapse", "largest", "power_of_two", "quotient"]
