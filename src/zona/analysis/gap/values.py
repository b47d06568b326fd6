"""A grade's band as a threshold on a sum of node scores, for the exact gap search.

A band's low end is reached when the grade's value is at least LOW (above it for `> LOW`).
When the value rises with the scores it reads, as a positive sum of node and view scores
under `+`, `-` and `*`/`/` by constants, derived values and rounding (`round`, `floor`,
`ceil`: steps that never fall), that is exactly "sum >= bar" (or "> bar") for one bar,
found here exactly: rounding to n places reaches a grid point t when the value reaches the
point where its step to t begins (t for floor, t - 10^-n for ceil, exclusive; the half-way
point for round, inclusive or not as its mode rounds it). Anything else is Unsupported.
"""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction

from zona import model as m
from zona.analysis.gap.leaves import Unsupported
from zona.i18n import N_
from zona.model import expr as e

Form = dict[str, Fraction]


def band_threshold(ruleset: m.Ruleset, grade: m.Grade, band: m.Band,
                   ) -> tuple[Form, Fraction, bool]:
    """(form, bar, strict): the band's low end is reached exactly when the sum of
    coefficient x score over `form` is at least `bar` (above it when `strict`)."""
    assert grade.value is not None and band.low is not None
    return _threshold(ruleset, grade.value, band.low, band.low_open, grade.name)


def _threshold(ruleset: m.Ruleset, value: e.Expr, bar: Fraction, strict: bool,
               grade: str) -> tuple[Form, Fraction, bool]:
    if isinstance(value, e.Var) and value.kind == "derived":
        derived = {d.name: d for d in ruleset.derived}[value.name]
        return _threshold(ruleset, derived.expr, bar, strict, grade)
    if isinstance(value, e.Round):
        step = Fraction(1, 10**value.places) if value.places >= 0 \
            else Fraction(10**-value.places)
        target = (math.floor(bar / step) + 1 if strict else math.ceil(bar / step)) * step
        start = target if value.function == "floor" else \
            target - step if value.function == "ceil" else target - step / 2
        closed = e.rounded(value.function, start, value.places, value.mode) >= target
        return _threshold(ruleset, value.value, start, not closed, grade)
    if isinstance(value, e.Binary) and value.op in ("+", "-", "*", "/"):
        left, right = _constant(value.left), _constant(value.right)
        if right is not None and left is None:
            inner = value.left
            if value.op == "+":
                return _threshold(ruleset, inner, bar - right, strict, grade)
            if value.op == "-":
                return _threshold(ruleset, inner, bar + right, strict, grade)
            if right > 0:
                scaled = bar / right if value.op == "*" else bar * right
                return _threshold(ruleset, inner, scaled, strict, grade)
        elif left is not None and right is None:
            if value.op == "+":
                return _threshold(ruleset, value.right, bar - left, strict, grade)
            if value.op == "*" and left > 0:
                return _threshold(ruleset, value.right, bar / left, strict, grade)
    form, constant = linear(ruleset, value, grade)
    if any(c < 0 for c in form.values()):
        raise Unsupported(N_("gap analysis cannot search the bands of grade '{grade}' exactly: "
                             "its value falls when a score rises"), grade=grade)
    return form, bar - constant, strict


def _constant(value: e.Expr) -> Fraction | None:
    if isinstance(value, e.Const):
        return value.value
    if isinstance(value, e.Negate):
        inner = _constant(value.operand)
        return -inner if inner is not None else None
    return None


def linear(ruleset: m.Ruleset, value: e.Expr, grade: str) -> tuple[Form, Fraction]:
    """The value as a sum of coefficient x node score (views as their parts), plus a
    constant; Unsupported for anything else."""
    if isinstance(value, e.Const):
        return {}, value.value
    if isinstance(value, e.Var):
        if value.kind == "node":
            return {value.name: Fraction(1)}, Fraction(0)
        if value.kind == "view":
            form: Form = defaultdict(Fraction)
            for view in ruleset.views_by_name[value.name].walk():
                for part in view.parts:
                    form[part] += 1
            return dict(form), Fraction(0)
        if value.kind == "derived":
            derived = {d.name: d for d in ruleset.derived}[value.name]
            return linear(ruleset, derived.expr, grade)
    if isinstance(value, e.Negate):
        form, constant = linear(ruleset, value.operand, grade)
        return {k: -v for k, v in form.items()}, -constant
    if isinstance(value, e.Binary) and value.op in ("+", "-"):
        left, low = linear(ruleset, value.left, grade)
        right, high = linear(ruleset, value.right, grade)
        sign = 1 if value.op == "+" else -1
        found: Form = defaultdict(Fraction, left)
        for name, coefficient in right.items():
            found[name] += sign * coefficient
        return {k: v for k, v in found.items() if v}, low + sign * high
    if isinstance(value, e.Binary) and value.op in ("*", "/"):
        left, low = linear(ruleset, value.left, grade)
        right, high = linear(ruleset, value.right, grade)
        if value.op == "/" and not right and high:
            return {k: v / high for k, v in left.items()}, low / high
        if value.op == "*" and (not left or not right):
            factor, (form, constant) = (low, (right, high)) if not left else (high, (left, low))
            return {k: v * factor for k, v in form.items() if v * factor}, constant * factor
    raise Unsupported(N_("gap analysis cannot search the bands of grade '{grade}' exactly: its "
                         "value is not a sum of scores (it reads answers, facts or a rounding "
                         "inside other arithmetic)"), grade=grade)


__all__ = ["band_threshold", "linear"]
