"""Conditions over a chunk of rows: each a boolean per row and the rows it is unsure of
(None: sure of every row), from comparisons of numbers with error bounds (a comparison
is unsure where the two sides are within their bounds of each other)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from zona.batch.inputs import U

Number = tuple[Any, Any]  # values (array or float) and error bounds (array or float)
Truth = tuple[Any, Any]  # booleans and an "unsure" mask (or None)

COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge}


def choose(test: Truth, then: Truth, otherwise: Truth) -> Truth:
    """`if test then a else b` of two conditions: unsure where the test is, or where the
    branch taken is."""
    truth, unsure = test
    value = np.where(truth, then[0], otherwise[0])
    doubt = [u for u in (unsure, np.where(truth, _mask(then[1]), _mask(otherwise[1])))
             if u is not None]
    return value, np.logical_or.reduce(doubt) if doubt else None


def _mask(unsure: Any) -> Any:
    return False if unsure is None else unsure


def comparison(compare: Callable[[Any, Any], Any], left: Number, right: Number) -> Truth:
    """A comparison of two numbers: unsure where they are within twice their bounds (and a
    rounding) of each other."""
    (a, ea), (b, eb) = left, right
    margin = ea + eb
    truth = compare(a, b)
    if isinstance(margin, float) and margin == 0:
        return truth, None
    margin = 2 * (margin + U * (np.abs(a) + np.abs(b)))
    return truth, (np.abs(a - b) <= margin) & (margin > 0)


def negation(truth: Truth) -> Truth:
    """`not`: unsure where the condition is."""
    return ~np.asarray(truth[0], dtype=bool), truth[1]


def logic(both: bool, left: Truth, right: Truth) -> Truth:
    """`and` (both) or `or`: unsure where an unsure operand could change the result."""
    (a, ua), (b, ub) = left, right
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    value = (a & b) if both else (a | b)
    if ua is None and ub is None:
        return value, None
    ua = _mask(ua)
    ub = _mask(ub)
    # a sure operand that decides alone (false for `and`, true for `or`) settles the result
    settled = ((~ua & ~a) | (~ub & ~b)) if both else ((~ua & a) | (~ub & b))
    return value, (ua | ub) & ~settled


__all__ = ["COMPARE", "Truth", "choose", "comparison", "logic", "negation"]
