"""zona.model.intervals: spans are sound (every value an expression takes lies in its
span), and a quotient whose numerator never exceeds its denominator is known to be at most
1 (`(last - this) / last` over counts), as the batch path relies on to skip a range check."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import example, given
from hypothesis import strategies as st

from zona.model import expr as e
from zona.model.intervals import Span, span

B, C, D = (e.Var(name, "input") for name in "bcd")
COUNTS = {B: Span(Fraction(0), None), C: Span(Fraction(0), None),
          D: Span(Fraction(0), Fraction(5))}


def _span(x: e.Expr) -> Span:
    return span(x, COUNTS.__getitem__)


def test_a_count_less_another_over_the_first_is_at_most_one() -> None:
    """max(0, divide(b - c, b, if c == 0 then 1 else 0)) of the 90/2021 LKE: 0..1."""
    fallback = e.If(e.Binary("==", C, e.Const(Fraction(0))), e.Const(Fraction(1)),
                    e.Const(Fraction(0)))
    quotient = e.Divide(e.Binary("-", B, C), B, fallback)
    assert _span(quotient) == Span(None, Fraction(1))
    assert _span(e.Extremum("max", (e.Const(Fraction(0)), quotient))) == \
        Span(Fraction(0), Fraction(1))


def test_the_fallback_counts_where_the_denominator_may_be_zero() -> None:
    quotient = e.Divide(e.Binary("-", B, C), B, e.Const(Fraction(3)))
    assert _span(quotient).high == 3
    never_zero = e.Divide(e.Binary("-", e.Binary("+", B, e.Const(Fraction(1))), C),
                          e.Binary("+", B, e.Const(Fraction(1))), e.Const(Fraction(3)))
    assert _span(never_zero).high == 1  # b + 1 is never 0: the fallback cannot happen


def test_no_bound_is_claimed_without_the_shared_terms() -> None:
    assert _span(e.Divide(C, B, e.Const(Fraction(0)))).high is None  # c may exceed b
    assert _span(e.Divide(e.Binary("+", B, C), B, e.Const(Fraction(0)))).high is None
    # a denominator that may be negative: (b - c) / (b - d) can be anything
    assert _span(e.Divide(e.Binary("-", B, C), e.Binary("-", B, D),
                          e.Const(Fraction(0)))).high is None


_TERMS: st.SearchStrategy[e.Expr] = st.sampled_from(
    [B, C, D, e.Const(Fraction(2)), e.Const(Fraction(-1, 2))])


@st.composite
def _sums(draw: st.DrawFn) -> e.Expr:
    found: e.Expr = draw(_TERMS)
    for _ in range(draw(st.integers(0, 3))):
        found = e.Binary(draw(st.sampled_from(["+", "-"])), found, draw(_TERMS))
    return found


@given(_sums(), _sums(), st.integers(0, 30), st.integers(0, 30), st.integers(0, 5))
@example(e.Binary("-", B, C), B, 7, 2, 0)
@example(e.Binary("-", e.Binary("-", B, C), D), e.Binary("-", B, D), 9, 0, 4)
def test_quotients_of_sums_lie_in_their_span(numerator: e.Expr, denominator: e.Expr,
                                             b: int, c: int, d: int) -> None:
    quotient = e.Divide(numerator, denominator, e.Const(Fraction(1, 3)))
    found = _span(quotient)
    values = {B: Fraction(b), C: Fraction(c), D: Fraction(d)}
    value = e.evaluate(quotient, values.__getitem__)
    assert isinstance(value, Fraction)
    assert found.low is None or found.low <= value
    assert found.high is None or value <= found.high
