"""Exact rationals as SQL integers: a value is n / (s * b), with `s` a static integer and
`n`, `b` SQL (see zona.batch.sql); sums, comparisons and choices between them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import attrs

from zona.batch.sql_dialect import Dialect
from zona.batch.sql_layout import Layout

OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_STATIC = 10**12  # the largest static denominator `over` makes of the possible counts


@attrs.frozen
class Rat:
    """An exact value n / (s * b): n is SQL (NULL when unanswered), b SQL or None (1)."""

    n: str
    s: int
    b: str | None = None


def const(value: Fraction) -> Rat:
    """A constant."""
    return Rat(str(value.numerator), value.denominator)


def const_sql(text: str) -> Rat:
    """A constant written as SQL `p` or `p/q` (as given facts are)."""
    top, _, bottom = text.partition("/")
    return Rat(top, int(bottom or 1))


def lcm(*values: int) -> int:
    """The least common multiple (1 of nothing)."""
    return math.lcm(*values) if values else 1


@attrs.frozen
class Exact:
    """Arithmetic and comparisons of Rats, in one dialect's integers."""

    dialect: Dialect

    def lit(self, value: int) -> str:
        return self.dialect.lit(value)

    def b(self, value: Rat) -> str:
        """The dynamic denominator as SQL."""
        return value.b if value.b is not None else "1"

    def scaled(self, value: Rat, s: int) -> str:
        """The numerator over the static denominator `s` (a multiple of value.s)."""
        factor = s // value.s
        return value.n if factor == 1 else f"({value.n} * {self.lit(factor)})"

    def add(self, parts: Sequence[Rat], negate: Sequence[bool] = ()) -> Rat:
        """The sum of the parts (unanswered parts count as 0)."""
        s = lcm(*(p.s for p in parts))
        dynamic = [i for i, p in enumerate(parts) if p.b is not None]
        terms = []
        for i, part in enumerate(parts):
            others = [f"COALESCE({parts[j].b}, 1)" for j in dynamic if j != i]
            term = " * ".join([f"COALESCE({self.scaled(part, s)}, 0)", *others])
            terms.append(("- " if negate and negate[i] else "+ ") + term)
        b = " * ".join(f"COALESCE({parts[j].b}, 1)" for j in dynamic) or None
        return Rat(f"({' '.join(terms)})", s, f"({b})" if b else None)

    def compare(self, left: Rat, op: str, right: Rat) -> str:
        """An exact comparison (cross-multiplied) as a BOOLEAN."""
        s = lcm(left.s, right.s)
        return (f"({self.scaled(left, s)} * {self.b(right)} {OPS[op]} "
                f"{self.scaled(right, s)} * {self.b(left)})")

    def over(self, value: Rat, count: str, possible: Sequence[int]) -> Rat:
        """value / count, where the SQL integer `count` is one of `possible` (each above 0;
        NULL for any other): over a static denominator, the least common multiple of the
        possible counts, when that is small (values then add without growing), else over a
        dynamic one."""
        whole = lcm(*possible)
        if whole > _STATIC:
            return Rat(value.n, value.s, f"({self.b(value)} * {count})")
        if len(set(possible)) == 1:
            return Rat(value.n, value.s * whole, value.b)
        per = " ".join(f"WHEN {c} THEN {whole // c}" for c in sorted(set(possible)))
        return Rat(f"({value.n} * CASE {count} {per} END)", value.s * whole, value.b)

    def rounded(self, layout: Layout, value: Rat, function: str, places: int, mode: str
                ) -> Rat:
        """round/floor/ceil to `places` decimals, exactly (zona.model.expr.rounded): with
        y = value x 10**places = N / D (D > 0), f = floor(N / D) and r = N - f x D: floor f,
        ceil f + (r > 0), round f or f + 1 by comparing 2r with D, at 2r = D by the mode."""
        scale = 10 ** abs(places)
        n = layout.column("r", value.n if places <= 0 else f"({value.n} * {self.lit(scale)})")
        s = value.s * (scale if places < 0 else 1)
        d = layout.column("q", self.lit(s) if value.b is None
                          else f"({self.lit(s)} * {value.b})")
        f = layout.column("k", self.dialect.floor_div(n, d))
        rest = f"({n} - {f} * {d})"
        if function == "floor":
            whole = f
        elif function == "ceil":
            whole = f"CASE WHEN {rest} > 0 THEN {f} + 1 ELSE {f} END"
        else:
            half = {"half_up": f"CASE WHEN {n} > 0 THEN {f} + 1 ELSE {f} END",
                    "half_down": f"CASE WHEN {n} > 0 THEN {f} ELSE {f} + 1 END",
                    "half_even": f"CASE WHEN {f} % 2 = 0 THEN {f} ELSE {f} + 1 END"}[mode]
            whole = (f"CASE WHEN 2 * {rest} > {d} THEN {f} + 1 WHEN 2 * {rest} < {d} "
                     f"THEN {f} ELSE {half} END")
        k = layout.column("k", f"CAST({whole} AS {self.dialect.integer})")
        if places >= 0:
            return Rat(k, scale)
        return Rat(f"({k} * {self.lit(scale)})", 1)

    def pick(self, test: str, then: Rat, otherwise: Rat) -> Rat:
        """`then` where the BOOLEAN `test` holds, else `otherwise`."""
        s = lcm(then.s, otherwise.s)
        b = None if then.b is None and otherwise.b is None else \
            f"CASE WHEN {test} THEN {self.b(then)} ELSE {self.b(otherwise)} END"
        return Rat(f"CASE WHEN {test} THEN {self.scaled(then, s)} ELSE "
                   f"{self.scaled(otherwise, s)} END", s, b)


__all__ = ["OPS", "Exact", "Rat", "const", "const_sql", "lcm"]
