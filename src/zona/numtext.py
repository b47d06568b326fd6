"""Exact numbers as text: decimals where they terminate, p/q where they do not."""

from __future__ import annotations

from fractions import Fraction


def exact_text(value: Fraction) -> str:
    """A fraction as a decimal when it terminates (0.67, 4), else p/q (261077/2730)."""
    if value.denominator == 1:
        return str(value.numerator)
    if not terminates(value):
        return f"{value.numerator}/{value.denominator}"
    digits = 0
    scaled = value
    while scaled.denominator != 1:
        scaled *= 10
        digits += 1
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def terminates(value: Fraction) -> bool:
    """Whether the fraction is a finite decimal (its denominator has no prime but 2 and 5)."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def approx_text(value: Fraction, places: int = 2) -> str:
    """A fraction rounded half-up to `places` decimals, for display only."""
    scale = 10**places
    rounded = (abs(value) * scale * 2 + 1) // 2
    sign = "-" if value < 0 and rounded else ""
    whole, part = divmod(int(rounded), scale)
    return f"{sign}{whole}.{str(part).rjust(places, '0')}" if places else f"{sign}{whole}"
