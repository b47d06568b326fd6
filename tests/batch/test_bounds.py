"""One error bound per chunk (zona.batch.bounds): never smaller than the true error of
any row, checked against exact Fractions."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zona.batch import bounds

counts = st.lists(st.integers(0, 10**12), min_size=1, max_size=40)
hundredths = st.lists(st.integers(-10**9, 10**9), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(counts, st.data())
def test_a_quotient_of_counts_is_within_its_bound(tops: list[int], data: st.DataObject) -> None:
    bottoms = data.draw(st.lists(st.integers(0, 10**6), min_size=len(tops),
                                 max_size=len(tops)))
    a, b = np.array(tops, dtype=float), np.array(bottoms, dtype=float)
    with np.errstate(all="ignore"):
        value, error = bounds.quotient((a, 0.0), (b, 0.0), (0.5, 0.0))
    assert isinstance(error, float)
    for got, top, bottom in zip(value.tolist(), tops, bottoms, strict=True):
        exact = Fraction(1, 2) if bottom == 0 else Fraction(top, bottom)
        assert abs(Fraction(got) - exact) <= Fraction(error)


@settings(max_examples=200, deadline=None)
@given(hundredths, st.sampled_from(["+", "-", "*", "/"]),
       st.fractions(min_value=-1000, max_value=1000, max_denominator=64).filter(bool))
def test_arithmetic_on_decimals_is_within_its_bound(cents: list[int], op: str,
                                                    constant: Fraction) -> None:
    exact_values = [Fraction(c, 100) for c in cents]
    values = np.array([float(v) for v in exact_values])
    errors = np.array([float(abs(Fraction(f) - v)) for f, v in
                       zip(values.tolist(), exact_values, strict=True)])
    c = float(constant)
    c_error = float(abs(Fraction(c) - constant))
    value, error = bounds.arithmetic(op, (values, errors), (c, c_error), False)
    assert isinstance(error, float)
    for got, x in zip(np.broadcast_to(value, values.shape).tolist(), exact_values, strict=True):
        exact = x + constant if op == "+" else x - constant if op == "-" \
            else x * constant if op == "*" else x / constant
        assert abs(Fraction(got) - exact) <= Fraction(error)


def test_whole_numbers_stay_exact() -> None:
    a, b = np.array([3.0, 4.0]), np.array([5.0, 6.0])
    assert bounds.arithmetic("+", (a, 0.0), (b, 0.0), True)[1] == 0.0
    assert bounds.arithmetic("*", (a, 0.0), (b, 0.0), True)[1] == 0.0
    assert bounds.arithmetic("*", (a, 0.0), (0.25, 0.0), False)[1] == 0.0  # a power of two


def test_a_bad_row_makes_the_bound_not_finite() -> None:
    """(The item then scores the chunk per row, where only that row is in doubt.)"""
    value = np.array([1.0, np.nan, 3.0])
    assert np.isnan(bounds.largest(value))
    assert not bounds.collapse((value, value * 0.0))[1] <= 1.0
