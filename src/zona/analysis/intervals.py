"""Exact interval arithmetic over compiled expressions: zona.model.intervals, where the
compiler can use it too (a grade's bands must cover the range of its value), re-exported
for the analyses."""

from __future__ import annotations

from zona.model.intervals import Bound, Lookup, Span, Truth, compare, span, truth

__all__ = ["Bound", "Lookup", "Span", "Truth", "compare", "span", "truth"]
