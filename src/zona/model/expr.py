"""The compiled expression language: resolved, typed, exact.

Produced by the compiler from syntax expressions; evaluated by scoring, and
reusable by later back ends (vectorised batch, SQL) without re-parsing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import TypeAlias

import attrs

Value: TypeAlias = Fraction | bool


@attrs.frozen
class Const:
    value: Fraction


@attrs.frozen
class Var:
    """A reference; kind is 'input', 'derived', 'node' (a node's score, `total` too),
    'view' (a view's score: the sum of its parts) or 'fact' (a number fact's number, a
    levels fact's position in its levels, lowest 0, or a yes/no fact's 1 or 0)."""

    name: str
    kind: str


@attrs.frozen
class Negate:
    operand: Expr


@attrs.frozen
class Binary:
    """+ - * (and / by a non-zero constant), comparisons, and/or."""

    op: str
    left: Expr
    right: Expr


@attrs.frozen
class Not:
    operand: Expr


@attrs.frozen
class Divide:
    """numerator / denominator, or if_zero when the denominator is 0."""

    numerator: Expr
    denominator: Expr
    if_zero: Expr


@attrs.frozen
class Extremum:
    """min(...) or max(...)."""

    function: str
    args: tuple[Expr, ...]


@attrs.frozen
class If:
    test: Expr
    then: Expr
    otherwise: Expr


@attrs.frozen
class Round:
    """`round(value, places, mode)`, `floor(value, places)`, `ceil(value, places)`: exact,
    to `places` decimals (-1: tens); see `rounded`."""

    function: str
    value: Expr
    places: int = 0
    mode: str = "half_up"


Expr: TypeAlias = Const | Var | Negate | Binary | Not | Divide | Extremum | If | Round

ARITHMETIC = ("+", "-", "*", "/")
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
LOGIC = ("and", "or")
ROUNDING = ("round", "floor", "ceil")
MODES = ("half_up", "half_even", "half_down")


def children(expr: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions."""
    if isinstance(expr, Negate | Not):
        return (expr.operand,)
    if isinstance(expr, Round):
        return (expr.value,)
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, Divide):
        return (expr.numerator, expr.denominator, expr.if_zero)
    if isinstance(expr, Extremum):
        return expr.args
    if isinstance(expr, If):
        return (expr.test, expr.then, expr.otherwise)
    return ()


def variables(expr: Expr) -> Iterator[Var]:
    """Every reference in an expression."""
    if isinstance(expr, Var):
        yield expr
    for child in children(expr):
        yield from variables(child)


def compare(op: str, left: Fraction, right: Fraction) -> bool:
    """An exact comparison."""
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == "<=":
        return left <= right
    if op == ">":
        return left > right
    return left >= right


def rounded(function: str, value: Fraction, places: int = 0, mode: str = "half_up"
            ) -> Fraction:
    """value rounded to `places` decimals, exactly. With y = value x 10**places: `floor`
    takes floor(y), `ceil` ceil(y); `round` takes floor(y) when y - floor(y) < 1/2,
    floor(y) + 1 when it is > 1/2, and at exactly 1/2 the one away from zero (`half_up`),
    toward zero (`half_down`) or even (`half_even`); the result is that integer / 10**places.
    """
    scale = Fraction(10) ** places
    y = value * scale
    low = math.floor(y)
    if function == "floor":
        whole = low
    elif function == "ceil":
        whole = math.ceil(y)
    else:
        rest = y - low
        if rest != _HALF:
            whole = low + 1 if rest > _HALF else low
        elif mode == "half_even":
            whole = low if low % 2 == 0 else low + 1
        else:
            away = low + 1 if y > 0 else low
            toward = low if y > 0 else low + 1
            whole = away if mode == "half_up" else toward
    return Fraction(whole) / scale


_HALF = Fraction(1, 2)


class _Unanswered(Exception):
    """Raised inside evaluation when a referenced value is unanswered."""


def evaluate(expr: Expr, lookup: Callable[[Var], Fraction | None]) -> Value | None:
    """Evaluate exactly; None when any value it mentions is unanswered.

    Strict on purpose: `divide(a, b, r)` with b = 0 and a unanswered is
    unanswered, not r, so a result never rests on a question nobody answered.
    """
    if any(lookup(var) is None for var in variables(expr)):
        return None
    try:
        return _eval(expr, lookup)
    except _Unanswered:
        return None


def _number(value: Value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(int(value))


def _eval(expr: Expr, lookup: Callable[[Var], Fraction | None]) -> Value:
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Var):
        found = lookup(expr)
        if found is None:
            raise _Unanswered
        return found
    if isinstance(expr, Negate):
        return -_number(_eval(expr.operand, lookup))
    if isinstance(expr, Not):
        return not _eval(expr.operand, lookup)
    if isinstance(expr, If):
        branch = expr.then if _eval(expr.test, lookup) else expr.otherwise
        return _eval(branch, lookup)
    if isinstance(expr, Divide):
        denominator = _number(_eval(expr.denominator, lookup))
        if denominator == 0:
            return _eval(expr.if_zero, lookup)
        return _number(_eval(expr.numerator, lookup)) / denominator
    if isinstance(expr, Extremum):
        values = [_number(_eval(a, lookup)) for a in expr.args]
        return min(values) if expr.function == "min" else max(values)
    if isinstance(expr, Round):
        return rounded(expr.function, _number(_eval(expr.value, lookup)), expr.places,
                       expr.mode)
    return _binary(expr, lookup)


def _binary(expr: Binary, lookup: Callable[[Var], Fraction | None]) -> Value:
    if expr.op == "and":
        return bool(_eval(expr.left, lookup)) and bool(_eval(expr.right, lookup))
    if expr.op == "or":
        return bool(_eval(expr.left, lookup)) or bool(_eval(expr.right, lookup))
    left = _number(_eval(expr.left, lookup))
    right = _number(_eval(expr.right, lookup))
    if expr.op == "+":
        return left + right
    if expr.op == "-":
        return left - right
    if expr.op == "*":
        return left * right
    if expr.op == "/":
        return left / right  # the compiler admits only non-zero constant denominators
    return compare(expr.op, left, right)


# --- compiled form -------------------------------------------------------------

#: What a compiled expression reads: the values of inputs and derived values, and
#: the scores of nodes (None where unanswered).
Values: TypeAlias = Mapping[str, Fraction | None]
Compiled: TypeAlias = Callable[[Values, Values], Value]


def compile_expr(expr: Expr) -> Compiled:
    """The expression as a closure `f(values, nodes)` computing exactly what `evaluate` does
    once every variable is known to be answered (check `variables` first, as `evaluate` does).
    """
    if isinstance(expr, Const):
        constant = expr.value
        return lambda values, nodes: constant
    if isinstance(expr, Var):
        name = expr.name
        if expr.kind in ("node", "view"):
            return lambda values, nodes: _known(nodes[name])
        return lambda values, nodes: _known(values[name])
    if isinstance(expr, Negate):
        operand = compile_expr(expr.operand)
        return lambda values, nodes: -_number(operand(values, nodes))
    if isinstance(expr, Not):
        inner = compile_expr(expr.operand)
        return lambda values, nodes: not inner(values, nodes)
    if isinstance(expr, If):
        test, then, otherwise = (compile_expr(x) for x in (expr.test, expr.then, expr.otherwise))
        return lambda values, nodes: (then if test(values, nodes) else otherwise)(values, nodes)
    if isinstance(expr, Divide):
        return _compile_divide(expr)
    if isinstance(expr, Extremum):
        return _compile_extremum(expr)
    if isinstance(expr, Round):
        inner, function, places, mode = compile_expr(expr.value), expr.function, \
            expr.places, expr.mode
        return lambda values, nodes: rounded(function, _number(inner(values, nodes)), places,
                                             mode)
    return _compile_binary(expr)


def _known(value: Fraction | None) -> Fraction:
    if value is None:
        raise _Unanswered
    return value


def _compile_divide(expr: Divide) -> Compiled:
    numerator, denominator, if_zero = (
        compile_expr(x) for x in (expr.numerator, expr.denominator, expr.if_zero))

    def divide(values: Values, nodes: Values) -> Value:
        below = _number(denominator(values, nodes))
        if not below.numerator:
            return if_zero(values, nodes)
        return _quotient(_number(numerator(values, nodes)), below)

    return divide


def _compile_extremum(expr: Extremum) -> Compiled:
    first, *others = (compile_expr(a) for a in expr.args)
    smallest = expr.function == "min"

    def extremum(values: Values, nodes: Values) -> Value:
        best = _number(first(values, nodes))
        for other in others:
            found = _number(other(values, nodes))
            # found < best (min) or found > best (max), compared as integers
            if (found.numerator * best.denominator < best.numerator * found.denominator) \
                    if smallest else \
                    (found.numerator * best.denominator > best.numerator * found.denominator):
                best = found
        return best

    return extremum


def _plus(left: Fraction, right: Fraction) -> Fraction:
    """left + right; whole numbers (counts, the usual case) added as integers."""
    if left.denominator == 1 == right.denominator:
        return Fraction(left.numerator + right.numerator)
    return left + right


def _quotient(top: Fraction, below: Fraction) -> Fraction:
    """top / below for a non-zero below, normalised once."""
    numerator, denominator = top.numerator * below.denominator, top.denominator * below.numerator
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    return Fraction(numerator, denominator)


def _compile_binary(expr: Binary) -> Compiled:
    left, right, op = compile_expr(expr.left), compile_expr(expr.right), expr.op
    if op == "and":
        return lambda values, nodes: bool(left(values, nodes)) and bool(right(values, nodes))
    if op == "or":
        return lambda values, nodes: bool(left(values, nodes)) or bool(right(values, nodes))
    if op == "+":
        return lambda values, nodes: _plus(_number(left(values, nodes)),
                                           _number(right(values, nodes)))
    if op == "-":
        return lambda values, nodes: _plus(_number(left(values, nodes)),
                                           -_number(right(values, nodes)))
    if op in ("*", "/"):
        times = op == "*"
        return lambda values, nodes: (
            _number(left(values, nodes)) * _number(right(values, nodes)) if times
            else _number(left(values, nodes)) / _number(right(values, nodes)))
    return lambda values, nodes: compare(op, _number(left(values, nodes)),
                                         _number(right(values, nodes)))
