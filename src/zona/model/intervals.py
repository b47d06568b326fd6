"""Exact interval arithmetic over compiled expressions, with unbounded ends.

`Span(low, high)`: every value an expression can take lies in it (None is -inf as a low
end and +inf as a high end). Sound, not always tight: `x - x` over [0, 1] gives [-1, 1].
Conditions evaluate to True, False or None (either may hold).

It lives in the model so that the compiler can use it (a grade's bands must cover the range
of its value); zona.analysis.intervals re-exports it for the analyses.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import attrs

from zona.model import expr as e

Bound = Fraction | None


@attrs.frozen
class Span:
    low: Bound
    high: Bound

    @classmethod
    def point(cls, value: Fraction) -> Span:
        return cls(value, value)

    def hull(self, other: Span) -> Span:
        low = None if self.low is None or other.low is None else min(self.low, other.low)
        high = None if self.high is None or other.high is None else max(self.high, other.high)
        return Span(low, high)

    def clip(self, low: Fraction, high: Fraction) -> Span:
        """The part within low..high (assumed to meet it)."""
        return Span(low if self.low is None else min(max(self.low, low), high),
                    high if self.high is None else max(min(self.high, high), low))

    def contains_zero(self) -> bool:
        return (self.low is None or self.low <= 0) and (self.high is None or self.high >= 0)


_BOOL = Span(Fraction(0), Fraction(1))

Truth = bool | None
Lookup = Callable[[e.Var], Span]


def span(expression: e.Expr, lookup: Lookup) -> Span:
    """Every value `expression` can take when each variable lies in lookup(var)."""
    if isinstance(expression, e.Const):
        return Span.point(expression.value)
    if isinstance(expression, e.Var):
        return lookup(expression)
    if isinstance(expression, e.Negate):
        inner = span(expression.operand, lookup)
        return Span(_neg(inner.high), _neg(inner.low))
    if isinstance(expression, e.Not) or (isinstance(expression, e.Binary)
                                         and expression.op in (*e.COMPARISONS, *e.LOGIC)):
        verdict = truth(expression, lookup)
        return _BOOL if verdict is None else Span.point(Fraction(int(verdict)))
    if isinstance(expression, e.If):
        test = truth(expression.test, lookup)
        if test is not None:
            return span(expression.then if test else expression.otherwise, lookup)
        return span(expression.then, lookup).hull(span(expression.otherwise, lookup))
    if isinstance(expression, e.Extremum):
        parts = [span(a, lookup) for a in expression.args]
        pick = _min if expression.function == "min" else _max
        return Span(pick([p.low for p in parts], low=True), pick([p.high for p in parts],
                                                                  low=False))
    if isinstance(expression, e.Divide):
        denominator = span(expression.denominator, lookup)
        found = _divide(span(expression.numerator, lookup), denominator,
                        lambda: span(expression.if_zero, lookup))
        return _at_most_one(expression, denominator, found, lookup)
    if isinstance(expression, e.Round):  # monotone: round both ends
        inner = span(expression.value, lookup)
        return Span(*(None if end is None else e.rounded(
            expression.function, end, expression.places, expression.mode)
            for end in (inner.low, inner.high)))
    assert isinstance(expression, e.Binary)
    left, right = span(expression.left, lookup), span(expression.right, lookup)
    if expression.op == "+":
        return Span(_add(left.low, right.low), _add(left.high, right.high))
    if expression.op == "-":
        return Span(_add(left.low, _neg(right.high)), _add(left.high, _neg(right.low)))
    if expression.op == "*":
        return _times(left, right)
    return _divide(left, right, lambda: Span.point(Fraction(0)))  # '/' by a non-zero constant


def truth(expression: e.Expr, lookup: Lookup) -> Truth:
    """A condition's verdict over the spans: True, False, or None when either may hold."""
    if isinstance(expression, e.Not):
        inner = truth(expression.operand, lookup)
        return None if inner is None else not inner
    if isinstance(expression, e.Binary) and expression.op in e.LOGIC:
        left, right = truth(expression.left, lookup), truth(expression.right, lookup)
        if expression.op == "and":
            return False if False in (left, right) else (None if None in (left, right) else True)
        return True if True in (left, right) else (None if None in (left, right) else False)
    if isinstance(expression, e.Binary) and expression.op in e.COMPARISONS:
        return compare(expression.op, span(expression.left, lookup),
                       span(expression.right, lookup))
    value = span(expression, lookup)  # a number used as a condition: true when not 0
    if value.low == value.high == 0:
        return False
    return None if value.contains_zero() else True


def _at_most_one(x: e.Divide, denominator: Span, found: Span, lookup: Lookup) -> Span:
    """`divide(n, d, z)` with d never negative and n - d never positive (`(b - c) / b` over
    counts): where d is not 0 the quotient is at most 1, which the spans of n and d alone
    cannot tell (they forget that n and d share b)."""
    if denominator.low is None or denominator.low < 0:
        return found
    difference = _linear_span(e.Binary("-", x.numerator, x.denominator), lookup)
    if difference is None or difference.high is None or difference.high > 0:
        return found
    limit: Bound = Fraction(1)
    if denominator.contains_zero():
        otherwise = span(x.if_zero, lookup).high
        limit = None if otherwise is None else max(Fraction(1), otherwise)
    if limit is None or (found.high is not None and found.high <= limit):
        return found
    return Span(found.low if found.low is None else min(found.low, limit), limit)


def _linear_span(x: e.Expr, lookup: Lookup) -> Span | None:
    """The span of a sum of variables times constants, with each variable's terms added up
    first (so that `b - c - b` is `-c`); None for anything else."""
    found = _linear(x)
    if found is None:
        return None
    terms, constant = found
    total = Span.point(constant)
    for var, times in terms.items():
        if times:
            part = _times(lookup(var), Span.point(times))
            total = Span(_add(total.low, part.low), _add(total.high, part.high))
    return total


def _linear(x: e.Expr) -> tuple[dict[e.Var, Fraction], Fraction] | None:
    """A sum of variables times constants as (each variable's factor, the constant)."""
    if isinstance(x, e.Const):
        return {}, x.value
    if isinstance(x, e.Var):
        return {x: Fraction(1)}, Fraction(0)
    if isinstance(x, e.Negate):
        inner = _linear(x.operand)
        return None if inner is None else ({v: -k for v, k in inner[0].items()}, -inner[1])
    if isinstance(x, e.Binary) and x.op in ("+", "-"):
        left, right = _linear(x.left), _linear(x.right)
        if left is None or right is None:
            return None
        sign = 1 if x.op == "+" else -1
        terms = dict(left[0])
        for var, times in right[0].items():
            terms[var] = terms.get(var, Fraction(0)) + sign * times
        return terms, left[1] + sign * right[1]
    return None


def compare(op: str, left: Span, right: Span) -> Truth:
    """`left op right` for every pair of values in the spans: True, False or None."""
    if op in ("<", "<="):
        return compare(">" if op == "<" else ">=", right, left)
    if op in ("==", "!="):
        fixed = left.low is not None and left.low == left.high == right.low == right.high
        apart = compare(">", left, right) or compare(">", right, left)
        equal = True if fixed else (False if apart else None)
        return equal if op == "==" or equal is None else not equal
    strict = op == ">"
    if left.low is not None and right.high is not None and (
            left.low > right.high or (not strict and left.low >= right.high)):
        return True
    if left.high is not None and right.low is not None and (
            left.high < right.low or (strict and left.high <= right.low)):
        return False
    return None


def _neg(value: Bound) -> Bound:
    return None if value is None else -value


def _add(a: Bound, b: Bound) -> Bound:
    return None if a is None or b is None else a + b


def _min(values: list[Bound], low: bool) -> Bound:
    if low:  # the lowest of several lows: unbounded if any is
        return None if any(v is None for v in values) else min(v for v in values if v is not None)
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _max(values: list[Bound], low: bool) -> Bound:
    if not low:
        return None if any(v is None for v in values) else max(v for v in values if v is not None)
    known = [v for v in values if v is not None]
    return max(known) if known else None


# ends as (value, infinity sign): (x, 0) finite, (0, 1) = +inf, (0, -1) = -inf
_End = tuple[Fraction, int]


def _ends(s: Span) -> tuple[_End, _End]:
    low: _End = (Fraction(0), -1) if s.low is None else (s.low, 0)
    high: _End = (Fraction(0), 1) if s.high is None else (s.high, 0)
    return low, high


def _mul(a: _End, b: _End) -> _End:
    if a[1] == 0 and b[1] == 0:
        return (a[0] * b[0], 0)
    sign_a = a[1] or (a[0] > 0) - (a[0] < 0)
    sign_b = b[1] or (b[0] > 0) - (b[0] < 0)
    sign = sign_a * sign_b
    return (Fraction(0), sign) if sign else (Fraction(0), 0)  # 0 x inf: the ends are finite


def _key(end: _End) -> tuple[int, Fraction]:
    return (end[1], end[0]) if end[1] else (0, end[0])


def _span_of(ends: list[_End]) -> Span:
    low = min(ends, key=_key)
    high = max(ends, key=_key)
    return Span(None if low[1] < 0 else (low[0] if low[1] == 0 else None),
                None if high[1] > 0 else (high[0] if high[1] == 0 else None))


def _times(a: Span, b: Span) -> Span:
    (a1, a2), (b1, b2) = _ends(a), _ends(b)
    return _span_of([_mul(x, y) for x in (a1, a2) for y in (b1, b2)])


def _divide(numerator: Span, denominator: Span, if_zero: Callable[[], Span]) -> Span:
    if denominator.low == denominator.high == 0:
        return if_zero()
    if not denominator.contains_zero():
        (d1, d2) = _ends(denominator)
        inverse = [(Fraction(0), 0) if d[1] else (1 / d[0], 0) for d in (d1, d2)]
        return _times(numerator, _span_of(inverse))
    # the denominator may be 0 (if_zero) or any non-zero value in its span
    parts = [if_zero()]
    if numerator.low == numerator.high == 0:
        parts.append(Span.point(Fraction(0)))
    else:
        nonneg = numerator.low is not None and numerator.low >= 0
        nonpos = numerator.high is not None and numerator.high <= 0
        positive = denominator.high is None or denominator.high > 0
        negative = denominator.low is None or denominator.low < 0
        if positive:
            parts.append(Span(Fraction(0), None) if nonneg else
                         Span(None, Fraction(0)) if nonpos else Span(None, None))
        if negative:
            parts.append(Span(None, Fraction(0)) if nonneg else
                         Span(Fraction(0), None) if nonpos else Span(None, None))
    found = parts[0]
    for part in parts[1:]:
        found = found.hull(part)
    return found
